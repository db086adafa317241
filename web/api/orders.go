package api

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"

	jsonpatch "github.com/evanphx/json-patch/v5"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/web/base"
)

// apiActor is the API key as the author of a change: source "api", the key's name, and what
// its role limits.
func (s *Server) apiActor(r *http.Request) store.Actor {
	a := s.Actor(r)
	a.UserID, a.Source, a.Reason = "", store.SourceAPI, r.Header.Get("X-Change-Reason")
	return a
}

// decodeOrder reads an order from the request body; fields orderdesk does not know are ignored
// (Virto clients send their own bookkeeping), computed fields are recomputed.
func decodeOrder(w http.ResponseWriter, r *http.Request) (*order.CustomerOrder, bool) {
	o, _, ok := decodeOrderVersion(w, r)
	return o, ok
}

// orderToken is how a PUT names the version it replaces: Virto's rowVersion, the desk's
// version, or neither.
type orderToken struct {
	RowVersion *string `json:"rowVersion"`
	Version    *int    `json:"version"`
}

// decodeOrderVersion decodes an order and how it names the version it replaces.
func decodeOrderVersion(w http.ResponseWriter, r *http.Request) (*order.CustomerOrder, orderToken, bool) {
	var o order.CustomerOrder
	var tok orderToken
	body, err := io.ReadAll(r.Body)
	if err == nil {
		err = json.Unmarshal(body, &o)
	}
	if err == nil {
		err = json.Unmarshal(body, &tok)
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "The body is not an order in JSON: " + err.Error()})
		return nil, tok, false
	}
	order.FoldNested(&o)
	// A payment without its own customer is the order's customer's, as in Virto.
	for i := range o.InPayments {
		if p := &o.InPayments[i]; p.CustomerID == "" {
			p.CustomerID, p.CustomerName = o.CustomerID, o.CustomerName
		}
	}
	return &o, tok, fitColumns(w, &o)
}

// rowVersion is Virto's concurrency token for a version: eight bytes, big-endian, in base64.
func rowVersion(version int) string {
	return base64.StdEncoding.EncodeToString(binary.BigEndian.AppendUint64(nil, uint64(version)))
}

// versionOfRow reads a rowVersion back; false when it is not one.
func versionOfRow(token string) (int, bool) {
	b, err := base64.StdEncoding.DecodeString(token)
	if err != nil || len(b) != 8 {
		return 0, false
	}
	v := binary.BigEndian.Uint64(b)
	if v > math.MaxInt32 {
		return 0, false
	}
	return int(v), true
}

// replacedVersion is the version a PUT replaces: its rowVersion, else its version, else — as
// in Virto, where a save without a row version is last writer wins — the stored one.
func replacedVersion(tok orderToken, stored int) (int, *apiError) {
	switch {
	case tok.RowVersion != nil && *tok.RowVersion != "":
		v, ok := versionOfRow(*tok.RowVersion)
		if !ok {
			return 0, &apiError{Message: "The rowVersion is not one this API gave out.", Errors: map[string]string{"rowVersion": "not a row version"}}
		}
		return v, nil
	case tok.Version != nil:
		return *tok.Version, nil
	}
	return stored, nil
}

// fitColumns refuses a decoded order or document whose numbers or text its columns cannot
// hold, before anything calculates with them: 400 with the fields.
func fitColumns(w http.ResponseWriter, doc any) bool {
	if fe := order.FitColumns(doc); len(fe) > 0 {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "Nothing was saved; see errors.", Errors: fe})
		return false
	}
	return true
}

// apiRecalculate answers with the order's totals recalculated, saving nothing (Virto's
// PUT …/recalculate).
func (s *Server) apiRecalculate(w http.ResponseWriter, r *http.Request) {
	o, ok := decodeOrder(w, r)
	if !ok {
		return
	}
	cs, err := s.Store.Currencies(r.Context())
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	o.SetCurrencies(cs)
	order.Recalculate(o, o.CurrencyRule())
	s.writeVisible(w, r, http.StatusOK, o)
}

