package demo

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"orderdesk/internal/order"
)

func TestDemoOrdersAreValidAndCoverEveryDocumentType(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	orders := NewGenerator(7, now, order.DefaultStatusRules()).Orders(200)
	seen := map[Scenario]int{}
	counts := map[string]int{}
	stores := map[string]bool{}
	for _, d := range orders {
		o := d.Order
		seen[d.Scenario]++
		stores[o.StoreID+"/"+o.Currency] = true
		o.EnsureIDs()
		n := 0
		_ = o.AssignNumbers(func(dt order.DocumentType) (string, error) { n++; return fmt.Sprintf("%s-%d", dt, n), nil })
		order.FillTransactionIDs(o)
		order.Recalculate(o, order.CurrencyFor(o.Currency))
		if err := order.ValidateOrder(o); err != nil {
			t.Fatalf("%s order of %s is invalid: %v", d.Scenario, o.StoreID, err)
		}
		if err := order.ValidateDocumentCount(o, 20); err != nil {
			t.Fatalf("%s: %v", d.Scenario, err)
		}
		if !o.Total.IsPositive() {
			t.Errorf("%s: total %s", d.Scenario, o.Total)
		}
		if o.CreatedDate.After(now) || o.CreatedDate.Before(now.AddDate(0, 0, -121)) {
			t.Errorf("%s: created %s, outside the last 120 days", d.Scenario, o.CreatedDate)
		}
		counts["shipment"] += len(o.Shipments)
		if len(o.Shipments) > 1 {
			counts["split"]++
		}
		for _, p := range o.InPayments {
			counts["payment"]++
			counts["capture"] += len(p.Captures)
			counts["refund"] += len(p.Refunds)
			counts["transaction"] += len(p.Transactions)
			if p.CapturedAmount().GreaterThan(p.Sum) {
				t.Errorf("%s: captured %s of %s", d.Scenario, p.CapturedAmount(), p.Sum)
			}
			if p.RefundedAmount().GreaterThan(p.CapturedAmount()) {
				t.Errorf("%s: refunded %s of %s captured", d.Scenario, p.RefundedAmount(), p.CapturedAmount())
			}
			if p.CapturedAmount().IsPositive() && p.CapturedAmount().LessThan(p.Sum) {
				counts["partial capture"]++
			}
		}
		if o.IsCancelled {
			counts["cancelled"]++
		}
		for _, r := range d.Returns {
			counts["return"]++
			r.EnsureIDs()
			r.Number = "RET-" + r.ID
			if err := order.ValidateReturn(&r, o, nil); err != nil {
				t.Errorf("return of %s is invalid: %v", o.ID, err)
			}
		}
	}
	if len(seen) != len(scenarios) {
		t.Errorf("scenarios seen %v, want all %d", seen, len(scenarios))
	}
	if len(stores) != len(Stores) {
		t.Errorf("stores/currencies %v, want %d", stores, len(Stores))
	}
	for _, k := range []string{"shipment", "split", "payment", "capture", "partial capture", "refund", "transaction", "cancelled", "return"} {
		if counts[k] == 0 {
			t.Errorf("no %s in 200 demo orders (%v)", k, counts)
		}
	}

	again := NewGenerator(7, now, order.DefaultStatusRules()).Orders(200)
	for i := range again {
		a, b := again[i].Order, orders[i].Order
		if a.CustomerName != b.CustomerName || !a.CreatedDate.Equal(b.CreatedDate) || !reflect.DeepEqual(again[i].Scenario, orders[i].Scenario) {
			t.Fatalf("order %d differs between two runs with the same seed: the generator is not deterministic", i)
		}
		if i > 0 && a.CreatedDate.Before(again[i-1].Order.CreatedDate) {
			t.Fatalf("order %d is older than order %d: not oldest first", i, i-1)
		}
	}
}
