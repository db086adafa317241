package staff

import (
	"net/http"

	"orderdesk/internal/order"
)

func (s *Server) editHeader(w http.ResponseWriter, r *http.Request) {
	s.saveEdit(w, r, func(o *order.CustomerOrder, eo editOptions, showPrices bool) editForm {
		return headerForm(o, eo, showPrices)
	})
}
