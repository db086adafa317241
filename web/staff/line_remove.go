package staff

import (
	"net/http"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
)

// removeLine removes a line item. A line someone else removed meanwhile is simply gone; other
// changes made meanwhile are kept and listed.
func (s *Server) removeLine(w http.ResponseWriter, r *http.Request) {
	s.wholeEdit(w, r, func(o *order.CustomerOrder, eo editOptions, showPrices bool) editForm {
		return lineForm(o, r.PathValue("lineId"), eo, showPrices)
	}, func(o *order.CustomerOrder, st *formState) bool {
		return allowed(desk.RemoveLine(o.Clone(), r.PathValue("lineId")), st)
	}, func(o *order.CustomerOrder, _ *formState) error {
		return desk.RemoveLine(o, r.PathValue("lineId"))
	})
}
