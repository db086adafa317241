package staff

import (
	"net/http"

	"orderdesk/internal/ids"
	"orderdesk/internal/order"
)

// validShipmentPath checks the path's ids; on false the response has been written.
func (s *Server) validShipmentPath(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("shipmentId")
	if !ids.Valid(r.PathValue("id")) || !ids.Valid(id) {
		s.NotFound(w, r)
		return "", false
	}
	return id, true
}

func (s *Server) editShipment(w http.ResponseWriter, r *http.Request) {
	id, ok := s.validShipmentPath(w, r)
	if !ok {
		return
	}
	s.saveEdit(w, r, func(o *order.CustomerOrder, _ editOptions, showPrices bool) editForm {
		return s.shipmentFieldsForm(o, id, showPrices)
	})
}

func (s *Server) editShipmentAddress(w http.ResponseWriter, r *http.Request) {
	id, ok := s.validShipmentPath(w, r)
	if !ok {
		return
	}
	s.saveEdit(w, r, func(o *order.CustomerOrder, _ editOptions, _ bool) editForm { return s.shipmentAddressForm(o, id) })
}

// editShipmentItems replaces a shipment's items and packages from its form.
func (s *Server) editShipmentItems(w http.ResponseWriter, r *http.Request) {
	id, ok := s.validShipmentPath(w, r)
	if !ok {
		return
	}
	o, ok := s.scopedOrder(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	ef := shipmentItemsForm(o, id)
	if !ef.exists(o) {
		s.ErrorPage(w, r, http.StatusConflict, "No longer on the order",
			"This shipment was removed or cancelled, possibly by someone else. Nothing was saved.")
		return
	}
	s.saveShipmentForm(w, r, o, ef, func(o *order.CustomerOrder) *order.Shipment { return o.Shipment(id) }, false)
}
