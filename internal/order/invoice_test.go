package order

import "testing"

func TestTaxBreakdown(t *testing.T) {
	t.Run("one rate: the whole tax of the worked example", func(t *testing.T) {
		o := workedExample()
		Recalculate(o, USD)
		got := TaxBreakdown(o, USD)
		if len(got) != 1 {
			t.Fatalf("got %d rates, want 1: %+v", len(got), got)
		}
		// Lines 19.32 + 246.65 + 932.04, shipment 22 + 20 − 5, payment 44.52 − 10.
		checkMoney(t, []money{
			{"rate", got[0].Rate, "0.12"},
			{"net", got[0].Net, "1269.53"},
			{"tax", got[0].Tax, o.TaxTotal.String()},
		})
	})
	t.Run("mixed rates, an order discount and another currency", func(t *testing.T) {
		o := &CustomerOrder{
			Operation:      Operation{Currency: "EUR"},
			TaxPercentRate: d("0.2"),
			DiscountAmount: d("10"),
			Items: []LineItem{
				{Price: d("100"), Quantity: 2, TaxPercentRate: d("0.2")},
				{Price: d("15.50"), Quantity: 3, TaxPercentRate: d("0.055")},
				{Price: d("9.99"), Quantity: 1, TaxPercentRate: d("0")},
				{Currency: "USD", Price: d("50"), Quantity: 1, TaxPercentRate: d("0.1")},
			},
			Shipments: []Shipment{{Price: d("5.90"), TaxPercentRate: d("0.2")}},
		}
		eur := CurrencyFor("EUR")
		Recalculate(o, eur)
		got := TaxBreakdown(o, eur)
		if len(got) != 3 {
			t.Fatalf("got %d rates, want 3 (0, 5.5, 20 %%): %+v", len(got), got)
		}
		checkMoney(t, []money{
			{"0 % rate", got[0].Rate, "0"}, {"0 % net", got[0].Net, "9.99"}, {"0 % tax", got[0].Tax, "0"},
			{"5.5 % net", got[1].Net, "46.50"}, {"5.5 % tax", got[1].Tax, "2.56"},
			// 200 + 5.90 − 10 at 20 %.
			{"20 % net", got[2].Net, "195.90"}, {"20 % tax", got[2].Tax, "39.18"},
		})
		sum := got[0].Tax.Add(got[1].Tax).Add(got[2].Tax)
		if !sum.Equal(o.TaxTotal) {
			t.Errorf("breakdown tax %s, order TaxTotal %s", sum, o.TaxTotal)
		}
	})
	t.Run("no taxable amounts", func(t *testing.T) {
		o := &CustomerOrder{Operation: Operation{Currency: "USD"}}
		Recalculate(o, USD)
		if got := TaxBreakdown(o, USD); len(got) != 0 {
			t.Errorf("got %+v, want nothing", got)
		}
	})
}

func TestBillingAddress(t *testing.T) {
	ship := Address{ID: "s", AddressType: AddressShipping}
	both := Address{ID: "b+s", AddressType: AddressBillingAndShipping}
	bill := Address{ID: "b", AddressType: AddressBilling}
	for _, tc := range []struct {
		name  string
		addrs []Address
		want  string
	}{
		{"billing first", []Address{ship, both, bill}, "b"},
		{"billing and shipping", []Address{ship, both}, "b+s"},
		{"shipping only", []Address{ship}, ""},
	} {
		o := &CustomerOrder{Addresses: tc.addrs}
		got := ""
		if a := o.BillingAddress(); a != nil {
			got = a.ID
		}
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
