package store_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/db"
	"orderdesk/db/dbtest"
	"orderdesk/internal/listing"
	"orderdesk/internal/store"
)

// The list benchmarks run against a database of a million orders (ORDERDESK_BENCH_ORDERS to
// change that), written straight in SQL from MariaDB's sequence engine: through the store it
// would take hours. The database is kept between runs (orderdesk_bench_<n>) and rebuilt when
// the schema or this fixture changes; the first run takes a few minutes.
const benchFixtureVersion = 7

func benchOrders() int {
	if n, err := strconv.Atoi(os.Getenv("ORDERDESK_BENCH_ORDERS")); err == nil && n > 0 {
		return n
	}
	return 1_000_000
}

// bigStore opens (building on first use) the million-order database.
func bigStore(b *testing.B) (*store.Store, int) {
	b.Helper()
	base := os.Getenv(dbtest.EnvDSN)
	if base == "" {
		dbtest.Required(b, "a MariaDB/MySQL server", dbtest.EnvDSN+" is not set")
	}
	n := benchOrders()
	name := fmt.Sprintf("orderdesk_bench_%d", n)
	cfg, err := db.Config(base)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	server, err := sqlx.Open("mysql", cfg.FormatDSN())
	if err != nil {
		b.Fatal(err)
	}
	defer server.Close()
	if _, err := server.ExecContext(ctx, "CREATE DATABASE IF NOT EXISTS "+name); err != nil {
		b.Fatal(err)
	}
	cfg.DBName = name
	conn, err := sqlx.Open("mysql", cfg.FormatDSN())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close() })
	if _, err := db.Migrate(ctx, conn); err != nil {
		b.Fatal(err)
	}
	_, schema, err := db.Version(ctx, conn)
	if err != nil {
		b.Fatal(err)
	}
	stamp := fmt.Sprintf("fixture %d, schema %d, listing %d, %d orders", benchFixtureVersion, schema, store.ListingVersion, n)
	var have string
	_, _ = conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS bench_fixture (stamp VARCHAR(200) NOT NULL)`)
	_ = conn.GetContext(ctx, &have, `SELECT stamp FROM bench_fixture LIMIT 1`)
	if have != stamp {
		start := time.Now()
		if err := buildBigFixture(ctx, conn, n); err != nil {
			b.Fatal(err)
		}
		if _, err := conn.ExecContext(ctx, `DELETE FROM bench_fixture`); err != nil {
			b.Fatal(err)
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO bench_fixture (stamp) VALUES (?)`, stamp); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %d orders in %v", n, time.Since(start).Round(time.Second))
	}
	return store.New(conn, nil), n
}

