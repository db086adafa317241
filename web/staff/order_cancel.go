package staff

import (
	"net/http"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
)

// cancelOrder cancels the order with the reason given (Virto's cancel command, §3.4).
func (s *Server) cancelOrder(w http.ResponseWriter, r *http.Request) {
	s.wholeEdit(w, r, func(o *order.CustomerOrder, _ editOptions, _ bool) editForm { return cancelForm(o) },
		reasonGiven("order"), func(o *order.CustomerOrder, st *formState) error {
			return desk.CancelOrder(o, st.reason, s.Now())
		})
}
