package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// managerKey is a new API key with the manager role and no scopes.
func managerKey(t *testing.T, srv *testenv.Server) string {
	t.Helper()
	key, _, err := srv.Store.CreateAPIKey(context.Background(), store.Actor{Label: "admin", Source: store.SourceDesk},
		store.NewAPIKey{Name: "ERP", RoleCode: auth.RoleManager})
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func apiGet(t *testing.T, url, key string) (int, map[string]any) {
	t.Helper()
	res, b := apiGetBytes(t, url, key)
	var body map[string]any
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatalf("GET %s: %d, not JSON: %s", url, res.StatusCode, b)
	}
	return res.StatusCode, body
}

// apiGetBytes is GET url with the key: the answer and its whole body.
func apiGetBytes(t *testing.T, url, key string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("api_key", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

// TestAPIOrderByIDAndNumber: Virto's camelCase shape with money as numbers; no money for a key
// without read-prices; out of scope reads as not found; a revoked key stops at once.
func TestAPIOrderByIDAndNumber(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	full, _, err := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "ERP", RoleCode: auth.RoleManager})
	if err != nil {
		t.Fatal(err)
	}
	field, _, err := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "Warehouse", RoleCode: auth.RoleField})
	if err != nil {
		t.Fatal(err)
	}
	books, _, err := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "Books shop", RoleCode: auth.RoleManager, StoreIDs: []string{"books-uk"}})
	if err != nil {
		t.Fatal(err)
	}
	var o, other *order.CustomerOrder
	for _, d := range orders {
		if d.Order.StoreID == "books-uk" {
			o = d.Order
		} else {
			other = d.Order
		}
	}

	status, body := apiGet(t, srv.URL+"/api/order/customerOrders/"+o.ID, full)
	if status != http.StatusOK || body["number"] != o.Number || body["customerName"] != o.CustomerName {
		t.Fatalf("by id: %d %v", status, body["number"])
	}
	total, isNumber := body["total"].(float64)
	if !isNumber || order.CurrencyFor(o.Currency).Fixed(o.Total) != order.CurrencyFor(o.Currency).Fixed(decimalOf(total)) {
		t.Errorf("total %v (%T), want the number %s", body["total"], body["total"], o.Total)
	}
	if status, body = apiGet(t, srv.URL+"/api/order/customerOrders/number/"+o.Number, books); status != http.StatusOK || body["id"] != o.ID {
		t.Errorf("by number with the store's key: %d %v", status, body["id"])
	}
	if status, body = apiGet(t, srv.URL+"/api/order/customerOrders/"+other.ID, books); status != http.StatusNotFound || body["message"] == nil {
		t.Errorf("another store's order with a store key: %d %v", status, body)
	}
	status, body = apiGet(t, srv.URL+"/api/order/customerOrders/"+o.ID, field)
	if status != http.StatusOK {
		t.Fatalf("field key: %d", status)
	}
	raw, _ := json.Marshal(body)
	for _, money := range []string{`"total"`, `"subTotal"`, `"price"`, `"sum"`, `"amount"`} {
		if strings.Contains(string(raw), money+":") {
			t.Errorf("a key without read-prices gets %s", money)
		}
	}
	if !strings.Contains(string(raw), `"quantity"`) {
		t.Error("the field key lost the quantities too")
	}
	if status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/nope", full); status != http.StatusNotFound {
		t.Errorf("unknown id: %d", status)
	}

	// A custom role without order:read gets 403 JSON; a revoked key 401.
	if err := srv.Store.SaveRole(ctx, admin, auth.Role{Code: "hooks-only", Name: "Hooks", Permissions: []auth.Permission{auth.AdminWebhooks}}); err != nil {
		t.Fatal(err)
	}
	hooks, _, err := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "Hooks", RoleCode: "hooks-only"})
	if err != nil {
		t.Fatal(err)
	}
	if status, body := apiGet(t, srv.URL+"/api/order/customerOrders/"+o.ID, hooks); status != http.StatusForbidden || body["message"] == nil {
		t.Errorf("a key without order:read: %d %v", status, body)
	}
	// Virto also takes the key as the api_key query parameter; a bad one there is 401 too.
	if status, body := apiGet(t, srv.URL+"/api/order/customerOrders/"+o.ID+"?api_key="+url.QueryEscape(full), ""); status != http.StatusOK || body["id"] != o.ID {
		t.Errorf("the key as a query parameter: %d %v", status, body)
	}
	if status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/"+o.ID+"?api_key=nonsense", ""); status != http.StatusUnauthorized {
		t.Errorf("a bad key as a query parameter: %d", status)
	}
	if status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/"+o.ID, ""); status != http.StatusUnauthorized {
		t.Errorf("no key at all: %d", status)
	}
	keys, _ := srv.Store.APIKeys(ctx)
	for _, k := range keys {
		if k.Name == "ERP" {
			if err := srv.Store.RevokeAPIKey(ctx, admin, k.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/"+o.ID, full); status != http.StatusUnauthorized {
		t.Errorf("a revoked key: %d", status)
	}
}

func decimalOf(f float64) decimal.Decimal { return decimal.NewFromFloat(f) }

func apiSend(t *testing.T, method, url, key string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, url, strings.NewReader(string(b)))
	req.Header.Set("api_key", key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: %d, not JSON: %s", method, url, res.StatusCode, raw)
	}
	return res.StatusCode, out
}

