package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/config"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
	"orderdesk/static"
)

// postMultipart sends a step form with an optional photo the way a browser does.
func (c *client) postMultipart(path string, form url.Values, photoName string, photo []byte) response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	if photo != nil {
		// The browser's claimed type is a lie on purpose for the wrong-type case: the server
		// must judge by the bytes.
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{`form-data; name="photo"; filename="` + photoName + `"`}
		h["Content-Type"] = []string{"image/jpeg"}
		part, _ := mw.CreatePart(h)
		_, _ = part.Write(photo)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.srv.URL)
	return c.do(req)
}

func pngPhoto(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		for y := range 30 {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// fieldShipment moves a new shipment of one of the fixture's orders to status (items picked
// or packed to match) and returns the order as stored and the shipment's id.
func fieldShipment(t *testing.T, srv *testenv.Server, orders []orderFixture, status string) (*order.CustomerOrder, string) {
	t.Helper()
	ctx := context.Background()
	for _, d := range orders {
		for _, s := range d.Shipments {
			if s.Status != order.ShipmentNew || s.IsCancelled || len(s.Items) == 0 || d.IsCancelled {
				continue
			}
			o, err := srv.Store.Order(ctx, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			sh := o.Shipment(s.ID)
			sh.Status = status
			for i := range sh.Items {
				sh.Items[i].Status = order.ItemPacked
			}
			if status == order.ShipmentSent {
				sh.TrackingNumber = "1Z-SEEDED"
			}
			if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "desk@example.com", Source: store.SourceDesk}, o); err != nil {
				t.Fatal(err)
			}
			return o, s.ID
		}
	}
	t.Fatal("no new shipment in the fixture")
	return nil, ""
}

type orderFixture = *order.CustomerOrder

func fixtureOrders(t *testing.T, srv *testenv.Server) []orderFixture {
	demo := srv.SeedDemo(t, 5, 30)
	out := make([]orderFixture, len(demo))
	for i, d := range demo {
		out[i] = d.Order
	}
	return out
}

// TestFieldDeliveryPhoto: a photo that is too large or not a picture is refused at the field
// with nothing saved; a PNG is stored with the delivery in the same change set, shown on the
// order page, in the history and on the field card, and served only within the order's scope
// with headers that keep it a picture.
func TestFieldDeliveryPhoto(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, func(c *config.Config) { c.Orders.MaxPhotoBytes = 64 << 10 })
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	orders := fixtureOrders(t, srv)
	o, shID := fieldShipment(t, srv, orders, order.ShipmentSent)
	ctx := context.Background()
	c := newClient(t, srv)
	c.mustLogin("field@example.com")
	path := "/field/orders/" + o.ID + "/shipments/" + shID
	form := func() url.Values {
		return url.Values{"gorilla.csrf.Token": {c.token("/field/orders/" + o.ID)}, "version": {strconv.Itoa(o.Version)},
			"step": {"delivered"}, "receiver": {"Ms Porter"}, "note": {"at the back door"}}
	}
	before, _ := srv.Store.OrderHistory(ctx, o.ID)
	nothingSaved := func(what string) {
		t.Helper()
		got, _ := srv.Store.Order(ctx, o.ID)
		photos, _ := srv.Store.OrderPhotos(ctx, o.ID)
		history, _ := srv.Store.OrderHistory(ctx, o.ID)
		if got.Version != o.Version || got.Shipment(shID).DeliveryDate != nil || len(photos) != 0 || len(history) != len(before) {
			t.Errorf("%s: something was saved (version %d→%d, %d photos, %d→%d change sets)", what, o.Version, got.Version, len(photos), len(before), len(history))
		}
	}
	tooBig := append(pngPhoto(t), make([]byte, 64<<10)...)
	res := c.postMultipart(path, form(), "big.png", tooBig)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "The photo is larger than") {
		t.Errorf("too large a photo: %d", res.StatusCode)
	}
	if !res.has(`[value="Ms Porter"]`) || !res.has(`[value="at the back door"]`) {
		t.Error("what was typed is not kept when the photo is refused")
	}
	nothingSaved("too large")
	gif := []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
	for name, body := range map[string][]byte{"cat.jpg": gif, "page.jpg": []byte("<html><script>alert(1)</script></html>")} {
		res := c.postMultipart(path, form(), name, body)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "not a JPEG, PNG or WebP photo") {
			t.Errorf("%s: %d", name, res.StatusCode)
		}
		nothingSaved(name)
	}

	pic := pngPhoto(t)
	res = c.postMultipart(path, form(), "door.png", pic)
	if res.StatusCode != http.StatusOK || !res.has(testid("field-done")) {
		t.Fatalf("delivered with a photo: %d\n%s", res.StatusCode, res.body)
	}
	photos, err := srv.Store.OrderPhotos(ctx, o.ID)
	if err != nil || len(photos) != 1 || photos[0].ContentType != "image/png" || photos[0].Size != len(pic) || photos[0].ShipmentID != shID {
		t.Fatalf("stored photos: %+v, %v", photos, err)
	}
	url := "/orders/" + o.ID + "/photos/" + photos[0].ID
	history, _ := srv.Store.OrderHistory(ctx, o.ID)
	last := history[len(history)-1]
	if last.ID != photos[0].ChangeSetID || last.Source != store.SourceTablet {
		t.Errorf("the photo belongs to change set %s, the delivery is %s (%s)", photos[0].ChangeSetID, last.ID, last.Source)
	}
	if !strings.Contains(res.body, `href="`+url+`"`) {
		t.Error("the field card does not show the photo")
	}
	for _, page := range []string{"/orders/" + o.ID, "/orders/" + o.ID + "/history"} {
		body := c.get(page).body
		if n := strings.Count(body, `<img src="`+url+`"`); n < 1 {
			t.Errorf("%s shows the photo %d times", page, n)
		}
	}
	if n := strings.Count(c.get("/orders/"+o.ID).body, `<img src="`+url+`"`); n != 2 {
		t.Errorf("order page: %d thumbnails, want 2 (shipment and latest changes)", n)
	}

	got := c.get(url)
	if got.StatusCode != http.StatusOK || got.body != string(pic) {
		t.Fatalf("GET photo: %d, %d bytes", got.StatusCode, len(got.body))
	}
	for k, want := range map[string]string{
		"Content-Type": "image/png", "X-Content-Type-Options": "nosniff",
		"Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
		"Cache-Control":           "private, max-age=31536000, immutable",
	} {
		if v := got.Header.Get(k); v != want {
			t.Errorf("%s: %q, want %q", k, v, want)
		}
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+url, nil)
	req.Header.Set("If-None-Match", got.Header.Get("ETag"))
	if res := c.do(req); res.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation: %d", res.StatusCode)
	}

	// Outside the order's store scope, or for another order, the photo does not exist.
	other := srv.CreateUser(t, "elsewhere@example.com", auth.RoleClerk)
	scope := "books-uk"
	if o.StoreID == scope {
		scope = "alpine-ch"
	}
	if err := srv.Store.SetUserScope(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, other.ID, []string{scope}, false); err != nil {
		t.Fatal(err)
	}
	e := newClient(t, srv)
	e.mustLogin("elsewhere@example.com")
	if res := e.get(url); res.StatusCode != http.StatusNotFound || strings.Contains(res.body, string(pic[:8])) {
		t.Errorf("out of scope: %d", res.StatusCode)
	}
	var otherOrder string
	for _, d := range orders {
		if d.ID != o.ID {
			otherOrder = d.ID
		}
	}
	if res := c.get("/orders/" + otherOrder + "/photos/" + photos[0].ID); res.StatusCode != http.StatusNotFound {
		t.Errorf("through another order: %d", res.StatusCode)
	}
	if res := newClient(t, srv).get(url); res.StatusCode != http.StatusSeeOther || res.Header.Get("Content-Type") == "image/png" {
		t.Errorf("signed out: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

var versionField = regexp.MustCompile(`name="version" value="([0-9]+)"`)

// TestFieldStaleSteps: a step queued on a device against an older version is merged when
// nothing it touches changed meanwhile, and explained (409, who changed what) when it would
// overwrite someone else's change or no longer fits; retried on the current version it goes
// through.
func TestFieldStaleSteps(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	orders := fixtureOrders(t, srv)
	o, shID := fieldShipment(t, srv, orders, order.ShipmentReadyToSend)
	ctx := context.Background()
	desk := store.Actor{Label: "ana@example.com", Source: store.SourceDesk}
	c := newClient(t, srv)
	c.mustLogin("field@example.com")
	path := "/field/orders/" + o.ID + "/shipments/" + shID
	token := c.token("/field/orders/" + o.ID)
	stale := o.Version
	deskEdit := func(edit func(*order.CustomerOrder)) {
		t.Helper()
		cur, err := srv.Store.Order(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		edit(cur)
		if err := srv.Store.SaveOrder(ctx, desk, cur); err != nil {
			t.Fatal(err)
		}
	}

	// Someone at the desk sets the tracking number meanwhile: shipping with another one on the
	// old version is a conflict, explained, nothing saved.
	deskEdit(func(cur *order.CustomerOrder) { cur.Shipment(shID).TrackingNumber = "THEIRS-1" })
	res := c.post(path, url.Values{"gorilla.csrf.Token": {token}, "version": {strconv.Itoa(stale)}, "base_tracking": {""},
		"step": {"shipped"}, "tracking": {"MINE-1"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.body, "THEIRS-1") || !strings.Contains(res.body, "ana@example.com") ||
		!strings.Contains(res.body, "MINE-1") {
		t.Fatalf("conflicting tracking: %d\n%s", res.StatusCode, res.body)
	}
	if got, _ := srv.Store.Order(ctx, o.ID); got.Shipment(shID).Status != order.ShipmentReadyToSend || got.Shipment(shID).TrackingNumber != "THEIRS-1" {
		t.Error("the conflicting step was saved")
	}
	// Retried on the version the answer shows, it goes through with the worker's number.
	m := versionField.FindStringSubmatch(res.body)
	if m == nil {
		t.Fatal("the answer has no version to retry on")
	}
	res = c.post(path, url.Values{"gorilla.csrf.Token": {token}, "version": {m[1]}, "base_tracking": {"THEIRS-1"},
		"step": {"shipped"}, "tracking": {"MINE-1"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("retry on the current version: %d", res.StatusCode)
	}
	got, _ := srv.Store.Order(ctx, o.ID)
	if s := got.Shipment(shID); s.Status != order.ShipmentSent || s.TrackingNumber != "MINE-1" {
		t.Errorf("after the retry: %s %s", s.Status, s.TrackingNumber)
	}

	// A delivery based on an old version merges with an unrelated desk edit.
	stale = got.Version
	deskEdit(func(cur *order.CustomerOrder) { cur.Comment = "Customer called about the invoice" })
	res = c.post(path, url.Values{"gorilla.csrf.Token": {token}, "version": {strconv.Itoa(stale)}, "step": {"delivered"}, "receiver": {"Mr Reed"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "Merged with the changes saved since") {
		t.Fatalf("stale, not conflicting: %d\n%s", res.StatusCode, res.body)
	}
	got, _ = srv.Store.Order(ctx, o.ID)
	if got.Comment != "Customer called about the invoice" || got.Shipment(shID).DeliveryDate == nil || got.Shipment(shID).TrackingNumber != "MINE-1" {
		t.Errorf("merge lost something: comment %q, delivered %v", got.Comment, got.Shipment(shID).DeliveryDate)
	}

	// The same delivery again from another device's old queue: it no longer fits, and the
	// answer says who delivered it.
	res = c.post(path, url.Values{"gorilla.csrf.Token": {token}, "version": {strconv.Itoa(stale)}, "step": {"delivered"}, "receiver": {"Someone"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.body, "no longer fits") || !strings.Contains(res.body, "Test field (tablet)") {
		t.Errorf("already delivered: %d\n%s", res.StatusCode, res.body)
	}
	if again, _ := srv.Store.Order(ctx, o.ID); again.Version != got.Version {
		t.Error("the refused step was saved")
	}
}

// TestFindByPackageBarCode: a package's or a shipped item's bar code finds its order.
func TestFindByPackageBarCode(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	orders := fixtureOrders(t, srv)
	o, shID := fieldShipment(t, srv, orders, order.ShipmentPickPack)
	ctx := context.Background()
	cur, _ := srv.Store.Order(ctx, o.ID)
	sh := cur.Shipment(shID)
	sh.Packages = append(sh.Packages, order.ShipmentPackage{BarCode: "PKG0042424242", PackageType: "Box"})
	sh.Items[0].BarCode = "ITEM0042424242"
	if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "desk", Source: store.SourceDesk}, cur); err != nil {
		t.Fatal(err)
	}
	// Another order's comment mentions both codes: the words match both orders, but the bar
	// codes themselves belong to one, which opens at once.
	for _, d := range orders {
		if d.ID == o.ID {
			continue
		}
		mention, _ := srv.Store.Order(ctx, d.ID)
		mention.Comment = "Customer asked about PKG0042424242 and ITEM0042424242"
		if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "desk", Source: store.SourceDesk}, mention); err != nil {
			t.Fatal(err)
		}
		break
	}
	c := newClient(t, srv)
	c.mustLogin("field@example.com")
	for _, code := range []string{"PKG0042424242", "ITEM0042424242"} {
		if res := c.get("/field?q=" + code); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/field/orders/"+o.ID {
			t.Errorf("%s: %d → %s", code, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res := c.get("/field?q=PKG0000000000"); res.StatusCode != http.StatusOK || !strings.Contains(res.body, "Nothing matches") {
		t.Errorf("an unknown code: %d", res.StatusCode)
	}
}

// TestFieldScriptOnFieldPagesOnly: the field script comes with the field pages and no other,
// and a field page's JavaScript stays within the 30 KB (gzipped) budget: field pages go without
// htmx, which they do not use.
func TestFieldScriptOnFieldPagesOnly(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	orders := fixtureOrders(t, srv)
	c := newClient(t, srv)
	c.mustLogin("field@example.com")
	known := []string{"js/htmx-2.0.11.min.js", "js/app.js", "js/field.js", "js/field-ship.js", "js/field-scan.js", "js/field-find.js"}
	scripts := func(path string) []string {
		body := c.get(path).body
		var names []string
		for _, n := range known {
			if strings.Contains(body, `<script src="`+static.Path(n)+`"`) {
				names = append(names, n)
			}
		}
		if all := strings.Count(body, `<script src="/static/js/`); all != len(names) {
			t.Errorf("%s loads %d scripts, %d of them known", path, all, len(names))
		}
		return names
	}
	for _, path := range []string{"/field", "/field/orders/" + orders[0].ID} {
		names := scripts(path)
		if !slices.Contains(names, "js/field.js") {
			t.Errorf("%s loads %v, not the field script", path, names)
		}
		// Field mode is plain forms and its own script: htmx would take more than half the budget.
		if slices.Contains(names, "js/htmx-2.0.11.min.js") {
			t.Errorf("%s loads htmx, which field mode does not use", path)
		}
		total := 0
		for _, n := range names {
			total += static.GzipSize(n)
		}
		if total > 30*1024 {
			t.Errorf("%s: %d bytes of JavaScript gzipped (%v)", path, total, names)
		}
	}
	if names := scripts("/orders/" + orders[0].ID); slices.Contains(names, "js/field.js") || !slices.Contains(names, "js/htmx-2.0.11.min.js") {
		t.Errorf("the order page loads %v: want htmx and not the field script", names)
	}
}

// TestFieldServiceWorker: the service worker is served under its fixed name, may control the
// field pages, and is revalidated on every check so a release reaches the devices.
func TestFieldServiceWorker(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	res := newClient(t, srv).get("/field/sw.js")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, `addEventListener("fetch"`) {
		t.Fatalf("GET /field/sw.js: %d", res.StatusCode)
	}
	for k, want := range map[string]string{
		"Content-Type": "text/javascript; charset=utf-8", "Service-Worker-Allowed": "/field", "Cache-Control": "no-cache",
	} {
		if got := res.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
}

// TestFieldLargePhotoStored: a photo just under the default 8 MB limit goes through the whole
// path (multipart, sniffing, one INSERT into the MEDIUMBLOB) and comes back byte for byte.
func TestFieldLargePhotoStored(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	orders := fixtureOrders(t, srv)
	o, shID := fieldShipment(t, srv, orders, order.ShipmentSent)
	c := newClient(t, srv)
	c.mustLogin("field@example.com")
	pic := make([]byte, srv.Config.Orders.MaxPhotoBytes-1024)
	for i := range pic {
		pic[i] = byte(i*7 + i>>9)
	}
	// A real JPEG's start (what sniffing and the size check read), then filler to the size.
	var small bytes.Buffer
	if err := jpeg.Encode(&small, image.NewRGBA(image.Rect(0, 0, 40, 30)), nil); err != nil {
		t.Fatal(err)
	}
	copy(pic, small.Bytes())
	res := c.postMultipart("/field/orders/"+o.ID+"/shipments/"+shID, url.Values{"gorilla.csrf.Token": {c.token("/field/orders/" + o.ID)},
		"version": {strconv.Itoa(o.Version)}, "step": {"delivered"}, "receiver": {"Dock 4"}}, "big.jpg", pic)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("a %d-byte photo: %d", len(pic), res.StatusCode)
	}
	photos, err := srv.Store.OrderPhotos(context.Background(), o.ID)
	if err != nil || len(photos) != 1 || photos[0].ContentType != "image/jpeg" {
		t.Fatalf("photos: %+v %v", photos, err)
	}
	if got := c.get("/orders/" + o.ID + "/photos/" + photos[0].ID); got.StatusCode != http.StatusOK || !bytes.Equal([]byte(got.body), pic) {
		t.Errorf("read back: %d, %d bytes", got.StatusCode, len(got.body))
	}
}
