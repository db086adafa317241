package order

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func orderWithPayments() *CustomerOrder {
	pay := func(id, status string) PaymentIn {
		return PaymentIn{Operation: Operation{ID: id, Number: "PI-" + id, Status: status}}
	}
	cancelled := pay("p4", "Cancelled")
	cancelled.IsCancelled = true
	return &CustomerOrder{
		Operation: Operation{ID: "o1", Number: "CO1", Status: "New"},
		Shipments: []Shipment{{Operation: Operation{ID: "s1", Status: "New"}}},
		InPayments: []PaymentIn{
			pay("p1", "New"), pay("p2", "Authorized"), pay("p3", "Paid"), cancelled,
		},
	}
}

func TestCancelOrder(t *testing.T) {
	now := time.Date(2025, 11, 23, 10, 0, 0, 0, time.FixedZone("+02", 7200))
	o := orderWithPayments()
	if err := CancelOrder(o, "  customer changed mind \n", now); err != nil {
		t.Fatal(err)
	}
	if !o.IsCancelled || o.Status != "Cancelled" || o.CancelReason != "customer changed mind" {
		t.Errorf("order = %v/%q/%q", o.IsCancelled, o.Status, o.CancelReason)
	}
	if o.CancelledDate == nil || !o.CancelledDate.Equal(now) || o.CancelledDate.Location() != time.UTC {
		t.Errorf("CancelledDate = %v, want %v in UTC", o.CancelledDate, now)
	}
	for _, p := range o.InPayments[:3] {
		if p.CancelledState != CancelRequested || p.CancelReason != "customer changed mind" || p.IsCancelled {
			t.Errorf("payment %s: state %q reason %q cancelled %v", p.ID, p.CancelledState, p.CancelReason, p.IsCancelled)
		}
	}
	if o.InPayments[3].CancelledState == CancelRequested {
		t.Error("an already cancelled payment got a cancel request")
	}
	if s := o.Shipments[0]; s.IsCancelled || s.Status != "New" {
		t.Error("order cancel must not touch shipments (Virto does not cascade to them)")
	}
	if err := CancelOrder(o, "", now); !errors.Is(err, ErrAlreadyCancelled) {
		t.Errorf("second cancel: %v", err)
	}

	done := &CustomerOrder{Operation: Operation{Number: "CO2", Status: "Completed"}}
	if err := CancelOrder(done, "", now); !errors.Is(err, ErrNotCancellable) {
		t.Errorf("completed order: %v", err)
	}
	long := &CustomerOrder{}
	if err := CancelOrder(long, strings.Repeat("x", 2049), now); !errors.Is(err, ErrValidation) || long.IsCancelled {
		t.Errorf("long reason: %v, cancelled %v", err, long.IsCancelled)
	}
	empty := &CustomerOrder{}
	if err := CancelOrder(empty, "   ", now); err != nil || empty.CancelReason != "" {
		t.Errorf("blank reason: %v %q", err, empty.CancelReason)
	}
}