// apiCreateOrder stores a new order (Virto's POST /api/order/customerOrders).
func (s *Server) apiCreateOrder(w http.ResponseWriter, r *http.Request) {
	o, ok := decodeOrder(w, r)
	if !ok {
		return
	}
	if !base.State(r).User.InScope(o.StoreID, o.EmployeeID) {
		writeJSON(w, http.StatusForbidden, apiError{Message: "This key may not write orders of store " + o.StoreID + "."})
		return
	}
	o.ID, o.Version = "", 0
	if err := s.Desk.Create(r.Context(), s.apiActor(r), o); err != nil {
		s.apiWriteError(w, r, err)
		return
	}
	s.writeVisible(w, r, http.StatusOK, o)
}

// apiUpdateOrder saves an edited order (Virto's PUT /api/order/customerOrders): 204. The body's
// version must be the stored one: otherwise 409 and nothing is saved.
func (s *Server) apiUpdateOrder(w http.ResponseWriter, r *http.Request) {
	o, tok, ok := decodeOrderVersion(w, r)
	if !ok {
		return
	}
	u := base.State(r).User
	stored, err := s.Store.Order(r.Context(), o.ID)
	if errors.Is(err, order.ErrNotFound) || (err == nil && !u.InScope(stored.StoreID, stored.EmployeeID)) {
		writeJSON(w, http.StatusNotFound, apiError{Message: "There is no such order."})
		return
	}
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	if !u.InScope(o.StoreID, o.EmployeeID) {
		writeJSON(w, http.StatusForbidden, apiError{Message: "This key may not move the order out of its scopes."})
		return
	}
	version, bad := replacedVersion(tok, stored.Version)
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, *bad)
		return
	}
	o.Version = version
	if o.Tags == nil {
		o.Tags = stored.Tags // a body without "tags" keeps them ("tags": [] removes them all)
	}
	// What Virto does on every save: a new cancel request, or a cancelled order, cancels or
	// voids the payments (or is refused while one holds money).
	if err := desk.SettleCancellations(stored, o, s.Now()); err != nil {
		s.apiWriteError(w, r, err)
		return
	}
	if err := s.Desk.Replace(r.Context(), s.apiActor(r), o); err != nil {
		s.apiWriteError(w, r, err)
		return
	}
	// Virto answers a full update with 204; the new version is in the ETag-like header.
	w.Header().Set("X-Order-Version", strconv.Itoa(o.Version))
	w.Header().Set("X-Row-Version", rowVersion(o.Version))
	w.WriteHeader(http.StatusNoContent)
}

// apiWriteError answers a refused write: 400 with per-field messages (422 when the currency is
// not one of the desk's), 409 for a stale version.
func (s *Server) apiWriteError(w http.ResponseWriter, r *http.Request, err error) {
	var fe order.Problems
	var conflict *order.ConflictError
	var currency *order.UnknownCurrencyError
	var tags *order.TagError
	switch {
	case errors.As(err, &tags):
		writeJSON(w, http.StatusUnprocessableEntity, apiError{Message: "The order was not saved: a tag cannot be used; see errors.",
			Errors: tags.Problems})
	case errors.As(err, &currency):
		writeJSON(w, http.StatusUnprocessableEntity, apiError{Message: "The order was not saved: its currency is not one of this desk's; see errors.",
			Errors: currency.Problems})
	case errors.As(err, &fe):
		writeJSON(w, http.StatusBadRequest, apiError{Message: "The order was not saved; see errors.", Errors: fe})
	case errors.As(err, &conflict):
		writeJSON(w, http.StatusConflict, apiError{Message: "Someone saved this order since you read it: read it again (version " +
			strconv.Itoa(conflict.Actual) + ") and re-apply your change."})
	case errors.Is(err, order.ErrNotFound):
		writeJSON(w, http.StatusNotFound, apiError{Message: "There is no such order."})
	default:
		s.apiServerError(w, r, err)
	}
}

