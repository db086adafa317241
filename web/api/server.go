// Package api is the REST API other systems sync with, in Virto's paths and shapes: an API key
// instead of a session, JSON in and out, Idempotency-Key on writes.
package api

import (
	"sync/atomic"

	"orderdesk/web/base"
)

// Server serves the API.
type Server struct {
	*base.Server
	lastKeyPurge atomic.Int64 // unix seconds of the last purge of expired idempotency keys
}

// New builds the API's handlers on the shared server.
func New(b *base.Server) *Server { return &Server{Server: b} }