func TestProcessPaymentCancellationsAfterOrderCancel(t *testing.T) {
	now := time.Date(2025, 11, 23, 10, 0, 0, 0, time.UTC)
	before := orderWithPayments()
	after := before.Clone()
	if err := CancelOrder(after, "fraud", now); err != nil {
		t.Fatal(err)
	}
	got := ProcessPaymentCancellations(before, after, now)
	want := []PaymentCancellation{{"p1", CancelledLocally}, {"p2", NeedsVoid}, {"p3", NeedsRefund}}
	if len(got) != len(want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	p1 := after.Payment("p1")
	if p1.Status != "Cancelled" || !p1.IsCancelled || p1.CancelledState != CancelCompleted || p1.CancelledDate == nil {
		t.Errorf("p1 = %q %v %q %v", p1.Status, p1.IsCancelled, p1.CancelledState, p1.CancelledDate)
	}
	p2 := after.Payment("p2")
	if p2.IsCancelled || p2.Status != "Authorized" {
		t.Error("gateway work must be left to the caller")
	}
	CompletePaymentCancellation(p2, "Voided", now)
	if p2.Status != "Voided" || !p2.IsCancelled || p2.CancelledState != CancelCompleted || p2.VoidedDate == nil {
		t.Errorf("p2 after void = %+v", p2.Operation)
	}
	// Saving again changes nothing: the order was already cancelled before.
	// p3's refund is still with the gateway: it must not be asked for again.
	if again := ProcessPaymentCancellations(after.Clone(), after, now); len(again) != 0 {
		t.Errorf("re-processed %+v", again)
	}
}

func TestProcessPaymentCancellationsForRequests(t *testing.T) {
	now := time.Date(2025, 11, 23, 10, 0, 0, 0, time.UTC)
	before := orderWithPayments()
	after := before.Clone()
	if err := RequestPaymentCancel(after.Payment("p1"), "duplicate", now); err != nil {
		t.Fatal(err)
	}
	got := ProcessPaymentCancellations(before, after, now)
	if len(got) != 1 || got[0] != (PaymentCancellation{"p1", CancelledLocally}) {
		t.Errorf("got %+v", got)
	}
	// A new order (no stored version) with a requested cancel is processed too.
	fresh := orderWithPayments()
	fresh.InPayments[2].CancelledState = CancelRequested
	if got := ProcessPaymentCancellations(nil, fresh, now); len(got) != 1 || got[0].Action != NeedsRefund {
		t.Errorf("new order: %+v", got)
	}
	// A request whose cancel had already completed before is not redone.
	b := orderWithPayments()
	b.InPayments[0].CancelledState = CancelCompleted
	a := b.Clone()
	a.InPayments[0].CancelledState = CancelRequested
	if got := ProcessPaymentCancellations(b, a, now); len(got) != 0 {
		t.Errorf("completed before: %+v", got)
	}
}

func TestCancelChildDocuments(t *testing.T) {
	now := time.Date(2025, 11, 23, 10, 0, 0, 0, time.UTC)

	s := &Shipment{Operation: Operation{Number: "SH1", Status: "PickPack"}}
	if err := CancelShipment(s, " damaged ", now); err != nil || !s.IsCancelled || s.Status != "Cancelled" || s.CancelReason != "damaged" {
		t.Errorf("shipment: %v %+v", err, s.Operation)
	}
	if err := CancelShipment(s, "", now); !errors.Is(err, ErrAlreadyCancelled) {
		t.Errorf("shipment twice: %v", err)
	}

	c := &Capture{Operation: Operation{Number: "CA1", Status: "Pending"}}
	if err := CancelCapture(c, "", now); err != nil || !c.IsCancelled || c.Status != "Cancelled" || c.CancelledDate == nil {
		t.Errorf("capture: %v %+v", err, c.Operation)
	}

	r := &Refund{Operation: Operation{Number: "RE1", Status: "Pending"}}
	if err := CancelRefund(r, "", now); err != nil || !r.IsCancelled || r.Status != "Cancelled" {
		t.Errorf("refund: %v %+v", err, r.Operation)
	}
	processed := &Refund{Operation: Operation{Number: "RE2", Status: "Processed"}}
	if err := CancelRefund(processed, "", now); !errors.Is(err, ErrNotCancellable) {
		t.Errorf("processed refund: %v", err)
	}
	atGateway := &Refund{Operation: Operation{Number: "RE3", Status: "Pending", OuterID: "gw-1"}}
	if err := CancelRefund(atGateway, "", now); !errors.Is(err, ErrNotCancellable) {
		t.Errorf("refund at gateway: %v", err)
	}

	p := &PaymentIn{Operation: Operation{Number: "PI1", Status: "New"}}
	if err := RequestPaymentCancel(p, "why", now); err != nil || p.CancelledState != CancelRequested || p.IsCancelled || p.Status != "New" {
		t.Errorf("payment: %v %+v", err, p.Operation)
	}
	if err := RequestPaymentCancel(p, "", now); !errors.Is(err, ErrNotCancellable) {
		t.Errorf("payment twice: %v", err)
	}
}
