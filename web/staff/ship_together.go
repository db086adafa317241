package staff

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/csrf"

	"orderdesk/internal/auth"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/templates/layout"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// maxTogether bounds how many orders one consignment may serve from the desk.
const maxTogether = 10

// shipTogether is one shipment for several orders of one customer at one address. The first
// POST (from the order list's ticked rows or the order page's choice) shows each order's lines
// prefilled with what is left; the second (step=create) makes each order its part, all in one
// transaction (store.CreateConsignment). Orders outside the user's scopes are "not found".
func (s *Server) shipTogether(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Unreadable form", "The form could not be read. Reload the page and try again.")
		return
	}
	orderIDs := togetherOrderIDs(r.PostForm)
	back := togetherBack(orderIDs, r.Referer())
	p := orderpage.TogetherPage{CSRF: csrf.Token(r), Back: back}
	switch {
	case len(orderIDs) < 2:
		s.Flash(w, r, layout.FlashWarning, "Tick at least two orders of one customer to ship together.")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	case len(orderIDs) > maxTogether:
		p.Error = "At most " + strconv.Itoa(maxTogether) + " orders can travel in one shipment."
		s.Page(w, r, http.StatusUnprocessableEntity, "Ship together", orderpage.TogetherPageView(p))
		return
	}
	orders, ok := s.togetherOrders(w, r, orderIDs)
	if !ok {
		return
	}
	create := r.PostForm.Get("step") == "create"
	st := &formState{raw: map[string]string{}, errs: map[string]string{}}
	if create {
		for k, v := range r.PostForm {
			if len(v) > 0 {
				st.raw[k] = v[len(v)-1]
			}
		}
	}
	if err := order.Consignable(orders); err != nil {
		p.Error = "These orders cannot travel in one shipment: " + fieldMessage(err) + "."
		s.renderTogether(w, r, http.StatusUnprocessableEntity, p, orders, st, false)
		return
	}
	if !create {
		s.renderTogether(w, r, http.StatusOK, p, orders, nil, true)
		return
	}
	s.createConsignment(w, r, p, orders, st)
}

// createConsignment is ship-together's second step: each order gets its part, all saved in one
// transaction; what cannot be shipped comes back at its input.
func (s *Server) createConsignment(w http.ResponseWriter, r *http.Request, p orderpage.TogetherPage, orders []*order.CustomerOrder, st *formState) {
	ctx := r.Context()
	// Someone saved one of the orders since the page was shown: show them as they are now.
	var changed []string
	for _, o := range orders {
		if r.PostForm.Get("version."+o.ID) != strconv.Itoa(o.Version) {
			changed = append(changed, o.Number)
		}
	}
	if len(changed) > 0 {
		p.Error = strings.Join(changed, ", ") + " changed since this page was shown; check the quantities and create again."
		s.renderTogether(w, r, http.StatusConflict, p, orders, &formState{raw: map[string]string{}, errs: map[string]string{}}, true)
		return
	}
	tmpl, ferrs := parseTogetherFields(r.PostForm)
	for k, v := range ferrs {
		st.errs[k] = v
	}
	cid := order.NewID()
	orderErrs := addConsignmentParts(orders, r.PostForm, s.Store.Rules().Statuses, cid, &tmpl, st.errs)
	if len(st.errs) > 0 || len(orderErrs) > 0 {
		for _, o := range orders { // render from the stored orders, not the unsaved parts
			o.Shipments = slices.DeleteFunc(o.Shipments, func(sh order.Shipment) bool { return sh.ConsignmentID == cid })
		}
		p.Error = "Not created: check the marked fields."
		s.renderTogetherWith(w, r, http.StatusUnprocessableEntity, p, orders, st, orderErrs)
		return
	}
	err := s.Desk.ShipTogether(ctx, s.Actor(r), cid, orders)
	var fe order.Problems
	var conflict *order.ConflictError
	switch {
	case errors.As(err, &conflict):
		p.Error = "Someone saved one of these orders at the same moment; check the quantities and create again."
		for _, o := range orders {
			if fresh, err := s.Store.Order(ctx, o.ID); err == nil {
				*o = *fresh
			}
		}
		s.renderTogether(w, r, http.StatusConflict, p, orders, &formState{raw: map[string]string{}, errs: map[string]string{}}, true)
		return
	case errors.As(err, &fe):
		for _, o := range orders {
			o.Shipments = slices.DeleteFunc(o.Shipments, func(sh order.Shipment) bool { return sh.ConsignmentID == cid })
		}
		p.Error = "Not created: " + fieldMessage(fe) + "."
		s.renderTogether(w, r, http.StatusUnprocessableEntity, p, orders, st, true)
		return
	case err != nil:
		s.ServerError(w, r, err)
		return
	}
	var numbers []string
	for _, o := range orders {
		numbers = append(numbers, o.Number)
	}
	first := orders[0]
	part := order.ConsignmentParts(first, cid)[0]
	s.Flash(w, r, layout.FlashSuccess, "Shipment "+part.Number+" carries "+strings.Join(numbers, ", ")+".")
	http.Redirect(w, r, "/orders/"+first.ID+"#doc-"+part.ID, http.StatusSeeOther)
}

