package staff

import (
	"net/http"

	"orderdesk/internal/ids"
	"orderdesk/internal/order"
)

// createShipment adds a shipment from the "New shipment" form. It applies to the order as it is
// now: the quantities are checked against what the other shipments leave at the moment of the
// save, whatever changed since the form was opened.
func (s *Server) createShipment(w http.ResponseWriter, r *http.Request) {
	if !ids.Valid(r.PathValue("id")) {
		s.NotFound(w, r)
		return
	}
	o, ok := s.scopedOrder(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	ef := newShipmentForm(o)
	s.saveShipmentForm(w, r, o, ef, func(o *order.CustomerOrder) *order.Shipment {
		d := order.DraftShipment(o, s.Store.Rules().Statuses)
		d.Items = nil
		return &d
	}, true)
}
