package order

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// The capture and refund flows (§3.2): the bounds a new capture or refund must keep, checked
// with messages that say how much is left, and the payment's status and dates following it.
// The API's gateway callbacks and the order page both go through these; ValidateOrder checks
// the stored result again (PaymentIn.Validate).

// CaptureRequest is a capture to record: amount, transaction id (empty: NextTransactionID),
// optional items and whether it closes the authorization.
type CaptureRequest struct {
	Amount           decimal.Decimal
	TransactionID    string
	OuterID, Comment string
	CloseTransaction bool
	// Items are units per line the capture is for (optional).
	Items []CaptureItem
}

// RefundRequest is a refund to record. With Items and no Amount the amount is computed from the
// lines (RefundLinesAmount); Shipping is added on top, at most the order's shipping total.
type RefundRequest struct {
	Amount        decimal.Decimal
	Items         []RefundItem
	Shipping      decimal.Decimal
	ReasonCode    RefundReasonCode
	ReasonMessage string
	TransactionID string
	OuterID       string
}

// CaptureAllowed returns nil when a capture may be started on the payment, else why not.
func CaptureAllowed(p *PaymentIn) error {
	switch {
	case p.IsCancelled:
		return Problems{"amount": "the payment is cancelled"}
	case !p.CanCapture():
		return Problems{"amount": fmt.Sprintf("only an authorized or paid payment can be captured; %s is %s", p.Number, orNone(p.Status))}
	case captureClosed(p):
		return Problems{"amount": "a capture closed this authorization: nothing more can be captured"}
	case !CaptureRemaining(p).IsPositive():
		return Problems{"amount": "the whole amount of " + p.Number + " has been captured"}
	}
	return nil
}

// RefundAllowed returns nil when a refund may be started on the payment, else why not.
func RefundAllowed(p *PaymentIn) error {
	switch {
	case p.IsCancelled:
		return Problems{"amount": "the payment is cancelled"}
	case !p.CanRefund():
		return Problems{"amount": fmt.Sprintf("only a paid payment can be refunded; %s is %s", p.Number, orNone(p.Status))}
	case !RefundRemaining(p).IsPositive():
		return Problems{"amount": "everything paid on " + p.Number + " has been refunded"}
	}
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "without a status"
	}
	return s
}

// CapturePayment records a processed capture on p (a payment of o): it must be allowed, above
// zero, at most what remains of the authorization, and its items at most the units ordered
// less those already captured on the payment. The payment becomes Paid when the capture closes
// the transaction or takes the rest, and gets its captured date. On error p is unchanged.
func CapturePayment(o *CustomerOrder, p *PaymentIn, req CaptureRequest, now time.Time) (Capture, error) {
	if err := CaptureAllowed(p); err != nil {
		return Capture{}, err
	}
	fe := Problems{}
	cur := o.RuleFor(p.Currency)
	remaining := CaptureRemaining(p)
	switch {
	case !req.Amount.IsPositive():
		fe.Add("amount", "must be more than zero")
	case req.Amount.GreaterThan(remaining):
		fe.Add("amount", fmt.Sprintf("at most %s %s can still be captured on %s (amount %s, captured %s)",
			cur.Fixed(remaining), p.Currency, p.Number, cur.Fixed(p.Sum), cur.Fixed(p.committedCaptures())))
	}
	left := CapturableUnits(o, p)
	var items []CaptureItem
	for _, it := range req.Items {
		li := o.LineItem(it.LineItemID)
		key := "items[" + it.LineItemID + "].quantity"
		switch {
		case li == nil:
			fe.Add(key, "is not a line of this order")
		case it.Quantity < 1:
			continue // nothing of this line
		case it.Quantity > left[li.ID]:
			fe.Add(key, fmt.Sprintf("at most %d of %s can still be captured", left[li.ID], li.Sku))
		default:
			items = append(items, CaptureItem{ID: NewID(), OrderID: o.ID, LineItemID: li.ID, Quantity: it.Quantity})
		}
	}
	if err := fe.Err(); err != nil {
		return Capture{}, err
	}
	c := Capture{Operation: Operation{ID: NewID(), Status: string(CaptureProcessed), Currency: p.Currency,
		OuterID: req.OuterID, Comment: req.Comment}, OrderID: o.ID, PaymentID: p.ID, Amount: req.Amount,
		TransactionID: strings.TrimSpace(req.TransactionID), CloseTransaction: req.CloseTransaction, Items: items}
	if c.TransactionID == "" {
		c.TransactionID = NextTransactionID(p)
	}
	for i := range c.Items {
		c.Items[i].CaptureID = c.ID
	}
	p.Captures = append(p.Captures, c)
	if req.CloseTransaction || !p.CapturedAmount().LessThan(p.Sum) {
		p.Status = string(PaymentPaid)
	}
	t := now.UTC()
	p.CapturedDate = &t
	return c, nil
}

