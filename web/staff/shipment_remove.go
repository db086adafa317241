package staff

import (
	"net/http"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
)

// removeShipment takes a shipment that has not started (still in its initial status, no
// payment tied to it) off the order; anything further along is cancelled instead, so its
// history stays on the order.
func (s *Server) removeShipment(w http.ResponseWriter, r *http.Request) {
	id, ok := s.validShipmentPath(w, r)
	if !ok {
		return
	}
	initial := s.Store.Rules().Statuses.InitialStatus(order.TypeShipment)
	s.wholeEdit(w, r, func(o *order.CustomerOrder, _ editOptions, _ bool) editForm { return shipmentRemoveForm(o, id) },
		func(o *order.CustomerOrder, st *formState) bool {
			return allowed(desk.RemoveShipment(o.Clone(), id, initial), st)
		},
		func(o *order.CustomerOrder, _ *formState) error { return desk.RemoveShipment(o, id, initial) })
}