// TestAPIWritesOrders: create, update with optimistic locking (409 on a stale version),
// per-field errors, recalculation without saving, and the history naming the key.
func TestAPIWritesOrders(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	key, _, err := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "ERP sync", RoleCode: auth.RoleManager})
	if err != nil {
		t.Fatal(err)
	}
	books, _, err := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "Books only", RoleCode: auth.RoleManager, StoreIDs: []string{"books-uk"}})
	if err != nil {
		t.Fatal(err)
	}
	base := srv.URL + "/api/order/customerOrders"

	// Recalculate: totals for what was sent, nothing stored.
	draft := orders[0].Order.Clone()
	draft.ID, draft.Number = "", ""
	draft.Total = decimal.Zero
	status, body := apiSend(t, http.MethodPut, base+"/recalculate", key, draft)
	if status != http.StatusOK || body["total"].(float64) <= 0 {
		t.Fatalf("recalculate: %d total %v", status, body["total"])
	}

	// Create.
	fresh := orders[1].Order.Clone()
	fresh.ID, fresh.Number, fresh.OuterID = "", "", "erp-4711"
	status, body = apiSend(t, http.MethodPost, base, key, fresh)
	if status != http.StatusOK || body["id"] == "" || body["outerId"] != "erp-4711" || body["version"].(float64) != 1 {
		t.Fatalf("create: %d %v", status, body)
	}
	id := body["id"].(string)
	if fresh.StoreID != "books-uk" {
		if status, _ := apiSend(t, http.MethodPost, base, books, fresh); status != http.StatusForbidden {
			t.Errorf("a books-only key created an order of %s: %d", fresh.StoreID, status)
		}
	}

	// Update: the version moves on; the old version is refused with 409.
	got, err := srv.Store.Order(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	stale := got.Clone()
	got.Comment = "confirmed by the ERP"
	if status := apiPut(t, base, key, got); status != http.StatusNoContent {
		t.Fatalf("update: %d", status)
	}
	if saved, _ := srv.Store.Order(ctx, id); saved.Version != 2 || saved.Comment != "confirmed by the ERP" {
		t.Fatalf("after the update: version %d, comment %q", saved.Version, saved.Comment)
	}
	stale.Comment = "an older idea"
	if status, body = apiSend(t, http.MethodPut, base, key, stale); status != http.StatusConflict || body["message"] == nil {
		t.Errorf("stale update: %d %v", status, body)
	}
	// Per-field errors.
	bad, _ := srv.Store.Order(ctx, id)
	bad.Items[0].Quantity = 0
	status, body = apiSend(t, http.MethodPut, base, key, bad)
	errs, _ := body["errors"].(map[string]any)
	if status != http.StatusBadRequest || len(errs) == 0 {
		t.Errorf("a quantity of 0: %d %v", status, body)
	}
	// The history names the key and the source.
	history, err := srv.Store.OrderHistory(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 2 || history[0].Source != store.SourceAPI || history[0].ActorLabel != "ERP sync" {
		t.Errorf("history: %+v", history)
	}
}

func apiPut(t *testing.T, url, key string, body any) int {
	t.Helper()
	return apiStatus(t, http.MethodPut, url, key, body)
}

// TestAPISearch: Virto's criteria, skip/take paging that adds up, totalCount, sort, bad
// criteria as 400 with per-field errors, and a store key's scope.
func TestAPISearch(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	key, _, _ := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "ERP", RoleCode: auth.RoleManager})
	books, _, _ := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "Books", RoleCode: auth.RoleManager, StoreIDs: []string{"books-uk"}})
	url := srv.URL + "/api/order/customerOrders/search"

	want := map[string]bool{}
	for _, d := range orders {
		if d.Order.Status == order.OrderCompleted || d.Order.Status == order.OrderNew {
			want[d.Order.ID] = true
		}
	}
	seen := map[string]bool{}
	var prevCreated string
	for skip := 0; ; skip += 4 {
		status, body := apiSend(t, http.MethodPost, url, key, map[string]any{
			"statuses": []string{"Completed", "New"}, "sort": "createdDate:asc", "skip": skip, "take": 4})
		if status != http.StatusOK {
			t.Fatalf("search: %d %v", status, body)
		}
		if int(body["totalCount"].(float64)) != len(want) {
			t.Fatalf("totalCount %v, want %d", body["totalCount"], len(want))
		}
		results := body["results"].([]any)
		for _, r := range results {
			o := r.(map[string]any)
			if seen[o["id"].(string)] || !want[o["id"].(string)] {
				t.Errorf("result %v repeated or not asked for", o["number"])
			}
			seen[o["id"].(string)] = true
			if created := o["createdDate"].(string); created < prevCreated {
				t.Errorf("not sorted by created date: %s after %s", created, prevCreated)
			} else {
				prevCreated = created
			}
		}
		if len(results) < 4 {
			break
		}
	}
	if len(seen) != len(want) {
		t.Errorf("paged %d orders, want %d", len(seen), len(want))
	}
	// A customer's orders, by id.
	c := orders[3].Order
	status, body := apiSend(t, http.MethodPost, url, key, map[string]any{"customerIds": []string{c.CustomerID}, "responseGroup": "Full"})
	results, _ := body["results"].([]any)
	if status != http.StatusOK || len(results) == 0 {
		t.Fatalf("by customer: %d %v", status, body)
	}
	for _, r := range results {
		o := r.(map[string]any)
		if o["customerId"] != c.CustomerID {
			t.Errorf("customer filter let %v through", o["customerId"])
		}
		if _, hasItems := o["items"]; !hasItems {
			t.Error("responseGroup Full without items")
		}
	}
	// Bad criteria.
	status, body = apiSend(t, http.MethodPost, url, key, map[string]any{"take": 1000, "skip": -1, "sort": "color"})
	errs, _ := body["errors"].(map[string]any)
	if status != http.StatusBadRequest || errs["take"] == nil || errs["skip"] == nil || errs["sort"] == nil {
		t.Errorf("bad criteria: %d %v", status, body)
	}
	// The store key only finds its store.
	_, body = apiSend(t, http.MethodPost, url, books, map[string]any{"take": 100})
	for _, r := range body["results"].([]any) {
		if r.(map[string]any)["storeId"] != "books-uk" {
			t.Errorf("the books key found an order of %v", r.(map[string]any)["storeId"])
		}
	}
}