// CapturableUnits returns, per line of o, how many units captures on p may still name: the
// line's quantity less the units in p's captures that are not cancelled or rejected.
func CapturableUnits(o *CustomerOrder, p *PaymentIn) map[string]int {
	left := make(map[string]int, len(o.Items))
	for _, li := range o.Items {
		left[li.ID] = li.Quantity
	}
	for i := range p.Captures {
		if c := &p.Captures[i]; !c.IsCancelled && CaptureStatus(c.Status) != CaptureRejected {
			for _, it := range c.Items {
				left[it.LineItemID] -= it.Quantity
			}
		}
	}
	for id, n := range left {
		left[id] = max(0, n)
	}
	return left
}

// RefundUnitPrice is what the customer paid for one unit of a line: the placed price (after
// the line's discount) with tax, less the unit's pro-rata share of the order-level discount,
// rounded down to the currency's digits so that refunding every unit never pays back more
// than the lines cost. Refunds by line and returns made on the order page use it.
func RefundUnitPrice(o *CustomerOrder, li *LineItem) decimal.Decimal {
	unit := li.PlacedPriceWithTax
	if discount := orderDiscountWithTax(o); discount.IsPositive() && sameCurrency(orDefault(li.Currency, o.Currency), o.Currency) {
		lines := decimal.Zero
		for i := range o.Items {
			if x := &o.Items[i]; sameCurrency(orDefault(x.Currency, o.Currency), o.Currency) {
				lines = lines.Add(x.ExtendedPriceWithTax)
			}
		}
		if lines.IsPositive() {
			// The discount takes the same fraction of every unit's price, never more than it.
			unit = unit.Sub(unit.Mul(decimal.Min(discount, lines)).Div(lines))
		}
	}
	return decimal.Max(decimal.Zero, unit.RoundDown(o.RuleFor(li.Currency).DecimalDigits))
}

// orderDiscountWithTax is the order-level discount as the total takes it off: with tax at the
// order's rate (reference §4.5: DiscountTotalWithTax and TaxTotal).
func orderDiscountWithTax(o *CustomerOrder) decimal.Decimal {
	return o.DiscountAmount.Mul(decimal.NewFromInt(1).Add(o.TaxPercentRate))
}

func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// RefundableUnits returns, per line of o, how many units may still be refunded on p: the units
// the payment took (its captures' items when they name any, else the line's quantity) less the
// units already in refunds of the order that are not rejected or cancelled, on any payment.
func RefundableUnits(o *CustomerOrder, p *PaymentIn) map[string]int {
	paid := map[string]int{}
	itemized := false
	for i := range p.Captures {
		c := &p.Captures[i]
		if c.IsCancelled || CaptureStatus(c.Status) == CaptureRejected {
			continue
		}
		for _, it := range c.Items {
			itemized = true
			paid[it.LineItemID] += it.Quantity
		}
	}
	out := make(map[string]int, len(o.Items))
	for _, li := range o.Items {
		if itemized {
			out[li.ID] = min(li.Quantity, paid[li.ID])
		} else {
			out[li.ID] = li.Quantity
		}
	}
	for i := range o.InPayments {
		for j := range o.InPayments[i].Refunds {
			r := &o.InPayments[i].Refunds[j]
			if r.IsCancelled || r.RefundStatus() == RefundRejected {
				continue
			}
			for _, it := range r.Items {
				if _, ok := out[it.LineItemID]; ok {
					out[it.LineItemID] = max(0, out[it.LineItemID]-it.Quantity)
				}
			}
		}
	}
	return out
}

