package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

func apiGet(t *testing.T, url, key string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("api_key", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var body map[string]any
	if err := json.Unmarshal(b, &body); err != nil {
		t.Fatalf("GET %s: %d, not JSON: %s", url, res.StatusCode, b)
	}
	return res.StatusCode, body
}

// TestAPIOrderByIDAndNumber: Virto's camelCase shape with money as numbers; no money for a key
// without read-prices; out of scope reads as not found; a revoked key stops at once.
func TestAPIOrderByIDAndNumber(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	full, _, err := srv.Store.CreateAPIKey(ctx, admin, "ERP", auth.RoleManager, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	field, _, err := srv.Store.CreateAPIKey(ctx, admin, "Warehouse", auth.RoleField, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	books, _, err := srv.Store.CreateAPIKey(ctx, admin, "Books shop", auth.RoleManager, []string{"books-uk"}, false)
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
	hooks, _, err := srv.Store.CreateAPIKey(ctx, admin, "Hooks", "hooks-only", nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if status, body := apiGet(t, srv.URL+"/api/order/customerOrders/"+o.ID, hooks); status != http.StatusForbidden || body["message"] == nil {
		t.Errorf("a key without order:read: %d %v", status, body)
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
	key, _, err := srv.Store.CreateAPIKey(ctx, admin, "ERP sync", auth.RoleManager, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	books, _, err := srv.Store.CreateAPIKey(ctx, admin, "Books only", auth.RoleManager, []string{"books-uk"}, false)
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
	if status, body = apiSend(t, http.MethodPut, base, key, got); status != http.StatusOK || body["version"].(float64) != 2 {
		t.Fatalf("update: %d %v", status, body)
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