// TestAPIPatchAndOuterID: a JSON Patch changes what it names, a stale version in the patch is
// 409, a patch that breaks a rule is 400; orders are found by their outer id.
func TestAPIPatchAndOuterID(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	key, _, _ := srv.Store.CreateAPIKey(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, store.NewAPIKey{Name: "ERP", RoleCode: auth.RoleManager})
	o := orders[2].Order
	url := srv.URL + "/api/order/customerOrders/" + o.ID
	patch := func(ops string) int {
		req, _ := http.NewRequest(http.MethodPatch, url, strings.NewReader(ops))
		req.Header.Set("api_key", key)
		req.Header.Set("Content-Type", "application/json-patch+json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if status := patch(`[{"op":"replace","path":"/comment","value":"via patch"},{"op":"add","path":"/outerId","value":"erp-99"}]`); status != http.StatusNoContent {
		t.Fatalf("patch: %d", status)
	}
	got, _ := srv.Store.Order(ctx, o.ID)
	if got.Comment != "via patch" || got.OuterID != "erp-99" || got.Version != 2 {
		t.Errorf("after the patch: %q %q v%d", got.Comment, got.OuterID, got.Version)
	}
	if status := patch(`[{"op":"replace","path":"/version","value":1},{"op":"replace","path":"/comment","value":"late"}]`); status != http.StatusConflict {
		t.Errorf("a patch at an old version: %d", status)
	}
	if status := patch(`[{"op":"replace","path":"/items/0/quantity","value":0}]`); status != http.StatusBadRequest {
		t.Errorf("a patch to quantity 0: %d", status)
	}
	if status := patch(`[{"op":"remove","path":"/nope"}]`); status != http.StatusBadRequest {
		t.Errorf("a patch that does not apply: %d", status)
	}
	status, body := apiGet(t, srv.URL+"/api/order/customerOrders/outer/erp-99", key)
	if status != http.StatusOK || body["id"] != o.ID {
		t.Errorf("by outer id: %d %v", status, body["id"])
	}

	// The changes: newest first, the patch's comment among them, with its source and key.
	req, _ := http.NewRequest(http.MethodGet, url+"/changes", nil)
	req.Header.Set("api_key", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var logs []map[string]any
	if err := json.NewDecoder(res.Body).Decode(&logs); err != nil || res.StatusCode != http.StatusOK || len(logs) < 3 {
		t.Fatalf("changes: %d %v %v", res.StatusCode, err, logs)
	}
	first := logs[0]
	if first["source"] != store.SourceAPI || first["createdBy"] != "ERP" || !strings.Contains(fmt.Sprint(logs[0]["detail"], logs[1]["detail"]), "via patch") {
		t.Errorf("newest changes: %v / %v", logs[0], logs[1])
	}
	if last := logs[len(logs)-1]; last["operationType"] != "Added" {
		t.Errorf("the oldest change (the order created) is %v", last["operationType"])
	}
}

// TestOpenAPIDescribesEveryAPIRoute: the served description names every API route of the
// route table, with its method, so it cannot fall behind.
func TestOpenAPIDescribesEveryAPIRoute(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	res, err := http.Get(srv.URL + "/api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil || res.StatusCode != http.StatusOK || doc.OpenAPI == "" {
		t.Fatalf("openapi.json: %d %v", res.StatusCode, err)
	}
	for _, rt := range srv.Web.Routes() {
		if !rt.API {
			continue
		}
		method, path, _ := strings.Cut(rt.Pattern, " ")
		paths := []string{path}
		if strings.Contains(path, "{part...}") {
			paths = nil
			for _, part := range []string{"changes", "shipments/new", "payments/new"} {
				paths = append(paths, strings.ReplaceAll(path, "{part...}", part))
			}
		}
		for _, p := range paths {
			if _, ok := doc.Paths[p][strings.ToLower(method)]; !ok {
				t.Errorf("%s (%s) is not in the OpenAPI description", rt.Pattern, p)
			}
		}
	}
}

// TestAPIReturns: available quantities, a return created and updated through PUT /api/return,
// a quantity above what was sent refused per line.
func TestAPIReturns(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	key, _, _ := srv.Store.CreateAPIKey(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, store.NewAPIKey{Name: "Returns desk", RoleCode: auth.RoleManager})
	var o *order.CustomerOrder
	var line string
	for _, d := range orders {
		sent := order.SentQuantities(d.Order)
		for id, n := range sent {
			if n > 0 && len(d.Returns) == 0 {
				o, line = d.Order, id
			}
		}
	}
	if o == nil {
		t.Fatal("no order with sent units in the fixture")
	}
	status, avail := apiGet(t, srv.URL+"/api/return/available-quantities/"+o.ID, key)
	if status != http.StatusOK || avail[line] == nil || avail[line].(float64) < 1 {
		t.Fatalf("available: %d %v", status, avail)
	}
	tooMany := map[string]any{"orderId": o.ID, "lineItems": []map[string]any{{"orderLineItemId": line, "quantity": avail[line].(float64) + 1, "reason": "damaged"}}}
	if status, body := apiSend(t, http.MethodPut, srv.URL+"/api/return", key, tooMany); status != http.StatusBadRequest || body["errors"] == nil {
		t.Errorf("too many units: %d %v", status, body)
	}
	one := map[string]any{"orderId": o.ID, "lineItems": []map[string]any{{"orderLineItemId": line, "quantity": 1, "reason": "damaged"}}}
	status, created := apiSend(t, http.MethodPut, srv.URL+"/api/return", key, one)
	if status != http.StatusOK || created["id"] == nil || created["number"] == "" {
		t.Fatalf("create return: %d %v", status, created)
	}
	created["status"] = "Approved"
	if status, updated := apiSend(t, http.MethodPut, srv.URL+"/api/return", key, created); status != http.StatusOK || updated["status"] != "Approved" {
		t.Errorf("update return: %d %v", status, updated)
	}
	status, got := apiGet(t, srv.URL+"/api/return/"+created["id"].(string), key)
	if status != http.StatusOK || got["status"] != "Approved" {
		t.Errorf("get return: %d %v", status, got)
	}
	status, found := apiSend(t, http.MethodPost, srv.URL+"/api/return/search", key, map[string]any{"orderIds": []string{o.ID}, "statuses": []string{"Approved"}})
	if status != http.StatusOK || found["totalCount"].(float64) != 1 {
		t.Errorf("return search: %d %v", status, found)
	}
	req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/api/return?ids="+created["id"].(string), nil)
	req.Header.Set("api_key", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		t.Errorf("delete return: %d", res.StatusCode)
	}
	if status, _ := apiGet(t, srv.URL+"/api/return/"+created["id"].(string), key); status != http.StatusNotFound {
		t.Errorf("the deleted return: %d", status)
	}
}

// TestAPIPaymentsAndShipments: read one by its id, add one through its order, change one.
func TestAPIPaymentsAndShipments(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	key, _, _ := srv.Store.CreateAPIKey(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, store.NewAPIKey{Name: "Gateway", RoleCode: auth.RoleManager})
	var o *order.CustomerOrder
	for _, d := range orders {
		if len(d.Order.InPayments) > 0 && len(d.Order.Shipments) > 0 && !d.Order.IsCancelled {
			o = d.Order
		}
	}
	p := o.InPayments[0]
	status, got := apiGet(t, srv.URL+"/api/order/payments/"+p.ID, key)
	if status != http.StatusOK || got["number"] != p.Number {
		t.Fatalf("payment by id: %d %v", status, got)
	}
	got["comment"] = "settled by the gateway"
	status, saved := apiSend(t, http.MethodPut, srv.URL+"/api/order/payments", key, got)
	if status != http.StatusOK || saved["comment"] != "settled by the gateway" {
		t.Errorf("update payment: %d %v", status, saved)
	}
	status, fresh := apiSend(t, http.MethodPost, srv.URL+"/api/order/payments", key, map[string]any{
		"orderId": o.ID, "gatewayCode": "invoice", "sum": 5, "currency": o.Currency})
	if status != http.StatusOK || fresh["id"] == "" || fresh["number"] == "" {
		t.Errorf("new payment: %d %v", status, fresh)
	}
	sh := o.Shipments[0]
	status, gotSh := apiGet(t, srv.URL+"/api/order/shipments/"+sh.ID, key)
	if status != http.StatusOK || gotSh["number"] != sh.Number {
		t.Fatalf("shipment by id: %d %v", status, gotSh)
	}
	gotSh["trackingNumber"] = "1Z-API-42"
	if status, savedSh := apiSend(t, http.MethodPost, srv.URL+"/api/order/shipments", key, gotSh); status != http.StatusOK || savedSh["trackingNumber"] != "1Z-API-42" {
		t.Errorf("update shipment: %d %v", status, savedSh)
	}
	after, _ := srv.Store.Order(ctx, o.ID)
	if len(after.InPayments) != len(o.InPayments)+1 || after.Shipment(sh.ID).TrackingNumber != "1Z-API-42" {
		t.Errorf("the order after: %d payments, tracking %q", len(after.InPayments), after.Shipment(sh.ID).TrackingNumber)
	}
	if status, _ := apiGet(t, srv.URL+"/api/order/payments/nope", key); status != http.StatusNotFound {
		t.Errorf("unknown payment: %d", status)
	}
}

// TestAPICaptureAndRefund: Virto's payment flow bodies and answers; the rules hold (a refund
// above what was paid is refused with INVALID_REQUEST_ERROR).
func TestAPICaptureAndRefund(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	key, _, _ := srv.Store.CreateAPIKey(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, store.NewAPIKey{Name: "Gateway", RoleCode: auth.RoleManager})
	// Two orders with a plain payment each: one authorized, one paid.
	var picked []*order.PaymentIn
	for _, d := range orders {
		if len(picked) == 2 {
			break
		}
		o := d.Order
		if o.IsCancelled || len(o.InPayments) != 1 || len(o.InPayments[0].Captures) > 0 || len(o.InPayments[0].Refunds) > 0 {
			continue
		}
		stored, err := srv.Store.Order(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		stored.InPayments[0].Status = []string{"Authorized", "Paid"}[len(picked)]
		if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "setup", Source: store.SourceSystem, Reason: "test setup"}, stored); err != nil {
			t.Fatal(err)
		}
		picked = append(picked, &stored.InPayments[0])
	}
	if len(picked) < 2 {
		t.Fatal("the fixture lacks orders with one plain payment")
	}
	authorized, paid := picked[0], picked[1]
	status, res := apiSend(t, http.MethodPost, srv.URL+"/api/order/payments/payment/capture", key, map[string]any{
		"paymentId": authorized.ID, "amount": authorized.Sum, "transactionId": "gw-1", "closeTransaction": true})
	if status != http.StatusOK || res["succeeded"] != true || res["paymentStatus"] != "Paid" {
		t.Errorf("capture: %d %v", status, res)
	}
	status, res = apiSend(t, http.MethodPost, srv.URL+"/api/order/payments/payment/refund", key, map[string]any{
		"paymentId": paid.ID, "amount": paid.Sum.Add(decimal.NewFromInt(1)), "reasonCode": "RequestedByCustomer", "reasonMessage": "too much"})
	if status != http.StatusOK || res["succeeded"] == true || res["errorCode"] != "INVALID_REQUEST_ERROR" {
		t.Errorf("refund above what was paid: %d %v", status, res)
	}
	status, res = apiSend(t, http.MethodPost, srv.URL+"/api/order/payments/payment/refund", key, map[string]any{
		"paymentId": paid.ID, "amount": 1, "reasonCode": "RequestedByCustomer", "reasonMessage": "scratched box"})
	if status != http.StatusOK || res["succeeded"] != true || res["refundStatus"] != "Processed" {
		t.Errorf("refund: %d %v", status, res)
	}
	if status, res := apiSend(t, http.MethodPost, srv.URL+"/api/order/payments/payment/capture", key, map[string]any{"paymentId": paid.ID}); status != http.StatusBadRequest || res["errorCode"] != "INVALID_REQUEST_ERROR" {
		t.Errorf("capture without an amount: %d %v", status, res)
	}
}

// TestAPIAvaTax: queue orders, read their status, and AvaTax off is a clear 400.
func TestAPIAvaTax(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	key, _, _ := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "Tax", RoleCode: auth.RoleAdministrator})
	viewerKey, _, _ := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "Viewer", RoleCode: auth.RoleViewer})
	o := orders[0].Order
	if err := srv.Store.SaveAvaTaxSettings(ctx, admin, store.AvaTaxSettings{StoreID: o.StoreID, Enabled: true,
		ServiceURL: "http://127.0.0.1:1", AccountNumber: "1", LicenseKey: "k", CompanyCode: "C"}); err != nil {
		t.Fatal(err)
	}
	status, body := apiSend(t, http.MethodPost, srv.URL+"/api/tax/avatax/orders/synchronize", key, map[string]any{"orderIds": []string{o.ID, "nope"}})
	if status != http.StatusOK || body["queued"].(float64) != 1 {
		t.Errorf("synchronize: %d %v", status, body)
	}
	status, body = apiGet(t, srv.URL+"/api/tax/avatax/orders/"+o.ID+"/status", key)
	if status != http.StatusOK || body["status"] != "pending" {
		t.Errorf("status: %d %v", status, body)
	}
	if status, _ := apiGet(t, srv.URL+"/api/tax/avatax/orders/"+o.ID+"/status", viewerKey); status != http.StatusForbidden {
		t.Errorf("a viewer key: %d, want 403", status)
	}
	var other string
	for _, d := range orders {
		if d.Order.StoreID != o.StoreID {
			other = d.Order.StoreID
		}
	}
	status, body = apiSend(t, http.MethodPost, srv.URL+"/api/tax/avatax/address/validate", key, map[string]any{"storeId": other, "address": map[string]string{"line1": "x"}})
	if status != http.StatusBadRequest || !strings.Contains(body["message"].(string), "not on") {
		t.Errorf("a store without AvaTax: %d %v", status, body)
	}
}

