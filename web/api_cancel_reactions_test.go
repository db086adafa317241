package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"orderdesk/internal/order"
)

// TestAPISaveReactsToCancellations: a PUT that requests a payment's cancellation voids an
// authorization, as the desk's form does (Virto reacts the same on save); a PUT that cancels
// an order holding paid money cancels the order and leaves that payment's cancellation
// requested, awaiting its refund.
func TestAPISaveReactsToCancellations(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	key := managerKey(t, srv)
	ctx := context.Background()
	var authorized, paid *order.CustomerOrder
	for _, d := range orders {
		o := d.Order
		if o.IsReadOnly() || len(o.InPayments) == 0 {
			continue
		}
		switch p := o.InPayments[0]; {
		case authorized == nil && p.PaymentStatus() == order.PaymentAuthorized && !p.IsCancelled:
			authorized = o
		case paid == nil && p.PaymentStatus() == order.PaymentPaid && order.PaymentLedgerOf(&o.InPayments[0]).Net.IsPositive():
			paid = o
		}
	}
	url := srv.URL + "/api/order/customerOrders"
	if authorized == nil {
		t.Fatal("no demo order with an authorized payment")
	}
	send := authorized.Clone()
	send.InPayments[0].CancelledState = order.CancelRequested
	send.InPayments[0].CancelReason = "customer asked"
	if status := putWithReason(t, url, key, send, "customer asked"); status != http.StatusNoContent {
		t.Fatalf("PUT with a cancel request: %d", status)
	}
	got, _ := srv.Store.Order(ctx, authorized.ID)
	if p := got.InPayments[0]; p.PaymentStatus() != order.PaymentVoided || !p.IsCancelled || p.CancelledState != order.CancelCompleted {
		t.Errorf("the requested cancel left the payment %s cancelled=%v state %s; want Voided, cancelled, Completed", p.Status, p.IsCancelled, p.CancelledState)
	}

	if paid == nil {
		t.Fatal("no demo order with a paid payment")
	}
	send = paid.Clone()
	send.IsCancelled, send.Status, send.CancelReason = true, order.OrderCancelled, "customer asked"
	if status := putWithReason(t, url, key, send, "customer asked"); status != http.StatusNoContent {
		t.Fatalf("cancelling an order that holds paid money: %d", status)
	}
	after, _ := srv.Store.Order(ctx, paid.ID)
	if p := after.InPayments[0]; !after.IsCancelled || p.IsCancelled || p.CancelledState != order.CancelRequested || p.PaymentStatus() != order.PaymentPaid {
		t.Errorf("after cancelling: order cancelled %v, payment %s cancelled=%v state %s; want the payment Paid and Requested",
			after.IsCancelled, p.Status, p.IsCancelled, p.CancelledState)
	}
}

// putWithReason PUTs body as JSON with the change's reason in X-Change-Reason.
func putWithReason(t *testing.T, url, key string, body any, reason string) int {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPut, url, bytes.NewReader(b))
	req.Header.Set("api_key", key)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Change-Reason", reason)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}
