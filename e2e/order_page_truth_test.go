package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/testenv"
)

// TestRemovedLineLeavesTheLineCount removes a line with htmx: its rows go and the panel's count
// says how many lines are left, as a reload does.
func TestRemovedLineLeavesTheLineCount(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	o := shippableOrder(t, srv, "cust-remove", "1 Rue de Rivoli")
	gone := o.Items[1].ID
	ctx := browser(t, 1366, 900)
	signInAs(t, ctx, srv, "clerk@example.com")
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="line-count"]`)),
		chromedp.Evaluate[chromedp.Void](`window.confirm = () => true; window.__noReload = true`),
		chromedp.Click(chromedp.CSS(`#line-`+gone+` details.edit > summary`)),
		chromedp.WaitVisible(chromedp.CSS(`#line-`+gone+` button[formaction$="/remove"]`)),
		pressButton(`#line-`+gone+` button[formaction$="/remove"]`),
		chromedp.WaitNotPresent(chromedp.ID("line-"+gone)),
	))
	noReload(t, ctx)
	count, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="line-count"]`)))
	must(t, err)
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#lines-panel tbody.line").length`))
	must(t, err)
	if strings.TrimSpace(count) != "1" || rows != 1 {
		t.Errorf("after removing one of two lines the panel says %q lines and shows %d", count, rows)
	}
	screenshot(t, ctx, "order-line-removed")
}
