package order

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Recalculate fills every computed total of the order, its lines, shipments and payments with
// Virto's arithmetic (§4): lines (§4.2), shipments (§4.3), payments (§4.4), then the order per
// currency bucket (§4.5), rounding with the bucket currency's policy (§4.7).
//
// cur is the order currency's rounding rules. Lines, shipments and payments in other currencies
// form extra buckets that only appear in OrderTotals; their rules come from others, else from
// the order's currencies (SetCurrencies). A line, shipment or payment with an empty currency counts as the order currency.
//
// Beyond Virto: ShippingTaxTotal and PaymentTaxTotal, "reserved" there, are filled with the sums
// of shipment and payment TaxTotal (rounded). They are not part of Total.
func Recalculate(o *CustomerOrder, cur Currency, others ...Currency) {
	if o == nil {
		return
	}
	orderCode := strings.ToUpper(strings.TrimSpace(o.Currency))
	if orderCode == "" {
		orderCode = strings.ToUpper(cur.Code)
	}
	currencyOf := func(code string) Currency {
		if code == "" || sameCurrency(code, orderCode) {
			return cur
		}
		for _, c := range others {
			if sameCurrency(c.Code, code) {
				return c
			}
		}
		return o.currencies.Of(code)
	}
	bucketCode := func(code string) string {
		if strings.TrimSpace(code) == "" {
			return orderCode
		}
		return strings.ToUpper(strings.TrimSpace(code))
	}

	for i := range o.Items {
		li := &o.Items[i]
		li.recalculate(currencyOf(li.Currency))
	}
	for i := range o.Shipments {
		o.Shipments[i].recalculate()
	}
	for i := range o.InPayments {
		o.InPayments[i].recalculate()
	}

	// Buckets in order of first appearance: the order currency, then items, shipments, payments.
	codes := []string{orderCode}
	seen := map[string]bool{orderCode: true}
	add := func(code string) {
		c := bucketCode(code)
		if !seen[c] {
			seen[c] = true
			codes = append(codes, c)
		}
	}
	for i := range o.Items {
		add(o.Items[i].Currency)
	}
	for i := range o.Shipments {
		add(o.Shipments[i].Currency)
	}
	for i := range o.InPayments {
		add(o.InPayments[i].Currency)
	}

	o.OrderTotals = make([]OrderTotal, 0, len(codes))
	for _, code := range codes {
		b := bucket{currency: currencyOf(code)}
		if code == orderCode {
			b.fee, b.discount, b.rate = o.Fee, o.DiscountAmount, o.TaxPercentRate
		}
		for i := range o.Items {
			if bucketCode(o.Items[i].Currency) == code {
				b.items = append(b.items, &o.Items[i])
			}
		}
		for i := range o.Shipments {
			if bucketCode(o.Shipments[i].Currency) == code {
				b.shipments = append(b.shipments, &o.Shipments[i])
			}
		}
		for i := range o.InPayments {
			if bucketCode(o.InPayments[i].Currency) == code {
				b.payments = append(b.payments, &o.InPayments[i])
			}
		}
		t := b.totals()
		if code == orderCode {
			t.applyTo(o)
		}
		o.OrderTotals = append(o.OrderTotals, OrderTotal{
			CurrencyCode:  code,
			Total:         t.Total,
			SubTotal:      t.SubTotal,
			TaxTotal:      t.TaxTotal,
			DiscountTotal: t.DiscountTotal,
		})
	}
}

// bucket is one currency's share of an order. Synthetic buckets (currencies other than the
// order's) have no order-level fee, discount or rate.
type bucket struct {
	currency            Currency
	fee, discount, rate decimal.Decimal
	items               []*LineItem
	shipments           []*Shipment
	payments            []*PaymentIn
}

