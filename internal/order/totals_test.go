package order

import (
	"testing"

	"github.com/shopspring/decimal"
)

// workedExample is the order of reference §4.5 (Virto's OrderTotalsCalculationTest): USD, two
// decimals, every tax rate 0.12, order fee 13.11.
func workedExample() *CustomerOrder {
	rate := d("0.12")
	line := func(price, disc, fee string, qty int) LineItem {
		return LineItem{Currency: "USD", Price: d(price), DiscountAmount: d(disc), Fee: d(fee), Quantity: qty, TaxPercentRate: rate}
	}
	return &CustomerOrder{
		Operation:      Operation{Currency: "USD"},
		TaxPercentRate: rate,
		Fee:            d("13.11"),
		Items: []LineItem{
			line("10.99", "1.33", "0.33", 2),
			line("55.22", "5.89", "0.12", 5),
			line("88.45", "10.78", "0.08", 12),
		},
		InPayments: []PaymentIn{{Operation: Operation{Currency: "USD", Sum: d("777")}, Price: d("44.52"), DiscountAmount: d("10"), TaxPercentRate: rate}},
		Shipments:  []Shipment{{Operation: Operation{Currency: "USD"}, Price: d("22"), DiscountAmount: d("5"), Fee: d("20"), TaxPercentRate: rate}},
	}
}

func TestWorkedExample(t *testing.T) {
	o := workedExample()
	Recalculate(o, USD)
	li, s, p := o.Items[0], o.Shipments[0], o.InPayments[0]

	checkMoney(t, []money{
		// Values printed in the reference.
		{"item1.PlacedPrice", li.PlacedPrice, "9.66"},
		{"item1.ExtendedPrice", li.ExtendedPrice, "19.32"},
		{"item1.DiscountTotal", li.DiscountTotal, "2.66"},
		{"item1.TaxTotal", li.TaxTotal, "2.3184"},
		{"shipment.Total", s.Total, "37.00"},
		{"shipment.TotalWithTax", s.TotalWithTax, "41.44"},
		{"shipment.TaxTotal", s.TaxTotal, "4.44"},
		{"payment.Total", p.Total, "34.52"},
		{"payment.TaxTotal", p.TaxTotal, "4.1424"},
		{"SubTotal", o.SubTotal, "1359.48"},
		{"SubTotalDiscount", o.SubTotalDiscount, "161.47"},
		{"ShippingSubTotal", o.ShippingSubTotal, "22.00"},
		{"PaymentSubTotal", o.PaymentSubTotal, "44.52"},
		{"TaxTotal", o.TaxTotal, "152.34"},
		{"DiscountTotal", o.DiscountTotal, "176.47"},
		{"FeeTotal", o.FeeTotal, "33.64"},
		{"FeeTotalWithTax", o.FeeTotalWithTax, "37.68"},
		{"Total", o.Total, "1435.51"},
		{"Sum", o.Sum, "1435.51"},

		// Worked out by hand from the §4.2–§4.5 formulas.
		{"item2.ExtendedPrice", o.Items[1].ExtendedPrice, "246.65"},      // 276.10 − 29.45
		{"item2.TaxTotal", o.Items[1].TaxTotal, "29.598"},                // 246.65 × 0.12
		{"item3.DiscountTotal", o.Items[2].DiscountTotal, "129.36"},      // 10.78 × 12
		{"item3.TaxTotal", o.Items[2].TaxTotal, "111.8448"},              // 932.04 × 0.12
		{"SubTotalTaxTotal (unrounded)", o.SubTotalTaxTotal, "143.7612"}, // 2.3184 + 29.598 + 111.8448
		{"SubTotalWithTax", o.SubTotalWithTax, "1522.62"},                // 1359.48 × 1.12 = 1522.6176
		{"SubTotalDiscountWithTax", o.SubTotalDiscountWithTax, "180.85"}, // 161.47 × 1.12 = 180.8464
		{"ShippingTotal", o.ShippingTotal, "37.00"},
		{"ShippingTotalWithTax", o.ShippingTotalWithTax, "41.44"},
		{"ShippingSubTotalWithTax", o.ShippingSubTotalWithTax, "24.64"},
		{"ShippingDiscountTotal", o.ShippingDiscountTotal, "5"},
		{"ShippingDiscountTotalWithTax", o.ShippingDiscountTotalWithTax, "5.60"},
		{"PaymentTotal", o.PaymentTotal, "34.52"},
		{"PaymentTotalWithTax", o.PaymentTotalWithTax, "38.66"},       // 38.6624
		{"PaymentSubTotalWithTax", o.PaymentSubTotalWithTax, "49.86"}, // 49.8624
		{"PaymentDiscountTotal", o.PaymentDiscountTotal, "10"},
		{"PaymentDiscountTotalWithTax", o.PaymentDiscountTotalWithTax, "11.20"},
		{"DiscountTotalWithTax", o.DiscountTotalWithTax, "197.65"}, // 180.8464 + 5.60 + 11.20
		{"FeeWithTax", o.FeeWithTax, "14.68"},                      // 13.11 × 1.12 = 14.6832
		{"ShippingTaxTotal", o.ShippingTaxTotal, "4.44"},
		{"PaymentTaxTotal", o.PaymentTaxTotal, "4.14"},
		{"shipment.Sum = TotalWithTax", s.Sum, "41.44"},
		{"payment.Sum untouched", p.Sum, "777"},
	})

	if len(o.OrderTotals) != 1 {
		t.Fatalf("OrderTotals = %+v, want one USD bucket", o.OrderTotals)
	}
	ot := o.OrderTotals[0]
	if ot.CurrencyCode != "USD" {
		t.Errorf("bucket currency = %q", ot.CurrencyCode)
	}
	checkMoney(t, []money{
		{"bucket.Total", ot.Total, "1435.51"},
		{"bucket.SubTotal", ot.SubTotal, "1359.48"},
		{"bucket.TaxTotal", ot.TaxTotal, "152.34"},
		{"bucket.DiscountTotal", ot.DiscountTotal, "176.47"},
	})
	if got := USD.Fixed(o.Total); got != "1435.51" {
		t.Errorf("Fixed(Total) = %q", got)
	}
}

