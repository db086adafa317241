package web_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"orderdesk/internal/auth"
	"orderdesk/internal/config"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

var newKeyField = regexp.MustCompile(`data-testid="new-key">(od_[a-z2-7]+)<`)

// TestAPIKeyIsNoStrongerThanItsMaker: a manager scoped to one store cannot make an
// administrator key, a key without a store scope or one for another store; the key they may
// make sees only their store, names its maker, stops at its expiry and when its maker is
// disabled, and the keys page says so.
func TestAPIKeyIsNoStrongerThanItsMaker(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	srv.CreateUser(t, "admin@example.com", auth.RoleAdministrator)
	mgr := srv.CreateUser(t, "books-manager@example.com", auth.RoleManager)
	sys := store.Actor{Label: "test", Source: store.SourceSystem}
	if err := srv.Store.SetUserScope(ctx, sys, mgr.ID, []string{"books-uk"}, false); err != nil {
		t.Fatal(err)
	}
	m := newClient(t, srv)
	m.mustLogin("books-manager@example.com")
	token := m.token("/admin/api-keys")
	for _, tc := range []struct {
		name   string
		form   url.Values
		field  string
		reason string
	}{
		{"administrator role", url.Values{"role": {auth.RoleAdministrator}, "store": {"books-uk"}}, "role", "admin:users"},
		{"no store scope", url.Values{"role": {auth.RoleViewer}}, "store", "books-uk"},
		{"another store", url.Values{"role": {auth.RoleViewer}, "store": {"books-uk", "electronics"}}, "store", "electronics"},
	} {
		f := tc.form
		f.Set("gorilla.csrf.Token", token)
		f.Set("name", "Key "+tc.name)
		res := m.post("/admin/api-keys", f)
		if res.StatusCode != http.StatusUnprocessableEntity || newKeyField.MatchString(res.body) || !strings.Contains(res.body, tc.reason) {
			t.Errorf("%s: %d, want 422 naming %q, no key\n%s", tc.name, res.StatusCode, tc.reason, res.body)
		}
	}
	keys, err := srv.Store.APIKeys(ctx)
	if err != nil || len(keys) != 0 {
		t.Fatalf("refused keys were stored: %v %v", keys, err)
	}

	res := m.post("/admin/api-keys", url.Values{"gorilla.csrf.Token": {token}, "name": {"Books viewer"},
		"role": {auth.RoleViewer}, "store": {"books-uk"}, "expires": {"2026-11-30"}})
	key := newKeyField.FindStringSubmatch(res.body)
	if res.StatusCode != http.StatusCreated || key == nil {
		t.Fatalf("a key within the maker's rights: %d\n%s", res.StatusCode, res.body)
	}
	var inBooks, outside string
	for _, d := range orders {
		if d.Order.StoreID == "books-uk" && inBooks == "" {
			inBooks = d.Order.ID
		} else if d.Order.StoreID != "books-uk" && outside == "" {
			outside = d.Order.ID
		}
	}
	if status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/"+inBooks, key[1]); status != http.StatusOK {
		t.Errorf("the key reads its store's order: %d", status)
	}
	if status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/"+outside, key[1]); status != http.StatusNotFound {
		t.Errorf("the key reads another store's order: %d", status)
	}
	keys, _ = srv.Store.APIKeys(ctx)
	if len(keys) != 1 || keys[0].CreatedByUserID != mgr.ID || keys[0].ExpiresAt == nil || keys[0].LastUsedAt == nil {
		t.Fatalf("the key's record: %+v", keys)
	}

	// The maker disabled: the key stops, and the keys page says why.
	a := newClient(t, srv)
	a.mustLogin("admin@example.com")
	if err := srv.Store.SetUserDisabled(ctx, sys, mgr.ID, true); err != nil {
		t.Fatal(err)
	}
	if status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/"+inBooks, key[1]); status != http.StatusUnauthorized {
		t.Errorf("a disabled maker's key: %d", status)
	}
	if page := a.get("/admin/api-keys").body; !strings.Contains(page, "books-manager@example.com") || !strings.Contains(page, "Maker disabled") {
		t.Errorf("the keys page does not show the maker and that they are disabled:\n%s", page)
	}
	if err := srv.Store.SetUserDisabled(ctx, sys, mgr.ID, false); err != nil {
		t.Fatal(err)
	}
	if status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/"+inBooks, key[1]); status != http.StatusOK {
		t.Errorf("the maker enabled again: %d", status)
	}
	// Past its expiry (the end of the day chosen) the key stops.
	srv.Clock.Advance(8 * 24 * time.Hour)
	if status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/"+inBooks, key[1]); status != http.StatusUnauthorized {
		t.Errorf("an expired key: %d", status)
	}
	a.mustLogin("admin@example.com") // the clock moved past the session's lifetime
	if page := a.get("/admin/api-keys").body; !strings.Contains(page, "Expired") {
		t.Errorf("the keys page does not say the key expired")
	}
}

