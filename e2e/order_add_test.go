package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// bookOrderWithCatalog is a new book-shop order among the list's orders, with products
// (sku,name,tax_type,track_inventory,in_stock rows) and prices (price_list_id,currency,
// store_id,sku,min_quantity,list_price rows) imported.
func bookOrderWithCatalog(t *testing.T, products, prices string) (*testenv.Server, *order.CustomerOrder) {
	t.Helper()
	srv, orders := listServer(t)
	var o *order.CustomerOrder
	for _, d := range orders {
		if d.Order.StoreID == "books-uk" && d.Order.Status == order.OrderNew {
			o = d.Order
		}
	}
	if o == nil {
		t.Fatal("no new book-shop order")
	}
	ctx, admin := context.Background(), store.Actor{Label: "admin", Source: store.SourceDesk}
	_, err := srv.Store.ImportCatalog(ctx, admin, "products", strings.NewReader("sku,name,tax_type,track_inventory,in_stock\n"+products), nil)
	must(t, err)
	_, err = srv.Store.ImportCatalog(ctx, admin, "prices", strings.NewReader("price_list_id,currency,store_id,sku,min_quantity,list_price\n"+prices), nil)
	must(t, err)
	return srv, o
}

// TestAddProductsOnATablet: from the order page to a product at this customer's price and back
// with the new line, at tablet size.
func TestAddProductsOnATablet(t *testing.T) {
	t.Parallel()
	srv, o := bookOrderWithCatalog(t, "MUG-1,Blue Mug,goods,true,12\n", "uk,GBP,books-uk,MUG-1,1,8.00\n")
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

// TestAddProductAtATieredPrice: asking for twelve shows the price from the ten-unit tier before
// adding, and the line comes onto the order at that price.
func TestAddProductAtATieredPrice(t *testing.T) {
	t.Parallel()
	srv, o := bookOrderWithCatalog(t, "PEN-9,Fountain pen,goods,true,200\n", "uk,GBP,books-uk,PEN-9,1,10.00\nuk,GBP,books-uk,PEN-9,10,7.50\n")
	b := browser(t, 1366, 900)
	signIn(t, b, srv, "clerk@example.com")
	must(t, chromedp.Do(b,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID+"/products"),
		chromedp.WaitVisible(chromedp.ID("pq")),
		chromedp.SendKeys(chromedp.ID("pq"), "PEN-9"),
		chromedp.SetValue(chromedp.ID("pqty"), "12"),
		chromedp.Submit(chromedp.ID("pq")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=price]`)),
	))
	price, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`[data-testid=price]`)))
	must(t, err)
	if !strings.Contains(price, "7.50") || !strings.Contains(price, "tier from 10") {
		t.Fatalf("price for 12 shows %q, want 7.50 from the 10-unit tier", price)
	}
	qty, err := chromedp.Run(b, chromedp.Value(chromedp.CSS(`.product-add input[name=quantity]`)))
	must(t, err)
	if qty != "12" {
		t.Errorf("the add form's quantity is %q, want the 12 asked about", qty)
	}
	screenshot(t, b, "order-add-tier")
	must(t, chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`.product-add button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=order-lines]`)),
	))
	lines, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`[data-testid=order-lines]`)))
	must(t, err)
	if !strings.Contains(lines, "Fountain pen") || !strings.Contains(lines, "7.50") {
		t.Errorf("the order's lines do not show the pen at 7.50:\n%s", lines)
	}
	saved, err := srv.Store.Order(context.Background(), o.ID)
	must(t, err)
	var pen *order.LineItem
	for i := range saved.Items {
		if saved.Items[i].Sku == "PEN-9" {
			pen = &saved.Items[i]
		}
	}
	if pen == nil || pen.Quantity != 12 || pen.Price.StringFixed(2) != "7.50" {
		t.Fatalf("stored line %+v, want 12 × 7.50", pen)
	}
}
