package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
)

// recordVibrations records navigator.vibrate calls (headless Chromium has no motor).
const recordVibrations = `window.__vibrations = 0; navigator.vibrate = function () { window.__vibrations++; return true; };`

// fieldText is what the worker reads on a field page, without the answers that belong to
// one moment (a step's "done", a scan's message): a reload must show the same.
const fieldText = `(() => {
	const c = document.querySelector('.field-mode').cloneNode(true);
	c.querySelectorAll('[hidden], [role=alert], [role=status], [data-testid=field-done], script').forEach(e => e.remove());
	return c.textContent.replace(/\s+/g, ' ').trim();
})()`

// checkedState is each pick line's tick and count, which the text does not show.
const checkedState = `[...document.querySelectorAll('[data-pick-line]')].map(l => l.dataset.pickLine + ':' +
	(l.querySelector('input[type=checkbox]').checked ? 'x' : '-') + ':' + ((l.querySelector('[data-counted]') || {}).textContent || '')).join(' ')`

// sameAfterReload checks the page has no id twice, reloads it, and fails when the reload
// shows other text, ticks or counts.
func sameAfterReload(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	noDuplicateIDs(t, ctx, what)
	before, err := chromedp.Run(ctx, chromedp.Evaluate[string](fieldText))
	must(t, err)
	ticks, err := chromedp.Run(ctx, chromedp.Evaluate[string](checkedState))
	must(t, err)
	must(t, chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`.field-mode`))))
	waitFor(t, ctx, what+": the scan script ran", `![...document.querySelectorAll('[data-scan-box]')].some(b => b.hidden)`)
	after, err := chromedp.Run(ctx, chromedp.Evaluate[string](fieldText))
	must(t, err)
	ticksAfter, err := chromedp.Run(ctx, chromedp.Evaluate[string](checkedState))
	must(t, err)
	if before != after {
		t.Errorf("%s: a reload shows other text\n  page:   %s\n  reload: %s", what, before, after)
	}
	if ticks != ticksAfter {
		t.Errorf("%s: a reload shows other ticks or counts\n  page:   %s\n  reload: %s", what, ticks, ticksAfter)
	}
	noDuplicateIDs(t, ctx, what+" (reloaded)")
}

// scanInto types a code into a scan box and presses Enter, as a hardware scanner does.
func scanInto(t *testing.T, ctx context.Context, box, code string) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(box), code+"\r")))
}

type pickTarget struct {
	o  *order.CustomerOrder
	sh order.Shipment
}

// pickTargets are orders with a New shipment with items, at most one shipment an order.
func pickTargets(orders []demo.Order, keep func(order.Shipment) bool) []pickTarget {
	var out []pickTarget
	for _, d := range orders {
		if d.Order.IsCancelled {
			continue
		}
		for _, s := range d.Order.Shipments {
			if s.Status == order.ShipmentNew && !s.IsCancelled && len(s.Items) > 0 && keep(s) {
				out = append(out, pickTarget{d.Order, s})
				break
			}
		}
	}
	return out
}