// RefundLinesAmount is the money for refunding units of lines: Σ quantity × RefundUnitPrice
// (no cash rounding: that would round it above what the units cost). Lines not in the order count for nothing (the bounds report them).
func RefundLinesAmount(o *CustomerOrder, items []RefundItem) decimal.Decimal {
	sum := decimal.Zero
	for _, it := range items {
		if li := o.LineItem(it.LineItemID); li != nil && it.Quantity > 0 {
			sum = sum.Add(RefundUnitPrice(o, li).Mul(decimal.NewFromInt(int64(it.Quantity))))
		}
	}
	return sum
}

// ShippingRefunded sums the shipping given back by the order's refunds that still stand (not
// rejected or cancelled), over all its payments.
func ShippingRefunded(o *CustomerOrder) decimal.Decimal {
	sum := decimal.Zero
	for i := range o.InPayments {
		for _, rf := range o.InPayments[i].Refunds {
			if refundCounts(&rf) {
				sum = sum.Add(rf.ShippingAmount)
			}
		}
	}
	return sum
}

// ShippingRefundable is the shipping that may still be refunded: what was charged, less what
// refunds gave back already.
func ShippingRefundable(o *CustomerOrder) decimal.Decimal {
	return decimal.Max(decimal.Zero, o.ShippingTotalWithTax.Sub(ShippingRefunded(o)))
}

// RefundPayment records a processed refund on p (a payment of o). Bounds: the refund must be
// allowed; each line's units at most RefundableUnits; shipping at most the order's shipping
// total with tax; the amount (given, or computed from the lines, plus shipping) above zero and
// at most RefundRemaining. The payment becomes PartiallyRefunded, or Refunded when nothing is
// left. On error p is unchanged.
func RefundPayment(o *CustomerOrder, p *PaymentIn, req RefundRequest) (Refund, error) {
	if err := RefundAllowed(p); err != nil {
		return Refund{}, err
	}
	fe := Problems{}
	cur := o.RuleFor(p.Currency)
	units := RefundableUnits(o, p)
	var items []RefundItem
	for _, it := range req.Items {
		li := o.LineItem(it.LineItemID)
		key := "items[" + it.LineItemID + "].quantity"
		switch {
		case li == nil:
			fe.Add(key, "is not a line of this order")
		case it.Quantity < 1:
			continue
		case it.Quantity > units[li.ID]:
			fe.Add(key, fmt.Sprintf("at most %d of %s can be refunded (paid for, less units refunded before)", units[li.ID], li.Sku))
		default:
			items = append(items, RefundItem{ID: NewID(), OrderID: o.ID, LineItemID: li.ID, Quantity: it.Quantity})
		}
	}
	switch {
	case req.Shipping.IsNegative():
		fe.Add("shipping", "must not be negative")
	case req.Shipping.GreaterThan(ShippingRefundable(o)):
		fe.Add("shipping", fmt.Sprintf("at most the order's shipping, %s %s, less shipping refunded before (%s)",
			cur.Fixed(o.ShippingTotalWithTax), o.Currency, cur.Fixed(ShippingRefunded(o))))
	}
	amount := req.Amount
	if amount.IsZero() && len(req.Items) > 0 {
		amount = RefundLinesAmount(o, items)
	}
	amount = amount.Add(req.Shipping)
	remaining := RefundRemaining(p)
	switch {
	case len(fe) > 0:
	case !amount.IsPositive():
		fe.Add("amount", "must be more than zero: enter an amount, or units of lines to refund")
	case amount.GreaterThan(remaining):
		fe.Add("amount", fmt.Sprintf("%s %s is more than can be refunded on %s: at most %s %s (paid %s, refunded %s)",
			cur.Fixed(amount), p.Currency, p.Number, cur.Fixed(remaining), p.Currency,
			cur.Fixed(p.Refundable()), cur.Fixed(p.committedRefunds())))
	}
	if err := fe.Err(); err != nil {
		return Refund{}, err
	}
	code := req.ReasonCode
	if code == "" {
		code = ReasonOther
	}
	rf := Refund{Operation: Operation{ID: NewID(), Status: string(RefundProcessed), Currency: p.Currency, OuterID: req.OuterID},
		OrderID: o.ID, PaymentID: p.ID, Amount: amount, ShippingAmount: req.Shipping, ReasonCode: code, ReasonMessage: strings.TrimSpace(req.ReasonMessage),
		TransactionID: strings.TrimSpace(req.TransactionID), Items: items}
	if rf.TransactionID == "" {
		rf.TransactionID = NextTransactionID(p)
	}
	for i := range rf.Items {
		rf.Items[i].RefundID = rf.ID
	}
	p.Refunds = append(p.Refunds, rf)
	p.Status = string(PaymentPartiallyRefunded)
	if !p.RefundedAmount().LessThan(p.Refundable()) {
		p.Status = string(PaymentRefunded)
	}
	return rf, nil
}

