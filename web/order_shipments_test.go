package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// shipSetup saves an order (BOOK×3, MUG×1) of customer cust at street and signs in a user of
// the given role.
func shipSetup(t *testing.T, role string) (*testenv.Server, *order.CustomerOrder, *client) {
	t.Helper()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "user@example.com", role)
	o := shipOrder(t, srv, "cust-1", "1 Rue de Rivoli")
	c := newClient(t, srv)
	c.mustLogin("user@example.com")
	return srv, o, c
}

func shipOrder(t *testing.T, srv *testenv.Server, cust, street string) *order.CustomerOrder {
	t.Helper()
	o := &order.CustomerOrder{
		Operation:  order.Operation{Currency: "EUR", Status: order.OrderNew},
		CustomerID: cust, CustomerName: "Ada Lovelace", StoreID: "books",
		Addresses: []order.Address{{AddressType: order.AddressBillingAndShipping, FirstName: "Ada", LastName: "Lovelace",
			Line1: street, PostalCode: "75001", City: "Paris", CountryCode: "FR", CountryName: "France"}},
	}
	for _, l := range []struct {
		sku string
		qty int
	}{{"BOOK", 3}, {"MUG", 1}} {
		o.Items = append(o.Items, order.LineItem{Currency: "EUR", Price: decimal.RequireFromString("12.50"), Quantity: l.qty,
			ProductID: "p-" + l.sku, Sku: l.sku, Name: "Product " + l.sku, CatalogID: "cat"})
	}
	if err := srv.Store.CreateOrder(context.Background(), store.Actor{Label: "storefront", Source: store.SourceSystem}, o); err != nil {
		t.Fatal(err)
	}
	return o
}

// newShipmentForm is the new-shipment form with the given quantities (by line index) and fields.
func newShipmentForm(c *client, o *order.CustomerOrder, qty []string, fields map[string]string) url.Values {
	f := url.Values{"gorilla.csrf.Token": {c.token("/orders/" + o.ID)}, "version": {strconv.Itoa(o.Version)}, "packages": {"0"},
		"addr.city": {"Paris"}, "addr.countryName": {"France"}, "addr.line1": {"1 Rue de Rivoli"}}
	for i, q := range qty {
		f.Set("qty."+o.Items[i].ID, q)
	}
	for k, v := range fields {
		f.Set(k, v)
	}
	return f
}

func TestNewShipmentWithoutScriptRedirectsAndIsAudited(t *testing.T) {
	t.Parallel()
	srv, o, c := shipSetup(t, auth.RoleClerk)
	page := c.get("/orders/" + o.ID)
	if !page.has(testid("new-shipment")) || !page.has(`[name="qty.`+o.Items[0].ID+`"][value="3"]`) {
		t.Fatal("the order page has no new-shipment form prefilled with what is left")
	}
	res := c.post("/orders/"+o.ID+"/shipments", newShipmentForm(c, o, []string{"2", "0"},
		map[string]string{"shipmentMethodCode": "UPS", "trackingNumber": "1Z1", "price": "4.90", "deliveryDate": "2026-11-25"}))
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/orders/"+o.ID) {
		t.Fatalf("create: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), formError(res.body))
	}
	saved := reload(t, srv, o.ID)
	if len(saved.Shipments) != 1 {
		t.Fatalf("shipments: %+v", saved.Shipments)
	}
	sh := saved.Shipments[0]
	if !strings.HasPrefix(sh.Number, "SH") || sh.Status != order.ShipmentNew || sh.ShipmentMethodCode != "UPS" || !sh.Price.Equal(decimal.RequireFromString("4.9")) ||
		len(sh.Items) != 1 || sh.Items[0].Quantity != 2 || sh.DeliveryAddress == nil || sh.DeliveryAddress.City != "Paris" || sh.DeliveryDate == nil {
		t.Fatalf("shipment: %+v", sh)
	}
	sets, err := srv.Store.OrderHistory(context.Background(), o.ID)
	if err != nil || len(sets) != 2 || sets[len(sets)-1].ActorLabel != "user@example.com" {
		t.Fatalf("change sets: %d %v", len(sets), err)
	}
	// The line table shows what is in the new (not yet sent) shipment and what is left.
	if page := c.get("/orders/" + o.ID); !strings.Contains(page.body, "2 in a shipment · 1 left") {
		t.Error("the line table does not show 2 in a shipment · 1 left")
	}
}

