package staff

import (
	"net/http"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
)

func (s *Server) cancelCapture(w http.ResponseWriter, r *http.Request) {
	pid, cid := r.PathValue("paymentId"), r.PathValue("captureId")
	find := func(o *order.CustomerOrder) (*order.PaymentIn, *order.Capture) {
		if p := o.Payment(pid); p != nil {
			return p, p.Capture(cid)
		}
		return nil, nil
	}
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		p, c := find(o)
		if c == nil {
			return moneyForm{}, false
		}
		return cancelCaptureForm(o, p, c), true
	}, func(_, o *order.CustomerOrder, _ map[string]string, st *formState) (desk.Saver, error) {
		return nil, desk.CancelCapture(o, pid, cid, st.reason, s.Now())
	})
}
