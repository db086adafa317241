package web_test

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"

	"orderdesk/db"
	"orderdesk/db/dbtest"
	"orderdesk/internal/auth"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// dbProxy forwards TCP connections to the test database, so a test can take the database away
// (close every connection and refuse new ones) and bring it back on the same address, without
// touching the database server itself.
type dbProxy struct {
	t      *testing.T
	target string
	addr   string

	mu    sync.Mutex
	ln    net.Listener
	conns []net.Conn

	// cutAtCommit, when set, forwards the COMMIT of the next transaction that writes a change
	// set and then drops that connection before the answer comes back: the client cannot know
	// whether it was applied.
	cutAtCommit atomic.Bool
}

func startProxy(t *testing.T, target string) *dbProxy {
	p := &dbProxy{t: t, target: target, addr: "127.0.0.1:0"}
	p.up()
	t.Cleanup(p.down)
	return p
}

func (p *dbProxy) up() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("proxy: %v", err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", p.target)
			if err != nil {
				client.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, client, server)
			p.mu.Unlock()
			var cut atomic.Bool
			go p.forward(client, server, &cut)
			go answer(client, server, &cut)
		}
	}()
}

// answer copies what the server sends back until cut is set.
func answer(client, server net.Conn, cut *atomic.Bool) {
	defer client.Close()
	buf := make([]byte, 64<<10)
	for {
		n, err := server.Read(buf)
		if cut.Load() {
			return
		}
		if n > 0 {
			if _, werr := client.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// forward copies what the client sends, watching for a COMMIT (COM_QUERY 0x03 "COMMIT").
func (p *dbProxy) forward(client, server net.Conn, cut *atomic.Bool) {
	defer server.Close()
	buf := make([]byte, 64<<10)
	wroteChangeSet := false
	for {
		n, err := client.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			if bytes.Contains(chunk, []byte("INSERT INTO order_change_sets")) {
				wroteChangeSet = true
			}
			if wroteChangeSet && bytes.Contains(chunk, []byte("\x03COMMIT")) && p.cutAtCommit.CompareAndSwap(true, false) {
				cut.Store(true) // the server's answer will not be passed on
				_, _ = server.Write(chunk)
				time.Sleep(200 * time.Millisecond) // the server applies it meanwhile
				client.Close()
				return
			}
			if _, werr := server.Write(chunk); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// down closes the listener and every connection: the database is gone.
func (p *dbProxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestDatabaseOutage takes the database away under a signed-in desk user and an API client:
// pages, the API and sign-in answer 503 with Retry-After and say that nothing was changed; when
// it comes back the next request works within a second. A COMMIT whose answer is lost says the
// change may or may not have been saved instead.
func TestDatabaseOutage(t *testing.T) {
	t.Parallel()
	_, dsn := dbtest.NewWithDSN(t)
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	proxy := startProxy(t, cfg.Addr)
	cfg.Addr = proxy.addr
	conn, err := db.Open(context.Background(), cfg.FormatDSN(), db.Pool{MaxOpen: 8, MaxIdle: 8, MaxLifetime: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	srv := testenv.NewServerOn(t, conn, nil)
	orders := srv.SeedDemo(t, 3, 2)
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	key, _, err := srv.Store.CreateAPIKey(context.Background(), store.Actor{Label: "admin", Source: store.SourceDesk}, store.NewAPIKey{Name: "ERP", RoleCode: auth.RoleManager})
	if err != nil {
		t.Fatal(err)
	}
	desk := newClient(t, srv)
	desk.mustLogin("manager@example.com")
	signIn := newClient(t, srv)
	signInToken := signIn.token("/login") // the sign-in form, shown before the outage
	orderURL := srv.URL + "/api/order/customerOrders/" + orders[0].Order.ID

	proxy.down()
	res := desk.get("/orders")
	if res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "5" ||
		!strings.Contains(res.body, "cannot reach its database") || !strings.Contains(res.body, "nothing was changed") {
		t.Errorf("order list without a database: %d, Retry-After %q\n%s", res.StatusCode, res.Header.Get("Retry-After"), res.body)
	}
	status, body := apiGet(t, orderURL, key)
	if msg, _ := body["message"].(string); status != http.StatusServiceUnavailable || !strings.Contains(msg, "nothing was changed") {
		t.Errorf("API without a database: %d %v", status, body)
	}
	res = signIn.post("/login", map[string][]string{
		"gorilla.csrf.Token": {signInToken}, "email": {"manager@example.com"}, "password": {testenv.Password},
	})
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(res.body, "cannot reach its database") {
		t.Errorf("sign-in without a database: %d\n%s", res.StatusCode, res.body)
	}

	proxy.up()
	back := time.Now()
	for res = desk.get("/orders"); res.StatusCode != http.StatusOK; res = desk.get("/orders") {
		if time.Since(back) > 5*time.Second {
			t.Fatalf("the database came back but the list still answers %d", res.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if took := time.Since(back); took > time.Second {
		t.Errorf("recovery took %v, want under a second", took)
	}

	// The COMMIT of this edit reaches the database, its answer does not.
	proxy.cutAtCommit.Store(true)
	status, body = apiSend(t, http.MethodPatch, orderURL, key, []map[string]any{{"op": "replace", "path": "/comment", "value": "sent while the line broke"}})
	msg, _ := body["message"].(string)
	if status != http.StatusServiceUnavailable || !strings.Contains(msg, "may or may not have been saved") || strings.Contains(msg, "nothing was changed") {
		t.Errorf("a commit whose answer was lost: %d %q", status, msg)
	}
	if proxy.cutAtCommit.Load() {
		t.Fatal("no COMMIT went through the proxy")
	}
	// The server applied it: the answer was right not to promise that nothing changed.
	o, err := srv.Store.Order(context.Background(), orders[0].Order.ID)
	if err != nil {
		t.Fatal(err)
	}
	if o.Comment != "sent while the line broke" {
		t.Errorf("comment %q: the COMMIT was sent, so the change should be there", o.Comment)
	}
}
