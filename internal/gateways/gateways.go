// Package gateways holds the payment gateways built into orderdesk, each a desk.Gateway: the
// manual method Virto ships (money taken outside the desk) and a test gateway that decides
// deterministically, so the payment flows can be tried and tested without a provider.
package gateways

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"html"
	"net/url"
	"strings"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
)

// Manual is Virto's DefaultManualPaymentMethod: processing a payment marks it paid (the money
// was taken outside the desk: cash, a bank transfer seen on the statement). No callback is
// ever its own.
type Manual struct{}

// ManualCode is Virto's code for its manual method.
const ManualCode = "DefaultManualPaymentMethod"

func (Manual) Code() string { return ManualCode }

func (Manual) ProcessPayment(_ context.Context, _ desk.PaymentRequest) (desk.PaymentOutcome, error) {
	return desk.PaymentOutcome{Success: true, NewStatus: order.PaymentPaid, Response: "marked paid by hand"}, nil
}

func (Manual) PostProcessPayment(context.Context, desk.PaymentRequest, map[string]string) (desk.PaymentOutcome, bool, error) {
	return desk.PaymentOutcome{}, false, nil
}

// TestCode is the test gateway's code.
const TestCode = "Test"

// DeclinedCard is the card number the test gateway always declines.
const DeclinedCard = "4000000000000002"

// Test is a gateway for trying the payment flows: a card is authorized (DeclinedCard is
// declined); without a card the payment waits (Pending) for the customer to pay on a page whose
// form posts a callback signed with the gateway's secret, HMAC-SHA256 over the callback's
// orderid, paymentid, outerid, status and amount. A callback whose signature, payment or amount
// does not match is not its own, so posting one changes nothing.
type Test struct{ secret []byte }

// NewTest makes the test gateway; without a secret it takes no callbacks at all.
func NewTest(secret string) *Test { return &Test{secret: []byte(secret)} }

func (*Test) Code() string { return TestCode }

func (g *Test) ProcessPayment(_ context.Context, req desk.PaymentRequest) (desk.PaymentOutcome, error) {
	p := req.Payment
	outer := "test-" + p.Number
	if req.Card == nil || req.Card.Number == "" {
		if len(g.secret) == 0 {
			return desk.PaymentOutcome{Error: "the test gateway's payment page needs [payments] test_gateway_secret; send card details instead"}, nil
		}
		params := map[string]string{"code": TestCode, "orderid": req.Order.Number, "paymentid": p.ID, "outerid": outer,
			"status": string(order.PaymentPaid), "amount": order.CurrencyFor(p.Currency).Fixed(p.Sum)}
		params["signature"] = g.Sign(params)
		return desk.PaymentOutcome{Success: true, NewStatus: order.PaymentPending, OuterID: outer,
			HTMLForm: payForm(params), Response: "payment page offered"}, nil
	}
	number := strings.ReplaceAll(req.Card.Number, " ", "")
	if number == DeclinedCard {
		return desk.PaymentOutcome{NewStatus: order.PaymentDeclined, OuterID: outer, Error: "The card was declined.",
			Response: `{"result":"declined","card":"…` + last4(number) + `"}`}, nil
	}
	return desk.PaymentOutcome{Success: true, NewStatus: order.PaymentAuthorized, OuterID: outer,
		Response: `{"result":"authorized","card":"…` + last4(number) + `"}`}, nil
}

func (g *Test) PostProcessPayment(_ context.Context, req desk.PaymentRequest, params map[string]string) (desk.PaymentOutcome, bool, error) {
	p := req.Payment
	status := order.PaymentStatus(params["status"])
	switch {
	case len(g.secret) == 0, params["paymentid"] != p.ID,
		params["amount"] != order.CurrencyFor(p.Currency).Fixed(p.Sum),
		status != order.PaymentPaid && status != order.PaymentAuthorized && status != order.PaymentDeclined:
		return desk.PaymentOutcome{}, false, nil
	}
	sig, err := hex.DecodeString(params["signature"])
	want, _ := hex.DecodeString(g.Sign(params))
	if err != nil || !hmac.Equal(sig, want) {
		return desk.PaymentOutcome{}, false, nil
	}
	out := desk.PaymentOutcome{Success: status != order.PaymentDeclined, NewStatus: status, OuterID: params["outerid"],
		Response: "callback " + string(status)}
	if status == order.PaymentDeclined {
		out.Error = "The payment was declined."
	}
	return out, true, nil
}

// Sign is the signature of a callback's parameters with the gateway's secret (hex).
func (g *Test) Sign(params map[string]string) string {
	signed := url.Values{}
	for _, k := range []string{"orderid", "paymentid", "outerid", "status", "amount"} {
		signed.Set(k, params[k])
	}
	mac := hmac.New(sha256.New, g.secret)
	mac.Write([]byte(signed.Encode()))
	return hex.EncodeToString(mac.Sum(nil))
}

// payForm is the test gateway's payment page: a form that reports the payment paid.
func payForm(params map[string]string) string {
	var b strings.Builder
	b.WriteString(`<form method="post" action="/api/paymentcallback-form">`)
	for _, k := range []string{"code", "orderid", "paymentid", "outerid", "status", "amount", "signature"} {
		b.WriteString(`<input type="hidden" name="` + k + `" value="` + html.EscapeString(params[k]) + `">`)
	}
	b.WriteString(`<button type="submit">Pay</button></form>`)
	return b.String()
}

func last4(number string) string {
	if len(number) <= 4 {
		return number
	}
	return number[len(number)-4:]
}
