package order

import "github.com/shopspring/decimal"

// The money ledger of an order: what was charged and what its payment documents say happened
// to the money, always computed from the documents, never stored.

// PaymentLedger is one payment's money. Cancelled payments are listed but count for nothing.
type PaymentLedger struct {
	PaymentID, Number, Currency string
	Cancelled                   bool
	// Amount is the payment's amount (Sum).
	Amount decimal.Decimal
	// Authorized is the amount held by an authorization: the payment's amount once it was
	// authorized (status Authorized, an authorized date or captures), zero when voided.
	Authorized decimal.Decimal
	// Captured sums processed captures; Paid is what the payment took (Refundable: its
	// captures, or its amount when marked paid without captures).
	Captured, Paid decimal.Decimal
	// Refunded sums processed refunds.
	Refunded decimal.Decimal
	// Net is Paid − Refunded: what the payment keeps.
	Net decimal.Decimal
	// CanCapture and CanRefund say whether a capture or refund may be started now; the
	// remaining amounts are what it may still take.
	CanCapture, CanRefund             bool
	CaptureRemaining, RefundRemaining decimal.Decimal
}

// LedgerTotal sums the payments of one currency. Charged is the order total for the order's
// currency and zero for payments in any other.
type LedgerTotal struct {
	Currency                                      string
	Charged, Authorized, Captured, Paid, Refunded decimal.Decimal
	// Balance is what Paid and Refunded come to against Charged (BalanceOf).
	Balance Balance
}

// Ledger is the order's money, per payment and per currency (the order's currency first).
type Ledger struct {
	Payments []PaymentLedger
	Totals   []LedgerTotal
}

// Total returns the totals of the order's currency.
func (l Ledger) Total() LedgerTotal { return l.Totals[0] }

// LedgerOf computes the money ledger of an order from its documents.
func LedgerOf(o *CustomerOrder) Ledger {
	l := Ledger{Totals: []LedgerTotal{{Currency: o.Currency, Charged: o.Total}}}
	totalOf := func(cur string) *LedgerTotal {
		if cur == "" {
			cur = o.Currency
		}
		for i := range l.Totals {
			if sameCurrency(l.Totals[i].Currency, cur) {
				return &l.Totals[i]
			}
		}
		l.Totals = append(l.Totals, LedgerTotal{Currency: cur})
		return &l.Totals[len(l.Totals)-1]
	}
	for i := range o.InPayments {
		p := &o.InPayments[i]
		pl := PaymentLedgerOf(p)
		l.Payments = append(l.Payments, pl)
		if p.IsCancelled {
			continue
		}
		t := totalOf(pl.Currency)
		t.Authorized = t.Authorized.Add(pl.Authorized)
		t.Captured = t.Captured.Add(pl.Captured)
		t.Paid = t.Paid.Add(pl.Paid)
		t.Refunded = t.Refunded.Add(pl.Refunded)
	}
	for i := range l.Totals {
		t := &l.Totals[i]
		t.Balance = BalanceOf(t.Charged, t.Paid, t.Refunded)
	}
	return l
}

// PaymentLedgerOf computes one payment's money.
func PaymentLedgerOf(p *PaymentIn) PaymentLedger {
	pl := PaymentLedger{PaymentID: p.ID, Number: p.Number, Currency: p.Currency, Cancelled: p.IsCancelled,
		Amount: p.Sum, Captured: p.CapturedAmount(), Paid: p.Refundable(), Refunded: p.RefundedAmount(),
		CanCapture: CaptureAllowed(p) == nil, CanRefund: p.CanRefund(),
		CaptureRemaining: CaptureRemaining(p), RefundRemaining: RefundRemaining(p)}
	s := p.PaymentStatus()
	if !p.IsCancelled && s != PaymentVoided && (s == PaymentAuthorized || p.AuthorizedDate != nil || len(p.Captures) > 0) {
		pl.Authorized = p.Sum
	}
	pl.Net = pl.Paid.Sub(pl.Refunded)
	return pl
}

// CaptureRemaining is what may still be captured on the payment: its amount less captures that
// are not rejected or cancelled; zero once a capture closed the transaction.
func CaptureRemaining(p *PaymentIn) decimal.Decimal {
	if captureClosed(p) {
		return decimal.Zero
	}
	return decimal.Max(decimal.Zero, p.Sum.Sub(p.committedCaptures()))
}

// RefundRemaining is what may still be refunded on the payment: what was captured or paid
// (Refundable) less refunds that are not rejected or cancelled.
func RefundRemaining(p *PaymentIn) decimal.Decimal {
	return decimal.Max(decimal.Zero, p.Refundable().Sub(p.committedRefunds()))
}

// captureClosed says whether a capture that counts closed the authorization.
func captureClosed(p *PaymentIn) bool {
	for i := range p.Captures {
		c := &p.Captures[i]
		if c.CloseTransaction && !c.IsCancelled && CaptureStatus(c.Status) != CaptureRejected {
			return true
		}
	}
	return false
}
