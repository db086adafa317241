package web_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/testenv"
	"orderdesk/static"
)

func TestErrorPagesShowNoInternals(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "viewer@example.com", auth.RoleViewer)

	anon := newClient(t, srv)
	res := anon.get("/no/such/page")
	if res.StatusCode != http.StatusNotFound || !strings.Contains(res.body, "Page not found") || !strings.Contains(res.body, `href="/login"`) {
		t.Errorf("anonymous 404: %d, want the styled 404 page with a sign-in link", res.StatusCode)
	}

	viewer := newClient(t, srv)
	viewer.mustLogin("viewer@example.com")
	res = viewer.get("/admin")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.body, "Not allowed") || !res.has(`[aria-label="Main"]`) {
		t.Errorf("viewer on /admin: %d, want the 403 page inside the app shell", res.StatusCode)
	}
	if strings.Contains(res.body, `href="/admin"`) {
		t.Error("the navigation offers Admin to a viewer")
	}

	// Break the database under a signed-in request: the page says sorry, the log gets the error.
	if _, err := srv.Store.DB().Exec(`ALTER TABLE users RENAME TO users_gone`); err != nil {
		t.Fatal(err)
	}
	res = viewer.get("/orders")
	if res.StatusCode != http.StatusInternalServerError || !strings.Contains(res.body, "Something went wrong") {
		t.Fatalf("with the users table gone: %d, want the 500 page", res.StatusCode)
	}
	id := res.Header.Get("X-Request-Id")
	if id == "" || !strings.Contains(res.body, id) {
		t.Errorf("500 page does not quote the request id %q", id)
	}
	for _, leak := range []string{"users", "Error 1146", "goroutine", ".go:"} {
		if strings.Contains(res.body, leak) {
			t.Errorf("500 page leaks %q", leak)
		}
	}
}

func TestHealthAndSecurityHeaders(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	c := newClient(t, srv)
	res := c.get("/healthz")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, `"database":"ok"`) {
		t.Errorf("healthz: %d %s", res.StatusCode, res.body)
	}
	login := c.get("/login")
	for header, want := range map[string]string{
		"X-Frame-Options":         "DENY",
		"X-Content-Type-Options":  "nosniff",
		"Content-Security-Policy": "script-src 'self'",
		"Cache-Control":           "no-store",
	} {
		if got := login.Header.Get(header); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}
	var session *http.Cookie
	for _, ck := range login.Cookies() {
		if ck.Name == "orderdesk_csrf" {
			session = ck
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
		t.Errorf("CSRF cookie %+v, want HttpOnly and SameSite=Lax", session)
	}

	srv.Store.DB().Close()
	if res := c.get("/healthz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("healthz with the database closed: %d, want 503", res.StatusCode)
	}
}

func TestOversizedBodyIsRefused(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	c := newClient(t, srv)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/login", strings.NewReader(strings.Repeat("a", int(srv.Config.Server.MaxBodyBytes)+1)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res := c.do(req); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d, want 413", res.StatusCode)
	}
}

var assetRef = regexp.MustCompile(`(?:href|src)="(/static/[^"]+)"`)

func TestStaticAssetsAreFingerprintedCachedAndCompressed(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	page := newClient(t, srv).get("/login")
	refs := assetRef.FindAllStringSubmatch(page.body, -1)
	if len(refs) < 3 {
		t.Fatalf("login page references %d assets", len(refs))
	}
	jsGzip := 0
	for _, m := range refs {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+m[1], nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d, Cache-Control %q", m[1], res.StatusCode, res.Header.Get("Cache-Control"))
		}
		if strings.HasSuffix(m[1], ".js") || strings.HasSuffix(m[1], ".css") {
			if res.Header.Get("Content-Encoding") != "gzip" {
				t.Errorf("%s not gzip-compressed", m[1])
				continue
			}
			zr, err := gzip.NewReader(strings.NewReader(string(body)))
			if err != nil {
				t.Fatalf("%s: %v", m[1], err)
			}
			if _, err := io.ReadAll(zr); err != nil {
				t.Errorf("%s: bad gzip: %v", m[1], err)
			}
		}
		if strings.HasSuffix(m[1], ".js") {
			jsGzip += len(body)
		}
	}
	if jsGzip == 0 || jsGzip > 30*1024 {
		t.Errorf("JavaScript on the page weighs %d bytes gzipped; the budget is 30 KB", jsGzip)
	}
	if got := static.GzipSize("js/htmx-2.0.11.min.js"); got > 20*1024 {
		t.Errorf("htmx gzipped is %d bytes", got)
	}
	if res := newClient(t, srv).get("/static/css/app.css"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unfingerprinted asset name: %d, want 404", res.StatusCode)
	}
}
