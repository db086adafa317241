package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/listing"
)

// benchTags puts three tags on the million orders, straight in SQL: backorder on every tenth
// order (10 %), urgent on every fiftieth (2 %, all of them backordered too), vip on every thousandth (0.1 %). Rebuilt when
// the counts do not match (a fresh order fixture truncates nothing here, so it checks).
func benchTags(b *testing.B, conn *sqlx.DB, n int) {
	b.Helper()
	ctx := context.Background()
	want := n/10 + n/50 + n/1000
	var have int
	_ = conn.GetContext(ctx, &have, `SELECT COUNT(*) FROM order_tags ot JOIN orders o ON o.id = ot.order_id AND o.created_date = ot.created_date`)
	if have == want {
		return
	}
	start := time.Now()
	for _, q := range []string{
		`TRUNCATE TABLE order_tags`, `TRUNCATE TABLE tags`,
		`INSERT INTO tags (id, name, colour, created_date) VALUES
			('01BENCHTAG0000000000000001', 'backorder', 'orange', NOW(6)),
			('01BENCHTAG0000000000000002', 'urgent', 'red', NOW(6)),
			('01BENCHTAG0000000000000003', 'vip', 'purple', NOW(6))`,
		`INSERT INTO order_tags (tag_id, created_date, order_id)
			SELECT '01BENCHTAG0000000000000001', created_date, id FROM orders WHERE CAST(SUBSTRING(id, 8) AS UNSIGNED) % 10 = 0`,
		`INSERT INTO order_tags (tag_id, created_date, order_id)
			SELECT '01BENCHTAG0000000000000002', created_date, id FROM orders WHERE CAST(SUBSTRING(id, 8) AS UNSIGNED) % 50 = 0`,
		`INSERT INTO order_tags (tag_id, created_date, order_id)
			SELECT '01BENCHTAG0000000000000003', created_date, id FROM orders WHERE CAST(SUBSTRING(id, 8) AS UNSIGNED) % 1000 = 7`,
		`ANALYZE TABLE tags, order_tags`,
	} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("tagged %d orders in %v", want, time.Since(start).Round(time.Second))
}

// BenchmarkTagFilters measures tag:x, -tag:x and a tag with a status at a million orders: the
// list's page (with every row's chips) and its capped count, each beside its bare-SQL twin (the
// same rows read by a hand-written query on the same indexes) and the ratio of the two.
func BenchmarkTagFilters(b *testing.B) {
	st, n := bigStore(b)
	conn := st.DB()
	benchTags(b, conn, n)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	who := listing.Viewer{UserID: "u-ann", ShowPrices: true}
	const urgent, vip = "01BENCHTAG0000000000000002", "01BENCHTAG0000000000000003"
	for _, c := range []struct {
		name, query     string
		bare, bareCount string
		args            []any
	}{
		{"tag-2-percent", "q=tag:urgent",
			`SELECT o.id FROM order_tags ot JOIN orders o ON o.id = ot.order_id
			 WHERE ot.tag_id = ? ORDER BY ot.created_date DESC, ot.order_id DESC LIMIT 51`,
			`SELECT COUNT(*) FROM (SELECT 1 FROM order_tags WHERE tag_id = ? LIMIT 10001) c`, []any{urgent}},
		{"tag-0.1-percent", "q=tag:vip",
			`SELECT o.id FROM order_tags ot JOIN orders o ON o.id = ot.order_id
			 WHERE ot.tag_id = ? ORDER BY ot.created_date DESC, ot.order_id DESC LIMIT 51`,
			`SELECT COUNT(*) FROM (SELECT 1 FROM order_tags WHERE tag_id = ? LIMIT 10001) c`, []any{vip}},
		{"not-tag", "q=-tag:urgent",
			`SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_tags ot WHERE ot.order_id = o.id AND ot.tag_id = ?)
			 ORDER BY o.created_date DESC, o.id DESC LIMIT 51`,
			`SELECT COUNT(*) FROM (SELECT 1 FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_tags ot WHERE ot.order_id = o.id AND ot.tag_id = ?) LIMIT 10001) c`, []any{urgent}},
		{"tag-and-status", "q=tag:urgent+status:New",
			`SELECT o.id FROM order_tags ot JOIN orders o ON o.id = ot.order_id
			 WHERE ot.tag_id = ? AND o.status = 'New' ORDER BY ot.created_date DESC, ot.order_id DESC LIMIT 51`,
			`SELECT COUNT(*) FROM (SELECT 1 FROM order_tags ot JOIN orders o ON o.id = ot.order_id WHERE ot.tag_id = ? AND o.status = 'New' LIMIT 10001) c`, []any{urgent}},
		{"two-tags", "q=tag:urgent+tag:backorder",
			`SELECT o.id FROM order_tags ot JOIN order_tags b ON b.order_id = ot.order_id AND b.tag_id = '01BENCHTAG0000000000000001'
			 JOIN orders o ON o.id = ot.order_id WHERE ot.tag_id = ? ORDER BY ot.created_date DESC, ot.order_id DESC LIMIT 51`,
			`SELECT COUNT(*) FROM (SELECT 1 FROM order_tags ot JOIN order_tags b ON b.order_id = ot.order_id AND b.tag_id = '01BENCHTAG0000000000000001' WHERE ot.tag_id = ? LIMIT 10001) c`, []any{urgent}},
	} {
		v, err := parseQuery(c.query)
		if err != nil {
			b.Fatal(err)
		}
		q, probs := listing.Resolve(listing.FromValues(v), now, who)
		if len(probs) > 0 {
			b.Fatalf("%s: %v", c.name, probs)
		}
		twin := func(b *testing.B, query string) time.Duration {
			var took []time.Duration
			for range 21 {
				start := time.Now()
				rows, err := conn.QueryContext(ctx, query, c.args...)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
				}
				rows.Close()
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			return took[len(took)/2]
		}
		b.Run("list/"+c.name, func(b *testing.B) {
			bare := twin(b, c.bare)
			var rows int
			start := time.Now()
			for b.Loop() {
				page, err := st.ListOrders(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				rows = len(page.Rows)
			}
			per := time.Since(start) / time.Duration(b.N)
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(bare.Microseconds())/1000, "bare-ms")
			b.ReportMetric(float64(per)/float64(bare), "x-bare")
		})
		b.Run("count/"+c.name, func(b *testing.B) {
			bare := twin(b, c.bareCount)
			var got int
			start := time.Now()
			for b.Loop() {
				n, _, err := st.CountOrders(ctx, q, 10000)
				if err != nil {
					b.Fatal(err)
				}
				got = n
			}
			per := time.Since(start) / time.Duration(b.N)
			b.ReportMetric(float64(got), "counted")
			b.ReportMetric(float64(bare.Microseconds())/1000, "bare-ms")
			b.ReportMetric(float64(per)/float64(bare), "x-bare")
		})
	}
}
