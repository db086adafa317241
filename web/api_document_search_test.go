package web_test

import (
	"net/http"
	"strings"
	"testing"

	"orderdesk/internal/order"
)

// TestAPIDocumentSearchHonoursVirtosCriteria: payment and shipment searches narrow by Virto's
// criteria, page by skip and take with a count that adds up, sort, and refuse criteria of the
// other kind of document.
func TestAPIDocumentSearchHonoursVirtosCriteria(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	key := managerKey(t, srv)
	search := func(kind string, criteria map[string]any) (int, []map[string]any, map[string]any) {
		t.Helper()
		status, body := apiSend(t, http.MethodPost, srv.URL+"/api/order/"+kind+"/search", key, criteria)
		var out []map[string]any
		if rs, ok := body["results"].([]any); ok {
			for _, r := range rs {
				out = append(out, r.(map[string]any))
			}
		}
		return status, out, body
	}
	var o *order.CustomerOrder
	for _, d := range orders {
		if len(d.Order.InPayments) > 0 && len(d.Order.Shipments) > 0 {
			o = d.Order
			break
		}
	}
	if o == nil {
		t.Fatal("no demo order has a payment and a shipment")
	}
	// By the order's number, as Virto's orderNumber.
	if status, found, _ := search("payments", map[string]any{"orderNumber": o.Number}); status != http.StatusOK || len(found) != len(o.InPayments) {
		t.Errorf("payments by orderNumber: %d, %d found, want %d", status, len(found), len(o.InPayments))
	}
	// By customer: each payment found is that customer's.
	status, found, _ := search("payments", map[string]any{"customerId": o.CustomerID, "take": 100})
	if status != http.StatusOK || len(found) == 0 {
		t.Errorf("payments by customerId: %d %d", status, len(found))
	}
	for _, p := range found {
		if p["customerId"] != o.CustomerID {
			t.Errorf("customerId let a payment of %v through", p["customerId"])
		}
	}
	// By the start of a number (Virto's keyword).
	num := o.Shipments[0].Number
	status, found, _ = search("shipments", map[string]any{"keyword": num[:len(num)-1], "take": 100})
	if status != http.StatusOK || len(found) == 0 {
		t.Errorf("shipments by keyword: %d %d", status, len(found))
	}
	for _, sh := range found {
		if !strings.HasPrefix(sh["number"].(string), num[:len(num)-1]) {
			t.Errorf("keyword %s found %v", num[:len(num)-1], sh["number"])
		}
	}
	// Paging by skip and take adds up to totalCount, in number order.
	seen, last := map[string]bool{}, ""
	total := -1
	for skip := 0; ; skip += 7 {
		status, page, body := search("shipments", map[string]any{"sort": "number", "skip": skip, "take": 7})
		if status != http.StatusOK {
			t.Fatalf("page at %d: %d %v", skip, status, body)
		}
		total = int(body["totalCount"].(float64))
		for _, sh := range page {
			n := sh["number"].(string)
			if seen[sh["id"].(string)] || n < last {
				t.Errorf("shipment %s repeated or out of order after %s", n, last)
			}
			seen[sh["id"].(string)], last = true, n
		}
		if len(page) < 7 {
			break
		}
	}
	if len(seen) != total {
		t.Errorf("paged %d shipments, totalCount %d", len(seen), total)
	}
	// The other kind's criteria, and bad paging, are refused.
	if status, _, body := search("payments", map[string]any{"fulfillmentCenterId": "main"}); status != http.StatusBadRequest || body["errors"] == nil {
		t.Errorf("payments by fulfillment center: %d %v", status, body)
	}
	if status, _, body := search("shipments", map[string]any{"take": 500, "sort": "colour"}); status != http.StatusBadRequest || body["errors"] == nil {
		t.Errorf("bad shipment criteria: %d %v", status, body)
	}
}
