package order

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// shipOrder is an order with three lines (A×5, B×2, C×1 cancelled), a shipping address and one
// shipment of A×2 plus a cancelled shipment of B×2.
func shipOrder() *CustomerOrder {
	o := &CustomerOrder{Operation: Operation{ID: "O1", Number: "CO1", Currency: "USD", Status: "New"},
		CustomerID: "C1", CustomerName: "Jane", StoreID: "S1"}
	o.CreatedDate = date(2026, 11, 20)
	o.Items = []LineItem{
		{ID: "A", Sku: "SKU-A", Quantity: 5},
		{ID: "B", Sku: "SKU-B", Quantity: 2},
		{ID: "C", Sku: "SKU-C", Quantity: 1, IsCancelled: true},
	}
	o.Addresses = []Address{
		{ID: "bill", AddressType: AddressBilling, City: "Elsewhere", CountryName: "US"},
		{ID: "ship", AddressType: AddressShipping, FirstName: "Jane", LastName: "Doe", Line1: "1 Main St", PostalCode: "10001", City: "New York", CountryCode: "US", CountryName: "United States"},
	}
	o.Shipments = []Shipment{
		{Operation: Operation{ID: "S1", Number: "SH1", Status: "New"}, Items: []ShipmentItem{{ID: "i1", LineItemID: "A", Quantity: 2}}},
		{Operation: Operation{ID: "S2", Number: "SH2", Status: "Cancelled", IsCancelled: true}, Items: []ShipmentItem{{ID: "i2", LineItemID: "B", Quantity: 2}}},
	}
	return o
}

func TestShippingCountsNonCancelledShipmentsOnly(t *testing.T) {
	got := Shipping(shipOrder())
	want := map[string]LineShipping{
		"A": {Ordered: 5, Shipped: 2, Remaining: 3, Waiting: 1}, // its shipment is not sent yet
		"B": {Ordered: 2, Shipped: 0, Remaining: 2},             // its shipment is cancelled
		"C": {Ordered: 1, Shipped: 0, Remaining: 0},             // the line is cancelled
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("line %s: got %+v, want %+v", id, got[id], w)
		}
	}
	if FullyShipped(shipOrder()) {
		t.Error("FullyShipped with units left")
	}
	o := shipOrder()
	o.Shipments[0].Items[0].Quantity = 5
	o.Shipments[0].Items = append(o.Shipments[0].Items, ShipmentItem{ID: "i3", LineItemID: "B", Quantity: 2})
	if !FullyShipped(o) {
		t.Errorf("FullyShipped = false with everything shipped: %+v", Shipping(o))
	}
	if n := ShippedByLine(o, "S1")["A"]; n != 0 {
		t.Errorf("ShippedByLine except S1 = %d, want 0", n)
	}
}

// TestShippingTellsSentFromWaiting: units in a shipment count as sent only once the shipment
// was sent; the others wait, in as many shipments as hold them.
func TestShippingTellsSentFromWaiting(t *testing.T) {
	o := shipOrder()
	o.Shipments = append(o.Shipments,
		Shipment{Operation: Operation{ID: "S3", Status: ShipmentSent}, Items: []ShipmentItem{{ID: "i3", LineItemID: "A", Quantity: 1}, {ID: "i4", LineItemID: "B", Quantity: 2}}},
		Shipment{Operation: Operation{ID: "S4", Status: ShipmentPickPack}, Items: []ShipmentItem{{ID: "i5", LineItemID: "A", Quantity: 1}}},
		Shipment{Operation: Operation{ID: "S5", Status: "Send"}, Items: []ShipmentItem{{ID: "i6", LineItemID: "A", Quantity: 1}}}, // Virto's spelling
	)
	got := Shipping(o)
	want := map[string]LineShipping{
		"A": {Ordered: 5, Shipped: 5, Remaining: 0, Sent: 2, Waiting: 2},
		"B": {Ordered: 2, Shipped: 2, Remaining: 0, Sent: 2, Waiting: 0},
		"C": {Ordered: 1},
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("line %s: got %+v, want %+v", id, got[id], w)
		}
	}
}

func TestDraftShipmentIsPrefilledWithWhatIsLeftAndTheShippingAddress(t *testing.T) {
	o := shipOrder()
	s := DraftShipment(o, DefaultStatusRules())
	if s.Status != ShipmentNew || s.Currency != "USD" || s.OrderID != "O1" || s.ID == "" {
		t.Fatalf("draft header: %+v", s.Operation)
	}
	var got []string
	for _, it := range s.Items {
		got = append(got, it.LineItemID+"×"+strconv.Itoa(it.Quantity))
	}
	if strings.Join(got, ",") != "A×3,B×2" {
		t.Errorf("items = %v, want A×3,B×2", got)
	}
	a := s.DeliveryAddress
	if a == nil || a.City != "New York" || a.ID == "ship" || a.ID == "" || a.AddressType != AddressShipping {
		t.Fatalf("delivery address = %+v", a)
	}
	a.City = "Boston"
	if o.Addresses[1].City != "New York" {
		t.Error("editing the draft's address changed the order's")
	}
	o.Addresses = o.Addresses[:1]
	if DraftShipment(o, DefaultStatusRules()).DeliveryAddress != nil {
		t.Error("an order without a shipping address gave a delivery address")
	}
}

