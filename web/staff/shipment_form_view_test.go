package staff

import (
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
	"orderdesk/templates/orderpage"
)

// The lines-and-packages form of a shipment, built without a database.

// shipOrder: lines A (5 units) and B (2, cancelled); SH-1 takes 2 of A in its first package
// (of two, weighed in lb); SH-2 takes 1 of A; SH-3, cancelled, took 4 of A.
func shipOrder() *order.CustomerOrder {
	w := decimal.NullDecimal{Decimal: dec("1.5"), Valid: true}
	return &order.CustomerOrder{
		Operation: order.Operation{ID: "o1", Currency: "EUR"}, Version: 7,
		Items: []order.LineItem{{ID: "A", Sku: "SKU-A", Name: "Anvil", Quantity: 5},
			{ID: "B", Sku: "SKU-B", Name: "Bolt", Quantity: 2, IsCancelled: true}},
		Shipments: []order.Shipment{
			{Operation: order.Operation{ID: "s1", Number: "SH-1", Status: order.ShipmentNew},
				Packages: []order.ShipmentPackage{{ID: "k1", BarCode: "BC-1", PackageType: "box", WeightUnit: "lb", Weight: w},
					{ID: "k2", BarCode: "BC-2"}},
				Items: []order.ShipmentItem{{ID: "i1", LineItemID: "A", Quantity: 2, ShipmentPackageID: "k1"}}},
			{Operation: order.Operation{ID: "s2", Number: "SH-2", Status: order.ShipmentNew},
				Items: []order.ShipmentItem{{ID: "i2", LineItemID: "A", Quantity: 1}}},
			{Operation: order.Operation{ID: "s3", Number: "SH-3", Status: order.ShipmentNew, IsCancelled: true},
				Items: []order.ShipmentItem{{ID: "i3", LineItemID: "A", Quantity: 4}}},
		},
	}
}

func inputNamed(ins []orderpage.Input, name string) (orderpage.Input, bool) {
	for _, in := range ins {
		if in.Name == name {
			return in, true
		}
	}
	return orderpage.Input{}, false
}

// TestShipmentFormViewExisting: an existing shipment's form shows its packages, units and
// lines as stored, what the other live shipments leave, and no new-shipment fields.
func TestShipmentFormViewExisting(t *testing.T) {
	o := shipOrder()
	sh := &o.Shipments[0]
	f := shipmentFormView(o, sh, shipmentItemsForm(o, sh.ID), nil, false, true)
	if f.Orig != itemsFingerprint(sh) || f.Orig == "" || f.Version != o.Version || f.Open {
		t.Errorf("orig %q, version %d, open %v", f.Orig, f.Version, f.Open)
	}
	if len(f.Packages) != len(sh.Packages) {
		t.Fatalf("%d package rows, want %d", len(f.Packages), len(sh.Packages))
	}
	for i, p := range sh.Packages {
		row := f.Packages[i]
		if bc, _ := inputNamed(row.Inputs, "p"+row.N+".barCode"); row.N != strconv.Itoa(i+1) || bc.Value != p.BarCode {
			t.Errorf("package row %d: N %q, barcode %q, want %q", i, row.N, bc.Value, p.BarCode)
		}
		if wt, _ := inputNamed(row.Inputs, "p"+row.N+".weight"); wt.Value != nullText(p.Weight) || wt.Kind != "number" {
			t.Errorf("package row %d: weight %q (%s), want %q as a number", i, wt.Value, wt.Kind, nullText(p.Weight))
		}
	}
	if wu, _ := inputNamed(f.Units, "weightUnit"); wu.Value != "lb" {
		t.Errorf("weight unit %q, want the first package's lb", wu.Value)
	}
	if mu, _ := inputNamed(f.Units, "measureUnit"); mu.Value != "cm" {
		t.Errorf("measure unit %q, want cm when the package names none", mu.Value)
	}
	others := order.ShippedByLine(o, sh.ID)
	for i, li := range o.Items {
		l := f.Lines[i]
		if l.LineID != li.ID || l.Ordered != li.Quantity || l.Cancelled != li.IsCancelled || l.Left != max(0, li.Quantity-others[li.ID]) {
			t.Errorf("line %s = %+v", li.ID, l)
		}
	}
	if a := f.Lines[0]; a.Left != 4 || a.Qty != "2" || a.Package != "1" {
		t.Errorf("line A: left %d, qty %q, package %q; want 4 (SH-3 is cancelled), 2, package 1", a.Left, a.Qty, a.Package)
	}
	if b := f.Lines[1]; b.Qty != "0" || b.Package != "" {
		t.Errorf("line B: qty %q, package %q; want 0, none", b.Qty, b.Package)
	}
	if f.Fields != nil || f.Address != nil {
		t.Errorf("an existing shipment's items form has %d fields and %d address fields", len(f.Fields), len(f.Address))
	}
}

