package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// TestAddProductsAtTheCustomersPrice: a product found by name gets the price list's tier price
// for the quantity; a product without a price asks for one instead of adding it at 0.
func TestAddProductsAtTheCustomersPrice(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	o := newBookShopOrder(t, orders)
	importCatalog(t, srv, "products", "sku,name,tax_type\nMUG-1,Blue Mug,goods\nLAMP-1,Desk Lamp,goods\n")
	importCatalog(t, srv, "prices", "price_list_id,currency,store_id,sku,min_quantity,list_price\nuk,GBP,books-uk,MUG-1,1,8.00\nuk,GBP,books-uk,MUG-1,5,6.50\n")
	// The built-in tax table gives the line its rate (the book shop has no AvaTax).
	importCatalog(t, srv, "tax_rates", "country,region,tax_type,rate\nGB,,,0.20\nGB,,books,0\n")
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	page := c.get("/orders/" + o.ID + "/products?q=mug")
	if page.StatusCode != http.StatusOK || !page.hasTextStarting(testid("price"), "8.00 GBP") {
		t.Fatalf("product search: %d", page.StatusCode)
	}
	token := c.token("/orders/" + o.ID + "/products?q=mug")
	items := len(o.Items)
	if res := c.post("/orders/"+o.ID+"/lines", url.Values{"gorilla.csrf.Token": {token}, "product": {"MUG-1"}, "quantity": {"6"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d %s", res.StatusCode, res.body)
	}
	after, _ := srv.Store.Order(ctx, o.ID)
	if len(after.Items) != items+1 {
		t.Fatalf("%d lines, want %d", len(after.Items), items+1)
	}
	added := after.Items[len(after.Items)-1]
	if added.Sku != "MUG-1" || added.Quantity != 6 || added.Price.StringFixed(2) != "6.50" {
		t.Errorf("added line %s ×%d at %s, want the tier price 6.50", added.Sku, added.Quantity, added.Price)
	}
	if added.TaxPercentRate.StringFixed(2) != "0.20" {
		t.Errorf("tax rate %s, want 0.20 from the tax table", added.TaxPercentRate)
	}
	// No price for the lamp: the page says so and asks; adding without a price is refused.
	page = c.get("/orders/" + o.ID + "/products?q=lamp")
	if !page.has(testid("no-price")) {
		t.Error("the lamp has no price, and the page does not say so")
	}
	if res := c.post("/orders/"+o.ID+"/lines", url.Values{"gorilla.csrf.Token": {token}, "product": {"LAMP-1"}, "quantity": {"1"}, "q": {"lamp"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Type the unit price") {
		t.Errorf("adding without a price: %d", res.StatusCode)
	}
	if res := c.post("/orders/"+o.ID+"/lines", url.Values{"gorilla.csrf.Token": {token}, "product": {"LAMP-1"}, "quantity": {"1"}, "price": {"24.90"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("adding with a typed price: %d %s", res.StatusCode, res.body)
	}
	after, _ = srv.Store.Order(ctx, o.ID)
	if last := after.Items[len(after.Items)-1]; last.Sku != "LAMP-1" || last.Price.StringFixed(2) != "24.90" {
		t.Errorf("lamp line: %s at %s", last.Sku, last.Price)
	}
}

// TestAvaTaxPanelOnTheOrderPage: the sync state for tax managers, "send again", and the shipping
// address checked with AvaTax.
func TestAvaTaxPanelOnTheOrderPage(t *testing.T) {
	t.Parallel()
	ava := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v2/addresses/resolve" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte(`{"validatedAddresses":[{"line1":"10 DOWNING ST","city":"LONDON","postalCode":"SW1A 2AA","country":"GB"}],"messages":[]}`))
	}))
	defer ava.Close()
	srv, orders := listServer(t)
	ctx := context.Background()
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	o := orders[0].Order
	if err := srv.Store.SaveAvaTaxSettings(ctx, admin, store.AvaTaxSettings{StoreID: o.StoreID, Enabled: true,
		ServiceURL: ava.URL, AccountNumber: "1", LicenseKey: "k", CompanyCode: "C"}); err != nil {
		t.Fatal(err)
	}
	clerk := newClient(t, srv)
	clerk.mustLogin("clerk@example.com")
	if clerk.get("/orders/" + o.ID).has(testid("avatax-panel")) {
		t.Error("a clerk sees the AvaTax panel")
	}
	m := newClient(t, srv)
	m.mustLogin("manager@example.com")
	page := m.get("/orders/" + o.ID)
	if !regexp.MustCompile(`data-testid="avatax-status">never sent<`).MatchString(page.body) {
		t.Fatalf("panel before sending:\n%.300s", page.body)
	}
	token := m.token("/orders/" + o.ID)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/orders/avatax", strings.NewReader(url.Values{"gorilla.csrf.Token": {token}, "id": {o.ID}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", srv.URL)
	req.Header.Set("Referer", srv.URL+"/orders/"+o.ID)
	if res := m.do(req); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/orders/"+o.ID {
		t.Fatalf("send again: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	if page := m.get("/orders/" + o.ID); !regexp.MustCompile(`data-testid="avatax-status">pending<`).MatchString(page.body) {
		t.Error("the panel does not show the order queued")
	}
	res := m.post("/orders/"+o.ID+"/avatax/validate-address", url.Values{"gorilla.csrf.Token": {token}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("validate: %d", res.StatusCode)
	}
	if page := m.get(res.Header.Get("Location")); !strings.Contains(page.body, "AvaTax: the address is valid as 10 DOWNING ST, LONDON") {
		t.Error("no answer from AvaTax on the page")
	}
}

// TestAddProductWhoseIDIsNotItsSKU: a product imported with its own id (the demo catalog's
// "prod-…" ids, an ERP's ids) is added by that id, and a refused add shows it again with why.
func TestAddProductWhoseIDIsNotItsSKU(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	o := newBookShopOrder(t, orders)
	importCatalog(t, srv, "products", "id,sku,name,tax_type\nerp-4711,KEY-7,Brass key ring,goods\n")
	importCatalog(t, srv, "prices", "price_list_id,currency,store_id,sku,min_quantity,list_price\nuk,GBP,books-uk,KEY-7,1,4.20\n")
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	token := c.token("/orders/" + o.ID + "/products?q=key")
	refused := c.post("/orders/"+o.ID+"/lines", url.Values{"gorilla.csrf.Token": {token}, "product": {"erp-4711"}, "quantity": {"0"}, "q": {"lamp"}})
	if refused.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(refused.body, "Brass key ring") || !strings.Contains(refused.body, "Give a quantity of 1 or more.") {
		t.Errorf("a refused add: %d, want the product shown again with why", refused.StatusCode)
	}
	if res := c.post("/orders/"+o.ID+"/lines", url.Values{"gorilla.csrf.Token": {token}, "product": {"erp-4711"}, "quantity": {"2"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add by id: %d %s", res.StatusCode, res.body)
	}
	after, _ := srv.Store.Order(ctx, o.ID)
	added := after.Items[len(after.Items)-1]
	if added.ProductID != "erp-4711" || added.Sku != "KEY-7" || added.Quantity != 2 || added.Price.StringFixed(2) != "4.20" {
		t.Errorf("added line %s (%s) ×%d at %s, want KEY-7 (erp-4711) ×2 at 4.20", added.Sku, added.ProductID, added.Quantity, added.Price)
	}
	if res := c.post("/orders/"+o.ID+"/lines", url.Values{"gorilla.csrf.Token": {token}, "product": {"no-such-product"}, "quantity": {"1"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown product: %d, want 404", res.StatusCode)
	}
}

// newBookShopOrder is a new (still editable) order of the books-uk store from the fixture.
func newBookShopOrder(t *testing.T, orders []demo.Order) *order.CustomerOrder {
	t.Helper()
	for _, d := range orders {
		if d.Order.StoreID == "books-uk" && d.Order.Status == order.OrderNew {
			return d.Order
		}
	}
	t.Fatal("no new book-shop order in the fixture")
	return nil
}

// importCatalog loads one catalog CSV (products, prices, tax_rates) as an administrator.
func importCatalog(t *testing.T, srv *testenv.Server, kind, csv string) {
	t.Helper()
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	if _, err := srv.Store.ImportCatalog(context.Background(), admin, kind, strings.NewReader(csv), nil); err != nil {
		t.Fatal(err)
	}
}
