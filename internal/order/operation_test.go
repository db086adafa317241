package order

import (
	"errors"
	"testing"
)

func TestNewID(t *testing.T) {
	prev := ""
	for range 1000 {
		id := NewID()
		if len(id) != 26 {
			t.Fatalf("len(%q) = %d", id, len(id))
		}
		if id <= prev {
			t.Fatalf("ids not increasing: %s after %s", id, prev)
		}
		prev = id
	}
}

func TestOperationsOrderAndNumbers(t *testing.T) {
	o := &CustomerOrder{
		Shipments: []Shipment{{}, {Operation: Operation{Number: "SH-KEEP"}}},
		InPayments: []PaymentIn{{
			Captures: []Capture{{}},
			Refunds:  []Refund{{}},
		}},
	}
	var types []DocumentType
	for _, r := range o.Operations() {
		types = append(types, r.Type)
	}
	want := []DocumentType{TypeCustomerOrder, TypeShipment, TypeShipment, TypePaymentIn, TypeCapture, TypeRefund}
	if len(types) != len(want) {
		t.Fatalf("types = %v", types)
	}
	for i := range want {
		if types[i] != want[i] {
			t.Fatalf("types = %v, want %v", types, want)
		}
	}

	n := 0
	err := o.AssignNumbers(func(dt DocumentType) (string, error) {
		n++
		return string(dt) + "-" + string(rune('0'+n)), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if o.Number != "CustomerOrder-1" || o.Shipments[0].Number != "Shipment-2" || o.Shipments[1].Number != "SH-KEEP" ||
		o.InPayments[0].Number != "PaymentIn-3" || o.InPayments[0].Captures[0].Number != "Capture-4" ||
		o.InPayments[0].Refunds[0].Number != "Refund-5" {
		t.Errorf("numbers: %+v", o.Operations())
	}
	boom := errors.New("counter down")
	fresh := &CustomerOrder{}
	if err := fresh.AssignNumbers(func(DocumentType) (string, error) { return "", boom }); !errors.Is(err, boom) {
		t.Errorf("err = %v", err)
	}
}

func TestEnsureIDs(t *testing.T) {
	o := fullOrder()
	o.ID = ""
	o.Items[0].ID = ""
	o.InPayments[0].Refunds[0].Items[0].ID = ""
	o.EnsureIDs()
	if len(o.ID) != 26 {
		t.Fatalf("order id %q", o.ID)
	}
	oid := o.ID
	li := o.Items[0]
	s := o.Shipments[0]
	p := o.InPayments[0]
	checks := []struct {
		name, got, want string
	}{
		{"line", li.OrderID, oid},
		{"config item", li.ConfigurationItems[0].OrderID, oid},
		{"config item line", li.ConfigurationItems[0].LineItemID, li.ID},
		{"config file", li.ConfigurationItems[0].Files[0].ConfigurationItemID, li.ConfigurationItems[0].ID},
		{"line discount", li.Discounts[0].OrderID, oid},
		{"line prop", li.DynamicProperties[0].OrderID, oid},
		{"order address", o.Addresses[0].OrderID, oid},
		{"order tax detail", o.TaxDetails[0].OrderID, oid},
		{"shipment", s.OrderID, oid},
		{"shipment item", s.Items[0].ShipmentID, s.ID},
		{"shipment item order", s.Items[0].OrderID, oid},
		{"package", s.Packages[0].ShipmentID, s.ID},
		{"delivery address", s.DeliveryAddress.OrderID, oid},
		{"payment", p.OrderID, oid},
		{"billing address", p.BillingAddress.OrderID, oid},
		{"transaction", p.Transactions[0].PaymentID, p.ID},
		{"capture", p.Captures[0].PaymentID, p.ID},
		{"capture item", p.Captures[0].Items[0].CaptureID, p.Captures[0].ID},
		{"refund", p.Refunds[0].OrderID, oid},
		{"refund item", p.Refunds[0].Items[0].RefundID, p.Refunds[0].ID},
		{"refund item order", p.Refunds[0].Items[0].OrderID, oid},
		{"kept id", s.ID, "s"},
	}
	for _, c := range checks {
		if c.got != c.want || c.got == "" {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	if len(li.ID) != 26 || len(p.Refunds[0].Items[0].ID) != 26 || p.Captures[0].Items[0].ID == "" {
		t.Error("missing ids were not filled")
	}
}

func TestLookupsAndTemplates(t *testing.T) {
	o := validOrder()
	if o.LineItem("l2") == nil || o.LineItem("zz") != nil || o.Shipment("s1") == nil || o.Payment("p1") == nil {
		t.Error("lookups")
	}
	if ps := o.ShipmentPayments("s1"); len(ps) != 1 || ps[0].ID != "p1" {
		t.Errorf("ShipmentPayments = %v", ps)
	}
	o.Shipments[0].Packages = []ShipmentPackage{{ID: "pk"}}
	o.Shipments[0].Items[0].ShipmentPackageID = "pk"
	if len(o.Shipments[0].PackageItems("pk")) != 1 || len(o.Shipments[0].PackageItems("")) != 0 {
		t.Error("PackageItems")
	}
	rules := DefaultStatusRules()
	s := NewShipment(o, rules)
	p := NewPayment(o, rules)
	if s.Status != "New" || s.Currency != "USD" || s.OrderID != "o1" || len(s.ID) != 26 {
		t.Errorf("NewShipment = %+v", s)
	}
	if p.Status != "New" || p.CustomerID != "c1" || p.CustomerName != "Ada Lovelace" || p.OrderID != "o1" {
		t.Errorf("NewPayment = %+v", p)
	}
	pay := &PaymentIn{Operation: Operation{Number: "PI1"},
		Captures: []Capture{{TransactionID: "PI1-001"}}, Refunds: []Refund{{TransactionID: "PI1-004"}, {TransactionID: "other-9"}}}
	if got := NextTransactionID(pay); got != "PI1-005" {
		t.Errorf("NextTransactionID = %q", got)
	}
	if got := NextTransactionID(&PaymentIn{Operation: Operation{Number: "PI2"}}); got != "PI2-001" {
		t.Errorf("NextTransactionID = %q", got)
	}
}

func TestCapturedAndRefundedAmounts(t *testing.T) {
	p := &PaymentIn{
		Captures: []Capture{
			{Operation: Operation{Status: "Processed"}, Amount: d("10")},
			{Operation: Operation{Status: "Pending"}, Amount: d("5")},
			{Operation: Operation{Status: "Processed", IsCancelled: true}, Amount: d("7")},
		},
		Refunds: []Refund{
			{Operation: Operation{Status: "Processed"}, Amount: d("3")},
			{Operation: Operation{Status: "Rejected"}, Amount: d("4")},
		},
	}
	checkMoney(t, []money{
		{"CapturedAmount", p.CapturedAmount(), "10"},
		{"RefundedAmount", p.RefundedAmount(), "3"},
	})
}

func TestAddressType(t *testing.T) {
	tests := []struct {
		t    AddressType
		text string
	}{
		{AddressUndefined, "Undefined"},
		{AddressBilling, "Billing"},
		{AddressShipping, "Shipping"},
		{AddressBillingAndShipping, "BillingAndShipping"},
		{AddressPickup, "Pickup"},
		{AddressBilling | AddressPickup, "Billing, Pickup"},
		{AddressBillingAndShipping | AddressPickup, "BillingAndShipping, Pickup"},
	}
	for _, tt := range tests {
		if got := tt.t.String(); got != tt.text {
			t.Errorf("String(%d) = %q, want %q", tt.t, got, tt.text)
		}
		if got := ParseAddressType(tt.text); got != tt.t {
			t.Errorf("Parse(%q) = %v", tt.text, got)
		}
	}
	if ParseAddressType("shipping") != AddressShipping || ParseAddressType("2") != AddressShipping {
		t.Error("case-insensitive / numeric parse")
	}
	if ParseAddressType("Home") != AddressBillingAndShipping {
		t.Error("unparseable must become BillingAndShipping")
	}
	var at AddressType
	if err := at.UnmarshalText([]byte("Pickup")); err != nil || at != AddressPickup {
		t.Error("UnmarshalText")
	}
	if !AddressBillingAndShipping.Has(AddressBilling) || AddressBilling.Has(AddressShipping) {
		t.Error("Has")
	}
	a := Address{ID: "1", Name: "Home", City: "Bern", CountryName: "Switzerland"}
	b := a
	b.ID = "2"
	if !a.SameValue(b) || a.String() != "Home, Bern, Switzerland" {
		t.Errorf("SameValue/String: %q", a.String())
	}
}

func TestDynamicValues(t *testing.T) {
	tests := []struct {
		typ  DynamicValueType
		in   string
		want string
	}{
		{ValueShortText, " hi ", "hi"},
		{ValueLongText, "long", "long"},
		{ValueHTML, "<b>x</b>", "<b>x</b>"},
		{ValueInteger, "42", "42"},
		{ValueDecimal, "1.50", "1.5"},
		{ValueBoolean, "true", "true"},
		{ValueDateTime, "2025-11-23", "2025-11-23T00:00:00Z"},
		{ValueDateTime, "2025-11-23T10:00:00+02:00", "2025-11-23T08:00:00Z"},
	}
	for _, tt := range tests {
		v, err := ParseDynamicValue(tt.typ, tt.in)
		if err != nil {
			t.Errorf("%s %q: %v", tt.typ, tt.in, err)
			continue
		}
		if got := v.Text(tt.typ); got != tt.want {
			t.Errorf("%s %q: Text = %q, want %q", tt.typ, tt.in, got, tt.want)
		}
	}
	for _, bad := range []struct {
		typ DynamicValueType
		in  string
	}{{ValueInteger, "4.2"}, {ValueDecimal, "abc"}, {ValueBoolean, "maybe"}, {ValueDateTime, "23/11/2025"}, {"Color", "red"}} {
		if _, err := ParseDynamicValue(bad.typ, bad.in); err == nil {
			t.Errorf("%s %q accepted", bad.typ, bad.in)
		}
	}
}
