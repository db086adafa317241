package web

import (
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

// Virto's capture and refund endpoints (reference §8.1). orderdesk has no payment gateways of
// its own yet, so the gateway is the caller: the capture or refund it reports is recorded as
// processed, within the rules (capture only authorized or paid payments, refund at most what
// was captured or paid less what was refunded), and the payment's status follows.

type paymentFlowRequest struct {
	OrderID          string          `json:"orderId"`
	PaymentID        string          `json:"paymentId"`
	TransactionID    string          `json:"transactionId"`
	OuterID          string          `json:"outerId"`
	Amount           decimal.Decimal `json:"amount"`
	CaptureDetails   string          `json:"captureDetails"`
	CloseTransaction bool            `json:"closeTransaction"`
	ReasonCode       string          `json:"reasonCode"`
	ReasonMessage    string          `json:"reasonMessage"`
}

type paymentFlowResult struct {
	Succeeded     bool   `json:"succeeded"`
	ErrorCode     string `json:"errorCode,omitempty"`
	ErrorMessage  string `json:"errorMessage,omitempty"`
	PaymentStatus string `json:"paymentStatus,omitempty"`
	RefundStatus  string `json:"refundStatus,omitempty"`
}

// paymentFor reads the request and finds its order and payment; false means answered.
func (s *Server) paymentFor(w http.ResponseWriter, r *http.Request) (paymentFlowRequest, *order.CustomerOrder, *order.PaymentIn, bool) {
	var req paymentFlowRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || !req.Amount.IsPositive() {
		writeJSON(w, http.StatusBadRequest, paymentFlowResult{ErrorCode: "INVALID_REQUEST_ERROR", ErrorMessage: "Send JSON with an amount above zero and the paymentId (or orderId)."})
		return req, nil, nil, false
	}
	amount, err := order.MoneyColumn.Fit(req.Amount)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, paymentFlowResult{ErrorCode: "INVALID_REQUEST_ERROR", ErrorMessage: "The amount " + err.Error() + "."})
		return req, nil, nil, false
	}
	req.Amount = amount
	orderID := req.OrderID
	if req.PaymentID != "" {
		orderID, err = s.store.OrderIDOfDocument(r.Context(), "payment", req.PaymentID)
	}
	var o *order.CustomerOrder
	if err == nil {
		o, err = s.store.Order(r.Context(), orderID)
	}
	if errors.Is(err, order.ErrNotFound) || (err == nil && !state(r).user.InScope(o.StoreID, o.EmployeeID)) {
		writeJSON(w, http.StatusNotFound, paymentFlowResult{ErrorCode: "INVALID_REQUEST_ERROR", ErrorMessage: "There is no such payment."})
		return req, nil, nil, false
	}
	if err != nil {
		s.apiServerError(w, r, err)
		return req, nil, nil, false
	}
	p := o.Payment(req.PaymentID)
	if p == nil && req.PaymentID == "" && len(o.InPayments) == 1 {
		p = &o.InPayments[0]
	}
	if p == nil {
		writeJSON(w, http.StatusBadRequest, paymentFlowResult{ErrorCode: "INVALID_REQUEST_ERROR", ErrorMessage: "Name the payment: paymentId."})
		return req, nil, nil, false
	}
	return req, o, p, true
}

// apiCapture records a capture of an authorized payment.
func (s *Server) apiCapture(w http.ResponseWriter, r *http.Request) {
	req, o, p, ok := s.paymentFor(w, r)
	if !ok {
		return
	}
	_, err := order.CapturePayment(o, p, order.CaptureRequest{Amount: req.Amount, TransactionID: req.TransactionID,
		OuterID: req.OuterID, Comment: req.CaptureDetails, CloseTransaction: req.CloseTransaction}, s.now())
	if err != nil {
		writeJSON(w, http.StatusOK, paymentFlowResult{ErrorCode: "INVALID_REQUEST_ERROR", ErrorMessage: flowMessage(err), PaymentStatus: p.Status})
		return
	}
	s.finishPaymentFlow(w, r, o, p, func(res *paymentFlowResult) { res.PaymentStatus = p.Status })
}

// apiRefund records a refund of a paid payment; the reason message is the change's reason.
func (s *Server) apiRefund(w http.ResponseWriter, r *http.Request) {
	req, o, p, ok := s.paymentFor(w, r)
	if !ok {
		return
	}
	rf, err := order.RefundPayment(o, p, order.RefundRequest{Amount: req.Amount, ReasonCode: order.ParseRefundReasonCode(req.ReasonCode),
		ReasonMessage: req.ReasonMessage, TransactionID: req.TransactionID, OuterID: req.OuterID})
	if err != nil {
		writeJSON(w, http.StatusOK, paymentFlowResult{ErrorCode: "INVALID_REQUEST_ERROR", ErrorMessage: flowMessage(err)})
		return
	}
	s.finishPaymentFlow(w, r, o, p, func(res *paymentFlowResult) { res.RefundStatus = rf.Status })
}

// flowMessage is a refused capture or refund as one sentence.
func flowMessage(err error) string {
	var fe order.FieldErrors
	if !errors.As(err, &fe) {
		return err.Error()
	}
	var msgs []string
	for _, k := range slices.Sorted(maps.Keys(fe)) {
		msgs = append(msgs, k+": "+fe[k])
	}
	return strings.Join(msgs, "; ")
}

// finishPaymentFlow saves the order; refused rules come back as Virto's INVALID_REQUEST_ERROR.
func (s *Server) finishPaymentFlow(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, p *order.PaymentIn, fill func(*paymentFlowResult)) {
	by := s.apiActor(r)
	if by.Reason == "" {
		by.Reason = "payment gateway"
	}
	err := s.store.SaveOrder(r.Context(), by, o)
	var fe order.FieldErrors
	var conflict *order.ConflictError
	switch {
	case errors.As(err, &fe):
		var msgs []string
		for field, msg := range fe {
			msgs = append(msgs, field+": "+msg)
		}
		writeJSON(w, http.StatusOK, paymentFlowResult{ErrorCode: "INVALID_REQUEST_ERROR", ErrorMessage: strings.Join(msgs, "; ")})
		return
	case errors.As(err, &conflict):
		writeJSON(w, http.StatusConflict, paymentFlowResult{ErrorCode: "INVALID_REQUEST_ERROR", ErrorMessage: "The order changed meanwhile; try again."})
		return
	case err != nil:
		s.apiServerError(w, r, err)
		return
	}
	res := paymentFlowResult{Succeeded: true}
	fill(&res)
	writeJSON(w, http.StatusOK, res)
}