func TestValidateShipmentBounds(t *testing.T) {
	day := func(y int, m time.Month, d int) *time.Time { t := date(y, m, d); return &t }
	pkg := func(id, bc string) ShipmentPackage { return ShipmentPackage{ID: id, BarCode: bc} }
	cases := []struct {
		name  string
		edit  func(s *Shipment)
		field string // "" = valid
		msg   string
	}{
		{"what is left", func(s *Shipment) {
			s.Items = []ShipmentItem{{LineItemID: "A", Quantity: 3}, {LineItemID: "B", Quantity: 2}}
		}, "", ""},
		{"one more than left", func(s *Shipment) { s.Items = []ShipmentItem{{LineItemID: "A", Quantity: 4}} }, "items[0].quantity", "at most 3 of line SKU-A"},
		{"split over two items beyond left", func(s *Shipment) {
			s.Items = []ShipmentItem{{LineItemID: "A", Quantity: 2}, {LineItemID: "A", Quantity: 2}}
		}, "items[1].quantity", "at most 3"},
		{"nothing", func(s *Shipment) { s.Items = nil }, "items", "at least one unit"},
		{"zero units", func(s *Shipment) { s.Items = []ShipmentItem{{LineItemID: "A", Quantity: 0}} }, "items[0].quantity", "at least 1"},
		{"negative units", func(s *Shipment) { s.Items = []ShipmentItem{{LineItemID: "A", Quantity: -1}} }, "items[0].quantity", "at least 1"},
		{"unknown line", func(s *Shipment) { s.Items = []ShipmentItem{{LineItemID: "Z", Quantity: 1}} }, "items[0].lineItemId", "not a line"},
		{"cancelled line", func(s *Shipment) { s.Items = []ShipmentItem{{LineItemID: "C", Quantity: 1}} }, "items[0].quantity", "cancelled"},
		{"tracking URL not web", func(s *Shipment) { s.TrackingURL = "javascript:alert(1)" }, "trackingUrl", "https://"},
		{"tracking URL without host", func(s *Shipment) { s.TrackingURL = "https://" }, "trackingUrl", "https://"},
		{"tracking URL too long", func(s *Shipment) { s.TrackingURL = "https://x.example/" + strings.Repeat("a", 2048) }, "trackingUrl", "at most 2048"},
		{"tracking URL fine", func(s *Shipment) { s.TrackingURL = "https://track.example/1Z999" }, "", ""},
		{"delivery before the order", func(s *Shipment) { s.DeliveryDate = day(2026, 11, 19) }, "deliveryDate", "before the order"},
		{"delivery on the order's day", func(s *Shipment) { s.DeliveryDate = day(2026, 11, 20) }, "", ""},
		{"package holding the item", func(s *Shipment) {
			s.Packages = []ShipmentPackage{pkg("P1", "BC1")}
			s.Items[0].ShipmentPackageID = "P1"
		}, "", ""},
		{"empty package", func(s *Shipment) { s.Packages = []ShipmentPackage{pkg("P1", "")} }, "packages[0]", "holds no items"},
		{"item in a package of another shipment", func(s *Shipment) { s.Items[0].ShipmentPackageID = "P9" }, "items[0].shipmentPackageId", "not a package"},
		{"duplicate barcode", func(s *Shipment) {
			s.Packages = []ShipmentPackage{pkg("P1", "BC1"), pkg("P2", "bc1")}
			s.Items = []ShipmentItem{{LineItemID: "A", Quantity: 1, ShipmentPackageID: "P1"}, {LineItemID: "B", Quantity: 1, ShipmentPackageID: "P2"}}
		}, "packages[1].barCode", "package 1 too"},
		{"too many packages", func(s *Shipment) {
			for i := range MaxShipmentPackages + 1 {
				id := "P" + strings.Repeat("x", i)
				s.Packages = append(s.Packages, ShipmentPackage{ID: id})
				s.Items = append(s.Items, ShipmentItem{LineItemID: "B", Quantity: 0, ShipmentPackageID: id})
			}
			s.Items[0].Quantity = 1
		}, "packages", "at most 50"},
		{"cancelled shipment is not bounded", func(s *Shipment) {
			s.IsCancelled = true
			s.Items = []ShipmentItem{{LineItemID: "A", Quantity: 99}}
		}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := shipOrder()
			s := DraftShipment(o, DefaultStatusRules())
			c.edit(&s)
			fe := ValidateShipment(o, &s)
			if c.field == "" {
				if len(fe) > 0 {
					t.Fatalf("want valid, got %v", fe)
				}
				return
			}
			if !strings.Contains(fe[c.field], c.msg) {
				t.Fatalf("%s = %q, want it to say %q (all: %v)", c.field, fe[c.field], c.msg, fe)
			}
		})
	}
}