// bucketTotals holds the order-level totals of one bucket.
type bucketTotals struct {
	Fee, FeeWithTax, FeeTotal, FeeTotalWithTax                       decimal.Decimal
	SubTotal, SubTotalWithTax, SubTotalTaxTotal                      decimal.Decimal
	SubTotalDiscount, SubTotalDiscountWithTax                        decimal.Decimal
	ShippingTotal, ShippingTotalWithTax                              decimal.Decimal
	ShippingSubTotal, ShippingSubTotalWithTax                        decimal.Decimal
	ShippingDiscountTotal, ShippingDiscountTotalWithTax, ShippingTax decimal.Decimal
	PaymentTotal, PaymentTotalWithTax, PaymentSubTotal               decimal.Decimal
	PaymentSubTotalWithTax, PaymentDiscountTotal                     decimal.Decimal
	PaymentDiscountTotalWithTax, PaymentTax                          decimal.Decimal
	DiscountTotal, DiscountTotalWithTax, TaxTotal, Total             decimal.Decimal
}

// totals applies §4.5 to the bucket.
func (b bucket) totals() bucketTotals {
	var t bucketTotals
	factor := decimal.NewFromInt(1).Add(b.rate) // T in §4.5

	t.FeeTotal = b.fee
	for _, li := range b.items {
		t.SubTotal = t.SubTotal.Add(li.ListTotal)
		t.SubTotalWithTax = t.SubTotalWithTax.Add(li.ListTotalWithTax)
		t.SubTotalTaxTotal = t.SubTotalTaxTotal.Add(li.TaxTotal)
		t.SubTotalDiscount = t.SubTotalDiscount.Add(li.DiscountTotal)
		t.SubTotalDiscountWithTax = t.SubTotalDiscountWithTax.Add(li.DiscountTotalWithTax)
		t.DiscountTotal = t.DiscountTotal.Add(li.DiscountTotal)
		t.DiscountTotalWithTax = t.DiscountTotalWithTax.Add(li.DiscountTotalWithTax)
		t.FeeTotal = t.FeeTotal.Add(li.Fee)
		t.TaxTotal = t.TaxTotal.Add(li.TaxTotal)
	}
	for _, s := range b.shipments {
		t.ShippingTotal = t.ShippingTotal.Add(s.Total)
		t.ShippingTotalWithTax = t.ShippingTotalWithTax.Add(s.TotalWithTax)
		t.ShippingSubTotal = t.ShippingSubTotal.Add(s.Price)
		t.ShippingSubTotalWithTax = t.ShippingSubTotalWithTax.Add(s.PriceWithTax)
		t.ShippingDiscountTotal = t.ShippingDiscountTotal.Add(s.DiscountAmount)
		t.ShippingDiscountTotalWithTax = t.ShippingDiscountTotalWithTax.Add(s.DiscountAmountWithTax)
		t.ShippingTax = t.ShippingTax.Add(s.TaxTotal)
		t.DiscountTotal = t.DiscountTotal.Add(s.DiscountAmount)
		t.DiscountTotalWithTax = t.DiscountTotalWithTax.Add(s.DiscountAmountWithTax)
		t.FeeTotal = t.FeeTotal.Add(s.Fee)
		t.TaxTotal = t.TaxTotal.Add(s.TaxTotal)
	}
	for _, p := range b.payments {
		t.PaymentTotal = t.PaymentTotal.Add(p.Total)
		t.PaymentTotalWithTax = t.PaymentTotalWithTax.Add(p.TotalWithTax)
		t.PaymentSubTotal = t.PaymentSubTotal.Add(p.Price)
		t.PaymentSubTotalWithTax = t.PaymentSubTotalWithTax.Add(p.PriceWithTax)
		t.PaymentDiscountTotal = t.PaymentDiscountTotal.Add(p.DiscountAmount)
		t.PaymentDiscountTotalWithTax = t.PaymentDiscountTotalWithTax.Add(p.DiscountAmountWithTax)
		t.PaymentTax = t.PaymentTax.Add(p.TaxTotal)
		t.DiscountTotal = t.DiscountTotal.Add(p.DiscountAmount)
		t.DiscountTotalWithTax = t.DiscountTotalWithTax.Add(p.DiscountAmountWithTax)
		t.TaxTotal = t.TaxTotal.Add(p.TaxTotal) // payments have no fee
	}

	t.Fee = b.fee
	t.FeeWithTax = b.fee.Mul(factor)
	t.FeeTotalWithTax = t.FeeTotal.Mul(factor) // the order rate for every fee (§16 item 6)
	t.DiscountTotal = t.DiscountTotal.Add(b.discount)
	t.DiscountTotalWithTax = t.DiscountTotalWithTax.Add(b.discount.Mul(factor))
	t.TaxTotal = t.TaxTotal.Sub(b.discount.Mul(b.rate))

	// Round what Virto rounds; SubTotalTaxTotal and ShippingDiscountTotal(WithTax) stay exact.
	r := b.currency.Round
	for _, v := range []*decimal.Decimal{
		&t.SubTotal, &t.SubTotalWithTax, &t.SubTotalDiscount, &t.SubTotalDiscountWithTax,
		&t.TaxTotal, &t.DiscountTotal, &t.DiscountTotalWithTax,
		&t.Fee, &t.FeeWithTax, &t.FeeTotal, &t.FeeTotalWithTax,
		&t.ShippingTotal, &t.ShippingTotalWithTax, &t.ShippingSubTotal, &t.ShippingSubTotalWithTax,
		&t.PaymentTotal, &t.PaymentTotalWithTax, &t.PaymentSubTotal, &t.PaymentSubTotalWithTax,
		&t.PaymentDiscountTotal, &t.PaymentDiscountTotalWithTax,
		&t.ShippingTax, &t.PaymentTax,
	} {
		*v = r(*v)
	}

	t.Total = t.SubTotal.Add(t.ShippingSubTotal).Add(t.TaxTotal).Add(t.PaymentSubTotal).
		Add(t.FeeTotal).Sub(t.DiscountTotal)
	return t
}