// apiPatchOrder applies an RFC 6902 JSON Patch to an order (Virto's PATCH
// /api/order/customerOrders/{id}): 204, 400 for a patch that does not apply or breaks a rule,
// 404 unknown or out of scope. The patch is applied to the order as it is when the save locks
// it (store.PatchOrder), so a concurrent save is waited for, not answered 409; 409 only when
// the patch names a version ("replace" or "test" of /version) that is no longer current.
func (s *Server) apiPatchOrder(w http.ResponseWriter, r *http.Request) {
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
	saved, err := s.Desk.Patch(r.Context(), s.apiActor(r), r.PathValue("id"), func(o *order.CustomerOrder) (*order.CustomerOrder, error) {
		if !u.InScope(o.StoreID, o.EmployeeID) {
			return nil, order.ErrNotFound
		}
		next, err := applyPatch(patch, o, u)
		if err != nil {
			return nil, err
		}
		return next, desk.SettleCancellations(o, next, s.Now())
	})
	var refused *apiRefusal
	if errors.As(err, &refused) {
		writeJSON(w, refused.status, refused.body)
		return
	}
	if err != nil {
		s.apiWriteError(w, r, err)
		return
	}
	w.Header().Set("X-Order-Version", strconv.Itoa(saved.Version))
	w.WriteHeader(http.StatusNoContent)
}

// apiRefusal is an API answer decided inside a use case, from the data as it is there.
type apiRefusal struct {
	status int
	body   apiError
}

func (e *apiRefusal) Error() string { return e.body.Message }

// applyPatch is o with the patch applied, or an *apiRefusal saying why not; a failed "test" of
// /version is a stale version (*order.ConflictError).
func applyPatch(patch jsonpatch.Patch, o *order.CustomerOrder, u *auth.User) (*order.CustomerOrder, error) {
	doc, err := json.Marshal(o)
	if err != nil {
		return nil, err
	}
	patched, err := patch.Apply(doc)
	if err != nil {
		if v, ok := testedVersion(patch); ok && v != o.Version {
			return nil, &order.ConflictError{OrderID: o.ID, Expected: v, Actual: o.Version}
		}
		return nil, &apiRefusal{http.StatusBadRequest, apiError{Message: "The patch does not apply to this order: " + err.Error()}}
	}
	var next order.CustomerOrder
	if err := json.Unmarshal(patched, &next); err != nil {
		return nil, &apiRefusal{http.StatusBadRequest, apiError{Message: "The patched order is not valid JSON for an order: " + err.Error()}}
	}
	order.FoldNested(&next)
	if fe := order.FitColumns(&next); len(fe) > 0 {
		return nil, &apiRefusal{http.StatusBadRequest, apiError{Message: "Nothing was saved; see errors.", Errors: fe}}
	}
	if next.ID != o.ID {
		return nil, &apiRefusal{http.StatusBadRequest, apiError{Message: "A patch cannot change the order's id.", Errors: map[string]string{"id": "read-only"}}}
	}
	if !u.InScope(next.StoreID, next.EmployeeID) {
		return nil, &apiRefusal{http.StatusForbidden, apiError{Message: "This key may not move the order out of its scopes."}}
	}
	return &next, nil
}

// testedVersion is the version a "test" operation of the patch expects, if it has one.
func testedVersion(patch jsonpatch.Patch) (int, bool) {
	for _, op := range patch {
		if path, err := op.Path(); op.Kind() != "test" || err != nil || path != "/version" {
			continue
		}
		v, err := op.ValueInterface() // a float64 or a json.Number, depending on the decoder
		if err != nil {
			continue
		}
		if n, err := strconv.Atoi(fmt.Sprint(v)); err == nil {
			return n, true
		}
	}
	return 0, false
}

