package order

import "testing"

// chfCash is Swiss francs cash-rounded down to 0.05, as a desk may set them up (Virto's default,
// and the ISO one, is to the cent).
var chfCash = Currency{Code: "CHF", DecimalDigits: 2, RoundingType: Rounding005Down}

// chfOrder: three lines whose taxes (8.1 %) each cash-round down to the previous 0.05, so that
// the lines' cash-rounded taxes would read less than the order's tax.
func chfOrder() *CustomerOrder {
	rate := d("0.081")
	o := &CustomerOrder{Operation: Operation{ID: "o1", Currency: "CHF"}}
	o.SetCurrencies(NewCurrencies(chfCash))
	o.Items = []LineItem{
		{ID: "A", Currency: "CHF", Quantity: 1, Price: d("322.40"), TaxPercentRate: rate}, // tax 26.1144
		{ID: "B", Currency: "CHF", Quantity: 1, Price: d("566.90"), TaxPercentRate: rate}, // tax 45.9189
		{ID: "C", Currency: "CHF", Quantity: 1, Price: d("34.90"), TaxPercentRate: rate},  // tax 2.8269
	}
	sh := Shipment{}
	sh.ID, sh.Currency, sh.Price, sh.Fee, sh.DiscountAmount = "s1", "CHF", d("9.90"), d("1.00"), d("2.00")
	o.Shipments = []Shipment{sh}
	o.DiscountAmount = d("5.00")
	Recalculate(o, o.CurrencyRule())
	return o
}

func TestPayableAddsUp(t *testing.T) {
	o := chfOrder()
	p := PayableOf(o)
	sum := p.SubTotal.Add(p.Shipping).Add(p.PaymentFees).Sub(p.Discounts).Add(p.Tax).Add(p.Fees).Add(p.Rounding)
	if !sum.Equal(p.Total) || !p.Total.Equal(o.Total) {
		t.Errorf("%s + %s + %s − %s + %s + %s + %s = %s, want the total %s", p.SubTotal, p.Shipping, p.PaymentFees,
			p.Discounts, p.Tax, p.Fees, p.Rounding, sum, o.Total)
	}
	checkMoney(t, []money{
		{"tax to the cent, not to 0.05", p.Tax, "74.86"},
		{"the order's stored (cash-rounded) tax stays Virto's", o.TaxTotal, "74.85"},
		{"rounding: the cash rounding of the total", p.Rounding, "-0.01"},
	})
	digits := chfCash.Digits()
	lines := d("0")
	for _, li := range o.Items {
		lines = lines.Add(d(digits.Fixed(li.TaxTotal)))
	}
	if !lines.Equal(p.Tax) {
		t.Errorf("the lines' taxes shown add up to %s, the tax shown is %s", lines, p.Tax)
	}
	// A currency without cash rounding has no rounding line: the figures are the stored ones.
	usd := chfOrder()
	for i := range usd.Items {
		usd.Items[i].Currency = "USD"
	}
	usd.Currency, usd.Shipments[0].Currency = "USD", "USD"
	Recalculate(usd, CurrencyFor("USD"))
	if q := PayableOf(usd); !q.Rounding.IsZero() || !q.Tax.Equal(usd.TaxTotal) || !q.Shipping.Equal(usd.ShippingSubTotal) {
		t.Errorf("USD payable %+v, order tax %s", q, usd.TaxTotal)
	}
}

func TestOrderDiscountInTheTaxSummary(t *testing.T) {
	cur := chfCash.Digits()
	o := chfOrder() // order discount 5.00 at the order's rate 0
	for _, tl := range TaxBreakdown(o, cur) {
		if tl.Net.IsNegative() {
			t.Errorf("a tax row %s %% with net %s from the order discount", tl.Rate.Shift(2), tl.Net)
		}
	}
	if note := OrderDiscountTaxNote(o, cur); note != "The order discount of 5.00 CHF comes off the total after tax: it does not lower the tax." {
		t.Errorf("note %q", note)
	}
	o.TaxPercentRate = d("0.081")
	Recalculate(o, o.CurrencyRule())
	sum := d("0")
	for _, tl := range TaxBreakdown(o, cur) {
		sum = sum.Add(tl.Tax)
	}
	if p := PayableOf(o); !sum.Equal(p.Tax) {
		t.Errorf("tax rows add up to %s, the tax shown is %s", sum, p.Tax)
	}
	if note := OrderDiscountTaxNote(o, cur); note != "The order discount of 5.00 CHF lowers the taxed amount at 8.1 %, and the tax by 0.41 CHF (in the row of that rate)." {
		t.Errorf("note %q", note)
	}
	if OrderDiscountTaxNote(&CustomerOrder{}, cur) != "" {
		t.Error("a note without an order discount")
	}
}
