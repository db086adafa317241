package staff

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/csrf"

	"orderdesk/internal/desk"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/templates/layout"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// consignmentInputs are what the parts of one parcel share and are changed together: its
// status, and the shipment form's own inputs for the carrier, tracking and delivery date.
var consignmentInputs = append([]shipInput{{name: "status", label: "Status", kind: "select"}},
	shipInputsNamed("shipmentMethodCode", "shipmentMethodOption", "trackingNumber", "trackingUrl", "deliveryDate")...)

// consignmentOrders loads a consignment's orders (all within the user's scopes, else "not
// found") and their parts that are not cancelled. On false the response has been written.
func (s *Server) consignmentOrders(w http.ResponseWriter, r *http.Request, id string) ([]*order.CustomerOrder, []*order.Shipment, bool) {
	ctx := r.Context()
	parts, err := s.Store.ConsignmentParts(ctx, []string{id})
	if err != nil {
		s.ServerError(w, r, err)
		return nil, nil, false
	}
	var ids []string
	for _, p := range parts[id] {
		if !slices.Contains(ids, p.OrderID) {
			ids = append(ids, p.OrderID)
		}
	}
	inScope, err := s.Store.OrderIDsInScope(ctx, ids, base.ViewerOf(base.State(r).User).Scope)
	if err != nil {
		s.ServerError(w, r, err)
		return nil, nil, false
	}
	if len(ids) == 0 || len(inScope) != len(ids) {
		s.NotFound(w, r)
		return nil, nil, false
	}
	var orders []*order.CustomerOrder
	var live []*order.Shipment
	for _, oid := range ids { // a consignment serves at most maxTogether orders from the desk
		o, err := s.Store.Order(ctx, oid)
		if err != nil {
			s.ServerError(w, r, err)
			return nil, nil, false
		}
		orders = append(orders, o)
		for _, sh := range order.ConsignmentParts(o, id) {
			if !sh.IsCancelled {
				live = append(live, sh)
			}
		}
	}
	return orders, live, true
}

// consignmentPage (GET /shipments/consignments/{id}) shows one parcel's parts and the form of
// what they share.
func (s *Server) consignmentPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !ids.Valid(id) {
		s.NotFound(w, r)
		return
	}
	orders, live, ok := s.consignmentOrders(w, r, id)
	if !ok {
		return
	}
	s.renderConsignment(w, r, http.StatusOK, id, orders, live, nil, "")
}

