package web_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"orderdesk/internal/order"
)

// TestAPITakesVirtosShapes: an order sent as a Virto client sends it — an address type as a
// number, zip, a discount's name, a payment without a customer and with paymentStatus — is
// stored as meant and reads back in Virto's shape.
func TestAPITakesVirtosShapes(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	key := managerKey(t, srv)
	var src *order.CustomerOrder
	for _, d := range orders {
		if len(d.Order.Addresses) > 0 && len(d.Order.InPayments) > 0 && len(d.Order.Items) > 0 && !d.Order.IsReadOnly() {
			src = d.Order
			break
		}
	}
	if src == nil {
		t.Fatal("no demo order with addresses, payments and items")
	}
	fresh := src.Clone()
	fresh.ID, fresh.Number, fresh.OuterID = "", "", "virto-shapes"
	raw, _ := json.Marshal(fresh)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	addr := m["addresses"].([]any)[0].(map[string]any)
	addr["addressType"] = 2
	delete(addr, "postalCode")
	addr["zip"] = "75001"
	line := m["items"].([]any)[0].(map[string]any)
	line["discounts"] = []any{map[string]any{"promotionId": "promo-v", "name": "Virto promo", "currency": fresh.Currency, "discountAmount": 0}}
	pay := m["inPayments"].([]any)[0].(map[string]any)
	delete(pay, "customerId")
	delete(pay, "customerName")
	delete(pay, "status")
	pay["paymentStatus"] = "Pending"

	status, body := apiSend(t, http.MethodPost, srv.URL+"/api/order/customerOrders", key, m)
	if status != http.StatusOK {
		t.Fatalf("create: %d %v", status, body)
	}
	status, got := apiGet(t, srv.URL+"/api/order/customerOrders/"+body["id"].(string), key)
	if status != http.StatusOK {
		t.Fatalf("read: %d %v", status, got)
	}
	gotAddr := got["addresses"].([]any)[0].(map[string]any)
	if gotAddr["addressType"] != "Shipping" || gotAddr["postalCode"] != "75001" || gotAddr["zip"] != "75001" {
		t.Errorf("address read back as %v", gotAddr)
	}
	disc := got["items"].([]any)[0].(map[string]any)["discounts"].([]any)[0].(map[string]any)
	if disc["name"] != "Virto promo" || disc["promotionId"] != "promo-v" {
		t.Errorf("discount read back as %v", disc)
	}
	gotPay := got["inPayments"].([]any)[0].(map[string]any)
	if gotPay["customerId"] != fresh.CustomerID || gotPay["status"] != "Pending" || gotPay["paymentStatus"] != "Pending" {
		t.Errorf("payment read back with customer %v, status %v, paymentStatus %v; want %s, Pending, Pending",
			gotPay["customerId"], gotPay["status"], gotPay["paymentStatus"], fresh.CustomerID)
	}
}
