package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// listServer is a server with 30 demo orders, a clerk (sees prices), field staff (not) and a
// manager.
func listServer(t *testing.T) (*testenv.Server, []demo.Order) {
	t.Helper()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	return srv, srv.SeedDemo(t, 5, 30)
}

func (c *client) htmx(path string, headers ...string) response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.srv.URL+path, nil)
	req.Header.Set("HX-Request", "true")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return c.do(req)
}

func TestOrderListFiltersSwapOnlyResults(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	clerk := newClient(t, srv)
	clerk.mustLogin("clerk@example.com")

	full := clerk.get("/orders?status=New")
	if full.StatusCode != http.StatusOK || !strings.Contains(full.body, "<html") || !full.has("#order-filter") {
		t.Fatalf("full page: %d", full.StatusCode)
	}
	part := clerk.htmx("/orders?status=New")
	if part.StatusCode != http.StatusOK || strings.Contains(part.body, "<html") || part.has("#order-filter") ||
		!strings.HasPrefix(strings.TrimSpace(part.body), `<section id="results"`) {
		t.Fatalf("htmx answer is not just the results:\n%.300s", part.body)
	}
	if !part.has(`#err-from.field-error[role="alert"][hx-swap-oob="true"]`) {
		t.Error("the results do not refresh the field messages out of band")
	}
	// Restoring history needs the whole page.
	if restore := clerk.htmx("/orders?status=New", "HX-History-Restore-Request", "true"); !strings.Contains(restore.body, "<html") {
		t.Error("a history restore got a fragment")
	}
	// The rows are exactly the New orders, and the count says how many.
	want := 0
	for _, d := range orders {
		if d.Order.Status == order.OrderNew {
			want++
		}
	}
	if got := part.count(testid("order-row")); got != want || want == 0 {
		t.Errorf("%d rows, want %d New orders", got, want)
	}
	if !strings.Contains(part.body, ">"+strconv.Itoa(want)+" orders<") {
		t.Errorf("count for %d orders missing", want)
	}

	// A bad date is named at its field; the rest of the filter still applies.
	bad := clerk.htmx("/orders?status=New&from=23.11.2026")
	if !regexp.MustCompile(`id="err-from"[^>]*>Use a date like`).MatchString(bad.body) {
		t.Errorf("no message at the from field:\n%s", bad.body)
	}
	if got := bad.count(testid("order-row")); got != want {
		t.Errorf("with a bad date, %d rows, want %d", got, want)
	}
	// A forged cursor is a clear 400, not a crash.
	if res := clerk.get("/orders?after=bogus"); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "link is broken") {
		t.Errorf("bad cursor: %d", res.StatusCode)
	}
	// Paging: 30 orders at 25 a page has a next link, and the second page holds the rest.
	first := clerk.get("/orders?n=25")
	next := regexp.MustCompile(`rel="next" href="([^"]+)"`).FindStringSubmatch(first.body)
	if next == nil {
		t.Fatal("no next page link")
	}
	second := clerk.get(htmlUnescape(next[1]))
	if got := second.count(testid("order-row")); got != 5 {
		t.Errorf("second page has %d rows, want 5", got)
	}
	if strings.Contains(second.body, `rel="next"`) || !strings.Contains(second.body, `rel="prev"`) {
		t.Error("last page links are wrong")
	}
}

func TestOrderListHidesMoneyWithoutReadPrices(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	field := newClient(t, srv)
	field.mustLogin("field@example.com")
	total := order.CurrencyFor(orders[0].Order.Currency).Fixed(orders[0].Order.Total)

	page := field.get("/orders?col=number&col=total&col=balance&sort=-total&min=1")
	if strings.Contains(page.body, `data-label="Total"`) || strings.Contains(page.body, `data-label="Balance due"`) ||
		page.has(`[name="min"]`) || strings.Contains(page.body, "total:&gt;100") {
		t.Error("field staff see money columns or money filters")
	}
	if got := page.count(testid("order-row")); got != 30 {
		t.Errorf("a money filter narrowed field staff's list to %d", got)
	}
	csvRes := field.get("/orders/export.csv?col=number&col=total")
	if strings.Contains(csvRes.body, "Total") || strings.Contains(csvRes.body, total) {
		t.Errorf("field staff's CSV has money:\n%s", csvRes.body)
	}

	clerk := newClient(t, srv)
	clerk.mustLogin("clerk@example.com")
	if page := clerk.get("/orders?col=number&col=total"); !strings.Contains(page.body, `data-label="Total"`) {
		t.Error("the clerk does not see totals")
	}
}

