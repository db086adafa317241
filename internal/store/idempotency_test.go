package store_test

import (
	"context"
	"errors"
	"testing"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestIdempotentCallCommitsTheChangeWithItsAnswer: writes under an IdempotentCall are one
// transaction with the stored answer: rolled back, neither the change nor its change set nor
// the key is kept; stored, all three are, and the key is then taken for a second call. A write
// refused inside the call (a validation error) leaves nothing of itself behind.
func TestIdempotentCallCommitsTheChangeWithItsAnswer(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	o := simpleOrder(2)
	if err := st.CreateOrder(ctx, desk, o); err != nil {
		t.Fatal(err)
	}
	historyLen := func() int {
		h, err := st.OrderHistory(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(h)
	}
	saveComment := func(ctx context.Context, comment string) error {
		cur, err := st.Order(context.Background(), o.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.Comment = comment
		return st.SaveOrder(ctx, desk, cur)
	}

	// Rolled back: nothing is kept, not even the key.
	call := st.NewIdempotentCall("apikey:A", "k-1", "hash-1")
	if err := saveComment(store.WithIdempotentCall(ctx, call), "rolled back"); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Order(ctx, o.ID); got.Comment == "rolled back" {
		t.Error("the change is visible before its answer was stored")
	}
	call.Rollback()
	if got, _ := st.Order(ctx, o.ID); got.Comment == "rolled back" || got.Version != 1 || historyLen() != 1 {
		t.Errorf("after a rollback: comment %q, version %d, %d change sets", got.Comment, got.Version, historyLen())
	}
	if a, err := st.IdempotentAnswer(ctx, "apikey:A", "k-1"); err != nil || a != nil {
		t.Errorf("after a rollback the key holds %v (%v)", a, err)
	}

	// A refused write, then a good one, then the answer: the good one and the answer are kept.
	call = st.NewIdempotentCall("apikey:A", "k-1", "hash-1")
	cctx := store.WithIdempotentCall(ctx, call)
	bad, _ := st.Order(ctx, o.ID)
	bad.Items[0].Quantity = 0
	var fe order.Problems
	if err := st.SaveOrder(cctx, desk, bad); !errors.As(err, &fe) {
		t.Fatalf("a quantity of 0 under the call: %v", err)
	}
	if err := saveComment(cctx, "kept"); err != nil {
		t.Fatal(err)
	}
	if err := call.StoreAnswer(ctx, 204, map[string]string{"X-Order-Version": "2"}, nil); err != nil {
		t.Fatal(err)
	}
	got, _ := st.Order(ctx, o.ID)
	if got.Comment != "kept" || got.Version != 2 || historyLen() != 2 {
		t.Errorf("after the answer: comment %q, version %d, %d change sets", got.Comment, got.Version, historyLen())
	}
	a, err := st.IdempotentAnswer(ctx, "apikey:A", "k-1")
	if err != nil || a == nil || a.Status != 204 || a.RequestHash != "hash-1" || a.Headers["X-Order-Version"] != "2" {
		t.Fatalf("the stored answer: %+v (%v)", a, err)
	}

	// The key is taken now: a second call with it writes nothing.
	again := st.NewIdempotentCall("apikey:A", "k-1", "hash-1")
	if err := saveComment(store.WithIdempotentCall(ctx, again), "twice"); !errors.Is(err, store.ErrIdempotencyKeyTaken) || !again.Taken() {
		t.Errorf("a second call with the key: %v", err)
	}
	again.Rollback()
	// Another principal's same key is its own.
	other := st.NewIdempotentCall("apikey:B", "k-1", "hash-1")
	if err := saveComment(store.WithIdempotentCall(ctx, other), "other key"); err != nil {
		t.Errorf("another principal's same key: %v", err)
	}
	other.Rollback()
	if got, _ := st.Order(ctx, o.ID); got.Comment != "kept" || historyLen() != 2 {
		t.Errorf("after the second calls: comment %q, %d change sets", got.Comment, historyLen())
	}
}