// TestFieldScanToVerify: at 820×1180 a worker scans a shipment's items into the card's scan
// box: a code not in the shipment is refused aloud (the message names it, the device vibrates)
// and counts nothing; each scan of a line's bar code counts one unit until the line's quantity
// ticks it, one more is refused; the counts survive a reload; Picked records the lines; a
// wrong tick unticked and Picked again is undone.
func TestFieldScanToVerify(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	codes := srv.ImportDemoCodes(t)
	targets := pickTargets(orders, func(s order.Shipment) bool {
		return len(s.Items) >= 2 && s.Items[0].Quantity >= 2
	})
	if len(targets) == 0 {
		t.Fatal("no new shipment with two lines, the first of two units or more")
	}
	o, sh := targets[0].o, targets[0].sh
	first := sh.Items[0]
	li := o.LineItem(first.LineItemID)
	barcode := codes[li.Sku].Barcode
	ctx := browser(t, 820, 1180)
	signIn(t, ctx, srv, "field@example.com")
	card := "#shipment-" + sh.ID
	box := card + " [data-scan-input]"
	line := func(id string) string { return card + ` [data-pick-line="` + id + `"]` }
	count := func(id string) string {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('`+line(id)+` [data-counted]').textContent`))
		must(t, err)
		return s
	}
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/field/orders/"+o.ID), chromedp.WaitVisible(chromedp.CSS(box))))
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](recordVibrations)))
	if txt, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(line(first.ID)))); !strings.Contains(txt, codes[li.Sku].Location) || !strings.Contains(txt, "0 / "+itoa(first.Quantity)) {
		t.Errorf("the line does not show its location %s and 0 / %d: %q", codes[li.Sku].Location, first.Quantity, txt)
	}

	// A wrong item: refused aloud, nothing counted, the box's text selected for the next scan.
	scanInto(t, ctx, box, "4006381333931")
	waitFor(t, ctx, "the refusal", `document.querySelector('`+card+` [data-scan-alert]').textContent === "4006381333931 is not in this shipment"`)
	vib, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.__vibrations`))
	must(t, err)
	if vib != 1 {
		t.Errorf("the device vibrated %d times for a wrong item, want 1", vib)
	}
	if sel, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const i = document.querySelector('`+box+`'); return i.selectionStart === 0 && i.selectionEnd === i.value.length && i.value.length > 0; })()`)); !sel {
		t.Error("the scan box's text is not selected after a scan")
	}
	for _, it := range sh.Items {
		if c := count(it.ID); c != "0" {
			t.Errorf("a wrong item counted %s on line %s", c, it.ID)
		}
	}
	if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`[...document.querySelectorAll('`+card+` [role=alert]')].some(a => a.offsetParent !== null && a.textContent.includes("4006381333931"))`)); !ok {
		t.Error("the refusal is not a visible alert")
	}
	checkFits(t, ctx, "field scan refused tablet")
	screenshot(t, ctx, "field-scan-verify-tablet")

	// Count per unit up to the quantity: the line ticks itself; one more is refused.
	for n := 1; n <= first.Quantity; n++ {
		scanInto(t, ctx, box, strings.ToLower(" "+barcode)) // case and spaces aside
		waitFor(t, ctx, "unit "+itoa(n), `document.querySelector('`+line(first.ID)+` [data-counted]').textContent === "`+itoa(n)+`"`)
		checked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('`+line(first.ID)+` input[type=checkbox]').checked`))
		must(t, err)
		if checked != (n == first.Quantity) {
			t.Errorf("after %d of %d units the line's tick is %v", n, first.Quantity, checked)
		}
	}
	scanInto(t, ctx, box, barcode)
	waitFor(t, ctx, "the line complete", `document.querySelector('`+card+` [data-scan-alert]').textContent === "All `+itoa(first.Quantity)+` of `+li.Name+` are counted already"`)
	if c := count(first.ID); c != itoa(first.Quantity) {
		t.Errorf("counted past the quantity: %s", c)
	}
	screenshot(t, ctx, "field-scan-counted-tablet")
	sameAfterReload(t, ctx, "counted in full")

	// The other lines ticked by hand; Picked records every line.
	for _, it := range sh.Items[1:] {
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(line(it.ID)+" label"))))
	}
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(card+" button[value=picked]"))))
	status := `document.querySelector("` + card + ` [data-testid=field-status]").textContent`
	waitFor(t, ctx, "picked", status+` === "Pick & pack"`)
	sameAfterReload(t, ctx, "picked")
	stored := func() string {
		got, err := srv.Store.Order(context.Background(), o.ID)
		must(t, err)
		var out []string
		for _, it := range got.Shipment(sh.ID).Items {
			out = append(out, it.Status)
		}
		return strings.Join(out, ",")
	}
	if got := stored(); got != strings.TrimSuffix(strings.Repeat(order.ItemPicked+",", len(sh.Items)), ",") {
		t.Fatalf("after Picked: %s", got)
	}

	// A wrong tick: unticked by hand and Picked again, that line is picked no more.
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(line(first.ID)+" label"))))
	if c := count(first.ID); c != "0" {
		t.Errorf("an untick leaves the count at %s", c)
	}
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(card+" button[value=picked]"))))
	waitFor(t, ctx, "the untick taken", `((document.querySelector('[data-testid=field-done]') || {}).textContent || '').includes("Unticked 1 item")`)
	sameAfterReload(t, ctx, "unticked")
	if checked, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('`+line(first.ID)+` input[type=checkbox]').checked`)); checked {
		t.Error("the unticked line shows ticked after a reload")
	}
	if got := stored(); !strings.HasPrefix(got, ","+order.ItemPicked) {
		t.Errorf("after the untick: %s", got)
	}
}

// TestFieldBatchPickThreeOrders: three orders on one pick list at 820×1180, every unit
// scanned (each scan counts to the first order still short and says its tote); Picked takes the
// step for each, and each order's field page shows it picked after a reload. The list fits a
// 390 px phone too.
func TestFieldBatchPickThreeOrders(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	srv.ImportDemoCodes(t)
	targets := pickTargets(orders, func(order.Shipment) bool { return true })
	if len(targets) < 6 {
		t.Fatal("the fixture needs six orders with a new shipment")
	}
	path := func(ts []pickTarget) string {
		var q []string
		for _, x := range ts {
			q = append(q, "o="+x.o.ID)
		}
		return "/field/batch?" + strings.Join(q, "&")
	}

	// On a phone: the list fits, nothing sideways.
	phone := browser(t, 390, 844)
	signIn(t, phone, srv, "field@example.com")
	must(t, chromedp.Do(phone, chromedp.Navigate(srv.URL+path(targets[3:6])), chromedp.WaitVisible(chromedp.CSS(`[data-scan-input]`))))
	checkFits(t, phone, "batch pick list phone")
	screenshot(t, phone, "field-batch-pick-phone-390")

	ctx := browser(t, 820, 1180)
	signIn(t, ctx, srv, "field@example.com")
	chosen := targets[:3]
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+path(chosen)), chromedp.WaitVisible(chromedp.CSS(`[data-scan-input]`))))
	checkFits(t, ctx, "batch pick list tablet")
	sameAfterReload(t, ctx, "the pick list")
	box := `#batch-scan`
	scanInto(t, ctx, box, "NOT-A-PRODUCT")
	waitFor(t, ctx, "refused", `document.querySelector('[data-scan-alert]').textContent === "NOT-A-PRODUCT is not on this pick list"`)
	// Every unit scanned, group by group, as the walk goes.
	type group struct {
		Barcode string `json:"barcode"`
		Units   int    `json:"units"`
	}
	groups, err := chromedp.Run(ctx, chromedp.Evaluate[[]group](`[...document.querySelectorAll('[data-testid=pick-group]')].map(g => {
		const rows = [...g.querySelectorAll('[data-pick-line]')];
		return {barcode: rows[0].dataset.barcode, units: rows.reduce((n, r) => n + Number(r.dataset.quantity), 0)};
	})`))
	must(t, err)
	for gi, g := range groups {
		if g.Barcode == "" {
			t.Fatalf("group %d has no bar code", gi)
		}
		for range g.Units {
			scanInto(t, ctx, box, g.Barcode)
		}
		waitFor(t, ctx, "group "+itoa(gi)+" counted", `[...document.querySelectorAll('[data-testid=pick-group]')][`+itoa(gi)+`].querySelectorAll('[data-pick-line] input[type=checkbox]:not(:checked)').length === 0`)
		if gi == 0 {
			said, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-scan-status]').textContent`))
			must(t, err)
			if !strings.Contains(said, "→ tote ") {
				t.Errorf("a scan does not say the tote: %q", said)
			}
		}
		if gi == len(groups)/2 {
			sameAfterReload(t, ctx, "half counted")
		}
	}
	screenshot(t, ctx, "field-batch-pick-tablet")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid=batch-picked]`)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=batch-outcome]`))))
	noDuplicateIDs(t, ctx, "batch answer")
	states, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-testid=batch-outcome-state]')].map(e => e.textContent)`))
	must(t, err)
	if strings.Join(states, ",") != "Picked,Picked,Picked" {
		t.Fatalf("batch answer: %v", states)
	}
	checkFits(t, ctx, "batch answer tablet")
	screenshot(t, ctx, "field-batch-picked-tablet")
	for _, x := range chosen {
		must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/field/orders/"+x.o.ID), chromedp.WaitVisible(chromedp.CSS(`#shipment-`+x.sh.ID))))
		must(t, chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#shipment-`+x.sh.ID))))
		waitFor(t, ctx, x.o.Number+" picked", `document.querySelector("#shipment-`+x.sh.ID+` [data-testid=field-status]").textContent === "Pick & pack"`)
		sameAfterReload(t, ctx, x.o.Number+" after the batch")
	}
}