func TestNewShipmentBadInputIs422AtTheFieldAndSavesNothing(t *testing.T) {
	t.Parallel()
	srv, o, c := shipSetup(t, auth.RoleClerk)
	cases := []struct {
		name   string
		qty    []string
		fields map[string]string
		want   string
	}{
		{"more than left", []string{"4", "0"}, nil, "at most 3 of line BOOK are left to ship"},
		{"nothing", []string{"0", "0"}, nil, "Ship at least one unit"},
		{"not a number", []string{"two", "0"}, nil, "enter a whole number"},
		{"tracking URL", []string{"1", "0"}, map[string]string{"trackingUrl": "ftp://x"}, "must be a web address"},
		{"date", []string{"1", "0"}, map[string]string{"deliveryDate": "tomorrow"}, "enter a date such as"},
		{"delivery before the order", []string{"1", "0"}, map[string]string{"deliveryDate": "2020-01-01"}, "must not be before the order was placed"},
		{"negative price", []string{"1", "0"}, map[string]string{"price": "-1"}, "must not be negative"},
		{"empty package", []string{"1", "0"}, map[string]string{"packages": "1", "p1.barCode": "B1"}, "package 1 holds no items"},
		{"package not filled in", []string{"1", "0"}, map[string]string{"pkg." + "LINE0": "2"}, "package 2 is not filled in"},
		{"city missing", []string{"1", "0"}, map[string]string{"addr.city": ""}, "is required"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fields := map[string]string{}
			for k, v := range tc.fields {
				fields[strings.Replace(k, "LINE0", o.Items[0].ID, 1)] = v
			}
			res := c.postHX("/orders/"+o.ID+"/shipments", newShipmentForm(c, o, tc.qty, fields))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			// The message sits in the form, next to a field marked as in error.
			i := strings.Index(res.body, tc.want)
			if i < 0 || !(strings.Contains(res.body[:i], "has-error") || strings.Contains(formError(res.body), tc.want)) {
				t.Fatalf("no %q at a field; form error: %q", tc.want, formError(res.body))
			}
			if !res.has("#documents-box") {
				t.Error("the answer is not the documents box htmx swaps")
			}
		})
	}
	if got := reload(t, srv, o.ID); len(got.Shipments) != 0 || got.Version != 1 {
		t.Fatalf("something was saved: %d shipments, version %d", len(got.Shipments), got.Version)
	}
}

