package order

import (
	"testing"

	"github.com/shopspring/decimal"
)

// discountedOrder: three lines with their own discounts and 20 % tax, an order-level discount
// of 20.83 (24.996 with tax), shipping 12.50 with a shipping discount, paid in full. Without
// each unit's share of the order discount its units and shipping would come to more than paid.
func discountedOrder(currency string) *CustomerOrder {
	rate := d("0.2")
	o := &CustomerOrder{Operation: Operation{ID: "o1", Currency: currency}}
	o.TaxPercentRate, o.DiscountAmount = rate, d("20.83")
	o.Items = []LineItem{
		{ID: "A", Sku: "A", OrderID: "o1", Currency: currency, Quantity: 3, Price: d("33.33"), DiscountAmount: d("3.33"), TaxPercentRate: rate},
		{ID: "B", Sku: "B", OrderID: "o1", Currency: currency, Quantity: 7, Price: d("89.99"), TaxPercentRate: rate},
		{ID: "C", Sku: "C", OrderID: "o1", Currency: currency, Quantity: 1, Price: d("0.99"), TaxPercentRate: rate},
	}
	sh := Shipment{OrderID: "o1"}
	sh.ID, sh.Currency = "s1", currency
	sh.Price, sh.DiscountAmount, sh.TaxPercentRate = d("12.50"), d("2.50"), rate
	o.Shipments = []Shipment{sh}
	Recalculate(o, CurrencyFor(currency))
	p := PaymentIn{}
	p.ID, p.Number, p.Currency, p.Status, p.Sum = "p1", "PAY-1", currency, string(PaymentPaid), o.Total
	o.InPayments = []PaymentIn{p}
	return o
}

// TestRefundBoundsAddUp: every unit refunded by line plus the shipping comes to at most what
// was paid (less than a cent per unit below it), and that refund is accepted in one go.
func TestRefundBoundsAddUp(t *testing.T) {
	for _, currency := range []string{"USD", "CHF", "JPY"} {
		t.Run(currency, func(t *testing.T) {
			o := discountedOrder(currency)
			p := &o.InPayments[0]
			cur := CurrencyFor(currency)
			var items []RefundItem
			units := 0
			for li, n := range RefundableUnits(o, p) {
				items = append(items, RefundItem{LineItemID: li, Quantity: n})
				units += n
			}
			lines := RefundLinesAmount(o, items)
			all := lines.Add(o.ShippingTotalWithTax)
			paid := p.Refundable()
			step := decimal.New(1, -cur.DecimalDigits)
			if all.GreaterThan(paid) {
				t.Fatalf("all units %s + shipping %s = %s, more than paid %s", lines, o.ShippingTotalWithTax, all, paid)
			}
			if short := paid.Sub(all); short.GreaterThanOrEqual(step.Mul(decimal.NewFromInt(int64(units + 1)))) {
				t.Errorf("all units and shipping come to %s, %s short of paid %s", all, short, paid)
			}
			for i := range o.Items {
				li := &o.Items[i]
				if u := RefundUnitPrice(o, li); !u.LessThan(li.PlacedPriceWithTax) {
					t.Errorf("%s: unit refund %s does not take its share of the order discount from %s", li.Sku, u, li.PlacedPriceWithTax)
				}
			}
			rf, err := RefundPayment(o, p, RefundRequest{Items: items, Shipping: o.ShippingTotalWithTax})
			if err != nil {
				t.Fatalf("refunding everything: %v", err)
			}
			if !rf.Amount.Equal(all) {
				t.Errorf("refund %s, want %s", rf.Amount, all)
			}
		})
	}
}

func TestRefundUnitPriceWithoutOrderDiscount(t *testing.T) {
	o := flowOrder(PaymentPaid)
	o.Items[0].PlacedPriceWithTax = d("12.345")
	if got := RefundUnitPrice(o, &o.Items[0]); !got.Equal(d("12.34")) {
		t.Errorf("unit refund %s, want 12.34 (rounded down: three units must not pay back more than 37.035)", got)
	}
	if got := RefundUnitPrice(o, &o.Items[1]); !got.Equal(d("55")) {
		t.Errorf("unit refund %s, want 55", got)
	}
}

// TestShippingRefundsAddUpAcrossRefunds: shipping given back in one refund is not given back
// again in the next; a cancelled refund's shipping is free again; a saved order whose refunds
// give back more shipping than was charged is refused.
func TestShippingRefundsAddUpAcrossRefunds(t *testing.T) {
	o := discountedOrder("EUR")
	p := &o.InPayments[0]
	half := o.ShippingTotalWithTax.Div(d("2")).Round(2)
	if _, err := RefundPayment(o, p, RefundRequest{Shipping: half}); err != nil {
		t.Fatalf("first half of the shipping: %v", err)
	}
	if got := ShippingRefundable(o); !got.Equal(o.ShippingTotalWithTax.Sub(half)) {
		t.Errorf("shipping left to refund %s, want %s", got, o.ShippingTotalWithTax.Sub(half))
	}
	_, err := RefundPayment(o, p, RefundRequest{Shipping: o.ShippingTotalWithTax})
	if fe, ok := err.(Problems); !ok || fe["shipping"] == "" {
		t.Fatalf("refunding the whole shipping again: %v, want a message at shipping", err)
	}
	if _, err := RefundPayment(o, p, RefundRequest{Shipping: o.ShippingTotalWithTax.Sub(half)}); err != nil {
		t.Fatalf("the rest of the shipping: %v", err)
	}
	if !ShippingRefundable(o).IsZero() || !ShippingRefunded(o).Equal(o.ShippingTotalWithTax) {
		t.Errorf("after both: refunded %s, left %s", ShippingRefunded(o), ShippingRefundable(o))
	}
	p.Refunds[0].IsCancelled = true
	if got := ShippingRefundable(o); !got.Equal(half) {
		t.Errorf("with the first refund cancelled %s is free again, want %s", got, half)
	}

	// A whole-order save (the API's PUT) with refunds whose shipping adds up to more.
	p.Refunds[0].IsCancelled = false
	p.Refunds[1].Amount = p.Refunds[1].Amount.Add(d("1"))
	p.Refunds[1].ShippingAmount = o.ShippingTotalWithTax
	err = ValidateOrder(o)
	if fe, ok := err.(Problems); !ok || fe["inPayments[0].refunds[1].shippingAmount"] == "" {
		t.Errorf("refunds giving back more shipping than charged: %v", err)
	}
}
