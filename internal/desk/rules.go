package desk

import (
	"slices"
	"time"

	"orderdesk/internal/order"
)

// The named changes: each applies one thing staff do to a working copy of the order, with the
// rules that decide whether it may be done. They are pure; Edit saves what they leave.

// CancelPayment cancels payment pid with a reason. A payment that holds money must be refunded
// first; one that took nothing is cancelled, and an authorization is voided.
func CancelPayment(o *order.CustomerOrder, pid, reason string, now time.Time) error {
	p := o.Payment(pid)
	if p == nil {
		return ErrGone
	}
	if l := order.PaymentLedgerOf(p); l.Net.IsPositive() {
		cur := o.RuleFor(p.Currency)
		return order.Problems{"": p.Number + " holds " + cur.Fixed(l.Net) + " " + p.Currency +
			" that was paid; refund it first, then cancel the payment"}
	}
	before := o.Clone()
	if err := order.RequestPaymentCancel(p, reason, now); err != nil {
		return err
	}
	return SettleCancellations(before, o, now)
}

// SettleCancellations carries out the payment cancellations a change asks for, as Virto does
// on every save (its CancelPaymentsOrderChangedEventHandler): a payment whose cancel request is
// new in this change — every payment, when the change cancels the order — is voided when
// authorized and cancelled when it took nothing. One that holds paid money keeps its request
// (Requested) until someone refunds it: no gateway here refunds by itself, and the desk's
// payment form asks for the refund first.
func SettleCancellations(before, after *order.CustomerOrder, now time.Time) error {
	for _, c := range order.ProcessPaymentCancellations(before, after, now) {
		p := after.Payment(c.PaymentID)
		switch c.Action {
		case order.NeedsVoid:
			order.CompletePaymentCancellation(p, string(order.PaymentVoided), now)
		case order.NeedsRefund:
			if l := order.PaymentLedgerOf(p); !l.Net.IsPositive() {
				order.CompletePaymentCancellation(p, string(order.PaymentCancelled), now)
				continue
			}
			// A cancelled order's paid payment is asked to cancel, as the desk's cancel does.
			p.CancelledState = order.CancelRequested
			if p.CancelReason == "" {
				p.CancelReason = after.CancelReason
			}
		}
	}
	return nil
}

// CancelCapture cancels capture cid of payment pid. What it took is open again: a paid
// payment with something left to capture goes back to Authorized.
func CancelCapture(o *order.CustomerOrder, pid, cid, reason string, now time.Time) error {
	p := o.Payment(pid)
	if p == nil || p.Capture(cid) == nil {
		return ErrGone
	}
	if err := order.CancelCapture(p.Capture(cid), reason, now); err != nil {
		return err
	}
	if order.ParsePaymentStatus(p.Status) == order.PaymentPaid && order.CaptureRemaining(p).IsPositive() {
		p.Status = string(order.PaymentAuthorized)
	}
	return nil
}

// CancelRefund cancels refund rid of payment pid.
func CancelRefund(o *order.CustomerOrder, pid, rid, reason string, now time.Time) error {
	p := o.Payment(pid)
	if p == nil || p.Refund(rid) == nil {
		return ErrGone
	}
	return order.CancelRefund(p.Refund(rid), reason, now)
}

// AddTransaction records a gateway transaction on payment pid; a processed one without a
// date was processed now.
func AddTransaction(o *order.CustomerOrder, pid string, t order.PaymentGatewayTransaction, now time.Time) error {
	p := o.Payment(pid)
	if p == nil {
		return ErrGone
	}
	t.ID, t.OrderID, t.PaymentID, t.CurrencyCode = order.NewID(), o.ID, p.ID, p.Currency
	if t.IsProcessed && t.ProcessedDate == nil {
		at := now.UTC()
		t.ProcessedDate = &at
	}
	p.Transactions = append(p.Transactions, t)
	return nil
}

// Capture captures req on payment pid.
func Capture(o *order.CustomerOrder, pid string, req order.CaptureRequest, now time.Time) error {
	p := o.Payment(pid)
	if p == nil {
		return ErrGone
	}
	_, err := order.CapturePayment(o, p, req, now)
	return err
}

// Refund refunds req from payment pid and returns the refund as added.
func Refund(o *order.CustomerOrder, pid string, req order.RefundRequest) (order.Refund, error) {
	p := o.Payment(pid)
	if p == nil {
		return order.Refund{}, ErrGone
	}
	return order.RefundPayment(o, p, req)
}

// RemoveLine takes line lineID off the order. A line in a shipment that is not cancelled is
// taken out of the shipment first: the store would otherwise refuse the dangling shipment item.
func RemoveLine(o *order.CustomerOrder, lineID string) error {
	for _, sh := range o.Shipments {
		if sh.IsCancelled {
			continue
		}
		for _, it := range sh.Items {
			if it.LineItemID == lineID {
				return refuse("This line is in shipment %s: take it out of the shipment before removing it.", sh.Number)
			}
		}
	}
	i := slices.IndexFunc(o.Items, func(li order.LineItem) bool { return li.ID == lineID })
	if i < 0 {
		return ErrGone
	}
	o.Items = slices.Delete(o.Items, i, i+1)
	return nil
}

// RemoveShipment takes shipment id off the order while it has not started: still in the
// initial status and no payment tied to it. Anything further along is cancelled instead, so
// its history stays on the order.
func RemoveShipment(o *order.CustomerOrder, id, initialStatus string) error {
	sh := o.Shipment(id)
	switch {
	case sh == nil:
		return ErrGone
	case sh.Status != initialStatus && !sh.IsCancelled:
		return refuse("Shipment %s is %s: cancel it instead of removing it.", sh.Number, sh.Status)
	case len(o.ShipmentPayments(id)) > 0:
		return refuse("A payment is tied to shipment %s: cancel the shipment instead.", sh.Number)
	}
	o.Shipments = slices.DeleteFunc(o.Shipments, func(s order.Shipment) bool { return s.ID == id })
	return nil
}

// ConsignmentFields are what the parts of one parcel share, as the consignment form sets them.
type ConsignmentFields struct {
	Status                      string // "": each part keeps its own
	MethodCode, MethodOption    string
	TrackingNumber, TrackingURL string
	DeliveryDate                *time.Time // nil: none
}

// UpdateConsignment sets the shared fields on every live part of a parcel. A delivery date on
// the same day as a part's keeps that part's time of day.
func UpdateConsignment(live []*order.Shipment, f ConsignmentFields) {
	for _, sh := range live {
		if f.Status != "" {
			sh.Status = f.Status
		}
		sh.ShipmentMethodCode, sh.ShipmentMethodOption = f.MethodCode, f.MethodOption
		sh.TrackingNumber, sh.TrackingURL = f.TrackingNumber, f.TrackingURL
		switch {
		case f.DeliveryDate == nil:
			sh.DeliveryDate = nil
		case sh.DeliveryDate == nil || !sameDay(*sh.DeliveryDate, *f.DeliveryDate):
			d := *f.DeliveryDate
			sh.DeliveryDate = &d
		}
	}
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.UTC().Date()
	by, bm, bd := b.UTC().Date()
	return ay == by && am == bm && ad == bd
}
