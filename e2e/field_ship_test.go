package e2e

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestFieldPackShipDeliverComplete: at 820×1180 a clerk on the tablet picks, packs with the
// package's bar code, weight and size and the carrier, prints the label (a 100 × 150 mm page),
// scans the tracking number — the scanner's Enter keeps it and moves to Shipped without
// shipping —, ships, delivers and completes the order once every shipment is delivered. After
// every step the page has each id once and a reload shows the card as the answer did. A phone
// shows the delivered card within its width.
func TestFieldPackShipDeliverComplete(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx0 := context.Background()
	var o *order.CustomerOrder
	var shID string
	for _, d := range orders {
		if o != nil || d.Order.IsReadOnly() {
			continue
		}
		for _, s := range d.Order.Shipments {
			if o == nil && s.Status == order.ShipmentNew && !s.IsCancelled && len(s.Items) > 0 && s.Number != "" {
				o, shID = d.Order, s.ID
			}
		}
	}
	if o == nil {
		t.Fatal("no open order with a new shipment in the fixture")
	}
	// The order's other shipments were delivered already (at the desk), so this one is the last.
	cur, err := srv.Store.Order(ctx0, o.ID)
	must(t, err)
	for i := range cur.Shipments {
		if s := &cur.Shipments[i]; s.ID != shID && !s.IsCancelled && !s.IsDelivered() {
			at := srv.Clock.Now()
			s.Status, s.DeliveryDate = order.ShipmentSent, &at
			for j := range s.Items {
				s.Items[j].Status = order.ItemPacked
			}
		}
	}
	must(t, srv.Store.SaveOrder(ctx0, store.Actor{Label: "desk", Source: store.SourceDesk}, cur))

	ctx := browser(t, 820, 1180)
	signIn(t, ctx, srv, "clerk@example.com")
	card := "#shipment-" + shID
	status := `document.querySelector("` + card + ` [data-testid=field-status]").textContent`
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/field/orders/"+o.ID), chromedp.WaitVisible(chromedp.CSS(card))))
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("`+card+` input[name=picked]").length`))
	must(t, err)
	for i := 1; i <= n; i++ {
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(card+" .field-items li:nth-child("+strconv.Itoa(i)+") label"))))
	}
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(card+" button[value=picked]"))))
	waitFor(t, ctx, "picked", status+` === "Pick & pack"`)
	cardSameAfterReload(t, ctx, card, "picked")

	// Packed with the package and the carrier.
	fill := func(name, value string) {
		t.Helper()
		sel := card + ` input[name=` + name + `]`
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelector("`+sel+`").value = ""; return true; })()`))
		must(t, err)
		must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(sel), value)))
	}
	for _, f := range [][2]string{{"package_barcode", "PKG-TAB-42"}, {"weight", "2.5"}, {"weight_unit", "kg"}, {"length", "40"},
		{"width", "30"}, {"height", "20"}, {"measure_unit", "cm"}, {"method", "DHL"}, {"option", "Express"}} {
		fill(f[0], f[1])
	}
	must(t, chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS(card+" [data-testid=field-pack]"))))
	checkFits(t, ctx, "field pack tablet")
	screenshot(t, ctx, "field-pack-tablet")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(card+" button[value=packed]"))))
	waitFor(t, ctx, "packed", status+` === "Ready to send"`)
	waitFor(t, ctx, "the package on the card", `document.querySelector("`+card+` [data-testid=field-package]").textContent === "PKG-TAB-42, 2.5 kg, 40 × 30 × 20 cm" &&
		document.querySelector("`+card+` [data-testid=field-carrier]").textContent === "DHL Express"`)
	cardSameAfterReload(t, ctx, card, "packed")

	// The label, on screen and as printed: one 100 × 150 mm page.
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("`+card+` [data-testid=field-label-link]").getAttribute("href")`))
	must(t, err)
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+href), chromedp.WaitVisible(chromedp.CSS(`[data-testid=ship-label]`))))
	for id, want := range map[string]string{"label-carrier": "DHL Express", "label-weight": "2.5 kg", "label-packages": "1"} {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("[data-testid=`+id+`]").textContent`))
		must(t, err)
		if got != want {
			t.Errorf("label %s: %q, want %q", id, got, want)
		}
	}
	checkFits(t, ctx, "field label tablet")
	noDuplicateIDs(t, ctx, "label")
	screenshot(t, ctx, "field-label-tablet")
	labelPrint(t, ctx)
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/field/orders/"+o.ID), chromedp.WaitVisible(chromedp.CSS(card))))

	// A label scanner types the tracking number and presses Enter: the number stays, focus moves
	// to Shipped, nothing is shipped yet.
	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(card+" input[name=tracking]"), "1Z-LABEL-9\r")))
	waitFor(t, ctx, "focus on Shipped", `document.activeElement && document.activeElement.matches("`+card+` button[data-ship-submit]")`)
	time.Sleep(300 * time.Millisecond) // a submit would have reached the server by now
	if got, _ := srv.Store.Order(ctx0, o.ID); got.Shipment(shID).Status != order.ShipmentReadyToSend {
		t.Fatalf("Enter in the tracking box shipped it: %s", got.Shipment(shID).Status)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("`+card+` input[name=tracking]").value`)); v != "1Z-LABEL-9" {
		t.Errorf("the tracking box after Enter: %q", v)
	}
	// The worker presses the focused button (Enter again on a scanner-less keyboard).
	must(t, chromedp.Do(ctx, chromedp.KeyEvent("\r")))
	waitFor(t, ctx, "shipped", status+` === "Sent"`)
	waitFor(t, ctx, "tracking on the card", `document.querySelector("`+card+` [data-testid=field-tracking]").textContent === "1Z-LABEL-9"`)
	if got, _ := srv.Store.Order(ctx0, o.ID); got.Shipment(shID).TrackingNumber != "1Z-LABEL-9" {
		t.Errorf("tracking stored: %q", got.Shipment(shID).TrackingNumber)
	}
	cardSameAfterReload(t, ctx, card, "shipped")

	// Delivered, then the order is complete.
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(card+" input[name=receiver]"), "Ms Porter"),
		chromedp.Click(chromedp.CSS(card+" button[value=delivered]")),
	))
	waitFor(t, ctx, "delivered", status+` === "Delivered" && document.querySelector("`+card+` [data-testid=field-receiver]").textContent === "Ms Porter"`)
	cardSameAfterReload(t, ctx, card, "delivered")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid=field-complete] button`))))
	waitFor(t, ctx, "completed", `!!document.querySelector("[data-testid=field-completed]")`)
	cardSameAfterReload(t, ctx, ".field-mode", "completed")
	if got, _ := srv.Store.Order(ctx0, o.ID); got.Status != order.OrderCompleted {
		t.Errorf("order status after Complete order: %s", got.Status)
	}

	phone := browser(t, 390, 844)
	signIn(t, phone, srv, "clerk@example.com")
	must(t, chromedp.Do(phone, chromedp.Navigate(srv.URL+"/field/orders/"+o.ID), chromedp.WaitVisible(chromedp.CSS(card))))
	must(t, chromedp.Do(phone, chromedp.ScrollIntoView(chromedp.CSS(card))))
	checkFits(t, phone, "field delivered phone")
	noDuplicateIDs(t, phone, "delivered phone")
	screenshot(t, phone, "field-delivered-phone-390")
}

