// Package web is orderdesk's HTTP layer: the route table, middleware, sessions and handlers.
// Handlers have one shape: parse → validate → call the store → respond.
package web

import (
	"encoding/gob"
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/csrf"
	"github.com/gorilla/sessions"

	"orderdesk/internal/config"
	"orderdesk/internal/desk"
	"orderdesk/internal/gateways"
	"orderdesk/internal/store"
	"orderdesk/templates/layout"
	"orderdesk/web/account"
	"orderdesk/web/admin"
	"orderdesk/web/api"
	"orderdesk/web/base"
	"orderdesk/web/field"
	"orderdesk/web/staff"
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
	*base.Server
	csrf    func(http.Handler) http.Handler
	handler http.Handler

	// The audiences, each in its own package with its own routes.go.
	account *account.Server
	staff   *staff.Server
	field   *field.Server
	admin   *admin.Server
	api     *api.Server // its guards also wrap the API routes
}

// New builds the server and its route table.
func New(o Options) *Server {
	gob.Register(layout.Flash{})
	s := &Server{Server: &base.Server{Cfg: o.Config, Store: o.Store, Log: o.Log, Now: o.Now}}
	if s.Now == nil {
		s.Now = time.Now
	}
	s.Desk = desk.New(o.Store)
	s.Desk.PlugIn(gateways.Manual{})
	if secret := o.Config.Payments.TestGatewaySecret; secret != "" {
		s.Desk.PlugIn(gateways.NewTest(secret))
	}
	if s.Log == nil {
		s.Log = slog.Default()
	}
	s.Bulk = &desk.BulkWorker{Desk: s.Desk, Store: o.Store, Log: s.Log, Now: s.Now, ActorOf: s.UserActor}
	s.Sessions = sessions.NewCookieStore(o.Keys.SessionAuth, o.Keys.SessionEncrypt)
	s.Sessions.Options = &sessions.Options{
		Path:     "/",
		MaxAge:   int(o.Config.Session.MaxLifetime / time.Second),
		HttpOnly: true,
		Secure:   !o.Config.Server.Plaintext,
		SameSite: http.SameSiteLaxMode,
	}
	s.Sessions.MaxAge(s.Sessions.Options.MaxAge)
	s.csrf = csrf.Protect(o.Keys.CSRF,
		csrf.Secure(!o.Config.Server.Plaintext),
		csrf.HttpOnly(true),
		csrf.Path("/"),
		csrf.SameSite(csrf.SameSiteLaxMode),
		csrf.CookieName("orderdesk_csrf"),
		csrf.ErrorHandler(http.HandlerFunc(s.csrfFailed)),
	)
	s.account = account.New(s.Server, o.DemoHint)
	s.staff = staff.New(s.Server)
	s.field = field.New(s.Server)
	s.admin = admin.New(s.Server)
	s.api = api.New(s.Server)
	s.api.Invoice = s.staff.InvoiceDocument // the API's invoice PDF prints the desk's invoice page
	s.handler = s.routes()
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// HTTPServer wraps the handler in an http.Server with timeouts that keep slow clients from
// holding connections open.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Addr:              s.Cfg.Server.Listen,
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      5 * time.Minute, // CSV exports stream for a while
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn),
	}
}
