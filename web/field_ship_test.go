package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// fieldShipFixture is an open order with a new shipment to take through field mode.
func fieldShipFixture(t *testing.T, orders []demo.Order) (*order.CustomerOrder, *order.Shipment) {
	t.Helper()
	for _, d := range orders {
		if d.Order.IsReadOnly() {
			continue
		}
		for i := range d.Order.Shipments {
			if s := &d.Order.Shipments[i]; s.Status == order.ShipmentNew && !s.IsCancelled && len(s.Items) > 0 && s.Number != "" {
				return d.Order, s
			}
		}
	}
	t.Fatal("no open order with a new shipment in the fixture")
	return nil, nil
}

// fieldStepper posts field steps for one order, each with the page's token and version.
type fieldStepper struct {
	t     *testing.T
	c     *client
	srv   *testenv.Server
	order string
}

func (f fieldStepper) page() string { return "/field/orders/" + f.order }

func (f fieldStepper) step(shipmentID string, values url.Values) response {
	f.t.Helper()
	o, err := f.srv.Store.Order(context.Background(), f.order)
	if err != nil {
		f.t.Fatal(err)
	}
	values.Set("gorilla.csrf.Token", f.c.token(f.page()))
	values.Set("version", strconv.Itoa(o.Version))
	return f.c.post(f.page()+"/shipments/"+shipmentID, values)
}

func (f fieldStepper) shipment(id string) *order.Shipment {
	f.t.Helper()
	o, err := f.srv.Store.Order(context.Background(), f.order)
	if err != nil {
		f.t.Fatal(err)
	}
	return o.Shipment(id)
}

// pickAll ticks every item of the shipment and takes Picked.
func (f fieldStepper) pickAll(sh *order.Shipment) {
	f.t.Helper()
	v := url.Values{"step": {"picked"}}
	for _, it := range sh.Items {
		v.Add("picked", it.ID)
	}
	if res := f.step(sh.ID, v); res.StatusCode != http.StatusOK {
		f.t.Fatalf("picked: %d %s", res.StatusCode, res.text(testid("field-card-problem")))
	}
}

// deliver takes the shipment from wherever it is to delivered.
func (f fieldStepper) deliver(id, receiver string) {
	f.t.Helper()
	for range 5 {
		sh := f.shipment(id)
		var res response
		switch {
		case sh.IsDelivered():
			return
		case sh.Status == order.ShipmentNew || (sh.Status == order.ShipmentPickPack && !allPicked(sh)):
			f.pickAll(sh)
			continue
		case sh.Status == order.ShipmentPickPack:
			res = f.step(id, url.Values{"step": {"packed"}})
		case sh.Status == order.ShipmentReadyToSend:
			res = f.step(id, url.Values{"step": {"shipped"}, "tracking": {"TRK-" + sh.Number}})
		default:
			res = f.step(id, url.Values{"step": {"delivered"}, "receiver": {receiver}})
		}
		if res.StatusCode != http.StatusOK {
			f.t.Fatalf("%s from %s: %d %v", sh.Number, sh.Status, res.StatusCode, res.text(".field-error"))
		}
	}
	f.t.Fatalf("%s is not delivered after five steps", id)
}

func allPicked(sh *order.Shipment) bool {
	for _, it := range sh.Items {
		if it.Status != order.ItemPicked {
			return false
		}
	}
	return true
}

