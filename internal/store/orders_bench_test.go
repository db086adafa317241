package store_test

import (
	"context"
	"testing"

	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// BenchmarkOrderLoad loads a demo order (lines, shipments, payments, captures, refunds,
// addresses) from a real database; BenchmarkOrderSave saves it with one quantity changed.
func BenchmarkOrderLoad(b *testing.B) {
	st, stmts, o := benchOrder(b)
	ctx := context.Background()
	mark := stmts.count()
	b.ResetTimer()
	for b.Loop() {
		if _, err := st.Order(ctx, o.ID); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(stmts.count()-mark)/float64(b.N), "stmts/op")
}

func BenchmarkOrderSave(b *testing.B) {
	st, stmts, o := benchOrder(b)
	ctx := context.Background()
	mark := stmts.count()
	b.ResetTimer()
	for b.Loop() {
		o.Items[0].Quantity++
		if err := st.SaveOrder(ctx, desk, o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(stmts.count()-mark)/float64(b.N), "stmts/op")
}

func benchOrder(b *testing.B) (st *store.Store, stmts *statements, o *order.CustomerOrder) {
	st, stmts = orderStore(b)
	for _, d := range demo.NewGenerator(3, testDay, order.DefaultStatusRules()).Orders(40) {
		if len(d.Order.InPayments) > 0 && len(d.Order.Shipments) > 1 && len(d.Order.InPayments[0].Captures) > 0 {
			o = d.Order
			break
		}
	}
	if o == nil {
		b.Fatal("no demo order with split shipments and captures")
	}
	if err := st.CreateOrder(context.Background(), desk, o); err != nil {
		b.Fatal(err)
	}
	return st, stmts, o
}
