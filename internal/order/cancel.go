package order

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

const maxCancelReason = 2048

// cancelReason trims the operator's text and checks its length.
func cancelReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > maxCancelReason {
		return "", Problems{"cancelReason": fmt.Sprintf("must be at most %d characters", maxCancelReason)}
	}
	return reason, nil
}

func stamp(op *Operation, reason string, now time.Time) {
	t := now.UTC()
	op.CancelReason = reason
	op.CancelledDate = &t
}

// CanCancelOrder returns nil when the "Cancel document" command is available for the order
// (not cancelled, status not Completed, §3.4), else the reason.
func CanCancelOrder(o *CustomerOrder) error {
	if o.IsCancelled {
		return fmt.Errorf("%w: order %s", ErrAlreadyCancelled, o.Number)
	}
	if o.Status == OrderCompleted {
		return fmt.Errorf("%w: order %s is Completed", ErrNotCancellable, o.Number)
	}
	return nil
}

// CancelOrder cancels the order as Virto's cancel command does (§3.4): IsCancelled, status
// Cancelled, reason and date; and every payment not yet cancelled gets a cancel request, which
// ProcessPaymentCancellations turns into a local cancellation or a gateway void/refund (§3.5).
// Shipments are not touched: Virto does not cascade an order cancel to them.
func CancelOrder(o *CustomerOrder, reason string, now time.Time) error {
	if err := CanCancelOrder(o); err != nil {
		return err
	}
	reason, err := cancelReason(reason)
	if err != nil {
		return err
	}
	o.IsCancelled = true
	o.Status = OrderCancelled
	stamp(&o.Operation, reason, now)
	for i := range o.InPayments {
		p := &o.InPayments[i]
		if p.IsCancelled || p.cancelState() == CancelCompleted {
			continue
		}
		p.CancelledState = CancelRequested
		if p.CancelReason == "" {
			p.CancelReason = reason
		}
	}
	return nil
}

// CanCancelShipment returns nil when the shipment may be cancelled (not cancelled yet).
func CanCancelShipment(s *Shipment) error {
	if s.IsCancelled {
		return fmt.Errorf("%w: shipment %s", ErrAlreadyCancelled, s.Number)
	}
	return nil
}

// CancelShipment marks the shipment cancelled with status Cancelled, reason and date (§3.4).
func CancelShipment(s *Shipment, reason string, now time.Time) error {
	if err := CanCancelShipment(s); err != nil {
		return err
	}
	reason, err := cancelReason(reason)
	if err != nil {
		return err
	}
	s.IsCancelled = true
	s.Status = ShipmentCancelled
	stamp(&s.Operation, reason, now)
	return nil
}

// CanCancelCapture returns nil when the capture may be cancelled (not cancelled yet).
func CanCancelCapture(c *Capture) error {
	if c.IsCancelled {
		return fmt.Errorf("%w: capture %s", ErrAlreadyCancelled, c.Number)
	}
	return nil
}

// CancelCapture marks the capture cancelled with status Cancelled, reason and date (§3.4).
func CancelCapture(c *Capture, reason string, now time.Time) error {
	if err := CanCancelCapture(c); err != nil {
		return err
	}
	reason, err := cancelReason(reason)
	if err != nil {
		return err
	}
	c.IsCancelled = true
	c.Status = StatusCancelled
	stamp(&c.Operation, reason, now)
	return nil
}

// CanCancelRefund returns nil when the refund may be cancelled: not cancelled, not Processed and
// not yet sent to the gateway (no OuterID), §3.4.
func CanCancelRefund(r *Refund) error {
	switch {
	case r.IsCancelled:
		return fmt.Errorf("%w: refund %s", ErrAlreadyCancelled, r.Number)
	case r.RefundStatus() == RefundProcessed:
		return fmt.Errorf("%w: refund %s is already Processed", ErrNotCancellable, r.Number)
	case r.OuterID != "":
		return fmt.Errorf("%w: refund %s has been sent to the payment gateway", ErrNotCancellable, r.Number)
	}
	return nil
}

// CancelRefund marks the refund cancelled with status Cancelled, reason and date (§3.4).
func CancelRefund(r *Refund, reason string, now time.Time) error {
	if err := CanCancelRefund(r); err != nil {
		return err
	}
	reason, err := cancelReason(reason)
	if err != nil {
		return err
	}
	r.IsCancelled = true
	r.Status = StatusCancelled
	stamp(&r.Operation, reason, now)
	return nil
}

