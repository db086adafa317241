package staff

import (
	"cmp"
	"net/http"
	"strings"

	"github.com/gorilla/csrf"

	"orderdesk/internal/auth"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
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
	if base.State(r).User.Can(auth.OrderUpdateShipments) {
		v.FieldURL = "/field/orders/" + o.ID
	}
	if base.State(r).User.Can(auth.OrderCreate) {
		v.DuplicateURL = "/orders/" + o.ID + "/duplicate"
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

// editing builds every form of the live order page; st, when set, is the state of one of them.
func (s *Server) editing(r *http.Request, o *order.CustomerOrder, showPrices bool, st *formState) (*orderpage.Editing, error) {
	e := &orderpage.Editing{CSRF: csrf.Token(r), Version: o.Version}
	if o.IsReadOnly() {
		e.Locked = "This order is " + strings.ToLower(cmp.Or(o.Status, "locked")) +
			": its lines, prices and details can no longer be edited. Payments, refunds and returns stay open below."
		if o.IsCancelled {
			e.Locked = "This order is cancelled: it can no longer be edited."
		}
		return e, nil
	}
	eo, err := s.editOptions(r.Context(), o)
	if err != nil {
		return nil, err
	}
	pick := func(ef editForm) orderpage.Form {
		if st != nil && st.key == ef.key {
			return ef.toView(o, st)
		}
		return ef.toView(o, nil)
	}
	e.Header = pick(headerForm(o, eo, showPrices))
	if order.CanCancelOrder(o) == nil {
		c := pick(cancelForm(o))
		e.Cancel = &c
	}
	e.Lines = map[string]orderpage.Form{}
	for _, li := range o.Items {
		e.Lines[li.ID] = pick(lineForm(o, li.ID, eo, showPrices))
	}
	e.Addresses = map[string]orderpage.Form{}
	for _, a := range o.Addresses {
		e.Addresses[a.ID] = pick(addressForm(o, a.ID))
	}
	if cf := propertiesForm(o); len(cf.fields) > 0 {
		f := pick(cf)
		e.Custom = &f
	}
	add := pick(addPropertyForm(o))
	e.AddCustom = &add
	return e, nil
}

// livePage builds the whole live order page, with one form's state when st is set.
func (s *Server) livePage(r *http.Request, o *order.CustomerOrder, st *formState) (orderpage.Page, error) {
	ctx := r.Context()
	returns, err := s.Store.Returns(ctx, o.ID)
	if err != nil {
		return orderpage.Page{}, err
	}
	recent, err := s.Store.History(ctx, store.HistoryFilter{OrderID: o.ID, Limit: timelineChanges, ChangesPerSet: 40})
	if err != nil {
		return orderpage.Page{}, err
	}
	u := base.State(r).User
	showPrices := u.Can(auth.OrderReadPrices)
	v := orderView(o, returns, showPrices, s.Store.Rules().Statuses)
	v.Recent = recentEntries(recent.Sets, s.wording(r))
	if err := s.withTimeline(r, o, &v, recent.Sets, nil); err != nil {
		return orderpage.Page{}, err
	}
	if err := s.attachShipmentPhotos(ctx, &v, o.ID); err != nil {
		return orderpage.Page{}, err
	}
	if u.Can(auth.OrderUpdate) {
		if v.Edit, err = s.editing(r, o, showPrices, st); err != nil {
			return orderpage.Page{}, err
		}
	}
	v.Pay = s.paymentsPanel(r, o, returns, st)
	if v.Pay != nil {
		compactMoneyDocuments(v.Documents)
	}
	if err := s.shippingView(r, o, &v, st); err != nil {
		return orderpage.Page{}, err
	}
	if u.Can(auth.TaxManage) {
		if v.AvaTax, err = s.avataxPanel(r, o); err != nil {
			return orderpage.Page{}, err
		}
	}
	if v.Tags, err = s.tagsBox(r, o); err != nil {
		return orderpage.Page{}, err
	}
	if v.Customer, err = s.customerPanel(r, o); err != nil {
		return orderpage.Page{}, err
	}
	return v, nil
}
