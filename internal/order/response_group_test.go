package order

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestParseResponseGroup(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want ResponseGroup
	}{
		{"", ResponseGroupFull},
		{"Full", ResponseGroupFull},
		{"Default", 0},
		{"WithItems", WithItems},
		{"withitems, WITHPRICES", WithItems | WithPrices},
		{"WithItems,Nonsense", WithItems},
		{"Nonsense", ResponseGroupFull}, // nothing named: Virto's default
		{"33", WithItems | WithPrices},  // Virto's flags as a number
		{"WithShipments,WithInPayments,WithRefunds,WithCaptures", WithShipments | WithInPayments | WithRefunds | WithCaptures},
	} {
		if got := ParseResponseGroup(tc.in); got != tc.want {
			t.Errorf("ParseResponseGroup(%q) = %b, want %b", tc.in, got, tc.want)
		}
	}
}

func TestForReadLeavesOutWhatTheGroupDoesNotName(t *testing.T) {
	o := fullOrder()
	full := ForRead(o, ResponseGroupFull)
	if len(full.Items) != 1 || len(full.Shipments) != 1 || len(full.InPayments) != 1 || len(full.Addresses) != 1 ||
		len(full.Discounts) != 1 || len(full.DynamicProperties) != 1 || len(full.OrderTotals) != 1 ||
		len(full.InPayments[0].Captures) != 1 || len(full.InPayments[0].Refunds) != 1 ||
		full.Shipments[0].DeliveryAddress == nil || full.InPayments[0].BillingAddress == nil {
		t.Fatalf("Full left something out: %+v", full)
	}

	bare := ForRead(o, 0)
	if bare.Items != nil || bare.Shipments != nil || bare.InPayments != nil || bare.Addresses != nil ||
		bare.Discounts != nil || bare.DynamicProperties != nil || bare.OrderTotals != nil {
		t.Errorf("Default kept a part: %+v", bare)
	}
	if bare.Number != o.Number || !bare.Total.Equal(o.Total) {
		t.Error("Default must keep the header")
	}

	// Each part on its own: the one named stays, its neighbours' details go.
	items := ForRead(o, WithItems)
	if len(items.Items) != 1 || items.Items[0].Discounts != nil || items.Items[0].DynamicProperties != nil || items.Shipments != nil {
		t.Errorf("WithItems: %+v", items.Items)
	}
	ships := ForRead(o, WithShipments)
	if s := ships.Shipments[0]; s.DeliveryAddress != nil || s.Discounts != nil || s.DynamicProperties != nil || s.InPayments != nil {
		t.Errorf("WithShipments kept address, discounts, properties or payments: %+v", s)
	}
	pays := ForRead(o, WithInPayments|WithCaptures)
	if p := pays.InPayments[0]; p.BillingAddress != nil || p.Discounts != nil || p.Refunds != nil || len(p.Captures) != 1 {
		t.Errorf("WithInPayments|WithCaptures: %+v", p)
	}
	if ForRead(o, WithOrderTotals).OrderTotals != nil {
		t.Error("order totals are money: without WithPrices they go too")
	}
	if len(o.Items[0].Discounts) != 1 || o.Shipments[0].DeliveryAddress == nil || len(o.InPayments[0].Refunds) != 1 {
		t.Error("ForRead changed the order it read")
	}
}

func TestForReadNestsLinesAndShipmentPayments(t *testing.T) {
	o := fullOrder()
	o.Items[0].Name = "Widget"
	for i := range o.Shipments {
		o.Shipments[i].InPayments = nil
	}
	o.InPayments[0].ShipmentID = o.Shipments[0].ID
	r := ForRead(o, ResponseGroupFull)
	s := r.Shipments[0]
	if s.Items[0].LineItem == nil || s.Items[0].LineItem.Name != "Widget" {
		t.Errorf("shipment item's lineItem: %+v", s.Items[0].LineItem)
	}
	if len(s.InPayments) != 1 || s.InPayments[0].ID != o.InPayments[0].ID {
		t.Errorf("shipment's inPayments: %+v", s.InPayments)
	}
	p := r.InPayments[0]
	if p.Captures[0].Items[0].LineItem.Name != "Widget" || p.Refunds[0].Items[0].LineItem.Name != "Widget" {
		t.Error("capture and refund items must carry their lines")
	}
	s.Items[0].LineItem.Name = "changed"
	if r.Items[0].Name != "Widget" || o.Items[0].Name != "Widget" {
		t.Error("a nested line must be a copy")
	}
	if ForRead(o, WithShipments).Shipments[0].InPayments != nil {
		t.Error("without WithInPayments a shipment has no payments")
	}
}