// CanCancelPayment returns nil when a cancel may be requested for the payment: not cancelled
// and no cancel requested or completed yet (§3.4).
func CanCancelPayment(p *PaymentIn) error {
	if p.IsCancelled || p.cancelState() == CancelCompleted {
		return fmt.Errorf("%w: payment %s", ErrAlreadyCancelled, p.Number)
	}
	if p.cancelState() == CancelRequested {
		return fmt.Errorf("%w: payment %s already has a cancel request", ErrNotCancellable, p.Number)
	}
	return nil
}

// RequestPaymentCancel records an operator's cancel request on a payment: CancelledState
// Requested, reason and date (§3.4). The status is settled by ProcessPaymentCancellations.
func RequestPaymentCancel(p *PaymentIn, reason string, now time.Time) error {
	if err := CanCancelPayment(p); err != nil {
		return err
	}
	reason, err := cancelReason(reason)
	if err != nil {
		return err
	}
	p.CancelledState = CancelRequested
	stamp(&p.Operation, reason, now)
	return nil
}

// PaymentCancelAction says what it takes to finish cancelling a payment.
type PaymentCancelAction string

const (
	// CancelledLocally: nothing was taken from the customer; the payment is now Cancelled.
	CancelledLocally PaymentCancelAction = "Cancelled"
	// NeedsVoid: the payment is Authorized; the gateway must void the authorization.
	NeedsVoid PaymentCancelAction = "Void"
	// NeedsRefund: the payment is Paid; the gateway must refund it in full.
	NeedsRefund PaymentCancelAction = "Refund"
)

// PaymentCancellation is one payment ProcessPaymentCancellations dealt with.
type PaymentCancellation struct {
	PaymentID string
	Action    PaymentCancelAction
}

// ProcessPaymentCancellations is the pure part of Virto's cancel-payments reaction after a save
// (§3.5). before is the stored order (nil for a new one), after the order being saved.
//
// Candidates: every payment when the order has just been cancelled; otherwise payments whose
// cancel request is new in this save. (Virto's rule is "requested now, not completed before";
// since here a payment stays Requested until the gateway has answered, "new" keeps a second
// save from asking the gateway twice.) A candidate not yet cancelled that is
// Authorized needs a gateway void, one that is Paid needs a gateway refund; any other is
// cancelled here and now (status Cancelled, IsCancelled, date, CancelledState Completed).
// Gateway work is returned for the caller, who then calls CompletePaymentCancellation with the
// gateway's resulting status, so, unlike Virto, that result lands on the payment (§16 item 12).
func ProcessPaymentCancellations(before, after *CustomerOrder, now time.Time) []PaymentCancellation {
	orderJustCancelled := after.IsCancelled && (before == nil || !before.IsCancelled)
	var out []PaymentCancellation
	for i := range after.InPayments {
		p := &after.InPayments[i]
		if !orderJustCancelled {
			if p.cancelState() != CancelRequested {
				continue
			}
			if before != nil {
				if old := before.Payment(p.ID); old != nil && old.cancelState() != CancelUndefined {
					continue // requested (or done) before: already handled by an earlier save
				}
			}
		}
		if p.IsCancelled {
			continue
		}
		switch p.PaymentStatus() {
		case PaymentAuthorized:
			out = append(out, PaymentCancellation{p.ID, NeedsVoid})
		case PaymentPaid:
			out = append(out, PaymentCancellation{p.ID, NeedsRefund})
		default:
			CompletePaymentCancellation(p, string(PaymentCancelled), now)
			out = append(out, PaymentCancellation{p.ID, CancelledLocally})
		}
	}
	return out
}

// CompletePaymentCancellation finishes a payment's cancellation with the status the gateway (or
// the local rule) produced, e.g. Voided, Refunded or Cancelled.
func CompletePaymentCancellation(p *PaymentIn, status string, now time.Time) {
	t := now.UTC()
	p.Status = status
	p.IsCancelled = true
	p.CancelledState = CancelCompleted
	p.CancelledDate = &t
	if ParsePaymentStatus(status) == PaymentVoided && p.VoidedDate == nil {
		p.VoidedDate = &t
	}
}