// TestAPIDocumentSearchAndTemplates: payments and shipments of orders, and new-document
// templates.
func TestAPIDocumentSearchAndTemplates(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	key, _, _ := srv.Store.CreateAPIKey(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, store.NewAPIKey{Name: "ERP", RoleCode: auth.RoleManager})
	var ids []string
	want := 0
	for _, d := range orders[:5] {
		ids = append(ids, d.Order.ID)
		want += len(d.Order.InPayments)
	}
	status, body := apiSend(t, http.MethodPost, srv.URL+"/api/order/payments/search", key, map[string]any{"orderIds": ids, "take": 100})
	if status != http.StatusOK || int(body["totalCount"].(float64)) != want {
		t.Errorf("payments of 5 orders: %d %v, want %d", status, body["totalCount"], want)
	}
	// Without criteria, as in Virto: every shipment, newest first, counted.
	allShipments := 0
	for _, d := range orders {
		allShipments += len(d.Order.Shipments)
	}
	status, body = apiSend(t, http.MethodPost, srv.URL+"/api/order/shipments/search", key, map[string]any{})
	if results, _ := body["results"].([]any); status != http.StatusOK || int(body["totalCount"].(float64)) != allShipments || len(results) != min(20, allShipments) {
		t.Errorf("a search without criteria: %d %v, want all %d shipments counted", status, body["totalCount"], allShipments)
	}
	o := orders[0].Order
	status, tmpl := apiGet(t, srv.URL+"/api/order/customerOrders/"+o.ID+"/shipments/new", key)
	if status != http.StatusOK || tmpl["status"] != "New" || tmpl["currency"] != o.Currency {
		t.Errorf("shipment template: %d %v", status, tmpl)
	}
	status, tmpl = apiGet(t, srv.URL+"/api/order/customerOrders/"+o.ID+"/payments/new", key)
	if status != http.StatusOK || tmpl["customerId"] != o.CustomerID {
		t.Errorf("payment template: %d %v", status, tmpl)
	}
}

