package store

import (
	"context"
	"testing"
	"time"

	"orderdesk/db/dbtest"
	"orderdesk/internal/order"
)

// TestSearchRowWriteLocksNoNeighbour rewrites the search row of one order in a transaction
// held open, and meanwhile the row of the order next to it in key order. The second write must
// not wait for the first: a rewrite that locked its neighbour's gap (REPLACE under a unique
// secondary key did) deadlocked writers of adjacent orders under load.
func TestSearchRowWriteLocksNoNeighbour(t *testing.T) {
	t.Parallel()
	conn := dbtest.New(t)
	ctx := context.Background()
	a, b := &order.CustomerOrder{}, &order.CustomerOrder{}
	a.ID, b.ID = "01SEARCHROWA0000000000000A", "01SEARCHROWB0000000000000B" // neighbours in key order
	a.Comment, b.Comment = "first text", "first text"
	for _, o := range []*order.CustomerOrder{a, b} {
		if err := writeListing(ctx, conn, o); err != nil {
			t.Fatal(err)
		}
	}
	first, err := conn.BeginTxx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Rollback()
	b.Comment = "rewritten by the first transaction"
	if err := writeListing(ctx, first, b); err != nil {
		t.Fatal(err)
	}

	second, err := conn.BeginTxx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer second.Rollback()
	if _, err := second.ExecContext(ctx, `SET SESSION innodb_lock_wait_timeout = 1`); err != nil {
		t.Fatal(err)
	}
	a.Comment = "rewritten by the second transaction"
	start := time.Now()
	if err := writeListing(ctx, second, a); err != nil {
		t.Fatalf("rewriting the neighbour's search row waited for the first transaction: %v", err)
	}
	if err := second.Commit(); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Errorf("the neighbour's rewrite took %v", took)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	var notes []string
	if err := conn.SelectContext(ctx, &notes, `SELECT notes FROM order_search ORDER BY order_id`); err != nil {
		t.Fatal(err)
	}
	if len(notes) != 2 || notes[0] != "rewritten by the second transaction" || notes[1] != "rewritten by the first transaction" {
		t.Errorf("search rows %q", notes)
	}
}