// buildBigFixture fills orders, their one line each and their search documents, in chunks, and
// sums the customer figures. Values cycle through realistic sets: 4 stores and currencies,
// 20,000 customers (and one with 1 in 21 orders, 47,619), 5,000
// SKUs, ten statuses, a year of dates with the highest sequence number the newest.
func buildBigFixture(ctx context.Context, conn *sqlx.DB, n int) error {
	for _, t := range []string{"orders", "order_line_items", "order_search"} {
		if _, err := conn.ExecContext(ctx, "TRUNCATE TABLE "+t); err != nil {
			return err
		}
	}
	firsts := "'Ava','Liam','Mia','Noah','Zoé','Léa','Jonas','Priya','Kenji','Amara','Oliver','Sofia','Mateo','Chloé','Finn','Isla','Arthur','Nora','Elias','Leon'"
	// 200 surnames from two syllable lists (Garcia, Martin, Rossi, Fischer, Tanaka …): each is
	// on 0.5 % of the orders; each first name is on 5 %, the broad case.
	last := "CONCAT(ELT(1 + ((s.seq * 13) % 20000) % 20, 'Gar','Mar','Ros','Fis','Tan','Ngu','Smi','Dub','Mul','Oka','Pat','Mor','Ber','Sil','Kow','John','Bro','Sch','Ras','Jen'), " +
		"ELT(1 + FLOOR(((s.seq * 13) % 20000) / 20) % 10, 'cia','tin','si','cher','aka','yen','th','ois','ler','for'))"
	first := "ELT(1 + FLOOR(((s.seq * 13) % 20000) / 200) % 20, " + firsts + ")"
	products := "'Blue Mug','Trail Shoe','Desk Lamp','Wool Scarf','Paperback Novel','USB Cable','Rain Jacket','Notebook','Headphones','Water Bottle'"
	cols := map[string]map[string]string{
		"orders": {
			"id":                    "CONCAT('01BENCH', LPAD(s.seq, 19, '0'))",
			"number":                "CONCAT('CO', DATE_FORMAT(s.created, '%y%m%d'), '-', LPAD(s.seq % 100000, 5, '0'))", // the default template's shape
			"version":               "1",
			"status":                "ELT(1 + (s.seq * 7) % 10, 'New','Processing','Completed','Completed','Completed','Cancelled','Not payed','Partially sent','Completed','Pending')",
			"currency":              "ELT(1 + s.seq % 4, 'USD','EUR','GBP','CHF')",
			"store_id":              "ELT(1 + s.seq % 4, 'electronics','fashion-eu','books-uk','alpine-ch')",
			"store_name":            "ELT(1 + s.seq % 4, 'Volt Electronics','Maison Mode','Paper Lane Books','Alpine Outdoor')",
			"customer_id":           "IF(s.seq % 21 = 0, 'cust-big', CONCAT('cust-', (s.seq * 13) % 20000))", // 1 in 21 by one customer
			"customer_name":         "CONCAT(" + first + ", ' ', " + last + ")",
			"employee_id":           "ELT(1 + s.seq % 5, '', 'u-ann', 'u-bob', 'u-cat', 'u-dan')",
			"employee_name":         "ELT(1 + s.seq % 5, '', 'Ann Clerk', 'Bob Field', 'Cat Manager', 'Dan Clerk')",
			"purchase_order_number": "IF(s.seq % 3 = 0, CONCAT('PO-', s.seq), '')",
			"is_cancelled":          "((s.seq * 7) % 10 = 5)",
			"total":                 "s.total", "sub_total": "s.total", "sub_total_with_tax": "s.total",
			"created_date": "s.created", "created_by": "'bench'", "modified_by": "''",
			"item_count":      "1 + s.seq % 7",
			"paid_total":      "IF((s.seq * 7) % 10 IN (0, 6), 0, s.total)",
			"balance_due":     "IF((s.seq * 7) % 10 IN (0, 6), s.total, 0)",
			"payment_state":   "IF((s.seq * 7) % 10 IN (0, 6), 'unpaid', IF((s.seq * 7) % 10 = 5, 'refunded', 'paid'))",
			"shipping_state":  "ELT(1 + (s.seq * 7) % 10, 'unshipped','unshipped','shipped','shipped','shipped','unshipped','unshipped','partial','shipped','unshipped')",
			"open_returns":    "(s.seq % 97 = 0)",
			"listing_version": strconv.Itoa(store.ListingVersion),
			"cancelled_state": "'Undefined'",
		},
		"order_line_items": {
			"order_id": "CONCAT('01BENCH', LPAD(s.seq, 19, '0'))",
			"id":       "CONCAT('01BENCHLINE', LPAD(s.seq, 15, '0'))",
			"position": "0", "currency": "ELT(1 + s.seq % 4, 'USD','EUR','GBP','CHF')",
			"price": "s.total", "quantity": "1 + s.seq % 7",
			"sku":        "CONCAT('SKU-', (s.seq * 31) % 5000)",
			"product_id": "CONCAT('SKU-', (s.seq * 31) % 5000)", "catalog_id": "'bench'",
			"name":         "ELT(1 + (s.seq * 31) % 10, " + products + ")",
			"created_date": "s.created", "created_by": "'bench'", "modified_by": "''",
		},
		"order_search": {
			"order_id": "CONCAT('01BENCH', LPAD(s.seq, 19, '0'))",
			"customer": "LOWER(CONCAT(" + first + ", ' ', " + last + ", ' ', 'cust', (s.seq * 13) % 20000, 'examplecom'))",
			"refs":     "LOWER(CONCAT('co', DATE_FORMAT(s.created, '%y%m%d'), LPAD(s.seq % 100000, 5, '0'), ' co', DATE_FORMAT(s.created, '%y%m%d'), ' ', LPAD(s.seq % 100000, 5, '0'), ' ', DATE_FORMAT(s.created, '%y%m%d'), IF(s.seq % 3 = 0, CONCAT(' po', s.seq), '')))",
			"items":    "LOWER(CONCAT('sku', (s.seq * 31) % 5000, ' ', ELT(1 + (s.seq * 31) % 10, " + products + ")))",
			"notes":    "IF(s.seq % 50 = 0, 'leave at the back door', '')",
		},
	}
	const chunk = 100_000
	for _, table := range []string{"orders", "order_line_items", "order_search"} {
		var columns []struct {
			Name     string `db:"COLUMN_NAME"`
			Type     string `db:"DATA_TYPE"`
			Nullable string `db:"IS_NULLABLE"`
		}
		if err := conn.SelectContext(ctx, &columns, `
			SELECT COLUMN_NAME, DATA_TYPE, IS_NULLABLE
			FROM information_schema.COLUMNS
			WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND EXTRA NOT LIKE '%GENERATED%' AND EXTRA NOT LIKE '%auto_increment%'
			ORDER BY ORDINAL_POSITION`, table); err != nil {
			return err
		}
		var names, exprs []string
		for _, c := range columns {
			e, ok := cols[table][c.Name]
			switch {
			case ok:
			case c.Nullable == "YES":
				e = "NULL"
			case strings.Contains(c.Type, "char") || strings.Contains(c.Type, "text"):
				e = "''"
			case c.Type == "datetime":
				e = "s.created"
			default:
				e = "0"
			}
			names = append(names, c.Name)
			exprs = append(exprs, e)
		}
		for from := 0; from < n; from += chunk {
			to := min(from+chunk, n) - 1
			// s: the sequence number and what derives from it once per row.
			query := fmt.Sprintf(`
				INSERT INTO %s (%s)
				SELECT %s
				FROM (
				    SELECT seq,
				           TIMESTAMP('2026-11-23 12:00:00') - INTERVAL ((%d - seq) * 31) SECOND AS created,
				           ROUND(10 + ((seq * 7919) %% 100000) / 100, 2) AS total
				    FROM seq_%d_to_%d
				) s`,
				table, strings.Join(names, ", "), strings.Join(exprs, ", "), n, from, to)
			if _, err := conn.ExecContext(ctx, query); err != nil {
				return fmt.Errorf("%s rows %d–%d: %w", table, from, to, err)
			}
		}
	}
	if err := store.New(conn, nil).RebuildCustomerStats(ctx); err != nil {
		return err
	}
	_, err := conn.ExecContext(ctx, `ANALYZE TABLE orders, order_line_items, order_search, customer_stats`)
	return err
}