// updateConsignment (POST) sets the shared fields on every part that is not cancelled, each in
// its own order with its own change set, all in one transaction. A status is checked against
// each part's transitions; a part whose order is locked stops the whole update.
func (s *Server) updateConsignment(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !ids.Valid(id) {
		s.NotFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Unreadable form", "The form could not be read. Reload the page and try again.")
		return
	}
	orders, live, ok := s.consignmentOrders(w, r, id)
	if !ok {
		return
	}
	st := &formState{raw: map[string]string{}, errs: map[string]string{}}
	for _, f := range consignmentInputs {
		st.raw[f.name] = strings.TrimSpace(r.PostForm.Get(f.name))
	}
	if status, problem, keep := consignmentBlocked(orders, live, id, r.PostForm); problem != "" {
		if !keep {
			st = nil
		}
		s.renderConsignment(w, r, status, id, orders, live, st, problem)
		return
	}
	date, err := parseDay(st.raw["deliveryDate"])
	if err != nil {
		st.errs["deliveryDate"] = err.Error()
	}
	desk.UpdateConsignment(live, desk.ConsignmentFields{Status: st.raw["status"],
		MethodCode: st.raw["shipmentMethodCode"], MethodOption: st.raw["shipmentMethodOption"],
		TrackingNumber: st.raw["trackingNumber"], TrackingURL: st.raw["trackingUrl"], DeliveryDate: date})
	consignmentErrors(orders, id, st.errs)
	if len(st.errs) > 0 {
		s.renderConsignment(w, r, http.StatusUnprocessableEntity, id, orders, live, st, "Not saved: check the marked fields.")
		return
	}
	err = s.Desk.SaveConsignment(r.Context(), s.Actor(r), orders)
	var fe order.Problems
	var conflict *order.ConflictError
	switch {
	case errors.As(err, &conflict):
		if orders, live, ok = s.consignmentOrders(w, r, id); ok {
			s.renderConsignment(w, r, http.StatusConflict, id, orders, live, nil,
				"Someone saved one of these orders at the same moment; it now shows the parcel as it is. Check and save again.")
		}
		return
	case errors.As(err, &fe):
		// Store keys are "CO…: shipments[i].status": name the order and the field.
		for _, k := range sortedKeys(fe) {
			field := k[strings.LastIndex(k, ".")+1:]
			if _, ok := st.raw[field]; ok && st.errs[field] == "" {
				st.errs[field] = strings.SplitN(k, ":", 2)[0] + ": " + fe[k]
			}
		}
		if len(st.errs) == 0 {
			s.renderConsignment(w, r, http.StatusUnprocessableEntity, id, orders, live, st, "Not saved: "+fieldMessage(fe)+".")
			return
		}
		s.renderConsignment(w, r, http.StatusUnprocessableEntity, id, orders, live, st, "Not saved: check the marked fields.")
		return
	case err != nil:
		s.ServerError(w, r, err)
		return
	}
	s.Flash(w, r, layout.FlashSuccess, "Saved on every order of the parcel.")
	back := "/shipments/consignments/" + id
	if from := r.PostForm.Get("from"); ids.Valid(from) {
		back = "/orders/" + from
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// consignmentBlocked says why the parcel's form cannot be saved as sent, if it cannot: every
// part cancelled, an order locked, or an order saved since the page was shown. keep says
// whether the form should come back as typed.
func consignmentBlocked(orders []*order.CustomerOrder, live []*order.Shipment, id string, form url.Values) (status int, problem string, keep bool) {
	var changed, locked []string
	for _, o := range orders {
		if form.Get("version."+o.ID) != strconv.Itoa(o.Version) {
			changed = append(changed, o.Number)
		}
		for _, sh := range order.ConsignmentParts(o, id) {
			if o.IsReadOnly() && !sh.IsCancelled {
				locked = append(locked, o.Number)
			}
		}
	}
	switch {
	case len(live) == 0:
		return http.StatusConflict, "Every part of this parcel is cancelled: nothing to change.", false
	case len(locked) > 0:
		return http.StatusConflict, strings.Join(locked, ", ") + " can no longer be edited. Nothing was saved.", true
	case len(changed) > 0:
		return http.StatusConflict, strings.Join(changed, ", ") + " changed since this page was shown; it now shows the parcel as it is. Check and save again.", false
	}
	return 0, "", false
}

// consignmentErrors checks every part of the parcel in its order and puts the first message
// for each shared field, naming the order, into errs.
func consignmentErrors(orders []*order.CustomerOrder, id string, errs map[string]string) {
	for _, o := range orders {
		for _, sh := range order.ConsignmentParts(o, id) {
			fe := order.ValidateShipment(o, sh)
			fe.Merge("", sh.Validate())
			for _, f := range consignmentInputs {
				if msg, ok := fe[f.name]; ok && errs[f.name] == "" {
					errs[f.name] = o.Number + ": " + msg
				}
			}
		}
	}
}

func (s *Server) renderConsignment(w http.ResponseWriter, r *http.Request, status int, id string, orders []*order.CustomerOrder,
	live []*order.Shipment, st *formState, problem string) {
	p := orderpage.ConsignmentPage{CSRF: csrf.Token(r), Action: "/shipments/consignments/" + id, Error: problem, From: r.URL.Query().Get("from")}
	if r.Method == http.MethodPost {
		p.From = r.PostForm.Get("from")
	}
	if !ids.Valid(p.From) {
		p.From = ""
	}
	for _, o := range orders {
		p.Versions = append(p.Versions, orderpage.OrderVersion{ID: o.ID, Version: strconv.Itoa(o.Version)})
		for _, sh := range order.ConsignmentParts(o, id) {
			items := []string{}
			for _, it := range sh.Items {
				sku := it.LineItemID
				if li := o.LineItem(it.LineItemID); li != nil {
					sku = li.Sku
				}
				items = append(items, sku+" × "+strconv.Itoa(it.Quantity))
			}
			p.Parts = append(p.Parts, orderpage.ConsignmentPart{OrderURL: "/orders/" + o.ID + "#doc-" + sh.ID, OrderNumber: o.Number,
				ShipmentNumber: sh.Number, Status: s.Store.Rules().Statuses.Label(order.TypeShipment, sh.Status), Cancelled: sh.IsCancelled, Items: strings.Join(items, ", ")})
		}
	}
	if len(live) > 0 {
		first := live[0]
		// Statuses every part may move to next.
		rules := s.Store.Rules().Statuses
		var common []string
		for _, next := range rules.NextStatuses(order.TypeShipment, first.Status) {
			ok := next != order.ShipmentCancelled
			for _, sh := range live[1:] {
				ok = ok && rules.ValidateTransition(order.TypeShipment, sh.Status, next) == nil
			}
			if ok {
				common = append(common, next)
			}
		}
		opts := []orderpage.Option{{Value: "", Label: "(unchanged)"}}
		for _, c := range common {
			opts = append(opts, orderpage.Option{Value: c, Label: rules.Label(order.TypeShipment, c)})
		}
		date := ""
		if first.DeliveryDate != nil {
			date = first.DeliveryDate.UTC().Format(dateLayout)
		}
		for _, f := range consignmentInputs {
			in := orderpage.Input{Name: f.name, Label: f.label, Kind: f.kind}
			switch {
			case f.name == "status":
				in.Options = opts
			case f.kind == "date":
				in.Value = date
			case f.text != nil:
				in.Value = *f.text(first)
			}
			if st != nil {
				in.Value, in.Error = st.raw[f.name], st.errs[f.name]
			}
			p.Fields = append(p.Fields, in)
		}
	}
	s.Page(w, r, status, "Parcel", orderpage.ConsignmentPageView(p))
}