// cardText is what a person reads in the element (what is rendered, so not hidden parts)
// without the alerts and notices an answer carries once.
const cardText = `((sel) => {
	const el = document.querySelector(sel);
	const once = [...el.querySelectorAll('[role="alert"], [role="status"]')].map(e => e.innerText.trim()).filter(Boolean);
	let text = el.innerText;
	for (const t of once) text = text.replace(t, '');
	return text.replace(/\s+/g, ' ').trim();
})`

// cardSameAfterReload checks the page has each id once, reloads it, and checks the element reads
// the same.
func cardSameAfterReload(t *testing.T, ctx context.Context, sel, step string) {
	t.Helper()
	noDuplicateIDs(t, ctx, step)
	before, err := chromedp.Run(ctx, chromedp.Evaluate[string](cardText+`("`+sel+`")`))
	must(t, err)
	must(t, chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(sel))))
	after, err := chromedp.Run(ctx, chromedp.Evaluate[string](cardText+`("`+sel+`")`))
	must(t, err)
	if before != after {
		t.Errorf("after %s a reload reads differently:\nanswer: %s\nreload: %s", step, before, after)
	}
	noDuplicateIDs(t, ctx, step+", reloaded")
}

var mediaBox = regexp.MustCompile(`/MediaBox\s*\[\s*0 0 ([0-9.]+) ([0-9.]+)\s*\]`)

// labelPrint prints the label page as Chromium would on paper, saves a picture of it with
// print styles and the PDF, and checks the PDF is one page of 100 × 150 mm.
func labelPrint(t *testing.T, ctx context.Context) {
	t.Helper()
	yes := true
	res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69, PrintBackground: &yes, PreferCSSPageSize: &yes})
	must(t, err)
	pages := mediaBox.FindAllSubmatch(res.Data, -1)
	if len(pages) != 1 {
		t.Fatalf("the printed label has %d pages, want 1", len(pages))
	}
	w, _ := strconv.ParseFloat(string(pages[0][1]), 64)
	h, _ := strconv.ParseFloat(string(pages[0][2]), 64)
	const mm = 72 / 25.4
	if d := w - 100*mm; d < -1.5 || d > 1.5 || h-150*mm < -1.5 || h-150*mm > 1.5 {
		t.Errorf("printed page %.1f × %.1f pt, want 100 × 150 mm (%.1f × %.1f pt)", w, h, 100*mm, 150*mm)
	}
	dir := filepath.Join("..", "var", "screenshots")
	must(t, os.MkdirAll(dir, 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "field-label-print.pdf"), res.Data, 0o644))
	_, err = chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	must(t, err)
	screenshot(t, ctx, "field-label-print")
	_, err = chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
	must(t, err)
}
