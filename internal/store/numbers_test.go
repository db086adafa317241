package store_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/db/dbtest"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// takeNumber takes one number in its own transaction.
func takeNumber(t *testing.T, st *store.Store, dt order.DocumentType, storeID string, at time.Time) string {
	t.Helper()
	var n string
	err := st.InTx(context.Background(), func(tx *sqlx.Tx) error {
		var err error
		n, err = st.NextNumber(context.Background(), tx, dt, storeID, at)
		return err
	})
	if err != nil {
		t.Fatalf("NextNumber: %v", err)
	}
	return n
}

func TestNumbersFollowTemplatesAndResets(t *testing.T) {
	t.Parallel()
	st := store.New(dbtest.New(t), nil)
	ctx := context.Background()
	day := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

	if got := takeNumber(t, st, order.TypeCustomerOrder, "books", day); got != "CO261123-00001" {
		t.Errorf("first order number %q, want CO261123-00001", got)
	}
	if got := takeNumber(t, st, order.TypeCustomerOrder, "books", day); got != "CO261123-00002" {
		t.Errorf("second order number %q, want CO261123-00002", got)
	}
	// Each store counts on its own; each document type too.
	if got := takeNumber(t, st, order.TypeCustomerOrder, "games", day); got != "CO261123-00001" {
		t.Errorf("other store: %q", got)
	}
	if got := takeNumber(t, st, order.TypeShipment, "books", day); got != "SH261123-00001" {
		t.Errorf("first shipment: %q", got)
	}

	// A store template with a weekly reset, start 100, step 10.
	if err := st.SetNumberTemplate(ctx, order.TypeCustomerOrder, "weekly", "W{0:yyyy}-{1:D4}@Weekly:100:10"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetNumberTemplate(ctx, order.TypeCustomerOrder, "weekly", "{0:yyyy"); err == nil {
		t.Error("a broken template was accepted")
	}
	for _, tc := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 12, 28, 9, 0, 0, 0, time.UTC), "W2026-0100"}, // Monday of ISO week 53
		{time.Date(2026, 12, 31, 9, 0, 0, 0, time.UTC), "W2026-0110"},
		{time.Date(2027, 1, 3, 9, 0, 0, 0, time.UTC), "W2027-0120"}, // Sunday: still 2026-W53
		{time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC), "W2027-0100"}, // Monday: 2027-W01 restarts
	} {
		if got := takeNumber(t, st, order.TypeCustomerOrder, "weekly", tc.at); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.at.Format("2006-01-02"), got, tc.want)
		}
	}

	// A rolled-back save gives its number back.
	_ = st.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := st.NextNumber(ctx, tx, order.TypeCustomerOrder, "books", day); err != nil {
			return err
		}
		return fmt.Errorf("save failed")
	})
	if got := takeNumber(t, st, order.TypeCustomerOrder, "books", day); got != "CO261123-00003" {
		t.Errorf("after a rollback: %q, want CO261123-00003", got)
	}
}

func TestNumbersAreUniqueUnderConcurrency(t *testing.T) {
	t.Parallel()
	st := store.New(dbtest.New(t), nil)
	day := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	const writers, each = 20, 10
	var (
		mu  sync.Mutex
		got []string
		wg  sync.WaitGroup
	)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				n := takeNumber(t, st, order.TypeCustomerOrder, "busy", day)
				mu.Lock()
				got = append(got, n)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(got)
	for i, n := range got {
		if want := fmt.Sprintf("CO261123-%05d", i+1); n != want {
			t.Fatalf("number %d is %q, want %q: duplicates or gaps in %v", i, n, want, got)
		}
	}
}

// TestImportedNumbersAreSkipped: an order imported with its own number does not move the
// counter; the next generated number skips it instead of colliding.
func TestImportedNumbersAreSkipped(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	gen := demo.NewGenerator(8, testDay, order.DefaultStatusRules())
	imported := gen.Order(demo.Stores[0], demo.ScenarioNew).Order
	imported.CreatedDate = testDay
	imported.Number = "CO" + testDay.Format("060102") + "-00001"
	if err := st.CreateOrder(ctx, desk, imported); err != nil {
		t.Fatal(err)
	}
	next := gen.Order(demo.Stores[0], demo.ScenarioNew).Order
	next.CreatedDate, next.Number = testDay, ""
	if err := st.CreateOrder(ctx, desk, next); err != nil {
		t.Fatalf("the next order: %v", err)
	}
	if want := "CO" + testDay.Format("060102") + "-00002"; next.Number != want {
		t.Errorf("next number %s, want %s", next.Number, want)
	}
}
