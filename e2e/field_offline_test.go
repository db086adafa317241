package e2e

import (
	"context"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// gate stands between the browser and the test's server: it records every request that
// reaches the server, drops the next requests it is told to (the answer breaking off, as on a
// failing network), and can be cut for real (its listener closed, so the
// browser's connections are refused) and restored on the same address.
type gate struct {
	t      *testing.T
	addr   string
	proxy  *httputil.ReverseProxy
	mu     sync.Mutex
	server *http.Server
	seen   []string // "METHOD /path?query" of each request let through
	when   []time.Time
	fail   int // requests still to drop
	failed int // requests dropped
}

func newGate(t *testing.T, backend string) *gate {
	t.Helper()
	target, err := url.Parse(backend)
	must(t, err)
	g := &gate{t: t, proxy: httputil.NewSingleHostReverseProxy(target)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	g.addr = ln.Addr().String()
	g.serve(ln)
	t.Cleanup(g.cut)
	return g
}

// URL is the address the browser uses.
func (g *gate) URL() string { return "http://" + g.addr }

func (g *gate) serve(ln net.Listener) {
	s := &http.Server{Handler: http.HandlerFunc(g.handle), ReadHeaderTimeout: 10 * time.Second}
	g.mu.Lock()
	g.server = s
	g.mu.Unlock()
	go func() { _ = s.Serve(ln) }()
}

func (g *gate) handle(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	drop := g.fail > 0
	if drop {
		g.fail--
		g.failed++
	} else {
		g.seen = append(g.seen, r.Method+" "+r.URL.RequestURI())
		g.when = append(g.when, time.Now())
	}
	g.mu.Unlock()
	if drop {
		// The answer breaks off after its headers (a connection closed with no answer at all
		// is retried by Chromium itself): the request never reached the server.
		if c, _, err := w.(http.Hijacker).Hijack(); err == nil {
			_, _ = c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 4096\r\n\r\n<!doctype html>"))
			_ = c.Close()
		}
		return
	}
	g.proxy.ServeHTTP(w, r)
}

// cut stops the gate: the listener and every open connection close.
func (g *gate) cut() {
	g.mu.Lock()
	s := g.server
	g.mu.Unlock()
	if s != nil {
		_ = s.Close()
	}
}

// restore opens the gate again on the same address.
func (g *gate) restore() {
	g.t.Helper()
	var ln net.Listener
	var err error
	for range 50 {
		if ln, err = net.Listen("tcp", g.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	must(g.t, err)
	g.serve(ln)
}

// dropNext makes the next n requests fail.
func (g *gate) dropNext(n int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.fail = n
}

// mark is where the record stands now; since lists what reached the server after it.
func (g *gate) mark() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.seen)
}

func (g *gate) since(mark int) []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.seen[mark:]...)
}

// leaked is what reached the server after mark while the tab was offline. The browser's own
// update check of the service worker script on a navigation is left out: neither the page nor
// the worker makes it, no emulation covers it, and it carries nothing of the user's.
func (g *gate) leaked(mark int) []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []string
	for i, r := range g.seen[mark:] {
		if r != "GET /field/sw.js" {
			out = append(out, r+" at "+g.when[mark+i].Format("15:04:05.000"))
		}
	}
	return out
}

func (g *gate) dropped() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.failed
}

// through is srv as the browser sees it behind g.
func through(srv *testenv.Server, g *gate) *testenv.Server {
	front := *srv
	front.URL = g.URL()
	return &front
}

// deviceClock sets the tab's clock (Date) to at, running on from there, and its time zone to
// Berlin's: the device's time the field script stamps on each step.
func deviceClock(t *testing.T, ctx context.Context, at time.Time) {
	t.Helper()
	shift := strconv.FormatInt(time.Until(at).Milliseconds(), 10)
	src := `(() => { const D = Date, shift = ` + shift + `;
		class DeviceDate extends D { constructor(...a) { if (a.length) super(...a); else super(D.now() + shift); } static now() { return D.now() + shift; } }
		window.Date = DeviceDate; })();`
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Europe/Berlin"}); err != nil {
		t.Fatal(err)
	}
}

// noDuplicateIDs fails when an id is carried by more than one element of the page.