// applyTo copies the order-currency bucket onto the order's fields.
func (t bucketTotals) applyTo(o *CustomerOrder) {
	o.Fee = t.Fee
	o.FeeWithTax = t.FeeWithTax
	o.FeeTotal = t.FeeTotal
	o.FeeTotalWithTax = t.FeeTotalWithTax
	o.SubTotal = t.SubTotal
	o.SubTotalWithTax = t.SubTotalWithTax
	o.SubTotalTaxTotal = t.SubTotalTaxTotal
	o.SubTotalDiscount = t.SubTotalDiscount
	o.SubTotalDiscountWithTax = t.SubTotalDiscountWithTax
	o.ShippingTotal = t.ShippingTotal
	o.ShippingTotalWithTax = t.ShippingTotalWithTax
	o.ShippingSubTotal = t.ShippingSubTotal
	o.ShippingSubTotalWithTax = t.ShippingSubTotalWithTax
	o.ShippingDiscountTotal = t.ShippingDiscountTotal
	o.ShippingDiscountTotalWithTax = t.ShippingDiscountTotalWithTax
	o.ShippingTaxTotal = t.ShippingTax
	o.PaymentTotal = t.PaymentTotal
	o.PaymentTotalWithTax = t.PaymentTotalWithTax
	o.PaymentSubTotal = t.PaymentSubTotal
	o.PaymentSubTotalWithTax = t.PaymentSubTotalWithTax
	o.PaymentDiscountTotal = t.PaymentDiscountTotal
	o.PaymentDiscountTotalWithTax = t.PaymentDiscountTotalWithTax
	o.PaymentTaxTotal = t.PaymentTax
	o.DiscountTotal = t.DiscountTotal
	o.DiscountTotalWithTax = t.DiscountTotalWithTax
	o.TaxTotal = t.TaxTotal
	o.Total = t.Total
	o.Sum = t.Total
}
