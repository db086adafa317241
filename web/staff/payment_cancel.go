package staff

import (
	"net/http"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
)

// cancelPayment cancels a payment with a reason: one that took nothing is cancelled, an
// authorization is voided; one that holds money must be refunded first.
func (s *Server) cancelPayment(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("paymentId")
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		p := o.Payment(pid)
		return cancelPaymentForm(o, pid), p != nil && !o.IsReadOnly()
	}, func(_, o *order.CustomerOrder, _ map[string]string, st *formState) (desk.Saver, error) {
		return nil, desk.CancelPayment(o, pid, st.reason, s.Now())
	})
}