// workerInControl waits until the field pages' service worker is active, then reloads the page
// so that it is fetched through the worker (which keeps a copy for offline use).
func workerInControl(t *testing.T, ctx context.Context) {
	t.Helper()
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`navigator.serviceWorker.ready.then(() => true)`, chromedp.EvalAwaitPromise)))
	must(t, chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitReady(chromedp.CSS(".field-mode"))))
	waitFor(t, ctx, "the service worker in control", `!!navigator.serviceWorker.controller`)
}

// waitLong is waitFor for what a backoff takes: up to a minute.
func waitLong(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(70 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		must(t, err)
		if ok {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	seen, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(".field-mode") || document.body).innerText.slice(0, 2000)`))
	t.Fatalf("timed out waiting for %s; the page reads:\n%s", what, seen)
}

// offlineTarget is an order of the fixture, not cancelled and created more than a day before the
// clock, with a new shipment that has items (and not in skip).
func offlineTarget(t *testing.T, srv *testenv.Server, orders []demo.Order, skip map[string]bool) (*order.CustomerOrder, string) {
	t.Helper()
	for _, d := range orders {
		if d.Order.IsCancelled || skip[d.Order.ID] || !d.Order.CreatedDate.Before(srv.Clock.Now().Add(-24*time.Hour)) {
			continue
		}
		for _, s := range d.Order.Shipments {
			if s.Status == order.ShipmentNew && !s.IsCancelled && len(s.Items) > 0 {
				return d.Order, s.ID
			}
		}
	}
	t.Fatal("no order with a new shipment in the fixture")
	return nil, ""
}

// deskSets moves a shipment on at the desk: packed and ready to send, or sent (not delivered).
func deskSets(t *testing.T, srv *testenv.Server, orderID, shipmentID, status string) {
	t.Helper()
	ctx := context.Background()
	cur, err := srv.Store.Order(ctx, orderID)
	must(t, err)
	sh := cur.Shipment(shipmentID)
	sh.Status = status
	for i := range sh.Items {
		sh.Items[i].Status = order.ItemPacked
	}
	if status == order.ShipmentSent {
		sh.TrackingNumber = "DESK-T"
	}
	must(t, srv.Store.SaveOrder(ctx, store.Actor{Label: "desk", Source: store.SourceDesk}, cur))
}

func readyToSend(t *testing.T, srv *testenv.Server, orderID, shipmentID string) {
	t.Helper()
	deskSets(t, srv, orderID, shipmentID, order.ShipmentReadyToSend)
}

func sent(t *testing.T, srv *testenv.Server, orderID, shipmentID string) {
	t.Helper()
	deskSets(t, srv, orderID, shipmentID, order.ShipmentSent)
}

// TestFieldOfflineChain: at 820×1180 a worker loses the network with a picked shipment and
// queues three steps on it one after another — Packed, Shipped with the tracking number,
// Delivered with the receiver, a note and a photo — each card showing the next step. Offline,
// no step, page load or search reaches the server, and Send now says the device is offline.
// 90 minutes later the network returns: the chain goes through in order, and the history keeps
// each step's time on the device (Berlin time) beside the server's received time; the delivery
// date is the device's time.
func TestFieldOfflineChain(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	ctx0 := context.Background()
	start := srv.Clock.Now()
	o, shID := offlineTarget(t, srv, orders, nil)
	cur, err := srv.Store.Order(ctx0, o.ID)
	must(t, err)
	sh := cur.Shipment(shID)
	sh.Status = order.ShipmentPickPack
	for i := range sh.Items {
		sh.Items[i].Status = order.ItemPicked
	}
	must(t, srv.Store.SaveOrder(ctx0, store.Actor{Label: "desk", Source: store.SourceDesk}, cur))
	photo := filepath.Join(t.TempDir(), "porch.png")
	must(t, os.WriteFile(photo, testPNG(t), 0o644))

	g := newGate(t, srv.URL)
	ctx := browser(t, 820, 1180)
	deviceClock(t, ctx, start)
	signIn(t, ctx, through(srv, g), "field@example.com")
	card := `#shipment-` + shID
	status := `document.querySelector("` + card + ` [data-testid=field-status]").textContent`
	must(t, chromedp.Do(ctx, chromedp.Navigate(g.URL()+"/field"), chromedp.WaitVisible(chromedp.ID("fq"))))
	must(t, chromedp.Do(ctx, chromedp.Navigate(g.URL()+"/field/orders/"+o.ID), chromedp.WaitVisible(chromedp.CSS(card+" button[value=packed]"))))
	workerInControl(t, ctx)

	setNetwork(t, ctx, false, false)
	waitFor(t, ctx, "offline", `navigator.onLine === false`)
	offline := g.mark()
	phase := func(what string) { t.Logf("%s: %s", time.Now().Format("15:04:05.000"), what) } // read beside a leak's time
	phase("offline; Packed")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(card+" button[value=packed]"))))
	waitFor(t, ctx, "Packed queued, the card ready to ship", status+` === "Ready to send" && !!document.querySelector("`+card+` button[value=shipped]")`)
	noDuplicateIDs(t, ctx, "after Packed")
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(card+" input[name=tracking]"), "1Z-CHAIN-3"),
		chromedp.Click(chromedp.CSS(card+" button[value=shipped]")),
	))
	waitFor(t, ctx, "Shipped queued, the card ready to deliver", status+` === "Sent" && !!document.querySelector("`+card+` button[value=delivered]")`)
	noDuplicateIDs(t, ctx, "after Shipped")
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(card+" input[name=receiver]"), "Mr Okafor"),
		chromedp.SendKeys(chromedp.CSS(card+" input[name=note]"), "under the porch roof"),
		chromedp.SetUploadFiles(chromedp.CSS(card+" input[name=photo]"), []string{photo}),
		chromedp.Click(chromedp.CSS(card+" button[value=delivered]")),
	))
	waitFor(t, ctx, "three steps queued in order", `document.querySelectorAll("#field-queued > li").length === 3 &&
		document.querySelector("`+card+` .field-waiting").textContent.includes("Packed, then Shipped, then Delivered") &&
		document.querySelector("`+card+`").textContent.includes("Delivered.")`)
	noDuplicateIDs(t, ctx, "after Delivered")
	checkFits(t, ctx, "field offline chain tablet")
	screenshot(t, ctx, "field-offline-chain-tablet")

	// Send now while offline says so, tries once, and nothing goes.
	phase("Send now")
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.ID("field-send-now"))))
	waitFor(t, ctx, "Send now says offline", `document.getElementById("field-queue-state").textContent.includes("This device is offline: Send now tried once")`)
	// A reload and a search offline come from the device, and say so.
	phase("reload")
	must(t, chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(card))))
	waitFor(t, ctx, "the chain after an offline reload", `document.querySelectorAll("#field-queued > li").length === 3 &&
		!!document.querySelector("`+card+`[data-shown-after=delivered]")`)
	noDuplicateIDs(t, ctx, "after an offline reload")
	phase("search")
	must(t, chromedp.Do(ctx, chromedp.Navigate(g.URL()+"/field?q="+url.QueryEscape(o.Number)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=field-offline]`))))
	phase("order page")
	must(t, chromedp.Do(ctx, chromedp.Navigate(g.URL()+"/field/orders/"+o.ID), chromedp.WaitVisible(chromedp.CSS(card))))
	phase("done offline")
	if got := g.leaked(offline); len(got) > 0 {
		t.Errorf("requests reached the server while offline: %v", got)
	}
	if got, _ := srv.Store.Order(ctx0, o.ID); got.Shipment(shID).Status != order.ShipmentPickPack {
		t.Fatalf("a queued step reached the server: %s", got.Shipment(shID).Status)
	}

	// An hour and a half later (within the session's idle time) the network is back: the chain
	// goes through by itself, in order.
	srv.Clock.Advance(90 * time.Minute)
	setNetwork(t, ctx, true, true)
	waitLong(t, ctx, "the chain went through", `document.querySelectorAll("#field-queued > li").length === 0 &&
		document.querySelectorAll("#field-sent > li").length === 3 && document.getElementById("field-conflicts-box").hidden`)
	waitFor(t, ctx, "delivered on the card", `!document.querySelector("`+card+`").dataset.shownAfter &&
		document.querySelector("`+card+`").textContent.includes("Delivered.")`)
	noDuplicateIDs(t, ctx, "after the replay")
	got, err := srv.Store.Order(ctx0, o.ID)
	must(t, err)
	s := got.Shipment(shID)
	if s.Status != order.ShipmentSent || s.TrackingNumber != "1Z-CHAIN-3" || s.DeliveryDate == nil || !strings.Contains(s.Comment, "Delivered to Mr Okafor. under the porch roof (photo)") {
		t.Fatalf("after the chain: %s %q %v %q", s.Status, s.TrackingNumber, s.DeliveryDate, s.Comment)
	}
	// The delivery date is the device's time, minutes after start, not the received time.
	if d := s.DeliveryDate.Sub(start); d < 0 || d > 10*time.Minute {
		t.Errorf("delivered at %v, want the device's time shortly after %v (received at %v)", s.DeliveryDate, start, srv.Clock.Now())
	}
	history, err := srv.Store.OrderHistory(ctx0, o.ID)
	must(t, err)
	var steps []store.ChangeSet
	for _, cs := range history {
		if cs.Source == store.SourceTablet {
			steps = append(steps, cs)
		}
	}
	if len(steps) != 3 {
		t.Fatalf("%d change sets from the tablet, want 3", len(steps))
	}
	for i, cs := range steps {
		if cs.TakenAt == nil || cs.TakenNote != "" || cs.TakenAt.Before(start) || cs.TakenAt.After(start.Add(10*time.Minute)) {
			t.Errorf("step %d: taken at %v (%q), want the device's time shortly after %v", i+1, cs.TakenAt, cs.TakenNote, start)
			continue
		}
		if lag := cs.OccurredAt.Sub(*cs.TakenAt); lag < 80*time.Minute || lag > 90*time.Minute {
			t.Errorf("step %d: received %v after it was taken, want about an hour and a half", i+1, lag)
		}
		if i > 0 && steps[i-1].TakenAt != nil && cs.TakenAt.Before(*steps[i-1].TakenAt) {
			t.Errorf("step %d was taken before step %d", i+1, i)
		}
	}
	if !steps[2].TakenAt.Equal(*s.DeliveryDate) {
		t.Errorf("delivered at %v, Delivered taken at %v", s.DeliveryDate, steps[2].TakenAt)
	}
	must(t, chromedp.Do(ctx, chromedp.Navigate(g.URL()+"/orders/"+o.ID+"/history"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=history-list]`))))
	said, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("[data-testid=taken-at]")].map(p => p.textContent)`))
	must(t, err)
	want := "Taken at " + steps[2].TakenAt.UTC().Format("2 Jan 2006 15:04") + " UTC on the device, received at " + srv.Clock.Now().Format("2 Jan 2006 15:04") + " UTC."
	if len(said) != 3 || !strings.Contains(strings.Join(said, "\n"), want) {
		t.Errorf("the history says %q, want three with %q", said, want)
	}
}

// TestFieldNetworkCut: the server's address stops answering for real (the listener closed,
// while the browser still believes it is online): a Shipped step is kept on the device and the
// panel says when the next try is; a reload opens from the device; once the server answers
// again the queue goes through by itself.
func TestFieldNetworkCut(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	ctx0 := context.Background()
	o, shID := offlineTarget(t, srv, orders, nil)
	readyToSend(t, srv, o.ID, shID)
	g := newGate(t, srv.URL)
	ctx := browser(t, 820, 1180)
	deviceClock(t, ctx, srv.Clock.Now())
	signIn(t, ctx, through(srv, g), "field@example.com")
	card := `#shipment-` + shID
	must(t, chromedp.Do(ctx, chromedp.Navigate(g.URL()+"/field/orders/"+o.ID), chromedp.WaitVisible(chromedp.CSS(card+" button[value=shipped]"))))
	workerInControl(t, ctx)

	g.cut()
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(card+" input[name=tracking]"), "1Z-CUT-1"),
		chromedp.Click(chromedp.CSS(card+" button[value=shipped]")),
	))
	waitFor(t, ctx, "queued with its next try", `document.getElementById("field-queued").textContent.includes("tracking 1Z-CUT-1") &&
		/Next try at .*, in \d+ s/.test(document.getElementById("field-queue-state").textContent) && navigator.onLine`)
	noDuplicateIDs(t, ctx, "queued behind a cut network")
	must(t, chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(card))))
	waitFor(t, ctx, "the queue after a reload from the device", `document.getElementById("field-queued").textContent.includes("tracking 1Z-CUT-1")`)
	if got, _ := srv.Store.Order(ctx0, o.ID); got.Shipment(shID).Status != order.ShipmentReadyToSend {
		t.Fatal("the step reached the server through a cut network")
	}
	g.restore()
	waitLong(t, ctx, "went through once the server answers again", `document.getElementById("field-sent").textContent.includes("tracking 1Z-CUT-1") &&
		document.getElementById("field-queued").children.length === 0`)
	noDuplicateIDs(t, ctx, "after the replay")
	if got, _ := srv.Store.Order(ctx0, o.ID); got.Shipment(shID).Status != order.ShipmentSent || got.Shipment(shID).TrackingNumber != "1Z-CUT-1" {
		t.Errorf("after the network returned: %s %q", got.Shipment(shID).Status, got.Shipment(shID).TrackingNumber)
	}
}

