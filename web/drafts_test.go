package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// draftOf returns the draft id a create or duplicate redirected to.
func draftOf(t *testing.T, res response) string {
	t.Helper()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/drafts/") {
		t.Fatalf("want 303 → /drafts/{id}, got %d → %q\n%.400s", res.StatusCode, loc, res.body)
	}
	return strings.TrimPrefix(loc, "/drafts/")
}

func countOrders(t *testing.T, srv *testenv.Server) int {
	t.Helper()
	var n int
	if err := srv.Store.DB().Get(&n, `SELECT COUNT(*) FROM orders`); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestDraftPlacedAtTheDesk: a clerk starts a draft, adds a product at its tier price and a
// custom item; the draft is no order (not numbered, not in the list or the orders table) until
// placed; placing refuses a draft without an address at the field, then numbers the order,
// records one created change set saying it was created at the desk, and removes the draft.
func TestDraftPlacedAtTheDesk(t *testing.T) {
	t.Parallel()
	srv, _ := listServer(t)
	ctx := context.Background()
	importCatalog(t, srv, "products", "sku,name,tax_type\nMUG-1,Blue Mug,goods\n")
	importCatalog(t, srv, "prices", "price_list_id,currency,store_id,sku,min_quantity,list_price\nuk,GBP,books-uk,MUG-1,1,8.00\nuk,GBP,books-uk,MUG-1,5,6.50\n")
	importCatalog(t, srv, "tax_rates", "country,region,tax_type,rate\nGB,,,0.20\n")
	before := countOrders(t, srv)
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	token := c.token("/drafts/new")

	// Bad input at the start: a store that is not one of the clerk's, an unknown currency.
	if res := c.post("/drafts", url.Values{"gorilla.csrf.Token": {token}, "store": {"nowhere"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Pick one of your stores.") {
		t.Errorf("unknown store: %d", res.StatusCode)
	}
	if res := c.post("/drafts", url.Values{"gorilla.csrf.Token": {token}, "store": {"books-uk"}, "currency": {"XXQ"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Pick a currency of the list") {
		t.Errorf("unknown currency: %d", res.StatusCode)
	}
	id := draftOf(t, c.post("/drafts", url.Values{"gorilla.csrf.Token": {token}, "store": {"books-uk"}, "customerName": {"Quentin Phonecall"}}))
	path := "/drafts/" + id

	// The tier price for 6 units shows before adding, and is the line's price after.
	if page := c.get(path + "?q=mug&qty=6"); page.StatusCode != http.StatusOK || !page.hasTextStarting(testid("price"), "6.50 GBP") {
		t.Fatalf("product search on the draft: %d", page.StatusCode)
	}
	if res := c.post(path+"/lines", url.Values{"gorilla.csrf.Token": {token}, "product": {"MUG-1"}, "quantity": {"0"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Give a quantity of 1 or more.") {
		t.Errorf("quantity 0: %d", res.StatusCode)
	}
	if res := c.post(path+"/lines", url.Values{"gorilla.csrf.Token": {token}, "product": {"MUG-1"}, "quantity": {"6"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add product: %d %.300s", res.StatusCode, res.body)
	}
	if res := c.post(path+"/lines", url.Values{"gorilla.csrf.Token": {token}, "custom": {"1"}, "name": {""}, "price": {"abc"}, "quantity": {"1"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.body, "Name the item.") || !strings.Contains(res.body, "Type the unit price") {
		t.Errorf("bad custom item: %d", res.StatusCode)
	}
	if res := c.post(path+"/lines", url.Values{"gorilla.csrf.Token": {token}, "custom": {"1"}, "name": {"Gift wrap"}, "sku": {"WRAP"}, "price": {"2.00"}, "quantity": {"1"}, "taxType": {""}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add custom item: %d %.300s", res.StatusCode, res.body)
	}
	d, err := srv.Store.DraftByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Order.Items) != 2 || d.Order.Items[0].Price.StringFixed(2) != "6.50" || d.Order.Items[1].Name != "Gift wrap" || !strings.HasPrefix(d.Order.Items[1].ProductID, "custom-") {
		t.Fatalf("draft lines: %+v", d.Order.Items)
	}
	// Saved, not an order: no number, nothing in the orders table, not in the list or drafts' queue.
	if d.Order.Number != "" || countOrders(t, srv) != before {
		t.Errorf("a draft made an order: number %q, %d orders (was %d)", d.Order.Number, countOrders(t, srv), before)
	}
	if list := c.get("/orders?q=Phonecall"); strings.Contains(list.body, "Quentin Phonecall") {
		t.Error("the draft shows in the order list")
	}
	if list := c.get("/orders"); strings.Contains(list.body, "Quentin Phonecall") {
		t.Error("the draft shows in the order list's default queue")
	}
	if drafts := c.get("/drafts"); !strings.Contains(drafts.body, "Quentin Phonecall") {
		t.Error("the draft is not in the drafts list")
	}

	// Bad shipping price: 422 at the field. Placing without an address: 422 at the field.
	if res := c.post(path, url.Values{"gorilla.csrf.Token": {token}, "customerName": {"Quentin Phonecall"}, "shippingMethod": {"FixedRate"}, "shippingPrice": {"four"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Type the shipping price") {
		t.Errorf("bad shipping price: %d", res.StatusCode)
	}
	if res := c.post(path+"/place", url.Values{"gorilla.csrf.Token": {token}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Give the shipping address") {
		t.Errorf("place without an address: %d", res.StatusCode)
	}
	if countOrders(t, srv) != before {
		t.Fatal("a refused place made an order")
	}
	if res := c.post(path, url.Values{"gorilla.csrf.Token": {token}, "customerName": {"Quentin Phonecall"}, "email": {"q@example.com"},
		"firstName": {"Quentin"}, "lastName": {"Phonecall"}, "line1": {"1 High St"}, "city": {"Leeds"}, "postalCode": {"LS1 1AA"},
		"countryCode": {"GB"}, "countryName": {"United Kingdom"}, "shippingMethod": {"FixedRate"}, "shippingPrice": {"4.90"}, "payment": {"link"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save details: %d %.300s", res.StatusCode, res.body)
	}
	res := c.post(path+"/place", url.Values{"gorilla.csrf.Token": {token}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/orders/") {
		t.Fatalf("place: %d → %q %s", res.StatusCode, loc, regexp.MustCompile(`field-error[^>]*>[^<]*`).FindAllString(res.body, -1))
	}
	o, err := srv.Store.Order(ctx, strings.TrimPrefix(loc, "/orders/"))
	if err != nil {
		t.Fatal(err)
	}
	if o.Number == "" || o.StoreID != "books-uk" || o.CustomerName != "Quentin Phonecall" || len(o.Items) != 2 || len(o.Shipments) != 1 || len(o.InPayments) != 1 {
		t.Fatalf("placed order: number %q store %s customer %q, %d lines, %d shipments, %d payments", o.Number, o.StoreID, o.CustomerName, len(o.Items), len(o.Shipments), len(o.InPayments))
	}
	if o.Items[0].Price.StringFixed(2) != "6.50" || o.Shipments[0].Price.StringFixed(2) != "4.90" || o.InPayments[0].Status != "Pending" || !o.InPayments[0].Sum.Equal(o.Total) {
		t.Errorf("placed: mug at %s, shipping %s, payment %s of %s (total %s)", o.Items[0].Price, o.Shipments[0].Price, o.InPayments[0].Status, o.InPayments[0].Sum, o.Total)
	}
	// The total is the domain's: 6 × 6.50 + 2.00 + 4.90, with 20 % tax on the lines (GB table).
	if got := o.SubTotal.StringFixed(2); got != "41.00" {
		t.Errorf("subtotal %s, want 41.00", got)
	}
	sets, err := srv.Store.OrderHistory(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 1 || sets[0].Version != 1 || sets[0].Source != store.SourceDesk {
		t.Fatalf("%d change sets after placing, want one created at the desk", len(sets))
	}
	if h := c.get("/orders/" + o.ID + "/history"); !strings.Contains(h.body, "Order "+o.Number+" created at the desk by") {
		t.Error("the history does not say the order was created at the desk")
	}
	if _, err := srv.Store.DraftByID(ctx, id); !errors.Is(err, order.ErrNotFound) {
		t.Errorf("the placed draft is still there: %v", err)
	}
	if list := c.get("/orders?q=Phonecall"); !strings.Contains(list.body, o.Number) {
		t.Error("the placed order is not in the list")
	}
	// Placing again (a second tab): the draft is gone, nothing more is made.
	n := countOrders(t, srv)
	if res := c.post(path+"/place", url.Values{"gorilla.csrf.Token": {token}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("placing a placed draft: %d", res.StatusCode)
	}
	if countOrders(t, srv) != n {
		t.Error("placing twice made two orders")
	}
}

// TestDraftDiscardAndPickCustomer: a customer picked from earlier orders (full-text search)
// brings their latest addresses; a discarded draft is gone.
func TestDraftDiscardAndPickCustomer(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	var src *order.CustomerOrder
	for _, d := range orders {
		if d.Order.StoreID == "books-uk" && d.Order.CustomerID != "" && len(d.Order.Addresses) > 0 {
			src = d.Order
			break
		}
	}
	if src == nil {
		t.Fatal("no book-shop order with a customer and addresses in the fixture")
	}
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	token := c.token("/drafts/new")
	id := draftOf(t, c.post("/drafts", url.Values{"gorilla.csrf.Token": {token}, "store": {"books-uk"}}))
	last := strings.Fields(src.CustomerName)
	page := c.get("/drafts/" + id + "?customer=" + url.QueryEscape(last[len(last)-1]))
	if !page.has(testid("customer-hit")) || !strings.Contains(page.body, src.CustomerID) {
		t.Fatalf("customer search for %q finds no %s", src.CustomerName, src.CustomerID)
	}
	if res := c.post("/drafts/"+id+"/customer", url.Values{"gorilla.csrf.Token": {token}, "customer": {src.CustomerID}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("pick: %d", res.StatusCode)
	}
	d, _ := srv.Store.DraftByID(ctx, id)
	latest, err := srv.Store.LatestOrderOf(ctx, src.CustomerID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Order.CustomerID != src.CustomerID || len(d.Order.Addresses) != len(latest.Addresses) || d.Order.Addresses[0].Line1 != latest.Addresses[0].Line1 {
		t.Errorf("picked: customer %q, %d addresses (latest order has %d)", d.Order.CustomerID, len(d.Order.Addresses), len(latest.Addresses))
	}
	if res := c.post("/drafts/"+id+"/customer", url.Values{"gorilla.csrf.Token": {token}, "customer": {"nobody-at-all"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown customer: %d", res.StatusCode)
	}
	if res := c.post("/drafts/"+id+"/discard", url.Values{"gorilla.csrf.Token": {token}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("discard: %d", res.StatusCode)
	}
	if _, err := srv.Store.DraftByID(ctx, id); !errors.Is(err, order.ErrNotFound) {
		t.Errorf("discarded draft still there: %v", err)
	}
	if res := c.get("/drafts/" + id); res.StatusCode != http.StatusNotFound {
		t.Errorf("discarded draft's page: %d", res.StatusCode)
	}
}

// TestDuplicateOrderStartsADraft: same customer, addresses, store, currency and lines, at
// today's price for the customer; no number, shipments or payments; the source is unchanged.
func TestDuplicateOrderStartsADraft(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	src := newBookShopOrder(t, orders)
	importCatalog(t, srv, "products", "id,sku,name,tax_type\n"+src.Items[0].ProductID+","+src.Items[0].Sku+",Repriced,goods\n")
	importCatalog(t, srv, "prices", "price_list_id,currency,store_id,sku,min_quantity,list_price\nuk,GBP,books-uk,"+src.Items[0].Sku+",1,1.23\n")
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	if page := c.get("/orders/" + src.ID); !page.has(testid("duplicate-order")) {
		t.Error("no Duplicate on the order page")
	}
	token := c.token("/orders/" + src.ID + "/duplicate")
	id := draftOf(t, c.post("/orders/"+src.ID+"/duplicate", url.Values{"gorilla.csrf.Token": {token}}))
	d, err := srv.Store.DraftByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	o := d.Order
	if o.CustomerID != src.CustomerID || o.StoreID != src.StoreID || o.Currency != src.Currency || len(o.Addresses) != len(src.Addresses) {
		t.Errorf("duplicate: customer %s store %s %s, %d addresses", o.CustomerID, o.StoreID, o.Currency, len(o.Addresses))
	}
	if o.Number != "" || len(o.Shipments) != 0 || len(o.InPayments) != 0 {
		t.Errorf("duplicate copied number %q, %d shipments, %d payments", o.Number, len(o.Shipments), len(o.InPayments))
	}
	live := 0
	for _, li := range src.Items {
		if !li.IsCancelled {
			live++
		}
	}
	if len(o.Items) != live || o.Items[0].Price.StringFixed(2) != "1.23" || o.Items[0].Quantity != src.Items[0].Quantity {
		t.Errorf("duplicate lines: %d (want %d), first at %s ×%d, want today's 1.23", len(o.Items), live, o.Items[0].Price, o.Items[0].Quantity)
	}
	if again, _ := srv.Store.Order(ctx, src.ID); again.Version != src.Version {
		t.Error("duplicating changed the source order")
	}
}

// TestDraftRoutesNeedOrderCreateAndKeepToScopes: without order:create every draft route is
// refused; a user of one store neither sees, edits, places nor discards another store's draft,
// nor duplicates another store's order, nor starts a draft there.
func TestDraftRoutesNeedOrderCreateAndKeepToScopes(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	srv.CreateUser(t, "viewer@example.com", auth.RoleViewer)
	scopedToBooks(t, srv)
	var outside *order.CustomerOrder
	for _, d := range orders {
		if d.Order.StoreID != "books-uk" && !d.Order.IsReadOnly() {
			outside = d.Order
			break
		}
	}
	// A draft in another store, made by a manager of every store.
	m := newClient(t, srv)
	m.mustLogin("manager@example.com")
	mt := m.token("/drafts/new")
	other := draftOf(t, m.post("/drafts", url.Values{"gorilla.csrf.Token": {mt}, "store": {outside.StoreID}, "customerName": {"Olga Otherstore"}}))
	routes := []struct{ method, path string }{
		{"GET", "/drafts"}, {"GET", "/drafts/new"}, {"POST", "/drafts"}, {"GET", "/drafts/" + other}, {"POST", "/drafts/" + other},
		{"POST", "/drafts/" + other + "/customer"}, {"POST", "/drafts/" + other + "/lines"}, {"POST", "/drafts/" + other + "/lines/0/remove"},
		{"POST", "/drafts/" + other + "/place"}, {"POST", "/drafts/" + other + "/discard"},
		{"GET", "/orders/" + outside.ID + "/duplicate"}, {"POST", "/orders/" + outside.ID + "/duplicate"},
	}
	for _, who := range []string{"viewer@example.com", "field@example.com"} {
		c := newClient(t, srv)
		c.mustLogin(who)
		token := c.token("/account")
		for _, rt := range routes {
			var res response
			if rt.method == "GET" {
				res = c.get(rt.path)
			} else {
				res = c.post(rt.path, url.Values{"gorilla.csrf.Token": {token}, "store": {outside.StoreID}})
			}
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s without order:create: %s %s → %d, want 403", who, rt.method, rt.path, res.StatusCode)
			}
		}
	}
	s := newClient(t, srv)
	s.mustLogin("scoped@example.com")
	token := s.token("/drafts/new")
	for _, rt := range routes[3:] {
		var res response
		if rt.method == "GET" {
			res = s.get(rt.path)
		} else {
			res = s.post(rt.path, url.Values{"gorilla.csrf.Token": {token}, "customerName": {"moved"}, "custom": {"1"}, "name": {"x"}, "price": {"1"}, "quantity": {"1"}})
		}
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("scoped: %s %s → %d, want 404", rt.method, rt.path, res.StatusCode)
		}
	}
	if list := s.get("/drafts"); strings.Contains(list.body, "Olga Otherstore") {
		t.Error("a scoped user sees another store's draft")
	}
	if res := s.post("/drafts", url.Values{"gorilla.csrf.Token": {token}, "store": {outside.StoreID}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a scoped user starts a draft in another store: %d", res.StatusCode)
	}
	if d, err := srv.Store.DraftByID(ctx, other); err != nil || d.Order.CustomerName != "Olga Otherstore" || len(d.Order.Items) != 0 {
		t.Errorf("the other store's draft changed: %v", err)
	}
	// Picking a customer who ordered only in another store: refused, as if unknown.
	var foreign string
	for _, d := range orders {
		if d.Order.StoreID == "books-uk" || d.Order.CustomerID == "" {
			continue
		}
		if _, err := srv.Store.LatestOrderOf(ctx, d.Order.CustomerID, []string{"books-uk"}); errors.Is(err, order.ErrNotFound) {
			foreign = d.Order.CustomerID
			break
		}
	}
	own := draftOf(t, s.post("/drafts", url.Values{"gorilla.csrf.Token": {token}, "store": {"books-uk"}}))
	if res := s.post("/drafts/"+own+"/customer", url.Values{"gorilla.csrf.Token": {token}, "customer": {foreign}}); foreign == "" || res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a scoped user picks a customer of another store (%q): %d, want 422", foreign, res.StatusCode)
	}
	// Someone who sees only the orders assigned to them: their draft is assigned to them, so they
	// can open it; the manager's unassigned draft is not theirs to see.
	mine := srv.CreateUser(t, "mine@example.com", auth.RoleClerk)
	if err := srv.Store.SetUserScope(ctx, store.Actor{Label: "test", Source: store.SourceSystem}, mine.ID, nil, true); err != nil {
		t.Fatal(err)
	}
	a := newClient(t, srv)
	a.mustLogin("mine@example.com")
	at := a.token("/drafts/new")
	own = draftOf(t, a.post("/drafts", url.Values{"gorilla.csrf.Token": {at}, "store": {"books-uk"}, "customerName": {"Ada Assigned"}}))
	if res := a.get("/drafts/" + own); res.StatusCode != http.StatusOK {
		t.Errorf("an assigned-only clerk opens their own draft: %d", res.StatusCode)
	}
	if res := a.get("/drafts/" + other); res.StatusCode != http.StatusNotFound {
		t.Errorf("an assigned-only clerk opens an unassigned draft: %d, want 404", res.StatusCode)
	}
	// The store's own colleagues see and may finish it (drafts are shared within the scope).
	if page := m.get("/drafts"); !strings.Contains(page.body, "Olga Otherstore") {
		t.Error("the manager does not see the draft")
	}
}
