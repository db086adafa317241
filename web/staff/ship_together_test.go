package staff

import (
	"net/url"
	"testing"

	"orderdesk/internal/order"
)

// The ship-together form read without a database.

func TestTogetherOrderIDsAndBack(t *testing.T) {
	a, b := order.NewID(), order.NewID()
	got := togetherOrderIDs(url.Values{"id": {a, "nonsense", b, a, "'; DROP"}})
	if len(got) != 2 || got[0] != a || got[1] != b {
		t.Errorf("ids %v, want %s then %s once each", got, a, b)
	}
	for _, c := range []struct{ referer, want string }{
		{"http://desk/orders?status=New", "/orders?status=New"},
		{"http://desk/orders/" + a, "/orders/" + a},
		{"", "/orders/" + a},
	} {
		if got := togetherBack([]string{a, b}, c.referer); got != c.want {
			t.Errorf("back from %q = %q, want %q", c.referer, got, c.want)
		}
	}
	if got := togetherBack(nil, ""); got != "/orders" {
		t.Errorf("back with nothing ticked = %q", got)
	}
}

func togetherOrder(id string, qty int) *order.CustomerOrder {
	o := &order.CustomerOrder{}
	o.ID, o.Number, o.Currency = id, "CO-"+id, "EUR"
	o.Items = []order.LineItem{{ID: id + "-L1", Quantity: qty, Currency: "EUR"}}
	return o
}

func TestAddConsignmentParts(t *testing.T) {
	rules := order.DefaultStatusRules()
	tmpl := &order.Shipment{TrackingNumber: "TRK-1"}
	a, b := togetherOrder("A", 2), togetherOrder("B", 1)
	errs := map[string]string{}
	orderErrs := addConsignmentParts([]*order.CustomerOrder{a, b}, url.Values{"qty.A.A-L1": {"2"}, "qty.B.B-L1": {"1"}}, rules, "CID", tmpl, errs)
	if len(errs) > 0 || len(orderErrs) > 0 {
		t.Fatalf("errors %v %v", errs, orderErrs)
	}
	for _, o := range []*order.CustomerOrder{a, b} {
		if len(o.Shipments) != 1 {
			t.Fatalf("%s has %d shipments", o.ID, len(o.Shipments))
		}
		part := o.Shipments[0]
		if part.ConsignmentID != "CID" || part.TrackingNumber != "TRK-1" || len(part.Items) != 1 || part.Items[0].Quantity != o.Items[0].Quantity {
			t.Errorf("%s's part %+v: want the consignment, its tracking number and every unit", o.ID, part)
		}
	}

	// More units than the line has, a quantity that is not one, and an order left empty.
	a, b, c := togetherOrder("A", 2), togetherOrder("B", 1), togetherOrder("C", 1)
	errs = map[string]string{}
	orderErrs = addConsignmentParts([]*order.CustomerOrder{a, b, c}, url.Values{"qty.A.A-L1": {"3"}, "qty.B.B-L1": {"x"}}, rules, "CID", tmpl, errs)
	if errs["qty.A.A-L1"] == "" || errs["qty.B.B-L1"] == "" {
		t.Errorf("errors %v: want one at A's and one at B's quantity", errs)
	}
	if orderErrs["C"] == "" || orderErrs["A"] != "" {
		t.Errorf("order errors %v: want only C named as shipping nothing", orderErrs)
	}
}
