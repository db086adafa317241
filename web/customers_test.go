package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

const regular = "cust-regular"

// seedRegular stores the demo stores and n demo orders, every other one by one regular
// customer (so they have orders in every store and currency), and returns the orders.
func seedRegular(t *testing.T, srv *testenv.Server, n int) []*order.CustomerOrder {
	t.Helper()
	ctx := context.Background()
	for _, st := range demo.Stores {
		if err := srv.Store.UpsertStore(ctx, store.StoreInfo{ID: st.ID, Name: st.Name, DefaultCurrency: st.Currency}); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := srv.Store.Currencies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []*order.CustomerOrder
	for i, d := range demo.NewGenerator(21, srv.Clock.Now(), order.DefaultStatusRules()).WithCurrencies(cs).Orders(n) {
		if i%2 == 0 {
			d.Order.CustomerID, d.Order.CustomerName = regular, "Rita Regular"
		}
		if err := srv.Store.CreateOrder(ctx, store.Actor{Label: "demo", Source: store.SourceSystem}, d.Order); err != nil {
			t.Fatal(err)
		}
		for _, r := range d.Returns {
			if err := srv.Store.CreateReturn(ctx, store.Actor{Label: "demo", Source: store.SourceSystem}, &r); err != nil {
				t.Fatal(err)
			}
		}
		out = append(out, d.Order)
	}
	return out
}

// listFigures sums the list's own figures for a customer within scope: per currency, the
// total and balance due of the orders not cancelled, written as the panel writes them.
func listFigures(t *testing.T, srv *testenv.Server, customerID string, scope listing.Scope) (n int, money []string) {
	t.Helper()
	page, err := srv.Store.ListOrders(context.Background(), listing.Query{
		CustomerIDs: []string{customerID}, Scope: scope, Sort: "created", Desc: true, PageSize: 10000})
	if err != nil {
		t.Fatal(err)
	}
	spend, balance, rules := map[string]decimal.Decimal{}, map[string]decimal.Decimal{}, map[string]order.Currency{}
	var curs []string
	for _, r := range page.Rows {
		if _, ok := rules[r.Currency]; !ok {
			curs = append(curs, r.Currency)
		}
		rules[r.Currency] = r.CurrencyRule()
		if !r.IsCancelled {
			spend[r.Currency] = spend[r.Currency].Add(r.Total)
			balance[r.Currency] = balance[r.Currency].Add(r.BalanceDue)
		}
	}
	for _, c := range curs {
		money = append(money, "Spend "+c+" "+rules[c].Fixed(spend[c])+" "+c, "Open balance "+c+" "+rules[c].Fixed(balance[c])+" "+c)
	}
	return len(page.Rows), money
}

// sameMoney compares the panel's amounts with the list's sums ("Spend EUR 12.00 EUR").
func sameMoney(t *testing.T, got map[string]string, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("panel money %v, the list's figures %v", got, want)
	}
	for _, m := range want {
		f := strings.Fields(m)
		label, value := strings.Join(f[:len(f)-2], " "), strings.Join(f[len(f)-2:], " ")
		if got[label] != value {
			t.Errorf("panel %s = %q, the list's figures sum to %q", label, got[label], value)
		}
	}
}

// attr is an attribute of the first element the selector matches.
func attrOf(res response, selector, name string) string {
	v, _ := res.doc().Find(selector).First().Attr(name)
	return v
}

