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
