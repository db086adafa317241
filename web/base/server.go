// Package base is what the handlers of every audience share: the server's dependencies,
// sessions, the signed-in user, rendering, and the answers every page gives (not found, not
// allowed, server error).
package base

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/sessions"

	"orderdesk/internal/auth"
	"orderdesk/internal/config"
	"orderdesk/internal/desk"
	"orderdesk/internal/store"
)

// Server is what every audience's handlers share: the dependencies, sessions, rendering and
// the answers every page gives (not found, not allowed, server error).
type Server struct {
	Cfg      config.Config
	Store    *store.Store
	Desk     *desk.Desk
	Log      *slog.Logger
	Now      func() time.Time
	Sessions *sessions.CookieStore
	// Bulk runs the order list's bulk jobs; `orderdesk serve` starts it beside the server.
	Bulk *desk.BulkWorker
}

// Route is one entry of the route table. Every route declares who may use it; a route without
// a declared access level fails TestEveryRouteDeclaresAccess.
type Route struct {
	Pattern string          // Go 1.22 mux pattern, method included
	Access  auth.Permission // auth.Public, auth.SignedIn or a permission
	Handler http.HandlerFunc
	Bare    bool // served without session and CSRF: static files and health checks
	API     bool // the REST API: an API key instead of a session, JSON errors, no CSRF
	// Writes: an API write that honours an Idempotency-Key header (WithIdempotency).
	Writes bool
}
