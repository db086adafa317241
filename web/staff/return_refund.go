package staff

import (
	"fmt"
	"net/http"
	"slices"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/order"
	"orderdesk/web/base"
)

// refundReturn refunds a return in one step: the refund of its lines and amount on the chosen
// payment and the return pointing at it, saved in one transaction.
func (s *Server) refundReturn(w http.ResponseWriter, r *http.Request) {
	_, statuses, _ := s.returnOptions()
	u := base.State(r).User
	if !u.Can(auth.ReturnUpdate) || !u.Can(auth.OrderReadPrices) {
		s.ErrorPage(w, r, http.StatusForbidden, "Not allowed", "Refunding a return takes the right to refund, to update returns and to see prices.")
		return
	}
	s.returnAction(w, r, func(o *order.CustomerOrder, ret *order.Return) (moneyForm, bool) {
		pays := order.PaymentsForReturn(o, ret)
		if len(pays) == 0 {
			return moneyForm{}, false
		}
		return refundReturnForm(o, ret, pays, statuses, s.Store.Rules().Statuses), true
	}, func(o *order.CustomerOrder, ret *order.Return, in map[string]string, _ *formState) (desk.Saver, error) {
		p := o.Payment(in["paymentId"])
		if p == nil {
			return nil, order.Problems{"paymentId": "choose a payment of this order"}
		}
		if _, err := order.RefundReturn(o, p, ret, order.ParseRefundReasonCode(in["reasonCode"]), in["reasonMessage"]); err != nil {
			return nil, err
		}
		if v := in["returnStatus"]; v != "" && v != ret.Status {
			if !slices.Contains(statuses, v) || s.Store.Rules().Statuses.ValidateTransition(order.TypeReturn, ret.Status, v) != nil {
				return nil, order.Problems{"returnStatus": fmt.Sprintf("a return cannot go from %s to %s", ret.Status, v)}
			}
			ret.Status = v
		}
		if ret.Resolution == "" {
			ret.Resolution = "Refunded"
		}
		return s.Desk.WithReturn(ret), nil
	})
}
