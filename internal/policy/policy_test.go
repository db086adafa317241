package policy

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/audit"
	"orderdesk/internal/auth"
	"orderdesk/internal/order"
)

// anOrder is an order with one line and one paid payment; change edits a copy of it.
func anOrder(change func(o *order.CustomerOrder)) *order.CustomerOrder {
	o := &order.CustomerOrder{Items: []order.LineItem{{ID: "line-1", Currency: "EUR", Name: "Mug", Quantity: 2, Price: decimal.NewFromInt(40)}}}
	o.ID, o.Currency, o.Status = "order-1", "EUR", "New"
	var p order.PaymentIn
	p.ID, p.Currency, p.Sum = "pay-1", "EUR", decimal.NewFromInt(80)
	o.InPayments = []order.PaymentIn{p}
	if change != nil {
		change(o)
	}
	return o
}

func withRefund(amount int64) func(*order.CustomerOrder) {
	return func(o *order.CustomerOrder) {
		r := order.Refund{Amount: decimal.NewFromInt(amount)}
		r.ID, r.Currency = "refund-1", "EUR"
		o.InPayments[0].Refunds = append(o.InPayments[0].Refunds, r)
	}
}

func holding(ps ...auth.Permission) func(auth.Permission) bool {
	return func(p auth.Permission) bool { return slices.Contains(ps, p) }
}

func TestLimitsAllow(t *testing.T) {
	t.Parallel()
	fifty := decimal.NewFromInt(50)
	repriced := func(o *order.CustomerOrder) { o.Items[0].Price = decimal.NewFromInt(30) }
	commented := func(o *order.CustomerOrder) { o.Comment = "call before delivery" }
	tests := []struct {
		name    string
		limits  Limits
		after   *order.CustomerOrder
		missing []auth.Permission // a ForbiddenChangeError naming these
		fields  bool              // a field error (refund limit, prices)
	}{
		{"no limits: the command line refunds", Limits{}, anOrder(withRefund(80)), nil, false},
		{"a refund needs the refund permission", Limits{Permits: holding(auth.OrderUpdate)}, anOrder(withRefund(20)), []auth.Permission{auth.OrderRefund}, false},
		{"a refund with it", Limits{Permits: holding(auth.OrderUpdate, auth.OrderRefund)}, anOrder(withRefund(20)), nil, false},
		{"a refund within the clerk's limit", Limits{RefundLimit: &fifty}, anOrder(withRefund(50)), nil, false},
		{"a refund above the clerk's limit", Limits{RefundLimit: &fifty}, anOrder(withRefund(51)), nil, true},
		{"a new price from one who may not see prices", Limits{HidesPrices: true}, anOrder(repriced), nil, true},
		{"a comment from one who may not see prices", Limits{HidesPrices: true}, anOrder(commented), nil, false},
		{"a comment needs order:update", Limits{Permits: holding(auth.OrderRead)}, anOrder(commented), []auth.Permission{auth.OrderUpdate}, false},
	}
	for _, tt := range tests {
		err := tt.limits.Allow(anOrder(nil), tt.after)
		var forbidden *ForbiddenChangeError
		var fe order.Problems
		switch {
		case tt.missing != nil:
			if !errors.As(err, &forbidden) || !slices.Equal(forbidden.Missing, tt.missing) {
				t.Errorf("%s: got %v, want a refusal for lacking %v", tt.name, err, tt.missing)
			}
		case tt.fields:
			if !errors.As(err, &fe) {
				t.Errorf("%s: got %v, want a field error", tt.name, err)
			}
		case err != nil:
			t.Errorf("%s: refused: %v", tt.name, err)
		}
	}
}

func TestRequireReason(t *testing.T) {
	t.Parallel()
	rules := audit.DefaultReasonRules()
	before, after := anOrder(nil), anOrder(withRefund(20))
	changes := audit.Diff(before, after)
	err := RequireReason(rules, before, after, changes, "  ")
	var fe order.Problems
	if !errors.As(err, &fe) || fe["reason"] == "" {
		t.Fatalf("a refund without a reason: got %v, want a reason field error", err)
	}
	if err := RequireReason(rules, before, after, changes, "customer asked"); err != nil {
		t.Errorf("a refund with a reason: %v", err)
	}
	commented := anOrder(func(o *order.CustomerOrder) { o.Comment = "gift" })
	if err := RequireReason(rules, before, commented, audit.Diff(before, commented), ""); err != nil {
		t.Errorf("a comment needs no reason: %v", err)
	}
}

// TestCompletingADeliveredOrder: moving an order whose every shipment is delivered to Completed
// is the shipping staff's last step (order:update_shipments); any other status change, or
// completing with a shipment still under way, or completing with something else changed, needs
// order:update.
func TestCompletingADeliveredOrder(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	shipped := func(delivered bool) func(*order.CustomerOrder) {
		return func(o *order.CustomerOrder) {
			var sh order.Shipment
			sh.ID, sh.Currency, sh.Status = "ship-1", "EUR", order.ShipmentSent
			if delivered {
				sh.DeliveryDate = &at
			}
			o.Shipments = []order.Shipment{sh}
		}
	}
	status := func(base func(*order.CustomerOrder), to string, more ...func(*order.CustomerOrder)) *order.CustomerOrder {
		return anOrder(func(o *order.CustomerOrder) {
			base(o)
			o.Status = to
			for _, m := range more {
				m(o)
			}
		})
	}
	fieldStaff := Limits{Permits: holding(auth.OrderRead, auth.OrderUpdateShipments)}
	commented := func(o *order.CustomerOrder) { o.Comment = "done" }
	for _, c := range []struct {
		name          string
		before, after *order.CustomerOrder
		allowed       bool
	}{
		{"every shipment delivered: Completed", anOrder(shipped(true)), status(shipped(true), order.OrderCompleted), true},
		{"a shipment under way", anOrder(shipped(false)), status(shipped(false), order.OrderCompleted), false},
		{"another status", anOrder(shipped(true)), status(shipped(true), "Processing"), false},
		{"Completed and a comment", anOrder(shipped(true)), status(shipped(true), order.OrderCompleted, commented), false},
		{"no shipment at all", anOrder(nil), status(func(*order.CustomerOrder) {}, order.OrderCompleted), false},
	} {
		err := fieldStaff.Allow(c.before, c.after)
		var forbidden *ForbiddenChangeError
		switch {
		case c.allowed && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case !c.allowed && (!errors.As(err, &forbidden) || !slices.Contains(forbidden.Missing, auth.OrderUpdate)):
			t.Errorf("%s: %v, want a refusal for lacking order:update", c.name, err)
		}
	}
}
