package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
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

// TestLineSaysShippedOnlyOnceSent: a line whose units sit in a shipment being prepared says
// "in a shipment"; once that shipment is set to Sent (with htmx) it says "shipped".
func TestLineSaysShippedOnlyOnceSent(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	o := shippableOrder(t, srv, "cust-sent", "2 Rue de Rivoli")
	o, err := srv.Store.Order(context.Background(), o.ID)
	must(t, err)
	sh := order.NewShipment(o, order.DefaultStatusRules())
	sh.Items = []order.ShipmentItem{{ID: order.NewID(), LineItemID: o.Items[0].ID, Quantity: 3}}
	o.Shipments = append(o.Shipments, sh)
	must(t, srv.Store.SaveOrder(context.Background(), store.Actor{Label: "ann@example.com", Source: store.SourceDesk}, o))
	c := browser(t, 1366, 900)
	signInAs(t, c, srv, "clerk@example.com")
	must(t, chromedp.Do(c,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="line-shipped"]`)),
		chromedp.Evaluate[chromedp.Void](`window.__noReload = true`),
	))
	lineFigure := func() (book, mug string) {
		t.Helper()
		b, err := chromedp.Run(c, chromedp.Text(chromedp.CSS(`#line-`+o.Items[0].ID+` [data-testid="line-shipped"]`)))
		must(t, err)
		m, err := chromedp.Run(c, chromedp.Text(chromedp.CSS(`#line-`+o.Items[1].ID+` [data-testid="line-shipped"]`)))
		must(t, err)
		return strings.TrimSpace(b), strings.TrimSpace(m)
	}
	if book, mug := lineFigure(); book != "3 in a shipment" || mug != "1 left" {
		t.Errorf("before sending: BOOK %q, MUG %q; want 3 in a shipment, 1 left", book, mug)
	}
	form := `#edit-ship-` + sh.ID
	must(t, chromedp.Do(c,
		chromedp.Click(chromedp.CSS(`[data-testid="edit-ship-`+sh.ID+`"] > summary`)),
		chromedp.WaitVisible(chromedp.CSS(form+` select[name="status"]`)),
		chromedp.SetValue(chromedp.CSS(form+` select[name="status"]`), order.ShipmentSent),
		pressButton(form+` button[type="submit"]`),
		chromedp.WaitVisible(chromedp.CSS(`#documents-box [data-testid="saved-note"]`)),
	))
	noReload(t, c)
	if book, mug := lineFigure(); book != "all 3 shipped" || mug != "1 left" {
		t.Errorf("after sending: BOOK %q, MUG %q; want all 3 shipped, 1 left", book, mug)
	}
	screenshot(t, c, "order-line-shipped")
}

// TestFlashClosesWithoutScript saves a line with scripts off: the page comes back saying
// "Saved." (one full stop), and the × closes the message, still without script.
func TestFlashClosesWithoutScript(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	o := shippableOrder(t, srv, "cust-flash", "3 Rue de Rivoli")
	c := browser(t, 1366, 900)
	signInAs(t, c, srv, "clerk@example.com")
	_, err := chromedp.Call(c, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	must(t, err)
	form := `#edit-line-` + o.Items[1].ID
	must(t, chromedp.Do(c,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID),
		chromedp.Click(chromedp.CSS(`#line-`+o.Items[1].ID+` details.edit > summary`)),
		chromedp.WaitVisible(chromedp.CSS(form+` input[name="quantity"]`)),
		chromedp.SetValue(chromedp.CSS(form+` input[name="quantity"]`), "2"),
		chromedp.Click(chromedp.CSS(form+` .edit-actions button[type="submit"]:not([formaction])`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="flash"]`)),
	))
	text, err := chromedp.Run(c, chromedp.Text(chromedp.CSS(`[data-testid="flash"] p`)))
	must(t, err)
	if strings.TrimSpace(text) != "Saved." {
		t.Errorf("the flash says %q, want Saved.", text)
	}
	screenshot(t, c, "order-flash-no-script")
	checkFits(t, c, "order page with a flash")
	must(t, chromedp.Do(c, chromedp.Click(chromedp.CSS(`[data-testid="flash"] > summary`))))
	shown, err := chromedp.Run(c, chromedp.Evaluate[bool](`document.querySelector('[data-testid="flash"]').checkVisibility()`))
	must(t, err)
	if shown {
		t.Error("the flash is still shown after its × was pressed")
	}
}
