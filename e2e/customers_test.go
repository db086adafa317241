package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// regularCustomer stores the demo stores, n demo orders with every other one by one regular
// customer, and one more of theirs that is paid but not shipped (open for edits), returned.
func regularCustomer(t *testing.T, srv *testenv.Server, n int) *order.CustomerOrder {
	t.Helper()
	ctx := context.Background()
	by := store.Actor{Label: "demo", Source: store.SourceSystem}
	for _, st := range demo.Stores {
		if err := srv.Store.UpsertStore(ctx, store.StoreInfo{ID: st.ID, Name: st.Name, DefaultCurrency: st.Currency}); err != nil {
			t.Fatal(err)
		}
	}
	g := demo.NewGenerator(31, srv.Clock.Now(), order.DefaultStatusRules())
	for i, d := range g.Orders(n) {
		if i%2 == 0 {
			d.Order.CustomerID, d.Order.CustomerName = "cust-regular", "Rita Regular"
		}
		if err := srv.Store.CreateOrder(ctx, by, d.Order); err != nil {
			t.Fatal(err)
		}
	}
	o := g.Order(demo.Stores[0], demo.ScenarioPaid).Order
	o.CustomerID, o.CustomerName = "cust-regular", "Rita Regular"
	if err := srv.Store.CreateOrder(ctx, by, o); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestCustomerPanelToPageAndList: on a desktop and a tablet, the order page's customer panel
// opens onto the customer's figures; its link leads to the customer page listing their orders,
// whose sorting swaps only the results, and from there to the order list filtered to them.
func TestCustomerPanelToPageAndList(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	o := regularCustomer(t, srv, 12) // 6 + 1 orders of the regular customer
	for _, d := range devices[:2] {
		t.Run(d.name, func(t *testing.T) {
			ctx := browser(t, d.width, d.height)
			signInAs(t, ctx, srv, "manager@example.com")
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/orders/"+o.ID),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="customer-summary"]`)),
				chromedp.Click(chromedp.CSS(`[data-testid="customer-summary"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="customer-money"]`)),
			))
			screenshot(t, ctx, "customer-panel-"+d.name)
			checkFits(t, ctx, "order page with the customer panel open")
			panel, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="customer-panel"]`)))
			must(t, err)
			if !strings.Contains(panel, "7 orders") || !strings.Contains(panel, "6 other orders") || !strings.Contains(panel, "Spend ") {
				t.Errorf("panel reads %q", panel)
			}
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`[data-testid="customer-page-link"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="customer-head"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-row"]`)),
			))
			rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="order-row"]').length`))
			must(t, err)
			if rows != 7 {
				t.Errorf("the customer page lists %d orders, want 7", rows)
			}
			screenshot(t, ctx, "customer-page-"+d.name)
			checkFits(t, ctx, "customer page")
			noDuplicateIDs(t, ctx, "customer page")
			// A page size picked swaps the results in place (the form around them) and keeps the
			// customer; on a desktop, so does sorting by a column's header.
			must(t, chromedp.Do(ctx,
				chromedp.Evaluate[chromedp.Void](`window.__noReload = true;
					const n = document.querySelector('#results select[name="n"]');
					n.value = "25"; n.dispatchEvent(new Event("change", {bubbles: true}));`),
			))
			_, err = chromedp.Run(ctx, chromedp.Poll[bool](`location.search.includes("n=25")`))
			must(t, err)
			assertPageIntact(t, ctx, "after picking a page size")
			if d.name == "desktop" {
				must(t, chromedp.Do(ctx,
					chromedp.Click(chromedp.CSS(`#results th a[href*="sort=number"]`)),
					chromedp.WaitVisible(chromedp.CSS(`#results th[aria-sort="ascending"]`)),
				))
				assertPageIntact(t, ctx, "after sorting the customer's orders")
			}
			state, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`[window.__noReload === true, location.pathname, document.querySelectorAll('[data-testid="order-row"]').length]`))
			must(t, err)
			if state[0] != true || state[1] != "/customers/cust-regular" || state[2] != float64(7) {
				t.Errorf("after the swaps: kept page %v, at %v, %v rows", state[0], state[1], state[2])
			}
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`.page-head [data-testid="customer-orders-link"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="customer-id-filter"]`)),
			))
			list, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`[location.pathname + location.search, document.querySelectorAll('[data-testid="order-row"]').length]`))
			must(t, err)
			if list[0] != "/orders?customer_id=cust-regular" || list[1] != float64(7) {
				t.Errorf("the filtered list is %v with %v rows", list[0], list[1])
			}
			screenshot(t, ctx, "customer-list-"+d.name)
			// Dropping the customer filter lists every order.
			must(t, chromedp.Do(ctx,
				chromedp.Evaluate[chromedp.Void](`document.querySelector('details.filter-more').open = true`),
				chromedp.Click(chromedp.CSS(`[data-testid="customer-id-filter"]`)),
				chromedp.WaitNotPresent(chromedp.CSS(`[data-testid="customer-id-filter"]`)),
			))
			all, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="order-row"]').length`))
			must(t, err)
			if all != 13 {
				t.Errorf("without the customer filter %d rows, want 13", all)
			}
		})
	}
}

// TestEditFocusedLineWithE: "e" opens the edit form of the line that has the focus, and does
// nothing when no line has it.
func TestEditFocusedLineWithE(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	o := regularCustomer(t, srv, 2)
	if len(o.Items) < 2 {
		t.Fatalf("the order has %d lines", len(o.Items))
	}
	li := o.Items[1]
	ctx := browser(t, 1366, 900)
	signInAs(t, ctx, srv, "clerk@example.com")
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-page"]`)),
		chromedp.KeyEvent("e"),
	))
	open, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#lines-panel details.edit[open]').length`))
	must(t, err)
	if open != 0 {
		t.Fatalf("e without a focused line opened %d forms", open)
	}
	must(t, chromedp.Do(ctx,
		chromedp.Focus(chromedp.CSS(`#line-`+li.ID+` > tr`)),
		chromedp.KeyEvent("e"),
		chromedp.WaitVisible(chromedp.CSS(`#edit-line-`+li.ID+` input[name="quantity"]`)),
	))
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]any](`[
		document.querySelectorAll('#lines-panel details.edit[open]').length,
		!!document.activeElement.closest('#edit-line-`+li.ID+`'),
		document.activeElement.tagName]`))
	must(t, err)
	if got[0] != float64(1) || got[1] != true {
		t.Errorf("after e on line 2: %v forms open, focus in its form %v (%v)", got[0], got[1], got[2])
	}
	screenshot(t, ctx, "line-edit-by-e")
	// The help lists it.
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/help/shortcuts"), chromedp.WaitVisible(chromedp.CSS(`[data-testid="shortcuts"]`))))
	help, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="shortcuts"]`)))
	must(t, err)
	if !strings.Contains(help, "edit the line item that has the focus") {
		t.Errorf("the shortcuts page lacks e: %q", help)
	}
}