// TestAvaTaxSettingsKeepToTheStoreScope: a manager of one store neither sees nor saves another
// store's AvaTax settings, and nobody can point a store at a new service URL or account
// without typing its license key again (else the stored key would go to that server).
func TestAvaTaxSettingsKeepToTheStoreScope(t *testing.T) {
	t.Parallel()
	srv, _ := listServer(t)
	ctx := context.Background()
	sys := store.Actor{Label: "test", Source: store.SourceSystem}
	stored := store.AvaTaxSettings{StoreID: "electronics", Enabled: true, ServiceURL: "https://sandbox-rest.avatax.com",
		AccountNumber: "2000123", LicenseKey: "ELECTRONICS-LICENSE", CompanyCode: "VOLT", CommitStatus: "Completed"}
	if err := srv.Store.SaveAvaTaxSettings(ctx, sys, stored); err != nil {
		t.Fatal(err)
	}
	mgr := srv.CreateUser(t, "books-manager@example.com", auth.RoleManager)
	if err := srv.Store.SetUserScope(ctx, sys, mgr.ID, []string{"books-uk"}, false); err != nil {
		t.Fatal(err)
	}
	m := newClient(t, srv)
	m.mustLogin("books-manager@example.com")
	page := m.get("/admin/avatax")
	if page.StatusCode != http.StatusOK || strings.Contains(page.body, "/admin/avatax/electronics") || !strings.Contains(page.body, "/admin/avatax/books-uk") {
		t.Errorf("a books-uk manager's AvaTax page: %d, shows electronics or not books-uk", page.StatusCode)
	}
	token := m.token("/admin/avatax")
	hostile := url.Values{"gorilla.csrf.Token": {token}, "enabled": {"1"}, "service_url": {"https://attacker.example"},
		"account_number": {"2000123"}, "company_code": {"VOLT"}, "commit_status": {"Completed"}}
	if res := m.post("/admin/avatax/electronics", hostile); res.StatusCode != http.StatusNotFound {
		t.Errorf("a books-uk manager saved electronics' settings: %d", res.StatusCode)
	}
	// The catalog and tax rates are every store's: a one-store manager imports none.
	if res := m.post("/admin/catalog/import", url.Values{"gorilla.csrf.Token": {token}, "kind": {"tax_rates"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a books-uk manager may import the shared catalog: %d", res.StatusCode)
	}

	// Within scope, a new service URL or account number needs the license key again.
	a := newClient(t, srv)
	srv.CreateUser(t, "admin@example.com", auth.RoleAdministrator)
	a.mustLogin("admin@example.com")
	hostile.Set("gorilla.csrf.Token", a.token("/admin/avatax"))
	for _, change := range []struct{ field, value string }{{"service_url", "https://attacker.example"}, {"account_number", "666"}} {
		form := url.Values{}
		for k, v := range hostile {
			form[k] = v
		}
		form.Set("service_url", stored.ServiceURL)
		form.Set(change.field, change.value)
		res := a.post("/admin/avatax/electronics", form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "license key again") {
			t.Errorf("%s changed without the license key: %d", change.field, res.StatusCode)
		}
	}
	if got, _, _ := srv.Store.AvaTaxSettingsOf(ctx, "electronics"); got != stored {
		t.Errorf("the settings changed: %+v", got)
	}
	hostile.Set("license_key", "NEW-LICENSE")
	if res := a.post("/admin/avatax/electronics", hostile); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a new URL with its license key: %d", res.StatusCode)
	}
	if got, _, _ := srv.Store.AvaTaxSettingsOf(ctx, "electronics"); got.ServiceURL != "https://attacker.example" || got.LicenseKey != "NEW-LICENSE" {
		t.Errorf("after saving with the key: %+v", got)
	}
}

// TestWholeOrderSaveIsAuthorizedPerChange: with order:update but not order:refund or
// order:capture_payment, a PUT or PATCH of the whole order cannot add a processed refund or a
// capture, nor change shipments without order:update_shipments or remove one without
// order:delete; the same saves go through for a key that holds those permissions.
func TestWholeOrderSaveIsAuthorizedPerChange(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	sys := store.Actor{Label: "test", Source: store.SourceSystem}
	if err := srv.Store.SaveRole(ctx, sys, auth.Role{Code: "updater", Name: "Updater",
		Permissions: []auth.Permission{auth.OrderRead, auth.OrderUpdate, auth.OrderReadPrices}}); err != nil {
		t.Fatal(err)
	}
	updater, _, err := srv.Store.CreateAPIKey(ctx, sys, store.NewAPIKey{Name: "Updater", RoleCode: "updater"})
	if err != nil {
		t.Fatal(err)
	}
	manager, _, _ := srv.Store.CreateAPIKey(ctx, sys, store.NewAPIKey{Name: "Manager", RoleCode: auth.RoleManager})
	base := srv.URL + "/api/order/customerOrders"
	now := srv.Clock.Now()

	// Find a payment that can take a refund, one that can take a capture, an order with a shipment.
	var refundable, capturable, shipped, sent *order.CustomerOrder
	for _, d := range orders {
		o := d.Order.Clone()
		for i := range o.InPayments {
			p := &o.InPayments[i]
			if refundable == nil && order.RefundAllowed(p) == nil && order.RefundRemaining(p).IsPositive() {
				refundable = o
			}
			if capturable == nil && order.CaptureAllowed(p) == nil && order.CaptureRemaining(p).IsPositive() {
				capturable = o
			}
		}
		if shipped == nil && len(o.Shipments) > 0 && !o.IsReadOnly() {
			shipped = o
		}
		if sent == nil && len(o.Shipments) > 0 && o.Shipments[0].Status != "New" && !o.Shipments[0].IsCancelled && !o.IsReadOnly() {
			sent = o
		}
	}
	if refundable == nil || capturable == nil || shipped == nil || sent == nil {
		t.Fatal("the demo orders lack a refundable or capturable payment or a shipment")
	}
	current := func(id string) *order.CustomerOrder {
		o, err := srv.Store.Order(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	for _, tc := range []struct {
		name string
		id   string
		edit func(o *order.CustomerOrder)
		need string
	}{
		{"processed refund", refundable.ID, func(o *order.CustomerOrder) {
			for i := range o.InPayments {
				p := &o.InPayments[i]
				if order.RefundAllowed(p) == nil && order.RefundRemaining(p).IsPositive() {
					if _, err := order.RefundPayment(o, p, order.RefundRequest{Amount: order.RefundRemaining(p), ReasonCode: order.ReasonOther}); err != nil {
						t.Fatal(err)
					}
					return
				}
			}
		}, "order:refund"},
		{"capture", capturable.ID, func(o *order.CustomerOrder) {
			for i := range o.InPayments {
				p := &o.InPayments[i]
				if order.CaptureAllowed(p) == nil && order.CaptureRemaining(p).IsPositive() {
					if _, err := order.CapturePayment(o, p, order.CaptureRequest{Amount: order.CaptureRemaining(p)}, now); err != nil {
						t.Fatal(err)
					}
					return
				}
			}
		}, "order:capture_payment"},
		{"shipment tracking", shipped.ID, func(o *order.CustomerOrder) { o.Shipments[0].TrackingNumber = "1Z999" }, "order:update_shipments"},
		{"shipment that went out removed", sent.ID, func(o *order.CustomerOrder) { o.Shipments = o.Shipments[1:] }, "order:delete"},
	} {
		o := current(tc.id)
		tc.edit(o)
		status, body := apiSend(t, http.MethodPut, base, updater, o)
		if msg, _ := body["message"].(string); status != http.StatusForbidden || !strings.Contains(msg, tc.need) {
			t.Errorf("%s by PUT with order:update only: %d %v, want 403 naming %s", tc.name, status, body, tc.need)
		}
		if got := current(tc.id); got.Version != o.Version {
			t.Errorf("%s: the refused PUT saved version %d", tc.name, got.Version)
		}
	}
	// PATCH: the same refund as a patch.
	o := current(refundable.ID)
	edited := o.Clone()
	for i := range edited.InPayments {
		p := &edited.InPayments[i]
		if order.RefundAllowed(p) == nil && order.RefundRemaining(p).IsPositive() {
			// RefundPayment adds the refund to p.Refunds; the patch sends the list whole, as "add",
			// because an empty list is left out of the order's JSON.
			if _, err := order.RefundPayment(edited, p, order.RefundRequest{Amount: order.RefundRemaining(p), ReasonCode: order.ReasonOther}); err != nil {
				t.Fatal(err)
			}
			ops, _ := json.Marshal([]map[string]any{{"op": "add", "path": fmt.Sprintf("/inPayments/%d/refunds", i), "value": p.Refunds}})
			req, _ := http.NewRequest(http.MethodPatch, base+"/"+o.ID, bytes.NewReader(ops))
			req.Header.Set("api_key", updater)
			req.Header.Set("Content-Type", "application/json-patch+json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			answer, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("a refund by PATCH with order:update only: %d %s", res.StatusCode, answer)
			}
			break
		}
	}
	if got := current(refundable.ID); got.Version != o.Version {
		t.Errorf("the refused PATCH saved version %d", got.Version)
	}
	// With the permissions, the same whole-order save goes through.
	raw, _ := json.Marshal(edited)
	req, _ := http.NewRequest(http.MethodPut, base, bytes.NewReader(raw))
	req.Header.Set("api_key", manager)
	req.Header.Set("X-Change-Reason", "refund agreed with the customer")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		t.Errorf("the refund by PUT with a manager key: %d %s", res.StatusCode, msg)
	}
}

// TestSignOutEndsTheSession: a cookie saved before signing out no longer opens pages or saves
// anything afterwards; "sign out everywhere" ends the sessions of other devices too.
func TestSignOutEndsTheSession(t *testing.T) {
	t.Parallel()
	srv, _ := listServer(t)
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	token := c.token("/orders")
	u, _ := url.Parse(srv.URL)
	saved := c.http.Jar.Cookies(u)
	if res := c.post("/logout", url.Values{"gorilla.csrf.Token": {token}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: %d", res.StatusCode)
	}
	replay := newClient(t, srv)
	replay.http.Jar.SetCookies(u, saved)
	if res := replay.get("/orders"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("the cookie from before signing out still opens the order list: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	replay.http.Jar.SetCookies(u, saved)
	if res := replay.post("/orders/views", url.Values{"gorilla.csrf.Token": {token}, "name": {"mine"}}); res.StatusCode != http.StatusSeeOther ||
		!strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("the cookie from before signing out still saves: %d %s", res.StatusCode, res.Header.Get("Location"))
	}

	// Two devices; "sign out everywhere" on one ends both.
	laptop, tablet := newClient(t, srv), newClient(t, srv)
	laptop.mustLogin("clerk@example.com")
	tablet.mustLogin("clerk@example.com")
	page := laptop.get("/account")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.body, "Sign out everywhere") {
		t.Fatalf("the account page: %d", page.StatusCode)
	}
	if res := laptop.post("/account/sign-out-everywhere", url.Values{"gorilla.csrf.Token": {laptop.token("/account")}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out everywhere: %d", res.StatusCode)
	}
	for name, dev := range map[string]*client{"laptop": laptop, "tablet": tablet} {
		if res := dev.get("/orders"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("the %s is still signed in: %d", name, res.StatusCode)
		}
	}
}

// TestOrderExportNeutralizesFormulas: cells of the order export that a spreadsheet would run
// as a formula are written as text, like the history export's.
func TestOrderExportNeutralizesFormulas(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	o, err := srv.Store.Order(ctx, orders[0].Order.ID)
	if err != nil {
		t.Fatal(err)
	}
	o.CustomerName = `=HYPERLINK("http://evil.example","click")`
	if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "test", Source: store.SourceSystem}, o); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv)
	c.mustLogin("manager@example.com")
	res := c.get("/orders/export.csv")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "HYPERLINK") {
		t.Fatalf("export: %d, the customer is not in it\n%s", res.StatusCode, res.body)
	}
	if strings.Contains(res.body, `,"=HYPERLINK`) || !strings.Contains(res.body, `"'=HYPERLINK`) {
		t.Errorf("the export writes the formula as it is:\n%s", res.body)
	}
}

