package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestAddProductsAtTheCustomersPrice: a product found by name gets the price list's tier price
// for the quantity; a product without a price asks for one instead of adding it at 0.
func TestAddProductsAtTheCustomersPrice(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	var o *order.CustomerOrder
	for _, d := range orders {
		if d.Order.StoreID == "books-uk" && d.Order.Status == order.OrderNew {
			o = d.Order
		}
	}
	if o == nil {
		t.Fatal("no new book-shop order in the fixture")
	}
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	if _, err := srv.Store.ImportCatalog(ctx, admin, "products", strings.NewReader("sku,name,tax_type\nMUG-1,Blue Mug,goods\nLAMP-1,Desk Lamp,goods\n"), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Store.ImportCatalog(ctx, admin, "prices", strings.NewReader(
		"price_list_id,currency,store_id,sku,min_quantity,list_price\nuk,GBP,books-uk,MUG-1,1,8.00\nuk,GBP,books-uk,MUG-1,5,6.50\n"), nil); err != nil {
		t.Fatal(err)
	}
	// The built-in tax table gives the line its rate (the book shop has no AvaTax).
	if _, err := srv.Store.ImportCatalog(ctx, admin, "tax_rates", strings.NewReader("country,region,tax_type,rate\nGB,,,0.20\nGB,,books,0\n"), nil); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	page := c.get("/orders/" + o.ID + "/products?q=mug")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.body, `data-testid="price">8.00 GBP`) {
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
	if !strings.Contains(page.body, `data-testid="no-price"`) {
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