func TestValidateShipmentCountsAnEditedShipmentOnce(t *testing.T) {
	o := shipOrder()
	s := o.Shipments[0] // A×2 already stored; raising it to 5 uses exactly what is ordered
	s.Items = []ShipmentItem{{ID: "i1", LineItemID: "A", Quantity: 5}}
	if fe := ValidateShipment(o, &s); len(fe) > 0 {
		t.Fatalf("editing the stored shipment up to the ordered quantity: %v", fe)
	}
	s.Items[0].Quantity = 6
	if fe := ValidateShipment(o, &s); !strings.Contains(fe["items[0].quantity"], "at most 5") {
		t.Fatalf("6 of 5: %v", fe)
	}
}

func TestAddressKeyFoldsCaseAndSpacesButNotTheStreet(t *testing.T) {
	a := Address{FirstName: "Jane", LastName: "Doe", Line1: "1 Main St", PostalCode: "10001", City: "New York", CountryCode: "US"}
	b := a
	b.Line1, b.City, b.Phone, b.Email = "  1  MAIN st ", "new york", "555", "x@y"
	if AddressKey(&a) != AddressKey(&b) {
		t.Error("case, spacing, phone or e-mail changed the key")
	}
	c := a
	c.Line1 = "2 Main St"
	if AddressKey(&a) == AddressKey(&c) {
		t.Error("another street gave the same key")
	}
	if AddressKey(nil) != "" {
		t.Error("nil address has a key")
	}
}

func TestConsignable(t *testing.T) {
	second := func(edit func(o *CustomerOrder)) []*CustomerOrder {
		a := shipOrder()
		b := shipOrder()
		b.ID, b.Number = "O2", "CO2"
		b.Addresses[1].ID = "ship2"
		edit(b)
		return []*CustomerOrder{a, b}
	}
	cases := []struct {
		name   string
		orders []*CustomerOrder
		want   string // "" = allowed
	}{
		{"same customer and address", second(func(*CustomerOrder) {}), ""},
		{"one order", []*CustomerOrder{shipOrder()}, "at least two"},
		{"same order twice", []*CustomerOrder{shipOrder(), shipOrder()}, "chosen once: CO1"},
		{"another customer", second(func(o *CustomerOrder) { o.CustomerID, o.CustomerName = "C2", "Max" }), "CO2 (Max)"},
		{"another store", second(func(o *CustomerOrder) { o.StoreID = "S2" }), "one store"},
		{"another street", second(func(o *CustomerOrder) { o.Addresses[1].Line1 = "9 Side St" }), "CO2 goes elsewhere than CO1"},
		{"no shipping address", second(func(o *CustomerOrder) { o.Addresses = o.Addresses[:1] }), "no shipping address: CO2"},
		{"cancelled order", second(func(o *CustomerOrder) { o.IsCancelled, o.Status = true, "Cancelled" }), "CO2 (cancelled)"},
		{"nothing left", second(func(o *CustomerOrder) {
			o.Shipments[0].Items = []ShipmentItem{{LineItemID: "A", Quantity: 5}, {LineItemID: "B", Quantity: 2}}
		}), "nothing left to ship: CO2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Consignable(c.orders)
			if c.want == "" {
				if err != nil {
					t.Fatalf("want allowed, got %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want it to say %q", err, c.want)
			}
		})
	}
}

func TestConsignmentPartCarriesTheSharedFieldsAndThisOrdersShare(t *testing.T) {
	o := shipOrder()
	tmpl := &Shipment{ShipmentMethodCode: "UPS", ShipmentMethodOption: "Ground", TrackingNumber: "1Z9", FulfillmentCenterName: "Main",
		Items: []ShipmentItem{{LineItemID: "ignored", Quantity: 9}}}
	s := ConsignmentPart(o, DefaultStatusRules(), "K1", tmpl, map[string]int{"B": 1, "A": 3, "C": 0})
	if s.ConsignmentID != "K1" || s.ShipmentMethodCode != "UPS" || s.TrackingNumber != "1Z9" || s.FulfillmentCenterName != "Main" || s.OrderID != "O1" {
		t.Fatalf("part = %+v", s)
	}
	if len(s.Items) != 2 || s.Items[0].LineItemID != "A" || s.Items[0].Quantity != 3 || s.Items[1].LineItemID != "B" {
		t.Fatalf("items = %+v", s.Items)
	}
	if s.DeliveryAddress == nil || s.DeliveryAddress.City != "New York" {
		t.Fatalf("address = %+v", s.DeliveryAddress)
	}
	o.Shipments = append(o.Shipments, s)
	if got := ConsignmentParts(o, "K1"); len(got) != 1 || got[0].ID != s.ID {
		t.Fatalf("parts = %v", got)
	}
	if got := ConsignmentParts(o, ""); len(got) != 0 {
		t.Fatalf("parts of no consignment = %v", got)
	}
}
