package cli

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"golang.org/x/crypto/bcrypt"

	"orderdesk/db"
	"orderdesk/db/dbtest"
	"orderdesk/internal/auth"
)

func init() { auth.PasswordCost = bcrypt.MinCost }

type result struct {
	code           int
	stdout, stderr string
}

// run executes the command line with a config file in a temp dir and the given DSN.
func run(t *testing.T, ctx context.Context, dsn string, args ...string) result {
	t.Helper()
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "orderdesk.ini")
	cfg := fmt.Sprintf("[server]\nvar_dir = %s\n", filepath.Join(dir, "var"))
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return runWith(ctx, map[string]string{"ORDERDESK_DATABASE_DSN": dsn}, append(args, "-config", cfgPath)...)
}

func runWith(ctx context.Context, env map[string]string, args ...string) result {
	var out, errOut bytes.Buffer
	code := Run(ctx, args, &out, &errOut, func(k string) string { return env[k] })
	return result{code, out.String(), errOut.String()}
}

func TestHelp(t *testing.T) {
	r := runWith(context.Background(), nil, "--help")
	if r.code != 0 {
		t.Errorf("--help exit %d", r.code)
	}
	for _, cmd := range []string{"serve", "migrate", "seed", "user add", "-config FILE"} {
		if !strings.Contains(r.stdout+r.stderr, cmd) {
			t.Errorf("--help does not mention %q", cmd)
		}
	}
	r = runWith(context.Background(), nil, "user", "add", "--help")
	if r.code != 0 || !strings.Contains(r.stderr, "--email") && !strings.Contains(r.stderr, "-email") || !strings.Contains(r.stderr, "clerk") {
		t.Errorf("user add --help: exit %d\n%s", r.code, r.stderr)
	}
	if r := runWith(context.Background(), nil, "frobnicate"); r.code != 2 || !strings.Contains(r.stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: exit %d, %s", r.code, r.stderr)
	}
}

func TestConfigErrorsStopStartup(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.ini")
	os.WriteFile(bad, []byte("[server]\nlisten = 127.0.0.1:8080\nlisen = oops\n"), 0o600)
	for _, args := range [][]string{{"serve", "-config", bad}, {"-config", bad, "migrate"}} {
		r := runWith(context.Background(), nil, args...)
		if r.code != 1 || !strings.Contains(r.stderr, `unknown key "lisen" in [server]`) {
			t.Errorf("%v: exit %d, stderr %q; want 1 naming the key", args, r.code, r.stderr)
		}
	}
	r := runWith(context.Background(), nil, "serve", "-config", filepath.Join(dir, "absent.ini"))
	if r.code != 1 || !strings.Contains(r.stderr, "absent.ini") {
		t.Errorf("missing -config file: exit %d, %q", r.code, r.stderr)
	}
	r = runWith(context.Background(), map[string]string{"ORDERDESK_DATABASE_MAX_OPEN_CONNS": "0"}, "migrate", "-config", filepath.Join("..", "..", "orderdesk.example.ini"))
	if r.code != 1 || !strings.Contains(r.stderr, "[database] max_open_conns") {
		t.Errorf("bad environment value: exit %d, %q", r.code, r.stderr)
	}
}

