package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
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
	srv := web.New(web.Options{Config: c.cfg, Keys: keys, Store: st, Log: c.log, DemoHint: hint}).HTTPServer()

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

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	c.log.Info("shutting down: finishing running requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(c.stdout, "orderdesk stopped")
	return nil
}