func TestOrderListCSVExport(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	clerk := newClient(t, srv)
	clerk.mustLogin("clerk@example.com")

	res := clerk.get("/orders/export.csv?col=number&col=customer&col=total&col=created&bom=1")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || res.Header.Get("X-Row-Estimate") != "30" {
		t.Fatalf("export: %d %v", res.StatusCode, res.Header)
	}
	if !strings.HasPrefix(res.body, "\xEF\xBB\xBF") {
		t.Error("bom=1 did not start the file with a byte-order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.body, "\xEF\xBB\xBF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], "|") != "Number|Customer|Total|Total currency|Created|Tags" || len(recs) != 31 {
		t.Fatalf("header %v, %d records", recs[0], len(recs))
	}
	byNumber := map[string][]string{}
	for _, r := range recs[1:] {
		byNumber[r[0]+"|"+r[1]] = r
	}
	for _, d := range orders {
		o := d.Order
		r, ok := byNumber[o.Number+"|"+o.CustomerName]
		if !ok {
			t.Errorf("order %s missing from the export", o.Number)
			continue
		}
		// Money is a plain decimal, no symbols or separators.
		if want := order.CurrencyFor(o.Currency).Fixed(o.Total); r[2] != want || r[3] != o.Currency {
			t.Errorf("%s total %q %q, want %q %q", o.Number, r[2], r[3], want, o.Currency)
		}
	}
	plain := clerk.get("/orders/export.csv?status=New")
	if strings.HasPrefix(plain.body, "\xEF\xBB\xBF") {
		t.Error("a BOM without asking")
	}
}

func TestSavedViewsPrivateAndShared(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	clerk := newClient(t, srv)
	clerk.mustLogin("clerk@example.com")
	manager := newClient(t, srv)
	manager.mustLogin("manager@example.com")

	save := func(c *client, name, query string, shared bool) response {
		form := url.Values{"gorilla.csrf.Token": {c.token("/orders")}, "name": {name}, "query": {query}}
		if shared {
			form.Set("shared", "1")
		}
		return c.post("/orders/views", form)
	}
	if res := save(clerk, "My EUR", "currency=EUR", false); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save view: %d %s", res.StatusCode, res.body)
	}
	if res := save(clerk, "Team GBP", "currency=GBP&bogus=1", true); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save shared view: %d", res.StatusCode)
	}
	gbp := 0
	for _, d := range orders {
		if d.Order.Currency == "GBP" {
			gbp++
		}
	}
	bar := manager.htmx("/orders/views")
	if strings.Contains(bar.body, "My EUR") || !strings.Contains(bar.body, "Team GBP") {
		t.Fatalf("manager's views:\n%s", bar.body)
	}
	if !regexp.MustCompile(`Team GBP.*?data-testid="view-count">` + strconv.Itoa(gbp) + `<`).MatchString(bar.body) {
		t.Errorf("shared view count is not %d:\n%s", gbp, bar.body)
	}
	// The saved filter keeps only what the list understands.
	if strings.Contains(bar.body, "bogus") {
		t.Error("an unknown parameter was saved")
	}
	// Someone else's view cannot be deleted by a clerk… (it is the manager's page that lists it)
	page := clerk.get("/orders/views")
	ids := regexp.MustCompile(`/orders/views/([0-9A-Z]{26})/delete`).FindAllStringSubmatch(page.body, -1)
	if len(ids) != 2 {
		t.Fatalf("clerk's views page lists %d deletable views", len(ids))
	}
	res := manager.post("/orders/views/"+ids[0][1]+"/delete", url.Values{"gorilla.csrf.Token": {manager.token("/orders")}})
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("manager deleted the clerk's view: %d", res.StatusCode)
	}
	// … and a nameless view is refused with a message.
	res = save(clerk, " ", "status=New", false)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("nameless view: %d", res.StatusCode)
	}
	if next := clerk.get(res.Header.Get("Location")); !strings.Contains(next.body, "Give the view a name") {
		t.Error("no message for a nameless view")
	}
}

func htmlUnescape(s string) string { return strings.ReplaceAll(s, "&amp;", "&") }