// TestFieldFlakyNetwork: the network drops the first three requests of a step; the queue tries
// again by itself with backoff, without Send now, and the step is saved once.
func TestFieldFlakyNetwork(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	ctx0 := context.Background()
	o, shID := offlineTarget(t, srv, orders, nil)
	readyToSend(t, srv, o.ID, shID)
	g := newGate(t, srv.URL)
	ctx := browser(t, 820, 1180)
	deviceClock(t, ctx, srv.Clock.Now())
	signIn(t, ctx, through(srv, g), "field@example.com")
	card := `#shipment-` + shID
	must(t, chromedp.Do(ctx, chromedp.Navigate(g.URL()+"/field/orders/"+o.ID), chromedp.WaitVisible(chromedp.CSS(card+" button[value=shipped]"))))
	// Send now is never pressed: a click on it would be counted.
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.sendNowPressed = 0; document.addEventListener("click", e => { if (e.target.id === "field-send-now") window.sendNowPressed++; }, true)`)))
	mark := g.mark()
	g.dropNext(3)
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(card+" input[name=tracking]"), "1Z-FLAKY-1"),
		chromedp.Click(chromedp.CSS(card+" button[value=shipped]")),
	))
	waitFor(t, ctx, "queued with its next try", `/Next try at/.test(document.getElementById("field-queue-state").textContent)`)
	waitLong(t, ctx, "went through without Send now", `document.getElementById("field-sent").textContent.includes("tracking 1Z-FLAKY-1") &&
		document.getElementById("field-queued").children.length === 0 && window.sendNowPressed === 0`)
	if n := g.dropped(); n != 3 {
		t.Errorf("%d requests dropped, want 3", n)
	}
	posts := 0
	for _, r := range g.since(mark) {
		if strings.HasPrefix(r, "POST /field/orders/") {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("%d steps reached the server, want 1: %v", posts, g.since(mark))
	}
	history, err := srv.Store.OrderHistory(ctx0, o.ID)
	must(t, err)
	tablet := 0
	for _, cs := range history {
		if cs.Source == store.SourceTablet {
			tablet++
		}
	}
	if got, _ := srv.Store.Order(ctx0, o.ID); tablet != 1 || got.Shipment(shID).TrackingNumber != "1Z-FLAKY-1" {
		t.Errorf("%d change sets from the tablet, tracking %q", tablet, got.Shipment(shID).TrackingNumber)
	}
	noDuplicateIDs(t, ctx, "after the retries")
}

// TestFieldOfflineSearch: on a 390 px phone, offline, a search typed into the box and one
// opened by its address both say the device is offline (nothing reaches the server), and an
// order page never opened on the device says so too.
func TestFieldOfflineSearch(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	o, _ := offlineTarget(t, srv, orders, nil)
	other, _ := offlineTarget(t, srv, orders, map[string]bool{o.ID: true})
	g := newGate(t, srv.URL)
	ctx := browser(t, 390, 844)
	signIn(t, ctx, through(srv, g), "field@example.com")
	must(t, chromedp.Do(ctx, chromedp.Navigate(g.URL()+"/field"), chromedp.WaitVisible(chromedp.ID("fq"))))
	workerInControl(t, ctx)
	setNetwork(t, ctx, false, false)
	waitFor(t, ctx, "offline", `navigator.onLine === false`)
	mark := g.mark()
	must(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("fq"), o.Number+"\r")))
	waitFor(t, ctx, "the box says offline", `document.querySelector("[data-testid=field-offline]").textContent.includes("You are offline: finding “`+o.Number+`” needs the network")`)
	noDuplicateIDs(t, ctx, "offline search")
	checkFits(t, ctx, "field offline search phone")
	screenshot(t, ctx, "field-offline-search-phone-390")
	must(t, chromedp.Do(ctx, chromedp.Navigate(g.URL()+"/field?q="+url.QueryEscape(o.Number)), chromedp.WaitVisible(chromedp.CSS(`[data-testid=field-offline]`))))
	waitFor(t, ctx, "the worker's page says offline and keeps the query", `document.querySelector("[data-testid=field-offline]").textContent.includes("needs the network") &&
		document.getElementById("fq").value === "`+o.Number+`"`)
	noDuplicateIDs(t, ctx, "offline search page")
	must(t, chromedp.Do(ctx, chromedp.Navigate(g.URL()+"/field/orders/"+other.ID), chromedp.WaitVisible(chromedp.CSS(`[data-testid=field-offline]`))))
	waitFor(t, ctx, "an unseen page says offline", `document.querySelector("[data-testid=field-offline]").textContent.includes("not opened on this device before")`)
	if got := g.leaked(mark); len(got) > 0 {
		t.Errorf("requests reached the server while offline: %v", got)
	}
}

// TestFieldDiscardAndSignOut: a step that conflicts and is discarded is shown once more with
// everything typed and kept in the device log; signing out with a step not sent asks first, and
// the step is still there after signing in again; a Delivered refused for a missing receiver
// keeps its photo.
func TestFieldDiscardAndSignOut(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	ctx0 := context.Background()
	o, shID := offlineTarget(t, srv, orders, nil)
	sent(t, srv, o.ID, shID)
	o2, sh2 := offlineTarget(t, srv, orders, map[string]bool{o.ID: true})
	sent(t, srv, o2.ID, sh2)
	photo := filepath.Join(t.TempDir(), "door.png")
	must(t, os.WriteFile(photo, testPNG(t), 0o644))
	ctx := browser(t, 820, 1180)
	deviceClock(t, ctx, srv.Clock.Now())
	signIn(t, ctx, srv, "field@example.com")
	card := `#shipment-` + shID
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/field/orders/"+o.ID), chromedp.WaitVisible(chromedp.CSS(card+" button[value=delivered]"))))

	// A refused Delivered keeps its photo.
	must(t, chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.CSS(card+" input[name=photo]"), []string{photo}),
		chromedp.Click(chromedp.CSS(card+" button[value=delivered]")),
	))
	waitLong(t, ctx, "refused, the photo still chosen", `document.querySelector("`+card+`").textContent.includes("Say who received it.") &&
		document.querySelector("`+card+` input[name=photo]").files.length === 1 &&
		document.querySelector("`+card+` input[name=photo]").files[0].name === "door.png" &&
		!!document.querySelector("`+card+` [data-testid=field-photo-kept]")`)
	noDuplicateIDs(t, ctx, "refused Delivered")
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(card+" input[name=receiver]"), "Ms Lund"),
		chromedp.Click(chromedp.CSS(card+" button[value=delivered]")),
	))
	waitFor(t, ctx, "delivered with the photo", `!!document.querySelector("[data-testid=field-done]") && !!document.querySelector("`+card+` .field-photo img")`)
	if photos, _ := srv.Store.OrderPhotos(ctx0, o.ID); len(photos) != 1 {
		t.Errorf("%d photos after the step, want 1", len(photos))
	}

	// Offline, Delivered on the other order; the desk delivers it meanwhile: a conflict.
	card2 := `#shipment-` + sh2
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/field/orders/"+o2.ID), chromedp.WaitVisible(chromedp.CSS(card2+" button[value=delivered]"))))
	setNetwork(t, ctx, false, false)
	waitFor(t, ctx, "offline", `navigator.onLine === false`)
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(card2+" input[name=receiver]"), "Ana Ruiz"),
		chromedp.SendKeys(chromedp.CSS(card2+" input[name=note]"), "at the side gate"),
		chromedp.Click(chromedp.CSS(card2+" button[value=delivered]")),
	))
	waitFor(t, ctx, "queued", `document.getElementById("field-queued").textContent.includes("received by Ana Ruiz")`)
	desk, err := srv.Store.Order(ctx0, o2.ID)
	must(t, err)
	at := srv.Clock.Now()
	desk.Shipment(sh2).DeliveryDate = &at
	must(t, srv.Store.SaveOrder(ctx0, store.Actor{Label: "ana@example.com", Source: store.SourceDesk}, desk))
	setNetwork(t, ctx, true, true)
	waitFor(t, ctx, "the conflict", `!document.getElementById("field-conflicts-box").hidden`)
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#field-conflicts [data-discard]`))))
	waitFor(t, ctx, "the discarded values shown once more", `document.getElementById("field-conflicts-box").hidden &&
		document.getElementById("field-discarded").textContent.includes("Discarded: `+desk.Shipment(sh2).Number+` Delivered, received by Ana Ruiz, note at the side gate")`)
	must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#field-log summary`))))
	waitFor(t, ctx, "the device log", `(() => { const t = document.getElementById("field-log-list").textContent;
		return t.includes("Queued: ") && t.includes("To resolve: ") && t.includes("Discarded: `+desk.Shipment(sh2).Number+` Delivered, received by Ana Ruiz, note at the side gate") })()`)
	noDuplicateIDs(t, ctx, "device log")
	checkFits(t, ctx, "field device log tablet")
	screenshot(t, ctx, "field-device-log-tablet")
	// The log survives a reload.
	must(t, chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(`#field-log summary`)), chromedp.Click(chromedp.CSS(`#field-log summary`))))
	waitFor(t, ctx, "the device log after a reload", `document.getElementById("field-log-list").textContent.includes("received by Ana Ruiz, note at the side gate")`)

	// Signing out with a step not sent asks; "no" keeps the session, "yes" signs out, and the
	// step is still on the device for the next sign-in. The browser says it is offline (so the
	// queue waits) while requests still work (so the sign-out reaches the server).
	o3, sh3 := offlineTarget(t, srv, orders, map[string]bool{o.ID: true, o2.ID: true})
	readyToSend(t, srv, o3.ID, sh3)
	card3 := `#shipment-` + sh3
	must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/field/orders/"+o3.ID), chromedp.WaitVisible(chromedp.CSS(card3+" button[value=shipped]"))))
	setNetwork(t, ctx, true, false)
	waitFor(t, ctx, "offline", `navigator.onLine === false`)
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS(card3+" input[name=tracking]"), "1Z-KEPT-1"),
		chromedp.Click(chromedp.CSS(card3+" button[value=shipped]")),
	))
	waitFor(t, ctx, "queued", `document.getElementById("field-queued").textContent.includes("tracking 1Z-KEPT-1")`)
	must(t, chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`window.confirm = m => { window.asked = m; return false; }`),
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
	))
	waitFor(t, ctx, "asked before signing out", `(window.asked || "").includes("1 step taken on this device has not reached the server yet")`)
	time.Sleep(500 * time.Millisecond)
	if path, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`)); path != "/field/orders/"+o3.ID {
		t.Fatalf("answering no to signing out left the page for %s", path)
	}
	must(t, chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`window.confirm = m => true`),
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.ID("email")),
	))
	if got, _ := srv.Store.Order(ctx0, o3.ID); got.Shipment(sh3).Status != order.ShipmentReadyToSend {
		t.Fatal("the step was sent while the browser said offline")
	}
	setNetwork(t, ctx, true, true)
	signIn(t, ctx, srv, "field@example.com") // field staff land on /field, whose script sends what was kept
	must(t, chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("fq"))))
	waitFor(t, ctx, "the kept step went through after signing in again", `document.getElementById("field-sent").textContent.includes("tracking 1Z-KEPT-1")`)
	if got, _ := srv.Store.Order(ctx0, o3.ID); got.Shipment(sh3).Status != order.ShipmentSent || got.Shipment(sh3).TrackingNumber != "1Z-KEPT-1" {
		t.Errorf("the kept step: %s %q", got.Shipment(sh3).Status, got.Shipment(sh3).TrackingNumber)
	}
}
