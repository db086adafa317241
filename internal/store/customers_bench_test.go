package store_test

import (
	"context"
	"testing"
	"time"

	"orderdesk/internal/listing"
	"orderdesk/internal/store"
)

// BenchmarkCustomerPanel measures the customer panel's figures (CustomerSummary) and the
// customer page's first page of orders at a million orders, for a typical customer (about 50
// orders) and for the biggest (cust-big, 47,619 orders across every store and assignee),
// unscoped and within one store or one assignee. Beside each store call, the same SQL run bare
// on the connection: "bare-ms" and the ratio say what the store adds. The page is what the
// customer page reads: the summary and the first page of their orders (its count is the
// figures' own, not a count of the orders).
func BenchmarkCustomerPanel(b *testing.B) {
	st, _ := bigStore(b)
	ctx := context.Background()
	for _, c := range []struct {
		name, customer string
		scope          listing.Scope
	}{
		{"typical", "cust-1234", listing.Scope{}},
		{"biggest", "cust-big", listing.Scope{}},
		{"biggest-one-store", "cust-big", listing.Scope{StoreIDs: []string{"books-uk"}}},
		{"biggest-assigned-to-one", "cust-big", listing.Scope{AssignedTo: "u-ann"}},
	} {
		b.Run("panel/"+c.name, func(b *testing.B) {
			var sum store.CustomerSummary
			for b.Loop() {
				var err error
				if sum, err = st.CustomerSummary(ctx, c.customer, c.scope); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(sum.Orders), "orders")
			per := b.Elapsed() / time.Duration(b.N)
			bare := bareCustomerSummary(b, st, c.customer, c.scope)
			b.ReportMetric(float64(bare.Microseconds())/1000, "bare-ms")
			b.ReportMetric(float64(per)/float64(bare), "x-bare")
		})
	}
	for _, c := range []struct{ name, customer string }{
		{"typical", "cust-1234"},
		{"biggest", "cust-big"},
	} {
		q := listing.Query{CustomerIDs: []string{c.customer}, Sort: "created", Desc: true, PageSize: listing.DefaultPageSize}
		b.Run("page/"+c.name, func(b *testing.B) {
			var rows, n int
			for b.Loop() {
				sum, err := st.CustomerSummary(ctx, c.customer, listing.Scope{})
				if err != nil {
					b.Fatal(err)
				}
				page, err := st.ListOrders(ctx, q)
				if err != nil {
					b.Fatal(err)
				}
				rows, n = len(page.Rows), sum.Orders
			}
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(n), "orders")
		})
	}
}

// bareCustomerSummary runs CustomerSummary's five queries straight on the connection (the
// figures, the currencies, the first and the latest order, the latest order's addresses) and
// answers the mean time of one round.
func bareCustomerSummary(b *testing.B, st *store.Store, customer string, scope listing.Scope) time.Duration {
	b.Helper()
	ctx := context.Background()
	where, args := "customer_id = ?", []any{customer}
	for i, s := range scope.StoreIDs {
		if i == 0 {
			where += " AND store_id IN (?"
		} else {
			where += ", ?"
		}
		args = append(args, s)
		if i == len(scope.StoreIDs)-1 {
			where += ")"
		}
	}
	if scope.AssignedTo != "" {
		where += " AND employee_id = ?"
		args = append(args, scope.AssignedTo)
	}
	const rounds = 200
	start := time.Now()
	for range rounds {
		var figures []struct {
			Currency  string  `db:"currency"`
			Orders    int     `db:"orders"`
			Cancelled int     `db:"cancelled"`
			Spend     float64 `db:"spend"`
			Balance   float64 `db:"balance"`
			Returns   int     `db:"returns"`
		}
		if err := st.DB().SelectContext(ctx, &figures, `
			SELECT currency, SUM(orders) AS orders, SUM(cancelled) AS cancelled,
			       SUM(spend) AS spend, SUM(balance) AS balance, SUM(returns) AS returns
			FROM customer_stats
			WHERE `+where+`
			GROUP BY currency
			HAVING SUM(orders) > 0
			ORDER BY currency`, args...); err != nil {
			b.Fatal(err)
		}
		var codes []string
		if err := st.DB().SelectContext(ctx, &codes, `SELECT code FROM currencies`); err != nil {
			b.Fatal(err)
		}
		var latest string
		for _, dir := range []string{"ASC", "DESC"} {
			var row struct {
				ID          string    `db:"id"`
				Number      string    `db:"number"`
				Name        string    `db:"customer_name"`
				IsAnonymous bool      `db:"is_anonymous"`
				Created     time.Time `db:"created_date"`
			}
			if err := st.DB().GetContext(ctx, &row, `
				SELECT id, number, customer_name, is_anonymous, created_date
				FROM orders FORCE INDEX (ix_orders_customer_created)
				WHERE `+where+`
				ORDER BY created_date `+dir+`, id `+dir+`
				LIMIT 1`, args...); err != nil {
				b.Fatal(err)
			}
			latest = row.ID
		}
		var lines []string
		if err := st.DB().SelectContext(ctx, &lines, `
			SELECT line1
			FROM order_addresses
			WHERE order_id = ? AND owner_type = 'order'`, latest); err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start) / rounds
}
