package order

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestValidatePricesUnchanged(t *testing.T) {
	d := decimal.RequireFromString
	base := func() *CustomerOrder {
		o := &CustomerOrder{Items: []LineItem{{ID: "l1", Price: d("10"), Quantity: 2}}}
		s := Shipment{Price: d("5")}
		s.ID = "s1"
		p := PaymentIn{Price: d("1")}
		p.ID, p.Sum = "p1", d("25")
		o.Shipments, o.InPayments = []Shipment{s}, []PaymentIn{p}
		return o
	}
	tests := []struct {
		name   string
		change func(o *CustomerOrder)
		ok     bool
	}{
		{"nothing", func(o *CustomerOrder) {}, true},
		{"quantity", func(o *CustomerOrder) { o.Items[0].Quantity = 5 }, true},
		{"comment and status", func(o *CustomerOrder) { o.Comment, o.Status = "x", "Processing" }, true},
		{"a new line", func(o *CustomerOrder) { o.Items = append(o.Items, LineItem{ID: "l2", Price: d("3")}) }, true},
		{"line price", func(o *CustomerOrder) { o.Items[0].Price = d("9") }, false},
		{"line discount", func(o *CustomerOrder) { o.Items[0].DiscountAmount = d("1") }, false},
		{"order fee", func(o *CustomerOrder) { o.Fee = d("2") }, false},
		{"shipping price", func(o *CustomerOrder) { o.Shipments[0].Price = d("0") }, false},
		{"payment amount", func(o *CustomerOrder) { o.InPayments[0].Sum = d("1") }, false},
	}
	for _, tt := range tests {
		after := base()
		tt.change(after)
		if err := ValidatePricesUnchanged(base(), after); (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	if err := ValidatePricesUnchanged(nil, base()); err != nil {
		t.Errorf("a new order: %v", err)
	}
}
