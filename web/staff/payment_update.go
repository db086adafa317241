package staff

import (
	"net/http"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

func (s *Server) paymentStatusOptions(p *order.PaymentIn) []orderpage.Option {
	return paymentStatusOptions(s.Store.Rules().Statuses, p)
}

// paymentStatusOptions are the statuses a payment may move to, its own first.
func paymentStatusOptions(rules order.StatusRules, p *order.PaymentIn) []orderpage.Option {
	return statusChoices(rules, order.TypePaymentIn, rules.NextStatuses(order.TypePaymentIn, p.Status), p.Status)
}

func (s *Server) editPayment(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("paymentId")
	if !ids.Valid(pid) {
		s.NotFound(w, r)
		return
	}
	s.saveEdit(w, r, func(o *order.CustomerOrder, _ editOptions, showPrices bool) editForm {
		var opts []orderpage.Option
		if p := o.Payment(pid); p != nil {
			opts = s.paymentStatusOptions(p)
		}
		return paymentEditForm(o, pid, opts, showPrices).editForm
	})
}

func (s *Server) editBilling(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("paymentId")
	if !ids.Valid(pid) {
		s.NotFound(w, r)
		return
	}
	s.saveEdit(w, r, func(o *order.CustomerOrder, _ editOptions, _ bool) editForm { return billingForm(o, pid).editForm })
}

// adjustPayment changes a payment's amount so the payments add up to the order total again.
func (s *Server) adjustPayment(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("paymentId")
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		g, gap := order.PaymentGapOf(o)
		p := o.Payment(pid)
		if !gap || p == nil || g.Adjustable != p || o.IsReadOnly() || !base.State(r).User.Can(auth.OrderReadPrices) {
			return moneyForm{}, false
		}
		return adjustPaymentForm(o, p, p.Sum.Add(g.Difference)), true
	}, func(_, o *order.CustomerOrder, _ map[string]string, _ *formState) (desk.Saver, error) {
		return nil, order.AdjustPaymentToTotal(o, pid)
	})
}
