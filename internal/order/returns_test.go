package order

import (
	"errors"
	"strings"
	"testing"
)

func returnsOrder() *CustomerOrder {
	return &CustomerOrder{
		Operation: Operation{ID: "o1"},
		Items: []LineItem{
			{ID: "A", OrderID: "o1", Quantity: 5, Price: d("10")},
			{ID: "B", OrderID: "o1", Quantity: 2, Price: d("7.5")},
		},
		// Everything was sent, over two shipments; a cancelled one does not count.
		Shipments: []Shipment{
			{Operation: Operation{ID: "s1", Status: ShipmentSent}, Items: []ShipmentItem{{LineItemID: "A", Quantity: 4}, {LineItemID: "B", Quantity: 2}}},
			{Operation: Operation{ID: "s2", Status: ShipmentSent}, Items: []ShipmentItem{{LineItemID: "A", Quantity: 1}}},
			{Operation: Operation{ID: "s3", Status: ShipmentCancelled, IsCancelled: true}, Items: []ShipmentItem{{LineItemID: "A", Quantity: 5}}},
		},
	}
}

func TestOnlySentUnitsCanBeReturned(t *testing.T) {
	o := returnsOrder()
	o.Shipments = []Shipment{
		{Operation: Operation{ID: "s1", Status: ShipmentSent}, Items: []ShipmentItem{{LineItemID: "A", Quantity: 2}}},
		{Operation: Operation{ID: "s2", Status: ShipmentPickPack}, Items: []ShipmentItem{{LineItemID: "A", Quantity: 3}, {LineItemID: "B", Quantity: 2}}},
	}
	got := AvailableReturnQuantities(o, []Return{ret("r1", "New", line("A", 1))}, "")
	if got["A"] != 1 || got["B"] != 0 { // sent 2 − returned 1; B not sent yet
		t.Errorf("available = %v, want A:1 B:0", got)
	}
	r := ret("r2", "New", line("B", 1))
	err := ValidateReturn(&r, o, nil)
	if fe := (Problems{}); !errors.As(err, &fe) || !strings.Contains(fe["lineItems[0].quantity"], "1 requested, 0 available") {
		t.Errorf("returning an unsent unit: %v", err)
	}
}

func ret(id, status string, lines ...ReturnLineItem) Return {
	return Return{ID: id, OrderID: "o1", Number: "RET-" + id, Status: status, LineItems: lines}
}

func line(item string, qty int) ReturnLineItem {
	return ReturnLineItem{OrderLineItemID: item, Quantity: qty, Price: d("10")}
}

func TestAvailableReturnQuantities(t *testing.T) {
	o := returnsOrder()
	others := []Return{
		ret("r1", "New", line("A", 2)),
		ret("r2", "Canceled", line("A", 3)), // a cancelled return gives its units back
		ret("r3", "Completed", line("B", 1)),
		ret("r4", "New", line("A", 9)), // the return being edited: ignored
		{ID: "r5", OrderID: "other", LineItems: []ReturnLineItem{line("A", 5)}},
	}
	got := AvailableReturnQuantities(o, others, "r4")
	if got["A"] != 3 || got["B"] != 1 { // 5 − 2, 2 − 1
		t.Errorf("available = %v, want A:3 B:1", got)
	}
	over := append(others, ret("r6", "New", line("B", 5)))
	if got := AvailableReturnQuantities(o, over, ""); got["B"] != 0 {
		t.Errorf("available never goes below 0: %v", got)
	}
}

func TestValidateReturn(t *testing.T) {
	o := returnsOrder()
	others := []Return{ret("r1", "New", line("A", 2))}
	tests := []struct {
		name    string
		r       Return
		field   string // "" = valid
		message string
	}{
		{"valid", ret("x", "New", line("A", 3), line("B", 2)), "", ""},
		{"zero quantity", ret("x", "New", line("A", 0)), "lineItems[0].quantity", "LineItem A has incorrect quantity"},
		{"too many", ret("x", "New", line("A", 4)), "lineItems[0].quantity", "4 requested, 3 available"},
		{"same line twice", ret("x", "New", line("A", 2), line("A", 2)), "lineItems[1].quantity", "2 requested, 1 available"},
		{"unknown line", ret("x", "New", line("Z", 1)), "lineItems[0].orderLineItemId", "not in the order"},
		{"negative price", ret("x", "New", ReturnLineItem{OrderLineItemID: "B", Quantity: 1, Price: d("-1")}), "lineItems[0].price", "negative"},
		{"no lines", ret("x", "New"), "lineItems", "at least one line"},
		{"wrong order", Return{ID: "x", OrderID: "o2", LineItems: []ReturnLineItem{line("A", 1)}}, "orderId", "does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateReturn(&tt.r, o, others)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var fe Problems
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v", err)
			}
			if !strings.Contains(fe[tt.field], tt.message) {
				t.Errorf("%s = %q, want it to mention %q (all: %v)", tt.field, fe[tt.field], tt.message, fe)
			}
		})
	}
}

func TestReturnHelpers(t *testing.T) {
	o := returnsOrder()
	r := NewReturn(o, DefaultStatusRules())
	if r.Status != "New" || r.OrderID != "o1" || len(r.ID) != 26 {
		t.Errorf("NewReturn = %+v", r)
	}
	r.LineItems = []ReturnLineItem{NewReturnLine(&o.Items[0], 2), NewReturnLine(&o.Items[1], 1)}
	if !r.LineItems[1].Price.Equal(d("7.5")) {
		t.Error("return price defaults to the line's list price")
	}
	if got := r.Amount(); !got.Equal(d("27.5")) { // 2 × 10 + 1 × 7.5
		t.Errorf("Amount = %s", got)
	}
	r.FillAvailable(o, []Return{ret("r1", "New", line("A", 1))})
	if r.LineItems[0].AvailableQuantity != 4 || r.LineItems[1].AvailableQuantity != 2 {
		t.Errorf("FillAvailable: %+v", r.LineItems)
	}
	r.LineItems = append(r.LineItems, ReturnLineItem{OrderLineItemID: "B", Quantity: 1})
	r.EnsureIDs()
	for _, l := range r.LineItems {
		if l.ID == "" || l.ReturnID != r.ID || l.OrderID != "o1" {
			t.Errorf("EnsureIDs: %+v", l)
		}
	}
	c := r.Clone()
	c.LineItems[0].Quantity = 99
	if r.LineItems[0].Quantity == 99 {
		t.Error("Clone shares lines")
	}
}
