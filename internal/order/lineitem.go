package order

import (
	"time"

	"github.com/shopspring/decimal"
)

// LineItem is one ordered product (§2.3). It is not a document: no number, no approval, no
// change-log entries of its own. Money is per unit except Fee, which is per line.
type LineItem struct {
	ID      string `json:"id"`
	OrderID string `json:"customerOrderId,omitempty"`
	PriceID string `json:"priceId,omitempty"`
	// Currency may differ from the order's; such lines go to their own totals bucket (§4.5).
	Currency string `json:"currency"`

	// Price is the unit list price, excluding discount and tax.
	Price        decimal.Decimal `json:"price"`
	PriceWithTax decimal.Decimal `json:"priceWithTax"` // computed, stored
	// DiscountAmount is per unit.
	DiscountAmount        decimal.Decimal `json:"discountAmount"`
	DiscountAmountWithTax decimal.Decimal `json:"discountAmountWithTax"` // computed, stored
	// IsDiscountAmountRounded false means the per-unit discount may be inexact; show
	// DiscountTotal/ExtendedPrice rather than DiscountAmount/PlacedPrice.
	IsDiscountAmountRounded bool `json:"isDiscountAmountRounded"`
	// Fee is per line, not per unit, and not part of ExtendedPrice or the line's TaxTotal.
	Fee            decimal.Decimal `json:"fee"`
	FeeWithTax     decimal.Decimal `json:"feeWithTax"` // computed, stored
	TaxType        string          `json:"taxType,omitempty"`
	TaxTotal       decimal.Decimal `json:"taxTotal"`       // computed, stored
	TaxPercentRate decimal.Decimal `json:"taxPercentRate"` // fraction: 0.12 = 12 %

	// Computed, not stored (§4.2).
	ListTotal            decimal.Decimal `json:"listTotal"`
	ListTotalWithTax     decimal.Decimal `json:"listTotalWithTax"`
	PlacedPrice          decimal.Decimal `json:"placedPrice"`
	PlacedPriceWithTax   decimal.Decimal `json:"placedPriceWithTax"`
	ExtendedPrice        decimal.Decimal `json:"extendedPrice"`
	ExtendedPriceWithTax decimal.Decimal `json:"extendedPriceWithTax"`
	DiscountTotal        decimal.Decimal `json:"discountTotal"`
	DiscountTotalWithTax decimal.Decimal `json:"discountTotalWithTax"`

	Quantity int `json:"quantity"`

	ProductID      string `json:"productId"`
	Sku            string `json:"sku"`
	ProductType    string `json:"productType,omitempty"` // e.g. Physical, Digital
	CatalogID      string `json:"catalogId"`
	CategoryID     string `json:"categoryId,omitempty"`
	Name           string `json:"name"`
	ProductOuterID string `json:"productOuterId,omitempty"`
	ImageURL       string `json:"imageUrl,omitempty"`
	Comment        string `json:"comment,omitempty"`
	Status         string `json:"status,omitempty"` // OrderLineItem.Statuses; no initial value
	IsGift         bool   `json:"isGift"`
	IsConfigured   bool   `json:"isConfigured"`
	OuterID        string `json:"outerId,omitempty"`
	VendorID       string `json:"vendorId,omitempty"`

	ShippingMethodCode      string `json:"shippingMethodCode,omitempty"`
	FulfillmentLocationCode string `json:"fulfillmentLocationCode,omitempty"`
	// FulfillmentCenterID lets lines of one order ship from different centers.
	FulfillmentCenterID   string `json:"fulfillmentCenterId,omitempty"`
	FulfillmentCenterName string `json:"fulfillmentCenterName,omitempty"`

	WeightUnit  string              `json:"weightUnit,omitempty"`
	Weight      decimal.NullDecimal `json:"weight"`
	MeasureUnit string              `json:"measureUnit,omitempty"`
	Height      decimal.NullDecimal `json:"height"`
	Length      decimal.NullDecimal `json:"length"`
	Width       decimal.NullDecimal `json:"width"`

	// Line-level cancellation: stored, but no Virto flow uses it.
	IsCancelled   bool       `json:"isCancelled"`
	CancelledDate *time.Time `json:"cancelledDate,omitempty"`
	CancelReason  string     `json:"cancelReason,omitempty"`

	Discounts          []Discount          `json:"discounts,omitempty"`
	TaxDetails         []TaxDetail         `json:"taxDetails,omitempty"`
	FeeDetails         []FeeDetail         `json:"feeDetails,omitempty"`
	DynamicProperties  []DynamicProperty   `json:"dynamicProperties,omitempty"`
	ConfigurationItems []ConfigurationItem `json:"configurationItems,omitempty"`

	Audit
}

