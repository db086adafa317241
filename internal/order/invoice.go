package order

import (
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// TaxLine is one tax rate's share of an order, as a tax invoice lists it: the net amount taxed
// at Rate (a fraction) and the tax on it, both rounded by the order currency's policy.
type TaxLine struct {
	Rate, Net, Tax decimal.Decimal
}

// TaxBreakdown groups what the order's tax is computed on by rate: lines (extended price),
// shipments and payment fees (their totals), less the order discount at the order's rate —
// the same terms, in the order currency, that make up the order's TaxTotal (§4.5). Amounts in
// other currencies are left out (they have their own buckets). The order must have been
// recalculated. Rates are listed from lowest to highest; a rate with nothing on it is left out.
func TaxBreakdown(o *CustomerOrder, cur Currency) []TaxLine {
	inOrderCurrency := func(code string) bool {
		return strings.TrimSpace(code) == "" || sameCurrency(code, o.Currency)
	}
	byRate := map[string]*TaxLine{}
	add := func(rate, net, tax decimal.Decimal) {
		key := rate.String()
		tl, ok := byRate[key]
		if !ok {
			tl = &TaxLine{Rate: rate}
			byRate[key] = tl
		}
		tl.Net, tl.Tax = tl.Net.Add(net), tl.Tax.Add(tax)
	}
	for i := range o.Items {
		if li := &o.Items[i]; inOrderCurrency(li.Currency) {
			add(li.TaxPercentRate, li.ExtendedPrice, li.TaxTotal)
		}
	}
	for i := range o.Shipments {
		if s := &o.Shipments[i]; inOrderCurrency(s.Currency) {
			add(s.TaxPercentRate, s.Total, s.TaxTotal)
		}
	}
	for i := range o.InPayments {
		if p := &o.InPayments[i]; inOrderCurrency(p.Currency) && !p.Total.IsZero() {
			add(p.TaxPercentRate, p.Total, p.TaxTotal)
		}
	}
	// An order discount lowers the tax only at a rate above zero; at zero it would be a row
	// with a negative net and no tax (OrderDiscountTaxNote says so instead).
	if !o.DiscountAmount.IsZero() && !o.TaxPercentRate.IsZero() {
		add(o.TaxPercentRate, o.DiscountAmount.Neg(), o.DiscountAmount.Mul(o.TaxPercentRate).Neg())
	}
	out := make([]TaxLine, 0, len(byRate))
	for _, tl := range byRate {
		tl.Net, tl.Tax = cur.Round(tl.Net), cur.Round(tl.Tax)
		if !tl.Net.IsZero() || !tl.Tax.IsZero() {
			out = append(out, *tl)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rate.LessThan(out[j].Rate) })
	return out
}

// BillingAddress is who the order is billed to: its first Billing address, else its first
// BillingAndShipping one; nil when it has neither.
func (o *CustomerOrder) BillingAddress() *Address {
	return o.firstAddress(AddressBilling, AddressBillingAndShipping)
}

// OrderDiscountTaxNote says how the order-level discount bears on the tax (reference §4.5:
// TaxTotal less DiscountAmount × the order's rate): empty without an order discount.
func OrderDiscountTaxNote(o *CustomerOrder, cur Currency) string {
	if o.DiscountAmount.IsZero() {
		return ""
	}
	amount := cur.Fixed(o.DiscountAmount) + " " + o.Currency
	if o.TaxPercentRate.IsZero() {
		return "The order discount of " + amount + " comes off the total after tax: it does not lower the tax."
	}
	return "The order discount of " + amount + " lowers the taxed amount at " + o.TaxPercentRate.Shift(2).String() +
		" %, and the tax by " + cur.Fixed(o.DiscountAmount.Mul(o.TaxPercentRate)) + " " + o.Currency + " (in the row of that rate)."
}
