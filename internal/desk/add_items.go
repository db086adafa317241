package desk

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
	"orderdesk/internal/pricing"
	"orderdesk/internal/store"
)

// ErrReadOnly says the order can no longer be edited (completed or cancelled). Nothing was saved.
var ErrReadOnly = errors.New("the order is read-only")

// CustomerGroup reads the order's "CustomerGroup" custom field: price lists may be per group.
func CustomerGroup(o *order.CustomerOrder) string {
	for _, p := range o.DynamicProperties {
		if strings.EqualFold(p.Name, "CustomerGroup") && len(p.Values) > 0 {
			return p.Values[0].ShortText
		}
	}
	return ""
}

// PricingRequest is what the price of qty units for o's customer depends on, at at.
func PricingRequest(o *order.CustomerOrder, qty int, at time.Time) pricing.Request {
	return pricing.Request{Currency: o.Currency, StoreID: o.StoreID, CustomerGroup: CustomerGroup(o), Quantity: qty, At: at}
}

// NewLine is product as a new line of o for qty units, at price when a price list has one
// (price.Found); otherwise the line has no price yet and the caller gives one.
func NewLine(o *order.CustomerOrder, product store.Product, qty int, price pricing.Price) order.LineItem {
	li := order.LineItem{ProductID: product.ID, Sku: product.SKU, Name: product.Name, ImageURL: product.ImageURL,
		TaxType: product.TaxType, Quantity: qty, Currency: o.Currency,
		// Virto requires a catalog on every line; orderdesk keeps one catalog.
		CatalogID: "main"}
	if price.Found {
		li.Price, li.DiscountAmount, li.PriceID = price.ListPrice, price.DiscountAmount, price.ListID
	}
	if product.Weight != nil {
		li.Weight = decimal.NullDecimal{Decimal: *product.Weight, Valid: true}
	}
	return li
}

// PriceProduct reads product id and the price o's customer gets for qty units of it
// (order.ErrNotFound for an unknown product).
func (d *Desk) PriceProduct(ctx context.Context, o *order.CustomerOrder, id string, qty int, at time.Time) (store.Product, pricing.Price, error) {
	p, err := d.store.ProductByID(ctx, id)
	if err != nil {
		return p, pricing.Price{}, err
	}
	price, err := d.store.PriceFor(ctx, p.ID, PricingRequest(o, qty, at))
	return p, price, err
}

// TaxFromTable sets a new line's tax rate from the built-in tax table for the order's shipping
// address, unless the store sends its orders to AvaTax (which then calculates the tax).
func (d *Desk) TaxFromTable(ctx context.Context, o *order.CustomerOrder, li *order.LineItem) error {
	if set, ok, err := d.store.AvaTaxSettingsOf(ctx, o.StoreID); err != nil || (ok && set.Enabled) {
		return err
	}
	to := o.ShippingAddress()
	if to == nil {
		return nil
	}
	table, err := d.store.TaxTable(ctx)
	if err != nil {
		return err
	}
	for _, country := range []string{to.CountryCode, to.CountryName} {
		region := to.RegionID
		if region == "" {
			region = to.RegionName
		}
		if rate, found := pricing.RateFor(table, country, region, li.TaxType); found {
			li.TaxPercentRate = rate
			return nil
		}
	}
	return nil
}

// AddLines puts lines on the order as it is stored when saved: adding cannot clash with
// someone else's edit, so their save meanwhile is kept. ErrReadOnly when the order is locked.
func (d *Desk) AddLines(ctx context.Context, by store.Actor, o *order.CustomerOrder, lines []order.LineItem) (saved, current *order.CustomerOrder, err error) {
	return d.Edit(ctx, by, o, func(_, work *order.CustomerOrder) error {
		if work.IsReadOnly() {
			return ErrReadOnly
		}
		work.Items = append(work.Items, lines...)
		return nil
	})
}

// ProductQuantity is a product to add to an order and how many units.
type ProductQuantity struct {
	ProductID string
	Quantity  int
}

// AddProducts adds each product as a line at the price the order's customer gets, as the
// order page's Add products does, with the tax rate of the built-in table. A product that is
// unknown, or that no price list prices for this customer, is refused at its index
// ("[1].productId") and nothing is saved (Virto adds such a product at 0).
func (d *Desk) AddProducts(ctx context.Context, by store.Actor, o *order.CustomerOrder, items []ProductQuantity, at time.Time) (saved, current *order.CustomerOrder, err error) {
	problems := order.Problems{}
	lines := make([]order.LineItem, 0, len(items))
	for i, it := range items {
		key := fmt.Sprintf("[%d].", i)
		if _, err := order.ParseQuantity(strconv.Itoa(it.Quantity)); err != nil {
			problems[key+"quantity"] = err.Error() // the order page's bound (1 to 1,000,000)
			continue
		}
		p, price, err := d.PriceProduct(ctx, o, it.ProductID, it.Quantity, at)
		switch {
		case errors.Is(err, order.ErrNotFound):
			problems[key+"productId"] = "there is no product " + it.ProductID
			continue
		case err != nil:
			return nil, o, err
		case !price.Found:
			problems[key+"productId"] = "no price list has a price of " + p.SKU + " for this customer (" + o.Currency + "); add it on the order page with a typed price"
			continue
		}
		li := NewLine(o, p, it.Quantity, price)
		if err := d.TaxFromTable(ctx, o, &li); err != nil {
			return nil, o, err
		}
		lines = append(lines, li)
	}
	if len(problems) > 0 {
		return nil, o, problems
	}
	return d.AddLines(ctx, by, o, lines)
}
