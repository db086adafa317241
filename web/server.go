// Package web is orderdesk's HTTP layer: the route table, middleware, sessions and handlers.
// Handlers have one shape: parse → validate → call the store → respond.
package web

import (
	"encoding/gob"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gorilla/csrf"
	"github.com/gorilla/sessions"

	"orderdesk/internal/config"
	"orderdesk/internal/desk"
	"orderdesk/internal/store"
	"orderdesk/templates/layout"
)

// Options are the server's dependencies.
type Options struct {
	Config   config.Config
	Keys     config.Keys
	Store    *store.Store
	Log      *slog.Logger
	Now      func() time.Time // nil: time.Now
	DemoHint string           // shown on the sign-in page while the demo login still works
}

// Server serves the desk.
type Server struct {
	cfg      config.Config
	store    *store.Store
	desk     *desk.Desk
	log      *slog.Logger
	now      func() time.Time
	sessions *sessions.CookieStore
	csrf     func(http.Handler) http.Handler
	demoHint string
	handler  http.Handler

	lastKeyPurge atomic.Int64 // unix seconds of the last purge of expired idempotency keys
}

// New builds the server and its route table.
func New(o Options) *Server {
	gob.Register(layout.Flash{})
	s := &Server{cfg: o.Config, store: o.Store, log: o.Log, now: o.Now, demoHint: o.DemoHint}
	if s.now == nil {
		s.now = time.Now
	}
	s.desk = desk.New(o.Store)
	if s.log == nil {
		s.log = slog.Default()
	}
	s.sessions = sessions.NewCookieStore(o.Keys.SessionAuth, o.Keys.SessionEncrypt)
	s.sessions.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   int(o.Config.Session.MaxLifetime / time.Second),
		HttpOnly: true,
		Secure:   !o.Config.Server.Plaintext,
		SameSite: http.SameSiteLaxMode,
	}
	s.sessions.MaxAge(s.sessions.Options.MaxAge)
	s.csrf = csrf.Protect(o.Keys.CSRF,
		csrf.Secure(!o.Config.Server.Plaintext),
		csrf.HttpOnly(true),
		csrf.Path("/"),
		csrf.SameSite(csrf.SameSiteLaxMode),
		csrf.CookieName("orderdesk_csrf"),
		csrf.ErrorHandler(http.HandlerFunc(s.csrfFailed)),
	)
	s.handler = s.routes()
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// HTTPServer wraps the handler in an http.Server with timeouts that keep slow clients from
// holding connections open.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Addr:              s.cfg.Server.Listen,
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      5 * time.Minute, // CSV exports stream for a while
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}