func TestRecalculateIsIdempotent(t *testing.T) {
	o := workedExample()
	Recalculate(o, USD)
	first := o.Clone()
	Recalculate(o, USD)
	if !o.Total.Equal(first.Total) || !o.TaxTotal.Equal(first.TaxTotal) || !o.FeeTotal.Equal(first.FeeTotal) {
		t.Errorf("second run changed totals: %s/%s/%s vs %s/%s/%s",
			o.Total, o.TaxTotal, o.FeeTotal, first.Total, first.TaxTotal, first.FeeTotal)
	}
	if len(o.OrderTotals) != 1 {
		t.Errorf("OrderTotals grew to %d entries", len(o.OrderTotals))
	}
}

func TestLineItemFormulas(t *testing.T) {
	// §4.2 with price 100, per-unit discount 10, fee 5, rate 0.20, quantity 2.
	li := LineItem{Price: d("100"), DiscountAmount: d("10"), Fee: d("5"), TaxPercentRate: d("0.2"), Quantity: 2}
	li.recalculate(USD)
	checkMoney(t, []money{
		{"ListTotal", li.ListTotal, "200"},                       // 100 × 2
		{"PlacedPrice", li.PlacedPrice, "90"},                    // 100 − 10
		{"DiscountTotal", li.DiscountTotal, "20"},                // 10 × 2
		{"ExtendedPrice", li.ExtendedPrice, "180"},               // 200 − 20
		{"PriceWithTax", li.PriceWithTax, "120"},                 // 100 × 1.2
		{"ListTotalWithTax", li.ListTotalWithTax, "240"},         // 200 × 1.2
		{"PlacedPriceWithTax", li.PlacedPriceWithTax, "108"},     // 90 × 1.2
		{"ExtendedPriceWithTax", li.ExtendedPriceWithTax, "216"}, // 180 × 1.2
		{"DiscountAmountWithTax", li.DiscountAmountWithTax, "12"},
		{"DiscountTotalWithTax", li.DiscountTotalWithTax, "24"},
		{"FeeWithTax", li.FeeWithTax, "6"},
		{"TaxTotal (fee not taxed)", li.TaxTotal, "36"}, // 180 × 0.2
	})
}

func TestQuantityZeroCountsAsOne(t *testing.T) {
	for _, qty := range []int{0, -3} {
		li := LineItem{Price: d("10"), DiscountAmount: d("1.5"), Quantity: qty}
		li.recalculate(USD)
		checkMoney(t, []money{
			{"ListTotal", li.ListTotal, "10"},
			{"DiscountTotal", li.DiscountTotal, "1.5"},
			{"ExtendedPrice", li.ExtendedPrice, "8.5"},
		})
	}
}

