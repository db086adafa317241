package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/csrf"

	"orderdesk/internal/auth"
	"orderdesk/internal/listing"
	dom "orderdesk/internal/order"
	"orderdesk/internal/store"
	view "orderdesk/templates/field"
)

// fieldRoutes: the touch-first flow for picking, packing, shipping and delivering.
func (s *Server) fieldRoutes() []route {
	return []route{
		{pattern: "GET /field", access: auth.OrderUpdateShipments, handler: s.fieldFind},
		{pattern: "GET /field/orders/{id}", access: auth.OrderUpdateShipments, handler: s.fieldOrder},
		{pattern: "POST /field/orders/{id}/shipments/{shipment}", access: auth.OrderUpdateShipments, handler: s.fieldStep},
	}
}

// fieldFind finds an order by what was scanned or typed: one match opens it.
func (s *Server) fieldFind(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	v := view.Find{Query: q}
	if q != "" {
		lq, _ := listing.Resolve(listing.Filter{Keyword: q}, s.now(), viewerOf(state(r).user))
		lq.PageSize = 10
		page, err := s.store.ListOrders(r.Context(), lq)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		exact := 0
		for _, row := range page.Rows {
			if row.Exact {
				exact++
			}
		}
		if len(page.Rows) == 1 || exact == 1 {
			http.Redirect(w, r, "/field/orders/"+page.Rows[0].ID, http.StatusSeeOther)
			return
		}
		for _, row := range page.Rows {
			v.Matches = append(v.Matches, view.Match{URL: "/field/orders/" + row.ID, Number: row.Number, Customer: row.CustomerName, Status: row.Status})
		}
		if len(v.Matches) == 0 {
			v.Problem = "Nothing matches " + q + ". Check the number, or scan again."
		}
	}
	s.page(w, r, http.StatusOK, "Field", view.FindPage(v))
}

func (s *Server) fieldOrder(w http.ResponseWriter, r *http.Request) {
	o, ok := s.loadEditable(w, r)
	if !ok {
		return
	}
	s.renderField(w, r, http.StatusOK, o, "", "")
}

func (s *Server) renderField(w http.ResponseWriter, r *http.Request, status int, o *dom.CustomerOrder, done, problem string) {
	v := view.Order{ID: o.ID, Number: o.Number, Customer: o.CustomerName, Version: o.Version, CSRFToken: csrf.Token(r), Done: done, Problem: problem}
	if a := o.ShippingAddress(); a != nil {
		v.Address = strings.Join(nonEmpty(a.Line1, a.City, a.PostalCode, a.CountryName), ", ")
	}
	for _, sh := range o.Shipments {
		if sh.IsCancelled {
			continue
		}
		card := view.Shipment{ID: sh.ID, Number: sh.Number, Status: sh.Status, Tracking: sh.TrackingNumber}
		switch sh.Status {
		case dom.ShipmentNew, dom.ShipmentPickPack:
			card.CanPick = true
			card.CanPack = sh.Status == dom.ShipmentPickPack
		case dom.ShipmentReadyToSend:
			card.CanShip = true
		case dom.ShipmentSent:
			card.Delivered = sh.DeliveryDate != nil
			card.CanDeliver = !card.Delivered
		}
		for _, it := range sh.Items {
			li := o.LineItem(it.LineItemID)
			name, sku := "", ""
			if li != nil {
				name, sku = li.Name, li.Sku
			}
			card.Items = append(card.Items, view.Item{ID: it.ID, Name: name, SKU: sku, Quantity: it.Quantity, Picked: it.Status == "Picked" || it.Status == "Packed"})
		}
		v.Shipments = append(v.Shipments, card)
	}
	s.page(w, r, status, o.Number+" · Field", view.OrderPage(v))
}

// fieldStep takes one step on a shipment: picked, packed, shipped or delivered. A step is
// checked against the shipment as it is now, so a step someone else already took, or one that
// no longer fits, is explained instead of applied twice. Each step is an audited change with
// source "tablet".
func (s *Server) fieldStep(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	o, ok := s.loadEditable(w, r)
	if !ok {
		return
	}
	sh := o.Shipment(r.PathValue("shipment"))
	if sh == nil || sh.IsCancelled {
		s.notFound(w, r)
		return
	}
	step := r.PostForm.Get("step")
	now := s.now().UTC()
	var done string
	switch {
	case step == "picked" && (sh.Status == dom.ShipmentNew || sh.Status == dom.ShipmentPickPack):
		picked := r.PostForm["picked"]
		if len(picked) == 0 {
			s.renderField(w, r, http.StatusUnprocessableEntity, o, "", "Tick the items you picked.")
			return
		}
		all := true
		for i := range sh.Items {
			if slices.Contains(picked, sh.Items[i].ID) {
				sh.Items[i].Status = "Picked"
			}
			all = all && sh.Items[i].Status == "Picked"
		}
		sh.Status = dom.ShipmentPickPack
		done = "Picked " + strconv.Itoa(len(picked)) + " of " + strconv.Itoa(len(sh.Items)) + " items of " + sh.Number + "."
		if !all {
			done += " Pick the rest, then Packed."
		}
	case step == "packed" && sh.Status == dom.ShipmentPickPack:
		for i := range sh.Items {
			if sh.Items[i].Status != "Picked" {
				s.renderField(w, r, http.StatusUnprocessableEntity, o, "", "Some items are not picked yet.")
				return
			}
			sh.Items[i].Status = "Packed"
		}
		sh.Status = dom.ShipmentReadyToSend
		done = sh.Number + " is packed and ready to send."
	case step == "shipped" && sh.Status == dom.ShipmentReadyToSend:
		sh.TrackingNumber = strings.TrimSpace(r.PostForm.Get("tracking"))
		sh.Status = dom.ShipmentSent
		done = sh.Number + " is shipped."
	case step == "delivered" && sh.Status == dom.ShipmentSent && sh.DeliveryDate == nil:
		receiver := strings.TrimSpace(r.PostForm.Get("receiver"))
		if receiver == "" {
			s.renderField(w, r, http.StatusUnprocessableEntity, o, "", "Say who received it.")
			return
		}
		sh.DeliveryDate = &now
		note := "Delivered to " + receiver + "."
		if n := strings.TrimSpace(r.PostForm.Get("note")); n != "" {
			note += " " + n
		}
		sh.Comment = strings.TrimSpace(sh.Comment + "\n" + note)
		done = sh.Number + " is delivered to " + receiver + "."
	default:
		s.renderField(w, r, http.StatusConflict, o, "", "This step no longer fits: "+sh.Number+" is now "+sh.Status+". Someone may have taken it already.")
		return
	}
	by := s.actor(r)
	by.Source = store.SourceTablet
	err := s.store.SaveOrder(r.Context(), by, o)
	var fe dom.FieldErrors
	var conflict *dom.ConflictError
	switch {
	case errors.As(err, &conflict):
		fresh, _ := s.store.Order(r.Context(), o.ID)
		if fresh != nil {
			s.renderField(w, r, http.StatusConflict, fresh, "", "Someone saved this order at the same moment; check the shipment and take the step again.")
			return
		}
		s.serverError(w, r, err)
		return
	case errors.As(err, &fe):
		var msgs []string
		for _, m := range fe {
			msgs = append(msgs, m)
		}
		s.renderField(w, r, http.StatusUnprocessableEntity, o, "", strings.Join(msgs, " "))
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.renderField(w, r, http.StatusOK, o, done, "")
}

func nonEmpty(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}
