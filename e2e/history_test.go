package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/testenv"
)

// TestHistoryPagesOnEveryDevice walks the order's history tab (filtering through htmx), a
// comparison and the managers' history at each size.
func TestHistoryPagesOnEveryDevice(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	o := orderWithHistory(t, srv)
	orderWithHistory(t, srv)
	sets, err := srv.Store.OrderHistory(context.Background(), o.ID)
	must(t, err)
	for _, d := range devices {
		t.Run(d.name, func(t *testing.T) {
			ctx := browser(t, d.width, d.height)
			signInAs(t, ctx, srv, "manager@example.com")
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/orders/"+o.ID+"/history"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="history-list"]`)),
			))
			checkFits(t, ctx, "order history")
			screenshot(t, ctx, "order-history-"+d.name)
			// Filtering by field swaps only the results and puts the filter in the address.
			must(t, chromedp.Do(ctx,
				chromedp.SetValue(chromedp.ID("f-topic"), "price"),
				chromedp.Click(chromedp.CSS(`[data-testid="history-filters"] button[type=submit]`)),
			))
			_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll("[data-testid=history-entry]").length === 1`))
			must(t, err)
			assertPageIntact(t, ctx, "the order's history filtered by field")
			loc, err := chromedp.Run(ctx, chromedp.Location())
			must(t, err)
			if !strings.Contains(loc, "topic=price") {
				t.Errorf("filtered history is at %s, want the filter in the URL", loc)
			}
			text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="history-list"]`)))
			must(t, err)
			if !strings.Contains(text, "price match with a competitor") {
				t.Errorf("the price change entry reads %q", text)
			}

			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/orders/"+o.ID+"/compare?from="+sets[0].ID),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="compare"]`)),
			))
			checkFits(t, ctx, "compare")
			screenshot(t, ctx, "compare-"+d.name)

			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/history?topic=price"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="history-list"]`)),
			))
			n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("[data-testid=history-entry]").length`))
			must(t, err)
			if n != 2 {
				t.Errorf("%d price changes across orders, want 2", n)
			}
			checkFits(t, ctx, "history")
			screenshot(t, ctx, "history-"+d.name)
			if d.name == "desktop" {
				// A bad amount through htmx still ends with the message next to its field.
				must(t, chromedp.Do(ctx,
					chromedp.SendKeys(chromedp.ID("f-min"), "lots"),
					chromedp.Click(chromedp.CSS(`[data-testid="history-filters"] button[type=submit]`)),
					chromedp.WaitVisible(chromedp.CSS(`.field.has-error .error`)),
				))
				assertPageIntact(t, ctx, "the history with a bad amount")
				msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.field.has-error .error`)))
				must(t, err)
				if !strings.Contains(msg, "enter an amount") {
					t.Errorf("bad amount message %q", msg)
				}
			}
		})
	}
}

// TestHistoryWithoutJavaScript: with scripts off, the managers' filter form loads the filtered
// page and "Older changes" is a plain link.
func TestHistoryWithoutJavaScript(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	for range 6 {
		orderWithHistory(t, srv) // 5 change sets each: 30 in all, more than one page
	}
	ctx := browser(t, 1366, 900)
	signInAs(t, ctx, srv, "manager@example.com")
	_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	must(t, err)
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/history"),
		chromedp.WaitVisible(chromedp.ID("f-topic")),
		chromedp.SetValue(chromedp.ID("f-topic"), "price"),
		chromedp.Click(chromedp.CSS(`[data-testid="history-filters"] button[type=submit]`)),
		chromedp.WaitReady(chromedp.CSS(`#f-topic option[value=price][selected]`)),
	))
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("[data-testid=history-entry]").length`))
	must(t, err)
	if n != 6 {
		t.Errorf("%d price changes, want 6", n)
	}
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/history"),
		chromedp.Click(chromedp.CSS(`[data-testid="older"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.pager a:not([data-testid])`)), // "Newest" appears on page 2
	))
	n, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("[data-testid=history-entry]").length`))
	must(t, err)
	if n != 5 {
		t.Errorf("second page has %d change sets, want 5", n)
	}
}