// TestActiveUserStaysSignedInWithAShortIdleTimeout: with a one-minute idle timeout, requests
// every 50 seconds keep the session alive (the last-seen time is refreshed often enough).
func TestActiveUserStaysSignedInWithAShortIdleTimeout(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, func(c *config.Config) { c.Session.IdleTimeout = time.Minute })
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	for i := range 4 {
		srv.Clock.Advance(50 * time.Second)
		if res := c.get("/help/shortcuts"); res.StatusCode != http.StatusOK {
			t.Fatalf("request %d, %ds after the one before: %d (signed out)", i+1, 50, res.StatusCode)
		}
	}
	srv.Clock.Advance(61 * time.Second)
	if res := c.get("/help/shortcuts"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("idle for more than the timeout: %d, want signed out", res.StatusCode)
	}
}

// hugePNG is a small PNG file whose header claims width × height pixels (a decompression bomb:
// a viewer or thumbnailer would allocate for all of them).
func hugePNG(t *testing.T, width, height uint32) []byte {
	t.Helper()
	b := pngPhoto(t)
	// The IHDR chunk follows the 8-byte signature: length, "IHDR", width, height, …, CRC.
	binary.BigEndian.PutUint32(b[16:], width)
	binary.BigEndian.PutUint32(b[20:], height)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

// TestDeliveryPhotoDimensionsAreChecked: a photo is judged by its decoded size too, so a
// 20000 × 20000 picture in a small file is refused at the field and nothing is saved.
func TestDeliveryPhotoDimensionsAreChecked(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	orders := fixtureOrders(t, srv)
	o, shID := fieldShipment(t, srv, orders, order.ShipmentSent)
	c := newClient(t, srv)
	c.mustLogin("field@example.com")
	form := url.Values{"gorilla.csrf.Token": {c.token("/field/orders/" + o.ID)}, "version": {strconv.Itoa(o.Version)},
		"step": {"delivered"}, "receiver": {"Ms Porter"}}
	res := c.postMultipart("/field/orders/"+o.ID+"/shipments/"+shID, form, "bomb.png", hugePNG(t, 20000, 20000))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "pixels") {
		t.Errorf("a 20000×20000 PNG: %d, want 422 at the field", res.StatusCode)
	}
	if photos, _ := srv.Store.OrderPhotos(context.Background(), o.ID); len(photos) != 0 {
		t.Errorf("%d photos stored", len(photos))
	}
}

