package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// sentOrder stores an order of two lines (two units each) whose one shipment was sent with
// both units of line 0 and one of line 1.
func sentOrder(t *testing.T, st *store.Store) *order.CustomerOrder {
	t.Helper()
	o := orderWith(2, 1)
	s := &o.Shipments[0]
	s.Status = order.ShipmentSent
	s.Items = []order.ShipmentItem{
		{LineItemID: o.Items[0].ID, Quantity: 2},
		{LineItemID: o.Items[1].ID, Quantity: 1},
	}
	if err := st.CreateOrder(context.Background(), desk, o); err != nil {
		t.Fatal(err)
	}
	return o
}

func returnLine(li order.LineItem, qty int, price, reason string) order.ReturnLineItem {
	return order.ReturnLineItem{
		OrderLineItemID: li.ID, Quantity: qty, Price: decimal.RequireFromString(price), Reason: reason,
		Audit: order.Audit{CreatedDate: time.Date(2026, 3, 4, 5, 6, 7, 891234567, fillZone), CreatedBy: "import",
			ModifiedBy: "someone"},
	}
}

func TestReturnRoundTrip(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	o := sentOrder(t, st)

	r := &order.Return{
		OrderID: o.ID, Status: order.ReturnNew, Resolution: "refund to card",
		LineItems: []order.ReturnLineItem{
			returnLine(o.Items[0], 1, "10.12345", "damaged"),
			returnLine(o.Items[1], 1, "9.5", "wrong size"),
		},
	}
	if err := st.CreateReturn(ctx, desk, r); err != nil {
		t.Fatalf("CreateReturn: %v", err)
	}
	if r.Number != "RET261123-00001" || r.ID == "" || r.CreatedBy != desk.Label || !r.CreatedDate.Equal(testDay) {
		t.Errorf("created return: number %q id %q created %v by %q", r.Number, r.ID, r.CreatedDate, r.CreatedBy)
	}
	if !r.LineItems[0].Price.Equal(decimal.RequireFromString("10.1235")) {
		t.Errorf("price not rounded to the column: %s", r.LineItems[0].Price)
	}
	list, err := st.Returns(ctx, o.ID)
	if err != nil || len(list) != 1 {
		t.Fatalf("Returns: %v, %d returns", err, len(list))
	}
	sameTree(t, "listed return", *r, list[0])
	one, err := st.Return(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameTree(t, "loaded return", r, one)

	// Edit: change a line, remove one, add one.
	one.Status = order.ReturnApproved
	one.LineItems[0].Reason = "badly damaged"
	one.LineItems = one.LineItems[:1]
	one.LineItems = append(one.LineItems, returnLine(o.Items[0], 1, "10", "second unit"))
	if err := st.SaveReturn(ctx, desk, one); err != nil {
		t.Fatalf("SaveReturn: %v", err)
	}
	if one.ModifiedDate == nil || !one.ModifiedDate.Equal(testDay) || one.ModifiedBy != desk.Label {
		t.Errorf("modified %v by %q", one.ModifiedDate, one.ModifiedBy)
	}
	got, err := st.Return(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameTree(t, "return after edit", one, got)
	if len(got.LineItems) != 2 || got.LineItems[1].Reason != "second unit" || got.Status != order.ReturnApproved {
		t.Errorf("edited return: %+v", got)
	}

	if _, err := st.Return(ctx, order.NewID()); !errors.Is(err, order.ErrNotFound) {
		t.Errorf("missing return: %v", err)
	}
	if err := st.CreateReturn(ctx, desk, &order.Return{OrderID: order.NewID()}); !errors.Is(err, order.ErrNotFound) {
		t.Errorf("return of a missing order: %v", err)
	}
}

// TestReturnOptimisticLocking: of two copies the first save wins, the second conflicts and
// writes nothing, also when both saves fall on the same clock tick (the store's clock is fixed).
func TestReturnOptimisticLocking(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	o := sentOrder(t, st)
	r := &order.Return{OrderID: o.ID, Status: order.ReturnNew, LineItems: []order.ReturnLineItem{returnLine(o.Items[0], 1, "10", "")}}
	if err := st.CreateReturn(ctx, desk, r); err != nil {
		t.Fatal(err)
	}
	for round := range 3 {
		a, _ := st.Return(ctx, r.ID)
		b, _ := st.Return(ctx, r.ID)
		a.Resolution = "first"
		if err := st.SaveReturn(ctx, desk, a); err != nil {
			t.Fatalf("round %d, first save: %v", round, err)
		}
		b.Resolution = "second"
		err := st.SaveReturn(ctx, desk, b)
		var ce *order.ConflictError
		if !errors.As(err, &ce) || ce.ReturnID != r.ID || ce.OrderID != o.ID || ce.Actual != round+2 {
			t.Fatalf("round %d, second save: %v (%+v), want a conflict at revision %d", round, err, ce, round+2)
		}
		got, _ := st.Return(ctx, r.ID)
		sameTree(t, "stored return", a, got)
	}
}

// TestReturnIntegrity: returning more than was sent is a field error and writes nothing; of
// concurrent returns for the last units only as many succeed as there are units.
func TestReturnIntegrity(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	o := sentOrder(t, st)

	r := &order.Return{OrderID: o.ID, Status: order.ReturnNew, LineItems: []order.ReturnLineItem{returnLine(o.Items[1], 2, "10", "")}}
	err := st.CreateReturn(ctx, desk, r)
	var fe order.Problems
	if !errors.As(err, &fe) || fe["lineItems[0].quantity"] == "" {
		t.Fatalf("returning 2 of 1 sent: %v, want a field error on lineItems[0].quantity", err)
	}
	if r.ID != "" || r.Number != "" {
		t.Errorf("the rejected return was changed: %+v", r)
	}
	if n := countRows(t, st); n["order_returns"] != 0 || n["order_return_line_items"] != 0 {
		t.Errorf("rows written: %v", n)
	}

	// Line 0 has two sent units: of ten concurrent one-unit returns two get through.
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, rejected := 0, 0
	for range 10 {
		wg.Go(func() {
			r := &order.Return{OrderID: o.ID, Status: order.ReturnNew, LineItems: []order.ReturnLineItem{returnLine(o.Items[0], 1, "10", "")}}
			err := st.CreateReturn(ctx, desk, r)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.Is(err, order.ErrValidation):
				rejected++
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if ok != 2 || rejected != 8 {
		t.Errorf("%d returns accepted, %d rejected; want 2 and 8", ok, rejected)
	}
	list, err := st.Returns(ctx, o.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("Returns: %v, %d", err, len(list))
	}
	// The first return took number 1 (the rejected one used none).
	if list[0].Number != "RET261123-00001" && list[1].Number != "RET261123-00001" {
		t.Errorf("numbers %s, %s", list[0].Number, list[1].Number)
	}

	// Editing a stored return beyond what is left is rejected too, and nothing changes.
	edit := list[0].Clone()
	edit.LineItems[0].Quantity = 2
	if err := st.SaveReturn(ctx, desk, edit); !errors.As(err, &fe) {
		t.Errorf("editing beyond the sent units: %v", err)
	}
	got, _ := st.Return(ctx, list[0].ID)
	sameTree(t, "stored return", &list[0], got)
}