// decodePatch reads a JSON Patch body, or says (for a 400) why it is not one.
func decodePatch(body []byte) (jsonpatch.Patch, *apiError) {
	if msg := patchProblem(body); msg != "" {
		return nil, &apiError{Message: "The body is not a JSON Patch (RFC 6902): " + msg}
	}
	patch, err := jsonpatch.DecodePatch(lenientReplace(body))
	if err != nil {
		return nil, &apiError{Message: "The body is not a JSON Patch (RFC 6902): " + err.Error()}
	}
	return patch, nil
}

// patchOps are the RFC 6902 operations and the members each needs besides op and path.
var patchOps = map[string]string{"add": "value", "replace": "value", "test": "value", "remove": "", "move": "from", "copy": "from"}

// patchProblem checks the shape of every operation before the patch library sees it: it
// dereferences a missing value (a "test" without one panics), so each operation must name a
// known op, a path, and the value or from it needs.
func patchProblem(body []byte) string {
	var ops []map[string]json.RawMessage
	if err := json.Unmarshal(body, &ops); err != nil {
		return "" // not a list of operations: the decoder says so
	}
	for i, op := range ops {
		var name, path string
		if err := json.Unmarshal(op["op"], &name); err != nil {
			return fmt.Sprintf("operation %d has no op", i)
		}
		need, known := patchOps[name]
		if !known {
			return fmt.Sprintf("operation %d: %q is not an operation (add, remove, replace, move, copy, test)", i, name)
		}
		if err := json.Unmarshal(op["path"], &path); err != nil {
			return fmt.Sprintf("operation %d (%s) has no path", i, name)
		}
		if need == "" {
			continue
		}
		raw, ok := op[need]
		if !ok {
			return fmt.Sprintf("operation %d (%s) has no %s", i, name, need)
		}
		if need == "from" {
			var from string
			if err := json.Unmarshal(raw, &from); err != nil {
				return fmt.Sprintf("operation %d (%s): from must be a path", i, name)
			}
		}
	}
	return ""
}

// lenientReplace turns "replace" operations into "add": the order's JSON leaves out empty
// fields that Virto's always carries, and on an object member "add" is a replace that does not
// mind the member being absent (RFC 6902 §4.1). Bodies that are not a list of operations are
// left for the decoder to refuse.
func lenientReplace(body []byte) []byte {
	var ops []map[string]any
	if err := json.Unmarshal(body, &ops); err != nil {
		return body
	}
	for _, op := range ops {
		path, _ := op["path"].(string)
		last := path[strings.LastIndex(path, "/")+1:]
		if _, err := strconv.Atoi(last); op["op"] == "replace" && err != nil && last != "-" {
			op["op"] = "add" // an object member; on an array index "add" would insert
		}
	}
	out, err := json.Marshal(ops)
	if err != nil {
		return body
	}
	return out
}

// apiDeleteOrders is Virto's DELETE /api/order/customerOrders?ids=a&ids=b: 204; unknown ids are
// skipped, and so are orders outside the key's scopes: to the key they do not exist, as for a
// read, so the answer tells nothing of them (not even that they exist).
func (s *Server) apiDeleteOrders(w http.ResponseWriter, r *http.Request) {
	u := base.State(r).User
	ids := r.URL.Query()["ids"]
	if len(ids) == 0 {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "Name the orders: ?ids=…&ids=…", Errors: map[string]string{"ids": "required"}})
		return
	}
	var found []string
	for _, id := range ids {
		o, err := s.Store.Order(r.Context(), id)
		if errors.Is(err, order.ErrNotFound) {
			continue
		}
		if err != nil {
			s.apiServerError(w, r, err)
			return
		}
		if !u.InScope(o.StoreID, o.EmployeeID) {
			continue
		}
		found = append(found, id)
	}
	for _, id := range found {
		if err := s.Desk.Delete(r.Context(), s.apiActor(r), id); err != nil && !errors.Is(err, order.ErrNotFound) {
			s.apiServerError(w, r, err)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}
