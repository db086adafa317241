package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// editableOrder saves a demo order that is paid but not shipped: open for edits.
func editableOrder(t *testing.T, srv *testenv.Server, seed uint64) *order.CustomerOrder {
	t.Helper()
	o := demo.NewGenerator(seed, srv.Clock.Now(), order.DefaultStatusRules()).Order(demo.Stores[0], demo.ScenarioPaid).Order
	if err := srv.Store.CreateOrder(context.Background(), store.Actor{Label: "ann@example.com", Source: store.SourceDesk}, o); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestEditLineQuantityUpdatesTotals changes a line's quantity with htmx at desktop and tablet
// sizes: the line and the totals change without a page load, and the forms fit the screen.
func TestEditLineQuantityUpdatesTotals(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	for i, d := range devices[:2] {
		t.Run(d.name, func(t *testing.T) {
			o := editableOrder(t, srv, uint64(40+i))
			li := o.Items[0]
			cur := order.CurrencyFor(o.Currency)
			ctx := browser(t, d.width, d.height)
			signInAs(t, ctx, srv, "clerk@example.com")
			form := `#edit-line-` + li.ID
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/orders/"+o.ID),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-page"]`)),
				// Mark the document: a full page load would lose the mark.
				chromedp.Evaluate[chromedp.Void](`window.__noReload = true`),
				chromedp.Click(chromedp.CSS(`[data-testid="edit-line-`+li.ID+`"] > summary`)),
				chromedp.WaitVisible(chromedp.CSS(form+` input[name="quantity"]`)),
			))
			checkFits(t, ctx, "order edit form")
			screenshot(t, ctx, "order-edit-open-"+d.name)
			qty := li.Quantity + 2
			must(t, chromedp.Do(ctx,
				chromedp.SetValue(chromedp.CSS(form+` input[name="quantity"]`), strconv.Itoa(qty)),
				chromedp.Click(chromedp.CSS(form+` button[type="submit"]`)),
				chromedp.WaitVisible(chromedp.CSS(`#line-`+li.ID+` [data-testid="saved-note"]`)),
			))
			saved, err := srv.Store.Order(context.Background(), o.ID)
			must(t, err)
			if got := saved.LineItem(li.ID).Quantity; got != qty {
				t.Fatalf("stored quantity %d, want %d", got, qty)
			}
			text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#line-`+li.ID+` [data-testid="line-qty"]`)))
			must(t, err)
			if strings.TrimSpace(text) != strconv.Itoa(qty) {
				t.Errorf("line shows quantity %q, want %d", text, qty)
			}
			totals, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="totals"]`)))
			must(t, err)
			if want := cur.Fixed(saved.Total); !strings.Contains(totals, want) || saved.Total.Equal(o.Total) {
				t.Errorf("totals panel %q lacks the new total %s (was %s)", totals, want, cur.Fixed(o.Total))
			}
			still, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__noReload === true`))
			must(t, err)
			if !still {
				t.Error("the page reloaded: the edit was not a partial update")
			}
			checkFits(t, ctx, "order after edit")
			screenshot(t, ctx, "order-edit-saved-"+d.name)
		})
	}
}