func TestLineDiscountRounding(t *testing.T) {
	// The rounding rows of reference §4.5.
	toZero := USD
	toZero.Midpoint = ToZero
	toEven := USD
	toEven.Midpoint = ToEven
	tests := []struct {
		name        string
		price, disc string
		qty         int
		cur         Currency
		want        string
	}{
		{"4.995 away from zero", "49.95", "4.995", 1, USD, "5.00"},
		{"4.995 to zero", "49.95", "4.995", 1, toZero, "4.99"},
		{"1.3125×3 away from zero", "26.25", "1.3125", 3, USD, "3.94"},
		{"1.3125×3 to zero", "26.25", "1.3125", 3, toZero, "3.93"},
		{"0.125 to even", "1", "0.125", 1, toEven, "0.12"},
		{"0.125 away from zero", "1", "0.125", 1, USD, "0.13"},
		{"JPY whole units", "1000", "33.5", 1, JPY, "34"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			li := LineItem{Price: d(tt.price), DiscountAmount: d(tt.disc), Quantity: tt.qty}
			li.recalculate(tt.cur)
			if !li.DiscountTotal.Equal(d(tt.want)) {
				t.Errorf("DiscountTotal = %s, want %s", li.DiscountTotal, tt.want)
			}
			want := d(tt.price).Mul(decimal.NewFromInt(int64(tt.qty))).Sub(d(tt.want))
			if !li.ExtendedPrice.Equal(want) {
				t.Errorf("ExtendedPrice = %s, want %s", li.ExtendedPrice, want)
			}
		})
	}
}

func TestShipmentAndPaymentFormulas(t *testing.T) {
	s := Shipment{Price: d("22"), DiscountAmount: d("5"), Fee: d("20"), TaxPercentRate: d("0.12")}
	s.recalculate()
	p := PaymentIn{Operation: Operation{Sum: d("50")}, Price: d("44.52"), DiscountAmount: d("10"), TaxPercentRate: d("0.12")}
	p.recalculate()
	checkMoney(t, []money{
		{"s.PriceWithTax", s.PriceWithTax, "24.64"},
		{"s.DiscountAmountWithTax", s.DiscountAmountWithTax, "5.60"},
		{"s.FeeWithTax", s.FeeWithTax, "22.40"},
		{"s.Total", s.Total, "37"},                  // 22 + 20 − 5
		{"s.TotalWithTax", s.TotalWithTax, "41.44"}, // 24.64 + 22.40 − 5.60
		{"s.TaxTotal (fee taxed)", s.TaxTotal, "4.44"},
		{"p.Total", p.Total, "34.52"},
		{"p.TotalWithTax", p.TotalWithTax, "38.6624"},
		{"p.PriceWithTax", p.PriceWithTax, "49.8624"},
		{"p.DiscountAmountWithTax", p.DiscountAmountWithTax, "11.20"},
		{"p.TaxTotal", p.TaxTotal, "4.1424"},
		{"p.Sum untouched", p.Sum, "50"},
	})
}

func TestOrderDiscountAndFees(t *testing.T) {
	// Order rate 0.1, discount 10, fee 1; one line 50 (rate 0.2, fee 2); shipment 10 + fee 3 at
	// rate 0.5. Expected by hand from §4.5.
	o := &CustomerOrder{
		Operation:      Operation{Currency: "USD"},
		TaxPercentRate: d("0.1"),
		DiscountAmount: d("10"),
		Fee:            d("1"),
		Items:          []LineItem{{Currency: "USD", Price: d("50"), Quantity: 1, Fee: d("2"), TaxPercentRate: d("0.2")}},
		Shipments:      []Shipment{{Operation: Operation{Currency: "USD"}, Price: d("10"), Fee: d("3"), TaxPercentRate: d("0.5")}},
	}
	Recalculate(o, USD)
	checkMoney(t, []money{
		{"FeeTotal", o.FeeTotal, "6"},                 // 1 + 2 + 3
		{"FeeWithTax", o.FeeWithTax, "1.1"},           // 1 × 1.1
		{"FeeTotalWithTax", o.FeeTotalWithTax, "6.6"}, // 6 × 1.1: the order rate for every fee
		{"ShippingSubTotal", o.ShippingSubTotal, "10"},
		{"ShippingTotal", o.ShippingTotal, "13"},
		{"DiscountTotal", o.DiscountTotal, "10"},
		{"DiscountTotalWithTax", o.DiscountTotalWithTax, "11"},
		{"TaxTotal", o.TaxTotal, "15.5"}, // line 10 + shipment 6.5 − 10 × 0.1
		{"Total", o.Total, "71.5"},       // 50 + 10 + 15.5 + 0 + 6 − 10 (shipment fee counted once)
	})
}

