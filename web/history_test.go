package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

func (c *client) getHTMX(path string) response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.srv.URL+path, nil)
	req.Header.Set("HX-Request", "true")
	return c.do(req)
}

func TestOrderHistoryTabFiltersAndPages(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	_, o := seedHistory(t, srv)
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	base := "/orders/" + o.ID + "/history"

	page := c.get(base)
	if page.StatusCode != http.StatusOK {
		t.Fatalf("history: %d", page.StatusCode)
	}
	if n := page.count(testid("history-entry")); n != 4 {
		t.Errorf("%d entries, want 4 (creation and three edits)", n)
	}
	// Newest first: the quantity change before the comment before the creation.
	iq, ic, ib := strings.Index(page.body, "quantity"), strings.Index(page.body, "Leave with the neighbour"), strings.Index(page.body, "created")
	if iq < 0 || ic < 0 || ib < 0 || !(iq < ic && ic < ib) {
		t.Errorf("entries not newest first (quantity %d, comment %d, created %d)", iq, ic, ib)
	}
	for _, tc := range []struct {
		query string
		want  int
		has   string
	}{
		{"?topic=price", 1, "price match with competitor"},
		{"?topic=comment&person=u-bob", 1, "Leave with the neighbour"},
		{"?topic=quantity&person=u-bob", 0, ""},
		{"?q=neighbour", 1, "bob@example.com"},
		{"?q=" + o.Items[0].Sku + "+quantity", 1, "quantity"},
		{"?doc=LineItem", 3, ""}, // the creation added the lines
		{"?period=today", 4, ""},
		{"?period=custom&from=2020-01-01&to=2020-01-31", 0, ""},
	} {
		res := c.get(base + tc.query)
		if n := res.count(testid("history-entry")); n != tc.want || !strings.Contains(res.body, tc.has) {
			t.Errorf("%s: %d entries (want %d), has %q: %v", tc.query, n, tc.want, tc.has, strings.Contains(res.body, tc.has))
		}
	}
	// htmx gets only the results; the URL state is echoed in the form on a full load.
	frag := c.getHTMX(base + "?topic=price")
	if strings.Contains(frag.body, "<html") || !frag.has(testid("history-entry")) {
		t.Error("htmx request did not get the results fragment alone")
	}
	full := c.get(base + "?topic=price")
	if !full.has(`option[value="price"][selected]`) {
		t.Error("the filter form does not show the chosen field")
	}
	// Bad input: a clear message, no results, no crash.
	bad := c.get(base + "?period=custom&from=yesterday")
	if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "use a date like") {
		t.Errorf("bad date: %d", bad.StatusCode)
	}

	// Keyset paging: 30 more edits make two pages of 25; the second starts where the first ended.
	ctx := context.Background()
	for i := range 30 {
		cur, err := srv.Store.Order(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.PurchaseOrderNumber = fmt.Sprintf("PO-%d", i)
		if err := srv.Store.SaveOrder(ctx, store.Actor{UserID: "u-ann", Label: "ann@example.com", Source: store.SourceDesk}, cur); err != nil {
			t.Fatal(err)
		}
	}
	first := c.get(base)
	if n := first.count(testid("history-entry")); n != 25 {
		t.Fatalf("first page has %d entries, want 25", n)
	}
	older := between(first.body, `href="`+base+`?before=`, `"`)
	if older == "" {
		t.Fatal("no link to older changes")
	}
	second := c.get(base + "?before=" + older)
	if n := second.count(testid("history-entry")); n != 9 {
		t.Errorf("second page has %d entries, want 9", n)
	}
	if strings.Contains(second.body, "PO-29") || !strings.Contains(second.body, "PO-0") {
		t.Error("second page repeats the first or misses the oldest")
	}
}

func TestCompareTwoVersions(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	first, now := seedHistory(t, srv)
	sets, err := srv.Store.OrderHistory(context.Background(), now.ID)
	if err != nil {
		t.Fatal(err)
	}
	cur := order.CurrencyFor(now.Currency)
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	page := c.get("/orders/" + now.ID + "/compare?from=" + sets[0].ID)
	if page.StatusCode != http.StatusOK {
		t.Fatalf("compare: %d\n%s", page.StatusCode, page.body)
	}
	delta := cur.Fixed(now.Total.Sub(first.Total))
	if !strings.HasPrefix(delta, "-") {
		delta = "+" + delta
	}
	for _, want := range []string{`data-testid="compare-totals"`, cur.Fixed(first.Total), cur.Fixed(now.Total), delta,
		`class="changed"`, "Leave with the neighbour", `data-testid="compare-line"`, "Version 1", "Now (version 4)"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("compare lacks %q", want)
		}
	}
	if !page.has(`option[value="`+sets[0].ID+`"][selected]`) || !page.has(`[name="to"]`) {
		t.Error("the version pickers do not offer any two versions with the compared ones chosen")
	}
	// Without from: the version before to.
	page = c.get("/orders/" + now.ID + "/compare?to=" + sets[2].ID)
	if !strings.Contains(page.body, "Version 2") || !strings.Contains(page.body, "Version 3") {
		t.Error("compare without from does not take the previous version")
	}
	field := newClient(t, srv)
	field.mustLogin("field@example.com")
	page = field.get("/orders/" + now.ID + "/compare?from=" + sets[0].ID)
	if strings.Contains(page.body, cur.Fixed(now.Total)) || strings.Contains(page.body, "compare-totals") {
		t.Error("field staff see money in a comparison")
	}
	if res := c.get("/orders/" + now.ID + "/compare?from=nonsense"); res.StatusCode != http.StatusNotFound {
		t.Errorf("bad version: %d", res.StatusCode)
	}
}

