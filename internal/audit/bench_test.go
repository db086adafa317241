package audit

import (
	"fmt"
	"testing"

	"orderdesk/internal/order"
)

// bigOrder is sampleOrder with n more lines, each in the first shipment.
func bigOrder(n int) *order.CustomerOrder {
	o := sampleOrder()
	for i := range n {
		id := fmt.Sprintf("LX%03d", i)
		o.Items = append(o.Items, order.LineItem{ID: id, Currency: "EUR", Price: dec("9.99"), Quantity: 1 + i%4,
			Sku: "SKU-X" + id, Name: "Item " + id, TaxPercentRate: dec("0.2")})
		o.Shipments[0].Items = append(o.Shipments[0].Items, order.ShipmentItem{ID: "SX" + id, LineItemID: id, Quantity: 1})
	}
	order.Recalculate(o, order.EUR)
	return o
}

// BenchmarkDiffApply times what a save adds for audit: a diff of a 50-line order after a
// quantity change, and the rebuild from it.
func BenchmarkDiffApply(b *testing.B) {
	before := bigOrder(50)
	after := before.Clone()
	after.Items[10].Quantity++
	order.Recalculate(after, order.EUR)
	b.Run("diff", func(b *testing.B) {
		for b.Loop() {
			Diff(before, after)
		}
	})
	d := Diff(before, after)
	b.Run("apply", func(b *testing.B) {
		for b.Loop() {
			if _, err := Apply(before, d); err != nil {
				b.Fatal(err)
			}
		}
	})
}