// TestFieldPickCameraCounts: where the browser reads bar codes, the card's "Scan with camera"
// reads one code per press from Chromium's fake camera (the test supplies BarcodeDetector, as
// TestFieldCameraScan does) and counts it like a scanner's.
func TestFieldPickCameraCounts(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	codes := srv.ImportDemoCodes(t)
	targets := pickTargets(orders, func(s order.Shipment) bool { return s.Items[0].Quantity >= 2 })
	if len(targets) == 0 {
		t.Fatal("no new shipment whose first line has two units")
	}
	o, sh := targets[0].o, targets[0].sh
	barcode := codes[o.LineItem(sh.Items[0].LineItemID).Sku].Barcode
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("use-fake-device-for-media-stream", true),
		chromedp.Flag("use-fake-ui-for-media-stream", true),
		chromedp.WindowSize(820, 1180),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelTab(); cancelAlloc() })
	must(t, chromedp.Do(ctx, chromedp.EmulateViewport(820, 1180)))
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
		if (!("BarcodeDetector" in window)) {
			window.BarcodeDetector = class {
				static getSupportedFormats() { return Promise.resolve(["ean_13", "code_128"]); }
				detect(video) { return Promise.resolve(video.videoWidth > 0 ? [{ rawValue: "` + barcode + `", format: "ean_13" }] : []); }
			};
		}`}); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, srv, "field@example.com")
	card := "#shipment-" + sh.ID
	counted := `document.querySelector('` + card + ` [data-pick-line="` + sh.Items[0].ID + `"] [data-counted]').textContent`
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/field/orders/"+o.ID), chromedp.WaitVisible(chromedp.CSS(card+" [data-scan-camera]"))))
	for n := 1; n <= 2; n++ {
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(card+" [data-scan-camera]"))))
		waitFor(t, ctx, "camera unit "+itoa(n), counted+` === "`+itoa(n)+`" && document.querySelector('`+card+` video').hidden`)
	}
	checkFits(t, ctx, "field pick camera")
}