func TestManagersHistoryAcrossOrdersAndCSV(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	_, a := seedHistory(t, srv)
	_, b := seedHistory(t, srv)
	m := newClient(t, srv)
	m.mustLogin("manager@example.com")
	page := m.get("/history")
	if page.StatusCode != http.StatusOK {
		t.Fatalf("history: %d", page.StatusCode)
	}
	if n := page.count(testid("history-entry")); n != 8 {
		t.Errorf("%d change sets across two orders, want 8", n)
	}
	if !strings.Contains(page.body, a.Number) || !strings.Contains(page.body, b.Number) {
		t.Error("orders not named")
	}
	res := m.get("/history?topic=price&has_reason=1&reason=competitor")
	if n := res.count(testid("history-entry")); n != 2 || !strings.Contains(res.body, "price match with competitor") {
		t.Errorf("price overrides with a reason: %d entries", n)
	}
	if frag := m.getHTMX("/history?person=u-bob"); strings.Contains(frag.body, "<html") ||
		frag.count(testid("history-entry")) != 2 {
		t.Error("htmx filter by person did not return the two comment changes alone")
	}
	if bad := m.get("/history?min=lots"); bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "enter an amount") {
		t.Errorf("bad amount: %d", bad.StatusCode)
	}
	if bad := m.getHTMX("/history?min=lots"); bad.Header.Get("HX-Redirect") != "/history?min=lots" {
		t.Errorf("htmx with a bad amount: %d, HX-Redirect %q, want a full load to show the message", bad.StatusCode, bad.Header.Get("HX-Redirect"))
	}

	csvRes := m.get("/history.csv?topic=price")
	if csvRes.StatusCode != http.StatusOK || !strings.HasPrefix(csvRes.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", csvRes.StatusCode, csvRes.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(csvRes.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "occurred_at" {
		t.Fatalf("csv has %d rows, want a header and two price changes: %v", len(rows), rows)
	}
	for _, r := range rows[1:] {
		if r[10] != "price" || r[6] != "price match with competitor" || r[14] == "" || r[15] == "" {
			t.Errorf("csv row %v", r)
		}
	}
}

func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	s = s[i+len(start):]
	j := strings.Index(s, end)
	if j < 0 {
		return ""
	}
	return strings.Split(s[:j], "&")[0]
}

// TestScopesHideOtherOrdersAndTheirHistory: a manager limited to another store finds neither
// the order's pages nor its changes in the history across orders or its CSV.
func TestScopesHideOtherOrdersAndTheirHistory(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	u := srv.CreateUser(t, "scoped@example.com", auth.RoleManager)
	_, o := seedHistory(t, srv)
	sets, err := srv.Store.OrderHistory(context.Background(), o.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []store.StoreInfo{{ID: "some-other-store", Name: "Other", DefaultCurrency: "EUR"},
		{ID: o.StoreID, Name: o.StoreName, DefaultCurrency: o.Currency}} {
		if err := srv.Store.UpsertStore(context.Background(), st); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.Store.SetUserScope(context.Background(), store.Actor{Label: "test", Source: store.SourceSystem},
		u.ID, []string{"some-other-store"}, false); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv)
	c.mustLogin("scoped@example.com")
	for _, path := range []string{"/orders/" + o.ID, "/orders/" + o.ID + "/history", "/orders/" + o.ID + "/versions/" + sets[0].ID,
		"/orders/" + o.ID + "/compare?from=" + sets[0].ID} {
		if res := c.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s out of scope: %d, want 404", path, res.StatusCode)
		}
	}
	if res := c.get("/history"); strings.Contains(res.body, o.Number) || res.has(testid("history-entry")) {
		t.Error("the history across orders shows an order out of scope")
	}
	if res := c.get("/history.csv"); strings.Contains(res.body, o.Number) {
		t.Error("the CSV shows an order out of scope")
	}
	// Back in scope: the same pages open.
	if err := srv.Store.SetUserScope(context.Background(), store.Actor{Label: "test", Source: store.SourceSystem},
		u.ID, []string{o.StoreID}, false); err != nil {
		t.Fatal(err)
	}
	if res := c.get("/orders/" + o.ID); res.StatusCode != http.StatusOK {
		t.Errorf("order in scope: %d", res.StatusCode)
	}
	if res := c.get("/history"); !strings.Contains(res.body, o.Number) {
		t.Error("the history across orders hides an order in scope")
	}
}

func TestReturnsInTheHistoryAcrossOrders(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	ctx := context.Background()
	d := demo.NewGenerator(5, srv.Clock.Now(), order.DefaultStatusRules()).Order(demo.Stores[2], demo.ScenarioReturned)
	by := store.Actor{UserID: "u1", Label: "clerk@example.com", Source: store.SourceDesk}
	if err := srv.Store.CreateOrder(ctx, by, d.Order); err != nil {
		t.Fatal(err)
	}
	r := d.Returns[0]
	r.OrderID = d.Order.ID
	if err := srv.Store.CreateReturn(ctx, by, &r); err != nil {
		t.Fatal(err)
	}
	m := newClient(t, srv)
	m.mustLogin("manager@example.com")
	page := m.get("/history?doc=Return")
	if n := page.count(testid("history-entry")); n != 1 || !strings.Contains(page.body, "Return "+r.Number+" created") {
		t.Errorf("returns filter: %d entries", n)
	}
	rows, err := csv.NewReader(strings.NewReader(m.get("/history.csv?doc=Return").body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 3 {
		t.Fatalf("%d CSV rows for a new return", len(rows))
	}
	for _, row := range rows[1:] {
		if row[8] != "Return" || row[9] != r.ID || row[1] != d.Order.Number {
			t.Errorf("return change filed as %s %s of %s", row[8], row[9], row[1])
		}
	}
}
