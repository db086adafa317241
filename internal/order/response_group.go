package order

import (
	"strconv"
	"strings"
)

// ResponseGroup is Virto's CustomerOrderResponseGroup: which parts of an order a read answers
// with. The values are Virto's flags, so a client may send names or the number.
type ResponseGroup int

const (
	WithItems ResponseGroup = 1 << iota
	WithInPayments
	WithShipments
	WithAddresses
	WithDiscounts
	WithPrices
	WithDynamicProperties
	WithRefunds
	WithCaptures
	WithOrderTotals

	// ResponseGroupFull is every part: Virto's default.
	ResponseGroupFull = WithItems | WithInPayments | WithShipments | WithAddresses | WithDiscounts |
		WithPrices | WithDynamicProperties | WithRefunds | WithCaptures | WithOrderTotals
)

// responseGroupNames are Virto's flag names, lower-cased for a case-insensitive read.
var responseGroupNames = map[string]ResponseGroup{
	"default": 0, "withitems": WithItems, "withinpayments": WithInPayments, "withshipments": WithShipments,
	"withaddresses": WithAddresses, "withdiscounts": WithDiscounts, "withprices": WithPrices,
	"withdynamicproperties": WithDynamicProperties, "withrefunds": WithRefunds,
	"withcaptures": WithCaptures, "withordertotals": WithOrderTotals, "full": ResponseGroupFull,
}

// ParseResponseGroup reads a response group as Virto's EnumUtility.SafeParseFlags does:
// comma-separated flag names in any case (or numbers), unknown names ignored, and Full when
// nothing is named. "Default" alone is the bare header.
func ParseResponseGroup(s string) ResponseGroup {
	g, named := ResponseGroup(0), false
	for _, part := range strings.Split(s, ",") {
		part = strings.ToLower(strings.TrimSpace(part))
		if flag, ok := responseGroupNames[part]; ok {
			g, named = g|flag, true
		} else if n, err := strconv.Atoi(part); err == nil && n >= 0 {
			g, named = g|(ResponseGroup(n)&ResponseGroupFull), true
		}
	}
	if !named {
		return ResponseGroupFull
	}
	return g
}

// Has says whether the group includes every part of flag.
func (g ResponseGroup) Has(flag ResponseGroup) bool { return g&flag == flag }

// NeedsDocuments says whether an order read for this group needs more than its header row.
func (g ResponseGroup) NeedsDocuments() bool {
	return g&(WithItems|WithInPayments|WithShipments|WithAddresses|WithDiscounts|WithDynamicProperties|WithRefunds|WithCaptures|WithOrderTotals) != 0
}

// ForRead is a copy of o as a read in group g answers it: only the parts g names, as Virto's
// CustomerOrder.ReduceDetails (and its repository, for dynamic properties) leaves them, with
// what Virto nests by reference filled in: each shipment, capture and refund item's line and
// each shipment's payments. Prices are not touched here: without WithPrices the API drops
// every money field, the same rule as for keys that may not read prices (Virto sets them to 0).
func ForRead(o *CustomerOrder, g ResponseGroup) *CustomerOrder {
	r := o.Clone()
	for i := range r.Items {
		reduceLine(&r.Items[i], g)
	}
	for i := range r.InPayments {
		ReducePayment(&r.InPayments[i], g)
	}
	linkDocuments(r, g)
	if !g.Has(WithItems) {
		r.Items = nil
	}
	if !g.Has(WithShipments) {
		r.Shipments = nil
	}
	if !g.Has(WithInPayments) {
		r.InPayments = nil
	}
	if !g.Has(WithAddresses) {
		r.Addresses = nil
	}
	if !g.Has(WithDiscounts) {
		r.Discounts = nil
	}
	if !g.Has(WithOrderTotals) || !g.Has(WithPrices) {
		r.OrderTotals = nil
	}
	if !g.Has(WithDynamicProperties) {
		r.DynamicProperties = nil
	}
	for i := range r.Shipments {
		reduceShipment(&r.Shipments[i], g)
	}
	return r
}

