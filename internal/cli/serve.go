package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"sync"
	"time"

	"orderdesk/internal/avatax"
	"orderdesk/internal/webhook"
	"orderdesk/web"
)

func (c *command) serve(ctx context.Context, args []string) error {
	fs := c.flags("serve [-config FILE]", "Starts the web server. Ctrl-C (or SIGTERM) lets running requests finish, then stops.")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	keys, err := c.cfg.LoadKeys()
	if err != nil {
		return err
	}
	conn, err := c.openCurrent(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	st := c.newStore(conn)
	hint := ""
	if demoLoginWorks(ctx, st) {
		hint = DemoEmail + " / " + DemoPassword
	}
	desk := web.New(web.Options{Config: c.cfg, Keys: keys, Store: st, Log: c.log, DemoHint: hint})
	srv := desk.HTTPServer()

	ln, err := net.Listen("tcp", c.cfg.Server.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s ([server] listen): %w", c.cfg.Server.Listen, err)
	}
	fmt.Fprintf(c.stdout, "orderdesk is serving at %s\n", c.cfg.Server.BaseURL)
	if hint != "" {
		fmt.Fprintf(c.stdout, "demo login: %s\n", hint)
	}
	fmt.Fprintln(c.stdout, "press Ctrl-C to stop")

	// The webhook worker runs beside the server and stops with it.
	workCtx, stopWork := context.WithCancel(context.Background())
	defer stopWork()
	worker := &webhook.Worker{
		Store: st, Log: c.log, Now: st.Now,
		Client:      webhook.NewClient(c.cfg.Webhooks.Timeout, c.cfg.Webhooks.AllowPrivate),
		GiveUpAfter: c.cfg.Webhooks.GiveUpAfter, Backoff: c.cfg.Webhooks.Backoff,
	}
	go worker.Run(workCtx)
	taxes := &avatax.Syncer{Store: st, Log: c.log, HTTP: &http.Client{Timeout: 30 * time.Second}, MaxAttempts: 10, Backoff: time.Minute}
	go taxes.Run(workCtx)
	// Bulk jobs: queued ones, and those a stopped server left running (resumed where they stopped).
	go desk.Bulk.Run(workCtx)

	running := trackRequests(srv)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	drain := c.cfg.Server.ShutdownTimeout
	c.log.Info("shutting down: finishing running requests", "shutdown_timeout", drain.String())
	// Shutdown stops accepting, closes idle connections at once and answers every request
	// still running with "Connection: close", so no client sends another request into a socket
	// that is about to close.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		if !errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("shutdown: %w", err)
		}
		// The drain is over: what still runs is cut, each request named in the log.
		for _, r := range running.list() {
			c.log.Warn("shutdown: request cut at the end of the drain",
				"remote", r.remote, "method", r.method, "path", r.path,
				"running_for", time.Since(r.started).Round(time.Millisecond).String())
		}
		if err := srv.Close(); err != nil {
			return fmt.Errorf("shutdown: close: %w", err)
		}
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(c.stdout, "orderdesk stopped")
	return nil
}

// runningRequest is what the log says of a request a shutdown had to cut.
type runningRequest struct {
	remote, method, path string
	started              time.Time
}

// requestTracker keeps the request each busy connection is serving. An entry lives until its
// connection goes idle or closes, not only while the handler runs: after a handler that left a
// body unread the server still reads the rest of it, and the drain waits for that too.
type requestTracker struct {
	mu     sync.Mutex
	byConn map[string]runningRequest // by the connection's remote address
}

// trackRequests makes srv record its running requests.
func trackRequests(srv *http.Server) *requestTracker {
	t := &requestTracker{byConn: map[string]runningRequest{}}
	next := srv.Handler
	srv.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.mu.Lock()
		t.byConn[r.RemoteAddr] = runningRequest{remote: r.RemoteAddr, method: r.Method, path: r.URL.Path, started: time.Now()}
		t.mu.Unlock()
		next.ServeHTTP(w, r)
	})
	prev := srv.ConnState
	srv.ConnState = func(conn net.Conn, state http.ConnState) {
		if state == http.StateIdle || state == http.StateClosed || state == http.StateHijacked {
			t.mu.Lock()
			delete(t.byConn, conn.RemoteAddr().String())
			t.mu.Unlock()
		}
		if prev != nil {
			prev(conn, state)
		}
	}
	return t
}

// list returns the running requests, oldest first.
func (t *requestTracker) list() []runningRequest {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]runningRequest, 0, len(t.byConn))
	for _, r := range t.byConn {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].started.Before(out[j].started) })
	return out
}
