package staff

import (
	"net/http"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
)

// cancelShipment cancels one shipment with a reason (Virto's cancel command on a document); a
// consignment's other parts, on other orders, are left as they are.
func (s *Server) cancelShipment(w http.ResponseWriter, r *http.Request) {
	id, ok := s.validShipmentPath(w, r)
	if !ok {
		return
	}
	s.wholeEdit(w, r, func(o *order.CustomerOrder, _ editOptions, _ bool) editForm { return shipmentCancelForm(o, id) },
		reasonGiven("shipment"), func(o *order.CustomerOrder, st *formState) error {
			sh := o.Shipment(id)
			if sh == nil {
				return desk.ErrGone
			}
			return order.CancelShipment(sh, st.reason, s.Now())
		})
}
