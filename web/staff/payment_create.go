package staff

import (
	"net/http"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/order"
	"orderdesk/web/base"
)

func (s *Server) newPayment(w http.ResponseWriter, r *http.Request) {
	rules := s.Store.Rules().Statuses
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		ok := !o.IsReadOnly() && base.State(r).User.Can(auth.OrderReadPrices)
		return newPaymentForm(o, statusChoices(rules, order.TypePaymentIn, rules.Statuses(order.TypePaymentIn), ""), rules.InitialStatus(order.TypePaymentIn)), ok
	}, func(_, o *order.CustomerOrder, in map[string]string, _ *formState) (desk.Saver, error) {
		p := order.NewPayment(o, rules)
		o.InPayments = append(o.InPayments, p)
		for _, fd := range paymentDocFields(p.ID, nil) {
			if v, ok := in[fd.name]; ok {
				fd.set(o, v)
			}
		}
		for _, fd := range billingFields(p.ID) {
			fd.set(o, in["billing."+fd.name])
		}
		return nil, nil
	})
}
