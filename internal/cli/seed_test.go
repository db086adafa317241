package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"orderdesk/db/dbtest"
	"orderdesk/internal/pricing"
	"orderdesk/internal/store"
)

// TestSeedDemoDataIsTrue loads the demo as `make run` does and checks what staff would see:
// every number names one document, nothing is dated in the future, every SKU sold is in the
// catalog with a price for its store and currency, and each order's history starts when it was
// placed, in the storefront.
func TestSeedDemoDataIsTrue(t *testing.T) {
	t.Parallel()
	_, dsn := dbtest.Empty(t)
	ctx := context.Background()
	if r := run(t, ctx, dsn, "migrate"); r.code != 0 {
		t.Fatalf("migrate: %s%s", r.stdout, r.stderr)
	}
	if r := run(t, ctx, dsn, "seed"); r.code != 0 || !strings.Contains(r.stdout, "240 order(s)") {
		t.Fatalf("seed: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	now := time.Now().UTC()
	conn := openDSN(t, dsn)

	for _, table := range []string{"orders", "order_shipments", "order_payments", "order_captures", "order_refunds", "order_returns"} {
		var dups []struct {
			Number string `db:"number"`
			Count  int    `db:"n"`
		}
		if err := conn.Select(&dups, `
			SELECT number, COUNT(*) AS n
			FROM `+table+`
			GROUP BY number
			HAVING COUNT(*) > 1
			LIMIT 5`); err != nil {
			t.Fatal(err)
		}
		if len(dups) > 0 {
			t.Errorf("%s: numbers naming several documents: %+v", table, dups)
		}
	}

	// Every date and time column of the order tables, however it is named.
	var columns []struct {
		Table  string `db:"table_name"`
		Column string `db:"column_name"`
	}
	if err := conn.Select(&columns, `
		SELECT table_name, column_name
		FROM information_schema.columns
		WHERE table_schema = DATABASE() AND data_type IN ('datetime', 'timestamp', 'date')
			AND (table_name = 'orders' OR table_name LIKE 'order\_%')
		ORDER BY table_name, column_name`); err != nil {
		t.Fatal(err)
	}
	if len(columns) < 10 {
		t.Fatalf("found only %d date columns: %v", len(columns), columns)
	}
	for _, c := range columns {
		var latest *time.Time
		if err := conn.Get(&latest, "SELECT MAX(`"+c.Column+"`) FROM `"+c.Table+"`"); err != nil {
			t.Fatal(err)
		}
		if latest != nil && latest.After(now) {
			t.Errorf("%s.%s holds %s, after now (%s)", c.Table, c.Column, latest.Format(time.RFC3339), now.Format(time.RFC3339))
		}
	}

	st := store.New(conn, nil)
	var sold []struct {
		StoreID   string `db:"store_id"`
		Currency  string `db:"currency"`
		ProductID string `db:"product_id"`
		Sku       string `db:"sku"`
	}
	if err := conn.Select(&sold, `
		SELECT DISTINCT o.store_id, o.currency, li.product_id, li.sku
		FROM order_line_items li
		JOIN orders o ON o.id = li.order_id`); err != nil {
		t.Fatal(err)
	}
	if len(sold) == 0 {
		t.Fatal("no lines")
	}
	for _, s := range sold {
		found, err := st.SearchProducts(ctx, s.Sku, 5)
		if err != nil || len(found) == 0 || found[0].ID != s.ProductID {
			t.Errorf("%s (%s) is not in the catalog: %v %v", s.Sku, s.ProductID, found, err)
			continue
		}
		price, err := st.PriceFor(ctx, s.ProductID, pricing.Request{Currency: s.Currency, StoreID: s.StoreID, Quantity: 1, At: now})
		if err != nil || !price.Found {
			t.Errorf("%s has no price in %s for %s: %+v %v", s.Sku, s.Currency, s.StoreID, price, err)
		}
	}

	var starts []struct {
		Number  string    `db:"number"`
		Created time.Time `db:"created_date"`
		First   time.Time `db:"occurred_at"`
		Source  string    `db:"source"`
		Version int       `db:"version"`
	}
	if err := conn.Select(&starts, `
		SELECT o.number, o.created_date, cs.occurred_at, cs.source, cs.version
		FROM orders o
		JOIN order_change_sets cs ON cs.order_id = o.id
		WHERE cs.occurred_at = (
			SELECT MIN(first.occurred_at) FROM order_change_sets first WHERE first.order_id = o.id)`); err != nil {
		t.Fatal(err)
	}
	if len(starts) < 240 {
		t.Fatalf("the histories of %d orders start somewhere, want all 240", len(starts))
	}
	for _, s := range starts {
		if !s.First.Equal(s.Created) || s.Source != store.SourceStorefront || s.Version != 1 {
			t.Errorf("%s: history starts at %s (version %d, %s), want its creation %s in the storefront",
				s.Number, s.First.Format(time.RFC3339), s.Version, s.Source, s.Created.Format(time.RFC3339))
		}
	}
}