// BenchmarkOrderList measures the order list's queries at a million orders: a page (list) and
// its capped count, for the usual screens.
func BenchmarkOrderList(b *testing.B) {
	st, n := bigStore(b)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	who := listing.Viewer{UserID: "u-ann", ShowPrices: true}
	// A cursor in the middle of the list: keyset paging costs the same on page 10,000.
	deep := listing.Cursor{Created: now.Add(-time.Duration(n/2*31) * time.Second), ID: fmt.Sprintf("01BENCH%019d", n/2)}
	for _, c := range []struct {
		name, query string
		after       *listing.Cursor
	}{
		{"newest", "", nil},
		{"deep-page", "", &deep},
		{"sort-customer", "sort=customer", nil},
		{"sort-total-desc", "sort=-total", nil},
		{"status-new", "status=New", nil},
		{"store-last-7-days", "store=books-uk&created=7d", nil},
		{"view-unpaid", "cancelled=no&unpaid=1", nil},
		{"view-ready-to-ship", "cancelled=no&pay=paid&unshipped=1", nil},
		{"view-returns-open", "returns=open", nil},
		{"mine", "assignee=me", nil},
		{"search-surname", "q=garcia", nil},
		{"search-first-name-on-5-percent", "q=amara", nil},
		{"search-full-name", "q=amara+garcia", nil},
		{"search-number-exact", "q=CO261123-" + fmt.Sprintf("%05d", (n-1)%100000), nil},
		{"search-number-prefix", "q=CO2611", nil},
		{"search-number-part", "q=261120", nil},
		{"search-number-end", "q=" + fmt.Sprintf("%05d", (n-1)%100000), nil},
		{"search-number-end-short", "q=" + fmt.Sprintf("%03d", (n-1)%1000), nil},
		{"search-sku-field", "q=sku:SKU-1234", nil},
		{"search-customer-field-and-status", "q=customer:%22nora+rossi%22+status:New", nil},
	} {
		v, err := parseQuery(c.query)
		if err != nil {
			b.Fatal(err)
		}
		q, probs := listing.Resolve(listing.FromValues(v), now, who)
		if len(probs) > 0 {
			b.Fatalf("%s: %v", c.name, probs)
		}
		q.After = c.after
		b.Run("list/"+c.name, func(b *testing.B) {
			var rows int
			for b.Loop() {
				page, err := st.ListOrders(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				rows = len(page.Rows)
			}
			b.ReportMetric(float64(rows), "rows")
		})
		if c.after == nil {
			b.Run("count/"+c.name, func(b *testing.B) {
				var got int
				for b.Loop() {
					n, _, err := st.CountOrders(ctx, q, 10000)
					if err != nil {
						b.Fatal(err)
					}
					got = n
				}
				b.ReportMetric(float64(got), "counted")
			})
		}
	}
}

// BenchmarkDashboard measures the dashboard's figures at a million orders: the series come from
// the maintained daily figures, the rest from indexed ranges.
func BenchmarkDashboard(b *testing.B) {
	st, _ := bigStore(b)
	ctx := context.Background()
	var n int
	if err := st.DB().GetContext(ctx, &n, `SELECT COUNT(*) FROM order_daily_stats`); err != nil {
		b.Fatal(err)
	}
	if n == 0 {
		start := time.Now()
		if err := st.RebuildDailyStats(ctx); err != nil {
			b.Fatal(err)
		}
		b.Logf("daily figures rebuilt from the orders in %v", time.Since(start).Round(time.Millisecond))
	}
	to := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		q    store.DashboardQuery
	}{
		{"30-days-by-day", store.DashboardQuery{From: to.AddDate(0, 0, -30), To: to, Period: "day"}},
		{"year-by-month", store.DashboardQuery{From: to.AddDate(-1, 0, 0), To: to, Period: "month"}},
		{"year-by-week-one-store", store.DashboardQuery{From: to.AddDate(-1, 0, 0), To: to, Period: "week", StoreIDs: []string{"books-uk"}}},
	} {
		b.Run("series/"+c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.OrderFigures(ctx, c.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	month := store.DashboardQuery{From: to.AddDate(0, 0, -30), To: to, Period: "day"}
	b.Run("refunds-by-reason-30-days", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.RefundsByReason(ctx, month); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("returns-by-reason-30-days", func(b *testing.B) {
		for b.Loop() {
			if _, err := st.ReturnsByReason(ctx, month); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("top-changers-week", func(b *testing.B) {
		week := store.DashboardQuery{From: to.AddDate(0, 0, -7), To: to}
		for b.Loop() {
			if _, err := st.TopChangers(ctx, week, 8); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkOrderExport streams the "unpaid" queue (about 200,000 of the million orders) the way
// the CSV export reads it: a thousand rows at a time by keyset.
func BenchmarkOrderExport(b *testing.B) {
	st, _ := bigStore(b)
	ctx := context.Background()
	v, _ := parseQuery("cancelled=no&unpaid=1")
	q, _ := listing.Resolve(listing.FromValues(v), time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC), listing.Viewer{ShowPrices: true})
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		rows = 0
		if err := st.EachOrder(ctx, q, func(store.ListRow) error { rows++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(rows)/(b.Elapsed().Seconds()/float64(b.N)), "rows/s")
}
