package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"orderdesk/internal/audit"
	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/web/base"
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

// Paging of an order's changes: skip and take count change sets (one per save), newest first.
const (
	changesDefaultTake = 50
	changesMaxTake     = 200
)

// apiOrderChanges is Virto's GET /api/order/customerOrders/{id}/changes: the order's changes
// and its documents', newest first, from the field-level history (sentences without amounts for
// keys that may not read prices). With ?skip= or ?take= the answer is a page, {totalCount, skip,
// take, results}; without either it is Virto's bare list, of the newest changesDefaultTake
// change sets, with the number of all of them in X-Total-Count. take above changesMaxTake is
// refused (400) rather than clamped, so a client never mistakes a short page for the end.
func (s *Server) apiOrderChanges(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	paged := q.Has("skip") || q.Has("take")
	skip, take, fe := changesPage(q.Get("skip"), q.Get("take"))
	if len(fe) > 0 {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "skip is 0 or more and take 1 to 200 (change sets, newest first).", Errors: fe})
		return
	}
	u := base.State(r).User
	o, err := s.Store.Order(r.Context(), r.PathValue("id"))
	if errors.Is(err, order.ErrNotFound) || (err == nil && !u.InScope(o.StoreID, o.EmployeeID)) {
		writeJSON(w, http.StatusNotFound, apiError{Message: "There is no such order."})
		return
	}
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	sets, total, err := s.Store.OrderHistoryPage(r.Context(), o.ID, skip, take)
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	out := operationLogs(sets, u.Can(auth.OrderReadPrices))
	w.Header().Set("X-Total-Count", strconv.Itoa(total))
	if !paged {
		writeJSON(w, http.StatusOK, out)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"totalCount": total, "skip": skip, "take": take, "results": out})
}

// changesPage reads skip and take (empty: 0 and the default), with a message per bad one.
func changesPage(rawSkip, rawTake string) (skip, take int, fe map[string]string) {
	fe = map[string]string{}
	skip, take = 0, changesDefaultTake
	if rawSkip != "" {
		n, err := strconv.Atoi(rawSkip)
		if err != nil || n < 0 {
			fe["skip"] = "a whole number, 0 or more"
		}
		skip = n
	}
	if rawTake != "" {
		n, err := strconv.Atoi(rawTake)
		if err != nil || n < 1 || n > changesMaxTake {
			fe["take"] = "a whole number from 1 to 200"
		}
		take = n
	}
	return skip, take, fe
}

// operationLogs flattens change sets (in the order given) into Virto's operation log entries.
func operationLogs(sets []store.ChangeSet, prices bool) []operationLog {
	out := []operationLog{}
	for _, cs := range sets {
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
				ID: cs.ID + "-" + strconv.Itoa(j), ObjectType: c.Entity, ObjectID: c.EntityID, OperationType: op,
				Detail: detail, CreatedDate: cs.OccurredAt, CreatedBy: cs.ActorLabel, Source: cs.Source,
				Reason: cs.Reason, ChangeSetID: cs.ID,
			})
		}
	}
	return out
}

// apiSearchChanges is Virto's POST /api/order/customerOrders/searchChanges: change sets across
// orders (or of one), newest first, by keyset over the history; skip walks pages (up to 10,000).
func (s *Server) apiSearchChanges(w http.ResponseWriter, r *http.Request) {
	var c struct {
		OrderID        string     `json:"orderId"`
		Keyword        string     `json:"keyword"`
		OperationTypes []string   `json:"operationTypes"`
		StartDate      *time.Time `json:"startDate"`
		EndDate        *time.Time `json:"endDate"`
		Skip           int        `json:"skip"`
		Take           int        `json:"take"`
	}
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "The body is not search criteria in JSON: " + err.Error()})
		return
	}
	if c.Take <= 0 {
		c.Take = 20
	}
	if c.Take > 500 || c.Skip < 0 || c.Skip > store.MaxSkip {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "take is 1 to 500 and skip 0 to 10,000.", Errors: map[string]string{"take": "1–500", "skip": "0–10000"}})
		return
	}
	u := base.State(r).User
	scope := base.ViewerOf(u).Scope
	f := store.HistoryFilter{OrderID: c.OrderID, Reason: c.Keyword, ScopeStores: scope.StoreIDs, ScopeAssignee: scope.AssignedTo, Limit: c.Take}
	if len(c.OperationTypes) > 0 {
		f.DocType = c.OperationTypes[0]
	}
	if c.StartDate != nil {
		f.From = c.StartDate.UTC()
	}
	if c.EndDate != nil {
		f.To = c.EndDate.UTC()
	}
	var sets []store.ChangeSet
	for skip := c.Skip; ; {
		f.Limit = c.Take
		if skip > 0 {
			f.Limit = min(skip, 500)
		}
		page, err := s.Store.History(r.Context(), f)
		if err != nil {
			s.apiServerError(w, r, err)
			return
		}
		if skip == 0 {
			sets = page.Sets
			break
		}
		skip -= len(page.Sets)
		if page.Next == "" {
			break
		}
		f.Before = page.Next
	}
	results := operationLogs(sets, u.Can(auth.OrderReadPrices))
	writeJSON(w, http.StatusOK, map[string]any{"totalCount": len(results), "results": results})
}
