package audit

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

// ReasonRules say which edits must say why. The store refuses a save whose change set needs a
// reason and has none, so the reason is always kept with the change it explains.
type ReasonRules struct {
	// PriceOverride: a line's price changed by hand.
	PriceOverride bool
	// DiscountAbovePercent: a discount raised above this percentage of the price it reduces (a
	// line's unit price, a shipment's or payment's price, the order's subtotal). Invalid: never.
	DiscountAbovePercent decimal.NullDecimal
	// Refund: a refund added to a payment.
	Refund bool
	// Cancellation: the order or any of its documents cancelled (or the order's status set to
	// Cancelled).
	Cancellation bool
}

// DefaultReasonRules ask for a reason for price overrides, discounts above 10 %, refunds and
// cancellations.
func DefaultReasonRules() ReasonRules {
	return ReasonRules{
		PriceOverride:        true,
		DiscountAbovePercent: decimal.NewNullDecimal(decimal.NewFromInt(10)),
		Refund:               true,
		Cancellation:         true,
	}
}

// NeedReason lists the changes of an edit (changes = Diff(before, after)) that need a reason,
// one short phrase each ("price of line SKU-1", "refund RF-1"); nil when none does. A new order
// (before nil) never needs one: creating is not overriding.
func (r ReasonRules) NeedReason(before, after *order.CustomerOrder, changes []Change) []string {
	if before == nil || after == nil {
		return nil
	}
	names := NamesOf(after, before)
	var out []string
	add := func(s string) {
		for _, o := range out {
			if o == s {
				return
			}
		}
		out = append(out, s)
	}
	for _, c := range changes {
		switch {
		case r.PriceOverride && c.Op == Changed && c.Entity == "LineItem" && c.Field == "price":
			add("price of " + subjectOf(c, names))
		case r.Refund && c.Op == Added && c.Entity == "Refund" && c.Field == "":
			add(subjectOf(c, names) + " added")
		case r.Cancellation && c.Op == Changed && c.Field == "isCancelled" && c.New != nil && *c.New == "true":
			add("cancelling " + subjectOf(c, names))
		case r.Cancellation && c.Op == Changed && c.Path == "status" && c.New != nil && *c.New == order.OrderCancelled:
			add("cancelling the order")
		case r.DiscountAbovePercent.Valid && r.discountAbove(c, after):
			add("discount on " + subjectOf(c, names))
		}
	}
	return out
}

// NeedReasonForReturn lists the changes of a return edit (changes = DiffOf(before, after)) that
// need a reason: cancelling it. A new return needs none.
func (r ReasonRules) NeedReasonForReturn(changes []Change) []string {
	for _, c := range changes {
		if r.Cancellation && c.Op == Changed && c.Path == "status" && c.New != nil &&
			(strings.EqualFold(*c.New, "Canceled") || strings.EqualFold(*c.New, "Cancelled")) {
			return []string{"cancelling the return"}
		}
	}
	return nil
}

// discountAbove reports whether c raises a discount above the threshold.
func (r ReasonRules) discountAbove(c Change, after *order.CustomerOrder) bool {
	var amount, old decimal.Decimal
	var path string
	switch {
	case c.Field == "discountAmount" && c.Op == Changed:
		amount, old, path = decOf(c.New), decOf(c.Old), c.Path
	case c.Op == Added && c.Entity == "LineItem" && c.Field == "":
		for _, l := range c.Fields {
			if l.Path == "discountAmount" {
				amount, path = decOf(&l.Value), c.Path+".discountAmount"
			}
		}
	default:
		return false
	}
	if !amount.GreaterThan(old) || !amount.IsPositive() {
		return false
	}
	base, ok := discountBase(path, after)
	if !ok {
		return false
	}
	if !base.IsPositive() {
		return true // any discount on a free item is more than any share of its price
	}
	return amount.Mul(decimal.NewFromInt(100)).Div(base).GreaterThan(r.DiscountAbovePercent.Decimal)
}

// discountBase is the price a discount at path reduces.
func discountBase(path string, o *order.CustomerOrder) (decimal.Decimal, bool) {
	segs, err := parsePath(path)
	if err != nil {
		return decimal.Decimal{}, false
	}
	if len(segs) == 1 {
		return o.SubTotal, true
	}
	if len(segs) != 2 || !segs[0].hasKey {
		return decimal.Decimal{}, false
	}
	id := unescapeKey(segs[0].key)
	switch segs[0].name {
	case "items":
		if li := o.LineItem(id); li != nil {
			return li.Price, true
		}
	case "shipments":
		if s := o.Shipment(id); s != nil {
			return s.Price, true
		}
	case "inPayments":
		if p := o.Payment(id); p != nil {
			return p.Price, true
		}
	}
	return decimal.Decimal{}, false
}

// subjectOf names what a change is about in lower case: "line SKU-1 "Widget"", "the order".
func subjectOf(c Change, names Names) string {
	segs, err := parsePath(c.Path)
	if err != nil {
		return c.Path
	}
	if c.Field != "" {
		segs = segs[:len(segs)-1]
	}
	if len(segs) == 0 {
		return "the order"
	}
	d := describer{c: c, names: names}
	s := d.subject(segs)
	s = strings.TrimPrefix(s, "Order ")
	return strings.ToLower(s[:1]) + s[1:]
}

func decOf(s *string) decimal.Decimal {
	if s == nil {
		return decimal.Zero
	}
	d, err := decimal.NewFromString(*s)
	if err != nil {
		return decimal.Zero
	}
	return d
}

// ReasonError is the message for a save that needs a reason and has none.
func ReasonError(needs []string) string {
	return fmt.Sprintf("say why: this change includes %s", strings.Join(needs, "; "))
}
