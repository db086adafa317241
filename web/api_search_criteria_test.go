package web_test

import (
	"context"
	"net/http"
	"sort"
	"testing"

	"orderdesk/internal/order"
)

// TestAPISearchHonoursEveryVirtoCriterion: each of Virto's order search criteria narrows the
// search as Virto's database search does (a search by number used to return every order).
func TestAPISearchHonoursEveryVirtoCriterion(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	key := managerKey(t, srv)
	url := srv.URL + "/api/order/customerOrders/search"
	search := func(criteria map[string]any) []map[string]any {
		t.Helper()
		criteria["take"] = 50
		status, body := apiSend(t, http.MethodPost, url, key, criteria)
		if status != http.StatusOK {
			t.Fatalf("%v: %d %v", criteria, status, body)
		}
		var out []map[string]any
		for _, r := range body["results"].([]any) {
			out = append(out, r.(map[string]any))
		}
		if int(body["totalCount"].(float64)) != len(out) {
			t.Errorf("%v: totalCount %v for %d results", criteria, body["totalCount"], len(out))
		}
		return out
	}
	ids := func(rs []map[string]any) map[string]bool {
		m := map[string]bool{}
		for _, r := range rs {
			m[r["id"].(string)] = true
		}
		return m
	}
	a, b := orders[2].Order, orders[7].Order

	if got := ids(search(map[string]any{"number": a.Number})); len(got) != 1 || !got[a.ID] {
		t.Errorf("number %s found %v", a.Number, got)
	}
	if got := ids(search(map[string]any{"numbers": []string{a.Number, b.Number}, "keyword": "no such words at all"})); len(got) != 2 || !got[a.ID] || !got[b.ID] {
		t.Errorf("numbers (keyword left out) found %v", got)
	}
	if got := ids(search(map[string]any{"ids": []string{b.ID}})); len(got) != 1 || !got[b.ID] {
		t.Errorf("ids found %v", got)
	}
	if got := ids(search(map[string]any{"status": a.Status, "ids": []string{a.ID, b.ID}})); !got[a.ID] || (b.Status != a.Status && got[b.ID]) {
		t.Errorf("status %s found %v", a.Status, got)
	}
	if got := ids(search(map[string]any{"customerId": a.CustomerID})); !got[a.ID] {
		t.Errorf("customerId found %v", got)
	} else {
		for _, r := range search(map[string]any{"customerId": a.CustomerID}) {
			if r["customerId"] != a.CustomerID {
				t.Errorf("customerId let %v through", r["customerId"])
			}
		}
	}
	var withEmployee, withProduct *order.CustomerOrder
	for _, d := range orders {
		if d.Order.EmployeeID != "" && withEmployee == nil {
			withEmployee = d.Order
		}
		if len(d.Order.Items) > 0 && d.Order.Items[0].ProductID != "" && withProduct == nil {
			withProduct = d.Order
		}
	}
	if withEmployee != nil {
		found := search(map[string]any{"employeeId": withEmployee.EmployeeID})
		if !ids(found)[withEmployee.ID] {
			t.Errorf("employeeId %s did not find %s", withEmployee.EmployeeID, withEmployee.Number)
		}
		for _, r := range found {
			if r["employeeId"] != withEmployee.EmployeeID {
				t.Errorf("employeeId let %v through", r["employeeId"])
			}
		}
	}
	if withProduct == nil {
		t.Fatal("the demo orders have no product ids")
	}
	product := withProduct.Items[0].ProductID
	found := search(map[string]any{"productId": product})
	if !ids(found)[withProduct.ID] {
		t.Errorf("productId %s did not find %s", product, withProduct.Number)
	}
	for _, r := range found {
		has := false
		for _, it := range r["items"].([]any) {
			has = has || it.(map[string]any)["productId"] == product
		}
		if !has {
			t.Errorf("productId let %v through, which has no such line", r["number"])
		}
	}

	// Prototypes are left out unless asked for; an organization and a parent operation narrow.
	if _, err := srv.Store.DB().ExecContext(context.Background(), `UPDATE orders SET is_prototype = TRUE, organization_id = 'org-1', parent_operation_id = 'op-1' WHERE id = ?`, b.ID); err != nil {
		t.Fatal(err)
	}
	if got := ids(search(map[string]any{"ids": []string{b.ID}})); len(got) != 0 {
		t.Errorf("a prototype was found without withPrototypes: %v", got)
	}
	if got := ids(search(map[string]any{"organizationId": "org-1", "withPrototypes": true})); len(got) != 1 || !got[b.ID] {
		t.Errorf("organizationId found %v", got)
	}
	if got := ids(search(map[string]any{"parentOperationId": "op-1", "withPrototypes": true})); len(got) != 1 || !got[b.ID] {
		t.Errorf("parentOperationId found %v", got)
	}
	if got := ids(search(map[string]any{"hasParentOperation": true, "withPrototypes": true})); len(got) != 1 || !got[b.ID] {
		t.Errorf("hasParentOperation found %v", got)
	}
	if got := ids(search(map[string]any{"onlyRecurring": true})); len(got) != 0 {
		t.Errorf("onlyRecurring found orders of no subscription: %v", got)
	}

	// Every sort key counts: by status, then number descending.
	sorted := search(map[string]any{"sort": "status;number:desc"})
	if !sort.SliceIsSorted(sorted, func(i, j int) bool {
		si, sj := sorted[i]["status"].(string), sorted[j]["status"].(string)
		if si != sj {
			return si < sj
		}
		return sorted[i]["number"].(string) > sorted[j]["number"].(string)
	}) {
		t.Error("not sorted by status, then number descending")
	}
}