func TestOrderFeeIsRounded(t *testing.T) {
	o := &CustomerOrder{Operation: Operation{Currency: "USD"}, Fee: d("1.005")}
	Recalculate(o, USD)
	checkMoney(t, []money{{"Fee", o.Fee, "1.01"}, {"Total", o.Total, "1.01"}})
}

func TestEmptyOrder(t *testing.T) {
	o := &CustomerOrder{Operation: Operation{Currency: "EUR"}}
	Recalculate(o, EUR)
	if !o.Total.IsZero() || len(o.OrderTotals) != 1 || o.OrderTotals[0].CurrencyCode != "EUR" {
		t.Errorf("Total %s, OrderTotals %+v", o.Total, o.OrderTotals)
	}
	Recalculate(nil, EUR) // must not panic
}

func TestCurrencyBuckets(t *testing.T) {
	o := &CustomerOrder{
		Operation:      Operation{Currency: "EUR"},
		Fee:            d("1"),
		DiscountAmount: d("0.5"),
		Items: []LineItem{
			{Currency: "EUR", Price: d("10"), Quantity: 1},
			{Currency: "USD", Price: d("20"), DiscountAmount: d("1"), Quantity: 2},
			{Currency: "JPY", Price: d("100.4"), DiscountAmount: d("0.6"), Quantity: 1},
			{Currency: "usd", Price: d("1"), Quantity: 1}, // codes compare case-insensitively
			{Price: d("3"), Quantity: 1},                  // no currency: the order's
		},
		Shipments:  []Shipment{{Operation: Operation{Currency: "USD"}, Price: d("5")}},
		InPayments: []PaymentIn{{Operation: Operation{Currency: "EUR"}, Price: d("2")}},
	}
	Recalculate(o, EUR)

	// EUR (the order): SubTotal 10 + 3, payment 2, fee 1, order discount 0.5.
	checkMoney(t, []money{
		{"order SubTotal", o.SubTotal, "13"},
		{"order PaymentSubTotal", o.PaymentSubTotal, "2"},
		{"order ShippingSubTotal", o.ShippingSubTotal, "0"},
		{"order Total", o.Total, "15.5"}, // 13 + 0 + 0 + 2 + 1 − 0.5
		// JPY line discount is rounded with JPY's 0 digits: round(0.6) = 1.
		{"JPY line DiscountTotal", o.Items[2].DiscountTotal, "1"},
	})
	want := []struct {
		code                      string
		total, sub, tax, discount string
	}{
		{"EUR", "15.5", "13", "0", "0.5"},
		{"USD", "44", "41", "0", "2"},  // synthetic: 40 + 1 + shipping 5 − 2, no order fee/discount
		{"JPY", "99", "100", "0", "1"}, // 100.4 rounds to 100 in JPY
	}
	if len(o.OrderTotals) != len(want) {
		t.Fatalf("OrderTotals = %+v", o.OrderTotals)
	}
	for i, w := range want {
		got := o.OrderTotals[i]
		if got.CurrencyCode != w.code {
			t.Errorf("bucket %d is %s, want %s", i, got.CurrencyCode, w.code)
			continue
		}
		checkMoney(t, []money{
			{w.code + " Total", got.Total, w.total},
			{w.code + " SubTotal", got.SubTotal, w.sub},
			{w.code + " TaxTotal", got.TaxTotal, w.tax},
			{w.code + " DiscountTotal", got.DiscountTotal, w.discount},
		})
	}
}

func TestOtherCurrencyRules(t *testing.T) {
	o := &CustomerOrder{
		Operation: Operation{Currency: "EUR"},
		Items:     []LineItem{{Currency: "USD", Price: d("10.40"), Quantity: 1}},
	}
	Recalculate(o, EUR, Currency{Code: "USD", DecimalDigits: 0})
	if got := o.OrderTotals[1].SubTotal; !got.Equal(d("10")) {
		t.Errorf("USD bucket with 0 digits: SubTotal = %s, want 10", got)
	}
}

func TestConfigurationItemExtendedPrice(t *testing.T) {
	o := &CustomerOrder{
		Operation: Operation{Currency: "USD"},
		Items: []LineItem{{Currency: "USD", Price: d("1"), Quantity: 1,
			ConfigurationItems: []ConfigurationItem{{SalePrice: d("2.5"), Quantity: 3}}}},
	}
	Recalculate(o, USD)
	checkMoney(t, []money{{"ExtendedPrice", o.Items[0].ConfigurationItems[0].ExtendedPrice, "7.5"}})
}
