package api

import (
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
	"orderdesk/web/base"
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
		orderID, err = s.Store.OrderIDOfDocument(r.Context(), "payment", req.PaymentID)
	}
	var o *order.CustomerOrder
	if err == nil {
		o, err = s.Store.Order(r.Context(), orderID)
	}
	if errors.Is(err, order.ErrNotFound) || (err == nil && !base.State(r).User.InScope(o.StoreID, o.EmployeeID)) {
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

// apiCapture records a capture of an authorized payment (desk.Capture, as the desk's form).
func (s *Server) apiCapture(w http.ResponseWriter, r *http.Request) {
	req, o, p, ok := s.paymentFor(w, r)
	if !ok {
		return
	}
	pid := p.ID
	capture := order.CaptureRequest{Amount: req.Amount, TransactionID: req.TransactionID,
		OuterID: req.OuterID, Comment: req.CaptureDetails, CloseTransaction: req.CloseTransaction}
	s.paymentFlow(w, r, o, pid, true, func(work *order.CustomerOrder) error { return desk.Capture(work, pid, capture, s.Now()) },
		func(saved *order.CustomerOrder, res *paymentFlowResult) {
			res.PaymentStatus = saved.Payment(pid).Status
		})
}

// apiRefund records a refund of a paid payment (desk.Refund, as the desk's form); the reason
// message is the change's reason.
func (s *Server) apiRefund(w http.ResponseWriter, r *http.Request) {
	req, o, p, ok := s.paymentFor(w, r)
	if !ok {
		return
	}
	pid := p.ID
	refund := order.RefundRequest{Amount: req.Amount, ReasonCode: order.ParseRefundReasonCode(req.ReasonCode),
		ReasonMessage: req.ReasonMessage, TransactionID: req.TransactionID, OuterID: req.OuterID}
	var status string
	s.paymentFlow(w, r, o, pid, false, func(work *order.CustomerOrder) error {
		rf, err := desk.Refund(work, pid, refund)
		status = rf.Status
		return err
	}, func(_ *order.CustomerOrder, res *paymentFlowResult) { res.RefundStatus = status })
}

// flowMessage is a refused capture or refund as one sentence.
func flowMessage(err error) string {
	var fe order.Problems
	if !errors.As(err, &fe) {
		return err.Error()
	}
	var msgs []string
	for _, k := range slices.Sorted(maps.Keys(fe)) {
		msgs = append(msgs, k+": "+fe[k])
	}
	return strings.Join(msgs, "; ")
}

// paymentFlow applies change to the order as stored now and saves it (desk.Edit, retried on a
// concurrent save). A refusal, by the change or by the store's rules, is answered as Virto
// does: 200 with INVALID_REQUEST_ERROR (and, when withStatus, the payment's status as it is).
func (s *Server) paymentFlow(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, pid string, withStatus bool,
	change func(work *order.CustomerOrder) error, fill func(saved *order.CustomerOrder, res *paymentFlowResult)) {
	by := s.apiActor(r)
	if by.Reason == "" {
		by.Reason = "payment gateway"
	}
	refused := false // by the change itself, before any save
	saved, current, err := s.Desk.Edit(r.Context(), by, o, func(_, work *order.CustomerOrder) error {
		err := change(work)
		refused = err != nil
		return err
	})
	var fe order.Problems
	switch {
	case err != nil && (refused || errors.As(err, &fe)):
		res := paymentFlowResult{ErrorCode: "INVALID_REQUEST_ERROR", ErrorMessage: flowMessage(err)}
		if p := current.Payment(pid); p != nil && withStatus && refused {
			res.PaymentStatus = p.Status
		}
		writeJSON(w, http.StatusOK, res)
	case errors.Is(err, order.ErrConflict):
		writeJSON(w, http.StatusConflict, paymentFlowResult{ErrorCode: "INVALID_REQUEST_ERROR", ErrorMessage: "The order changed meanwhile; try again."})
	case err != nil:
		s.apiServerError(w, r, err)
	default:
		res := paymentFlowResult{Succeeded: true}
		fill(saved, &res)
		writeJSON(w, http.StatusOK, res)
	}
}
