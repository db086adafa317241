package web

import (
	"net/http"

	"orderdesk/internal/auth"
	"orderdesk/internal/store"
)

// actor is the signed-in user as the author of a change; a desk clerk carries the refund limit.
func (s *Server) actor(r *http.Request) store.Actor {
	u := state(r).user
	a := store.Actor{UserID: u.ID, Label: u.Email, Source: store.SourceDesk, RemoteAddr: s.clientAddr(r)}
	if limit := s.cfg.Orders.ClerkRefundLimit; u.RoleCode == auth.RoleClerk && limit.IsPositive() {
		a.RefundLimit = &limit
	}
	return a
}
