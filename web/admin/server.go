// Package admin is the administrators' pages: users and roles, API keys, webhooks, the
// catalog import, the currencies and the AvaTax settings per store.
package admin

import "orderdesk/web/base"

// Server serves the admin pages.
type Server struct{ *base.Server }

// New builds the admin pages' handlers on the shared server.
func New(b *base.Server) *Server { return &Server{b} }
