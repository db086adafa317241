// Package field is field mode: the touch-first pages warehouse and delivery staff use on a
// tablet or phone to pick, pack, ship and deliver, and the delivery photos they take.
package field

import "orderdesk/web/base"

// Server serves field mode.
type Server struct{ *base.Server }

// New builds field mode's handlers on the shared server.
func New(b *base.Server) *Server { return &Server{b} }
