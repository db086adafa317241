package web_test

import (
	"net/http"
	"testing"
)

// TestAPIResponseGroups: Virto's respGroup on a read and responseGroup on a search give the
// parts they name; without WithPrices no money is read; absent, the order comes whole.
func TestAPIResponseGroups(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	key := managerKey(t, srv)
	var id, number string
	for _, d := range orders {
		if o := d.Order; len(o.Items) > 0 && len(o.Shipments) > 0 && len(o.InPayments) > 0 && len(o.Addresses) > 0 {
			id, number = o.ID, o.Number
			break
		}
	}
	if id == "" {
		t.Fatal("no demo order with items, shipments, payments and addresses")
	}
	url := srv.URL + "/api/order/customerOrders/" + id
	parts := []string{"items", "shipments", "inPayments", "addresses"}

	status, whole := apiGet(t, url, key)
	if status != http.StatusOK {
		t.Fatalf("read: %d", status)
	}
	for _, p := range parts {
		if whole[p] == nil {
			t.Errorf("without respGroup the order lacks %s", p)
		}
	}
	if whole["total"] == nil || whole["balance"] == nil {
		t.Error("without respGroup the order lacks its money")
	}

	status, items := apiGet(t, url+"?respGroup=WithItems,WithPrices", key)
	if status != http.StatusOK || items["items"] == nil || items["shipments"] != nil || items["inPayments"] != nil || items["addresses"] != nil {
		t.Errorf("WithItems,WithPrices: %d, parts %v %v %v %v", status, items["items"] != nil, items["shipments"] != nil, items["inPayments"] != nil, items["addresses"] != nil)
	}
	if items["total"] == nil {
		t.Error("WithPrices must keep the totals")
	}
	line := items["items"].([]any)[0].(map[string]any)
	if line["discounts"] != nil && len(line["discounts"].([]any)) > 0 {
		t.Error("without WithDiscounts a line has no discounts")
	}

	// Without WithPrices Virto's ReduceDetails answers zeros: the fields are there, the money
	// is not.
	status, noPrices := apiGet(t, url+"?respGroup=WithItems", key)
	noPriceLine := noPrices["items"].([]any)[0].(map[string]any)
	if status != http.StatusOK || noPrices["total"] != float64(0) || noPriceLine["price"] != float64(0) || noPriceLine["quantity"] == float64(0) {
		t.Errorf("without WithPrices: total %v, price %v, quantity %v; want zeros and the quantity", noPrices["total"], noPriceLine["price"], noPriceLine["quantity"])
	}

	status, pays := apiGet(t, srv.URL+"/api/order/customerOrders/number/"+number+"?respGroup=WithInPayments,WithPrices", key)
	if status != http.StatusOK || pays["inPayments"] == nil || pays["items"] != nil {
		t.Errorf("by number, WithInPayments: %d", status)
	}
	for _, p := range pays["inPayments"].([]any) {
		if pm := p.(map[string]any); pm["captures"] != nil || pm["refunds"] != nil || pm["billingAddress"] != nil {
			t.Errorf("WithInPayments alone kept a payment's captures, refunds or address: %v", pm)
		}
	}

	for _, tc := range []struct {
		group string
		has   []string
		lacks []string
	}{
		{"Default", nil, parts},
		{"WithShipments,WithPrices", []string{"shipments"}, []string{"items", "inPayments", "addresses"}},
		{"", parts, nil},
	} {
		status, body := apiSend(t, http.MethodPost, srv.URL+"/api/order/customerOrders/search", key, map[string]any{"ids": []string{id}, "responseGroup": tc.group})
		if status != http.StatusOK || len(body["results"].([]any)) != 1 {
			t.Fatalf("search %q: %d %v", tc.group, status, body)
		}
		got := body["results"].([]any)[0].(map[string]any)
		for _, p := range tc.has {
			if got[p] == nil {
				t.Errorf("search %q lacks %s", tc.group, p)
			}
		}
		for _, p := range tc.lacks {
			if got[p] != nil {
				t.Errorf("search %q has %s", tc.group, p)
			}
		}
		if got["rowVersion"] == nil || got["number"] != number {
			t.Errorf("search %q lacks the header: %v", tc.group, got["number"])
		}
	}
}