// TestOrderListKeepsToTheUsersScopes: a clerk limited to one store, and another limited to the
// orders assigned to them, see only those in the list, searches, counts, views and exports.
func TestOrderListKeepsToTheUsersScopes(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	books := srv.CreateUser(t, "books@example.com", auth.RoleClerk)
	if err := srv.Store.SetUserScope(ctx, admin, books.ID, []string{"books-uk"}, false); err != nil {
		t.Fatal(err)
	}
	mine := srv.CreateUser(t, "mine@example.com", auth.RoleClerk)
	if err := srv.Store.SetUserScope(ctx, admin, mine.ID, nil, true); err != nil {
		t.Fatal(err)
	}
	var inBooks, outside *order.CustomerOrder
	booksCount := 0
	for _, d := range orders {
		if d.Order.StoreID == "books-uk" {
			inBooks = d.Order
			booksCount++
		} else {
			outside = d.Order
		}
	}
	// Assign one order to the "mine" clerk.
	assigned, err := srv.Store.Order(ctx, outside.ID)
	if err != nil {
		t.Fatal(err)
	}
	assigned.EmployeeID, assigned.EmployeeName = mine.ID, "Mine"
	if err := srv.Store.SaveOrder(ctx, admin, assigned); err != nil {
		t.Fatal(err)
	}

	c := newClient(t, srv)
	c.mustLogin("books@example.com")
	page := c.get("/orders?n=200")
	if got := page.count(testid("order-row")); got != booksCount || strings.Contains(page.body, outside.Number+"<") {
		t.Errorf("store-scoped clerk sees %d rows, want %d", got, booksCount)
	}
	if !strings.Contains(page.body, ">"+strconv.Itoa(booksCount)+" orders<") {
		t.Error("the count is not limited to the store")
	}
	if res := c.htmx("/orders?q=" + url.QueryEscape(outside.Number)); res.has(testid("order-row")) && strings.Contains(res.body, "/orders/"+outside.ID) {
		t.Error("a search by another store's order number finds it")
	}
	if res := c.htmx("/orders?q=" + url.QueryEscape(inBooks.Number)); !strings.Contains(res.body, "/orders/"+inBooks.ID) {
		t.Error("a search by the clerk's own store's number finds nothing")
	}
	export := c.get("/orders/export.csv?col=number&col=store")
	if strings.Contains(export.body, "Volt Electronics") || strings.Count(export.body, "\n") != booksCount+1 {
		t.Errorf("the export leaves the store scope:\n%s", export.body)
	}
	views := c.htmx("/orders/views")
	for _, m := range regexp.MustCompile(`data-testid="view-count">([0-9,]+)<`).FindAllStringSubmatch(views.body, -1) {
		if n, _ := strconv.Atoi(m[1]); n > booksCount {
			t.Errorf("a view counts %d orders, more than the clerk's store has", n)
		}
	}

	m := newClient(t, srv)
	m.mustLogin("mine@example.com")
	page = m.get("/orders")
	if got := page.count(testid("order-row")); got != 1 || !strings.Contains(page.body, "/orders/"+assigned.ID) {
		t.Errorf("the only-mine clerk sees %d rows", got)
	}
}

