package e2e

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/cli"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/testenv"
)

// TestDemoOrderGetsTheCustomersPrice: on the demo data as `orderdesk seed` loads it, a clerk
// opens a wholesale customer's order, finds a product through "Add products" on the first try,
// sees the wholesale group's price, adds it and gets the line at that price.
func TestDemoOrderGetsTheCustomersPrice(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	ctx := context.Background()
	orders, err := cli.SeedDemo(ctx, srv.Store, order.DefaultStatusRules(), 240, srv.Clock.Now())
	must(t, err)

	var o *order.CustomerOrder
	var st demo.Store
	for _, d := range orders {
		if isWholesale(d.Order) && !d.Order.IsCancelled && (d.Order.Status == order.OrderNew || d.Order.Status == order.OrderProcessing) {
			o = d.Order
		}
	}
	if o == nil {
		t.Fatal("the demo has no open order of a wholesale customer")
	}
	for _, s := range demo.Stores {
		if s.ID == o.StoreID {
			st = s
		}
	}
	// A product of the store not on the order yet, without a sale price or product discount,
	// so its price is the wholesale list's alone.
	catalog := demo.DemoCatalog()
	discounted := map[string]bool{}
	for _, d := range catalog.Discounts {
		discounted[d.ProductID] = true
	}
	var sku, productID string
	var want decimal.Decimal
	for _, p := range catalog.Prices {
		onOrder := slices.ContainsFunc(o.Items, func(li order.LineItem) bool { return li.ProductID == p.ProductID })
		if p.ListID == demo.WholesaleListID(st) && !discounted[p.ProductID] && p.SalePrice == nil && !onOrder && sku == "" {
			productID, want = p.ProductID, p.ListPrice
			for _, cp := range catalog.Products {
				if cp.ID == p.ProductID {
					sku = cp.SKU
				}
			}
		}
	}
	if sku == "" {
		t.Fatalf("no product of %s to add to %s", st.ID, o.Number)
	}
	shown := order.CurrencyFor(o.Currency).Fixed(want)

	b := browser(t, 1366, 900)
	signIn(t, b, srv, "clerk@example.com")
	must(t, chromedp.Do(b,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID),
		chromedp.Click(chromedp.CSS(`[data-testid=add-products]`)),
		chromedp.WaitVisible(chromedp.ID("pq")),
		chromedp.SendKeys(chromedp.ID("pq"), sku),
		chromedp.Submit(chromedp.ID("pq")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=price]`)),
	))
	page, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`main`)))
	must(t, err)
	if !strings.Contains(page, "customer group "+demo.CustomerGroupWholesale) {
		t.Errorf("the page does not say it prices for the wholesale group:\n%s", page)
	}
	price, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`[data-testid=product] [data-testid=price]`)))
	must(t, err)
	if !strings.HasPrefix(price, shown+" "+o.Currency) {
		t.Fatalf("%s shows %q, want the wholesale price %s %s", sku, price, shown, o.Currency)
	}
	screenshot(t, b, "demo-add-product-wholesale")
	must(t, chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`[data-testid=product] .product-add button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=order-lines]`)),
	))
	assertPageIntact(t, b, "the order after adding a product")
	lines, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`[data-testid=order-lines]`)))
	must(t, err)
	if !strings.Contains(lines, sku) || !strings.Contains(lines, shown) {
		t.Errorf("the order's lines do not show %s at %s:\n%s", sku, shown, lines)
	}
	saved, err := srv.Store.Order(ctx, o.ID)
	must(t, err)
	i := slices.IndexFunc(saved.Items, func(li order.LineItem) bool { return li.ProductID == productID })
	if i < 0 || !saved.Items[i].Price.Equal(want) || !saved.Items[i].DiscountAmount.IsZero() {
		t.Fatalf("stored lines %+v, want %s at %s", saved.Items, sku, want)
	}
}

func isWholesale(o *order.CustomerOrder) bool {
	for _, p := range o.DynamicProperties {
		if p.Name == "CustomerGroup" && len(p.Values) > 0 && p.Values[0].ShortText == demo.CustomerGroupWholesale {
			return true
		}
	}
	return false
}
