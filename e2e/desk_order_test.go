package e2e

import (
	"context"
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

// TestOrderTakenAtTheDesk: on the demo data, a clerk takes an order over the phone: New order,
// the store, an earlier customer picked by name (their addresses come along), a product at 10
// units where the store list's 10-unit tier applies, shipping; places it and sees its number
// and the tier price on the order page and the order in the list. Then, on a tablet, Duplicate
// starts a draft from it.
func TestOrderTakenAtTheDesk(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	ctx := context.Background()
	orders, err := cli.SeedDemo(ctx, srv.Store, order.DefaultStatusRules(), 60, srv.Clock.Now())
	must(t, err)

	// A retail (not wholesale) customer of the first store, and a product of that store with a
	// 10-unit tier and neither a sale price nor a discount.
	st := demo.Stores[0]
	wholesale := map[string]bool{} // a customer's latest order decides their group: none of theirs may be wholesale
	for _, d := range orders {
		if isWholesale(d.Order) {
			wholesale[d.Order.CustomerID] = true
		}
	}
	var customer *order.CustomerOrder
	for _, d := range orders {
		if d.Order.StoreID == st.ID && !wholesale[d.Order.CustomerID] && d.Order.CustomerID != "" && len(d.Order.Addresses) > 0 && customer == nil {
			customer = d.Order
		}
	}
	if customer == nil {
		t.Fatalf("no retail customer of %s in the demo", st.ID)
	}
	catalog := demo.DemoCatalog()
	discounted := map[string]bool{}
	for _, d := range catalog.Discounts {
		discounted[d.ProductID] = true
	}
	var sku string
	var tier, single decimal.Decimal
	for _, p := range catalog.Prices {
		if p.ListID != demo.StoreListID(st) || discounted[p.ProductID] || p.SalePrice != nil {
			continue
		}
		var s string
		for _, cp := range catalog.Products {
			if cp.ID == p.ProductID {
				s = cp.SKU
			}
		}
		if p.MinQuantity == 10 && sku == "" {
			sku, tier = s, p.ListPrice
		}
	}
	for _, p := range catalog.Prices {
		for _, cp := range catalog.Products {
			if cp.SKU == sku && p.ProductID == cp.ID && p.ListID == demo.StoreListID(st) && p.MinQuantity == 1 {
				single = p.ListPrice
			}
		}
	}
	if sku == "" || single.IsZero() || !tier.LessThan(single) {
		t.Fatalf("no product of %s with a 10-unit tier below its price (%s: %s, %s)", st.ID, sku, single, tier)
	}
	cur := order.CurrencyFor(st.Currency)
	shown := cur.Fixed(tier)
	lastName := strings.Fields(customer.CustomerName)
	find := lastName[len(lastName)-1]

	b := browser(t, 1366, 900)
	signIn(t, b, srv, "clerk@example.com")
	must(t, chromedp.Do(b,
		chromedp.Navigate(srv.URL+"/orders"),
		chromedp.Click(chromedp.CSS(`[data-testid=new-order]`)),
		chromedp.WaitVisible(chromedp.ID("d-store")),
		chromedp.SetValue(chromedp.ID("d-store"), st.ID),
		chromedp.Submit(chromedp.ID("d-store")),
		chromedp.WaitVisible(chromedp.ID("dc-q")),
		chromedp.SendKeys(chromedp.ID("dc-q"), find),
		chromedp.Submit(chromedp.ID("dc-q")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=customer-hit]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=customer-hit]:has(input[value="`+customer.CustomerID+`"]) button`)),
		chromedp.WaitVisible(chromedp.CSS(`#flashes > *`)), // the draft again, saying who was picked
	))
	dismissFlashes(t, b)
	got, err := chromedp.Run(b, chromedp.Value(chromedp.ID("dd-name")))
	must(t, err)
	if got != customer.CustomerName {
		t.Fatalf("picked customer %q, want %q", got, customer.CustomerName)
	}
	line1, err := chromedp.Run(b, chromedp.Value(chromedp.ID("dd-line1")))
	must(t, err)
	if line1 == "" {
		t.Error("picking the customer brought no address")
	}
	must(t, chromedp.Do(b,
		chromedp.SendKeys(chromedp.ID("dd-method"), "FixedRate"),
		chromedp.SetValue(chromedp.ID("dd-sprice"), "5.00"),
		chromedp.Submit(chromedp.ID("dd-method")),
		chromedp.WaitVisible(chromedp.CSS(`#flashes > *`)), // "Draft saved."
	))
	dismissFlashes(t, b)
	must(t, chromedp.Do(b,
		chromedp.SendKeys(chromedp.ID("dp-q"), sku),
		chromedp.SetValue(chromedp.ID("dp-qty"), "10"),
		chromedp.Submit(chromedp.ID("dp-q")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=product] [data-testid=price]`)),
	))
	price, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`[data-testid=product] [data-testid=price]`)))
	must(t, err)
	if !strings.HasPrefix(price, shown+" "+st.Currency) {
		t.Fatalf("%s ×10 shows %q, want the tier price %s %s", sku, price, shown, st.Currency)
	}
	must(t, chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`[data-testid=product] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=draft-lines]`)),
	))
	linePrice, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`[data-testid=draft-line-price]`)))
	must(t, err)
	if linePrice != shown {
		t.Errorf("the draft's line is at %q, want %s", linePrice, shown)
	}
	noDuplicateIDs(t, b, "the draft page")
	dismissFlashes(t, b) // a fresh load has no flash message
	assertPageIntact(t, b, "the draft page")
	screenshot(t, b, "desk-order-draft-desktop")
	must(t, chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`[data-testid=place-order]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=order-lines]`)),
	))
	number, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`.order-head h1`)))
	must(t, err)
	if number == "" {
		t.Fatal("the placed order shows no number")
	}
	lines, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`[data-testid=order-lines]`)))
	must(t, err)
	if !strings.Contains(lines, sku) || !strings.Contains(lines, shown) {
		t.Errorf("the order's lines do not show %s at %s:\n%s", sku, shown, lines)
	}
	noDuplicateIDs(t, b, "the placed order")
	flash, err := chromedp.Run(b, chromedp.Text(chromedp.ID("flashes")))
	must(t, err)
	if !strings.Contains(flash, "Order "+number+" placed.") {
		t.Errorf("the flash after placing says %q", flash)
	}
	dismissFlashes(t, b)
	assertPageIntact(t, b, "the placed order")
	screenshot(t, b, "desk-order-placed-desktop")
	placed, err := srv.Store.OrderByNumber(ctx, number)
	must(t, err)
	if len(placed.Items) != 1 || placed.Items[0].Quantity != 10 || !placed.Items[0].Price.Equal(tier) || placed.CustomerID != customer.CustomerID {
		t.Fatalf("stored order %s: %+v", number, placed.Items)
	}
	must(t, chromedp.Do(b,
		chromedp.Navigate(srv.URL+"/orders?q="+number),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=order-row]`)),
	))
	list, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`main`)))
	must(t, err)
	if !strings.Contains(list, number) {
		t.Errorf("the list does not show %s", number)
	}
	noDuplicateIDs(t, b, "the order list")

	// On a tablet: Duplicate starts a draft with the same customer and line, at today's price.
	tab := browser(t, 820, 1180)
	signIn(t, tab, srv, "clerk@example.com")
	must(t, chromedp.Do(tab,
		chromedp.Navigate(srv.URL+"/orders/"+placed.ID),
		chromedp.Click(chromedp.CSS(`[data-testid=duplicate-order]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=duplicate-confirm]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=duplicate-confirm]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=draft-lines]`)),
	))
	dupPrice, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(`[data-testid=draft-line-price]`)))
	must(t, err)
	if dupPrice != shown {
		t.Errorf("the duplicate's line is at %q, want today's %s", dupPrice, shown)
	}
	noDuplicateIDs(t, tab, "the duplicated draft on a tablet")
	screenshot(t, tab, "desk-order-draft-tablet")
	must(t, chromedp.Do(tab,
		chromedp.Navigate(srv.URL+"/drafts"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=draft-row]`)),
	))
	screenshot(t, tab, "desk-order-drafts-tablet")
}

// dismissFlashes removes the flash messages a redirect after a form brought, which a fresh load
// of the same page does not show.
func dismissFlashes(t *testing.T, ctx context.Context) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('#flashes > *').forEach(e => e.remove())`)))
}