func TestShipmentWithPackagesWithHTMX(t *testing.T) {
	t.Parallel()
	srv, o, c := shipSetup(t, auth.RoleClerk)
	f := newShipmentForm(c, o, []string{"3", "1"}, map[string]string{"add": "package"})
	res := c.postHX("/orders/"+o.ID+"/shipments", f)
	if res.StatusCode != http.StatusOK || !res.has(`[name="p1.barCode"]`) || !res.has(`[name="qty.`+o.Items[0].ID+`"][value="3"]`) {
		t.Fatalf("add package: %d %q", res.StatusCode, formError(res.body))
	}
	if got := reload(t, srv, o.ID); got.Version != 1 {
		t.Fatal("adding a package row saved the order")
	}
	f = newShipmentForm(c, o, []string{"3", "1"}, map[string]string{"packages": "2", "p1.barCode": "BOX-1", "p1.weight": "1.5",
		"weightUnit": "kg", "p2.barCode": "BOX-2", "pkg." + o.Items[0].ID: "1", "pkg." + o.Items[1].ID: "2"})
	res = c.postHX("/orders/"+o.ID+"/shipments", f)
	if res.StatusCode != http.StatusOK || !res.has(testid("saved-note")) || !res.has("#lines-box") {
		t.Fatalf("save: %d %q", res.StatusCode, formError(res.body))
	}
	sh := reload(t, srv, o.ID).Shipments[0]
	if len(sh.Packages) != 2 || sh.Packages[0].BarCode != "BOX-1" || !sh.Packages[0].Weight.Valid || sh.Packages[0].WeightUnit != "kg" ||
		len(sh.PackageItems(sh.Packages[0].ID)) != 1 || len(sh.PackageItems(sh.Packages[1].ID)) != 1 {
		t.Fatalf("packages %+v items %+v", sh.Packages, sh.Items)
	}
	// Editing the items: take the mug out, keep the book's package; the empty package must go.
	items := url.Values{"gorilla.csrf.Token": {c.token("/orders/" + o.ID)}, "version": {"2"}, "packages": {"2"},
		"orig.items": {itemsFingerprintOf(t, c, o.ID, sh.ID)},
		"p1.barCode": {"BOX-1"}, "p2.barCode": {"BOX-2"}, "qty." + o.Items[0].ID: {"3"}, "pkg." + o.Items[0].ID: {"1"}, "qty." + o.Items[1].ID: {"0"}}
	res = c.postHX("/orders/"+o.ID+"/shipments/"+sh.ID+"/items", items)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "package 2 holds no items") {
		t.Fatalf("empty package kept: %d %q", res.StatusCode, formError(res.body))
	}
	items.Set("p2.barCode", "")
	items.Set("packages", "1")
	res = c.postHX("/orders/"+o.ID+"/shipments/"+sh.ID+"/items", items)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("edit items: %d %q", res.StatusCode, formError(res.body))
	}
	sh2 := reload(t, srv, o.ID).Shipments[0]
	if len(sh2.Items) != 1 || sh2.Items[0].ID != sh.Items[0].ID || len(sh2.Packages) != 1 || sh2.Packages[0].ID != sh.Packages[0].ID {
		t.Fatalf("after edit: items %+v packages %+v", sh2.Items, sh2.Packages)
	}
	// A stale items form (someone changed them since) is refused with the fresh form.
	res = c.postHX("/orders/"+o.ID+"/shipments/"+sh.ID+"/items", items)
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.body, "Someone changed this shipment") {
		t.Fatalf("stale items form: %d", res.StatusCode)
	}
}

// itemsFingerprintOf reads the items form's orig.items from the order page.
func itemsFingerprintOf(t *testing.T, c *client, orderID, shipmentID string) string {
	t.Helper()
	body := c.get("/orders/" + orderID).body
	i := strings.Index(body, `id="edit-shipitems-`+shipmentID+`"`)
	if i < 0 {
		t.Fatal("no items form")
	}
	const marker = `name="orig.items" value="`
	j := strings.Index(body[i:], marker)
	if j < 0 {
		t.Fatal("no orig.items")
	}
	rest := body[i+j+len(marker):]
	v := rest[:strings.Index(rest, `"`)]
	return strings.NewReplacer("&#34;", `"`, "&amp;", "&").Replace(v)
}

func TestEditShipmentFieldsMergeAndCheckBounds(t *testing.T) {
	t.Parallel()
	srv, o, c := shipSetup(t, auth.RoleClerk)
	c.post("/orders/"+o.ID+"/shipments", newShipmentForm(c, o, []string{"1", "0"}, nil))
	o = reload(t, srv, o.ID)
	sh := o.Shipments[0]
	path := "/orders/" + o.ID + "/shipments/" + sh.ID + "/edit"
	form := func(v int, changes map[string]string) url.Values {
		f := url.Values{"gorilla.csrf.Token": {c.token("/orders/" + o.ID)}, "version": {strconv.Itoa(v)},
			"orig.trackingNumber": {""}, "trackingNumber": {""}, "orig.trackingUrl": {""}, "trackingUrl": {""},
			"orig.status": {"New"}, "status": {"New"}}
		for k, val := range changes {
			f.Set(k, val)
		}
		return f
	}
	res := c.postHX(path, form(2, map[string]string{"trackingUrl": "javascript:alert(1)"}))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "must be a web address") {
		t.Fatalf("bad URL: %d", res.StatusCode)
	}
	if reload(t, srv, o.ID).Version != 2 {
		t.Fatal("a refused edit was saved")
	}
	// Two people edit different fields of the same shipment from version 2: both stick.
	if res := c.postHX(path, form(2, map[string]string{"trackingNumber": "1ZMERGE"})); res.StatusCode != http.StatusOK {
		t.Fatalf("tracking: %d %q", res.StatusCode, formError(res.body))
	}
	if res := c.postHX(path, form(2, map[string]string{"status": "PickPack"})); res.StatusCode != http.StatusOK {
		t.Fatalf("status: %d %q", res.StatusCode, formError(res.body))
	}
	got := reload(t, srv, o.ID).Shipments[0]
	if got.TrackingNumber != "1ZMERGE" || got.Status != "PickPack" {
		t.Fatalf("merged: tracking %q status %q", got.TrackingNumber, got.Status)
	}
	// The delivery address has its own form.
	addr := url.Values{"gorilla.csrf.Token": {c.token("/orders/" + o.ID)}, "version": {"4"}, "city": {"Lyon"}, "countryName": {"France"}}
	if res := c.postHX("/orders/"+o.ID+"/shipments/"+sh.ID+"/address", addr); res.StatusCode != http.StatusOK {
		t.Fatalf("address: %d %q", res.StatusCode, formError(res.body))
	}
	if got := reload(t, srv, o.ID); got.Shipments[0].DeliveryAddress.City != "Lyon" || got.ShippingAddress().City != "Paris" {
		t.Fatal("the delivery address did not change alone")
	}
}

