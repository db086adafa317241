package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// setNetwork takes the tab off or back on the network: requests fail (a global offline rule)
// and, separately, navigator.onLine says so (so the two can be tested apart). A service worker
// is a target of its own whose fetches the tab's rule does not reach (they went through to the
// server while the page said offline): each one running is attached and given the same rule.
func setNetwork(t *testing.T, ctx context.Context, requests, navigatorOnline bool) {
	t.Helper()
	emulateNetwork(t, ctx, requests, navigatorOnline)
	targets, err := chromedp.Targets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range targets {
		if ti.Type != "service_worker" {
			continue
		}
		sw, ok := workerTargets.Load(ti.TargetID)
		if !ok {
			c, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(ti.TargetID), chromedp.WithDetachOnCancel())
			t.Cleanup(cancel)
			sw, _ = workerTargets.LoadOrStore(ti.TargetID, c)
		}
		emulateNetwork(t, sw.(context.Context), requests, navigatorOnline)
	}
}

// workerTargets holds the service workers setNetwork attached to, by target.
var workerTargets sync.Map

func emulateNetwork(t *testing.T, ctx context.Context, requests, navigatorOnline bool) {
	t.Helper()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	offline := !requests
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: &offline,
		MatchedNetworkConditions:    []*network.Conditions{{Offline: offline, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{
		Offline: !navigatorOnline, DownloadThroughput: -1, UploadThroughput: -1,
	}); err != nil {
		t.Fatal(err)
	}
}

// TestFieldFlowWithAnOfflineStep: at 820×1180 a worker scans a package bar code into the box
// (a hardware scanner types and presses Enter), picks, packs and ships with a tracking number,
// then loses the network and takes the Delivered step with the receiver, a note and a photo:
// it is queued on the device, survives a reload, and goes through when the connection
// returns; the order page and its history show the delivery from the tablet with the photo.
func TestFieldFlowWithAnOfflineStep(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	ctx0 := context.Background()
	var o *order.CustomerOrder
	var shID string
	for _, d := range orders {
		for _, s := range d.Order.Shipments {
			if o == nil && s.Status == order.ShipmentNew && !s.IsCancelled && !d.Order.IsCancelled && len(s.Items) > 0 {
				o, shID = d.Order, s.ID
			}
		}
	}
	if o == nil {
		t.Fatal("no new shipment in the fixture")
	}
	cur, err := srv.Store.Order(ctx0, o.ID)
	must(t, err)
	cur.Shipment(shID).Packages = append(cur.Shipment(shID).Packages, order.ShipmentPackage{BarCode: "PKG7700112233", PackageType: "Box"})
	must(t, srv.Store.SaveOrder(ctx0, store.Actor{Label: "desk", Source: store.SourceDesk}, cur))
	photo := filepath.Join(t.TempDir(), "door.png")
	must(t, os.WriteFile(photo, testPNG(t), 0o644))

	ctx := browser(t, 820, 1180)
	deviceClock(t, ctx, srv.Clock.Now()) // the tablet's clock agrees with the server's
	signIn(t, ctx, srv, "field@example.com")
	status := `document.querySelector("#shipment-` + shID + ` [data-testid=field-status]").textContent`
	card := `#shipment-` + shID
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/field"), chromedp.WaitVisible(chromedp.ID("fq"))))
	// The camera button shows only where the browser reads bar codes (BarcodeDetector).
	camera, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`"BarcodeDetector" in window`))
	must(t, err)
	if !camera {
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("field-camera").offsetParent !== null`))
		must(t, err)
		if shown {
			t.Error("the camera button shows without BarcodeDetector")
		}
	}
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("fq"), "PKG7700112233\r"),
		chromedp.WaitVisible(chromedp.CSS(card)),
	))
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("`+card+` input[name=picked]").length`))
	must(t, err)
	for i := 1; i <= n; i++ {
		must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(card+" .field-items li:nth-child("+itoa(i)+") label"))))
	}
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(card+" button[value=picked]"))))
	waitFor(t, ctx, "picked", status+` === "Pick & pack"`)
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(card+" button[value=packed]"))))
	waitFor(t, ctx, "packed", status+` === "Ready to send"`)
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(card+" input[name=tracking]"), "1Z-TABLET-77"),
		chromedp.Click(chromedp.CSS(card+" button[value=shipped]")),
	))
	waitFor(t, ctx, "shipped", status+` === "Sent"`)
	if path, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`)); path != "/field/orders/"+o.ID {
		t.Errorf("after a step the address is %s, want the order's field page (safe to reload)", path)
	}

	// The network goes away: the step is kept on the device with what was typed.
	setNetwork(t, ctx, false, false)
	waitFor(t, ctx, "offline", `navigator.onLine === false`)
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(card+" input[name=receiver]"), "Ms Porter"),
		chromedp.SendKeys(chromedp.CSS(card+" input[name=note]"), "left at the back door"),
		chromedp.SetUploadFiles(chromedp.CSS(card+" input[name=photo]"), []string{photo}),
		chromedp.Click(chromedp.CSS(card+" button[value=delivered]")),
	))
	waitFor(t, ctx, "the step queued", `!document.getElementById("field-queue").hidden &&
		document.getElementById("field-queued").textContent.includes("Delivered · received by Ms Porter · with photo")`)
	// The card shows the shipment as it is once the queued step is taken: no Delivered again.
	if again, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`[...document.querySelectorAll("`+card+` button[value=delivered]")].some(b => !b.disabled)`)); again {
		t.Error("the shipment's step can be taken twice while one waits on the device")
	}
	checkFits(t, ctx, "field queue tablet")
	screenshot(t, ctx, "field-offline-queued-tablet")
	if got, _ := srv.Store.Order(ctx0, o.ID); got.Shipment(shID).DeliveryDate != nil {
		t.Fatal("the offline step reached the server")
	}

	// Reloaded with no network at all, the page opens from the copy the service worker kept,
	// and the queue is still there.
	must(t, chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(card))))
	waitFor(t, ctx, "the queue after an offline reload", `document.getElementById("field-queued").textContent.includes("received by Ms Porter") &&
		document.getElementById("field-queue-state").textContent.includes("Offline")`)
	screenshot(t, ctx, "field-offline-reloaded-tablet")
	// Requests work again but the browser still says offline: a reload keeps the queue and
	// does not send it.
	setNetwork(t, ctx, true, false)
	must(t, chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(card))))
	waitFor(t, ctx, "the queue after a reload", `document.getElementById("field-queued").textContent.includes("received by Ms Porter")`)
	if got, _ := srv.Store.Order(ctx0, o.ID); got.Shipment(shID).DeliveryDate != nil {
		t.Fatal("the queue was sent while the browser said offline")
	}

	// The connection returns: the step goes through on its own.
	setNetwork(t, ctx, true, true)
	waitFor(t, ctx, "went through", `!document.getElementById("field-sent-box").hidden &&
		document.getElementById("field-sent").textContent.includes("received by Ms Porter") &&
		document.getElementById("field-queued").children.length === 0`)
	waitFor(t, ctx, "delivered on the card, with its photo", `document.querySelector("`+card+`").textContent.includes("Delivered.") &&
		[...document.querySelectorAll("`+card+` .field-photo img")].some(i => i.complete && i.naturalWidth === 40) &&
		document.getElementById("field-send-now").offsetParent === null`)
	screenshot(t, ctx, "field-offline-sent-tablet")
	got, err := srv.Store.Order(ctx0, o.ID)
	must(t, err)
	s := got.Shipment(shID)
	if s.DeliveryDate == nil || s.TrackingNumber != "1Z-TABLET-77" || !strings.Contains(s.Comment, "Delivered to Ms Porter. left at the back door (photo)") {
		t.Errorf("shipment after the flow: delivered %v, tracking %q, comment %q", s.DeliveryDate, s.TrackingNumber, s.Comment)
	}
	photos, err := srv.Store.OrderPhotos(ctx0, o.ID)
	must(t, err)
	if len(photos) != 1 || photos[0].ContentType != "image/png" {
		t.Fatalf("photos: %+v", photos)
	}
	history, err := srv.Store.OrderHistory(ctx0, o.ID)
	must(t, err)
	tablet := 0
	for _, cs := range history {
		if cs.Source == store.SourceTablet {
			tablet++
		}
	}
	if tablet != 4 {
		t.Errorf("%d change sets from the tablet, want 4 (picked, packed, shipped, delivered)", tablet)
	}

	// The order page shows the delivery with its photo, in the shipment and the latest changes.
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=photo-thumb]`)),
	))
	// The thumbnails load lazily: bring each into view, then both must have loaded.
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("[data-testid=photo-thumb] img").forEach(i => i.scrollIntoView())`)))
	waitFor(t, ctx, "two photo thumbnails on the order page",
		`[...document.querySelectorAll("[data-testid=photo-thumb] img")].filter(i => i.complete && i.naturalWidth === 40).length === 2`)
	screenshot(t, ctx, "field-order-page-photo-tablet")
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID+"/history"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=photo-thumb]`)),
	))
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid=history-list]`)))
	must(t, err)
	if !strings.Contains(text, "tablet") || !strings.Contains(text, "Delivered to Ms Porter") {
		t.Errorf("history does not show the delivery from the tablet:\n%s", text)
	}
	checkFits(t, ctx, "history with photo tablet")

	// At the desk the same photo shows in the history tab.
	desk := browser(t, 1366, 900)
	signIn(t, desk, srv, "field@example.com")
	must(t, chromedp.Do(desk,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID+"/history"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=photo-thumb]`)),
	))
	screenshot(t, desk, "field-history-photo-desktop")
}