// ConfigurationItem is one chosen part of a configurable product line (§2.3.1).
type ConfigurationItem struct {
	ID         string          `json:"id"`
	OrderID    string          `json:"customerOrderId,omitempty"`
	LineItemID string          `json:"lineItemId"`
	ProductID  string          `json:"productId,omitempty"`
	SectionID  string          `json:"sectionId,omitempty"`
	Name       string          `json:"name,omitempty"`
	Sku        string          `json:"sku,omitempty"`
	Quantity   int             `json:"quantity"`
	Price      decimal.Decimal `json:"price"`
	SalePrice  decimal.Decimal `json:"salePrice"`
	// ExtendedPrice = SalePrice × Quantity (computed).
	ExtendedPrice decimal.Decimal         `json:"extendedPrice"`
	ImageURL      string                  `json:"imageUrl,omitempty"`
	CatalogID     string                  `json:"catalogId,omitempty"`
	CategoryID    string                  `json:"categoryId,omitempty"`
	Type          string                  `json:"type"` // product, text, file …
	CustomText    string                  `json:"customText,omitempty"`
	Files         []ConfigurationItemFile `json:"files,omitempty"`
	Audit
}

// ConfigurationItemFile is a file attached to a configuration item.
type ConfigurationItemFile struct {
	ID                  string `json:"id"`
	OrderID             string `json:"orderId,omitempty"`
	ConfigurationItemID string `json:"configurationItemId"`
	Name                string `json:"name,omitempty"`
	URL                 string `json:"url"`
	ContentType         string `json:"contentType,omitempty"`
	Size                int64  `json:"size"`
	Audit
}

// totalsQuantity is the quantity the totals use: Virto treats 0 (and anything below) as 1
// (§4.2, §16 item 7). Kept for fidelity; validation rejects negative quantities.
func (li *LineItem) totalsQuantity() decimal.Decimal {
	if li.Quantity < 1 {
		return decimal.NewFromInt(1)
	}
	return decimal.NewFromInt(int64(li.Quantity))
}

// recalculate fills the line's computed fields (§4.2). cur is the line's currency; the per-line
// DiscountTotal is the only value rounded at line level.
func (li *LineItem) recalculate(cur Currency) {
	q := li.totalsQuantity()
	t := decimal.NewFromInt(1).Add(li.TaxPercentRate)

	li.ListTotal = li.Price.Mul(q)
	li.PlacedPrice = li.Price.Sub(li.DiscountAmount)
	li.DiscountTotal = cur.Round(li.DiscountAmount.Mul(q))
	li.ExtendedPrice = li.ListTotal.Sub(li.DiscountTotal)

	li.PriceWithTax = li.Price.Mul(t)
	li.ListTotalWithTax = li.ListTotal.Mul(t)
	li.PlacedPriceWithTax = li.PlacedPrice.Mul(t)
	li.ExtendedPriceWithTax = li.ExtendedPrice.Mul(t)
	li.DiscountAmountWithTax = li.DiscountAmount.Mul(t)
	li.DiscountTotalWithTax = li.DiscountTotal.Mul(t)
	li.FeeWithTax = li.Fee.Mul(t)

	li.TaxTotal = li.ExtendedPrice.Mul(li.TaxPercentRate)

	for i := range li.ConfigurationItems {
		ci := &li.ConfigurationItems[i]
		ci.ExtendedPrice = ci.SalePrice.Mul(decimal.NewFromInt(int64(ci.Quantity)))
	}
}