// ReturnRefund is the refund a return asks for: its lines and its amount (Return.Amount).
func ReturnRefund(ret *Return, code RefundReasonCode, message string) RefundRequest {
	req := RefundRequest{Amount: ret.Amount(), ReasonCode: code, ReasonMessage: message}
	for _, l := range ret.LineItems {
		req.Items = append(req.Items, RefundItem{LineItemID: l.OrderLineItemID, Quantity: l.Quantity})
	}
	if req.ReasonMessage == "" {
		req.ReasonMessage = "Return " + ret.Number
	}
	return req
}

// ReturnRefunded returns the refund of o the return was refunded with, when that refund still
// counts (not rejected or cancelled); nil otherwise.
func ReturnRefunded(o *CustomerOrder, ret *Return) *Refund {
	if ret.RefundID == "" {
		return nil
	}
	for i := range o.InPayments {
		for j := range o.InPayments[i].Refunds {
			r := &o.InPayments[i].Refunds[j]
			if r.ID == ret.RefundID && !r.IsCancelled && r.RefundStatus() != RefundRejected {
				return r
			}
		}
	}
	return nil
}

// PaymentsForReturn lists the payments of o that can take the return's refund whole: refunds
// allowed and at least its amount left to refund.
func PaymentsForReturn(o *CustomerOrder, ret *Return) []*PaymentIn {
	var out []*PaymentIn
	amount := ret.Amount()
	for i := range o.InPayments {
		p := &o.InPayments[i]
		if RefundAllowed(p) == nil && !RefundRemaining(p).LessThan(amount) {
			out = append(out, p)
		}
	}
	return out
}

// RefundReturn refunds a return in one step on payment p of o: the refund matches the return's
// lines and amount, within the same bounds as any refund, and the return points at it
// (RefundID). A cancelled return, one without money, or one already refunded is refused.
func RefundReturn(o *CustomerOrder, p *PaymentIn, ret *Return, code RefundReasonCode, message string) (Refund, error) {
	switch {
	case ret.OrderID != o.ID:
		return Refund{}, Problems{"return": "is not a return of this order"}
	case ret.Status == ReturnCanceled:
		return Refund{}, Problems{"return": "the return is cancelled"}
	case ReturnRefunded(o, ret) != nil:
		return Refund{}, Problems{"return": "the return was refunded already, with " + ReturnRefunded(o, ret).Number}
	case !ret.Amount().IsPositive():
		return Refund{}, Problems{"return": "the return has no money to refund"}
	}
	req := ReturnRefund(ret, code, message)
	req.Amount = o.CurrencyRule().Round(req.Amount)
	rf, err := RefundPayment(o, p, req)
	if err != nil {
		return Refund{}, err
	}
	ret.RefundID = rf.ID
	return rf, nil
}
