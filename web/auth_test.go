package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"orderdesk/internal/auth"
	"orderdesk/internal/config"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

func TestLoginLogout(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	c := newClient(t, srv)

	c.mustLogin("  Clerk@Example.com ") // addresses are normalized
	page := c.get("/orders")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.body, "Test clerk") || !strings.Contains(page.body, "Desk clerk") {
		t.Fatalf("orders page after login: %d, want 200 naming the user and role\n%s", page.StatusCode, page.body)
	}
	for _, cookie := range c.http.Jar.Cookies(mustURL(t, srv.URL)) {
		if cookie.Name == srv.Config.Session.CookieName && len(cookie.Value) < 40 {
			t.Errorf("session cookie %q looks unencrypted", cookie.Value)
		}
	}

	res := c.post("/logout", url.Values{"gorilla.csrf.Token": {c.token("/orders")}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Fatalf("logout: %d → %q, want 303 → /login", res.StatusCode, res.Header.Get("Location"))
	}
	if login := c.get("/login"); !strings.Contains(login.body, "You have signed out.") {
		t.Error("login page after logout does not say so")
	}
	if res := c.get("/orders"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("orders after logout: %d, want 303 to the login page", res.StatusCode)
	}
	evs, err := srv.Store.SecurityEvents(context.Background(), mustUser(t, srv, "clerk@example.com").ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range evs {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, ",") != "signout,signin,user.created" {
		t.Errorf("security events %v, want signout, signin, user.created", actions)
	}
}

func TestLoginFailures(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)

	for _, tc := range []struct {
		name, email, password string
		status                int
		message               string
	}{
		{"wrong password", "clerk@example.com", "not-the-password", http.StatusUnauthorized, "do not match an account"},
		{"unknown account", "nobody@example.com", testenv.Password, http.StatusUnauthorized, "do not match an account"},
		{"empty fields", "", "", http.StatusUnprocessableEntity, "Enter your e-mail address and password."},
		{"not an address", "clerk", testenv.Password, http.StatusUnauthorized, "do not match an account"},
	} {
		c := newClient(t, srv)
		res := c.login(tc.email, tc.password)
		if res.StatusCode != tc.status || !strings.Contains(res.body, tc.message) {
			t.Errorf("%s: %d, want %d with %q", tc.name, res.StatusCode, tc.status, tc.message)
		}
		if tc.email != "" && !res.has(`[value="`+tc.email+`"]`) {
			t.Errorf("%s: the form lost the e-mail address typed", tc.name)
		}
		if res := c.get("/orders"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: signed in anyway (%d)", tc.name, res.StatusCode)
		}
	}
}

func TestLoginReturnsToTheRequestedPage(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	c := newClient(t, srv)

	res := c.get("/dashboard?range=week")
	if loc := res.Header.Get("Location"); loc != "/login?next=%2Fdashboard%3Frange%3Dweek" {
		t.Fatalf("anonymous /dashboard redirects to %q", loc)
	}
	form := url.Values{"gorilla.csrf.Token": {c.token("/login")}, "email": {"manager@example.com"},
		"password": {testenv.Password}, "next": {"/dashboard?range=week"}}
	if res := c.post("/login", form); res.Header.Get("Location") != "/dashboard?range=week" {
		t.Errorf("after login: → %q, want the requested page", res.Header.Get("Location"))
	}

	// An off-site next is ignored.
	c2 := newClient(t, srv)
	form.Set("gorilla.csrf.Token", c2.token("/login"))
	form.Set("next", "//evil.example/steal")
	if res := c2.post("/login", form); res.Header.Get("Location") != "/orders" {
		t.Errorf("next=//evil.example: → %q, want /orders", res.Header.Get("Location"))
	}
}

func TestCSRFRejection(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")

	for _, tc := range []struct {
		name   string
		token  string
		origin string
	}{
		{"no token", "", srv.URL},
		{"forged token", "AAAA" + strings.Repeat("x", 84), srv.URL},
		{"other site", c.token("/orders"), "http://evil.example"},
	} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/logout", strings.NewReader(url.Values{"gorilla.csrf.Token": {tc.token}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", tc.origin)
		res := c.do(req)
		if res.StatusCode != http.StatusForbidden || !strings.Contains(res.body, "This form has expired") {
			t.Errorf("%s: %d, want 403 with an explanation", tc.name, res.StatusCode)
		}
		if strings.Contains(res.body, "csrf") || strings.Contains(res.body, "referer") {
			t.Errorf("%s: the page shows internals: %s", tc.name, res.body)
		}
	}
	if res := c.get("/orders"); res.StatusCode != http.StatusOK {
		t.Errorf("a rejected logout signed the user out (%d)", res.StatusCode)
	}

	// The htmx way: the token in the X-CSRF-Token header.
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/logout", nil)
	req.Header.Set("X-CSRF-Token", c.token("/orders"))
	req.Header.Set("Origin", srv.URL)
	if res := c.do(req); res.StatusCode != http.StatusSeeOther {
		t.Errorf("logout with the header token: %d, want 303", res.StatusCode)
	}
}

