package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestAddProductsOnATablet: from the order page to a product at this customer's price and back
// with the new line, at tablet size.
func TestAddProductsOnATablet(t *testing.T) {
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
		t.Fatal("no new book-shop order")
	}
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	_, err := srv.Store.ImportCatalog(ctx, admin, "products", strings.NewReader("sku,name,tax_type,track_inventory,in_stock\nMUG-1,Blue Mug,goods,true,12\n"), nil)
	must(t, err)
	_, err = srv.Store.ImportCatalog(ctx, admin, "prices", strings.NewReader("price_list_id,currency,store_id,sku,list_price\nuk,GBP,books-uk,MUG-1,8.00\n"), nil)
	must(t, err)
	b := browser(t, 820, 1180)
	signIn(t, b, srv, "clerk@example.com")
	must(t, chromedp.Do(b,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID),
		chromedp.Click(chromedp.CSS(`[data-testid=add-products]`)),
		chromedp.WaitVisible(chromedp.ID("pq")),
		chromedp.SendKeys(chromedp.ID("pq"), "mug"),
		chromedp.Submit(chromedp.ID("pq")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=price]`)),
	))
	checkFits(t, b, "add products")
	screenshot(t, b, "order-add-products-tablet")
	must(t, chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`.product-add button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=order-lines]`)),
	))
	text, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`[data-testid=order-lines]`)))
	must(t, err)
	if !strings.Contains(text, "Blue Mug") {
		t.Errorf("the order's lines do not show the mug:\n%s", text)
	}
}