// TestCustomerPanelPageAndList: the order page's customer panel counts the customer's orders
// and sums their money exactly as the list's figures add up; its links lead to the list
// filtered to the customer and to the customer page, which lists the same orders in pages.
func TestCustomerPanelPageAndList(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	orders := seedRegular(t, srv, 60)
	c := newClient(t, srv)
	c.mustLogin("manager@example.com")

	o := orders[0]
	res := c.get("/orders/" + o.ID)
	if res.StatusCode != http.StatusOK || !res.has(testid("customer-panel")) {
		t.Fatalf("order page %d without the customer panel", res.StatusCode)
	}
	n, money := listFigures(t, srv, regular, listing.Scope{})
	if n != 30 {
		t.Fatalf("the list has %d orders of the regular customer, want 30", n)
	}
	if got := res.text(testid("customer-orders")); !strings.HasPrefix(got, "30 orders") || !strings.Contains(got, "29 other orders") {
		t.Errorf("orders in the panel: %q", got)
	}
	sameMoney(t, amountsOf(t, res.body, "customer-money"), money)
	// The addresses of record are the latest order's.
	newest, err := srv.Store.ListOrders(context.Background(), listing.Query{CustomerIDs: []string{regular}, Sort: "created", Desc: true, PageSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	latest, err := srv.Store.Order(context.Background(), newest.Rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if panel := res.text(testid("customer-panel")); latest.ID == o.ID || !strings.Contains(panel, "(order "+latest.Number+")") ||
		!strings.Contains(panel, latest.Addresses[0].Line1) {
		t.Errorf("the panel's addresses are not those of the latest order %s: %q", latest.Number, panel)
	}

	// The list filtered to the customer: exactly their orders, and the filter stays on the form.
	list := c.get(attrOf(res, testid("customer-orders-link"), "href") + "&n=100")
	if list.StatusCode != http.StatusOK || list.count(testid("order-row")) != 30 || !list.has(testid("customer-id-filter")) {
		t.Fatalf("filtered list: %d, %d rows", list.StatusCode, list.count(testid("order-row")))
	}
	if !strings.Contains(list.text(testid("result-count")), "30 orders") {
		t.Errorf("filtered list count %q", list.text(testid("result-count")))
	}

	// The customer page: header, figures, the list's rows, keyset pages on its own address.
	page := c.get(attrOf(res, testid("customer-page-link"), "href") + "?n=25")
	if page.StatusCode != http.StatusOK || page.text(testid("customer-name")) != "Rita Regular" {
		t.Fatalf("customer page %d %q", page.StatusCode, page.text(testid("customer-name")))
	}
	if page.text(testid("customer-email")) != latest.Addresses[0].Email {
		t.Errorf("customer page e-mail %q, want the latest order's %q", page.text(testid("customer-email")), latest.Addresses[0].Email)
	}
	if !strings.HasPrefix(page.text(testid("customer-orders")), "30 orders") || page.has(testid("customer-others")) {
		t.Errorf("customer page figures %q", page.text(testid("customer-orders")))
	}
	if page.count(testid("order-row")) != 25 || page.text(testid("result-count")) != "30 orders" {
		t.Fatalf("first page %d rows, count %q", page.count(testid("order-row")), page.text(testid("result-count")))
	}
	next := attrOf(page, testid("next-page"), "href")
	if !strings.HasPrefix(next, "/customers/"+regular+"?") || strings.Contains(next, "customer_id") {
		t.Fatalf("next page link %q", next)
	}
	second := c.get(next)
	if second.count(testid("order-row")) != 5 || second.has(testid("next-page")) {
		t.Errorf("second page %d rows", second.count(testid("order-row")))
	}
	if dup := duplicateIDs(page); len(dup) > 0 {
		t.Errorf("duplicate ids %v", dup)
	}
	// htmx asks for the results alone.
	req, _ := http.NewRequest(http.MethodGet, srv.URL+next, nil)
	req.Header.Set("HX-Request", "true")
	part := c.do(req)
	if part.has(testid("customer-head")) || part.count(testid("order-row")) != 5 {
		t.Errorf("htmx page: head %v, %d rows", part.has(testid("customer-head")), part.count(testid("order-row")))
	}

	// Unknown customers, and ids no order can have, are not found.
	for _, path := range []string{"/customers/cust-nobody", "/customers/" + strings.Repeat("x", 129), "/customers/" + url.PathEscape("a b")} {
		if r := c.get(path); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, r.StatusCode)
		}
	}
}

// TestCustomerPanelInScope: a user limited to one store sees the customer's figures and
// orders in that store only, and a customer without orders there is not found.
func TestCustomerPanelInScope(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	u := srv.CreateUser(t, "scoped@example.com", auth.RoleManager)
	orders := seedRegular(t, srv, 60)
	ctx := context.Background()
	o := orders[0]
	if err := srv.Store.SetUserScope(ctx, store.Actor{Label: "test", Source: store.SourceSystem}, u.ID, []string{o.StoreID}, false); err != nil {
		t.Fatal(err)
	}
	scope := listing.Scope{StoreIDs: []string{o.StoreID}}
	n, money := listFigures(t, srv, regular, scope)
	whole, _ := listFigures(t, srv, regular, listing.Scope{})
	if n == 0 || n >= whole {
		t.Fatalf("the store holds %d of the customer's %d orders", n, whole)
	}
	c := newClient(t, srv)
	c.mustLogin("scoped@example.com")
	res := c.get("/orders/" + o.ID)
	want := strconv.Itoa(n) + " order"
	if got := res.text(testid("customer-orders")); !strings.HasPrefix(got, want) {
		t.Errorf("scoped panel %q, want %q", got, want)
	}
	if len(money) != 2 {
		t.Fatalf("one store, one currency: %v", money)
	}
	sameMoney(t, amountsOf(t, res.body, "customer-money"), money)
	page := c.get("/customers/" + regular + "?n=100")
	if page.StatusCode != http.StatusOK || page.count(testid("order-row")) != n {
		t.Errorf("scoped customer page %d, %d rows, want %d", page.StatusCode, page.count(testid("order-row")), n)
	}
	// A customer whose orders are all in other stores.
	for _, other := range orders {
		if other.StoreID != o.StoreID && other.CustomerID != regular {
			if r := c.get("/customers/" + url.PathEscape(other.CustomerID)); r.StatusCode != http.StatusNotFound {
				t.Errorf("customer of another store: %d, want 404", r.StatusCode)
			}
			break
		}
	}
}

// TestCustomerPanelPermissions: without read-prices no money reaches the panel or the page;
// without order:read the customer page is not allowed.
func TestCustomerPanelPermissions(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	ctx := context.Background()
	if err := srv.Store.SaveRole(ctx, store.Actor{Label: "test", Source: store.SourceSystem},
		auth.Role{Code: "dashboards", Name: "Dashboards", Permissions: []auth.Permission{auth.DashboardRead}}); err != nil {
		t.Fatal(err)
	}
	srv.CreateUser(t, "dash@example.com", "dashboards")
	orders := seedRegular(t, srv, 10)

	c := newClient(t, srv)
	c.mustLogin("field@example.com")
	res := c.get("/orders/" + orders[0].ID)
	if !res.has(testid("customer-panel")) || res.has(testid("customer-money")) || strings.Contains(res.text(testid("customer-panel")), "Spend") {
		t.Errorf("panel without read-prices: shown %v, money %v", res.has(testid("customer-panel")), res.has(testid("customer-money")))
	}
	page := c.get("/customers/" + regular)
	if page.StatusCode != http.StatusOK || page.has(testid("customer-money")) || strings.Contains(page.body, "Spend") {
		t.Errorf("customer page without read-prices: %d, money %v", page.StatusCode, page.has(testid("customer-money")))
	}

	d := newClient(t, srv)
	if r := d.login("dash@example.com", testenv.Password); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}
	if r := d.get("/customers/" + regular); r.StatusCode != http.StatusForbidden {
		t.Errorf("customer page without order:read: %d, want 403", r.StatusCode)
	}
}
