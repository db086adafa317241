package staff

import (
	"net/http"

	"orderdesk/internal/ids"
	"orderdesk/internal/order"
)

func (s *Server) editAddress(w http.ResponseWriter, r *http.Request) {
	addrID := r.PathValue("addressId")
	if !ids.Valid(addrID) {
		s.NotFound(w, r)
		return
	}
	s.saveEdit(w, r, func(o *order.CustomerOrder, _ editOptions, _ bool) editForm { return addressForm(o, addrID) })
}
