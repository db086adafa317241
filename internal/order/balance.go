package order

import "github.com/shopspring/decimal"

// Balance is what an order's payments come to against its total. It is the one definition of
// paid, refunded, net paid, balance due and credit: the order page, the ledger, the invoice,
// the list and its Unpaid queue, the CSV export and the API all show these figures.
type Balance struct {
	Total    decimal.Decimal // what the order charges
	Paid     decimal.Decimal // what payments took (captured, or paid without captures)
	Refunded decimal.Decimal // processed refunds
	NetPaid  decimal.Decimal // Paid − Refunded: what the shop keeps
	// Due is Total − Paid when positive. A refund gives money back for something returned,
	// waived or overpaid, so it never makes the customer owe it again.
	Due decimal.Decimal
	// Credit is NetPaid − Total when positive: paid beyond the total and not yet given back,
	// shown as overpaid, never as a debt. Due and Credit are never both positive.
	Credit decimal.Decimal
}

// BalanceOf computes the balance of an order total and what its payments paid and refunded.
func BalanceOf(total, paid, refunded decimal.Decimal) Balance {
	net := paid.Sub(refunded)
	return Balance{
		Total: total, Paid: paid, Refunded: refunded, NetPaid: net,
		Due:    decimal.Max(decimal.Zero, total.Sub(paid)),
		Credit: decimal.Max(decimal.Zero, net.Sub(total)),
	}
}

// OrderBalance is the balance of the order in its own currency (payments in another currency
// stay apart, in the ledger's other totals).
func OrderBalance(o *CustomerOrder) Balance { return LedgerOf(o).Total().Balance }

// PaymentGap is how far the payments of an order's currency (their amounts, Sum; cancelled
// ones ask for nothing) are from its total, typically after the total changed once a payment
// was made.
type PaymentGap struct {
	Amounts    decimal.Decimal // Σ the payments' amounts
	Difference decimal.Decimal // Total − Amounts: positive when the payments ask for too little
	// Adjustable is the payment whose amount can take the whole difference: not yet paid in
	// full nor closed, and left at least what it has already taken. Nil when none can.
	Adjustable *PaymentIn
}

// PaymentGapOf returns the gap between o's payments and its total, and whether there is one:
// false without payments or when they add up to the total.
func PaymentGapOf(o *CustomerOrder) (PaymentGap, bool) {
	g := PaymentGap{Amounts: decimal.Zero}
	found := false
	for i := range o.InPayments {
		p := &o.InPayments[i]
		if p.IsCancelled || !inOrderCurrency(o, p) {
			continue
		}
		found = true
		g.Amounts = g.Amounts.Add(p.Sum)
	}
	g.Difference = o.Total.Sub(g.Amounts)
	if !found || g.Difference.IsZero() {
		return PaymentGap{}, false
	}
	for i := len(o.InPayments) - 1; i >= 0; i-- {
		p := &o.InPayments[i]
		if !p.IsCancelled && inOrderCurrency(o, p) && AdjustableTo(p, p.Sum.Add(g.Difference)) {
			g.Adjustable = p
			break
		}
	}
	return g, true
}

// AdjustableTo says whether p's amount may become sum: it is still open (new, pending or
// authorized, no capture closed it) and sum is above zero and not below what it took.
func AdjustableTo(p *PaymentIn, sum decimal.Decimal) bool {
	switch p.PaymentStatus() {
	case PaymentNew, PaymentPending, PaymentAuthorized:
	default:
		return false
	}
	return !p.IsCancelled && !captureClosed(p) && sum.IsPositive() && sum.GreaterThanOrEqual(p.committedCaptures())
}

// AdjustPaymentToTotal changes the amount of the gap's adjustable payment so the payments add
// up to the total. It refuses when there is no gap or no payment can take it.
func AdjustPaymentToTotal(o *CustomerOrder, paymentID string) error {
	g, ok := PaymentGapOf(o)
	switch {
	case !ok:
		return Problems{"": "the payments already add up to the order total"}
	case g.Adjustable == nil || g.Adjustable.ID != paymentID:
		return Problems{"": "this payment cannot take the difference: it is paid, closed or would fall below what it took"}
	}
	g.Adjustable.Sum = g.Adjustable.Sum.Add(g.Difference)
	return nil
}
