package order

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// ValidatePricesUnchanged refuses a save that changes a price someone cannot see: the unit
// price, per-unit discount and fee of existing lines, the order's discount and fee, and the
// price, discount and fee of existing shipments, the price, discount and amount of existing
// payments. Quantities, statuses and the rest
// stay editable, and the totals follow from them. New lines and documents are not checked:
// their prices come from the catalog and price lists, not from the user.
func ValidatePricesUnchanged(before, after *CustomerOrder) error {
	if before == nil {
		return nil
	}
	fe := Problems{}
	same := func(field string, a, b decimal.Decimal) {
		if !a.Equal(b) {
			fe.Add(field, "your role may not see or change prices")
		}
	}
	same("discountAmount", before.DiscountAmount, after.DiscountAmount)
	same("fee", before.Fee, after.Fee)
	for i := range after.Items {
		li := &after.Items[i]
		if old := before.LineItem(li.ID); old != nil {
			p := fmt.Sprintf("items[%d].", i)
			same(p+"price", old.Price, li.Price)
			same(p+"discountAmount", old.DiscountAmount, li.DiscountAmount)
			same(p+"fee", old.Fee, li.Fee)
		}
	}
	for i := range after.Shipments {
		s := &after.Shipments[i]
		if old := before.Shipment(s.ID); old != nil {
			p := fmt.Sprintf("shipments[%d].", i)
			same(p+"price", old.Price, s.Price)
			same(p+"discountAmount", old.DiscountAmount, s.DiscountAmount)
			same(p+"fee", old.Fee, s.Fee)
		}
	}
	for i := range after.InPayments {
		pay := &after.InPayments[i]
		if old := before.Payment(pay.ID); old != nil {
			p := fmt.Sprintf("inPayments[%d].", i)
			same(p+"price", old.Price, pay.Price)
			same(p+"discountAmount", old.DiscountAmount, pay.DiscountAmount)
			same(p+"sum", old.Sum, pay.Sum)
		}
	}
	return fe.Err()
}
