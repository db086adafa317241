package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"orderdesk/internal/order"
	"orderdesk/internal/testenv"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/routes.golden from the route table")

// TestRoutePermissionsGolden pins who may use each route: the route table, written out as
// "pattern → access", must equal testdata/routes.golden, so a route opened to more people is a
// visible diff in review (go test ./web -run TestRoutePermissionsGolden -update rewrites it).
func TestRoutePermissionsGolden(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	var lines []string
	for _, rt := range srv.Web.Routes() {
		kind := "desk"
		if rt.API {
			kind = "api"
		}
		lines = append(lines, fmt.Sprintf("%-70s %-5s %s\n", rt.Pattern, kind, rt.Access))
	}
	// Sorted: the golden pins who may use each route, not the order the audiences list them in.
	slices.Sort(lines)
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l)
	}
	const golden = "testdata/routes.golden"
	if *updateGolden {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("the route table's permissions differ from %s; if the change is meant, rerun with -update and review the diff.\n--- got\n%s", golden, got)
	}
}

// TestEveryWriteRouteKeepsToScopes sends every state-changing route that names an order, for an
// order of another store, as a user and with an API key limited to one store: none may succeed
// and the order stays as it was. The whole-order API writes may not move an order of the key's
// store out of its scope either.
func TestEveryWriteRouteKeepsToScopes(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	key := scopedToBooks(t, srv)
	var outside, inside *order.CustomerOrder
	for _, d := range orders {
		if d.Order.StoreID != "books-uk" && outside == nil {
			outside = d.Order
		}
		if d.Order.StoreID == "books-uk" && inside == nil && !d.Order.IsReadOnly() {
			inside = d.Order
		}
	}
	c := newClient(t, srv)
	c.mustLogin("scoped@example.com")
	token := c.token("/orders")
	send := func(method, path string, body []byte, api bool) int {
		t.Helper()
		if !api {
			form := url.Values{"gorilla.csrf.Token": {token}, "version": {strconv.Itoa(outside.Version)}, "reason": {"scope test"}}
			return c.post(path, form).StatusCode
		}
		req, _ := http.NewRequest(method, srv.URL+path, bytes.NewReader(body))
		req.Header.Set("api_key", key)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	checked := 0
	for _, rt := range srv.Web.Routes() {
		method, path := splitPattern(rt.Pattern)
		if method == http.MethodGet || !strings.Contains(path, "{id}") {
			continue
		}
		if !strings.HasPrefix(path, "/orders/") && !strings.HasPrefix(path, "/api/order/") {
			continue
		}
		path = strings.NewReplacer("{id}", outside.ID).Replace(path)
		path = regexp.MustCompile(`\{[a-zA-Z]+\}`).ReplaceAllString(path, "x")
		status := send(method, path, []byte(`[{"op":"replace","path":"/comment","value":"scope test"}]`), rt.API)
		if status < 300 || status == http.StatusSeeOther || status >= 500 {
			t.Errorf("%s for another store's order: %d", rt.Pattern, status)
		}
		checked++
	}
	// The API's whole-order writes name the order in the body.
	whole, _ := json.Marshal(outside)
	if status := send(http.MethodPut, "/api/order/customerOrders", whole, true); status != http.StatusNotFound {
		t.Errorf("PUT of another store's order: %d, want 404", status)
	}
	// A DELETE skips it as it skips an unknown id (204); the order must still be there.
	if status := send(http.MethodDelete, "/api/order/customerOrders?ids="+outside.ID, nil, true); status >= 500 {
		t.Errorf("DELETE of another store's order: %d", status)
	}
	if got, err := srv.Store.Order(ctx, outside.ID); err != nil {
		t.Errorf("the other store's order is gone: %v", err)
	} else if got.Version != outside.Version || got.Comment == "scope test" {
		t.Errorf("the other store's order changed: version %d → %d", outside.Version, got.Version)
	}
	if checked < 10 {
		t.Errorf("only %d write routes checked", checked)
	}

	// Moving an order of the key's store to another store, by PUT or PATCH: 403, nothing saved.
	moved := inside.Clone()
	moved.StoreID = outside.StoreID
	body, _ := json.Marshal(moved)
	if status := send(http.MethodPut, "/api/order/customerOrders", body, true); status != http.StatusForbidden {
		t.Errorf("PUT moving an order out of the key's stores: %d, want 403", status)
	}
	patch := []byte(`[{"op":"replace","path":"/storeId","value":"` + outside.StoreID + `"}]`)
	if status := send(http.MethodPatch, "/api/order/customerOrders/"+inside.ID, patch, true); status != http.StatusForbidden {
		t.Errorf("PATCH moving an order out of the key's stores: %d, want 403", status)
	}
	if got, _ := srv.Store.Order(ctx, inside.ID); got.StoreID != "books-uk" || got.Version != inside.Version {
		t.Errorf("the order moved: store %s version %d", got.StoreID, got.Version)
	}
}

// TestSentShipmentIsCancelledNotRemoved pins the desk rule: a shipment that went out cannot be
// removed from the order, only cancelled.
func TestSentShipmentIsCancelledNotRemoved(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	var o *order.CustomerOrder
	var sh *order.Shipment
	for _, d := range orders {
		for i := range d.Order.Shipments {
			if s := &d.Order.Shipments[i]; o == nil && s.Status != "New" && !s.IsCancelled && !d.Order.IsReadOnly() && len(d.Order.ShipmentPayments(s.ID)) == 0 {
				o, sh = d.Order, s
			}
		}
	}
	if o == nil {
		t.Fatal("no demo order with a shipment that went out")
	}
	c := newClient(t, srv)
	c.mustLogin("manager@example.com")
	res := c.post("/orders/"+o.ID+"/shipments/"+sh.ID+"/remove", url.Values{"gorilla.csrf.Token": {c.token("/orders/" + o.ID)}, "version": {strconv.Itoa(o.Version)}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("removing a %s shipment: %d, want 422", sh.Status, res.StatusCode)
	}
	if got, _ := srv.Store.Order(context.Background(), o.ID); got.Shipment(sh.ID) == nil {
		t.Error("the shipment was removed")
	}
}
