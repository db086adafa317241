package staff

import (
	"net/http"
	"strings"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

func refundRequest(o *order.CustomerOrder, in map[string]string) order.RefundRequest {
	req := order.RefundRequest{Amount: dec(in["amount"]), Shipping: dec(in["shipping"]),
		ReasonCode: order.ParseRefundReasonCode(in["reasonCode"]), ReasonMessage: in["reasonMessage"], TransactionID: in["transactionId"]}
	counts := lineCounts(o, in, "items")
	for _, li := range o.Items {
		if n := counts[li.ID]; n > 0 {
			req.Items = append(req.Items, order.RefundItem{LineItemID: li.ID, Quantity: n})
		}
	}
	return req
}

// refund records a refund by amount or by lines (amount computed), with an optional shipping
// refund; "compute amount" shows the amount without saving.
func (s *Server) refund(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("paymentId")
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		p := o.Payment(pid)
		if p == nil || !base.State(r).User.Can(auth.OrderReadPrices) {
			return moneyForm{}, false
		}
		return refundForm(o, p, s.Store.Rules().Statuses), true
	}, func(_, o *order.CustomerOrder, in map[string]string, st *formState) (desk.Saver, error) {
		rf, err := desk.Refund(o, pid, refundRequest(o, in))
		if err != nil {
			return nil, err
		}
		if st.wantPreview {
			code := o.Payment(pid).Currency
			st.preview = "Refund amount: " + o.RuleFor(code).Fixed(rf.Amount) + " " + code + ". Nothing saved yet."
		}
		return nil, nil
	})
}

// refundPreview answers the refund form's live amount: what the refund typed so far would
// pay back, or why it could not; nothing is saved.
func (s *Server) refundPreview(w http.ResponseWriter, r *http.Request) {
	id, pid := r.PathValue("id"), r.PathValue("paymentId")
	if !ids.Valid(id) || !ids.Valid(pid) {
		s.NotFound(w, r)
		return
	}
	o, ok := s.scopedOrder(w, r, id)
	if !ok {
		return
	}
	p := o.Payment(pid)
	if p == nil || !base.State(r).User.Can(auth.OrderReadPrices) || r.ParseForm() != nil {
		s.NotFound(w, r)
		return
	}
	mf := refundForm(o, p, s.Store.Rules().Statuses)
	in := map[string]string{}
	var problems []string
	for _, fd := range mf.fields {
		if v, err := fd.parseInput(r.PostForm.Get(fd.name)); err != nil {
			problems = append(problems, fd.label+": "+err.Error())
		} else {
			in[fd.name] = v
		}
	}
	text, amount := "", false
	if len(problems) == 0 {
		work := o.Clone()
		rf, err := order.RefundPayment(work, work.Payment(pid), refundRequest(work, in))
		if err == nil {
			text, amount = "Refund amount: "+o.RuleFor(p.Currency).Fixed(rf.Amount)+" "+p.Currency+". Nothing saved yet.", true
		} else {
			problems = append(problems, fieldText(err))
		}
	}
	if !amount {
		text = strings.Join(problems, "; ")
	}
	s.Render(w, r, http.StatusOK, orderpage.RefundPreview(mf.domID, mf.action+"/preview", text, amount))
}
