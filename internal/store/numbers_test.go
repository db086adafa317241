package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/db"
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
	// A store with the same template continues its counter; each document type counts apart.
	if got := takeNumber(t, st, order.TypeCustomerOrder, "games", day); got != "CO261123-00003" {
		t.Errorf("other store with the same template: %q, want CO261123-00003", got)
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
	if got := takeNumber(t, st, order.TypeCustomerOrder, "books", day); got != "CO261123-00004" {
		t.Errorf("after a rollback: %q, want CO261123-00004", got)
	}
}

func TestNumbersAreUniqueUnderConcurrency(t *testing.T) {
	t.Parallel()
	st := store.New(dbtest.New(t), nil)
	day := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	got := takeNumbersAtOnce(t, st, day, []string{"busy"}, 20, 10)
	assertConsecutive(t, got, "CO261123-")
}

// takeNumbersAtOnce has writersPerStore goroutines in each store take each order numbers at
// the same time, and returns every number taken, sorted.
func takeNumbersAtOnce(t *testing.T, st *store.Store, day time.Time, stores []string, writersPerStore, each int) []string {
	t.Helper()
	var (
		mu  sync.Mutex
		got []string
		wg  sync.WaitGroup
	)
	for _, storeID := range stores {
		for range writersPerStore {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range each {
					n := takeNumber(t, st, order.TypeCustomerOrder, storeID, day)
					mu.Lock()
					got = append(got, n)
					mu.Unlock()
				}
			}()
		}
	}
	wg.Wait()
	slices.Sort(got)
	return got
}

