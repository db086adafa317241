package desk

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/audit"
	"orderdesk/internal/order"
)

var now = time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)

// orderWith is an order of one line (2 × 50 EUR), one shipment of it and one payment, in the
// states given.
func orderWith(paymentStatus, shipmentStatus string, shipmentCancelled bool) *order.CustomerOrder {
	o := &order.CustomerOrder{}
	o.ID, o.Currency, o.Status = "O1", "EUR", "New"
	o.Items = []order.LineItem{{ID: "L1", Quantity: 2, Price: decimal.NewFromInt(50), Currency: "EUR"}}
	var sh order.Shipment
	sh.ID, sh.Number, sh.Status, sh.IsCancelled = "S1", "SH-1", shipmentStatus, shipmentCancelled
	sh.Items = []order.ShipmentItem{{ID: "SI1", LineItemID: "L1", Quantity: 2}}
	o.Shipments = []order.Shipment{sh}
	var p order.PaymentIn
	p.ID, p.Number, p.Status, p.Currency, p.Sum = "P1", "PI-1", paymentStatus, "EUR", decimal.NewFromInt(100)
	o.InPayments = []order.PaymentIn{p}
	return o
}

func refusal(err error) string {
	var r *Refusal
	if errors.As(err, &r) {
		return r.Message
	}
	var fe order.Problems
	if errors.As(err, &fe) {
		return fe[""]
	}
	return ""
}

func TestCancelPayment(t *testing.T) {
	for _, c := range []struct {
		name, status string
		wantStatus   string // "" means refused
		wantRefusal  string
	}{
		{name: "nothing taken: cancelled", status: "New", wantStatus: "Cancelled"},
		{name: "authorized: voided", status: "Authorized", wantStatus: "Voided"},
		{name: "paid: refund first", status: "Paid", wantRefusal: "PI-1 holds 100.00 EUR that was paid; refund it first"},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := orderWith(c.status, "New", false)
			err := CancelPayment(o, "P1", "customer asked", now)
			p := o.Payment("P1")
			if c.wantRefusal != "" {
				if !strings.HasPrefix(refusal(err), c.wantRefusal) {
					t.Fatalf("err = %v, want a refusal starting %q", err, c.wantRefusal)
				}
				if p.IsCancelled || p.Status != c.status {
					t.Errorf("a refused cancel changed the payment: %s cancelled=%v", p.Status, p.IsCancelled)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Status != c.wantStatus || !p.IsCancelled || p.CancelReason != "customer asked" {
				t.Errorf("payment = %s cancelled=%v reason=%q, want %s cancelled with the reason", p.Status, p.IsCancelled, p.CancelReason, c.wantStatus)
			}
		})
	}
	if err := CancelPayment(orderWith("New", "New", false), "P9", "x", now); !errors.Is(err, ErrGone) {
		t.Errorf("an unknown payment: %v, want ErrGone", err)
	}
}

func TestCancelCaptureReopensThePayment(t *testing.T) {
	o := orderWith("Authorized", "New", false)
	if err := Capture(o, "P1", order.CaptureRequest{Amount: decimal.NewFromInt(40)}, now); err != nil {
		t.Fatal(err)
	}
	p := o.Payment("P1")
	p.Status = string(order.PaymentPaid) // as a gateway reports a partly captured payment
	cid := p.Captures[0].ID
	if err := CancelCapture(o, "P1", cid, "wrong amount", now); err != nil {
		t.Fatal(err)
	}
	if !p.Capture(cid).IsCancelled {
		t.Error("the capture is not cancelled")
	}
	if p.Status != string(order.PaymentAuthorized) {
		t.Errorf("payment status %s, want Authorized: what the capture took is open again", p.Status)
	}
	if err := CancelCapture(o, "P1", "C9", "x", now); !errors.Is(err, ErrGone) {
		t.Errorf("an unknown capture: %v, want ErrGone", err)
	}
}

func TestRemoveLine(t *testing.T) {
	o := orderWith("New", "New", false)
	err := RemoveLine(o, "L1")
	if got := refusal(err); got != "This line is in shipment SH-1: take it out of the shipment before removing it." {
		t.Errorf("a line in a live shipment: %v", err)
	}
	if len(o.Items) != 1 {
		t.Error("a refused removal removed the line")
	}
	o = orderWith("New", "Cancelled", true)
	if err := RemoveLine(o, "L1"); err != nil || len(o.Items) != 0 {
		t.Errorf("a line only in a cancelled shipment: err %v, %d lines left", err, len(o.Items))
	}
	if err := RemoveLine(o, "L1"); !errors.Is(err, ErrGone) {
		t.Errorf("a line already removed: %v, want ErrGone", err)
	}
}

func TestRemoveShipment(t *testing.T) {
	for _, c := range []struct {
		name        string
		status      string
		paymentTied bool
		want        string // "" removed
	}{
		{name: "new and unpaid: removed", status: "New"},
		{name: "started: cancel instead", status: "Packed", want: "Shipment SH-1 is Packed: cancel it instead of removing it."},
		{name: "paid for: cancel instead", status: "New", paymentTied: true, want: "A payment is tied to shipment SH-1: cancel the shipment instead."},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := orderWith("New", c.status, false)
			if c.paymentTied {
				o.InPayments[0].ShipmentID = "S1"
			}
			err := RemoveShipment(o, "S1", "New")
			if got := refusal(err); got != c.want {
				t.Fatalf("refusal %q (err %v), want %q", got, err, c.want)
			}
			if removed := o.Shipment("S1") == nil; removed != (c.want == "") {
				t.Errorf("removed = %v", removed)
			}
		})
	}
}

