package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
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
	s.writePayment(w, r, o, r.PathValue("id"))
}

// writePayment answers with one payment of o as the read's response group asks (Virto's
// PaymentIn.ReduceDetails), its captures' and refunds' items with their lines.
func (s *Server) writePayment(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, id string) {
	g := responseGroupOf(r)
	s.writeVisibleAs(w, r, http.StatusOK, order.ForRead(o, g|order.WithInPayments).Payment(id), g)
}

func (s *Server) apiGetShipment(w http.ResponseWriter, r *http.Request) {
	o, ok := s.apiDocumentOrder(w, r, "shipment", r.PathValue("id"), "")
	if !ok {
		return
	}
	g := responseGroupOf(r)
	s.writeVisibleAs(w, r, http.StatusOK, order.ForRead(o, g|order.WithShipments).Shipment(r.PathValue("id")), g)
}

// apiSavePayment is POST/PUT /api/order/payments: create or update one payment of an order.
func (s *Server) apiSavePayment(w http.ResponseWriter, r *http.Request) {
	var p order.PaymentIn
	if err := json.NewDecoder(r.Body).Decode(&p); err != nil || p.OrderID == "" {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "Send a payment in JSON with its orderId.", Errors: map[string]string{"orderId": "required"}})
		return
	}
	order.FoldNestedPayment(&p)
	if !fitColumns(w, &p) {
		return
	}
	o, ok := s.apiDocumentOrder(w, r, "payment", p.ID, p.OrderID)
	if !ok {
		return
	}
	s.apiSaveThroughOrder(w, r, o, func(work *order.CustomerOrder) {
		if cur := work.Payment(p.ID); cur != nil && p.ID != "" {
			*cur = p
			return
		}
		// A new payment takes the order's customer and currency unless it names its own, as
		// Virto's payment template does.
		np := p
		if np.CustomerID == "" {
			np.CustomerID, np.CustomerName = work.CustomerID, work.CustomerName
		}
		if np.Currency == "" {
			np.Currency = work.Currency
		}
		work.InPayments = append(work.InPayments, np)
	}, func(saved *order.CustomerOrder) any {
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
	apply := func(work *order.CustomerOrder) {
		if cur := work.Shipment(sh.ID); cur != nil && sh.ID != "" {
			*cur = sh
		} else {
			work.Shipments = append(work.Shipments, sh)
		}
		order.FoldNested(work) // the shipment's items may name their lines by lineItem, its payments nested
	}
	s.apiSaveThroughOrder(w, r, o, apply, func(saved *order.CustomerOrder) any {
		if sh.ID != "" {
			return saved.Shipment(sh.ID)
		}
		return &saved.Shipments[len(saved.Shipments)-1]
	})
}

// apiSaveThroughOrder applies one document's write to the order as stored, with the payment
// cancellations the change asks for, and answers with the saved document pick returns. The
// client named no version of the order, so someone else's save meanwhile is kept: the write is
// applied again to the order as it is then (as Virto saves a document over whatever is stored).
func (s *Server) apiSaveThroughOrder(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, apply func(work *order.CustomerOrder), pick func(*order.CustomerOrder) any) {
	saved, _, err := s.Desk.Edit(r.Context(), s.apiActor(r), o, func(current, work *order.CustomerOrder) error {
		apply(work)
		return desk.SettleCancellations(current, work, s.Now())
	})
	if err != nil {
		s.apiWriteError(w, r, err)
		return
	}
	s.writeVisible(w, r, http.StatusOK, pick(order.ForRead(saved, order.ResponseGroupFull)))
}

// documentCriteria is Virto's PaymentSearchCriteria and ShipmentSearchCriteria (with
// OrderOperationSearchCriteriaBase), every field of them.
type documentCriteria struct {
	OrderID              string     `json:"orderId"`
	OrderIDs             []string   `json:"orderIds"`
	OrderNumber          string     `json:"orderNumber"`
	IDs                  []string   `json:"ids"`
	OuterIDs             []string   `json:"outerIds"`
	Status               string     `json:"status"`
	Statuses             []string   `json:"statuses"`
	Number               string     `json:"number"`
	Numbers              []string   `json:"numbers"`
	Keyword              string     `json:"keyword"`
	StoreIDs             []string   `json:"storeIds"`
	CustomerID           string     `json:"customerId"`
	EmployeeID           string     `json:"employeeId"`
	StartDate            *time.Time `json:"startDate"`
	EndDate              *time.Time `json:"endDate"` // inclusive, as in Virto
	CapturedStartDate    *time.Time `json:"capturedStartDate"`
	CapturedEndDate      *time.Time `json:"capturedEndDate"`
	AuthorizedStartDate  *time.Time `json:"authorizedStartDate"`
	AuthorizedEndDate    *time.Time `json:"authorizedEndDate"`
	FulfillmentCenterID  string     `json:"fulfillmentCenterId"`
	ShipmentMethodCode   string     `json:"shipmentMethodCode"`
	ShipmentMethodOption string     `json:"shipmentMethodOption"`
	Sort                 string     `json:"sort"` // "createdDate:desc"; one key
	Skip                 int        `json:"skip"`
	Take                 *int       `json:"take"`
}

// apiSearchPayments is POST /api/order/payments/search: {totalCount, results}.
func (s *Server) apiSearchPayments(w http.ResponseWriter, r *http.Request) {
	s.apiSearchDocuments(w, r, func(q store.DocumentSearch) (any, int, bool, error) {
		page, err := s.Store.SearchPayments(r.Context(), q, base.ViewerOf(base.State(r).User).Scope)
		return page.Results, page.Total, page.More, err
	})
}

// apiSearchShipments is POST /api/order/shipments/search: {totalCount, results}.
func (s *Server) apiSearchShipments(w http.ResponseWriter, r *http.Request) {
	s.apiSearchDocuments(w, r, func(q store.DocumentSearch) (any, int, bool, error) {
		page, err := s.Store.SearchShipments(r.Context(), q, base.ViewerOf(base.State(r).User).Scope)
		return page.Results, page.Total, page.More, err
	})
}

// documentSearchOf checks c: the search, else the error to answer with.
func documentSearchOf(c documentCriteria, showPrices bool) (store.DocumentSearch, *apiError) {
	q := store.DocumentSearch{
		OrderIDs: with(c.OrderIDs, c.OrderID), OrderNumber: strings.TrimSpace(c.OrderNumber), IDs: c.IDs, OuterIDs: c.OuterIDs,
		Statuses: with(c.Statuses, c.Status), Numbers: with(c.Numbers, c.Number), Keyword: c.Keyword, StoreIDs: c.StoreIDs,
		CustomerID: strings.TrimSpace(c.CustomerID), EmployeeID: strings.TrimSpace(c.EmployeeID),
		FulfillmentCenterID: c.FulfillmentCenterID, ShipmentMethodCode: c.ShipmentMethodCode, ShipmentMethodOption: c.ShipmentMethodOption,
		Skip: c.Skip, Take: 20,
	}
	if c.Take != nil {
		q.Take = *c.Take
	}
	from := func(t *time.Time) time.Time {
		if t == nil {
			return time.Time{}
		}
		return t.UTC()
	}
	through := func(t *time.Time) time.Time { // Virto's end dates are inclusive
		if t == nil {
			return time.Time{}
		}
		return t.UTC().Add(time.Microsecond)
	}
	q.CreatedFrom, q.CreatedTo = from(c.StartDate), through(c.EndDate)
	q.CapturedFrom, q.CapturedTo = from(c.CapturedStartDate), through(c.CapturedEndDate)
	q.AuthorizedFrom, q.AuthorizedTo = from(c.AuthorizedStartDate), through(c.AuthorizedEndDate)
	errs := map[string]string{}
	if q.Take < 0 || q.Take > 100 {
		errs["take"] = "take must be between 0 and 100"
	}
	if q.Skip < 0 || q.Skip > store.MaxSkip {
		errs["skip"] = "skip must be between 0 and 10000; narrow startDate/endDate to page further"
	}
	if c.Sort != "" {
		name, dir, _ := strings.Cut(strings.Split(c.Sort, ";")[0], ":")
		name = strings.ToLower(strings.TrimSpace(name))
		switch name {
		case "createddate", "modifieddate", "number", "status", "outerid":
		case "sum":
			if !showPrices {
				errs["sort"] = "sorting by sum needs order:read_prices"
			}
		default:
			errs["sort"] = "sort by createdDate, modifiedDate, number, status, sum or outerId"
		}
		q.Sort, q.Desc = name, strings.EqualFold(strings.TrimSpace(dir), "desc")
	}
	if len(errs) > 0 {
		return q, &apiError{Message: "The search criteria are not valid; see errors.", Errors: errs}
	}
	return q, nil
}

func (s *Server) apiSearchDocuments(w http.ResponseWriter, r *http.Request, find func(store.DocumentSearch) (any, int, bool, error)) {
	var c documentCriteria
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "The body is not search criteria in JSON: " + err.Error()})
		return
	}
	q, bad := documentSearchOf(c, base.State(r).User.Can(auth.OrderReadPrices))
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, *bad)
		return
	}
	found, n, more, err := find(q)
	var fe order.Problems
	if errors.As(err, &fe) {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "The search criteria are not valid; see errors.", Errors: fe})
		return
	}
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	if more {
		w.Header().Set("X-Total-Count-Capped", "true")
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

// apiPaymentByOuterID is Virto's GET /api/order/payments/outer/{outerId}: the newest payment
// with that outer id within the key's scopes.
func (s *Server) apiPaymentByOuterID(w http.ResponseWriter, r *http.Request) {
	orderID, id, err := s.Store.PaymentByOuterID(r.Context(), r.PathValue("outerId"), base.ViewerOf(base.State(r).User).Scope)
	if errors.Is(err, order.ErrNotFound) {
		writeJSON(w, http.StatusNotFound, apiError{Message: "There is no such payment."})
		return
	}
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	o, ok := s.apiDocumentOrder(w, r, "payment", id, orderID)
	if !ok {
		return
	}
	s.writePayment(w, r, o, id)
}

// apiDeletePayments is Virto's DELETE /api/order/payments?ids=…: each payment leaves its
// order (a change of the order, authorized change by change: one in effect needs order:delete
// as well). Ids not found, or outside the key's scopes, are skipped, as for orders.
func (s *Server) apiDeletePayments(w http.ResponseWriter, r *http.Request) {
	u := base.State(r).User
	ids := r.URL.Query()["ids"]
	if len(ids) == 0 {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "Name the payments: ?ids=…&ids=…", Errors: map[string]string{"ids": "required"}})
		return
	}
	for _, id := range ids {
		orderID, err := s.Store.OrderIDOfDocument(r.Context(), "payment", id)
		if errors.Is(err, order.ErrNotFound) {
			continue
		}
		var o *order.CustomerOrder
		if err == nil {
			o, err = s.Store.Order(r.Context(), orderID)
		}
		if errors.Is(err, order.ErrNotFound) || (err == nil && !u.InScope(o.StoreID, o.EmployeeID)) {
			continue
		}
		if err == nil {
			_, _, err = s.Desk.Edit(r.Context(), s.apiActor(r), o, func(_, work *order.CustomerOrder) error {
				work.InPayments = slices.DeleteFunc(work.InPayments, func(p order.PaymentIn) bool { return p.ID == id })
				return nil
			})
		}
		if err != nil {
			s.apiWriteError(w, r, err)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}
