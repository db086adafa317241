// Package account is signing in and out, and the signed-in user's own account page.
package account

import (
	"orderdesk/internal/auth"
	"orderdesk/web/base"
)

// Server serves sign-in and the account page.
type Server struct {
	*base.Server
	demoHint string // shown on the sign-in page while the demo login still works
}

// New builds the account pages' handlers on the shared server.
func New(b *base.Server, demoHint string) *Server { return &Server{Server: b, demoHint: demoHint} }

// Routes: sign-in, sign-out, and the account page.
func (s *Server) Routes() []base.Route {
	return []base.Route{
		{Pattern: "GET /login", Access: auth.Public, Handler: s.loginPage},
		{Pattern: "POST /login", Access: auth.Public, Handler: s.login},
		{Pattern: "POST /logout", Access: auth.SignedIn, Handler: s.logout},
		{Pattern: "GET /account", Access: auth.SignedIn, Handler: s.accountPage},
		{Pattern: "POST /account/sign-out-everywhere", Access: auth.SignedIn, Handler: s.signOutEverywhere},
	}
}
