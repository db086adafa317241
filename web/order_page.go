package web

import (
	"errors"
	"net/http"

	"orderdesk/internal/auth"
	"orderdesk/internal/store"
	view "orderdesk/templates/order"
)

var errorsIs = errors.Is

// validOrderID accepts an order id as the desk makes them: a 26-character ULID.
func validOrderID(s string) bool { return validCursor(s) }

// orderPage shows one order, read-only: every panel, and its latest changes.
func (s *Server) orderPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !validOrderID(id) {
		s.notFound(w, r)
		return
	}
	ctx := r.Context()
	o, err := s.store.Order(ctx, id)
	if isNotFound(err) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	returns, err := s.store.Returns(ctx, id)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	recent, err := s.store.History(ctx, store.HistoryFilter{OrderID: id, Limit: 5, ChangesPerSet: 40})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	showPrices := state(r).user.Can(auth.OrderReadPrices)
	v := orderView(o, returns, showPrices)
	v.Recent = recentEntries(recent.Sets, showPrices)
	s.page(w, r, http.StatusOK, "Order "+o.Number, view.OrderPage(v))
}

// orderVersion shows the whole order page as it was right after one change set, rebuilt from
// the diffs (from the nearest checkpoint), read-only, under a banner that leads back.
func (s *Server) orderVersion(w http.ResponseWriter, r *http.Request) {
	id, csID := r.PathValue("id"), r.PathValue("changeSet")
	if !validOrderID(id) || !validCursor(csID) {
		s.notFound(w, r)
		return
	}
	ctx := r.Context()
	cs, err := s.store.ChangeSet(ctx, id, csID)
	if isNotFound(err) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	o, returns, err := s.store.OrderVersion(ctx, id, csID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := orderView(o, returns, state(r).user.Can(auth.OrderReadPrices))
	v.AsOf = &view.AsOf{
		When: when(cs.OccurredAt), Who: cs.ActorLabel, Reason: cs.Reason, Version: o.Version,
		LiveURL: "/orders/" + id, HistoryURL: "/orders/" + id + "/history",
		CompareURL: "/orders/" + id + "/compare?from=" + csID,
	}
	s.page(w, r, http.StatusOK, "Order "+o.Number+" as of "+v.AsOf.When, view.OrderPage(v))
}