func TestMigrateSeedAndUserAdd(t *testing.T) {
	t.Parallel()
	_, dsn := dbtest.Empty(t)
	ctx := context.Background()

	if r := run(t, ctx, dsn, "seed"); r.code != 1 || !strings.Contains(r.stderr, "run orderdesk migrate") {
		t.Errorf("seed before migrate: exit %d, %q; want advice to migrate", r.code, r.stderr)
	}
	if r := run(t, ctx, dsn, "migrate"); r.code != 0 || !strings.Contains(r.stdout, "applied") {
		t.Fatalf("migrate: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, ctx, dsn, "migrate"); r.code != 0 || !strings.Contains(r.stdout, "up to date") {
		t.Errorf("second migrate: exit %d, %q; want up to date", r.code, r.stdout)
	}

	r := run(t, ctx, dsn, "seed", "--orders", "40")
	if r.code != 0 || !strings.Contains(r.stdout, "created 5 account(s) and 40 order(s)") || !strings.Contains(r.stdout, DemoEmail+" / "+DemoPassword) {
		t.Fatalf("seed: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, ctx, dsn, "seed"); r.code != 0 || !strings.Contains(r.stdout, "already loaded") {
		t.Errorf("second seed: %q", r.stdout)
	}
	// The demo data shows every document type, several stores and currencies, and cancellations.
	conn := openDSN(t, dsn)
	for _, q := range []struct{ what, sql string }{
		{"orders", `SELECT COUNT(*) FROM orders`},
		{"stores with orders", `SELECT COUNT(DISTINCT store_id) FROM orders`},
		{"currencies", `SELECT COUNT(DISTINCT currency) FROM orders`},
		{"statuses", `SELECT COUNT(DISTINCT status) FROM orders`},
		{"cancelled orders", `SELECT COUNT(*) FROM orders WHERE is_cancelled`},
		{"line items", `SELECT COUNT(*) FROM order_line_items`},
		{"shipments", `SELECT COUNT(*) FROM order_shipments`},
		{"orders with split shipments", `SELECT COUNT(*) FROM (SELECT order_id FROM order_shipments GROUP BY order_id HAVING COUNT(*) > 1) s`},
		{"packages", `SELECT COUNT(*) FROM order_shipment_packages`},
		{"payments", `SELECT COUNT(*) FROM order_payments`},
		{"gateway transactions", `SELECT COUNT(*) FROM order_payment_transactions`},
		{"captures", `SELECT COUNT(*) FROM order_captures`},
		{"refunds", `SELECT COUNT(*) FROM order_refunds`},
		{"returns", `SELECT COUNT(*) FROM order_returns`},
		{"addresses", `SELECT COUNT(*) FROM order_addresses`},
	} {
		var n int
		if err := conn.Get(&n, q.sql); err != nil {
			t.Fatalf("%s: %v", q.what, err)
		}
		if n == 0 || q.what == "stores with orders" && n < 4 || q.what == "currencies" && n < 4 || q.what == "statuses" && n < 5 {
			t.Errorf("demo data has %d %s", n, q.what)
		}
	}

	r = run(t, ctx, dsn, "user", "add", "--email", "Pat@Example.com", "--password", "a-long-password", "--role", "clerk", "--name", "Pat")
	if r.code != 0 || !strings.Contains(r.stdout, "created user pat@example.com") || !strings.Contains(r.stdout, "Desk clerk") {
		t.Fatalf("user add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--email", "pat@example.com", "--password", "a-long-password", "--role", "clerk"}, "--email: pat@example.com already has an account"},
		{[]string{"--email", "x@example.com", "--password", "short", "--role", "clerk"}, "--password: password must be at least 8"},
		{[]string{"--email", "x@example.com", "--password", "a-long-password", "--role", "god"}, `--role: unknown role "god"`},
		{[]string{"--email", "nope", "--password", "a-long-password", "--role", "clerk"}, "--email:"},
		{[]string{"--email", "x@example.com", "--pasword", "a-long-password"}, "flag provided but not defined"},
	} {
		r := run(t, ctx, dsn, append([]string{"user", "add"}, tc.args...)...)
		if r.code == 0 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("user add %v: exit %d, stderr %q; want %q", tc.args, r.code, r.stderr, tc.want)
		}
	}

	// An API key is printed once and stored only as a hash.
	r = run(t, ctx, dsn, "apikey", "create", "--name", "ERP sync", "--role", "manager", "--stores", "books-uk")
	key := regexp.MustCompile(`od_[a-z2-7]{32}`).FindString(r.stdout)
	if r.code != 0 || key == "" {
		t.Fatalf("apikey create: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var stored int
	if err := conn.Get(&stored, `SELECT COUNT(*) FROM api_keys WHERE name = 'ERP sync' AND scope_store_ids = 'books-uk' AND key_hash <> ?`, key); err != nil || stored != 1 {
		t.Errorf("stored keys: %d, %v", stored, err)
	}
	if r := run(t, ctx, dsn, "apikey", "create", "--name", "ERP sync", "--role", "manager"); r.code == 0 || !strings.Contains(r.stderr, "--name: Another key has this name") {
		t.Errorf("a second key of the same name: exit %d, %q", r.code, r.stderr)
	}
	if r := run(t, ctx, dsn, "apikey", "create", "--name", "X", "--role", "god"); r.code == 0 || !strings.Contains(r.stderr, `--role: unknown role "god"`) {
		t.Errorf("a key with an unknown role: exit %d, %q", r.code, r.stderr)
	}
}

func openDSN(t *testing.T, dsn string) *sqlx.DB {
	conn, err := db.Open(context.Background(), dsn, db.Pool{MaxOpen: 2, MaxIdle: 1, MaxLifetime: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

func TestServeStopsGracefully(t *testing.T) {
	t.Parallel()
	_, dsn := dbtest.NewWithDSN(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan result, 1)
	go func() {
		dir := t.TempDir()
		done <- runWith(ctx, map[string]string{
			"ORDERDESK_DATABASE_DSN": dsn, "ORDERDESK_SERVER_LISTEN": addr,
			"ORDERDESK_SERVER_BASE_URL": "http://" + addr, "ORDERDESK_SERVER_VAR_DIR": dir,
		}, "serve")
	}()
	var res *http.Response
	for i := 0; i < 100; i++ {
		if res, err = http.Get("http://" + addr + "/healthz"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		cancel()
		t.Fatalf("server never answered: %v (%+v)", err, <-done)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("healthz: %d", res.StatusCode)
	}
	cancel()
	select {
	case r := <-done:
		if r.code != 0 || !strings.Contains(r.stdout, "serving at http://"+addr) || !strings.Contains(r.stdout, "orderdesk stopped") {
			t.Errorf("serve: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		if !strings.Contains(r.stderr, "path=/healthz") || !strings.Contains(r.stderr, "request_id=") {
			t.Errorf("no structured request log line for /healthz in:\n%s", r.stderr)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after the signal")
	}
}