// assertConsecutive fails unless the sorted numbers run prefix00001, prefix00002, … without
// duplicates or gaps.
func assertConsecutive(t *testing.T, got []string, prefix string) {
	t.Helper()
	for i, n := range got {
		if want := fmt.Sprintf("%s%05d", prefix, i+1); n != want {
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

// TestStoresSharingATemplateShareItsCounter: a number names one document. Stores with the same
// template (the default, or the same one written with other @options) draw from one counter;
// a store with its own template counts on its own; returns use the store's return template.
func TestStoresSharingATemplateShareItsCounter(t *testing.T) {
	t.Parallel()
	st := store.New(dbtest.New(t), nil)
	ctx := context.Background()
	day := time.Date(2026, 8, 9, 10, 0, 0, 0, time.UTC)
	for _, set := range []struct {
		dt                order.DocumentType
		storeID, template string
	}{
		{order.TypeCustomerOrder, "outlet", "CO{0:yyMMdd}-{1:D5}@Daily:1:1"},
		{order.TypeCustomerOrder, "wholesale", "WS{0:yyMMdd}-{1:D5}"},
		{order.TypeReturn, "outlet", "RT-{2}-{1:D4}@None"},
	} {
		if err := st.SetNumberTemplate(ctx, set.dt, set.storeID, set.template); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	for _, storeID := range []string{"electronics", "fashion-eu", "outlet", "books-uk", "wholesale"} {
		for _, dt := range []order.DocumentType{order.TypeCustomerOrder, order.TypeShipment, order.TypePaymentIn,
			order.TypeCapture, order.TypeRefund, order.TypeReturn} {
			got = append(got, takeNumber(t, st, dt, storeID, day))
		}
	}
	want := []string{
		"CO260809-00001", "SH260809-00001", "PI260809-00001", "CA260809-00001", "RE260809-00001", "RET260809-00001",
		"CO260809-00002", "SH260809-00002", "PI260809-00002", "CA260809-00002", "RE260809-00002", "RET260809-00002",
		"CO260809-00003", "SH260809-00003", "PI260809-00003", "CA260809-00003", "RE260809-00003", "RT-outlet-0001",
		"CO260809-00004", "SH260809-00004", "PI260809-00004", "CA260809-00004", "RE260809-00004", "RET260809-00003",
		"WS260809-00001", "SH260809-00005", "PI260809-00005", "CA260809-00005", "RE260809-00005", "RET260809-00004",
	}
	if !slices.Equal(got, want) {
		t.Errorf("numbers across stores:\n got %v\nwant %v", got, want)
	}
}

// TestBackDatedNumbersContinueTheirDay: a document dated back (imported, demo data) continues
// its own day's count; it does not restart a day already counted after a later day was used.
func TestBackDatedNumbersContinueTheirDay(t *testing.T) {
	t.Parallel()
	st := store.New(dbtest.New(t), nil)
	mon := time.Date(2026, 8, 10, 9, 0, 0, 0, time.UTC)
	sun := mon.AddDate(0, 0, -1)
	got := []string{
		takeNumber(t, st, order.TypeShipment, "electronics", sun),
		takeNumber(t, st, order.TypeShipment, "fashion-eu", sun),
		takeNumber(t, st, order.TypeShipment, "electronics", mon),
		takeNumber(t, st, order.TypeShipment, "books-uk", sun),
		takeNumber(t, st, order.TypeShipment, "books-uk", mon),
	}
	want := []string{"SH260809-00001", "SH260809-00002", "SH260810-00001", "SH260809-00003", "SH260810-00002"}
	if !slices.Equal(got, want) {
		t.Errorf("numbers going back and forth between two days: %v, want %v", got, want)
	}
}

// TestSharedCounterIsUniqueUnderConcurrency: creators in several stores sharing a template,
// all at once, never get the same number.
func TestSharedCounterIsUniqueUnderConcurrency(t *testing.T) {
	t.Parallel()
	st := store.New(dbtest.New(t), nil)
	day := time.Date(2026, 8, 9, 10, 0, 0, 0, time.UTC)
	got := takeNumbersAtOnce(t, st, day, []string{"electronics", "fashion-eu", "books-uk", "alpine-ch"}, 4, 8)
	assertConsecutive(t, got, "CO260809-")
}

// TestNumbersHeldInOtherStoresAreSkipped: a number an imported document holds in another store
// is skipped too, for orders and for the documents inside them.
func TestNumbersHeldInOtherStoresAreSkipped(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	gen := demo.NewGenerator(9, testDay, order.DefaultStatusRules())
	day := testDay.Format("060102")
	imported := gen.Order(demo.Stores[1], demo.ScenarioPaid).Order
	imported.Number = "CO" + day + "-00001"
	imported.CreatedDate = testDay
	for i := range imported.Shipments {
		imported.Shipments[i].Number = fmt.Sprintf("SH%s-%05d", day, i+1)
		imported.Shipments[i].CreatedDate = testDay
	}
	if err := st.CreateOrder(ctx, desk, imported); err != nil {
		t.Fatal(err)
	}
	next := gen.Order(demo.Stores[0], demo.ScenarioPaid).Order
	next.CreatedDate = testDay
	for i := range next.Shipments {
		next.Shipments[i].CreatedDate = testDay
	}
	if err := st.CreateOrder(ctx, desk, next); err != nil {
		t.Fatalf("the next order: %v", err)
	}
	if want := "CO" + day + "-00002"; next.Number != want {
		t.Errorf("order number %s, want %s (CO…-00001 is held by %s's order)", next.Number, want, imported.StoreID)
	}
	if want := fmt.Sprintf("SH%s-%05d", day, len(imported.Shipments)+1); next.Shipments[0].Number != want {
		t.Errorf("shipment number %s, want %s", next.Shipments[0].Number, want)
	}
}

// TestMigrationFoldsPerStoreCountersWithoutRenumbering: counters written per store by an older
// build fold into the shared counter at the highest value any store reached, so the next
// number follows every number already handed out, and nothing stored is renumbered.
func TestMigrationFoldsPerStoreCountersWithoutRenumbering(t *testing.T) {
	t.Parallel()
	conn, _ := dbtest.Empty(t)
	ctx := context.Background()
	if err := db.MigrateTo(ctx, conn, 22); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 8, 9, 8, 0, 0, 0, time.UTC)
	for _, id := range []string{"electronics", "fashion-eu"} {
		if _, err := conn.ExecContext(ctx, `
			INSERT INTO stores (id, name, default_currency, created_at) VALUES (?, ?, 'USD', ?)`, id, id, at); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		key, period string
		value       int64
	}{
		{"electronics/CO{0:yyMMdd}-{1:D5}", "2026-08-09", 7},
		{"fashion-eu/CO{0:yyMMdd}-{1:D5}", "2026-08-09", 3},
		{"fashion-eu/SH{0:yyMMdd}-{1:D5}", "2026-08-08", 2},
		{"RET{0:yyMMdd}-{1:D5}", "2026-08-09", 5},
	} {
		if _, err := conn.ExecContext(ctx, `
			INSERT INTO number_counters (counter_key, period, value, updated_at) VALUES (?, ?, ?, ?)`,
			c.key, c.period, c.value, at); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Migrate(ctx, conn); err != nil {
		t.Fatal(err)
	}
	st := store.New(conn, nil)
	got := []string{
		takeNumber(t, st, order.TypeCustomerOrder, "fashion-eu", at),
		takeNumber(t, st, order.TypeCustomerOrder, "electronics", at),
		takeNumber(t, st, order.TypeShipment, "electronics", at.AddDate(0, 0, -1)),
		takeNumber(t, st, order.TypeReturn, "electronics", at),
	}
	want := []string{"CO260809-00008", "CO260809-00009", "SH260808-00003", "RET260809-00006"}
	if !slices.Equal(got, want) {
		t.Errorf("after the migration: %v, want %v", got, want)
	}
	var keys []string
	if err := conn.SelectContext(ctx, &keys, `SELECT counter_key FROM number_counters ORDER BY counter_key`); err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if strings.HasPrefix(k, "electronics/") || strings.HasPrefix(k, "fashion-eu/") {
			t.Errorf("per-store counter %s left behind", k)
		}
	}
}