func TestSessionIdleAndAbsoluteExpiry(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, func(c *config.Config) {
		c.Session.IdleTimeout = 2 * time.Hour
		c.Session.MaxLifetime = 12 * time.Hour
	})
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)

	idle := newClient(t, srv)
	idle.mustLogin("clerk@example.com")
	srv.Clock.Advance(2*time.Hour - time.Minute)
	if res := idle.get("/orders"); res.StatusCode != http.StatusOK {
		t.Fatalf("just inside the idle timeout: %d, want 200", res.StatusCode)
	}
	srv.Clock.Advance(2*time.Hour - time.Minute) // active a moment ago, so still fine
	if res := idle.get("/orders"); res.StatusCode != http.StatusOK {
		t.Fatalf("activity did not extend the session: %d", res.StatusCode)
	}
	srv.Clock.Advance(2*time.Hour + time.Minute)
	res := idle.get("/orders")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "expired=1") {
		t.Fatalf("after 2h idle: %d → %q, want 303 to login with expired=1", res.StatusCode, res.Header.Get("Location"))
	}
	if page := idle.get(res.Header.Get("Location")); !strings.Contains(page.body, "Your session has ended") {
		t.Error("login page does not explain the session ended")
	}

	busy := newClient(t, srv)
	busy.mustLogin("clerk@example.com")
	for i := 0; i < 11; i++ {
		srv.Clock.Advance(time.Hour)
		if res := busy.get("/orders"); res.StatusCode != http.StatusOK {
			t.Fatalf("hour %d of constant use: %d, want 200", i+1, res.StatusCode)
		}
	}
	srv.Clock.Advance(time.Hour)
	if res := busy.get("/orders"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after 12 h the session still works (%d); the absolute lifetime is not enforced", res.StatusCode)
	}
}

func TestSessionRevocation(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	u := srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	laptop, tablet := newClient(t, srv), newClient(t, srv)
	laptop.mustLogin("clerk@example.com")
	tablet.mustLogin("clerk@example.com")

	if err := srv.Store.RevokeSessions(context.Background(), store.Actor{Label: "admin", Source: store.SourceDesk}, u.ID); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]*client{"laptop": laptop, "tablet": tablet} {
		if res := c.get("/orders"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s still signed in after revocation (%d)", name, res.StatusCode)
		}
	}
	laptop.mustLogin("clerk@example.com") // a new sign-in carries the new epoch
	if res := laptop.get("/orders"); res.StatusCode != http.StatusOK {
		t.Errorf("sign-in after revocation: %d, want 200", res.StatusCode)
	}

	// Disabling an account ends its sessions and refuses new ones.
	if _, err := srv.Store.DB().Exec(`UPDATE users SET disabled_at = NOW(6) WHERE id = ?`, u.ID); err != nil {
		t.Fatal(err)
	}
	if res := laptop.get("/orders"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("disabled user still signed in (%d)", res.StatusCode)
	}
	if res := newClient(t, srv).login("clerk@example.com", testenv.Password); res.StatusCode != http.StatusForbidden || !strings.Contains(res.body, "disabled") {
		t.Errorf("disabled user login: %d, want 403 saying the account is disabled", res.StatusCode)
	}
}

func TestLoginThrottling(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, func(c *config.Config) {
		c.Login.MaxFailuresPerAccount = 3
		c.Login.MaxFailuresPerIP = 5
		c.Login.Window = 10 * time.Minute
		c.Login.Lockout = 15 * time.Minute
	})
	for _, e := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		srv.CreateUser(t, e, auth.RoleClerk)
	}
	c := newClient(t, srv)

	for i := 0; i < 3; i++ {
		if res := c.login("a@example.com", "wrong-password"); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d, want 401", i+1, res.StatusCode)
		}
	}
	res := c.login("a@example.com", testenv.Password)
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.body, "Too many failed sign-in attempts for this account. Try again in 15 minutes.") {
		t.Fatalf("right password on a throttled account: %d, want 429 with a clear message\n%s", res.StatusCode, res.body)
	}
	if res.Header.Get("Retry-After") != "900" {
		t.Errorf("Retry-After = %q, want 900", res.Header.Get("Retry-After"))
	}
	// Another account from the same address is still fine (2 more failures allowed per address).
	c.mustLogin("b@example.com")

	srv.Clock.Advance(15*time.Minute + time.Second)
	newClient(t, srv).mustLogin("a@example.com")

	// Per address: failures spread over accounts add up.
	for _, e := range []string{"b@example.com", "c@example.com", "b@example.com", "c@example.com", "a@example.com"} {
		newClient(t, srv).login(e, "wrong-password")
	}
	res = newClient(t, srv).login("c@example.com", testenv.Password)
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.body, "this network address") {
		t.Errorf("after 5 failures from one address: %d, want 429 naming the address\n%s", res.StatusCode, res.body)
	}

	// Failures older than the window are forgotten.
	srv.Clock.Advance(16 * time.Minute)
	for i := 0; i < 2; i++ {
		newClient(t, srv).login("c@example.com", "wrong-password")
		srv.Clock.Advance(11 * time.Minute)
	}
	newClient(t, srv).mustLogin("c@example.com")
}

func mustURL(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func mustUser(t *testing.T, srv *testenv.Server, email string) auth.User {
	u, err := srv.Store.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
