package staff

import (
	"net/http"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
)

func (s *Server) cancelRefund(w http.ResponseWriter, r *http.Request) {
	pid, rid := r.PathValue("paymentId"), r.PathValue("refundId")
	find := func(o *order.CustomerOrder) (*order.PaymentIn, *order.Refund) {
		if p := o.Payment(pid); p != nil {
			return p, p.Refund(rid)
		}
		return nil, nil
	}
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		p, rf := find(o)
		if rf == nil {
			return moneyForm{}, false
		}
		return cancelRefundForm(o, p, rf), true
	}, func(_, o *order.CustomerOrder, _ map[string]string, st *formState) (desk.Saver, error) {
		return nil, desk.CancelRefund(o, pid, rid, st.reason, s.Now())
	})
}
