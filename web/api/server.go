// Package api is the REST API other systems sync with, in Virto's paths and shapes: an API key
// instead of a session, JSON in and out, Idempotency-Key on writes.
package api

import (
	"net/http"
	"sync/atomic"

	"orderdesk/internal/htmlpdf"
	"orderdesk/internal/order"

	"orderdesk/web/base"
)

// Server serves the API.
type Server struct {
	*base.Server
	lastKeyPurge atomic.Int64 // unix seconds of the last purge of expired idempotency keys
	// Invoice renders an order's printable invoice as one HTML document (the desk's page);
	// printer prints it to PDF.
	Invoice func(*http.Request, *order.CustomerOrder) ([]byte, error)
	printer *htmlpdf.Printer
}

// New builds the API's handlers on the shared server.
func New(b *base.Server) *Server {
	return &Server{Server: b, printer: htmlpdf.New(b.Cfg.PDF.Chromium, b.Cfg.PDF.Timeout, 2)}
}