// TestFieldPackRecordsThePackage: Packed with bad measures is refused at each field with
// everything typed kept and nothing saved; with good ones it records the package (barcode,
// weight, dimensions, every item in it) and the carrier, audited from the tablet, and the card
// and the label show them.
func TestFieldPackRecordsThePackage(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	o, sh := fieldShipFixture(t, orders)
	c := newClient(t, srv)
	c.mustLogin("field@example.com")
	f := fieldStepper{t: t, c: c, srv: srv, order: o.ID}
	f.pickAll(sh)

	bad := url.Values{"step": {"packed"}, "package_barcode": {"PKG-FIELD-1"}, "weight": {"heavy"}, "weight_unit": {"kg"},
		"length": {"30"}, "width": {""}, "height": {"0"}, "measure_unit": {"cm"}, "method": {"DHL"}, "option": {"Express"}}
	res := f.step(sh.ID, bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad measures: %d, want 422", res.StatusCode)
	}
	card := "#shipment-" + sh.ID + " "
	for name, want := range map[string]string{"weight": "enter a number", "width": "give length, width and height", "height": "must be more than 0"} {
		msg := res.text(card + `label:has(input[name="` + name + `"]) .field-error`)
		if !strings.Contains(msg, want) {
			t.Errorf("message at %s: %q, want %q", name, msg, want)
		}
	}
	for name, typed := range map[string]string{"package_barcode": "PKG-FIELD-1", "weight": "heavy", "length": "30", "height": "0", "method": "DHL", "option": "Express"} {
		if got, _ := res.doc().Find(card + `input[name="` + name + `"]`).Attr("value"); got != typed {
			t.Errorf("%s after the refusal: %q, want what was typed %q", name, got, typed)
		}
	}
	if s := f.shipment(sh.ID); s.Status != order.ShipmentPickPack || len(s.Packages) != len(sh.Packages) {
		t.Fatalf("a refused Packed saved something: %s, %d packages", s.Status, len(s.Packages))
	}

	good := url.Values{"step": {"packed"}, "package_barcode": {"PKG-FIELD-1"}, "weight": {"2,5"}, "weight_unit": {"kg"},
		"length": {"30"}, "width": {"20"}, "height": {"10"}, "measure_unit": {"cm"}, "method": {"DHL"}, "option": {"Express"}}
	res = f.step(sh.ID, good)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.text(testid("field-done")), "Package: PKG-FIELD-1, 2.5 kg, 30 × 20 × 10 cm.") {
		t.Fatalf("Packed: %d %q", res.StatusCode, res.text(testid("field-done")))
	}
	s := f.shipment(sh.ID)
	var pkg *order.ShipmentPackage
	for i := range s.Packages {
		if s.Packages[i].BarCode == "PKG-FIELD-1" {
			pkg = &s.Packages[i]
		}
	}
	if pkg == nil || pkg.Weight.Decimal.String() != "2.5" || pkg.WeightUnit != "kg" || pkg.Length.Decimal.String() != "30" ||
		pkg.Width.Decimal.String() != "20" || pkg.Height.Decimal.String() != "10" || pkg.MeasureUnit != "cm" {
		t.Fatalf("the package as stored: %+v", s.Packages)
	}
	for _, it := range s.Items {
		if it.ShipmentPackageID == "" || it.Status != order.ItemPacked {
			t.Errorf("item %s after Packed: package %q, status %s", it.ID, it.ShipmentPackageID, it.Status)
		}
	}
	if s.ShipmentMethodCode != "DHL" || s.ShipmentMethodOption != "Express" || s.Status != order.ShipmentReadyToSend {
		t.Errorf("shipment after Packed: %s %s %s", s.ShipmentMethodCode, s.ShipmentMethodOption, s.Status)
	}
	history, _ := srv.Store.OrderHistory(context.Background(), o.ID)
	if last := history[len(history)-1]; last.Source != store.SourceTablet || !touchesPackages(last, sh.ID) {
		t.Errorf("the last change set: source %s, changes %v", last.Source, last.Changes)
	}
	// The card: status by its label, the carrier, the package, the customer's phone, the papers.
	page := c.get(f.page())
	if got := page.text(card + testid("field-status")); got != "Ready to send" {
		t.Errorf("status badge %q, want Ready to send", got)
	}
	if page.text(card+testid("field-carrier")) != "DHL Express" || page.text(card+testid("field-package")) != "PKG-FIELD-1, 2.5 kg, 30 × 20 × 10 cm" {
		t.Errorf("card facts: carrier %q, package %q", page.text(card+testid("field-carrier")), page.text(card+testid("field-package")))
	}
	phone := ""
	if a := o.ShippingAddress(); a != nil {
		phone = a.Phone
	}
	if s.DeliveryAddress != nil && s.DeliveryAddress.Phone != "" {
		phone = s.DeliveryAddress.Phone
	}
	if phone != "" && page.text(card+testid("field-phone")) != phone {
		t.Errorf("phone on the card %q, want %q", page.text(card+testid("field-phone")), phone)
	}
	slip, _ := page.doc().Find(card + testid("field-slip")).Attr("href")
	if res := c.get(slip); res.StatusCode != http.StatusOK || res.count(testid("packing-slip")) != 1 || !strings.Contains(res.body, "PKG-FIELD-1") {
		t.Errorf("packing slip from the card (%s): %d", slip, res.StatusCode)
	}

	// The label: ship-to, phone, carrier, weight, package count, the number and its bar code.
	href, _ := page.doc().Find(card + testid("field-label-link")).Attr("href")
	label := c.get(href)
	if label.StatusCode != http.StatusOK {
		t.Fatalf("label %s: %d", href, label.StatusCode)
	}
	want := map[string]string{"label-carrier": "DHL Express", "label-weight": "2.5 kg", "label-packages": strconv.Itoa(max(1, len(s.Packages))), "label-number": s.Number}
	if phone != "" {
		want["label-phone"] = "Phone " + phone
	}
	for id, text := range want {
		if got := label.text(testid(id)); got != text {
			t.Errorf("label %s: %q, want %q", id, got, text)
		}
	}
	if a := s.DeliveryAddress; a != nil && a.City != "" && !strings.Contains(label.text(testid("label-ship-to")), a.City) {
		t.Errorf("label ship-to %q lacks %s", label.text(testid("label-ship-to")), a.City)
	}
	if n := label.count(testid("label-barcode") + " rect.bar"); n < 10 {
		t.Errorf("the label's bar code has %d bars", n)
	}
	for _, path := range []string{"/field/orders/" + o.ID + "/shipments/" + order.NewID() + "/label", "/field/orders/" + o.ID + "/shipments/nonsense/label"} {
		if res := c.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("label %s: %d, want 404", path, res.StatusCode)
		}
	}
}

