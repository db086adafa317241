package staff

import (
	"net/http"

	"orderdesk/internal/ids"
	"orderdesk/internal/order"
)

func (s *Server) editLine(w http.ResponseWriter, r *http.Request) {
	lineID := r.PathValue("lineId")
	if !ids.Valid(lineID) {
		s.NotFound(w, r)
		return
	}
	s.saveEdit(w, r, func(o *order.CustomerOrder, eo editOptions, showPrices bool) editForm {
		return lineForm(o, lineID, eo, showPrices)
	})
}
