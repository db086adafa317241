package web

import (
	"net/http"

	"orderdesk/internal/auth"
	"orderdesk/static"
)

// route is one entry of the route table. Every route declares who may use it; a route without
// a declared access level fails TestEveryRouteDeclaresAccess.
type route struct {
	pattern string          // Go 1.22 mux pattern, method included
	access  auth.Permission // auth.Public, auth.SignedIn or a permission
	handler http.HandlerFunc
	bare    bool // served without session and CSRF: static files and health checks
	api     bool // the REST API: an API key instead of a session, JSON errors, no CSRF
	// writes: an API write that honours an Idempotency-Key header (withIdempotency).
	writes bool
}

// routeTable is the whole HTTP surface of the desk, in one place.
func (s *Server) routeTable() []route {
	table := []route{
		{pattern: "GET /static/", access: auth.Public, handler: static.Handler().ServeHTTP, bare: true},
		{pattern: "GET /healthz", access: auth.Public, handler: s.health, bare: true},

		{pattern: "GET /login", access: auth.Public, handler: s.loginPage},
		{pattern: "POST /login", access: auth.Public, handler: s.login},
		{pattern: "POST /logout", access: auth.SignedIn, handler: s.logout},
		{pattern: "GET /account", access: auth.SignedIn, handler: s.accountPage},
		{pattern: "POST /account/sign-out-everywhere", access: auth.SignedIn, handler: s.signOutEverywhere},

		{pattern: "GET /{$}", access: auth.SignedIn, handler: s.home},
		{pattern: "GET /help/shortcuts", access: auth.SignedIn, handler: s.shortcutsPage},
		{pattern: "GET /dashboard", access: auth.DashboardRead, handler: s.dashboardPage},
		{pattern: "GET /admin", access: auth.AdminSettings, handler: s.adminPage},
	}
	// Each area of the desk keeps its routes next to its handlers.
	table = append(table, s.orderListRoutes()...)
	table = append(table, s.orderPageRoutes()...)
	table = append(table, s.printRoutes()...)
	table = append(table, s.moneyRoutes()...)
	table = append(table, s.shipmentRoutes()...)
	table = append(table, s.historyRoutes()...)
	table = append(table, s.adminRoutes()...)
	table = append(table, s.apiRoutes()...)
	table = append(table, s.fieldRoutes()...)
	// Anything else: a 404 page that still knows who is signed in.
	return append(table, route{pattern: "/", access: auth.Public, handler: s.notFound})
}

// routes builds the handler: each route gets its access check, session and CSRF protection
// (unless bare), and everything gets request ids, logging, panic recovery, security headers
// and a body size limit.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		var h http.Handler = rt.handler
		switch {
		case rt.api:
			// No cookies, so no CSRF: the key in the api_key header is the credential.
			if rt.writes {
				h = s.withIdempotency(h)
			}
			h = s.withAPIKey(rt.access, h)
		case !rt.bare:
			// Order matters: CSRF check → session → access check → handler.
			h = s.protect(s.withSession(s.require(rt.access, h)))
		}
		mux.Handle(rt.pattern, h)
	}
	return s.observe(s.recoverPanics(s.secure(mux)))
}

// RouteInfo describes a route for tests and documentation.
type RouteInfo struct {
	Pattern string
	Access  auth.Permission
	API     bool
}

// Routes lists the route table.
func (s *Server) Routes() []RouteInfo {
	table := s.routeTable()
	out := make([]RouteInfo, len(table))
	for i, rt := range table {
		out[i] = RouteInfo{Pattern: rt.pattern, Access: rt.access, API: rt.api}
	}
	return out
}
