package order

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestValidateRefundLimit(t *testing.T) {
	d := decimal.RequireFromString
	withRefunds := func(amounts ...string) *CustomerOrder {
		o := &CustomerOrder{InPayments: []PaymentIn{{}}}
		o.Currency = "EUR"
		for i, a := range amounts {
			r := Refund{Amount: d(a)}
			r.ID = string(rune('a' + i))
			o.InPayments[0].Refunds = append(o.InPayments[0].Refunds, r)
		}
		return o
	}
	limit := d("500")
	tests := []struct {
		name          string
		before, after *CustomerOrder
		ok            bool
	}{
		{"new order, small refund", nil, withRefunds("499.99"), true},
		{"new order, at the limit", nil, withRefunds("500"), true},
		{"new order, over the limit", nil, withRefunds("500.01"), false},
		{"a manager's large refund stays", withRefunds("900"), withRefunds("900"), true},
		{"lowering a large refund", withRefunds("900"), withRefunds("800"), true},
		{"raising a large refund", withRefunds("900"), withRefunds("950"), false},
		{"adding a large refund", withRefunds("100"), withRefunds("100", "600"), false},
		{"adding a small refund", withRefunds("900"), withRefunds("900", "20"), true},
	}
	for _, tt := range tests {
		err := ValidateRefundLimit(tt.before, tt.after, limit)
		if (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}
