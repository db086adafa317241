// Package testenv starts a real orderdesk server over a fresh database for tests: the web tests
// drive it with an HTTP client, the browser tests with headless Chromium.
package testenv

import (
	"context"
	"crypto/rand"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"golang.org/x/crypto/bcrypt"

	"orderdesk/db/dbtest"
	"orderdesk/internal/auth"
	"orderdesk/internal/config"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/web"
)

// Hashing speed is not under test; packages that import testenv are tests.
func init() { auth.PasswordCost = bcrypt.MinCost }

// Clock is a settable clock shared by the server and the store.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock is a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Server is a running desk over its own database.
type Server struct {
	URL    string
	Store  *store.Store
	Clock  *Clock
	Config config.Config
	Web    *web.Server
}

// Password is the password of every user CreateUser makes.
const Password = "test-password-1"

// NewServer starts a server on a fresh, migrated database; configure adjusts the defaults.
func NewServer(t testing.TB, configure func(*config.Config)) *Server {
	t.Helper()
	return NewServerOn(t, dbtest.New(t), configure)
}

// NewServerOn is NewServer over a pool the test opened itself, e.g. through a proxy it can cut.
func NewServerOn(t testing.TB, conn *sqlx.DB, configure func(*config.Config)) *Server {
	t.Helper()
	clock := &Clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	cfg := config.Defaults()
	if configure != nil {
		configure(&cfg)
	}
	keys := config.Keys{SessionAuth: randomKey(64), SessionEncrypt: randomKey(32), CSRF: randomKey(32)}
	st := store.New(conn, clock.Now)
	// As `orderdesk serve` does, so that a test's configuration reaches the store's rules too.
	st.SetRules(store.Rules{Statuses: cfg.Statuses, MaxDocuments: cfg.Orders.MaxDocumentCount, Reasons: cfg.Reasons})
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(testWriter{t}, nil))
	}
	w := web.New(web.Options{Config: cfg, Keys: keys, Store: st, Log: log, Now: clock.Now})
	srv := httptest.NewServer(w)
	t.Cleanup(srv.Close)
	return &Server{URL: srv.URL, Store: st, Clock: clock, Config: cfg, Web: w}
}

// CreateUser adds an account with Password and the given role.
func (s *Server) CreateUser(t testing.TB, email, role string) auth.User {
	t.Helper()
	in := store.NewUser{Email: email, Name: "Test " + role, Password: Password, RoleCode: role}
	if problems := in.Validate(); len(problems) > 0 {
		t.Fatalf("user %s: %v", email, problems)
	}
	u, err := s.Store.CreateUser(context.Background(), store.Actor{Label: "test", Source: store.SourceSystem}, in)
	if err != nil {
		t.Fatalf("create user %s: %v", email, err)
	}
	return u
}

func randomKey(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}

// ImportDemoCodes imports the demo catalog's products with their bar codes and locations
// through the products CSV import, as an administrator would, and returns them by SKU.
func (s *Server) ImportDemoCodes(t testing.TB) map[string]demo.CatalogProduct {
	t.Helper()
	var b strings.Builder
	b.WriteString("id,sku,name,barcode,location\n")
	bySKU := map[string]demo.CatalogProduct{}
	for _, p := range demo.DemoCatalog().Products {
		b.WriteString(p.ID + "," + p.SKU + ",\"" + strings.ReplaceAll(p.Name, `"`, `""`) + "\"," + p.Barcode + "," + p.Location + "\n")
		bySKU[p.SKU] = p
	}
	res, err := s.Store.ImportCatalog(context.Background(), store.Actor{Label: "admin", Source: store.SourceDesk}, "products", strings.NewReader(b.String()), nil)
	if err != nil || len(res.Errors) > 0 {
		t.Fatalf("import the demo codes: %+v %v", res, err)
	}
	return bySKU
}

// SeedDemo stores the demo stores and n demo orders made from seed (dated before the clock),
// and returns the orders as saved.
func (s *Server) SeedDemo(t testing.TB, seed uint64, n int) []demo.Order {
	t.Helper()
	ctx := context.Background()
	for _, st := range demo.Stores {
		if err := s.Store.UpsertStore(ctx, store.StoreInfo{ID: st.ID, Name: st.Name, DefaultCurrency: st.Currency}); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := s.Store.Currencies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	orders := demo.NewGenerator(seed, s.Clock.Now(), order.DefaultStatusRules()).WithCurrencies(cs).Orders(n)
	for _, d := range orders {
		if err := s.Store.CreateOrder(ctx, store.Actor{Label: "demo", Source: store.SourceSystem}, d.Order); err != nil {
			t.Fatal(err)
		}
	}
	return orders
}
