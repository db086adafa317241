package desk_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/db/dbtest"
	"orderdesk/internal/desk"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

var clerk = store.Actor{UserID: "01JTESTUSER000000000000000", Label: "ann@example.com", Source: store.SourceDesk}

// stored makes a store on a fresh database with one valid order in it.
func stored(t *testing.T) (*store.Store, *desk.Desk, *order.CustomerOrder) {
	t.Helper()
	st := store.New(dbtest.New(t), func() time.Time { return time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC) })
	o := &order.CustomerOrder{
		Operation:  order.Operation{Currency: "EUR", Status: order.OrderNew},
		CustomerID: "cust-1", CustomerName: "Ada Lovelace", StoreID: "books",
		Addresses: []order.Address{{AddressType: order.AddressBillingAndShipping, City: "Paris", CountryName: "France"}},
		Items: []order.LineItem{{ID: order.NewID(), Currency: "EUR", Price: decimal.RequireFromString("10.50"), Quantity: 2,
			ProductID: "p1", Sku: "SKU-1", Name: "Book", CatalogID: "cat"}},
	}
	if err := st.CreateOrder(context.Background(), clerk, o); err != nil {
		t.Fatal(err)
	}
	return st, desk.New(st), o
}

// A save by someone else between the read and the edit is not lost and does not fail the
// edit: the change is applied again to the order as they left it.
func TestEditAppliesTheChangeAgainAfterAConcurrentSave(t *testing.T) {
	ctx := context.Background()
	st, d, read := stored(t)
	theirs := read.Clone()
	theirs.Comment = "theirs"
	if err := st.SaveOrder(ctx, clerk, theirs); err != nil {
		t.Fatal(err)
	}
	calls := 0
	saved, _, err := d.Edit(ctx, clerk, read, func(current, work *order.CustomerOrder) error {
		calls++
		work.PurchaseOrderNumber = "PO-7"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 {
		t.Errorf("the change ran %d times, want 2 (once on the stale order, once on the fresh one)", calls)
	}
	got, err := st.Order(ctx, read.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Comment != "theirs" || got.PurchaseOrderNumber != "PO-7" || got.Version != 3 || saved.Version != 3 {
		t.Errorf("stored comment %q, PO %q, version %d (saved %d): want both changes at version 3",
			got.Comment, got.PurchaseOrderNumber, got.Version, saved.Version)
	}
}

// A dozen writers editing one order at the same moment all land, none lost: after its
// optimistic attempts each takes the order's row lock and applies its change to the order as
// the others left it.
func TestEditLandsWithADozenWritersAtOnce(t *testing.T) {
	ctx := context.Background()
	st, d, read := stored(t)
	const writers = 12
	errs := make(chan error, writers)
	for i := range writers {
		go func() {
			_, _, err := d.Edit(ctx, clerk, read, func(_, work *order.CustomerOrder) error {
				work.Comment += fmt.Sprintf("[%d]", i)
				return nil
			})
			errs <- err
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	got, err := st.Order(ctx, read.ID)
	if err != nil {
		t.Fatal(err)
	}
	for i := range writers {
		if !strings.Contains(got.Comment, fmt.Sprintf("[%d]", i)) {
			t.Errorf("writer %d's edit is lost: comment %q", i, got.Comment)
		}
	}
	if got.Version != read.Version+writers {
		t.Errorf("version %d, want %d", got.Version, read.Version+writers)
	}
}

// A change that saves more than the order (a photo, a return) has no locked attempt: it gives
// up after MaxAttempts when every attempt meets another save, and says so with a conflict;
// nothing of its own is saved.
func TestEditSavingStopsAfterMaxAttempts(t *testing.T) {
	ctx := context.Background()
	st, d, read := stored(t)
	calls := 0
	_, _, err := d.EditSaving(ctx, clerk, read, func(current, work *order.CustomerOrder) (desk.Saver, error) {
		calls++
		other := current.Clone()
		other.Comment = fmt.Sprintf("someone else, %d", calls)
		if err := st.SaveOrder(ctx, clerk, other); err != nil {
			return nil, err
		}
		work.PurchaseOrderNumber = "PO-lost"
		return st.SaveOrder, nil
	})
	if !errors.Is(err, order.ErrConflict) {
		t.Fatalf("err = %v, want a conflict", err)
	}
	if calls != desk.MaxAttempts {
		t.Errorf("%d attempts, want %d", calls, desk.MaxAttempts)
	}
	got, _ := st.Order(ctx, read.ID)
	if got.PurchaseOrderNumber != "" {
		t.Errorf("the failed edit saved %q", got.PurchaseOrderNumber)
	}
}

// A refusal stops the edit at once: nothing saved, the error returned as it is, with the
// order as read.
func TestEditRefusedSavesNothing(t *testing.T) {
	ctx := context.Background()
	st, d, read := stored(t)
	_, current, err := d.Edit(ctx, clerk, read, func(_, work *order.CustomerOrder) error {
		work.Comment = "never"
		return desk.RemoveLine(work, "not-a-line")
	})
	if !errors.Is(err, desk.ErrGone) || current.Version != read.Version {
		t.Fatalf("err %v, current version %d: want ErrGone and the order as read", err, current.Version)
	}
	if got, _ := st.Order(ctx, read.ID); got.Version != 1 || got.Comment != "" {
		t.Errorf("stored version %d comment %q after a refusal", got.Version, got.Comment)
	}
}
