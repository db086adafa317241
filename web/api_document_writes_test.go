package web_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"orderdesk/internal/order"
)

// TestAPIPaymentAndShipmentWrites: Virto's payment and shipment endpoints beyond create and
// read — a payment by its outer id, a JSON Patch of one payment or shipment, and deleting
// payments — each changing only what it names.
func TestAPIPaymentAndShipmentWrites(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	key := managerKey(t, srv)
	var o *order.CustomerOrder
	for _, d := range orders {
		if len(d.Order.InPayments) > 0 && len(d.Order.Shipments) > 0 && !d.Order.IsReadOnly() {
			o = d.Order
			break
		}
	}
	if o == nil {
		t.Fatal("no editable demo order with a payment and a shipment")
	}
	ctx := context.Background()
	patch := func(url, ops string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPatch, url, strings.NewReader(ops))
		req.Header.Set("api_key", key)
		req.Header.Set("Content-Type", "application/json-patch+json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	p, sh := o.InPayments[0], o.Shipments[0]

	status, body := patch(srv.URL+"/api/order/payments/"+p.ID, `[{"op":"replace","path":"/outerId","value":"psp-991"},{"op":"replace","path":"/comment","value":"via the gateway"}]`)
	if status != http.StatusOK || !strings.Contains(body, `"outerId":"psp-991"`) {
		t.Fatalf("patch a payment: %d %s", status, body)
	}
	saved, _ := srv.Store.Order(ctx, o.ID)
	if got := saved.Payment(p.ID); got.OuterID != "psp-991" || got.Comment != "via the gateway" || saved.Comment != o.Comment {
		t.Errorf("after the payment patch: outer id %q, comment %q, the order's comment %q (was %q)", got.OuterID, got.Comment, saved.Comment, o.Comment)
	}
	if status, got := apiGet(t, srv.URL+"/api/order/payments/outer/psp-991", key); status != http.StatusOK || got["id"] != p.ID {
		t.Errorf("payment by outer id: %d %v", status, got["id"])
	}
	if status, _ := apiGet(t, srv.URL+"/api/order/payments/outer/no-such", key); status != http.StatusNotFound {
		t.Errorf("an unknown outer id: %d", status)
	}
	status, body = patch(srv.URL+"/api/order/shipments/"+sh.ID, `[{"op":"replace","path":"/trackingNumber","value":"1Z999"}]`)
	if status != http.StatusOK || !strings.Contains(body, `"trackingNumber":"1Z999"`) {
		t.Fatalf("patch a shipment: %d %s", status, body)
	}
	if status, body := patch(srv.URL+"/api/order/shipments/"+sh.ID, `[{"op":"replace","path":"/id","value":"another"}]`); status != http.StatusBadRequest {
		t.Errorf("a patch of the shipment's id: %d %s", status, body)
	}
	if status, _ := patch(srv.URL+"/api/order/shipments/01NOSUCHSHIPMENT0000000000", `[{"op":"replace","path":"/comment","value":"x"}]`); status != http.StatusNotFound {
		t.Errorf("a patch of no shipment: %d", status)
	}

	// Delete: a new payment (nothing in effect) leaves its order.
	status, created := apiSend(t, http.MethodPost, srv.URL+"/api/order/payments", key, map[string]any{"orderId": o.ID, "sum": 1, "gatewayCode": "Manual"})
	if status != http.StatusOK {
		t.Fatalf("a new payment: %d %v", status, created)
	}
	req, _ := http.NewRequest(http.MethodDelete, srv.URL+"/api/order/payments?ids="+created["id"].(string), nil)
	req.Header.Set("api_key", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("delete payment: %d", res.StatusCode)
	}
	if after, _ := srv.Store.Order(ctx, o.ID); after.Payment(created["id"].(string)) != nil || after.Payment(p.ID) == nil {
		t.Error("delete took the wrong payments")
	}
}

// TestAPIDocumentWritesKeepToScopes: a key limited to one store can neither patch, find by
// outer id nor delete another store's payments and shipments; they stay as they were.
func TestAPIDocumentWritesKeepToScopes(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	books := scopedToBooks(t, srv)
	var o *order.CustomerOrder
	for _, d := range orders {
		if d.Order.StoreID != "books-uk" && len(d.Order.InPayments) > 0 && len(d.Order.Shipments) > 0 && !d.Order.IsReadOnly() {
			o = d.Order
			break
		}
	}
	if o == nil {
		t.Fatal("no editable order outside books-uk with a payment and a shipment")
	}
	ctx := context.Background()
	p, sh := o.InPayments[0], o.Shipments[0]
	if _, err := srv.Store.DB().ExecContext(ctx, `UPDATE order_payments SET outer_id = 'psp-outside' WHERE id = ?`, p.ID); err != nil {
		t.Fatal(err)
	}
	send := func(method, url, body string) int {
		t.Helper()
		req, _ := http.NewRequest(method, url, strings.NewReader(body))
		req.Header.Set("api_key", books)
		req.Header.Set("Content-Type", "application/json-patch+json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for name, status := range map[string]int{
		"patch a payment":  send(http.MethodPatch, srv.URL+"/api/order/payments/"+p.ID, `[{"op":"replace","path":"/comment","value":"x"}]`),
		"patch a shipment": send(http.MethodPatch, srv.URL+"/api/order/shipments/"+sh.ID, `[{"op":"replace","path":"/comment","value":"x"}]`),
		"by outer id":      send(http.MethodGet, srv.URL+"/api/order/payments/outer/psp-outside", ""),
	} {
		if status != http.StatusNotFound {
			t.Errorf("%s of another store: %d, want 404", name, status)
		}
	}
	if status := send(http.MethodDelete, srv.URL+"/api/order/payments?ids="+p.ID, ""); status != http.StatusNoContent {
		t.Errorf("delete of another store's payment: %d, want 204 with nothing done", status)
	}
	after, _ := srv.Store.Order(ctx, o.ID)
	if after.Version != o.Version || after.Payment(p.ID) == nil || after.Payment(p.ID).Comment != p.Comment || after.Shipment(sh.ID).Comment != sh.Comment {
		t.Errorf("another store's order changed: version %d → %d", o.Version, after.Version)
	}
}
