package api

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/shopspring/decimal"

	"orderdesk/internal/audit"
	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/policy"
	"orderdesk/internal/store"
	"orderdesk/web/base"
)

// Money goes out as JSON numbers, as Virto's API sends it (digits exact: no float on the way).
func init() { decimal.MarshalJSONWithoutQuotes = true }

// apiError is the body of every API error: a message, and per-field messages when a request
// was refused for its content.
type apiError struct {
	Message string            `json:"message"`
	Errors  map[string]string `json:"errors,omitempty"`
}

// WithAPIKey authenticates an API call by its api_key header, or as Virto also accepts it the
// api_key query parameter (the request log leaves queries out), and checks the key's role: 401
// without a valid key, 403 without the permission, both as JSON.
func (s *Server) WithAPIKey(access auth.Permission, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := cmp.Or(r.Header.Get("api_key"), r.URL.Query().Get("api_key"))
		if token == "" {
			writeJSON(w, http.StatusUnauthorized, apiError{Message: "Send an API key in the api_key header or query parameter."})
			return
		}
		u, err := s.Store.APIPrincipal(r.Context(), token)
		if errors.Is(err, store.ErrBadAPIKey) {
			writeJSON(w, http.StatusUnauthorized, apiError{Message: "This API key is unknown or was revoked."})
			return
		}
		if err != nil {
			s.apiServerError(w, r, err)
			return
		}
		if !u.Can(access) {
			writeJSON(w, http.StatusForbidden, apiError{Message: "This key's role does not include " + string(access) + "."})
			return
		}
		base.State(r).User = &u
		next.ServeHTTP(w, r)
	})
}

func (s *Server) apiOrderByID(w http.ResponseWriter, r *http.Request) {
	o, err := s.Store.Order(r.Context(), r.PathValue("id"))
	s.apiOrder(w, r, o, err)
}

// apiOrderByNumber finds an order by number; ?storeId= picks one when an imported number is
// held by orders of several stores, which is otherwise answered 400 naming each with its store.
func (s *Server) apiOrderByNumber(w http.ResponseWriter, r *http.Request) {
	id, err := s.Store.OrderIDByNumber(r.Context(), r.PathValue("number"), r.URL.Query().Get("storeId"), base.ViewerOf(base.State(r).User).Scope)
	var ambiguous *store.AmbiguousNumberError
	if errors.As(err, &ambiguous) {
		writeJSON(w, http.StatusBadRequest, apiError{Message: ambiguous.Error() + ". Ask again with ?storeId=, or by id.",
			Errors: map[string]string{"storeId": "needed: " + ambiguous.Number + " names orders in several stores"}})
		return
	}
	var o *order.CustomerOrder
	if err == nil {
		o, err = s.Store.Order(r.Context(), id)
	}
	s.apiOrder(w, r, o, err)
}

func (s *Server) apiOrderByOuterID(w http.ResponseWriter, r *http.Request) {
	id, err := s.Store.OrderIDByOuterID(r.Context(), r.PathValue("outerId"), base.ViewerOf(base.State(r).User).Scope)
	var o *order.CustomerOrder
	if err == nil {
		o, err = s.Store.Order(r.Context(), id)
	}
	s.apiOrder(w, r, o, err)
}

// apiOrder answers with one order: 404 when it does not exist or is outside the key's scopes
// (a 403 would tell that it exists), and without any money for keys that may not read prices.
func (s *Server) apiOrder(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, err error) {
	u := base.State(r).User
	switch {
	case errors.Is(err, order.ErrNotFound) || (err == nil && !u.InScope(o.StoreID, o.EmployeeID)):
		writeJSON(w, http.StatusNotFound, apiError{Message: "There is no such order."})
		return
	case err != nil:
		s.apiServerError(w, r, err)
		return
	}
	g := responseGroupOf(r)
	s.writeVisibleAs(w, r, http.StatusOK, wholeOrderJSON(o, g), g)
}

// responseGroupOf is the response group a read asks for: Virto's respGroup query parameter
// (responseGroup on its outer-id reads), Full when absent.
func responseGroupOf(r *http.Request) order.ResponseGroup {
	q := r.URL.Query()
	return order.ParseResponseGroup(cmp.Or(q.Get("respGroup"), q.Get("responseGroup")))
}

