package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestFieldCameraScan: where the browser offers BarcodeDetector, "Scan with camera" opens the
// camera in the page, reads a code into the box and opens its order. Chromium on Linux has no
// BarcodeDetector (Android and ChromeOS do), so the test gives the page one that reports a
// fixed code once the camera — Chromium's fake capture device — delivers frames; the script's
// own path (feature detection, getUserMedia, the detect loop, submitting the box, stopping the
// camera) runs for real.
func TestFieldCameraScan(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	var o *order.CustomerOrder
	for _, d := range orders {
		for _, s := range d.Order.Shipments {
			if o == nil && !s.IsCancelled && !d.Order.IsCancelled {
				o = d.Order
			}
		}
	}
	if o == nil {
		t.Fatal("no shipment in the fixture")
	}
	ctx0 := context.Background()
	cur, err := srv.Store.Order(ctx0, o.ID)
	must(t, err)
	cur.Shipments[0].Packages = append(cur.Shipments[0].Packages, order.ShipmentPackage{BarCode: "PKG5500998877", PackageType: "Box"})
	must(t, srv.Store.SaveOrder(ctx0, store.Actor{Label: "desk", Source: store.SourceDesk}, cur))

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
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
				static getSupportedFormats() { return Promise.resolve(["code_128", "qr_code"]); }
				detect(video) {
					window.detectCalls = (window.detectCalls || 0) + 1;
					// A code is "seen" once real frames arrive and the test has looked at the screen.
					return Promise.resolve(video.videoWidth > 0 && window.codeInView ? [{ rawValue: "PKG5500998877", format: "code_128" }] : []);
				}
			};
		}`}); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, srv, "field@example.com")
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/field"), chromedp.WaitVisible(chromedp.ID("field-camera"))))
	checkFits(t, ctx, "field find with camera")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("field-camera"))))
	waitFor(t, ctx, "the camera picture", `document.getElementById("field-video").videoWidth > 0 && window.detectCalls > 1`)
	if again, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("field-camera").offsetParent !== null`)); again {
		t.Error("the camera button still shows while the camera is open")
	}
	checkFits(t, ctx, "field camera open")
	screenshot(t, ctx, "field-camera-tablet")
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.codeInView = true`)))
	waitFor(t, ctx, "the scanned order", `location.pathname === "/field/orders/`+o.ID+`" && document.querySelector("h1") !== null`)
	val, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("h1").textContent`))
	must(t, err)
	if want := o.Number; len(val) < len(want) || val[:len(want)] != want {
		t.Errorf("the scan opened %q, want order %s", val, want)
	}
}