// TestAPISearchChanges: one order's changes, and skip/take that add up.
func TestAPISearchChanges(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	key, _, _ := srv.Store.CreateAPIKey(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, store.NewAPIKey{Name: "Audit", RoleCode: auth.RoleManager})
	url := srv.URL + "/api/order/customerOrders/searchChanges"
	o := orders[0].Order
	status, body := apiSend(t, http.MethodPost, url, key, map[string]any{"orderId": o.ID})
	results, _ := body["results"].([]any)
	if status != http.StatusOK || len(results) == 0 {
		t.Fatalf("one order's changes: %d %v", status, body)
	}
	for _, r := range results {
		if e := r.(map[string]any); e["createdBy"] != "demo" || e["objectType"] == "" {
			t.Errorf("entry %v", e)
		}
	}
	// 30 orders were created: 30 change sets. Pages of 7 by skip see each once.
	seen := map[string]bool{}
	for skip := 0; skip < 35; skip += 7 {
		_, body := apiSend(t, http.MethodPost, url, key, map[string]any{"skip": skip, "take": 7})
		for _, r := range body["results"].([]any) {
			seen[r.(map[string]any)["changeSetId"].(string)] = true
		}
	}
	if len(seen) != 30 {
		t.Errorf("paging saw %d change sets, want 30", len(seen))
	}
	if status, _ := apiSend(t, http.MethodPost, url, key, map[string]any{"take": 501}); status != http.StatusBadRequest {
		t.Errorf("take 501: %d", status)
	}
}

