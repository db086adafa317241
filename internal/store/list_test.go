package store_test

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/demo"
	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// listFixture stores 80 demo orders (every scenario, four stores and currencies, returns),
// some assigned to a clerk, and returns the store and the orders as saved.
func listFixture(t *testing.T) (*store.Store, []demo.Order) {
	t.Helper()
	st, _ := orderStore(t)
	ctx := context.Background()
	by := store.Actor{Label: "demo data", Source: store.SourceCLI}
	orders := demo.NewGenerator(11, testDay, order.DefaultStatusRules()).Orders(80)
	for i, d := range orders {
		if i%3 == 0 {
			d.Order.EmployeeID, d.Order.EmployeeName = "01JCLERK00000000000000000", "Carl Clerk"
		}
		if err := st.CreateOrder(ctx, by, d.Order); err != nil {
			t.Fatalf("order %d: %v", i, err)
		}
		for j, r := range d.Returns {
			if i%2 == 0 && j == 0 {
				r.Status = order.ReturnNew // still open
			}
			if err := st.CreateReturn(ctx, by, &r); err != nil {
				t.Fatalf("return of order %d: %v", i, err)
			}
		}
	}
	return st, orders
}

// allRows reads every order through the list in one page.
func allRows(t *testing.T, st *store.Store, q listing.Query) []store.ListRow {
	t.Helper()
	q.PageSize, q.After, q.Before = 100000, nil, nil
	page, err := st.ListOrders(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return page.Rows
}

func resolve(t *testing.T, query string) listing.Query {
	t.Helper()
	v, err := parseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	q, probs := listing.Resolve(listing.FromValues(v), testDay, listing.Viewer{UserID: "01JCLERK00000000000000000", ShowPrices: true})
	if len(probs) > 0 {
		t.Fatalf("%s: %v", query, probs)
	}
	return q
}

// TestListKeysetPagingEverySort walks every sort column in both directions page by page,
// forwards to the end and back to the start, and checks the pages join up to exactly the
// order a full sort in Go gives: no row lost, none repeated, however many rows tie.
func TestListKeysetPagingEverySort(t *testing.T) {
	t.Parallel()
	st, _ := listFixture(t)
	ctx := context.Background()
	all := allRows(t, st, resolve(t, ""))
	if len(all) != 80 {
		t.Fatalf("%d rows, want 80", len(all))
	}
	for _, col := range listing.Columns {
		for _, desc := range []bool{false, true} {
			name := col.Key
			if desc {
				name = "-" + name
			}
			t.Run(name, func(t *testing.T) {
				// The whole list in one query is what the pages must add up to; it must be
				// sorted by the column (text by the database's collation, so only checked
				// for the other columns), then by created date and id.
				want := allRows(t, st, resolve(t, "sort="+name))
				if len(want) != len(all) {
					t.Fatalf("%d rows sorted, want %d", len(want), len(all))
				}
				for i := 1; i < len(want); i++ {
					a, b := want[i-1], want[i]
					c, ok := cmpBy(col.Key, a, b)
					if !ok {
						continue // different text: the database's collation decides
					}
					if c == 0 {
						c = a.CreatedDate.Compare(b.CreatedDate)
					}
					if c == 0 {
						c = strings.Compare(a.ID, b.ID)
					}
					if desc {
						c = -c
					}
					if c > 0 || (c == 0 && a.ID != b.ID) {
						t.Fatalf("rows %d and %d out of order: %+v then %+v", i-1, i, a, b)
					}
				}
				q := resolve(t, "sort="+name+"&n=25")
				q.PageSize = 7
				var got []store.ListRow
				var pages []store.ListPage
				for i := 0; ; i++ {
					page, err := st.ListOrders(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if (i == 0) != (page.Prev == nil) {
						t.Fatalf("page %d: prev cursor %v", i, page.Prev)
					}
					got = append(got, page.Rows...)
					pages = append(pages, page)
					if page.Next == nil {
						break
					}
					q.After = page.Next
				}
				if ids(got) != ids(want) {
					t.Fatalf("forward pages:\n got %s\nwant %s", ids(got), ids(want))
				}
				// Back from the last page: each Prev gives the page before, exactly.
				q.After = nil
				for i := len(pages) - 1; i > 0; i-- {
					q.Before = pages[i].Prev
					back, err := st.ListOrders(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if ids(back.Rows) != ids(pages[i-1].Rows) {
						t.Fatalf("back to page %d:\n got %s\nwant %s", i-1, ids(back.Rows), ids(pages[i-1].Rows))
					}
					if (i-1 == 0) != (back.Prev == nil) || back.Next == nil {
						t.Fatalf("back to page %d: cursors prev=%v next=%v", i-1, back.Prev, back.Next)
					}
				}
			})
		}
	}
}

// cmpBy compares two rows by a column; for text columns it only knows equal (ignoring case)
// from different, and says !ok for different.
func cmpBy(key string, a, b store.ListRow) (c int, ok bool) {
	text := func(x, y string) (int, bool) { return 0, strings.EqualFold(x, y) }
	switch key {
	case "total":
		return a.Total.Cmp(b.Total), true
	case "balance":
		return a.BalanceDue.Cmp(b.BalanceDue), true
	case "approved":
		return cmp.Compare(strconv.FormatBool(a.IsApproved), strconv.FormatBool(b.IsApproved)), true
	case "items":
		return cmp.Compare(a.ItemCount, b.ItemCount), true
	case "created":
		return a.CreatedDate.Compare(b.CreatedDate), true
	case "number":
		return text(a.Number, b.Number)
	case "customer":
		return text(a.CustomerName, b.CustomerName)
	case "store":
		return text(a.StoreName, b.StoreName)
	case "currency":
		return text(a.Currency, b.Currency)
	case "status":
		return text(a.Status, b.Status)
	case "payment":
		return text(a.PaymentState, b.PaymentState)
	case "shipping":
		return text(a.ShippingState, b.ShippingState)
	case "assignee":
		return text(a.EmployeeName, b.EmployeeName)
	}
	panic("no comparison for column " + key)
}

func ids(rows []store.ListRow) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(r.Number + "/" + r.ID[20:] + " ")
	}
	return b.String()
}

// TestListFilters checks each filter against the same rule applied in Go to every order, and
// that each filter picks some orders and leaves out others (so the check can fail).
func TestListFilters(t *testing.T) {
	t.Parallel()
	st, _ := listFixture(t)
	all := allRows(t, st, resolve(t, ""))
	d := decimal.RequireFromString
	firstStore := all[0].StoreName
	tests := []struct {
		query string
		keep  func(r store.ListRow) bool
	}{
		{"status=New", func(r store.ListRow) bool { return r.Status == "New" }},
		{"status=Completed,Cancelled", func(r store.ListRow) bool { return r.Status == "Completed" || r.Status == "Cancelled" }},
		{"currency=EUR", func(r store.ListRow) bool { return r.Currency == "EUR" }},
		{"q=store:%22" + strings.ReplaceAll(firstStore, " ", "+") + "%22", func(r store.ListRow) bool { return r.StoreName == firstStore }},
		{"pay=paid", func(r store.ListRow) bool { return r.PaymentState == order.PayStatePaid }},
		{"ship=partial", func(r store.ListRow) bool { return r.ShippingState == order.ShipStatePartial }},
		{"unshipped=1", func(r store.ListRow) bool {
			return r.ShippingState == order.ShipStateUnshipped || r.ShippingState == order.ShipStatePartial
		}},
		{"unpaid=1", func(r store.ListRow) bool { return r.BalanceDue.IsPositive() }},
		{"cancelled=only", func(r store.ListRow) bool { return r.IsCancelled }},
		{"cancelled=no", func(r store.ListRow) bool { return !r.IsCancelled }},
		{"returns=open", func(r store.ListRow) bool { return r.OpenReturns > 0 }},
		{"assignee=me", func(r store.ListRow) bool { return r.EmployeeName == "Carl Clerk" }},
		{"assignee=none", func(r store.ListRow) bool { return r.EmployeeName == "" }},
		{"min=100&max=500", func(r store.ListRow) bool { return !r.Total.LessThan(d("100")) && !r.Total.GreaterThan(d("500")) }},
		{"q=total:>250", func(r store.ListRow) bool { return r.Total.GreaterThan(d("250")) }},
		{"created=7d", func(r store.ListRow) bool {
			return !r.CreatedDate.Before(testDay.Truncate(24*time.Hour).AddDate(0, 0, -6))
		}},
		{"from=2026-11-01&to=2026-11-15", func(r store.ListRow) bool {
			return !r.CreatedDate.Before(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)) && r.CreatedDate.Before(time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC))
		}},
		{"q=is:cancelled", func(r store.ListRow) bool { return r.IsCancelled }},
		{"cancelled=no&pay=paid&unshipped=1", func(r store.ListRow) bool {
			return !r.IsCancelled && r.PaymentState == order.PayStatePaid &&
				(r.ShippingState == order.ShipStateUnshipped || r.ShippingState == order.ShipStatePartial)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var want []store.ListRow
			for _, r := range all {
				if tt.keep(r) {
					want = append(want, r)
				}
			}
			if len(want) == 0 || len(want) == len(all) {
				t.Fatalf("the fixture does not exercise %s: %d of %d orders match", tt.query, len(want), len(all))
			}
			got := allRows(t, st, resolve(t, tt.query))
			if ids(got) != ids(want) {
				t.Errorf("got  %d: %s\nwant %d: %s", len(got), ids(got), len(want), ids(want))
			}
			n, more, err := st.CountOrders(context.Background(), resolve(t, tt.query), 10000)
			if err != nil || more || n != len(want) {
				t.Errorf("count = %d (more %v, %v), want %d", n, more, err, len(want))
			}
		})
	}
}