func TestAddTransactionStampsAProcessedOne(t *testing.T) {
	o := orderWith("New", "New", false)
	if err := AddTransaction(o, "P1", order.PaymentGatewayTransaction{Amount: decimal.NewFromInt(5), IsProcessed: true}, now); err != nil {
		t.Fatal(err)
	}
	tr := o.Payment("P1").Transactions[0]
	if tr.ID == "" || tr.PaymentID != "P1" || tr.OrderID != "O1" || tr.CurrencyCode != "EUR" || tr.ProcessedDate == nil || !tr.ProcessedDate.Equal(now) {
		t.Errorf("transaction %+v: want ids, the payment's currency and processed now", tr)
	}
}

func TestNeedsReason(t *testing.T) {
	rules := audit.ReasonRules{Refund: true}
	if !NeedsReason(rules, Refunding) || NeedsReason(rules, Cancelling) || NeedsReason(rules, Other) {
		t.Error("refund rule on: only refunds need a reason")
	}
	rules = audit.ReasonRules{Cancellation: true}
	if NeedsReason(rules, Refunding) || !NeedsReason(rules, Cancelling) || NeedsReason(rules, Other) {
		t.Error("cancellation rule on: only cancellations need a reason")
	}
}

func TestUpdateConsignment(t *testing.T) {
	at := time.Date(2026, 12, 24, 15, 30, 0, 0, time.UTC)
	var a, b order.Shipment
	a.Status, a.DeliveryDate = "New", &at
	b.Status = "Packed"
	day := time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC)
	UpdateConsignment([]*order.Shipment{&a, &b}, ConsignmentFields{MethodCode: "UPS", TrackingNumber: "1Z", DeliveryDate: &day})
	if a.Status != "New" || b.Status != "Packed" {
		t.Error("no status sent: each part keeps its own")
	}
	if !a.DeliveryDate.Equal(at) {
		t.Errorf("same day: %v, want the part's own time kept (%v)", a.DeliveryDate, at)
	}
	if b.DeliveryDate == nil || !b.DeliveryDate.Equal(day) || b.ShipmentMethodCode != "UPS" || b.TrackingNumber != "1Z" {
		t.Errorf("part b: %+v", b)
	}
	next := day.AddDate(0, 0, 1)
	UpdateConsignment([]*order.Shipment{&a}, ConsignmentFields{Status: "Sent", DeliveryDate: &next})
	if a.Status != "Sent" || !a.DeliveryDate.Equal(next) || a.TrackingNumber != "" {
		t.Errorf("part a after a second update: %s %v %q", a.Status, a.DeliveryDate, a.TrackingNumber)
	}
	UpdateConsignment([]*order.Shipment{&a}, ConsignmentFields{})
	if a.DeliveryDate != nil {
		t.Error("no date sent: the date is cleared")
	}
}

// TestSettleCancellations: what a save asks for by a new cancel request or a cancelled order
// (Virto's reaction on save): authorizations voided, payments that took nothing cancelled, one
// holding paid money left requested (awaiting its refund), and a request handled by an earlier
// save left alone.
func TestSettleCancellations(t *testing.T) {
	for _, c := range []struct {
		name, status  string
		cancelOrder   bool   // the change cancels the order; else it requests the payment's cancel
		requestedOnce bool   // the request was already in the stored order
		want          string // the payment's status after
	}{
		{name: "order cancelled, authorized: voided", status: "Authorized", cancelOrder: true, want: "Voided"},
		{name: "order cancelled, new: cancelled", status: "New", cancelOrder: true, want: "Cancelled"},
		{name: "order cancelled, paid: awaits its refund", status: "Paid", cancelOrder: true, want: "Paid"},
		{name: "requested, authorized: voided", status: "Authorized", want: "Voided"},
		{name: "requested, pending: cancelled", status: "Pending", want: "Cancelled"},
		{name: "requested, paid: awaits its refund", status: "Paid", want: "Paid"},
		{name: "requested before: left alone", status: "Authorized", requestedOnce: true, want: "Authorized"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := orderWith(c.status, "New", false)
			if c.requestedOnce {
				before.Payment("P1").CancelledState = order.CancelRequested
			}
			after := before.Clone()
			if c.cancelOrder {
				if err := order.CancelOrder(after, "customer asked", now); err != nil {
					t.Fatal(err)
				}
			} else {
				after.Payment("P1").CancelledState = order.CancelRequested
			}
			if err := SettleCancellations(before, after, now); err != nil {
				t.Fatal(err)
			}
			p := after.Payment("P1")
			if p.Status != c.want || p.IsCancelled != (c.want != c.status) {
				t.Errorf("payment %s cancelled=%v, want %s", p.Status, p.IsCancelled, c.want)
			}
			if c.want == c.status && !c.requestedOnce && p.CancelledState != order.CancelRequested {
				t.Errorf("a payment awaiting its refund is %q, want Requested", p.CancelledState)
			}
		})
	}
}
