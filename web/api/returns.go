package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/web/base"
)

// Returns, in the paths of Virto's return module (reference §8.2).

// apiReturnOrder loads the order a return belongs to, within the key's scopes; false means an
// answer was written.
func (s *Server) apiReturnOrder(w http.ResponseWriter, r *http.Request, orderID string) (*order.CustomerOrder, bool) {
	return s.apiDocumentOrder(w, r, "order", "", orderID)
}

// apiGetReturn is GET /api/return/{id}, with each line's available quantity filled in and, as
// Virto's Return.order, the order it returns from.
func (s *Server) apiGetReturn(w http.ResponseWriter, r *http.Request) {
	ret, err := s.Store.Return(r.Context(), r.PathValue("id"))
	if errors.Is(err, order.ErrNotFound) {
		writeJSON(w, http.StatusNotFound, apiError{Message: "There is no such return."})
		return
	}
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	o, ok := s.apiReturnOrder(w, r, ret.OrderID)
	if !ok {
		return
	}
	others, err := s.Store.Returns(r.Context(), o.ID)
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	ret.FillAvailable(o, others)
	s.writeVisible(w, r, http.StatusOK, apiReturnJSON{Return: ret, Order: wholeOrderJSON(o, order.ResponseGroupFull)})
}

// apiReturnJSON is a return as Virto's Return model reads: with its order.
type apiReturnJSON struct {
	*order.Return
	Order apiOrderJSON `json:"order"`
}

// apiAvailableQuantities is GET /api/return/available-quantities/{orderId}: per line, how many
// units can still be returned (only units that were sent, less earlier returns).
func (s *Server) apiAvailableQuantities(w http.ResponseWriter, r *http.Request) {
	o, ok := s.apiReturnOrder(w, r, r.PathValue("orderId"))
	if !ok {
		return
	}
	returns, err := s.Store.Returns(r.Context(), o.ID)
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, order.AvailableReturnQuantities(o, returns, ""))
}

// apiSaveReturn is PUT /api/return: create (no id, or an unknown one) or update.
func (s *Server) apiSaveReturn(w http.ResponseWriter, r *http.Request) {
	var ret order.Return
	if err := json.NewDecoder(r.Body).Decode(&ret); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "The body is not a return in JSON: " + err.Error()})
		return
	}
	if !fitColumns(w, &ret) {
		return
	}
	if _, ok := s.apiReturnOrder(w, r, ret.OrderID); !ok {
		return
	}
	u := base.State(r).User
	existing, err := s.Store.Return(r.Context(), ret.ID)
	// The refund a return was paid back with is set by refunding it, never by the caller.
	ret.RefundID = ""
	if err == nil {
		ret.RefundID = existing.RefundID
	}
	switch {
	case ret.ID == "" || errors.Is(err, order.ErrNotFound):
		if !u.Can(auth.ReturnCreate) {
			writeJSON(w, http.StatusForbidden, apiError{Message: "This key's role does not include return:create."})
			return
		}
		err = s.Desk.CreateReturn(r.Context(), s.apiActor(r), &ret)
	case err != nil:
		s.apiServerError(w, r, err)
		return
	default:
		if existing.OrderID != ret.OrderID {
			writeJSON(w, http.StatusBadRequest, apiError{Message: "A return cannot move to another order.", Errors: map[string]string{"orderId": "read-only"}})
			return
		}
		err = s.Desk.SaveReturn(r.Context(), s.apiActor(r), &ret)
	}
	if err != nil {
		s.apiWriteError(w, r, err)
		return
	}
	s.writeVisible(w, r, http.StatusOK, &ret)
}

// apiSearchReturns is POST /api/return/search: {orderIds, statuses} → {totalCount, results}.
func (s *Server) apiSearchReturns(w http.ResponseWriter, r *http.Request) {
	var c struct {
		OrderIDs []string `json:"orderIds"`
		Statuses []string `json:"statuses"`
	}
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "The body is not search criteria in JSON: " + err.Error()})
		return
	}
	found, err := s.Store.ReturnsOf(r.Context(), c.OrderIDs, c.Statuses, base.ViewerOf(base.State(r).User).Scope)
	var fe order.Problems
	if errors.As(err, &fe) {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "Name the orders whose returns to list.", Errors: fe})
		return
	}
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	if found == nil {
		found = []order.Return{}
	}
	s.writeVisible(w, r, http.StatusOK, map[string]any{"totalCount": len(found), "results": found})
}

// apiDeleteReturns is DELETE /api/return?ids=…: 204; unknown ids and returns of orders outside
// the key's scopes are skipped alike, so the answer names nothing the key may not see.
func (s *Server) apiDeleteReturns(w http.ResponseWriter, r *http.Request) {
	ids := r.URL.Query()["ids"]
	if len(ids) == 0 {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "Name the returns: ?ids=…", Errors: map[string]string{"ids": "required"}})
		return
	}
	u := base.State(r).User
	var found []string
	for _, id := range ids {
		ret, err := s.Store.Return(r.Context(), id)
		if errors.Is(err, order.ErrNotFound) {
			continue
		}
		if err != nil {
			s.apiServerError(w, r, err)
			return
		}
		o, err := s.Store.Order(r.Context(), ret.OrderID)
		if errors.Is(err, order.ErrNotFound) || (err == nil && !u.InScope(o.StoreID, o.EmployeeID)) {
			continue // outside the key's scopes: skipped like an unknown id, named nowhere
		}
		if err != nil {
			s.apiServerError(w, r, err)
			return
		}
		found = append(found, id)
	}
	for _, id := range found {
		if err := s.Desk.DeleteReturn(r.Context(), s.apiActor(r), id); err != nil && !errors.Is(err, order.ErrNotFound) {
			s.apiServerError(w, r, err)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}
