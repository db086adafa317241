package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
)

// scan types a code and Enter into whatever has the focus, as a hardware scanner does: no
// click first, no clearing of the box.
func scan(t *testing.T, ctx context.Context, code string) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.KeyEvent(code+"\r")))
}

// waitPath waits until the tab shows a page whose path is path and whose scan box is there.
func waitPath(t *testing.T, ctx context.Context, what, path string) {
	t.Helper()
	waitFor(t, ctx, what, `location.pathname === `+jsString(path)+` && document.readyState === "complete" && !!document.getElementById("fq")`)
}

// blur takes the focus away, as a tap on the page outside any input does.
func blur(t *testing.T, ctx context.Context) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement.blur(), document.activeElement === document.body`))
	must(t, err)
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// boxSelected says the scan box has the focus and its whole text is selected (or it is empty):
// the next scan replaces it.
const boxSelected = `(() => { const b = document.getElementById("fq");
	return document.activeElement === b && b.selectionStart === 0 && b.selectionEnd === b.value.length; })()`

// TestFieldFindScanning: at 820×1180 field staff sign in to the work list, whose counts are the
// queues'; a bad scan then a good one (typed into the box with Enter, as a scanner does) opens
// the good one, not the two glued together; on the order page a scan opens the next order,
// also when nothing had the focus; "/" puts the cursor in field mode's box; several matches
// are listed with store, status and what is left; a work-list row opens its order. Then the
// desk list's row checkboxes are 44 × 44 at that width, badges and SKUs 14 px, and at 390 px
// SKUs stay on one line and Sign out sits at the top.
func TestFieldFindScanning(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	want := map[string]int{}
	for _, d := range orders {
		for _, s := range d.Order.Shipments {
			if d.Order.IsCancelled || s.IsCancelled || s.DeliveryDate != nil {
				continue
			}
			want[map[string]string{order.ShipmentNew: "pick", order.ShipmentPickPack: "picked",
				order.ShipmentReadyToSend: "packed", order.ShipmentSent: "deliver"}[s.Status]]++
		}
	}
	first, next := orders[0].Order, orders[1].Order
	// An end of a number several orders share, for the matches screen.
	var shared string
	for _, k := range []int{5, 4, 3} {
		for _, d := range orders {
			end := d.Order.Number[len(d.Order.Number)-k:]
			n := 0
			for _, e := range orders {
				if strings.HasSuffix(e.Order.Number, end) {
					n++
				}
			}
			if shared == "" && n >= 3 && n <= 10 {
				shared = end
			}
		}
	}
	if shared == "" {
		t.Fatal("no number end shared by 3 to 10 orders in the fixture")
	}

	ctx := browser(t, 820, 1180)
	signIn(t, ctx, srv, "field@example.com")
	waitPath(t, ctx, "signed in to field mode", "/field")
	counts, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]int](`Object.fromEntries([...document.querySelectorAll("[data-testid=field-queue-tab]")]
		.map(a => [a.dataset.queue, Number(a.querySelector("[data-testid=field-queue-count]").textContent.replace(/,/g, ""))]))`))
	must(t, err)
	for _, q := range []string{"pick", "picked", "packed", "deliver"} {
		if counts[q] != want[q] {
			t.Errorf("queue %s shows %d, want %d", q, counts[q], want[q])
		}
	}
	noDuplicateIDs(t, ctx, "work list")
	checkFits(t, ctx, "work list tablet")
	screenshot(t, ctx, "field-worklist-tablet")

	// A bad scan, then a good one straight after: the box's text was selected, so the good
	// code replaces the bad one.
	scan(t, ctx, "NOPE-404")
	waitFor(t, ctx, "nothing matches", `!!document.querySelector("[data-testid=field-find-problem]")`)
	waitFor(t, ctx, "the bad code selected", boxSelected)
	scan(t, ctx, first.Number)
	waitPath(t, ctx, "the good scan opens its order", "/field/orders/"+first.ID)
	if v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("fq").value`)); v != first.Number {
		t.Errorf("the order page's box shows %q, want the scanned %q", v, first.Number)
	}
	waitFor(t, ctx, "the scanned code selected on the order page", boxSelected)
	noDuplicateIDs(t, ctx, "order page")
	// The next scan on the order page opens the next order, with no tap.
	scan(t, ctx, next.Number)
	waitPath(t, ctx, "a scan on an order page opens the next order", "/field/orders/"+next.ID)
	// Nothing has the focus (the worker tapped the page): the scan still goes to the box.
	blur(t, ctx)
	scan(t, ctx, first.Number)
	waitPath(t, ctx, "a scan with nothing focused", "/field/orders/"+first.ID)
	// "/" goes to field mode's own box, not the top bar's.
	blur(t, ctx)
	// One keyDown carrying its text, as a keyboard sends it (chromedp's KeyEvent sends the
	// text as a separate "char" event, which no page can cancel).
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
		p := input.DispatchKeyEventParams{Type: typ, Key: "/", Code: "Slash", WindowsVirtualKeyCode: 191}
		if typ == input.DispatchKeyEventTypeKeyDown {
			p.Text = "/"
		}
		if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, p); err != nil {
			t.Fatal(err)
		}
	}
	if id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); id != "fq" {
		t.Errorf(`"/" on a field page focuses #%s, want #fq`, id)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("fq").value`)); strings.Contains(v, "/") {
		t.Errorf(`"/" was typed into the box: %q`, v)
	}
	// The field page leads back to the desk page.
	if href, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector("[data-testid=field-desk-link]") || {}).pathname || ""`)); href != "/orders/"+first.ID {
		t.Errorf("link to the desk page: %q", href)
	}

	// Several matches: store, status, what is left; the box selected again.
	scan(t, ctx, shared)
	waitFor(t, ctx, "several matches", `document.querySelectorAll("[data-testid=field-match]").length >= 3`)
	waitFor(t, ctx, "the query selected", boxSelected)
	missing, err := chromedp.Run(ctx, chromedp.Evaluate[int](`[...document.querySelectorAll("[data-testid=field-match]")]
		.filter(m => !m.querySelector("[data-testid=field-match-store]").textContent.trim() ||
			!m.querySelector("[data-testid=field-match-status]").textContent.trim() ||
			!m.querySelector("[data-testid=field-match-left]").textContent.trim()).length`))
	must(t, err)
	if missing > 0 {
		t.Errorf("%d matches without store, status or what is left", missing)
	}
	noDuplicateIDs(t, ctx, "matches")
	checkFits(t, ctx, "matches tablet")
	screenshot(t, ctx, "field-matches-tablet")

	// A work-list row opens its order.
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/field")))
	waitPath(t, ctx, "the work list", "/field")
	target, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("[data-testid=field-work-row]").dataset.orderId`))
	must(t, err)
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("[data-testid=field-work-row]"))))
	waitPath(t, ctx, "a work-list row opens its order", "/field/orders/"+target)
	// Keys sent to the box when nothing has the focus leave the shortcuts alone: "g o" still
	// goes to the orders.
	blur(t, ctx)
	must(t, chromedp.Do(ctx, chromedp.KeyEvent("go")))
	waitFor(t, ctx, `"g o" goes to the orders`, `location.pathname === "/orders"`)

	// The desk at the same width: row checkboxes are 44 × 44 targets; badges and SKUs 14 px.
	desk := browser(t, 820, 1180)
	signIn(t, desk, srv, "clerk@example.com")
	must(t, chromedp.Do(desk, chromedp.Navigate(srv.URL+"/orders"), chromedp.WaitVisible(chromedp.CSS("td.pick input"))))
	small, err := chromedp.Run(desk, chromedp.Evaluate[[]string](`[...document.querySelectorAll("td.pick input[type=checkbox]")].map(c => {
		const r = c.closest("label").getBoundingClientRect(); return r.width < 44 || r.height < 44 ? r.width + "×" + r.height : ""; }).filter(Boolean)`))
	must(t, err)
	if len(small) > 0 {
		t.Errorf("row checkbox targets under 44×44: %v", small)
	}
	badge, err := chromedp.Run(desk, chromedp.Evaluate[float64](`parseFloat(getComputedStyle(document.querySelector(".orders .badge")).fontSize)`))
	must(t, err)
	if badge < 14 {
		t.Errorf("status badges are %.1f px", badge)
	}
	must(t, chromedp.Do(desk, chromedp.Navigate(srv.URL+"/orders/"+first.ID), chromedp.WaitVisible(chromedp.CSS(".sku"))))
	sku, err := chromedp.Run(desk, chromedp.Evaluate[float64](`Math.min(...[...document.querySelectorAll(".sku")].map(e => parseFloat(getComputedStyle(e).fontSize)))`))
	must(t, err)
	if sku < 14 {
		t.Errorf("SKUs are %.1f px", sku)
	}
	if href, _ := chromedp.Run(desk, chromedp.Evaluate[string](`(document.querySelector("[data-testid=open-field]") || {}).pathname || ""`)); href != "/field/orders/"+first.ID {
		t.Errorf("desk link to field mode: %q", href)
	}

	// A 390 px phone: the work list fits, SKUs stay on one line, Sign out is at the top.
	phone := browser(t, 390, 844)
	signIn(t, phone, srv, "field@example.com")
	waitPath(t, phone, "field mode on a phone", "/field")
	checkFits(t, phone, "work list phone")
	screenshot(t, phone, "field-worklist-phone-390")
	signOutTop(t, phone, "work list phone")
	longest := longestSKUOrder(orders)
	must(t, chromedp.Do(phone, chromedp.Navigate(srv.URL+"/field/orders/"+longest.ID), chromedp.WaitVisible(chromedp.CSS(".field-items .mono"))))
	checkFits(t, phone, "order page phone")
	signOutTop(t, phone, "order page phone")
	wrapped, err := chromedp.Run(phone, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".field-items .mono")]
		.filter(e => e.getClientRects().length > 1).map(e => e.textContent)`))
	must(t, err)
	if len(wrapped) > 0 {
		t.Errorf("SKUs broken over lines at 390 px: %v", wrapped)
	}
}

// signOutTop checks Sign out is in the upper part of the screen, away from the thumb.
func signOutTop(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	top, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => { const b = [...document.querySelectorAll("button")].find(b => b.textContent.trim() === "Sign out");
		return b ? b.getBoundingClientRect().top / window.innerHeight : 9; })()`))
	must(t, err)
	if top > 0.25 {
		t.Errorf("%s: Sign out at %.0f %% of the screen's height, where a thumb lands", page, top*100)
	}
}

// longestSKUOrder is an order with a shipment holding the longest SKU of the fixture.
func longestSKUOrder(orders []demo.Order) *order.CustomerOrder {
	var best *order.CustomerOrder
	n := 0
	for _, d := range orders {
		for _, s := range d.Order.Shipments {
			for _, it := range s.Items {
				if li := d.Order.LineItem(it.LineItemID); li != nil && len(li.Sku) > n && !s.IsCancelled {
					best, n = d.Order, len(li.Sku)
				}
			}
		}
	}
	return best
}
