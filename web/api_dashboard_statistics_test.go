package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestAPIDashboardStatistics: Virto's DashboardStatisticsResult, each figure recomputed here
// from the seeded orders (the desk's definitions: revenue is the totals of orders not
// cancelled), the quarters adding up to the range, a store key counting its store only, money
// left out without read-prices, bad ranges 400 and keys without dashboard:read 403.
func TestAPIDashboardStatistics(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	key := managerKey(t, srv)
	now := srv.Clock.Now().UTC()
	start := now.AddDate(0, 0, -200)
	from := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)

	type sums struct {
		kept, units int
		gross       decimal.Decimal
		customers   map[string]bool
	}
	want := map[string]*sums{}
	customers := map[string]bool{}
	kept, units := 0, 0
	for _, d := range orders {
		o := d.Order
		if o.CreatedDate.Before(from) || o.IsCancelled {
			continue
		}
		s := want[o.Currency]
		if s == nil {
			s = &sums{gross: decimal.Zero, customers: map[string]bool{}}
			want[o.Currency] = s
		}
		s.kept++
		s.units += order.FactsOf(o).ItemCount
		s.gross = s.gross.Add(o.Total)
		s.customers[o.CustomerID] = true
		customers[o.CustomerID] = true
		kept++
		units += order.FactsOf(o).ItemCount
	}
	if len(want) < 2 || kept < 5 {
		t.Fatalf("the fixture should have several currencies and orders in range: %d currencies, %d orders", len(want), kept)
	}

	base := srv.URL + "/api/order/dashboardStatistics?start=" + url.QueryEscape(start.Format(time.RFC3339)) + "&end=" + url.QueryEscape(now.Format(time.RFC3339))
	status, body := apiGet(t, base, key)
	if status != http.StatusOK {
		t.Fatalf("statistics: %d %v", status, body)
	}
	if int(body["orderCount"].(float64)) != kept || int(body["itemsPurchased"].(float64)) != units || int(body["customersCount"].(float64)) != len(customers) {
		t.Errorf("orderCount %v itemsPurchased %v customersCount %v, want %d %d %d", body["orderCount"], body["itemsPurchased"], body["customersCount"], kept, units, len(customers))
	}
	perOrder := decimal.NewFromInt(int64(units)).Div(decimal.NewFromInt(int64(kept))).Round(4).InexactFloat64()
	if body["lineItemsPerOrder"].(float64) != perOrder {
		t.Errorf("lineItemsPerOrder %v, want %v", body["lineItemsPerOrder"], perOrder)
	}
	money := func(list string) map[string]decimal.Decimal {
		out := map[string]decimal.Decimal{}
		items, _ := body[list].([]any)
		for _, it := range items {
			m := it.(map[string]any)
			out[m["currency"].(string)] = out[m["currency"].(string)].Add(decimalOf(m["amount"].(float64)))
		}
		return out
	}
	revenue, avg, perCustomer, quarters, avgQuarters := money("revenue"), money("avgOrderValue"), money("revenuePerCustomer"), money("revenuePeriodDetails"), money("avgOrderValuePeriodDetails")
	if len(revenue) != len(want) {
		t.Errorf("revenue in %d currencies, want %d: %v", len(revenue), len(want), body["revenue"])
	}
	for code, s := range want {
		cur := order.CurrencyFor(code)
		k := decimal.NewFromInt(int64(s.kept))
		if !revenue[code].Equal(s.gross) {
			t.Errorf("%s revenue %s, want %s", code, revenue[code], s.gross)
		}
		if !avg[code].Equal(cur.Round(s.gross.Div(k))) {
			t.Errorf("%s avgOrderValue %s, want %s", code, avg[code], cur.Round(s.gross.Div(k)))
		}
		if wantPC := s.gross.Div(decimal.NewFromInt(int64(len(s.customers)))).Round(4); !perCustomer[code].Equal(wantPC) {
			t.Errorf("%s revenuePerCustomer %s, want %s", code, perCustomer[code], wantPC)
		}
		if !quarters[code].Equal(s.gross) {
			t.Errorf("%s quarters add up to %s, want the range's %s", code, quarters[code], s.gross)
		}
		if avgQuarters[code].IsZero() {
			t.Errorf("%s has no average per quarter", code)
		}
	}
	if q := body["revenuePeriodDetails"].([]any)[0].(map[string]any); q["year"] == nil || q["quarter"].(float64) < 1 || q["quarter"].(float64) > 4 {
		t.Errorf("a quarter: %v", q)
	}

	// A store's key counts that store's orders only; a key without read-prices gets no money.
	books, _, err := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "Books", RoleCode: auth.RoleManager, StoreIDs: []string{"books-uk"}})
	if err != nil {
		t.Fatal(err)
	}
	booksKept := 0
	for _, d := range orders {
		if d.Order.StoreID == "books-uk" && !d.Order.IsCancelled && !d.Order.CreatedDate.Before(from) {
			booksKept++
		}
	}
	if status, body := apiGet(t, base, books); status != http.StatusOK || int(body["orderCount"].(float64)) != booksKept || booksKept == kept {
		t.Errorf("a store's key: %d orderCount %v, want %d of %d", status, body["orderCount"], booksKept, kept)
	}
	if err := srv.Store.SaveRole(ctx, admin, auth.Role{Code: "figures", Name: "Figures", Permissions: []auth.Permission{auth.DashboardRead}}); err != nil {
		t.Fatal(err)
	}
	figures, _, err := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "Figures", RoleCode: "figures"})
	if err != nil {
		t.Fatal(err)
	}
	status, body = apiGet(t, base, figures)
	if status != http.StatusOK || int(body["orderCount"].(float64)) != kept {
		t.Fatalf("figures without prices: %d %v", status, body)
	}
	for _, m := range []string{"revenue", "avgOrderValue", "revenuePerCustomer", "revenuePeriodDetails"} {
		if _, ok := body[m]; ok {
			t.Errorf("a key without read-prices gets %s", m)
		}
	}

	// Bad ranges are 400 naming the parameter; a key without dashboard:read is 403.
	for q, field := range map[string]string{"start=yesterday": "start", "end=2026-13-01": "end", "start=2026-11-02&end=2026-11-01": "end"} {
		status, body := apiGet(t, srv.URL+"/api/order/dashboardStatistics?"+q, key)
		errs, _ := body["errors"].(map[string]any)
		if status != http.StatusBadRequest || errs[field] == nil {
			t.Errorf("%s: %d %v", q, status, body)
		}
	}
	field, _, err := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "Warehouse", RoleCode: auth.RoleField})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/order/dashboardStatistics", "/api/order/dashboardStatistics/settings"} {
		if status, _ := apiGet(t, srv.URL+path, field); status != http.StatusForbidden {
			t.Errorf("%s with a field key: %d, want 403", path, status)
		}
	}

	// Without start: Virto's range of [dashboard] statistics_range_months back from now.
	status, body = apiGet(t, srv.URL+"/api/order/dashboardStatistics", key)
	if status != http.StatusOK || body["startDate"] != now.AddDate(0, -12, 0).Format(time.RFC3339) {
		t.Errorf("default range: %d start %v", status, body["startDate"])
	}
	if status, body := apiGet(t, srv.URL+"/api/order/dashboardStatistics/settings", key); status != http.StatusOK || body["enabled"] != true || body["rangeMonths"] != 12.0 {
		t.Errorf("settings: %d %v", status, body)
	}
}
