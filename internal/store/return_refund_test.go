package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"orderdesk/internal/audit"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestSaveOrderAndReturn: the refund of a return and the return pointing at it are written in
// one transaction, each with its change set; when either is refused, neither is written.
func TestSaveOrderAndReturn(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	o := sentOrder(t, st)
	o.InPayments[0].Status = string(order.PaymentPaid)
	if err := st.SaveOrder(ctx, desk, o); err != nil {
		t.Fatal(err)
	}
	ret := &order.Return{OrderID: o.ID, Status: order.ReturnNew, LineItems: []order.ReturnLineItem{returnLine(o.Items[0], 1, "10", "damaged")}}
	if err := st.CreateReturn(ctx, desk, ret); err != nil {
		t.Fatal(err)
	}
	refundWith := func(o *order.CustomerOrder, r *order.Return) {
		t.Helper()
		if _, err := order.RefundReturn(o, &o.InPayments[0], r, order.ReasonRequestedByCustomer, ""); err != nil {
			t.Fatal(err)
		}
		r.Status = order.ReturnCompleted
	}
	by := desk
	by.Reason = "return received"

	// The return changed meanwhile: its conflict rolls the order's refund back too.
	stale := ret.Clone()
	ret.Resolution = "checked"
	if err := st.SaveReturn(ctx, desk, ret); err != nil {
		t.Fatal(err)
	}
	work, err := st.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	refundWith(work, stale)
	var conflict *order.ConflictError
	if err := st.SaveOrderAndReturn(ctx, by, work, stale); !errors.As(err, &conflict) {
		t.Fatalf("stale return: %v, want a conflict", err)
	}
	if got, _ := st.Order(ctx, o.ID); len(got.InPayments[0].Refunds) != 0 || got.Version != work.Version {
		t.Fatalf("the refund was written without its return: %+v", got.InPayments[0].Refunds)
	}

	// Without a reason the order's part is refused, and the return stays as it was.
	work, _ = st.Order(ctx, o.ID)
	fresh, _ := st.Return(ctx, ret.ID)
	refundWith(work, fresh)
	if err := st.SaveOrderAndReturn(ctx, desk, work, fresh); !errors.Is(err, order.ErrValidation) {
		t.Fatalf("refund without a reason: %v", err)
	}
	if back, _ := st.Return(ctx, ret.ID); back.RefundID != "" || back.Status != order.ReturnNew {
		t.Fatalf("the return was written without its refund: %+v", back)
	}

	// Both together.
	before, _ := st.OrderHistory(ctx, o.ID)
	work, _ = st.Order(ctx, o.ID)
	fresh, _ = st.Return(ctx, ret.ID)
	refundWith(work, fresh)
	if err := st.SaveOrderAndReturn(ctx, by, work, fresh); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Order(ctx, o.ID)
	back, _ := st.Return(ctx, ret.ID)
	if len(got.InPayments[0].Refunds) != 1 || back.RefundID != got.InPayments[0].Refunds[0].ID || back.Status != order.ReturnCompleted ||
		got.InPayments[0].Refunds[0].Number == "" || work.Version != got.Version || fresh.RefundID != back.RefundID {
		t.Fatalf("order refunds %+v, return %+v", got.InPayments[0].Refunds, back)
	}
	after, _ := st.OrderHistory(ctx, o.ID)
	var aggregates []string
	for _, cs := range after[len(before):] {
		aggregates = append(aggregates, cs.Aggregate+":"+cs.Reason)
	}
	last := after[len(after)-1]
	found := false
	for _, c := range last.Changes {
		found = found || strings.Contains(audit.Describe(c, last.Names()), got.InPayments[0].Refunds[0].Number)
	}
	if !found {
		t.Errorf("the return's change set does not name refund %s", got.InPayments[0].Refunds[0].Number)
	}
	if len(aggregates) != 2 || aggregates[0] != store.AggregateOrder+":return received" || aggregates[1] != store.AggregateReturn+":return received" {
		t.Errorf("change sets %v, want one for the order and one for the return, with the reason", aggregates)
	}
}