// TestSendToAvaTaxFromTheList: ticked orders go to the AvaTax queue; the tick boxes appear only
// for those who may do it.
func TestSendToAvaTaxFromTheList(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	o := orders[0].Order
	if err := srv.Store.SaveAvaTaxSettings(ctx, admin, store.AvaTaxSettings{StoreID: o.StoreID, Enabled: true,
		ServiceURL: "http://127.0.0.1:1", AccountNumber: "1", LicenseKey: "k", CompanyCode: "C"}); err != nil {
		t.Fatal(err)
	}
	clerk := newClient(t, srv)
	clerk.mustLogin("clerk@example.com")
	// A clerk ticks rows to ship them together, but is not offered AvaTax.
	if clerk.get("/orders").has(`[form="bulk"][name="action"][value="avatax"]`) {
		t.Error("a clerk (no tax:manage) is offered Send to AvaTax")
	}
	m := newClient(t, srv)
	m.mustLogin("manager@example.com")
	page := m.get("/orders")
	if !page.has(`[name="id"][value="` + o.ID + `"][form="bulk"]`) {
		t.Fatal("no tick box for the order")
	}
	if !page.has(`[form="bulk"][name="action"][value="avatax"]`) {
		t.Error("a manager is not offered Send to AvaTax")
	}
	res := m.post("/orders/avatax", url.Values{"gorilla.csrf.Token": {m.token("/orders")}, "id": {o.ID}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d", res.StatusCode)
	}
	if st, ok, _ := srv.Store.AvaTaxStatus(ctx, o.ID); !ok || st.Status != "pending" {
		t.Errorf("queue: %+v %v", st, ok)
	}
	if next := m.get(res.Header.Get("Location")); !strings.Contains(next.body, "Queued 1 of 1 orders for AvaTax") {
		t.Error("no message after sending")
	}
}

// TestViewsPageOffersDeleteOnlyWhereAllowed: the views page shows Delete on the user's own
// views, and on views others shared only to an administrator (admin:settings, which managers
// have too); the button that is shown works.
func TestViewsPageOffersDeleteOnlyWhereAllowed(t *testing.T) {
	t.Parallel()
	srv, _ := listServer(t)
	clerk, field, admin := newClient(t, srv), newClient(t, srv), newClient(t, srv)
	clerk.mustLogin("clerk@example.com")
	field.mustLogin("field@example.com")
	admin.mustLogin("manager@example.com")
	for name, shared := range map[string]bool{"Team GBP": true, "My EUR": false} {
		form := url.Values{"gorilla.csrf.Token": {clerk.token("/orders")}, "name": {name}, "query": {"currency=GBP"}}
		if shared {
			form.Set("shared", "1")
		}
		if res := clerk.post("/orders/views", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save %s: %d", name, res.StatusCode)
		}
	}
	deletable := func(c *client) []string {
		t.Helper()
		page := c.get("/orders/views")
		var names []string
		for _, item := range regexp.MustCompile(`(?s)<li data-testid="saved-view">(.*?)</li>`).FindAllStringSubmatch(page.body, -1) {
			name := regexp.MustCompile(`<a [^>]*>([^<]*)</a>`).FindStringSubmatch(item[1])[1]
			if strings.Contains(item[1], `/delete"`) && strings.Contains(item[1], ">Delete</button>") {
				names = append(names, name)
			}
		}
		slices.Sort(names)
		return names
	}
	for _, c := range []struct {
		who  string
		c    *client
		want []string
	}{
		{"the owner", clerk, []string{"My EUR", "Team GBP"}},
		{"someone else", field, nil},
		{"an administrator", admin, []string{"Team GBP"}},
	} {
		if got := deletable(c.c); !slices.Equal(got, c.want) {
			t.Errorf("%s is offered Delete on %q, want %q", c.who, got, c.want)
		}
	}
	// The one button the administrator sees does delete.
	page := admin.get("/orders/views")
	id := regexp.MustCompile(`/orders/views/([0-9A-Z]{26})/delete`).FindStringSubmatch(page.body)[1]
	if res := admin.post("/orders/views/"+id+"/delete", url.Values{"gorilla.csrf.Token": {admin.token("/orders/views")}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the administrator's Delete answered %d", res.StatusCode)
	}
	if got := deletable(clerk); !slices.Equal(got, []string{"My EUR"}) {
		t.Errorf("after the administrator deleted the shared view, the owner has %q", got)
	}
}

// TestSearchOpensASoleExactMatch: a search sent with open=exact (Enter in a search box) goes to
// the order one number matches exactly, with htmx by HX-Redirect; anything else lists.
func TestSearchOpensASoleExactMatch(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	target := orders[3].Order
	if res := c.get("/orders?open=exact&q=" + target.Number); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/orders/"+target.ID {
		t.Errorf("Enter on %s: %d → %q, want 303 to its order", target.Number, res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.htmx("/orders?open=exact&q=" + target.Number); res.Header.Get("HX-Redirect") != "/orders/"+target.ID {
		t.Errorf("Enter on %s with htmx: %d, HX-Redirect %q", target.Number, res.StatusCode, res.Header.Get("HX-Redirect"))
	}
	if res := c.get("/orders?q=" + target.Number); res.StatusCode != http.StatusOK || !res.has(".exact") {
		t.Errorf("typing %s: %d, want the list with the exact row", target.Number, res.StatusCode)
	}
	if res := c.get("/orders?open=exact&q=is:unpaid"); res.StatusCode != http.StatusOK {
		t.Errorf("Enter on a search without an exact match: %d, want the list", res.StatusCode)
	}
}