// togetherOrderIDs are the form's distinct, well-formed order ids, in the order sent.
func togetherOrderIDs(form url.Values) []string {
	var out []string
	for _, id := range form["id"] {
		if ids.Valid(id) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// togetherBack is where "Back" goes: the list the orders were ticked on, else the first order.
func togetherBack(orderIDs []string, referer string) string {
	if ref, err := url.Parse(referer); err == nil && ref.Path == "/orders" {
		return ref.RequestURI()
	}
	if len(orderIDs) > 0 {
		return "/orders/" + orderIDs[0]
	}
	return "/orders"
}

// togetherOrders loads the orders, every one in the user's scopes (else "not found"); false
// means answered.
func (s *Server) togetherOrders(w http.ResponseWriter, r *http.Request, orderIDs []string) ([]*order.CustomerOrder, bool) {
	ctx := r.Context()
	inScope, err := s.Store.OrderIDsInScope(ctx, orderIDs, base.ViewerOf(base.State(r).User).Scope)
	if err != nil {
		s.ServerError(w, r, err)
		return nil, false
	}
	if len(inScope) != len(orderIDs) {
		s.NotFound(w, r)
		return nil, false
	}
	orders := make([]*order.CustomerOrder, 0, len(orderIDs))
	for _, id := range orderIDs { // at most maxTogether whole orders: what is saved must be loaded
		o, err := s.Store.Order(ctx, id)
		if err != nil {
			s.ServerError(w, r, err)
			return nil, false
		}
		orders = append(orders, o)
	}
	return orders, true
}

// addConsignmentParts adds to each order its part of consignment cid, with the units the form
// asks for ("qty.<order>.<line>") and the shipment fields of tmpl. Messages at inputs go into
// errs; an order with nothing to ship is named in the result.
func addConsignmentParts(orders []*order.CustomerOrder, form url.Values, rules order.StatusRules, cid string,
	tmpl *order.Shipment, errs map[string]string) map[string]string {
	orderErrs := map[string]string{}
	for _, o := range orders {
		units := map[string]int{}
		for _, li := range o.Items {
			name := "qty." + o.ID + "." + li.ID
			q := strings.TrimSpace(form.Get(name))
			if q == "" || q == "0" || li.IsCancelled {
				continue
			}
			n, err := order.ParseQuantity(q)
			if err != nil {
				errs[name] = err.Error()
				continue
			}
			units[li.ID] = n
		}
		part := order.ConsignmentPart(o, rules, cid, tmpl, units)
		for k, msg := range order.ValidateShipment(o, &part) {
			if name, ok := shipInputOf(&part, k); ok && strings.HasPrefix(name, "qty.") {
				errs["qty."+o.ID+"."+strings.TrimPrefix(name, "qty.")] = msg
			} else if _, ok := errs[k]; !ok && (k == "trackingUrl" || k == "deliveryDate") {
				errs[k] = msg
			} else if k == "items" {
				orderErrs[o.ID] = "Ship at least one unit of this order, or leave the order out."
			}
		}
		o.Shipments = append(o.Shipments, part)
	}
	return orderErrs
}

// fieldMessage is a validation error's messages without the field names.
func fieldMessage(err error) string {
	var fe order.Problems
	if !errors.As(err, &fe) {
		return err.Error()
	}
	var out []string
	for _, k := range sortedKeys(fe) {
		out = append(out, fe[k])
	}
	return strings.Join(out, "; ")
}

var togetherInputs = []struct{ name, label, kind string }{
	{"fulfillmentCenterName", "Ship from", "text"},
	{"shipmentMethodCode", "Method (carrier)", "text"},
	{"shipmentMethodOption", "Option", "text"},
	{"trackingNumber", "Tracking number", "text"},
	{"trackingUrl", "Tracking URL", "text"},
	{"deliveryDate", "Delivery date", "date"},
	{"comment", "Comment", "textarea"},
}

// parseTogetherFields reads the fields every part shares.
func parseTogetherFields(form url.Values) (order.Shipment, map[string]string) {
	errs := map[string]string{}
	get := func(n string) string { return strings.TrimSpace(form.Get(n)) }
	sh := order.Shipment{
		FulfillmentCenterName: get("fulfillmentCenterName"), ShipmentMethodCode: get("shipmentMethodCode"),
		ShipmentMethodOption: get("shipmentMethodOption"), TrackingNumber: get("trackingNumber"), TrackingURL: get("trackingUrl"),
	}
	sh.Comment = get("comment")
	d, err := parseDay(get("deliveryDate"))
	if err != nil {
		errs["deliveryDate"] = err.Error()
	}
	sh.DeliveryDate = d
	own := sh.Validate()
	for _, in := range togetherInputs {
		if msg, ok := own[in.name]; ok {
			errs[in.name] = msg
		}
	}
	return sh, errs
}

func (s *Server) renderTogether(w http.ResponseWriter, r *http.Request, status int, p orderpage.TogetherPage, orders []*order.CustomerOrder, st *formState, canCreate bool) {
	if !canCreate {
		p.CanCreate = false
		for _, o := range orders {
			p.Orders = append(p.Orders, orderpage.TogetherPart{ID: o.ID, Number: o.Number, URL: "/orders/" + o.ID, Version: o.Version,
				Error: addressProblem(orders[0], o)})
		}
		s.Page(w, r, status, "Ship together", orderpage.TogetherPageView(p))
		return
	}
	s.renderTogetherWith(w, r, status, p, orders, st, nil)
}

// addressProblem says where an order goes when it is not where the first one goes.
func addressProblem(first, o *order.CustomerOrder) string {
	if o.CustomerID != first.CustomerID {
		return "Customer: " + o.CustomerName
	}
	if order.AddressKey(o.ShippingAddress()) != order.AddressKey(first.ShippingAddress()) {
		return "Goes to " + addressLine(o.ShippingAddress())
	}
	return ""
}

func (s *Server) renderTogetherWith(w http.ResponseWriter, r *http.Request, status int, p orderpage.TogetherPage, orders []*order.CustomerOrder,
	st *formState, orderErrs map[string]string) {
	p.CanCreate = true
	raw := func(name, def string) string {
		if st != nil {
			if v, ok := st.raw[name]; ok {
				return v
			}
		}
		return def
	}
	errOf := func(name string) string {
		if st != nil {
			return st.errs[name]
		}
		return ""
	}
	if a := orders[0].ShippingAddress(); a != nil {
		p.Address = addressView(*a, "").Lines
	}
	for _, o := range orders {
		part := orderpage.TogetherPart{ID: o.ID, Number: o.Number, URL: "/orders/" + o.ID, Version: o.Version, Error: orderErrs[o.ID]}
		left := order.Shipping(o)
		for _, li := range o.Items {
			if li.IsCancelled {
				continue
			}
			name := "qty." + o.ID + "." + li.ID
			ls := left[li.ID]
			part.Lines = append(part.Lines, orderpage.ShipLine{LineID: li.ID, Sku: li.Sku, Name: li.Name, Ordered: li.Quantity,
				Left: ls.Remaining, Qty: raw(name, strconv.Itoa(ls.Remaining)), Error: errOf(name)})
		}
		p.Orders = append(p.Orders, part)
	}
	for _, in := range togetherInputs {
		p.Fields = append(p.Fields, orderpage.Input{Name: in.name, Label: in.label, Kind: in.kind, Value: raw(in.name, ""), Error: errOf(in.name)})
	}
	s.Page(w, r, status, "Ship together", orderpage.TogetherPageView(p))
}

// canShipTogether: the order list offers "Ship together" to those who may update shipments.
func canShipTogether(u *auth.User) bool { return u.Can(auth.OrderUpdateShipments) }
