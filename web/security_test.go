package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"orderdesk/internal/auth"
	"orderdesk/internal/store"
)

var newKeyField = regexp.MustCompile(`data-testid="new-key">(od_[a-z2-7]+)<`)

// TestAPIKeyIsNoStrongerThanItsMaker: a manager scoped to one store cannot make an
// administrator key, a key without a store scope or one for another store; the key they may
// make sees only their store, names its maker, stops at its expiry and when its maker is
// disabled, and the keys page says so.
func TestAPIKeyIsNoStrongerThanItsMaker(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	srv.CreateUser(t, "admin@example.com", auth.RoleAdministrator)
	mgr := srv.CreateUser(t, "books-manager@example.com", auth.RoleManager)
	sys := store.Actor{Label: "test", Source: store.SourceSystem}
	if err := srv.Store.SetUserScope(ctx, sys, mgr.ID, []string{"books-uk"}, false); err != nil {
		t.Fatal(err)
	}
	m := newClient(t, srv)
	m.mustLogin("books-manager@example.com")
	token := m.token("/admin/api-keys")
	for _, tc := range []struct {
		name   string
		form   url.Values
		field  string
		reason string
	}{
		{"administrator role", url.Values{"role": {auth.RoleAdministrator}, "store": {"books-uk"}}, "role", "admin:users"},
		{"no store scope", url.Values{"role": {auth.RoleViewer}}, "store", "books-uk"},
		{"another store", url.Values{"role": {auth.RoleViewer}, "store": {"books-uk", "electronics"}}, "store", "electronics"},
	} {
		f := tc.form
		f.Set("gorilla.csrf.Token", token)
		f.Set("name", "Key "+tc.name)
		res := m.post("/admin/api-keys", f)
		if res.StatusCode != http.StatusUnprocessableEntity || newKeyField.MatchString(res.body) || !strings.Contains(res.body, tc.reason) {
			t.Errorf("%s: %d, want 422 naming %q, no key\n%s", tc.name, res.StatusCode, tc.reason, res.body)
		}
	}
	keys, err := srv.Store.APIKeys(ctx)
	if err != nil || len(keys) != 0 {
		t.Fatalf("refused keys were stored: %v %v", keys, err)
	}

	res := m.post("/admin/api-keys", url.Values{"gorilla.csrf.Token": {token}, "name": {"Books viewer"},
		"role": {auth.RoleViewer}, "store": {"books-uk"}, "expires": {"2026-11-30"}})
	key := newKeyField.FindStringSubmatch(res.body)
	if res.StatusCode != http.StatusCreated || key == nil {
		t.Fatalf("a key within the maker's rights: %d\n%s", res.StatusCode, res.body)
	}
	var inBooks, outside string
	for _, d := range orders {
		if d.Order.StoreID == "books-uk" && inBooks == "" {
			inBooks = d.Order.ID
		} else if d.Order.StoreID != "books-uk" && outside == "" {
			outside = d.Order.ID
		}
	}
	if status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/"+inBooks, key[1]); status != http.StatusOK {
		t.Errorf("the key reads its store's order: %d", status)
	}
	if status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/"+outside, key[1]); status != http.StatusNotFound {
		t.Errorf("the key reads another store's order: %d", status)
	}
	keys, _ = srv.Store.APIKeys(ctx)
	if len(keys) != 1 || keys[0].CreatedByUserID != mgr.ID || keys[0].ExpiresAt == nil || keys[0].LastUsedAt == nil {
		t.Fatalf("the key's record: %+v", keys)
	}

	// The maker disabled: the key stops, and the keys page says why.
	a := newClient(t, srv)
	a.mustLogin("admin@example.com")
	if err := srv.Store.SetUserDisabled(ctx, sys, mgr.ID, true); err != nil {
		t.Fatal(err)
	}
	if status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/"+inBooks, key[1]); status != http.StatusUnauthorized {
		t.Errorf("a disabled maker's key: %d", status)
	}
	if page := a.get("/admin/api-keys").body; !strings.Contains(page, "books-manager@example.com") || !strings.Contains(page, "Maker disabled") {
		t.Errorf("the keys page does not show the maker and that they are disabled:\n%s", page)
	}
	if err := srv.Store.SetUserDisabled(ctx, sys, mgr.ID, false); err != nil {
		t.Fatal(err)
	}
	if status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/"+inBooks, key[1]); status != http.StatusOK {
		t.Errorf("the maker enabled again: %d", status)
	}
	// Past its expiry (the end of the day chosen) the key stops.
	srv.Clock.Advance(8 * 24 * time.Hour)
	if status, _ := apiGet(t, srv.URL+"/api/order/customerOrders/"+inBooks, key[1]); status != http.StatusUnauthorized {
		t.Errorf("an expired key: %d", status)
	}
	a.mustLogin("admin@example.com") // the clock moved past the session's lifetime
	if page := a.get("/admin/api-keys").body; !strings.Contains(page, "Expired") {
		t.Errorf("the keys page does not say the key expired")
	}
}
