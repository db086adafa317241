package store_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/shopspring/decimal"

	"orderdesk/db"
	"orderdesk/db/dbtest"
	"orderdesk/internal/audit"
	"orderdesk/internal/store"
)

// The managers' history is measured over a million changes (ORDERDESK_BENCH_CHANGES to change
// that): 200,000 change sets of 5 changes over 25,000 orders in 4 stores by 40 people across
// 139 days, one in ten with a reason; 2 % of changes are price overrides, 1 % discounts, 0.5 %
// refunds. They are written straight in SQL from MariaDB's sequence engine and kept between
// runs (orderdesk_history_bench_<n>), rebuilt when the schema or this fixture changes.
const historyFixtureVersion = 1

func benchChanges() int {
	if n, err := strconv.Atoi(os.Getenv("ORDERDESK_BENCH_CHANGES")); err == nil && n >= 1000 {
		return n
	}
	return 1_000_000
}

func bigHistory(b *testing.B) (*store.Store, int) {
	b.Helper()
	base := os.Getenv(dbtest.EnvDSN)
	if base == "" {
		dbtest.Required(b, "a MariaDB/MySQL server", dbtest.EnvDSN+" is not set")
	}
	n := benchChanges()
	name := fmt.Sprintf("orderdesk_history_bench_%d", n)
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
	stamp := fmt.Sprintf("history fixture %d, schema %d, %d changes", historyFixtureVersion, schema, n)
	var have string
	_, _ = conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS bench_fixture (stamp VARCHAR(200) NOT NULL)`)
	_ = conn.GetContext(ctx, &have, `SELECT stamp FROM bench_fixture LIMIT 1`)
	if have != stamp {
		start := time.Now()
		if err := buildHistoryFixture(ctx, conn, n); err != nil {
			b.Fatal(err)
		}
		for _, q := range []string{`DELETE FROM bench_fixture`, `INSERT INTO bench_fixture (stamp) VALUES ('` + stamp + `')`} {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("built %d changes in %v", n, time.Since(start).Round(time.Second))
	}
	return store.New(conn, nil), n
}

func buildHistoryFixture(ctx context.Context, conn *sqlx.DB, n int) error {
	sets := n / 5
	for _, q := range []string{`DELETE FROM order_changes`, `DELETE FROM order_change_sets`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	const chunk = 100_000
	for from := 1; from <= sets; from += chunk {
		to := min(from+chunk-1, sets)
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`
			INSERT INTO order_change_sets
				(id, order_id, order_number, store_id, aggregate, document_id, version, occurred_at,
				 actor_id, actor_label, source, reason, change_count, names)
			SELECT CONCAT('01H', LPAD(seq, 23, '0')),
			       CONCAT('01O', LPAD(seq %% %[3]d, 23, '0')),
			       CONCAT('CO', LPAD(seq %% %[3]d, 10, '0')),
			       ELT(1 + (seq %% %[3]d) %% 4, 'electronics', 'fashion-eu', 'books-uk', 'swiss-watch'),
			       'order', CONCAT('01O', LPAD(seq %% %[3]d, 23, '0')), 1 + seq DIV %[3]d,
			       TIMESTAMP('2026-11-23 12:00:00') - INTERVAL ((%[4]d - seq) * 60) SECOND,
			       CONCAT('u-', seq %% 40), CONCAT('person', seq %% 40, '@example.com'), 'desk',
			       IF(seq %% 10 = 0, ELT(1 + (seq DIV 10) %% 5, 'damaged packaging', 'customer changed mind',
			          'price match with a competitor', 'late delivery', 'goodwill gesture'), ''),
			       5, '{}'
			FROM seq_%[1]d_to_%[2]d`, from, to, sets/8, sets)); err != nil {
			return fmt.Errorf("change sets %d–%d: %w", from, to, err)
		}
	}
	for from := 0; from < sets*5; from += chunk * 5 {
		to := min(from+chunk*5, sets*5) - 1
		// h picks what a change is about: 2 % prices, 1 % discounts, 0.5 % refunds, then
		// statuses, quantities and computed totals.
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`
			INSERT INTO order_changes
				(change_set_id, seq, order_id, entity, entity_id, path, field, op, old_value, new_value, pos,
				 fields, is_money, topic, doc_type, doc_id, amount)
			SELECT CONCAT('01H', LPAD(1 + s.seq DIV 5, 23, '0')), s.seq %% 5, CONCAT('01O', LPAD((1 + s.seq DIV 5) %% %[3]d, 23, '0')),
			       CASE WHEN h < 20 OR (h >= 35 AND h < 300) THEN 'LineItem' WHEN h < 35 AND h >= 30 THEN 'Refund' ELSE 'CustomerOrder' END,
			       'L1',
			       CASE WHEN h < 20 THEN 'items[L1].price' WHEN h < 30 THEN 'discountAmount' WHEN h < 35 THEN 'inPayments[P1].refunds[R1]'
			            WHEN h < 150 THEN 'status' WHEN h < 300 THEN 'items[L1].quantity' ELSE 'total' END,
			       CASE WHEN h < 20 THEN 'price' WHEN h < 30 THEN 'discountAmount' WHEN h < 35 THEN ''
			            WHEN h < 150 THEN 'status' WHEN h < 300 THEN 'quantity' ELSE 'total' END,
			       IF(h >= 30 AND h < 35, 'added', 'changed'), '1', '2', 0, NULL, h < 35 OR h >= 300,
			       CASE WHEN h < 20 THEN 'price' WHEN h < 30 THEN 'discount' WHEN h < 35 THEN 'refund'
			            WHEN h < 150 THEN 'status' WHEN h < 300 THEN 'quantity' ELSE 'totals' END,
			       CASE WHEN h < 20 THEN 'LineItem' WHEN h < 30 THEN 'CustomerOrder' WHEN h < 35 THEN 'Refund'
			            WHEN h < 150 THEN 'CustomerOrder' WHEN h < 300 THEN 'LineItem' ELSE 'CustomerOrder' END,
			       '', IF(h < 35 OR h >= 300, (s.seq * 7919) %% 50000 / 100, NULL)
			FROM (SELECT seq, (seq * 7919) %% 1000 AS h FROM seq_%[1]d_to_%[2]d) s`, from, to, sets/8)); err != nil {
			return fmt.Errorf("changes %d–%d: %w", from, to, err)
		}
	}
	_, err := conn.ExecContext(ctx, `ANALYZE TABLE order_change_sets, order_changes`)
	return err
}

// BenchmarkHistoryAcross measures the managers' history page query (25 change sets with up to
// 60 changes each) over a million changes, for the filters managers use.
func BenchmarkHistoryAcross(b *testing.B) {
	st, n := bigHistory(b)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	deep := fmt.Sprintf("01H%023d", n/10)
	for _, c := range []struct {
		name string
		f    store.HistoryFilter
	}{
		{"newest", store.HistoryFilter{}},
		{"deep-page", store.HistoryFilter{Before: deep}},
		{"one-order", store.HistoryFilter{OrderID: fmt.Sprintf("01O%023d", 1234)}},
		{"one-order-one-field", store.HistoryFilter{OrderID: fmt.Sprintf("01O%023d", 1234), Topic: audit.TopicTotals}},
		{"person", store.HistoryFilter{ActorID: "u-7"}},
		{"store-last-7-days", store.HistoryFilter{StoreID: "books-uk", From: now.AddDate(0, 0, -7)}},
		{"price-overrides-this-week", store.HistoryFilter{Topic: audit.TopicPrice, From: now.AddDate(0, 0, -7)}},
		{"price-overrides-deep", store.HistoryFilter{Topic: audit.TopicPrice, Before: deep}},
		{"refunds-above-100", store.HistoryFilter{Topic: audit.TopicRefund, MinAmount: decimal.NewNullDecimal(decimal.NewFromInt(100))}},
		{"refunds-by-person", store.HistoryFilter{Topic: audit.TopicRefund, ActorID: "u-7"}},
		{"with-a-reason", store.HistoryFilter{HasReason: true}},
		{"reason-words", store.HistoryFilter{Reason: "damaged"}},
		{"discounts-with-reason-words", store.HistoryFilter{Topic: audit.TopicDiscount, Reason: "goodwill"}},
	} {
		c.f.Limit, c.f.ChangesPerSet = 25, 60
		b.Run(c.name, func(b *testing.B) {
			var sets int
			for b.Loop() {
				page, err := st.History(ctx, c.f)
				if err != nil {
					b.Fatal(err)
				}
				sets = len(page.Sets)
			}
			b.ReportMetric(float64(sets), "sets/page")
		})
	}
}
