package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestAPIAddItems: the Order management module's PUT add-items puts products on the order at
// the price its customer gets (the tier for the quantity, the tax table's rate), as the order
// page's Add products does, in one audited save; Virto's bare list of ids adds one unit each.
// Unknown or unpriced products and bad quantities are 422 at their index with nothing saved, a
// bad body 400, an unknown or out-of-scope order 404, a key without order:update 403.
func TestAPIAddItems(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	key := managerKey(t, srv)
	o := newBookShopOrder(t, orders)
	importCatalog(t, srv, "products", "sku,name,tax_type\nMUG-1,Blue Mug,goods\nLAMP-1,Desk Lamp,goods\nPEN-1,Red Pen,goods\n")
	importCatalog(t, srv, "prices", "price_list_id,currency,store_id,sku,min_quantity,list_price\nuk,GBP,books-uk,MUG-1,1,8.00\nuk,GBP,books-uk,MUG-1,5,6.50\nuk,GBP,books-uk,PEN-1,1,1.20\n")
	importCatalog(t, srv, "tax_rates", "country,region,tax_type,rate\nGB,,,0.20\nGB,,books,0\n")
	url := srv.URL + "/api/order-management/add-items/" + o.ID
	lines := len(o.Items)

	status, body := apiSend(t, http.MethodPut, url, key, []any{map[string]any{"productId": "MUG-1", "quantity": 6}, "PEN-1"})
	if status != http.StatusOK {
		t.Fatalf("add items: %d %v", status, body)
	}
	after, err := srv.Store.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Items) != lines+2 || int(body["version"].(float64)) != after.Version || len(body["items"].([]any)) != lines+2 {
		t.Fatalf("%d lines (answer %v, version %v), want %d", len(after.Items), len(body["items"].([]any)), body["version"], lines+2)
	}
	mug, pen := after.Items[lines], after.Items[lines+1]
	if mug.Sku != "MUG-1" || mug.Quantity != 6 || mug.Price.StringFixed(2) != "6.50" || mug.TaxPercentRate.StringFixed(2) != "0.20" {
		t.Errorf("mug line %s ×%d at %s, rate %s; want the tier price 6.50 and the table's 0.20", mug.Sku, mug.Quantity, mug.Price, mug.TaxPercentRate)
	}
	if pen.Sku != "PEN-1" || pen.Quantity != 1 || pen.Price.StringFixed(2) != "1.20" {
		t.Errorf("pen line (a bare id): %s ×%d at %s", pen.Sku, pen.Quantity, pen.Price)
	}
	if !after.Total.GreaterThan(o.Total) {
		t.Errorf("total %s, not more than before (%s)", after.Total, o.Total)
	}
	history, err := srv.Store.OrderHistory(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	audited := false
	for _, cs := range history {
		audited = audited || (cs.Version == after.Version && cs.Source == store.SourceAPI && cs.ActorLabel == "ERP")
	}
	if !audited {
		t.Errorf("no change set of version %d by the key: %+v", after.Version, history)
	}

	// Refusals: nothing saved, each product named at its index.
	for name, c := range map[string]struct {
		body   any
		status int
		field  string
	}{
		"unknown product":  {[]any{"PEN-1", "NOPE"}, http.StatusUnprocessableEntity, "[1].productId"},
		"no price":         {[]any{"LAMP-1"}, http.StatusUnprocessableEntity, "[0].productId"},
		"zero quantity":    {[]any{map[string]any{"productId": "PEN-1", "quantity": 0}}, http.StatusUnprocessableEntity, "[0].quantity"},
		"no product id":    {[]any{map[string]any{"quantity": 2}}, http.StatusUnprocessableEntity, "[0].productId"},
		"empty list":       {[]any{}, http.StatusBadRequest, ""},
		"not a list":       {map[string]any{"productIds": []string{"PEN-1"}}, http.StatusBadRequest, ""},
		"quantity as text": {[]any{map[string]any{"productId": "PEN-1", "quantity": "two"}}, http.StatusBadRequest, ""},
	} {
		status, body := apiSend(t, http.MethodPut, url, key, c.body)
		errs, _ := body["errors"].(map[string]any)
		if status != c.status || body["message"] == nil || (c.field != "" && errs[c.field] == nil) {
			t.Errorf("%s: %d %v, want %d naming %q", name, status, body, c.status, c.field)
		}
	}
	if again, _ := srv.Store.Order(ctx, o.ID); again.Version != after.Version || len(again.Items) != len(after.Items) {
		t.Errorf("a refused request saved something: version %d, %d lines", again.Version, len(again.Items))
	}

	// Unknown and out-of-scope orders are 404; a key without order:update is 403.
	if status, _ := apiSend(t, http.MethodPut, srv.URL+"/api/order-management/add-items/nope", key, []any{"PEN-1"}); status != http.StatusNotFound {
		t.Errorf("unknown order: %d", status)
	}
	var other *order.CustomerOrder
	for _, d := range orders {
		if d.Order.StoreID != "books-uk" {
			other = d.Order
		}
	}
	books, _, err := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "Books", RoleCode: auth.RoleManager, StoreIDs: []string{"books-uk"}})
	if err != nil {
		t.Fatal(err)
	}
	if status, _ := apiSend(t, http.MethodPut, srv.URL+"/api/order-management/add-items/"+other.ID, books, []any{"PEN-1"}); status != http.StatusNotFound {
		t.Errorf("another store's order: %d", status)
	}
	field, _, err := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "Warehouse", RoleCode: auth.RoleField})
	if err != nil {
		t.Fatal(err)
	}
	// The route itself asks for order:update (the store's policy would refuse the priced line
	// too, with another message).
	if status, body := apiSend(t, http.MethodPut, url, field, []any{"PEN-1"}); status != http.StatusForbidden || !strings.Contains(body["message"].(string), "does not include order:update") {
		t.Errorf("a field key: %d %v, want 403 for order:update", status, body)
	}
	if again, _ := srv.Store.Order(ctx, o.ID); again.Version != after.Version {
		t.Errorf("a refused key saved: version %d", again.Version)
	}
}