func touchesPackages(cs store.ChangeSet, shipmentID string) bool {
	for _, ch := range cs.Changes {
		if strings.HasPrefix(ch.Path, "shipments["+shipmentID+"].packages") {
			return true
		}
	}
	return false
}

// TestFieldShipAsksWithoutTracking: Shipped with an empty tracking number asks first and ships
// nothing; the same form sent again with no_tracking=confirmed ships it. Where the store
// requires a tracking number (Admin → Stores), even a confirmed empty one is refused at the
// field; the setting is for admin:settings only and audited.
func TestFieldShipAsksWithoutTracking(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "admin@example.com", auth.RoleAdministrator)
	o, sh := fieldShipFixture(t, orders)
	c := newClient(t, srv)
	c.mustLogin("field@example.com")
	f := fieldStepper{t: t, c: c, srv: srv, order: o.ID}
	f.pickAll(sh)
	if res := f.step(sh.ID, url.Values{"step": {"packed"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("packed: %d", res.StatusCode)
	}
	card := "#shipment-" + sh.ID + " "

	res := f.step(sh.ID, url.Values{"step": {"shipped"}, "tracking": {"  "}})
	if res.StatusCode != http.StatusUnprocessableEntity || !res.has(card+testid("field-no-tracking")) || !res.has(card+`button[name=no_tracking][value=confirmed]`) {
		t.Fatalf("shipped without tracking: %d, asks %v", res.StatusCode, res.has(card+testid("field-no-tracking")))
	}
	if s := f.shipment(sh.ID); s.Status != order.ShipmentReadyToSend {
		t.Fatalf("shipped before the answer: %s", s.Status)
	}

	// The store now requires tracking: the administrator sets it; field staff may not.
	if res := c.post("/admin/stores/"+o.StoreID, url.Values{"gorilla.csrf.Token": {c.token(f.page())}, "require_tracking": {"true"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("field staff setting the store's rule: %d, want 403", res.StatusCode)
	}
	admin := newClient(t, srv)
	admin.mustLogin("admin@example.com")
	list := admin.get("/admin/stores")
	if list.StatusCode != http.StatusOK || !list.has(testid("require-tracking-"+o.StoreID)) {
		t.Fatalf("admin stores: %d", list.StatusCode)
	}
	set := func(v string) {
		t.Helper()
		res := admin.post("/admin/stores/"+o.StoreID, url.Values{"gorilla.csrf.Token": {admin.token("/admin/stores")}, "require_tracking": {"false", v}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("set require_tracking %s: %d", v, res.StatusCode)
		}
		if on, _ := srv.Store.StoreRequiresTracking(context.Background(), o.StoreID); on != (v == "true") {
			t.Fatalf("require_tracking after setting %s: %v", v, on)
		}
	}
	set("true")
	if res := admin.post("/admin/stores/"+o.StoreID, url.Values{"gorilla.csrf.Token": {admin.token("/admin/stores")}, "require_tracking": {"maybe"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a setting that is neither true nor false: %d, want 422", res.StatusCode)
	}
	if res := admin.post("/admin/stores/no-such-store", url.Values{"gorilla.csrf.Token": {admin.token("/admin/stores")}, "require_tracking": {"true"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown store: %d, want 404", res.StatusCode)
	}
	page := c.get(f.page())
	if !strings.Contains(page.text(card+`label:has(input[name=tracking])`), "(required)") {
		t.Errorf("the tracking box does not say it is required: %q", page.text(card+`label:has(input[name=tracking])`))
	}
	res = f.step(sh.ID, url.Values{"step": {"shipped"}, "tracking": {""}, "no_tracking": {"confirmed"}})
	msg := res.text(card + `label:has(input[name=tracking]) + .field-error`)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(msg, "ships nothing without a tracking number") || res.has(card+testid("field-no-tracking")) {
		t.Errorf("confirmed without tracking where the store requires it: %d %q", res.StatusCode, msg)
	}
	if s := f.shipment(sh.ID); s.Status != order.ShipmentReadyToSend {
		t.Fatalf("shipped without tracking where the store requires it: %s", s.Status)
	}

	set("false")
	res = f.step(sh.ID, url.Values{"step": {"shipped"}, "tracking": {""}, "no_tracking": {"confirmed"}})
	if s := f.shipment(sh.ID); res.StatusCode != http.StatusOK || s.Status != order.ShipmentSent || s.TrackingNumber != "" {
		t.Fatalf("shipped without tracking, confirmed: %d, %s %q", res.StatusCode, s.Status, s.TrackingNumber)
	}
	if !strings.Contains(res.text(testid("field-done")), "without a tracking number") {
		t.Errorf("done: %q", res.text(testid("field-done")))
	}
	var events int
	if err := srv.Store.DB().GetContext(context.Background(), &events, `
		SELECT COUNT(*)
		FROM security_events
		WHERE action = 'store.require_tracking' AND detail LIKE ?`, o.StoreID+":%"); err != nil {
		t.Fatal(err)
	}
	if events != 2 {
		t.Errorf("%d audit events of the store setting, want 2 (on, off)", events)
	}
}

// TestFieldCompleteOrder: the tablet completes an order only once every shipment that is not
// cancelled is delivered; before that the route refuses and nothing changes. Field staff take
// that last step themselves (order:update_shipments may move a fully delivered order to
// Completed, policy.completesDelivered). The completion is an audited status change from the
// tablet; a viewer cannot do it.
func TestFieldCompleteOrder(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "viewer@example.com", auth.RoleViewer)
	o, sh := fieldShipFixture(t, orders)
	worker := newClient(t, srv)
	worker.mustLogin("field@example.com")
	f := fieldStepper{t: t, c: worker, srv: srv, order: o.ID}
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	complete := func(cl *client) response {
		return cl.post(f.page()+"/complete", url.Values{"gorilla.csrf.Token": {cl.token("/orders")}})
	}
	page := c.get(f.page())
	if page.has(testid("field-complete")) {
		t.Error("Complete order is offered before every shipment is delivered")
	}
	res := complete(c)
	if got, _ := srv.Store.Order(context.Background(), o.ID); res.StatusCode != http.StatusConflict || got.Status == order.OrderCompleted ||
		!strings.Contains(res.text(testid("field-problem")), "not every shipment of "+o.Number+" is delivered") ||
		!strings.Contains(res.text(testid("field-problem")), sh.Number) {
		t.Fatalf("complete before delivery: %d %q, status %s", res.StatusCode, res.text(testid("field-problem")), got.Status)
	}

	for _, s := range o.Shipments {
		if !s.IsCancelled {
			f.deliver(s.ID, "Ms Porter")
		}
	}
	page = c.get(f.page())
	card := "#shipment-" + sh.ID + " "
	if page.text(card+testid("field-status")) != "Delivered" || page.text(card+testid("field-receiver")) != "Ms Porter" ||
		page.text(card+testid("field-tracking")) != "TRK-"+sh.Number {
		t.Errorf("delivered card: status %q, receiver %q, tracking %q", page.text(card+testid("field-status")),
			page.text(card+testid("field-receiver")), page.text(card+testid("field-tracking")))
	}
	if !page.has(testid("field-complete")) {
		t.Fatalf("Complete order is not offered once every shipment is delivered")
	}
	viewer := newClient(t, srv)
	viewer.mustLogin("viewer@example.com")
	if res := complete(viewer); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer completing: %d, want 403", res.StatusCode)
	}
	// Field staff take the last step themselves: order:update_shipments may complete an order
	// whose every shipment is delivered (and nothing else about its status).
	if page := worker.get(f.page()); !page.has(testid("field-complete")) {
		t.Errorf("field staff are not offered Complete order once every shipment is delivered: %q", page.text(testid("field-complete-why")))
	}
	before, _ := srv.Store.Order(context.Background(), o.ID)
	res = complete(worker)
	got, _ := srv.Store.Order(context.Background(), o.ID)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != f.page() || got.Status != order.OrderCompleted {
		t.Fatalf("complete: %d → %s, status %s\n%s", res.StatusCode, res.Header.Get("Location"), got.Status, res.text("main"))
	}
	if page := worker.get(f.page()); !page.has(testid("field-completed")) || page.has(testid("field-complete")) {
		t.Errorf("the field page after completing does not say so")
	}
	history, _ := srv.Store.OrderHistory(context.Background(), o.ID)
	last := history[len(history)-1]
	if last.Source != store.SourceTablet || last.Version != before.Version+1 || len(last.Changes) == 0 || last.Changes[0].Path != "status" {
		t.Errorf("the completion's change set: source %s, version %d, changes %+v", last.Source, last.Version, last.Changes)
	}
	if res := complete(worker); res.StatusCode != http.StatusConflict {
		t.Errorf("completing a completed order: %d, want 409", res.StatusCode)
	}
}
