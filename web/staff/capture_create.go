package staff

import (
	"net/http"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/order"
	"orderdesk/web/base"
)

func (s *Server) capture(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("paymentId")
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		p := o.Payment(pid)
		if p == nil || !base.State(r).User.Can(auth.OrderReadPrices) {
			return moneyForm{}, false
		}
		return captureForm(o, p), true
	}, func(_, o *order.CustomerOrder, in map[string]string, _ *formState) (desk.Saver, error) {
		req := order.CaptureRequest{Amount: dec(in["amount"]), TransactionID: in["transactionId"],
			CloseTransaction: in["closeTransaction"] == "true", Comment: in["comment"]}
		counts := lineCounts(o, in, "items")
		for _, li := range o.Items {
			if n := counts[li.ID]; n > 0 {
				req.Items = append(req.Items, order.CaptureItem{LineItemID: li.ID, Quantity: n})
			}
		}
		return nil, desk.Capture(o, pid, req, s.Now())
	})
}
