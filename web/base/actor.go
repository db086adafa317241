package base

import (
	"net/http"

	"orderdesk/internal/auth"
	"orderdesk/internal/policy"
	"orderdesk/internal/store"
)

// Actor is the signed-in user as the author of a change, with what their role limits: a desk
// clerk's refund limit, and prices for those who may not see them.
func (s *Server) Actor(r *http.Request) store.Actor {
	return s.UserActor(*State(r).User, s.ClientAddr(r))
}

// UserActor is Actor for user u at remoteAddr, outside a request: a bulk job runs as the user
// who started it.
func (s *Server) UserActor(u auth.User, remoteAddr string) store.Actor {
	a := store.Actor{
		UserID: u.ID, Label: u.Email, Source: store.SourceDesk, RemoteAddr: remoteAddr,
		Limits:      policy.Limits{HidesPrices: !u.Can(auth.OrderReadPrices), Permits: u.Can},
		ScopeStores: u.ScopeStores,
	}
	if limit := s.Cfg.Orders.ClerkRefundLimit; u.RoleCode == auth.RoleClerk && limit.IsPositive() {
		a.RefundLimit = &limit
	}
	return a
}