// TestShipmentFormViewState: what the user typed comes back over the stored values, with its
// messages, as many package rows as asked for (within bounds).
func TestShipmentFormViewState(t *testing.T) {
	for _, tc := range []struct {
		packages string
		want     int
	}{
		{"", 2}, {"3", 3}, {"0", 0}, {"-1", 2}, {"many", 2}, {strconv.Itoa(order.MaxShipmentPackages + 5), order.MaxShipmentPackages},
	} {
		o := shipOrder()
		sh := &o.Shipments[0]
		st := &formState{key: "shipitems:s1", version: 6, raw: map[string]string{"qty.A": "9", "p1.barCode": "typed", "orig.items": "seen"},
			errs: map[string]string{"qty.A": "too many; ", "pkg.A": "no such package", "p2": "empty package"}, formErr: "check the lines"}
		if tc.packages != "" {
			st.raw["packages"] = tc.packages
		}
		f := shipmentFormView(o, sh, shipmentItemsForm(o, sh.ID), st, false, true)
		if len(f.Packages) != tc.want || (tc.want > 0) != (f.Units != nil) {
			t.Errorf("packages %q: %d rows (units %v), want %d", tc.packages, len(f.Packages), f.Units != nil, tc.want)
		}
		if !f.Open || f.Error != st.formErr || f.Version != st.version || f.Orig != "seen" {
			t.Errorf("open %v, error %q, version %d, orig %q", f.Open, f.Error, f.Version, f.Orig)
		}
		if a := f.Lines[0]; a.Qty != "9" || a.Error != "too many; no such package" {
			t.Errorf("line A: qty %q, error %q", a.Qty, a.Error)
		}
		if tc.want >= 2 {
			if bc, _ := inputNamed(f.Packages[0].Inputs, "p1.barCode"); bc.Value != "typed" {
				t.Errorf("package 1 barcode %q, want the typed one", bc.Value)
			}
			if f.Packages[1].Error != "empty package" {
				t.Errorf("package 2 message %q", f.Packages[1].Error)
			}
		}
		if tc.want == 3 {
			if bc, _ := inputNamed(f.Packages[2].Inputs, "p3.barCode"); bc.Value != "" {
				t.Errorf("a package row beyond the stored ones reads %q", bc.Value)
			}
		}
	}
}

// TestShipmentFormViewNew: a new shipment's form has its own fields, prices only for those who
// may see them (at zero), and the delivery address of the draft.
func TestShipmentFormViewNew(t *testing.T) {
	for _, showPrices := range []bool{false, true} {
		o := shipOrder()
		draft := order.Shipment{DeliveryAddress: &order.Address{City: "Lyon", Line1: "2 Quai"}}
		draft.Operation.ID = "draft"
		f := shipmentFormView(o, &draft, newShipmentForm(o), nil, true, showPrices)
		if f.Orig != "" || f.Packages != nil || f.Units != nil {
			t.Errorf("new: orig %q, %d packages, units %v", f.Orig, len(f.Packages), f.Units != nil)
		}
		for _, si := range shipPriceInputs {
			in, ok := inputNamed(f.Fields, si.name)
			if ok != showPrices {
				t.Errorf("prices %v: field %s offered %v", showPrices, si.name, ok)
			}
			if ok && si.kind == "money" && in.Value != order.CurrencyFor("EUR").Fixed(decimal.Zero) {
				t.Errorf("field %s starts at %q", si.name, in.Value)
			}
		}
		for _, si := range shipInputs {
			if _, ok := inputNamed(f.Fields, si.name); !ok {
				t.Errorf("field %s missing", si.name)
			}
		}
		if city, _ := inputNamed(f.Address, "addr.city"); city.Value != "Lyon" || len(f.Address) != len(shipAddressInputs) {
			t.Errorf("address: city %q, %d fields", city.Value, len(f.Address))
		}
		var names []string
		for _, in := range f.Fields {
			names = append(names, in.Name)
		}
		if last := names[len(names)-1]; last != "comment" {
			t.Errorf("fields end with %q, want comment: %s", last, strings.Join(names, ","))
		}
	}
}
