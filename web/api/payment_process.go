package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
	"orderdesk/web/base"
)

// bankCardInfo is Virto's BankCardInfo, handed to the gateway and never stored.
type bankCardInfo struct {
	BankCardNumber string `json:"bankCardNumber"`
	BankCardType   string `json:"bankCardType"`
	BankCardMonth  int    `json:"bankCardMonth"`
	BankCardYear   int    `json:"bankCardYear"`
	BankCardCVV2   string `json:"bankCardCVV2"`
	CardholderName string `json:"cardholderName"`
}

// processPaymentResult is Virto's ProcessPaymentRequestResult.
type processPaymentResult struct {
	IsSuccess        bool   `json:"isSuccess"`
	ErrorMessage     string `json:"errorMessage,omitempty"`
	NewPaymentStatus string `json:"newPaymentStatus,omitempty"`
	RedirectURL      string `json:"redirectUrl,omitempty"`
	HTMLForm         string `json:"htmlForm,omitempty"`
	OuterID          string `json:"outerId,omitempty"`
}

// postProcessPaymentResult is Virto's PostProcessPaymentRequestResult; orderId is the number.
type postProcessPaymentResult struct {
	IsSuccess        bool   `json:"isSuccess"`
	ErrorMessage     string `json:"errorMessage,omitempty"`
	NewPaymentStatus string `json:"newPaymentStatus,omitempty"`
	OrderID          string `json:"orderId,omitempty"`
	OuterID          string `json:"outerId,omitempty"`
}

// apiProcessPayment is Virto's POST /api/order/customerOrders/{orderId}/processPayment/{paymentId}
// with an optional BankCardInfo body: the payment goes to the gateway its gatewayCode names
// (desk.ProcessPayment) and what the gateway said is recorded on the payment in one audited
// save, a decline included; the answer is the gateway's ProcessPaymentRequestResult.
func (s *Server) apiProcessPayment(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "The body could not be read."})
		return
	}
	var card *desk.BankCard
	if b := bytes.TrimSpace(body); len(b) > 0 && !bytes.Equal(b, []byte("null")) {
		var in bankCardInfo
		if err := json.Unmarshal(b, &in); err != nil {
			writeJSON(w, http.StatusBadRequest, apiError{Message: "The body is Virto's BankCardInfo, or empty: " + err.Error()})
			return
		}
		if in.BankCardNumber != "" {
			problems := map[string]string{}
			if n := strings.ReplaceAll(in.BankCardNumber, " ", ""); len(n) < 12 || len(n) > 19 || strings.Trim(n, "0123456789") != "" {
				problems["bankCardNumber"] = "want 12 to 19 digits"
			}
			if in.BankCardMonth < 1 || in.BankCardMonth > 12 {
				problems["bankCardMonth"] = "want a month from 1 to 12"
			}
			if in.BankCardYear < 2000 || in.BankCardYear > 2200 {
				problems["bankCardYear"] = "want a four-digit year"
			}
			if len(problems) > 0 {
				writeJSON(w, http.StatusBadRequest, apiError{Message: "The card details are not readable.", Errors: problems})
				return
			}
			card = &desk.BankCard{Number: in.BankCardNumber, Type: in.BankCardType, Month: in.BankCardMonth, Year: in.BankCardYear,
				CVV2: in.BankCardCVV2, Holder: in.CardholderName}
		}
	}
	o, ok := s.orderByIDOrNumber(w, r, r.PathValue("orderId"))
	if !ok {
		return
	}
	pid := r.PathValue("paymentId")
	p := o.Payment(pid)
	if p == nil {
		writeJSON(w, http.StatusNotFound, apiError{Message: "Order " + o.Number + " has no payment " + pid + "."})
		return
	}
	out, _, err := s.Desk.ProcessPayment(r.Context(), s.apiActor(r), o, pid, card, s.Now())
	if s.gatewayError(w, r, err, p) {
		return
	}
	writeJSON(w, http.StatusOK, processPaymentResult{IsSuccess: out.Success, ErrorMessage: out.Error, NewPaymentStatus: string(out.NewStatus),
		RedirectURL: out.RedirectURL, HTMLForm: out.HTMLForm, OuterID: out.OuterID})
}

