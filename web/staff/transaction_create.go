package staff

import (
	"net/http"
	"strconv"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/order"
	"orderdesk/web/base"
)

func (s *Server) addTransaction(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("paymentId")
	showPrices := base.State(r).User.Can(auth.OrderReadPrices)
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		p := o.Payment(pid)
		if p == nil {
			return moneyForm{}, false
		}
		return transactionForm(o, p, showPrices), true
	}, func(_, o *order.CustomerOrder, in map[string]string, _ *formState) (desk.Saver, error) {
		attempts, _ := strconv.Atoi(in["processAttemptCount"])
		return nil, desk.AddTransaction(o, pid, order.PaymentGatewayTransaction{Amount: dec(in["amount"]),
			IsProcessed: in["isProcessed"] == "true", ProcessedDate: readTime(in["processedDate"]),
			ProcessError: in["processError"], ProcessAttemptCount: attempts, RequestData: in["requestData"],
			ResponseData: in["responseData"], ResponseCode: in["responseCode"], Type: in["type"], Status: in["status"], Note: in["note"]}, s.Now())
	})
}
