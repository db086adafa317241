package web

import (
	"net/http"

	"orderdesk/internal/auth"
	"orderdesk/static"
	"orderdesk/web/base"
)

// routeTable is the whole HTTP surface of the desk, in one place.
func (s *Server) routeTable() []base.Route {
	table := []base.Route{
		{Pattern: "GET /static/", Access: auth.Public, Handler: static.Handler().ServeHTTP, Bare: true},
		{Pattern: "GET /healthz", Access: auth.Public, Handler: s.health, Bare: true},
	}
	// Each audience keeps its routes in its own package's routes.go.
	table = append(table, s.account.Routes()...)
	table = append(table, s.staff.Routes()...)
	table = append(table, s.field.Routes()...)
	table = append(table, s.admin.Routes()...)
	table = append(table, s.api.Routes()...)
	// Anything else: a 404 page that still knows who is signed in.
	return append(table, base.Route{Pattern: "/", Access: auth.Public, Handler: s.NotFound})
}

// routes builds the handler: each route gets its access check, session and CSRF protection
// (unless bare), and everything gets request ids, logging, panic recovery, security headers
// and a body size limit.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		var h http.Handler = rt.Handler
		switch {
		case rt.API:
			// No cookies, so no CSRF: the key in the api_key header is the credential.
			if rt.Writes {
				h = s.api.WithIdempotency(h)
			}
			h = s.api.WithAPIKey(rt.Access, h)
		case !rt.Bare:
			// Order matters: CSRF check → session → access check → handler.
			h = s.protect(s.WithSession(s.require(rt.Access, h)))
		}
		mux.Handle(rt.Pattern, h)
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
		out[i] = RouteInfo{Pattern: rt.Pattern, Access: rt.Access, API: rt.API}
	}
	return out
}
