package web

import (
	"errors"
	"net/http"
	"time"

	"orderdesk/internal/audit"
	"orderdesk/internal/auth"
	"orderdesk/internal/order"
)

// operationLog is Virto's OperationLog entry: one changed field or element, with a sentence.
type operationLog struct {
	ID            string    `json:"id"`
	ObjectType    string    `json:"objectType"`
	ObjectID      string    `json:"objectId"`
	OperationType string    `json:"operationType"` // Added, Modified or Deleted
	Detail        string    `json:"detail"`
	CreatedDate   time.Time `json:"createdDate"`
	CreatedBy     string    `json:"createdBy"`
	Source        string    `json:"source"`
	Reason        string    `json:"reason,omitempty"`
	ChangeSetID   string    `json:"changeSetId"`
}

// apiOrderPart answers GET /api/order/customerOrders/{id}/{part}: the order's changes, and
// new shipment and payment templates.
func (s *Server) apiOrderPart(w http.ResponseWriter, r *http.Request) {
	switch r.PathValue("part") {
	case "changes":
		s.apiOrderChanges(w, r)
	case "shipments/new":
		s.apiNewDocument(w, r, "shipments")
	case "payments/new":
		s.apiNewDocument(w, r, "payments")
	default:
		writeJSON(w, http.StatusNotFound, apiError{Message: "There is nothing at this address."})
	}
}

// apiOrderChanges is Virto's GET /api/order/customerOrders/{id}/changes: every change of the
// order and its documents, newest first, from the field-level history (sentences without
// amounts for keys that may not read prices).
func (s *Server) apiOrderChanges(w http.ResponseWriter, r *http.Request) {
	u := state(r).user
	o, err := s.store.Order(r.Context(), r.PathValue("id"))
	if errors.Is(err, order.ErrNotFound) || (err == nil && !u.InScope(o.StoreID, o.EmployeeID)) {
		writeJSON(w, http.StatusNotFound, apiError{Message: "There is no such order."})
		return
	}
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	sets, err := s.store.OrderHistory(r.Context(), o.ID)
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	prices := u.Can(auth.OrderReadPrices)
	out := []operationLog{}
	for i := len(sets) - 1; i >= 0; i-- {
		cs := sets[i]
		names := cs.Names()
		for j, c := range cs.Changes {
			detail := audit.DescribeWithoutMoney(c, names)
			if prices {
				detail = audit.Describe(c, names)
			}
			op := "Modified"
			switch c.Op {
			case audit.Added:
				op = "Added"
			case audit.Removed:
				op = "Deleted"
			}
			out = append(out, operationLog{
				ID: cs.ID + "-" + itoa(j), ObjectType: c.Entity, ObjectID: c.EntityID, OperationType: op,
				Detail: detail, CreatedDate: cs.OccurredAt, CreatedBy: cs.ActorLabel, Source: cs.Source,
				Reason: cs.Reason, ChangeSetID: cs.ID,
			})
		}
	}
	writeJSON(w, http.StatusOK, out)
}