// TestAPIDeleteOrders: deleted with their figures and an entry in the history; an order outside
// the key's scopes is to it as an unknown id: skipped, and named nowhere in the answer.
func TestAPIDeleteOrders(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	key, _, _ := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "Cleanup", RoleCode: auth.RoleManager})
	books, _, _ := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "Books", RoleCode: auth.RoleManager, StoreIDs: []string{"books-uk"}})
	var in, out *order.CustomerOrder
	for _, d := range orders {
		if d.Order.StoreID == "books-uk" {
			in = d.Order
		} else {
			out = d.Order
		}
	}
	delAnswer := func(k string, ids ...string) (int, string) {
		req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/api/order/customerOrders?ids="+strings.Join(ids, "&ids="), nil)
		req.Header.Set("api_key", k)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	del := func(k string, ids ...string) int {
		status, _ := delAnswer(k, ids...)
		return status
	}
	if status, body := delAnswer(books, out.ID); status != http.StatusNoContent || strings.Contains(body, out.Number) {
		t.Errorf("a store key deleting another store's order: %d %q, want 204 like an unknown id and no number", status, body)
	}
	if _, err := srv.Store.Order(ctx, out.ID); err != nil {
		t.Errorf("a store key deleted another store's order: %v", err)
	}
	figures := func() int {
		var n int
		_ = srv.Store.DB().GetContext(ctx, &n, `SELECT COALESCE(SUM(orders), 0) FROM order_daily_stats`)
		return n
	}
	before := figures()
	if status := del(key, in.ID, "no-such-id"); status != http.StatusNoContent {
		t.Fatalf("delete: %d", status)
	}
	if _, err := srv.Store.Order(ctx, in.ID); !errors.Is(err, order.ErrNotFound) {
		t.Errorf("the order is still there: %v", err)
	}
	if after := figures(); after != before-1 {
		t.Errorf("daily figures count %d orders, want %d", after, before-1)
	}
	history, err := srv.Store.OrderHistory(ctx, in.ID)
	if err != nil || len(history) < 2 || history[len(history)-1].ActorLabel != "Cleanup" {
		t.Errorf("the history of the deleted order: %v %v", history, err)
	}
}
