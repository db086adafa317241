package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"orderdesk/internal/testenv"
)

// client is a browser stand-in: it keeps cookies and does not follow redirects, so tests see
// every 303.
type client struct {
	t    *testing.T
	srv  *testenv.Server
	http *http.Client
}

func newClient(t *testing.T, srv *testenv.Server) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, srv: srv, http: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

type response struct {
	*http.Response
	body string
}

func (c *client) do(req *http.Request) response {
	c.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return response{res, string(b)}
}

func (c *client) get(path string) response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.srv.URL+path, nil)
	return c.do(req)
}

// post sends a form the way a browser does: same Origin, the given fields.
func (c *client) post(path string, form url.Values) response {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.srv.URL)
	return c.do(req)
}

var tokenField = regexp.MustCompile(`name="gorilla.csrf.Token" value="([^"]+)"`)

// token loads a page with a form and returns its CSRF token.
func (c *client) token(path string) string {
	c.t.Helper()
	res := c.get(path)
	m := tokenField.FindStringSubmatch(res.body)
	if m == nil {
		c.t.Fatalf("GET %s (%d) has no CSRF token field", path, res.StatusCode)
	}
	return m[1]
}

func (c *client) login(email, password string) response {
	c.t.Helper()
	return c.post("/login", url.Values{
		"gorilla.csrf.Token": {c.token("/login")}, "email": {email}, "password": {password},
	})
}

// mustLogin signs in and checks it worked.
func (c *client) mustLogin(email string) {
	c.t.Helper()
	res := c.login(email, testenv.Password)
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || (loc != "/orders" && loc != "/field") {
		c.t.Fatalf("login %s: %d → %q, want 303 → /orders (or /field for field staff)\n%s", email, res.StatusCode, loc, res.body)
	}
}
