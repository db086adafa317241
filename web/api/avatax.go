package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"time"

	"orderdesk/internal/avatax"
	"orderdesk/internal/order"
	"orderdesk/web/base"
)

// AvaTax endpoints in Virto's paths (reference §8.2), permission tax:manage.

// apiAvaTaxSynchronize queues orders for AvaTax: {orderIds: [...]}.
func (s *Server) apiAvaTaxSynchronize(w http.ResponseWriter, r *http.Request) {
	var body struct {
		OrderIDs []string `json:"orderIds"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body.OrderIDs) == 0 {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "Send {\"orderIds\": [...]}.", Errors: map[string]string{"orderIds": "required"}})
		return
	}
	allowed, err := s.Store.OrderIDsInScope(r.Context(), body.OrderIDs, base.ViewerOf(base.State(r).User).Scope)
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	n, err := s.Store.QueueAvaTax(r.Context(), s.apiActor(r), allowed)
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"queued": n, "requested": len(body.OrderIDs)})
}

// apiAvaTaxStatus is an order's AvaTax sync state.
func (s *Server) apiAvaTaxStatus(w http.ResponseWriter, r *http.Request) {
	o, err := s.Store.Order(r.Context(), r.PathValue("orderId"))
	if errors.Is(err, order.ErrNotFound) || (err == nil && !base.State(r).User.InScope(o.StoreID, o.EmployeeID)) {
		writeJSON(w, http.StatusNotFound, apiError{Message: "There is no such order."})
		return
	}
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	st, ok, err := s.Store.AvaTaxStatus(r.Context(), o.ID)
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	if !ok {
		writeJSON(w, http.StatusOK, map[string]any{"orderId": o.ID, "status": "never sent"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"orderId": o.ID, "status": st.Status, "attempts": st.Attempts, "lastAttemptAt": st.LastAttemptAt,
		"syncedAt": st.SyncedAt, "lastAction": st.LastAction, "lastError": st.LastError,
	})
}

// apiAvaTaxValidateAddress resolves an address with the store's AvaTax: {storeId, address}.
func (s *Server) apiAvaTaxValidateAddress(w http.ResponseWriter, r *http.Request) {
	var body struct {
		StoreID string         `json:"storeId"`
		Address avatax.Address `json:"address"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.StoreID == "" {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "Send {\"storeId\": …, \"address\": {…}}."})
		return
	}
	c, ok := s.avataxClient(w, r, body.StoreID)
	if !ok {
		return
	}
	res, err := c.ResolveAddress(r.Context(), body.Address)
	if err != nil {
		writeJSON(w, http.StatusBadGateway, apiError{Message: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// apiAvaTaxPing tests a store's connection: ?storeId=.
func (s *Server) apiAvaTaxPing(w http.ResponseWriter, r *http.Request) {
	c, ok := s.avataxClient(w, r, r.URL.Query().Get("storeId"))
	if !ok {
		return
	}
	if err := c.Ping(r.Context()); err != nil {
		writeJSON(w, http.StatusBadGateway, apiError{Message: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"authenticated": true})
}

// avataxClient is a client for a store whose AvaTax is on and within the caller's scopes.
func (s *Server) avataxClient(w http.ResponseWriter, r *http.Request, storeID string) (*avatax.Client, bool) {
	if stores := base.State(r).User.StoreScope(); len(stores) > 0 && !slices.Contains(stores, storeID) {
		writeJSON(w, http.StatusNotFound, apiError{Message: "There is no such store."})
		return nil, false
	}
	set, ok, err := s.Store.AvaTaxSettingsOf(r.Context(), storeID)
	if err != nil {
		s.apiServerError(w, r, err)
		return nil, false
	}
	if !ok || !set.Enabled {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "AvaTax is not on for store " + storeID + ".", Errors: map[string]string{"storeId": "AvaTax is off"}})
		return nil, false
	}
	return &avatax.Client{HTTP: &http.Client{Timeout: 15 * time.Second}, Settings: avatax.Settings{
		ServiceURL: set.ServiceURL, AccountNumber: set.AccountNumber, LicenseKey: set.LicenseKey, CompanyCode: set.CompanyCode,
	}}, true
}
