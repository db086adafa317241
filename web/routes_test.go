package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
	"orderdesk/static"
	"orderdesk/web"
)

// TestEveryRouteDeclaresAccess walks the route table and requests every route anonymously and
// as each built-in role: allowed → 2xx/3xx, denied → 403, anonymous → the login page.
func TestEveryRouteDeclaresAccess(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	for _, r := range auth.BuiltinRoles {
		srv.CreateUser(t, r.Code+"@example.com", r.Code)
	}
	known := map[auth.Permission]bool{auth.Public: true, auth.SignedIn: true}
	for _, p := range auth.AllPermissions {
		known[p] = true
	}
	// One API key per built-in role, for the API routes.
	keys := map[string]string{}
	for _, r := range auth.BuiltinRoles {
		key, _, err := srv.Store.CreateAPIKey(context.Background(), store.Actor{Label: "test", Source: store.SourceSystem}, store.NewAPIKey{Name: "key " + r.Code, RoleCode: r.Code})
		if err != nil {
			t.Fatal(err)
		}
		keys[r.Code] = key
	}
	routes := srv.Web.Routes()
	if len(routes) < 5 {
		t.Fatalf("route table has %d routes", len(routes))
	}
	for _, rt := range routes {
		if !known[rt.Access] {
			t.Errorf("route %q declares unknown access %q", rt.Pattern, rt.Access)
			continue
		}
		method, path := splitPattern(rt.Pattern)
		if rt.API {
			t.Run(rt.Pattern, func(t *testing.T) { checkAPIRoute(t, srv, rt, method, path, keys) })
			continue
		}
		t.Run(rt.Pattern, func(t *testing.T) {
			anon := newClient(t, srv)
			res := request(anon, method, path)
			switch {
			case rt.Access == auth.Public:
				if res.StatusCode == http.StatusForbidden || strings.HasPrefix(res.Header.Get("Location"), "/login") {
					t.Errorf("anonymous: %d → %q, want a public answer", res.StatusCode, res.Header.Get("Location"))
				}
			case res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login"):
				t.Errorf("anonymous: %d → %q, want 303 to /login", res.StatusCode, res.Header.Get("Location"))
			}
			for _, role := range auth.BuiltinRoles {
				c := newClient(t, srv)
				c.mustLogin(role.Code + "@example.com")
				res := request(c, method, path)
				allowed := role.Has(rt.Access)
				// Allowed means the handler ran: it may still answer 404 or 422 for what was sent.
				ok := res.StatusCode < 500 && res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusUnauthorized
				if allowed && !ok {
					t.Errorf("%s: %d, want it allowed", role.Code, res.StatusCode)
				}
				if !allowed && res.StatusCode != http.StatusForbidden {
					t.Errorf("%s: %d, want 403", role.Code, res.StatusCode)
				}
			}
		})
	}
}

// splitPattern turns a mux pattern into a request: "GET /{$}" → GET /, "/" → GET /no-such-page.
func splitPattern(pattern string) (method, path string) {
	method, path, found := strings.Cut(pattern, " ")
	if !found {
		method, path = http.MethodGet, pattern
	}
	switch {
	case path == "/":
		return method, "/no-such-page"
	case path == "/static/":
		return method, static.Path("css/app.css")
	}
	return method, strings.ReplaceAll(path, "{$}", "")
}

func request(c *client, method, path string) response {
	c.t.Helper()
	if method == http.MethodGet {
		return c.get(path)
	}
	// Any page with a form carries the token: the sign-in page, or the shell when signed in.
	tokenPage := "/login"
	if c.get(tokenPage).StatusCode == http.StatusSeeOther {
		tokenPage = "/no-such-page"
	}
	return c.post(path, url.Values{"gorilla.csrf.Token": {c.token(tokenPage)}})
}

// checkAPIRoute: without a key 401, with a key of a role lacking the permission 403, both as
// JSON with a message; with a key that has it, the handler runs.
func checkAPIRoute(t *testing.T, srv *testenv.Server, rt web.RouteInfo, method, path string, keys map[string]string) {
	call := func(key string) (*http.Response, string) {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader("{}"))
		req.Header.Set("Content-Type", "application/json")
		if key != "" {
			req.Header.Set("api_key", key)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	isJSONError := func(res *http.Response, body string) bool {
		return strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") && strings.Contains(body, `"message":`)
	}
	if res, body := call(""); res.StatusCode != http.StatusUnauthorized || !isJSONError(res, body) {
		t.Errorf("without a key: %d %s", res.StatusCode, body)
	}
	if res, body := call("od_not-a-key"); res.StatusCode != http.StatusUnauthorized || !isJSONError(res, body) {
		t.Errorf("with a wrong key: %d %s", res.StatusCode, body)
	}
	for _, role := range auth.BuiltinRoles {
		res, body := call(keys[role.Code])
		allowed := role.Has(rt.Access)
		ok := res.StatusCode < 500 && res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusUnauthorized
		if allowed && !ok {
			t.Errorf("%s key: %d, want it allowed", role.Code, res.StatusCode)
		}
		if !allowed && (res.StatusCode != http.StatusForbidden || !isJSONError(res, body)) {
			t.Errorf("%s key: %d %s, want 403 JSON", role.Code, res.StatusCode, body)
		}
	}
}

// scopedToBooks makes the actor of the scope tests: scoped@example.com, an administrator who
// works for the books-uk store only, and an administrator API key with the same scope.
func scopedToBooks(t *testing.T, srv *testenv.Server) (apiKey string) {
	t.Helper()
	ctx := context.Background()
	sys := store.Actor{Label: "test", Source: store.SourceSystem}
	u := srv.CreateUser(t, "scoped@example.com", auth.RoleAdministrator)
	if err := srv.Store.SetUserScope(ctx, sys, u.ID, []string{"books-uk"}, false); err != nil {
		t.Fatal(err)
	}
	key, _, err := srv.Store.CreateAPIKey(ctx, sys, store.NewAPIKey{Name: "scoped key", RoleCode: auth.RoleAdministrator, StoreIDs: []string{"books-uk"}})
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// TestEveryOrderRouteKeepsToScopes requests every route that names an order, with an order of
// another store, as a user and with an API key limited to one store: nothing may answer 200.
// New order routes are covered as they are added to the route table.
func TestEveryOrderRouteKeepsToScopes(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	key := scopedToBooks(t, srv)
	var outside *order.CustomerOrder
	for _, d := range orders {
		if d.Order.StoreID != "books-uk" {
			outside = d.Order
		}
	}
	c := newClient(t, srv)
	c.mustLogin("scoped@example.com")
	checked := 0
	for _, rt := range srv.Web.Routes() {
		method, path := splitPattern(rt.Pattern)
		if method != http.MethodGet || !strings.Contains(path, "{id}") && !strings.Contains(path, "{number}") {
			continue
		}
		if !strings.HasPrefix(path, "/orders/") && !strings.HasPrefix(path, "/api/order/") {
			continue
		}
		path = strings.NewReplacer("{id}", outside.ID, "{number}", outside.Number, "{part...}", "changes").Replace(path)
		path = regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(path, "x")
		var status int
		if rt.API {
			req, _ := http.NewRequest(method, srv.URL+path, nil)
			req.Header.Set("api_key", key)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			status = res.StatusCode
		} else {
			status = c.get(path).StatusCode
		}
		if status == http.StatusOK || status >= 500 {
			t.Errorf("%s for another store's order: %d", rt.Pattern, status)
		}
		checked++
	}
	if checked < 3 {
		t.Errorf("only %d order routes checked", checked)
	}
}
