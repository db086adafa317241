package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	jsonpatch "github.com/evanphx/json-patch/v5"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
	"orderdesk/web/base"
)

// documentList names where a kind of document sits in its order's JSON and finds one by id.
type documentList struct {
	member string // the order's JSON member holding them
	index  func(o *order.CustomerOrder, id string) int
	doc    func(o *order.CustomerOrder, i int) any
}

var documentLists = map[string]documentList{
	"payment": {"inPayments",
		func(o *order.CustomerOrder, id string) int {
			for i := range o.InPayments {
				if o.InPayments[i].ID == id {
					return i
				}
			}
			return -1
		},
		func(o *order.CustomerOrder, i int) any { return &o.InPayments[i] }},
	"shipment": {"shipments",
		func(o *order.CustomerOrder, id string) int {
			for i := range o.Shipments {
				if o.Shipments[i].ID == id {
					return i
				}
			}
			return -1
		},
		func(o *order.CustomerOrder, i int) any { return &o.Shipments[i] }},
}

// apiPatchDocument is Virto's PATCH /api/order/payments/{id} and …/shipments/{id}: a JSON
// Patch on one document, applied within its order as the order is when the save locks it (the
// order's PATCH with the document's place in front of every path), answered with the document.
func (s *Server) apiPatchDocument(kind string) http.HandlerFunc {
	list := documentLists[kind]
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		u := base.State(r).User
		body, err := io.ReadAll(r.Body)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, apiError{Message: "The body could not be read."})
			return
		}
		patch, bad := decodePatch(body)
		if bad != nil {
			writeJSON(w, http.StatusBadRequest, bad)
			return
		}
		orderID, err := s.Store.OrderIDOfDocument(r.Context(), kind, id)
		if errors.Is(err, order.ErrNotFound) {
			writeJSON(w, http.StatusNotFound, apiError{Message: "There is no such " + kind + "."})
			return
		}
		if err != nil {
			s.apiServerError(w, r, err)
			return
		}
		saved, err := s.Desk.Patch(r.Context(), s.apiActor(r), orderID, func(o *order.CustomerOrder) (*order.CustomerOrder, error) {
			i := list.index(o, id)
			if i < 0 || !u.InScope(o.StoreID, o.EmployeeID) {
				return nil, order.ErrNotFound
			}
			next, err := applyPatch(within(patch, "/"+list.member+"/"+strconv.Itoa(i)), o, u)
			if err != nil {
				return nil, err
			}
			if list.index(next, id) != i {
				return nil, &apiRefusal{http.StatusBadRequest, apiError{Message: "A patch cannot change the " + kind + "'s id.", Errors: map[string]string{"id": "read-only"}}}
			}
			return next, desk.SettleCancellations(o, next, s.Now())
		})
		var refused *apiRefusal
		switch {
		case errors.As(err, &refused):
			writeJSON(w, refused.status, refused.body)
		case errors.Is(err, order.ErrNotFound):
			writeJSON(w, http.StatusNotFound, apiError{Message: "There is no such " + kind + "."})
		case err != nil:
			s.apiWriteError(w, r, err)
		default:
			w.Header().Set("X-Order-Version", strconv.Itoa(saved.Version))
			s.writeVisible(w, r, http.StatusOK, list.doc(saved, list.index(saved, id)))
		}
	}
}

// within moves every path of a document's patch under prefix, the document's place in its
// order's JSON.
func within(patch jsonpatch.Patch, prefix string) jsonpatch.Patch {
	out := make(jsonpatch.Patch, len(patch))
	for i, op := range patch {
		moved := jsonpatch.Operation{}
		for k, v := range op {
			moved[k] = v
		}
		for _, member := range []string{"path", "from"} {
			var p string
			if raw := op[member]; raw != nil && json.Unmarshal(*raw, &p) == nil {
				b, _ := json.Marshal(prefix + p)
				m := json.RawMessage(b)
				moved[member] = &m
			}
		}
		out[i] = moved
	}
	return out
}
