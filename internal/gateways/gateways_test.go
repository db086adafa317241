package gateways

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
)

// TestTestGatewayCallbacks: only parameters signed with the gateway's secret, for this payment
// and its whole amount, are taken as its own; anything else is not its callback.
func TestTestGatewayCallbacks(t *testing.T) {
	o := &order.CustomerOrder{}
	o.ID, o.Number = "o1", "CO1"
	p := &order.PaymentIn{}
	p.ID, p.Number, p.Currency, p.Sum = "p1", "PI1", "EUR", decimal.RequireFromString("25")
	g := NewTest("secret")
	req := desk.PaymentRequest{Order: o, Payment: p}
	good := map[string]string{"orderid": "CO1", "paymentid": "p1", "outerid": "test-PI1", "status": "Paid", "amount": "25.00"}
	good["signature"] = g.Sign(good)
	out, ok, err := g.PostProcessPayment(context.Background(), req, good)
	if err != nil || !ok || !out.Success || out.NewStatus != order.PaymentPaid || out.OuterID != "test-PI1" {
		t.Fatalf("the signed callback: %+v %v %v", out, ok, err)
	}
	for name, change := range map[string][2]string{
		"status": {"status", "Authorized"}, "amount": {"amount", "24.99"}, "payment": {"paymentid", "p2"},
		"outer id": {"outerid", "x"}, "signature": {"signature", "00"}, "no signature": {"signature", ""},
		"unknown status": {"status", "Refunded"},
	} {
		forged := map[string]string{}
		for k, v := range good {
			forged[k] = v
		}
		forged[change[0]] = change[1]
		if change[0] == "status" && change[1] == "Refunded" {
			forged["signature"] = g.Sign(forged) // signed, but not a status a callback may set
		}
		if _, ok, _ := g.PostProcessPayment(context.Background(), req, forged); ok {
			t.Errorf("%s changed: taken as the gateway's own", name)
		}
	}
	if _, ok, _ := NewTest("").PostProcessPayment(context.Background(), req, good); ok {
		t.Error("a gateway without a secret took a callback")
	}
	if _, ok, _ := NewTest("other").PostProcessPayment(context.Background(), req, good); ok {
		t.Error("a callback signed with another secret was taken")
	}
}

// TestTestGatewayCards: a card is authorized, the magic number declined, no card offers the
// payment page (with a form posting a callback the gateway takes).
func TestTestGatewayCards(t *testing.T) {
	o := &order.CustomerOrder{}
	o.Number = "CO1"
	p := &order.PaymentIn{}
	p.ID, p.Number, p.Currency, p.Sum = "p1", "PI1", "EUR", decimal.RequireFromString("25")
	g := NewTest("secret")
	for card, want := range map[string]order.PaymentStatus{"4111111111111111": order.PaymentAuthorized, DeclinedCard: order.PaymentDeclined, "": order.PaymentPending} {
		out, err := g.ProcessPayment(context.Background(), desk.PaymentRequest{Order: o, Payment: p, Card: &desk.BankCard{Number: card}})
		if err != nil || out.NewStatus != want || out.Success != (want != order.PaymentDeclined) {
			t.Errorf("card %q: %+v %v, want %s", card, out, err, want)
		}
	}
	if out, _ := (Manual{}).ProcessPayment(context.Background(), desk.PaymentRequest{Order: o, Payment: p}); !out.Success || out.NewStatus != order.PaymentPaid {
		t.Errorf("manual: %+v", out)
	}
}