// TestFieldQueueConflict: a step queued offline that collides with someone else's change comes
// back as a conflict with the server's explanation. On a phone the desk set another tracking
// number meanwhile: "Retry on the current version" sends the worker's number on top. On a
// landscape tablet the desk shipped it meanwhile: the step no longer fits and is discarded. Both
// screens fit with the conflict showing.
func TestFieldQueueConflict(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	ctx0 := context.Background()
	type target struct {
		o    *order.CustomerOrder
		shID string
	}
	var targets []target
	for _, d := range orders {
		for _, s := range d.Order.Shipments {
			if len(targets) < 2 && s.Status == order.ShipmentNew && !s.IsCancelled && !d.Order.IsCancelled && len(s.Items) > 0 &&
				(len(targets) == 0 || targets[0].o.ID != d.Order.ID) {
				cur, err := srv.Store.Order(ctx0, d.Order.ID)
				must(t, err)
				cur.Shipment(s.ID).Status = order.ShipmentReadyToSend
				must(t, srv.Store.SaveOrder(ctx0, store.Actor{Label: "desk", Source: store.SourceDesk}, cur))
				targets = append(targets, target{cur, s.ID})
			}
		}
	}
	if len(targets) < 2 {
		t.Fatal("the fixture needs two orders with a new shipment")
	}
	for i, size := range []struct {
		name          string
		width, height int
	}{{"phone-390", 390, 844}, {"tablet-landscape", 1180, 820}} {
		t.Run(size.name, func(t *testing.T) {
			o, shID := targets[i].o, targets[i].shID
			ctx := browser(t, size.width, size.height)
			deviceClock(t, ctx, srv.Clock.Now())
			signIn(t, ctx, srv, "field@example.com")
			card := `#shipment-` + shID
			must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/field/orders/"+o.ID), chromedp.WaitVisible(chromedp.CSS(card))))
			setNetwork(t, ctx, false, false)
			waitFor(t, ctx, "offline", `navigator.onLine === false`)
			must(t, chromedp.Do(ctx,
				chromedp.SendKeys(chromedp.CSS(card+" input[name=tracking]"), "MINE-"+itoa(size.width)),
				chromedp.Click(chromedp.CSS(card+" button[value=shipped]")),
			))
			waitFor(t, ctx, "queued", `document.getElementById("field-queued").textContent.includes("tracking MINE-`+itoa(size.width)+`")`)
			desk, err := srv.Store.Order(ctx0, o.ID)
			must(t, err)
			if i == 0 {
				desk.Shipment(shID).TrackingNumber = "DESK-1"
			} else {
				desk.Shipment(shID).Status, desk.Shipment(shID).TrackingNumber = order.ShipmentSent, "DESK-2"
			}
			must(t, srv.Store.SaveOrder(ctx0, store.Actor{Label: "ana@example.com", Source: store.SourceDesk}, desk))
			setNetwork(t, ctx, true, true)
			explained := []string{"was set to DESK-1 by ana@example.com", "no longer fits"}[i]
			waitFor(t, ctx, "the conflict", `!document.getElementById("field-conflicts-box").hidden &&
				document.getElementById("field-conflicts").textContent.includes("`+explained+`")`)
			checkFits(t, ctx, "field conflict "+size.name)
			screenshot(t, ctx, "field-queue-conflict-"+size.name)
			if i == 0 {
				must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#field-conflicts [data-retry]`))))
				waitFor(t, ctx, "the retry went through", `document.getElementById("field-conflicts-box").hidden &&
					document.getElementById("field-sent").textContent.includes("tracking MINE-390")`)
				got, err := srv.Store.Order(ctx0, o.ID)
				must(t, err)
				if s := got.Shipment(shID); s.Status != order.ShipmentSent || s.TrackingNumber != "MINE-390" {
					t.Errorf("after the retry: %s %q", s.Status, s.TrackingNumber)
				}
				return
			}
			must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#field-conflicts [data-discard]`))))
			waitFor(t, ctx, "discarded", `document.getElementById("field-conflicts-box").hidden`)
			if got, _ := srv.Store.Order(ctx0, o.ID); got.Shipment(shID).TrackingNumber != "DESK-2" {
				t.Error("the discarded step overwrote the desk's tracking number")
			}
		})
	}
}

func testPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		for y := range 30 {
			img.Set(x, y, color.RGBA{uint8(200 - x*3), uint8(y * 7), 90, 255})
		}
	}
	var b bytes.Buffer
	must(t, png.Encode(&b, img))
	return b.Bytes()
}