func TestCancelShipmentNeedsAReason(t *testing.T) {
	t.Parallel()
	srv, o, c := shipSetup(t, auth.RoleClerk)
	c.post("/orders/"+o.ID+"/shipments", newShipmentForm(c, o, []string{"3", "1"}, nil))
	o = reload(t, srv, o.ID)
	sh := o.Shipments[0]
	path := "/orders/" + o.ID + "/shipments/" + sh.ID + "/cancel"
	res := c.postHX(path, url.Values{"gorilla.csrf.Token": {c.token("/orders/" + o.ID)}, "version": {"2"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Say why the shipment is cancelled") {
		t.Fatalf("no reason: %d", res.StatusCode)
	}
	res = c.postHX(path, url.Values{"gorilla.csrf.Token": {c.token("/orders/" + o.ID)}, "version": {"2"}, "reason": {"wrong carrier"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("cancel: %d %q", res.StatusCode, formError(res.body))
	}
	got := reload(t, srv, o.ID)
	if !got.Shipments[0].IsCancelled || got.Shipments[0].CancelReason != "wrong carrier" || order.Shipping(got)[o.Items[0].ID].Remaining != 3 {
		t.Fatalf("after cancel: %+v", got.Shipments[0].Operation)
	}
	sets, _ := srv.Store.OrderHistory(context.Background(), o.ID)
	if last := sets[len(sets)-1]; last.Reason != "wrong carrier" {
		t.Errorf("change set reason %q", last.Reason)
	}
	// A cancelled shipment no longer holds units: a new one may ship everything again.
	if res := c.post("/orders/"+o.ID+"/shipments", newShipmentForm(c, got, []string{"3", "1"}, nil)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reship: %d", res.StatusCode)
	}
	// The new one is still New: it can be removed outright.
	got = reload(t, srv, o.ID)
	rm := "/orders/" + o.ID + "/shipments/" + got.Shipments[1].ID + "/remove"
	if res := c.post(rm, url.Values{"gorilla.csrf.Token": {c.token("/orders/" + o.ID)}, "version": {strconv.Itoa(got.Version)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.StatusCode)
	}
	if got := reload(t, srv, o.ID); len(got.Shipments) != 1 {
		t.Fatalf("after remove: %d shipments", len(got.Shipments))
	}
}

func TestShipmentPermissions(t *testing.T) {
	t.Parallel()
	srv, o, viewer := shipSetup(t, auth.RoleViewer)
	if page := viewer.get("/orders/" + o.ID); page.has(testid("new-shipment")) {
		t.Error("a viewer is offered a new shipment")
	}
	res := viewer.post("/orders/"+o.ID+"/shipments", newShipmentForm(viewer, o, []string{"1", "0"}, nil))
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer creates a shipment: %d", res.StatusCode)
	}
	res = viewer.post("/shipments/together", url.Values{"gorilla.csrf.Token": {viewer.token("/orders/" + o.ID)}, "id": {o.ID, o.ID}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer ships together: %d", res.StatusCode)
	}
	// Field staff update shipments but do not see prices: no price inputs, and a posted price
	// is not read.
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	field := newClient(t, srv)
	field.mustLogin("field@example.com")
	page := field.get("/orders/" + o.ID)
	if !page.has(testid("new-shipment")) || page.has(`[name="price"]`) {
		t.Fatal("field staff: no form, or a price input")
	}
	res = field.post("/orders/"+o.ID+"/shipments", newShipmentForm(field, o, []string{"1", "0"}, map[string]string{"price": "99"}))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("field staff create: %d %q", res.StatusCode, formError(res.body))
	}
	if sh := reload(t, srv, o.ID).Shipments[0]; !sh.Price.IsZero() {
		t.Fatalf("a price from someone who may not see prices was saved: %s", sh.Price)
	}
	// Another store's user does not see the order at all.
	u := srv.CreateUser(t, "other@example.com", auth.RoleClerk)
	if err := srv.Store.UpsertStore(context.Background(), store.StoreInfo{ID: "toys", Name: "Toys", DefaultCurrency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.Store.SetUserScope(context.Background(), store.Actor{Label: "test", Source: store.SourceSystem}, u.ID, []string{"toys"}, false); err != nil {
		t.Fatal(err)
	}
	other := newClient(t, srv)
	other.mustLogin("other@example.com")
	if res := other.post("/orders/"+o.ID+"/shipments", newShipmentForm(other, o, []string{"1", "0"}, nil)); res.StatusCode != http.StatusNotFound {
		t.Fatalf("out of scope create: %d", res.StatusCode)
	}
}

func TestShipTogetherRefusesAnotherAddressAndNamesTheOrder(t *testing.T) {
	t.Parallel()
	srv, a, c := shipSetup(t, auth.RoleClerk)
	b := shipOrder(t, srv, "cust-1", "1 rue de RIVOLI") // same place
	far := shipOrder(t, srv, "cust-1", "8 Avenue Foch")
	page := c.get("/orders/" + a.ID)
	if !page.has(testid("together-"+b.Number)) || !strings.Contains(page.body, "Goes to another address") {
		t.Fatal("the order page does not offer the customer's other orders, or does not mark the other address")
	}
	tok := c.token("/orders/" + a.ID)
	res := c.post("/shipments/together", url.Values{"gorilla.csrf.Token": {tok}, "id": {a.ID, far.ID}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, far.Number+" goes elsewhere than "+a.Number) {
		t.Fatalf("mixed addresses: %d %q", res.StatusCode, formError(res.body))
	}
	res = c.post("/shipments/together", url.Values{"gorilla.csrf.Token": {tok}, "id": {a.ID, b.ID}})
	if res.StatusCode != http.StatusOK || !res.has(`[name="qty.`+b.ID+`.`+b.Items[0].ID+`"][value="3"]`) {
		t.Fatalf("review: %d", res.StatusCode)
	}
	create := url.Values{"gorilla.csrf.Token": {tok}, "id": {a.ID, b.ID}, "step": {"create"},
		"version." + a.ID: {"1"}, "version." + b.ID: {"1"}, "trackingNumber": {"JD1"},
		"qty." + a.ID + "." + a.Items[0].ID: {"4"}}
	res = c.post("/shipments/together", create)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "at most 3 of line BOOK") {
		t.Fatalf("over the bound: %d", res.StatusCode)
	}
	create.Set("qty."+a.ID+"."+a.Items[0].ID, "3")
	create.Set("qty."+b.ID+"."+b.Items[1].ID, "1")
	res = c.post("/shipments/together", create)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %q", res.StatusCode, formError(res.body))
	}
	ra, rb := reload(t, srv, a.ID), reload(t, srv, b.ID)
	if len(ra.Shipments) != 1 || len(rb.Shipments) != 1 || ra.Shipments[0].ConsignmentID != rb.Shipments[0].ConsignmentID ||
		len(rb.Shipments[0].Items) != 1 || rb.Shipments[0].Items[0].LineItemID != b.Items[1].ID {
		t.Fatalf("parts: %+v / %+v", ra.Shipments, rb.Shipments)
	}
	if page := c.get("/orders/" + b.ID); !page.has(testid("consignment")) || !strings.Contains(page.body, a.Number) {
		t.Error("the other order's page does not show the consignment")
	}
}

// formError is the form's own message in an answer, or its start, for failure messages.
func formError(body string) string {
	const marker = `data-testid="form-error">`
	if i := strings.Index(body, marker); i >= 0 {
		rest := body[i+len(marker):]
		return rest[:strings.Index(rest, "<")]
	}
	if i := strings.Index(body, `class="error"`); i >= 0 {
		return body[i:min(len(body), i+200)]
	}
	return body[:min(len(body), 300)]
}

func TestConsignmentSharedFieldsChangeOnEveryPart(t *testing.T) {
	t.Parallel()
	srv, a, c := shipSetup(t, auth.RoleClerk)
	b := shipOrder(t, srv, "cust-1", "1 Rue de Rivoli")
	tok := c.token("/orders/" + a.ID)
	res := c.post("/shipments/together", url.Values{"gorilla.csrf.Token": {tok}, "id": {a.ID, b.ID}, "step": {"create"},
		"version." + a.ID: {"1"}, "version." + b.ID: {"1"}, "qty." + a.ID + "." + a.Items[0].ID: {"1"}, "qty." + b.ID + "." + b.Items[0].ID: {"2"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %q", res.StatusCode, formError(res.body))
	}
	cid := reload(t, srv, a.ID).Shipments[0].ConsignmentID
	path := "/shipments/consignments/" + cid
	page := c.get(path + "?from=" + a.ID)
	if page.StatusCode != http.StatusOK || !strings.Contains(page.body, a.Number) || !strings.Contains(page.body, b.Number) {
		t.Fatalf("parcel page: %d", page.StatusCode)
	}
	form := url.Values{"gorilla.csrf.Token": {tok}, "from": {a.ID}, "version." + a.ID: {"2"}, "version." + b.ID: {"2"},
		"status": {"PickPack"}, "shipmentMethodCode": {"DHL"}, "trackingNumber": {"JD42"}, "trackingUrl": {"ftp://nope"}}
	if res := c.post(path, form); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "must be a web address") {
		t.Fatalf("bad URL: %d", res.StatusCode)
	}
	if reload(t, srv, a.ID).Version != 2 || reload(t, srv, b.ID).Version != 2 {
		t.Fatal("a refused parcel update saved something")
	}
	form.Set("trackingUrl", "https://track.example/JD42")
	if res := c.post(path, form); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/orders/"+a.ID {
		t.Fatalf("update: %d %s %q", res.StatusCode, res.Header.Get("Location"), formError(res.body))
	}
	for _, o := range []*order.CustomerOrder{a, b} {
		got := reload(t, srv, o.ID)
		sh := got.Shipments[0]
		if got.Version != 3 || sh.Status != "PickPack" || sh.TrackingNumber != "JD42" || sh.ShipmentMethodCode != "DHL" {
			t.Fatalf("%s: v%d %s %s", o.Number, got.Version, sh.Status, sh.TrackingNumber)
		}
	}
	// A form from before that save is refused with the parcel as it is now.
	if res := c.post(path, form); res.StatusCode != http.StatusConflict || !strings.Contains(res.body, "changed since this page was shown") {
		t.Fatalf("stale: %d", res.StatusCode)
	}
	// Outside the user's scopes the parcel does not exist.
	if err := srv.Store.UpsertStore(context.Background(), store.StoreInfo{ID: "toys", Name: "Toys", DefaultCurrency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	u := srv.CreateUser(t, "other@example.com", auth.RoleClerk)
	if err := srv.Store.SetUserScope(context.Background(), store.Actor{Label: "test", Source: store.SourceSystem}, u.ID, []string{"toys"}, false); err != nil {
		t.Fatal(err)
	}
	other := newClient(t, srv)
	other.mustLogin("other@example.com")
	if res := other.get(path); res.StatusCode != http.StatusNotFound {
		t.Fatalf("out of scope parcel: %d", res.StatusCode)
	}
}