// apiPaymentCallback is Virto's POST /api/paymentcallback: {parameters: [{key, value}]} with
// at least orderid (the order's number or id) and, to name the gateway, code. The gateways of
// the order's payments judge the parameters (desk.PostProcessPayment): one that takes them as
// its own and genuine has its outcome recorded in one audited save; when none does, nothing is
// changed and the answer says "Payment method not found", as Virto's does.
func (s *Server) apiPaymentCallback(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Parameters []struct {
			Key   string `json:"key"`
			Value string `json:"value"`
		} `json:"parameters"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Message: `Send Virto's PaymentCallbackParameters: {"parameters": [{"key": "orderid", "value": "…"}, …]}: ` + err.Error()})
		return
	}
	params := map[string]string{}
	for _, p := range in.Parameters {
		params[strings.ToLower(p.Key)] = p.Value
	}
	s.paymentCallback(w, r, params)
}

// apiPaymentCallbackForm is Virto's POST /api/paymentcallback-form: the same parameters as a
// form (multipart or URL-encoded), as a provider's payment page posts them.
func (s *Server) apiPaymentCallbackForm(w http.ResponseWriter, r *http.Request) {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch mt {
	case "multipart/form-data":
		err = r.ParseMultipartForm(1 << 20)
	case "application/x-www-form-urlencoded":
		err = r.ParseForm()
	default:
		err = errors.New("want multipart/form-data or application/x-www-form-urlencoded")
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "The callback form could not be read: " + err.Error()})
		return
	}
	params := map[string]string{}
	for k, v := range r.PostForm {
		if len(v) > 0 {
			params[strings.ToLower(k)] = v[0]
		}
	}
	s.paymentCallback(w, r, params)
}

func (s *Server) paymentCallback(w http.ResponseWriter, r *http.Request, params map[string]string) {
	if params["orderid"] == "" {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "The 'orderid' parameter must be passed.", Errors: map[string]string{"orderid": "is required"}})
		return
	}
	o, ok := s.orderByIDOrNumber(w, r, params["orderid"])
	if !ok {
		return
	}
	by := s.apiActor(r)
	by.Label += " (payment callback)"
	out, _, err := s.Desk.PostProcessPayment(r.Context(), by, o, params, s.Now())
	if s.gatewayError(w, r, err, nil) {
		return
	}
	writeJSON(w, http.StatusOK, postProcessPaymentResult{IsSuccess: out.Success, ErrorMessage: out.Error,
		NewPaymentStatus: string(out.NewStatus), OrderID: o.Number, OuterID: out.OuterID})
}

// orderByIDOrNumber finds an order by number, then by id (as Virto's payment endpoints do),
// within the key's scopes; it answers 404 (or 400 for a number several stores hold) itself.
func (s *Server) orderByIDOrNumber(w http.ResponseWriter, r *http.Request, ref string) (*order.CustomerOrder, bool) {
	u := base.State(r).User
	id, err := s.Store.OrderIDByNumber(r.Context(), ref, "", base.ViewerOf(u).Scope)
	if errors.Is(err, order.ErrNotFound) {
		id, err = ref, nil
	}
	var o *order.CustomerOrder
	if err == nil {
		o, err = s.Store.Order(r.Context(), id)
	}
	if err == nil && !u.InScope(o.StoreID, o.EmployeeID) {
		err = order.ErrNotFound
	}
	if err != nil {
		s.apiWriteError(w, r, err)
		return nil, false
	}
	return o, true
}

// gatewayError answers a failed processing or callback and says whether it did.
func (s *Server) gatewayError(w http.ResponseWriter, r *http.Request, err error, p *order.PaymentIn) bool {
	var refusal *desk.Refusal
	switch {
	case err == nil:
		return false
	case errors.Is(err, desk.ErrNoGateway) && p != nil:
		writeJSON(w, http.StatusUnprocessableEntity, apiError{Message: "No payment gateway " + strconv.Quote(p.GatewayCode) + " is plugged in: set the payment's gatewayCode to one that is (" + strings.Join(s.Desk.GatewayCodes(), ", ") + ").",
			Errors: map[string]string{"gatewayCode": "no such gateway"}})
	case errors.As(err, &refusal):
		writeJSON(w, http.StatusConflict, apiError{Message: refusal.Message + "."})
	case errors.Is(err, desk.ErrGone):
		writeJSON(w, http.StatusConflict, apiError{Message: "The payment was removed meanwhile; nothing was changed."})
	default:
		s.apiWriteError(w, r, err)
	}
	return true
}