// TestListSearch covers the keyword box: exact numbers first, prefixes, names, e-mails,
// SKUs, tracking numbers, field syntax, and that an edit is searchable as soon as it commits.
func TestListSearch(t *testing.T) {
	t.Parallel()
	st, orders := listFixture(t)
	ctx := context.Background()
	target := orders[len(orders)/2].Order
	numbers := func(rows []store.ListRow) []string {
		var out []string
		for _, r := range rows {
			out = append(out, r.Number)
		}
		return out
	}

	// The exact number is the first row, marked exact.
	rows := allRows(t, st, resolve(t, "q="+target.Number))
	// Numbers are per store, so another store may share it: every exact row comes first.
	exact := 0
	for exact < len(rows) && rows[exact].Exact {
		if rows[exact].Number != target.Number {
			t.Errorf("exact row %s for %s", rows[exact].Number, target.Number)
		}
		exact++
	}
	if exact == 0 || !slices.ContainsFunc(rows[:exact], func(r store.ListRow) bool { return r.ID == target.ID }) {
		t.Fatalf("search %s: first rows %v", target.Number, numbers(rows))
	}
	// A number prefix finds every order numbered that day and nothing else.
	prefix := target.Number[:8]
	rows = allRows(t, st, resolve(t, "q="+prefix))
	if len(rows) == 0 {
		t.Fatalf("prefix %s found nothing", prefix)
	}
	for _, r := range rows {
		if !strings.HasPrefix(r.Number, prefix) {
			t.Errorf("prefix %s found %s", prefix, r.Number)
		}
	}
	// A shipment's tracking number, exactly.
	for _, d := range orders {
		if len(d.Order.Shipments) > 0 && d.Order.Shipments[0].TrackingNumber != "" {
			tn := d.Order.Shipments[0].TrackingNumber
			rows = allRows(t, st, resolve(t, "q="+tn))
			if len(rows) == 0 || rows[0].ID != d.Order.ID || !rows[0].Exact {
				t.Errorf("tracking %s: %v, want %s first", tn, numbers(rows), d.Order.Number)
			}
			break
		}
	}
	// Customer name words, e-mail and SKU with field syntax.
	var email, sku string
	for _, a := range target.Addresses {
		if a.Email != "" {
			email = a.Email
		}
	}
	sku = target.Items[0].Sku
	for _, query := range []string{
		"q=" + strings.ReplaceAll(target.CustomerName, " ", "+"),
		"q=customer:%22" + strings.ReplaceAll(target.CustomerName, " ", "+") + "%22",
		"q=" + email,
		"q=sku:" + sku,
		"q=sku:" + sku + "+status:" + target.Status,
	} {
		rows = allRows(t, st, resolve(t, query))
		if !slices.ContainsFunc(rows, func(r store.ListRow) bool { return r.ID == target.ID }) {
			t.Errorf("%s does not find %s: %v", query, target.Number, numbers(rows))
		}
	}
	for _, r := range allRows(t, st, resolve(t, "q=sku:"+sku)) {
		o, err := st.Order(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(o.Items, func(li order.LineItem) bool { return li.Sku == sku }) {
			t.Errorf("sku:%s found %s, which has no such line", sku, r.Number)
		}
	}

	// An edit is found by its new text, and no longer by the old, right after it commits.
	o, err := st.Order(ctx, target.ID)
	if err != nil {
		t.Fatal(err)
	}
	o.Comment = "Ring the bell twice"
	if err := st.SaveOrder(ctx, desk, o); err != nil {
		t.Fatal(err)
	}
	if rows = allRows(t, st, resolve(t, "q=bell+twice")); len(rows) != 1 {
		t.Errorf("the comment is not found: %v", numbers(rows))
	}
	o.CustomerName = "Zebulon Quixote"
	o.Comment = "Deliver to the loading dock"
	if err := st.SaveOrder(ctx, desk, o); err != nil {
		t.Fatal(err)
	}
	for _, query := range []string{"q=zebulon", "q=quix", "q=loading+dock", "q=customer:zebulon"} {
		rows = allRows(t, st, resolve(t, query))
		if len(rows) != 1 || rows[0].ID != target.ID {
			t.Errorf("%s after the edit: %v", query, numbers(rows))
		}
	}
	n, _, err := st.CountOrders(ctx, resolve(t, "q=zebulon"), 100)
	if err != nil || n != 1 {
		t.Errorf("count zebulon = %d, %v", n, err)
	}
	if rows = allRows(t, st, resolve(t, "q=bell+twice")); len(rows) != 0 {
		t.Errorf("the old comment still finds the order: %v", numbers(rows))
	}

	// Relevance paging: every match exactly once.
	q := resolve(t, "q="+prefix)
	q.PageSize = 3
	seen := map[string]bool{}
	for {
		page, err := st.ListOrders(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Rows {
			if seen[r.ID] {
				t.Fatalf("%s listed twice while paging by relevance", r.Number)
			}
			seen[r.ID] = true
		}
		if page.Next == nil {
			break
		}
		q.After = page.Next
	}
	if want := len(allRows(t, st, resolve(t, "q="+prefix))); len(seen) != want {
		t.Errorf("paged %d relevance rows, want %d", len(seen), want)
	}
}

// TestListCountIsCapped: beyond the limit the count stops and says so.
func TestListCountIsCapped(t *testing.T) {
	t.Parallel()
	st, _ := listFixture(t)
	n, more, err := st.CountOrders(context.Background(), resolve(t, ""), 25)
	if err != nil || n != 25 || !more {
		t.Fatalf("capped count = %d, %v, %v; want 25, true", n, more, err)
	}
	n, more, err = st.CountOrders(context.Background(), resolve(t, ""), 80)
	if err != nil || n != 80 || more {
		t.Fatalf("count at the limit = %d, %v, %v; want 80, false", n, more, err)
	}
}

// TestRefreshListings rebuilds list facts and search documents written by an older version.
func TestRefreshListings(t *testing.T) {
	t.Parallel()
	st, orders := listFixture(t)
	ctx := context.Background()
	before := allRows(t, st, resolve(t, ""))
	if _, err := st.DB().ExecContext(ctx, `UPDATE orders SET listing_version = 0, payment_state = '', item_count = 0`); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().ExecContext(ctx, `DELETE FROM order_search`); err != nil {
		t.Fatal(err)
	}
	n, err := st.RefreshListings(ctx)
	if err != nil || n != len(orders) {
		t.Fatalf("refreshed %d, %v; want %d", n, err, len(orders))
	}
	after := allRows(t, st, resolve(t, ""))
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("refreshed rows differ:\n%v\n%v", before, after)
	}
	if rows := allRows(t, st, resolve(t, "q="+orders[3].Order.Number)); len(rows) == 0 {
		t.Errorf("search documents were not rebuilt")
	}
	if n, err := st.RefreshListings(ctx); err != nil || n != 0 {
		t.Errorf("second refresh did %d, %v", n, err)
	}
}

func parseQuery(s string) (map[string][]string, error) {
	return url.ParseQuery(s)
}
