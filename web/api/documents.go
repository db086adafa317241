package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/web/base"
)

// Payments and shipments are saved through their order (as Virto does): load the order,
// replace or add the document, save the order — one transaction, one change set, the order's
// version check.

// apiDocumentOrder loads the order of a payment or shipment within the key's scopes.
func (s *Server) apiDocumentOrder(w http.ResponseWriter, r *http.Request, kind, id, orderID string) (*order.CustomerOrder, bool) {
	var err error
	if orderID == "" && kind != "order" {
		orderID, err = s.Store.OrderIDOfDocument(r.Context(), kind, id)
	}
	var o *order.CustomerOrder
	if err == nil {
		o, err = s.Store.Order(r.Context(), orderID)
	}
	if errors.Is(err, order.ErrNotFound) || (err == nil && !base.State(r).User.InScope(o.StoreID, o.EmployeeID)) {
		writeJSON(w, http.StatusNotFound, apiError{Message: "There is no such " + kind + "."})
		return nil, false
	}
	if err != nil {
		s.apiServerError(w, r, err)
		return nil, false
	}
	return o, true
}

func (s *Server) apiGetPayment(w http.ResponseWriter, r *http.Request) {
	o, ok := s.apiDocumentOrder(w, r, "payment", r.PathValue("id"), "")
	if !ok {
		return
	}
	s.writeVisible(w, r, http.StatusOK, o.Payment(r.PathValue("id")))
}

func (s *Server) apiGetShipment(w http.ResponseWriter, r *http.Request) {
	o, ok := s.apiDocumentOrder(w, r, "shipment", r.PathValue("id"), "")
	if !ok {
		return
	}
	s.writeVisible(w, r, http.StatusOK, o.Shipment(r.PathValue("id")))
}

// apiSavePayment is POST/PUT /api/order/payments: create or update one payment of an order.
func (s *Server) apiSavePayment(w http.ResponseWriter, r *http.Request) {
	var p order.PaymentIn
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil || p.OrderID == "" {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "Send a payment in JSON with its orderId.", Errors: map[string]string{"orderId": "required"}})
		return
	}
	if !fitColumns(w, &p) {
		return
	}
	o, ok := s.apiDocumentOrder(w, r, "payment", p.ID, p.OrderID)
	if !ok {
		return
	}
	if cur := o.Payment(p.ID); cur != nil && p.ID != "" {
		*cur = p
	} else {
		// A new payment takes the order's customer and currency unless it names its own, as
		// Virto's payment template does.
		if p.CustomerID == "" {
			p.CustomerID, p.CustomerName = o.CustomerID, o.CustomerName
		}
		if p.Currency == "" {
			p.Currency = o.Currency
		}
		o.InPayments = append(o.InPayments, p)
	}
	s.apiSaveThroughOrder(w, r, o, func(saved *order.CustomerOrder) any {
		if p.ID != "" {
			return saved.Payment(p.ID)
		}
		return &saved.InPayments[len(saved.InPayments)-1]
	})
}

// apiSaveShipment is POST /api/order/shipments: create or update one shipment of an order.
func (s *Server) apiSaveShipment(w http.ResponseWriter, r *http.Request) {
	var sh order.Shipment
	if err := json.NewDecoder(r.Body).Decode(&sh); err != nil || sh.OrderID == "" {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "Send a shipment in JSON with its customerOrderId.", Errors: map[string]string{"customerOrderId": "required"}})
		return
	}
	if !fitColumns(w, &sh) {
		return
	}
	o, ok := s.apiDocumentOrder(w, r, "shipment", sh.ID, sh.OrderID)
	if !ok {
		return
	}
	if cur := o.Shipment(sh.ID); cur != nil && sh.ID != "" {
		*cur = sh
	} else {
		o.Shipments = append(o.Shipments, sh)
	}
	s.apiSaveThroughOrder(w, r, o, func(saved *order.CustomerOrder) any {
		if sh.ID != "" {
			return saved.Shipment(sh.ID)
		}
		return &saved.Shipments[len(saved.Shipments)-1]
	})
}

// apiSaveThroughOrder saves the order and answers with the saved document pick returns.
func (s *Server) apiSaveThroughOrder(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, pick func(*order.CustomerOrder) any) {
	if err := s.Desk.Replace(r.Context(), s.apiActor(r), o); err != nil {
		s.apiWriteError(w, r, err)
		return
	}
	s.writeVisible(w, r, http.StatusOK, pick(o))
}

type documentCriteria struct {
	OrderIDs []string `json:"orderIds"`
	Statuses []string `json:"statuses"`
	Numbers  []string `json:"numbers"`
	Take     int      `json:"take"`
}

// apiSearchPayments is POST /api/order/payments/search: {orderIds, statuses, numbers, take}.
func (s *Server) apiSearchPayments(w http.ResponseWriter, r *http.Request) {
	s.apiSearchDocuments(w, r, func(q store.DocumentSearch) (any, int, error) {
		found, err := s.Store.SearchPayments(r.Context(), q, base.ViewerOf(base.State(r).User).Scope)
		return found, len(found), err
	})
}

// apiSearchShipments is POST /api/order/shipments/search.
func (s *Server) apiSearchShipments(w http.ResponseWriter, r *http.Request) {
	s.apiSearchDocuments(w, r, func(q store.DocumentSearch) (any, int, error) {
		found, err := s.Store.SearchShipments(r.Context(), q, base.ViewerOf(base.State(r).User).Scope)
		return found, len(found), err
	})
}

func (s *Server) apiSearchDocuments(w http.ResponseWriter, r *http.Request, find func(store.DocumentSearch) (any, int, error)) {
	var c documentCriteria
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "The body is not search criteria in JSON: " + err.Error()})
		return
	}
	found, n, err := find(store.DocumentSearch{OrderIDs: c.OrderIDs, Statuses: c.Statuses, Numbers: c.Numbers, Take: c.Take})
	var fe order.Problems
	if errors.As(err, &fe) {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "Name orders, statuses or numbers to search by.", Errors: fe})
		return
	}
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	s.writeVisible(w, r, http.StatusOK, map[string]any{"totalCount": n, "results": found})
}

// apiNewDocument answers …/{id}/shipments/new and …/{id}/payments/new: a template for the
// order (currency, customer, initial status), numbered when saved.
func (s *Server) apiNewDocument(w http.ResponseWriter, r *http.Request, kind string) {
	o, ok := s.apiDocumentOrder(w, r, "order", "", r.PathValue("id"))
	if !ok {
		return
	}
	rules := s.Store.Rules().Statuses
	var doc any
	if kind == "shipments" {
		sh := order.NewShipment(o, rules)
		doc = &sh
	} else {
		p := order.NewPayment(o, rules)
		doc = &p
	}
	s.writeVisible(w, r, http.StatusOK, doc)
}
