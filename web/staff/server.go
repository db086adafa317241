// Package staff is the desk staff work at all day: the order list and its search, the order
// page with every edit and document, the shipping and money panels, printing, the history
// and the dashboard.
package staff

import "orderdesk/web/base"

// Server serves the staff desk.
type Server struct{ *base.Server }

// New builds the staff desk's handlers on the shared server.
func New(b *base.Server) *Server { return &Server{b} }