// A Virto client reads an order and sends it back: what is nested by reference folds back
// into one place each, and the order is the one it read.
func TestFoldNestedUndoesForRead(t *testing.T) {
	o := fullOrder()
	for i := range o.Shipments {
		o.Shipments[i].InPayments = nil
		for j := range o.Shipments[i].Items {
			o.Shipments[i].Items[j].LineItem = nil
		}
	}
	p := &o.InPayments[0]
	p.ShipmentID = o.Shipments[0].ID
	p.Captures[0].Items[0].LineItem, p.Refunds[0].Items[0].LineItem = nil, nil

	b, err := json.Marshal(ForRead(o, ResponseGroupFull))
	if err != nil {
		t.Fatal(err)
	}
	var back CustomerOrder
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	FoldNested(&back)
	want, _ := json.Marshal(o)
	got, _ := json.Marshal(&back)
	if string(want) != string(got) {
		t.Errorf("read and sent back, the order changed:\n%s\n%s", want, got)
	}
}

func TestFoldNestedTakesVirtosReferences(t *testing.T) {
	o := CustomerOrder{
		Items: []LineItem{{ID: "l1"}},
		Shipments: []Shipment{{
			Items:      []ShipmentItem{{Quantity: 1, LineItem: &LineItem{ID: "l1"}}},
			InPayments: []PaymentIn{{Operation: Operation{Number: "PI-1"}, Captures: []Capture{{Items: []CaptureItem{{LineItem: &LineItem{ID: "l1"}}}}}}},
		}},
	}
	FoldNested(&o)
	s := o.Shipments[0]
	if s.Items[0].LineItemID != "l1" || s.Items[0].LineItem != nil {
		t.Errorf("shipment item: %+v", s.Items[0])
	}
	if s.ID == "" || s.InPayments != nil || len(o.InPayments) != 1 || o.InPayments[0].ShipmentID != s.ID {
		t.Errorf("the nested payment must become the order's, for this shipment: %+v / %+v", s, o.InPayments)
	}
	if it := o.InPayments[0].Captures[0].Items[0]; it.LineItemID != "l1" || it.LineItem != nil {
		t.Errorf("capture item: %+v", it)
	}
	// A nested payment the order already lists is not added twice, and is tied to the
	// shipment when it names none (Virto's PaymentIn has no shipmentId).
	o.InPayments[0].ShipmentID = ""
	o.Shipments[0].InPayments = []PaymentIn{o.InPayments[0]}
	FoldNested(&o)
	if len(o.InPayments) != 1 || o.InPayments[0].ShipmentID != s.ID {
		t.Errorf("a payment listed twice: %d payments, shipment %q", len(o.InPayments), o.InPayments[0].ShipmentID)
	}
	// An item that names its line keeps it, whatever lineItem says.
	o.Shipments[0].Items[0].LineItem = &LineItem{ID: "other"}
	FoldNested(&o)
	if !reflect.DeepEqual(o.Shipments[0].Items[0].LineItemID, "l1") {
		t.Error("lineItemId must win over lineItem")
	}
}

func TestDocumentsSayTheirVirtoType(t *testing.T) {
	o := fullOrder()
	b, err := json.Marshal(ForRead(o, ResponseGroupFull))
	if err != nil {
		t.Fatal(err)
	}
	var tree struct {
		OperationType, ObjectType string
		Items                     []struct{ ObjectType, OperationType string }
		Shipments                 []struct{ OperationType, ObjectType string }
		InPayments                []struct {
			OperationType, ObjectType string
			Captures, Refunds         []struct{ OperationType, ObjectType string }
		}
	}
	if err := json.Unmarshal(b, &tree); err != nil {
		t.Fatal(err)
	}
	const ns = "VirtoCommerce.OrdersModule.Core.Model."
	for _, tc := range []struct{ name, op, obj, wantOp string }{
		{"order", tree.OperationType, tree.ObjectType, "CustomerOrder"},
		{"shipment", tree.Shipments[0].OperationType, tree.Shipments[0].ObjectType, "Shipment"},
		{"payment", tree.InPayments[0].OperationType, tree.InPayments[0].ObjectType, "PaymentIn"},
		{"capture", tree.InPayments[0].Captures[0].OperationType, tree.InPayments[0].Captures[0].ObjectType, "Capture"},
		{"refund", tree.InPayments[0].Refunds[0].OperationType, tree.InPayments[0].Refunds[0].ObjectType, "Refund"},
	} {
		if tc.op != tc.wantOp || tc.obj != ns+tc.wantOp {
			t.Errorf("%s: operationType %q, objectType %q", tc.name, tc.op, tc.obj)
		}
	}
	if li := tree.Items[0]; li.ObjectType != ns+"LineItem" || li.OperationType != "" {
		t.Errorf("line: %+v (a line is not an operation)", li)
	}
}
