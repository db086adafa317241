package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/testenv"
	"orderdesk/static"
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
