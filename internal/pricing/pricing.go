// Package pricing decides the price a customer gets for a product: from the price lists that
// apply (currency, store, customer group), the quantity tier, a sale price, and product
// discounts. It does no I/O; the store loads the candidates.
//
// Virto's order-management add-on adds products at price 0 when they are out of stock and
// ignores the customer (reference §10); here the price is always this customer's, and when no
// list has one the caller is told so (Found false), so staff type it instead of shipping free.
package pricing

import (
	"time"

	"github.com/shopspring/decimal"
)

// List is a price list's terms.
type List struct {
	ID            string
	Currency      string
	StoreID       string // "" for every store
	CustomerGroup string // "" for every customer
	Priority      int    // higher wins among lists that fit equally well
}

// Tier is one price of a product in a list, from MinQuantity units up.
type Tier struct {
	ListID      string
	MinQuantity int
	ListPrice   decimal.Decimal
	SalePrice   *decimal.Decimal // a lower price while on sale
}

// Discount is a simple product discount: a percentage or an amount off each unit.
type Discount struct {
	Percent  decimal.Decimal // 10 = 10 %
	Amount   decimal.Decimal
	StoreID  string // "" for every store
	StartsAt *time.Time
	EndsAt   *time.Time
}

// Request is who buys how many, where and when.
type Request struct {
	Currency      string
	StoreID       string
	CustomerGroup string
	Quantity      int
	At            time.Time
}

// Price is the answer: the unit list price and the per-unit discount (sale and product
// discounts together), as an order line holds them.
type Price struct {
	Found          bool
	ListID         string
	ListPrice      decimal.Decimal
	DiscountAmount decimal.Decimal // per unit
	Why            string          // "tier from 10", "sale", "10% discount" …
}

// Resolve picks the price. Lists must be in the request's currency and fit its store and
// customer group; the most specific list wins (customer group over store over general), then
// the higher priority. Within it, the tier with the highest minimum the quantity reaches. A
// sale price lowers the unit price; the best applicable discount comes off on top, never below
// zero.
func Resolve(req Request, lists []List, tiers []Tier, discounts []Discount) Price {
	q := max(req.Quantity, 1)
	best, bestRank := -1, -1
	for i, l := range lists {
		if l.Currency != req.Currency || (l.StoreID != "" && l.StoreID != req.StoreID) ||
			(l.CustomerGroup != "" && l.CustomerGroup != req.CustomerGroup) {
			continue
		}
		if !hasTier(tiers, l.ID, q) {
			continue
		}
		rank := l.Priority
		if l.StoreID != "" {
			rank += 1 << 20
		}
		if l.CustomerGroup != "" {
			rank += 1 << 21
		}
		if rank > bestRank {
			best, bestRank = i, rank
		}
	}
	if best < 0 {
		return Price{}
	}
	list := lists[best]
	var tier *Tier
	for i := range tiers {
		t := &tiers[i]
		if t.ListID == list.ID && t.MinQuantity <= q && (tier == nil || t.MinQuantity > tier.MinQuantity) {
			tier = t
		}
	}
	p := Price{Found: true, ListID: list.ID, ListPrice: tier.ListPrice, DiscountAmount: decimal.Zero, Why: "list price"}
	if tier.MinQuantity > 1 {
		p.Why = "tier from " + decimal.NewFromInt(int64(tier.MinQuantity)).String()
	}
	unit := tier.ListPrice
	if tier.SalePrice != nil && tier.SalePrice.LessThan(unit) {
		unit = *tier.SalePrice
		p.Why += ", sale price"
	}
	off := decimal.Zero
	for _, d := range discounts {
		if (d.StoreID != "" && d.StoreID != req.StoreID) || (d.StartsAt != nil && req.At.Before(*d.StartsAt)) ||
			(d.EndsAt != nil && !req.At.Before(*d.EndsAt)) {
			continue
		}
		cut := d.Amount
		if d.Percent.IsPositive() {
			cut = unit.Mul(d.Percent).Div(decimal.NewFromInt(100)).Round(4)
		}
		off = decimal.Max(off, cut)
	}
	if off.IsPositive() {
		p.Why += ", product discount"
	}
	unit = decimal.Max(decimal.Zero, unit.Sub(off))
	p.DiscountAmount = tier.ListPrice.Sub(unit)
	return p
}

func hasTier(tiers []Tier, listID string, q int) bool {
	for _, t := range tiers {
		if t.ListID == listID && t.MinQuantity <= q {
			return true
		}
	}
	return false
}
