package order

import "github.com/shopspring/decimal"

// Payment and shipping states summarise an order's documents for lists and queues.
const (
	PayStateNone       = "none"       // nothing to pay: the total is zero
	PayStateUnpaid     = "unpaid"     // nothing paid or authorized yet
	PayStateAuthorized = "authorized" // authorized but not yet captured in full
	PayStatePartial    = "partial"    // some, not all, of the total is paid
	PayStatePaid       = "paid"       // paid in full
	PayStateRefunded   = "refunded"   // everything paid went back

	ShipStateNone      = "none"      // no lines to ship
	ShipStateUnshipped = "unshipped" // nothing sent yet
	ShipStatePartial   = "partial"   // some units sent
	ShipStateShipped   = "shipped"   // every unit sent
)

// PayStates and ShipStates list the states in the order filters show them.
var (
	PayStates  = []string{PayStateUnpaid, PayStateAuthorized, PayStatePartial, PayStatePaid, PayStateRefunded, PayStateNone}
	ShipStates = []string{ShipStateUnshipped, ShipStatePartial, ShipStateShipped, ShipStateNone}
)

// Facts are what an order list shows and filters on besides the header: derived from the
// documents, stored next to the order on every write so lists never load documents.
type Facts struct {
	ItemCount     int             // units on lines that are not cancelled
	Paid          decimal.Decimal // Balance.Paid: in the order's currency, payments not cancelled
	Authorized    decimal.Decimal // authorized and not yet captured
	Refunded      decimal.Decimal // Balance.Refunded
	BalanceDue    decimal.Decimal // Balance.Due
	PaymentState  string
	ShippingState string
}

// FactsOf computes the facts of o from its documents.
func FactsOf(o *CustomerOrder) Facts {
	b := OrderBalance(o)
	f := Facts{Paid: b.Paid, Refunded: b.Refunded, BalanceDue: b.Due, Authorized: decimal.Zero}
	for i := range o.InPayments {
		p := &o.InPayments[i]
		if p.IsCancelled || !inOrderCurrency(o, p) {
			continue
		}
		if paid := p.Refundable(); p.PaymentStatus() == PaymentAuthorized && paid.LessThan(p.Sum) {
			f.Authorized = f.Authorized.Add(p.Sum.Sub(paid))
		}
	}
	// The states follow the balance: an order is in the Unpaid queue exactly when a balance
	// is due, whatever was refunded.
	switch {
	case b.Due.IsPositive() && f.Authorized.IsPositive() && f.Paid.Add(f.Authorized).GreaterThanOrEqual(o.Total):
		f.PaymentState = PayStateAuthorized
	case b.Due.IsPositive() && f.Paid.IsPositive():
		f.PaymentState = PayStatePartial
	case b.Due.IsPositive():
		f.PaymentState = PayStateUnpaid
	case f.Paid.IsPositive() && f.Refunded.GreaterThanOrEqual(f.Paid):
		f.PaymentState = PayStateRefunded
	case !o.Total.IsPositive():
		f.PaymentState = PayStateNone
	default:
		f.PaymentState = PayStatePaid
	}

	sent := SentQuantities(o)
	ordered, shipped := 0, 0
	for i := range o.Items {
		li := &o.Items[i]
		if li.IsCancelled {
			continue
		}
		ordered += li.Quantity
		shipped += min(sent[li.ID], li.Quantity)
	}
	f.ItemCount = ordered
	switch {
	case ordered == 0:
		f.ShippingState = ShipStateNone
	case shipped == 0:
		f.ShippingState = ShipStateUnshipped
	case shipped < ordered:
		f.ShippingState = ShipStatePartial
	default:
		f.ShippingState = ShipStateShipped
	}
	return f
}

// ReturnIsOpen says whether a return still needs work: neither completed nor cancelled.
func ReturnIsOpen(r *Return) bool {
	return r.Status != ReturnCompleted && r.Status != ReturnCanceled
}

// inOrderCurrency says whether p is in the order's currency (a payment without one is).
func inOrderCurrency(o *CustomerOrder, p *PaymentIn) bool {
	return p.Currency == "" || sameCurrency(p.Currency, o.Currency)
}
