package staff

import (
	"net/url"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

// These read the shipment form without a database: the parse is a pure function of the
// order, the shipment it starts from and the posted values.

func formOrder() (*order.CustomerOrder, *order.Shipment) {
	o := &order.CustomerOrder{}
	o.ID = "O1"
	o.Items = []order.LineItem{{ID: "L1", Quantity: 3}, {ID: "L2", Quantity: 1}}
	base := &order.Shipment{}
	base.ID = "S1"
	base.Items = []order.ShipmentItem{{ID: "SI1", LineItemID: "L1", Quantity: 1}}
	base.Packages = []order.ShipmentPackage{{ID: "PK1", BarCode: "old"}}
	return o, base
}

func TestParseShipmentFormItemsAndPackages(t *testing.T) {
	o, base := formOrder()
	sh, errs := parseShipmentForm(o, base, url.Values{
		"packages": {"2"}, "p1.barCode": {" BOX-1 "}, "p1.weight": {"1.5"}, "p2.barCode": {"BOX-2"},
		"weightUnit": {"kg"},
		"qty.L1":     {"2"}, "pkg.L1": {"1"},
		"qty.L2": {"1"}, "pkg.L2": {"2"},
	}, false, true)
	if len(errs) > 0 {
		t.Fatalf("errors %v", errs)
	}
	if len(sh.Packages) != 2 || sh.Packages[0].ID != "PK1" || sh.Packages[0].BarCode != "BOX-1" || sh.Packages[1].BarCode != "BOX-2" {
		t.Fatalf("packages %+v: want the first to keep its id, both with their barcodes", sh.Packages)
	}
	if w := sh.Packages[0].Weight; !w.Valid || !w.Decimal.Equal(decimal.RequireFromString("1.5")) || sh.Packages[0].WeightUnit != "kg" {
		t.Errorf("weight %v %s, want 1.5 kg", w, sh.Packages[0].WeightUnit)
	}
	if sh.Packages[1].Weight.Valid {
		t.Error("a blank weight is no weight, not zero")
	}
	if len(sh.Items) != 2 {
		t.Fatalf("items %+v", sh.Items)
	}
	if it := sh.Items[0]; it.ID != "SI1" || it.Quantity != 2 || it.ShipmentPackageID != "PK1" {
		t.Errorf("first item %+v: want its id kept, 2 units in package PK1", it)
	}
	if it := sh.Items[1]; it.ID == "" || it.LineItemID != "L2" || it.ShipmentPackageID != sh.Packages[1].ID || it.OrderID != "O1" || it.ShipmentID != "S1" {
		t.Errorf("new item %+v: want a new id on line L2 in the second package", it)
	}
}

func TestParseShipmentFormMessages(t *testing.T) {
	o, base := formOrder()
	for _, c := range []struct {
		name  string
		form  url.Values
		input string
	}{
		{"a quantity that is not a number", url.Values{"qty.L1": {"two"}}, "qty.L1"},
		{"a package row not filled in", url.Values{"qty.L1": {"1"}, "pkg.L1": {"3"}}, "pkg.L1"},
		{"a weight that is not a number", url.Values{"packages": {"1"}, "p1.weight": {"heavy"}}, "p1.weight"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errs := parseShipmentForm(o, base, c.form, false, true)
			if errs[c.input] == "" || len(errs) != 1 {
				t.Errorf("errors %v, want one at %s", errs, c.input)
			}
		})
	}
}

func TestParseShipmentFormLeavesOutBlankRowsAndKeepsUnsentLines(t *testing.T) {
	o, base := formOrder()
	sh, errs := parseShipmentForm(o, base, url.Values{"packages": {"3"}, "qty.L2": {"0"}}, false, true)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	// Row 1 is the existing package (kept, even blank); rows 2 and 3 are new and blank.
	if len(sh.Packages) != 1 || sh.Packages[0].ID != "PK1" {
		t.Errorf("packages %+v: want only the existing one", sh.Packages)
	}
	// L1 was not in the form (as a cancelled line is not): its item stays as it was; L2 at 0 is left out.
	if len(sh.Items) != 1 || sh.Items[0].ID != "SI1" || sh.Items[0].Quantity != 1 {
		t.Errorf("items %+v: want SI1 as it was", sh.Items)
	}
}

func TestParseNewShipmentFields(t *testing.T) {
	o, base := formOrder()
	form := url.Values{"trackingNumber": {" TRK-9 "}, "shipmentMethodCode": {"UPS"}, "deliveryDate": {"2026-12-24"},
		"price": {"4.90"}, "taxPercentRate": {"20"}, "comment": {"ring\r\ntwice"}, "addr.city": {"Paris"}}
	sh, errs := parseShipmentForm(o, base, form, true, true)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if sh.TrackingNumber != "TRK-9" || sh.ShipmentMethodCode != "UPS" || sh.DeliveryDate == nil || sh.DeliveryDate.Day() != 24 {
		t.Errorf("fields: tracking %q method %q date %v", sh.TrackingNumber, sh.ShipmentMethodCode, sh.DeliveryDate)
	}
	if !sh.Price.Equal(decimal.RequireFromString("4.90")) || !sh.TaxPercentRate.Equal(decimal.RequireFromString("0.2")) {
		t.Errorf("price %s rate %s, want 4.90 and 0.2", sh.Price, sh.TaxPercentRate)
	}
	if sh.Comment != "ring\ntwice" || sh.DeliveryAddress == nil || sh.DeliveryAddress.City != "Paris" || sh.DeliveryAddress.ID == "" {
		t.Errorf("comment %q address %+v", sh.Comment, sh.DeliveryAddress)
	}
	// Someone who may not see prices cannot set them, whatever the form says.
	sh, _ = parseShipmentForm(o, base, form, true, false)
	if !sh.Price.IsZero() {
		t.Errorf("price %s set without the right to see prices", sh.Price)
	}
	// On an existing shipment the form is items and packages only.
	sh, _ = parseShipmentForm(o, base, form, false, true)
	if sh.TrackingNumber != "" || sh.DeliveryAddress != nil {
		t.Errorf("an items form set tracking %q, address %v", sh.TrackingNumber, sh.DeliveryAddress)
	}
}
