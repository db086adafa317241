package staff

import (
	"net/http"

	"orderdesk/internal/auth"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// scopedOrder loads an order for the signed-in user: one that does not exist, or is outside
// the user's store and assignment scopes, is "not found" alike, so scopes do not reveal which
// orders exist. On false the response has been written.
func (s *Server) scopedOrder(w http.ResponseWriter, r *http.Request, id string) (*order.CustomerOrder, bool) {
	o, err := s.Store.Order(r.Context(), id)
	switch {
	case base.IsNotFound(err) || (err == nil && !base.State(r).User.InScope(o.StoreID, o.EmployeeID)):
		s.NotFound(w, r)
		return nil, false
	case err != nil:
		s.ServerError(w, r, err)
		return nil, false
	}
	return o, true
}

// orderPage shows one order: every panel, its latest changes and, for those who may update
// orders, the in-place edit forms.
func (s *Server) orderPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !ids.Valid(id) {
		s.NotFound(w, r)
		return
	}
	o, ok := s.scopedOrder(w, r, id)
	if !ok {
		return
	}
	v, err := s.livePage(r, o, nil)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.Page(w, r, http.StatusOK, "Order "+o.Number, orderpage.OrderPage(v))
}

// orderVersion shows the whole order page as it was right after one change set, rebuilt from
// the diffs (from the nearest checkpoint), read-only, under a banner that leads back.
func (s *Server) orderVersion(w http.ResponseWriter, r *http.Request) {
	id, csID := r.PathValue("id"), r.PathValue("changeSet")
	if !ids.Valid(id) || !ids.Valid(csID) {
		s.NotFound(w, r)
		return
	}
	ctx := r.Context()
	if _, ok := s.scopedOrder(w, r, id); !ok {
		return
	}
	cs, err := s.Store.ChangeSet(ctx, id, csID)
	if base.IsNotFound(err) {
		s.NotFound(w, r)
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	o, returns, err := s.Store.OrderVersion(ctx, id, csID)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	v := orderView(o, returns, base.State(r).User.Can(auth.OrderReadPrices), s.Store.Rules().Statuses)
	v.AsOf = &orderpage.AsOf{
		When: base.When(cs.OccurredAt), Who: cs.Author(), Reason: cs.Reason, Version: o.Version,
		LiveURL: "/orders/" + id, HistoryURL: "/orders/" + id + "/history",
		CompareURL: "/orders/" + id + "/compare?from=" + csID,
	}
	s.Page(w, r, http.StatusOK, "Order "+o.Number+" as of "+v.AsOf.When, orderpage.OrderPage(v))
}