// TestAPIKeyWithoutPricesSeesNoGatewayData: a key without order:read_prices gets no gateway
// request or response data (they carry amounts) and may not sort by total.
func TestAPIKeyWithoutPricesSeesNoGatewayData(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	sys := store.Actor{Label: "test", Source: store.SourceSystem}
	key, _, _ := srv.Store.CreateAPIKey(ctx, sys, store.NewAPIKey{Name: "Warehouse", RoleCode: auth.RoleField})
	o, err := srv.Store.Order(ctx, orders[0].Order.ID)
	if err != nil || len(o.InPayments) == 0 {
		t.Fatalf("no payment on the first demo order: %v", err)
	}
	o.InPayments[0].Transactions = append(o.InPayments[0].Transactions, order.PaymentGatewayTransaction{
		ID: order.NewID(), Type: "Capture", RequestData: `{"amount":"123.45"}`, ResponseData: `{"captured":"123.45"}`})
	if err := srv.Store.SaveOrder(ctx, sys, o); err != nil {
		t.Fatal(err)
	}
	status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/"+o.ID, key)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/order/customerOrders/"+o.ID, nil)
	req.Header.Set("api_key", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if status != http.StatusOK || strings.Contains(string(raw), "123.45") || strings.Contains(string(raw), "requestData") {
		t.Errorf("a key without read-prices: %d %s", status, raw)
	}
	status, body := apiSend(t, http.MethodPost, srv.URL+"/api/order/customerOrders/search", key, map[string]any{"sort": "total:desc"})
	if errs, _ := body["errors"].(map[string]any); status != http.StatusBadRequest || errs["sort"] == nil {
		t.Errorf("sort by total without read-prices: %d %v", status, body)
	}
}
