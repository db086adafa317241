package staff

import (
	"net/http"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
)

func (s *Server) cancelReturn(w http.ResponseWriter, r *http.Request) {
	s.returnAction(w, r, func(o *order.CustomerOrder, ret *order.Return) (moneyForm, bool) {
		return cancelReturnForm(o, ret), ret.Status != order.ReturnCanceled
	}, func(o *order.CustomerOrder, ret *order.Return, _ map[string]string, st *formState) (desk.Saver, error) {
		if rf := order.ReturnRefunded(o, ret); rf != nil {
			return nil, order.Problems{"": "the return was refunded with " + rf.Number + "; a refunded return cannot be cancelled"}
		}
		ret.Status = order.ReturnCanceled
		if ret.Resolution == "" {
			ret.Resolution = "Cancelled: " + st.reason
		}
		return s.Desk.ReturnOnly(ret), nil
	})
}