// linkDocuments fills the items' lines and the shipments' payments from o's own lines and
// payments (copies, so the answer has no shared parts).
func linkDocuments(o *CustomerOrder, g ResponseGroup) {
	line := func(id string) *LineItem { return cloneLinePtr(o.LineItem(id)) }
	for i := range o.InPayments {
		eachPaymentItemLine(&o.InPayments[i], func(id *string, li **LineItem) { *li = line(*id) })
	}
	for i := range o.Shipments {
		s := &o.Shipments[i]
		for j := range s.Items {
			s.Items[j].LineItem = line(s.Items[j].LineItemID)
		}
		s.InPayments = nil
		if g.Has(WithInPayments) {
			for _, p := range o.InPayments {
				if p.ShipmentID == s.ID {
					s.InPayments = append(s.InPayments, clonePayment(p))
				}
			}
		}
	}
}

// FoldNested reads back what Virto nests by reference in an order it sends: an item's
// lineItem names its line when lineItemId is absent, and a shipment's inPayments are the
// order's payments for that shipment (added unless the order's own list has them, which then
// are tied to the shipment if they name none). The
// nested copies are then dropped: the order keeps each thing in one place.
func FoldNested(o *CustomerOrder) {
	for i := range o.Shipments {
		s := &o.Shipments[i]
		for j := range s.Items {
			foldLine(&s.Items[j].LineItemID, &s.Items[j].LineItem)
		}
		if len(s.InPayments) > 0 {
			setID(&s.ID) // the payments below must name it
		}
		for _, p := range s.InPayments {
			if p.ShipmentID == "" {
				p.ShipmentID = s.ID
			}
			if listed := o.Payment(p.ID); p.ID != "" && listed != nil {
				// Virto's PaymentIn has no shipmentId: nesting is what ties it to the shipment.
				if listed.ShipmentID == "" {
					listed.ShipmentID = s.ID
				}
				continue
			}
			setID(&p.ID)
			o.InPayments = append(o.InPayments, p)
		}
		s.InPayments = nil
	}
	for i := range o.InPayments {
		FoldNestedPayment(&o.InPayments[i])
	}
}

func reduceLine(li *LineItem, g ResponseGroup) {
	if !g.Has(WithDiscounts) {
		li.Discounts = nil
	}
	if !g.Has(WithDynamicProperties) {
		li.DynamicProperties = nil
	}
}

func reduceShipment(s *Shipment, g ResponseGroup) {
	if !g.Has(WithAddresses) {
		s.DeliveryAddress = nil
	}
	if !g.Has(WithDiscounts) {
		s.Discounts = nil
	}
	if !g.Has(WithDynamicProperties) {
		s.DynamicProperties = nil
	}
}

// ReducePayment leaves in p only the parts g names (Virto's PaymentIn.ReduceDetails).
func ReducePayment(p *PaymentIn, g ResponseGroup) {
	if !g.Has(WithAddresses) {
		p.BillingAddress = nil
	}
	if !g.Has(WithDiscounts) {
		p.Discounts = nil
	}
	if !g.Has(WithRefunds) {
		p.Refunds = nil
	}
	if !g.Has(WithCaptures) {
		p.Captures = nil
	}
	if !g.Has(WithDynamicProperties) {
		p.DynamicProperties = nil
	}
}

// FoldNestedPayment reads back a payment's capture and refund items' lineItem as their
// lineItemId (see FoldNested).
func FoldNestedPayment(p *PaymentIn) {
	eachPaymentItemLine(p, foldLine)
}

// eachPaymentItemLine calls f with the line reference of each of p's capture and refund items.
func eachPaymentItemLine(p *PaymentIn, f func(id *string, li **LineItem)) {
	for j := range p.Captures {
		for k := range p.Captures[j].Items {
			it := &p.Captures[j].Items[k]
			f(&it.LineItemID, &it.LineItem)
		}
	}
	for j := range p.Refunds {
		for k := range p.Refunds[j].Items {
			it := &p.Refunds[j].Items[k]
			f(&it.LineItemID, &it.LineItem)
		}
	}
}

// foldLine takes a nested line's id when the item names none, and drops the nested line.
func foldLine(id *string, li **LineItem) {
	if *id == "" && *li != nil {
		*id = (*li).ID
	}
	*li = nil
}
