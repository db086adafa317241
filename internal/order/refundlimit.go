package order

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// ValidateRefundLimit refuses refunds above limit that after adds or raises compared with
// before (nil for a new order): the limit of a role that may refund only small amounts. Refunds
// already stored are left alone, so such a user can still edit an order that holds a larger
// refund made by a manager.
func ValidateRefundLimit(before, after *CustomerOrder, limit decimal.Decimal) error {
	stored := map[string]decimal.Decimal{}
	if before != nil {
		for _, p := range before.InPayments {
			for _, r := range p.Refunds {
				stored[r.ID] = r.Amount
			}
		}
	}
	fe := Problems{}
	for i, p := range after.InPayments {
		for j, r := range p.Refunds {
			old, known := stored[r.ID]
			if r.Amount.GreaterThan(limit) && (!known || r.Amount.GreaterThan(old)) {
				fe.Add(fmt.Sprintf("inPayments[%d].refunds[%d].amount", i, j),
					fmt.Sprintf("your role may refund at most %s %s at a time; ask a manager for larger refunds", limit.String(), after.Currency))
			}
		}
	}
	return fe.Err()
}