// apiOrderJSON is an order as the API reads it out: Virto's shape (the parts its response
// group names) plus rowVersion and, for a whole order, its balance, which is derived
// (order.OrderBalance) and ignored when sent back.
type apiOrderJSON struct {
	order   *order.CustomerOrder
	balance *apiBalance
}

// apiBalance is order.Balance in the order's currency; every figure is money, so keys that
// may not read prices get none of them.
type apiBalance struct {
	Paid     decimal.Decimal `json:"paidAmount"`
	Refunded decimal.Decimal `json:"refundedAmount"`
	NetPaid  decimal.Decimal `json:"netPaidAmount"`
	Due      decimal.Decimal `json:"balanceDueAmount"`
	Credit   decimal.Decimal `json:"creditAmount"`
}

// wholeOrderJSON presents an order read whole, as group g asks; its balance comes from all
// its payments, whatever g leaves out.
func wholeOrderJSON(o *order.CustomerOrder, g order.ResponseGroup) apiOrderJSON {
	b := order.OrderBalance(o)
	return apiOrderJSON{order: order.ForRead(o, g), balance: &apiBalance{Paid: b.Paid, Refunded: b.Refunded, NetPaid: b.NetPaid, Due: b.Due, Credit: b.Credit}}
}

// MarshalJSON writes the order's own JSON with rowVersion (Virto's concurrency token for
// Version) and the balance added to it.
func (a apiOrderJSON) MarshalJSON() ([]byte, error) {
	doc, err := json.Marshal(a.order)
	if err != nil {
		return nil, err
	}
	extra, err := json.Marshal(struct {
		RowVersion string      `json:"rowVersion"`
		Balance    *apiBalance `json:"balance,omitempty"`
	}{rowVersion(a.order.Version), a.balance})
	if err != nil {
		return nil, err
	}
	// Both are JSON objects: join their members.
	if len(doc) == 2 {
		return extra, nil
	}
	return append(append(doc[:len(doc)-1:len(doc)-1], ','), extra[1:]...), nil
}

// visibleAs is v as the caller may see it in response group g: whole; without any money for
// keys that may not read prices; with every amount 0 for groups without WithPrices, as Virto
// answers them. The JSON is decoded and the money fields redacted, so no shape is missed.
func visibleAs(r *http.Request, v any, g order.ResponseGroup) (any, error) {
	mayRead := base.State(r).User.Can(auth.OrderReadPrices)
	if g.Has(order.WithPrices) && mayRead {
		return v, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		return nil, err
	}
	if !mayRead {
		return audit.WithoutMoney(tree), nil
	}
	return audit.ZeroMoney(tree), nil
}

// writeVisible writes v as the caller may see it.
func (s *Server) writeVisible(w http.ResponseWriter, r *http.Request, status int, v any) {
	s.writeVisibleAs(w, r, status, v, order.ResponseGroupFull)
}

// writeVisibleAs writes v as the caller may see it in response group g.
func (s *Server) writeVisibleAs(w http.ResponseWriter, r *http.Request, status int, v any, g order.ResponseGroup) {
	out, err := visibleAs(r, v, g)
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	writeJSON(w, status, out)
}

func (s *Server) apiServerError(w http.ResponseWriter, r *http.Request, err error) {
	var forbidden *policy.ForbiddenChangeError
	if errors.As(err, &forbidden) {
		writeJSON(w, http.StatusForbidden, apiError{Message: "This key may not make this change: " + forbidden.Error() + "."})
		return
	}
	s.Log.Error("api error", "request_id", base.RequestID(r), "method", r.Method, "path", r.URL.Path, "err", err)
	if o, ok := base.Outage(err); ok {
		w.Header().Set("Retry-After", base.RetryAfterSeconds)
		writeJSON(w, http.StatusServiceUnavailable, apiError{Message: o.Title + ". " + o.Message + " Reference: " + base.RequestID(r)})
		return
	}
	writeJSON(w, http.StatusInternalServerError, apiError{Message: "The request could not be completed; nothing was changed. Reference: " + base.RequestID(r)})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

//go:embed openapi.json
var openAPI []byte

// openAPIDoc serves the API's OpenAPI description.
func (s *Server) openAPIDoc(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(openAPI)
}
