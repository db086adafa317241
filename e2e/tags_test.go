package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/testenv"
)

// TestOrderTagsInTheBrowser: on desktop and tablet, "t" puts the cursor in the order's tags
// box, a tag typed and sent with Enter is added by htmx (the page stays intact: every panel as
// a reload shows it, no id twice, every control a fingertip high), and after a reload of the
// list the order's row shows it, and its filter lists that order.
func TestOrderTagsInTheBrowser(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	for i, size := range []struct {
		name          string
		width, height int
	}{{"desktop", 1366, 900}, {"tablet", 820, 1180}} {
		t.Run(size.name, func(t *testing.T) {
			o := editableOrder(t, srv, uint64(301+i))
			tag := "rush-" + size.name
			ctx := browser(t, size.width, size.height)
			signInAs(t, ctx, srv, "clerk@example.com")
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/orders/"+o.ID),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-tags"]`)),
				chromedp.KeyEvent("t"),
			))
			focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
			must(t, err)
			if focused != "tag-input" {
				t.Fatalf("after t the focus is on %q, want the tag input", focused)
			}
			// chromedp sends the key's character as an event of its own, which the page's
			// preventDefault on keydown does not hold back as a browser does: start empty.
			must(t, chromedp.Do(ctx,
				chromedp.Evaluate[chromedp.Void](`document.getElementById("tag-input").value = ""`),
				chromedp.SendKeys(chromedp.ID("tag-input"), tag+"\r"),
			))
			waitFor(t, ctx, "the new chip", fmt.Sprintf(`[...document.querySelectorAll('[data-testid=order-tag]')].some(e => e.textContent.includes(%q))`, tag))
			assertPageIntact(t, ctx, "after adding a tag")
			noDuplicateIDs(t, ctx, "order page with a tag")
			checkFits(t, ctx, "order page with a tag")
			value, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("tag-input")))
			must(t, err)
			if value != "" {
				t.Errorf("the tag input still holds %q after the add", value)
			}
			recent, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="recent-history"]`)))
			must(t, err)
			if !strings.Contains(recent, "Added tag "+tag) {
				t.Errorf("latest changes %q do not say the tag was added", recent)
			}
			screenshot(t, ctx, "order-tags-"+size.name)

			// A reload of the list shows the chip on the order's row, and its link filters by it.
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/orders"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-row"]`)),
			))
			row := fmt.Sprintf(`[...document.querySelectorAll('[data-testid=order-row]')].find(r => r.querySelector('a[href="/orders/%s"]'))`, o.ID)
			waitFor(t, ctx, "the row's chip", row+`?.querySelector('[data-testid=row-tag]')?.textContent === `+fmt.Sprintf("%q", tag))
			noDuplicateIDs(t, ctx, "order list with tags")
			checkFits(t, ctx, "order list with tags")
			screenshot(t, ctx, "list-tags-"+size.name)
			filter, err := chromedp.Run(ctx, chromedp.Evaluate[string](row+`.querySelector('[data-testid=row-tag]').dataset.filter`))
			must(t, err)
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+filter),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-row"]`)),
			))
			waitFor(t, ctx, "the tag's list", `document.querySelectorAll('[data-testid=order-row]').length === 1`)
			q, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("q")))
			must(t, err)
			if q != "tag:"+tag {
				t.Errorf("the chip's filter is %q", q)
			}
		})
	}
}
