package order

import "github.com/shopspring/decimal"

// Payable is an order's totals as the page and the invoice show them: every figure rounded to
// the currency's digits only, and the cash rounding of the amount payable on a line of its
// own, so that SubTotal + Shipping + PaymentFees − Discounts + Tax + Fees + Rounding = Total.
// Total is the order's stored total (Virto's, cash-rounded where the currency is).
type Payable struct {
	SubTotal    decimal.Decimal // lines at list price (Virto's SubTotal)
	Shipping    decimal.Decimal // shipment prices (ShippingSubTotal; their fees are in Fees, their discounts in Discounts)
	PaymentFees decimal.Decimal // payment prices (PaymentSubTotal)
	Discounts   decimal.Decimal // every discount: lines, shipments, payments and the order's (DiscountTotal)
	Tax         decimal.Decimal // TaxTotal before cash rounding
	Fees        decimal.Decimal // the order's, the lines' and the shipments' fees (FeeTotal)
	Rounding    decimal.Decimal // cash rounding of the amount payable; zero for most currencies
	Total       decimal.Decimal
}

// PayableOf computes o's totals in its own currency with Virto's formulas (reference §4.5)
// rounded to the currency's digits only; Rounding is what the cash rounding added to reach the
// stored total. The order must have been recalculated.
func PayableOf(o *CustomerOrder) Payable {
	cur := o.CurrencyRule()
	b := bucket{currency: cur.Digits(), fee: o.Fee, discount: o.DiscountAmount, rate: o.TaxPercentRate}
	mine := func(code string) bool { return code == "" || sameCurrency(code, o.Currency) }
	for i := range o.Items {
		if mine(o.Items[i].Currency) {
			b.items = append(b.items, &o.Items[i])
		}
	}
	for i := range o.Shipments {
		if mine(o.Shipments[i].Currency) {
			b.shipments = append(b.shipments, &o.Shipments[i])
		}
	}
	for i := range o.InPayments {
		if mine(o.InPayments[i].Currency) {
			b.payments = append(b.payments, &o.InPayments[i])
		}
	}
	t := b.totals()
	return Payable{SubTotal: t.SubTotal, Shipping: t.ShippingSubTotal, PaymentFees: t.PaymentSubTotal, Discounts: t.DiscountTotal,
		Tax: t.TaxTotal, Fees: t.FeeTotal, Rounding: o.Total.Sub(t.Total), Total: o.Total}
}
