package desk

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// Orders made at the desk start as drafts: an order document held in order_drafts, with no
// id, number or version, edited by the draft pages and created through the same path as the
// API's (store.CreateOrder) when placed.

// PaymentLinkNote is the comment of a draft's pending payment when the customer is to be sent
// a payment link later.
const PaymentLinkNote = "Payment link to be sent to the customer"

// NewDraftOrder is an empty draft order of a store in a currency.
func NewDraftOrder(st store.StoreInfo, currency string) *order.CustomerOrder {
	return &order.CustomerOrder{Operation: order.Operation{Currency: currency}, StoreID: st.ID, StoreName: st.Name}
}

// DraftTotals fills the draft's totals with the currency rules in force, by the same function
// every order's totals come from (order.Recalculate).
func (d *Desk) DraftTotals(ctx context.Context, o *order.CustomerOrder) error {
	cs, err := d.store.Currencies(ctx)
	if err != nil {
		return err
	}
	o.SetCurrencies(cs)
	order.Recalculate(o, o.CurrencyRule())
	for i := range o.InPayments {
		o.InPayments[i].Sum = o.Total // the payment collects the order's total
	}
	return nil
}

// CheckDraft says what keeps a draft from being placed, by form field: the customer, an
// address to ship to, at least one line.
func CheckDraft(o *order.CustomerOrder) order.Problems {
	p := order.Problems{}
	if strings.TrimSpace(o.CustomerName) == "" {
		p["customerName"] = "Give the customer's name, or pick a customer."
	}
	if len(o.Items) == 0 {
		p["items"] = "Add at least one product or custom item."
	}
	if a := o.ShippingAddress(); a == nil || strings.TrimSpace(a.Line1) == "" || strings.TrimSpace(a.City) == "" || strings.TrimSpace(a.CountryName+a.CountryCode) == "" {
		p["shipping.line1"] = "Give the shipping address: street, city and country."
	}
	for i, s := range o.Shipments {
		if strings.TrimSpace(s.ShipmentMethodCode) == "" {
			p[fmt.Sprintf("shipments[%d].shipmentMethodCode", i)] = "Name the shipping method."
		}
	}
	return p
}

// PlaceDraft creates the draft's order — numbered with its store's numbering, totalled,
// validated and audited as every created order is — and deletes the draft in the same
// transaction. The order's problems (order.Problems) come back by field and nothing is saved.
func (d *Desk) PlaceDraft(ctx context.Context, by store.Actor, draftID string, draft *order.CustomerOrder, at time.Time) (*order.CustomerOrder, error) {
	if p := CheckDraft(draft); len(p) > 0 {
		return nil, p
	}
	o := draft.Clone()
	o.ID, o.Number, o.Version = "", "", 0
	o.CreatedDate, o.CreatedBy = at, by.Label
	if o.CustomerID == "" {
		o.CustomerID = order.NewID() // a customer typed at the desk is a new customer
	}
	for i := range o.InPayments {
		o.InPayments[i].CustomerID, o.InPayments[i].CustomerName = o.CustomerID, o.CustomerName
	}
	if err := d.DraftTotals(ctx, o); err != nil {
		return nil, err
	}
	if err := d.store.PlaceDraft(ctx, by, draftID, o); err != nil {
		return nil, err
	}
	return o, nil
}

// DraftFromOrder starts a draft from an existing order: the same customer, addresses, store,
// currency and customer group, and its lines (not cancelled ones) at the prices the customer
// gets today for the same quantities; a line whose product no list prices any more (or a
// custom item) keeps the price it had. No number, shipments, payments or history.
func (d *Desk) DraftFromOrder(ctx context.Context, src *order.CustomerOrder, at time.Time) (*order.CustomerOrder, error) {
	o := &order.CustomerOrder{Operation: order.Operation{Currency: src.Currency, Comment: ""},
		CustomerID: src.CustomerID, CustomerName: src.CustomerName, StoreID: src.StoreID, StoreName: src.StoreName,
		OrganizationID: src.OrganizationID, OrganizationName: src.OrganizationName, LanguageCode: src.LanguageCode}
	for _, p := range src.DynamicProperties {
		if strings.EqualFold(p.Name, "CustomerGroup") {
			o.DynamicProperties = append(o.DynamicProperties, p)
		}
	}
	for _, a := range src.Addresses {
		a.ID, a.OrderID = "", ""
		o.Addresses = append(o.Addresses, a)
	}
	for _, li := range src.Items {
		if li.IsCancelled {
			continue
		}
		line := order.LineItem{ProductID: li.ProductID, Sku: li.Sku, Name: li.Name, ImageURL: li.ImageURL, TaxType: li.TaxType,
			Quantity: li.Quantity, Currency: o.Currency, CatalogID: li.CatalogID, Price: li.Price, TaxPercentRate: li.TaxPercentRate,
			Weight: li.Weight, ProductType: li.ProductType}
		if li.ProductID != "" && !IsCustomItem(li) {
			p, price, err := d.PriceProduct(ctx, o, li.ProductID, li.Quantity, at)
			switch {
			case errors.Is(err, order.ErrNotFound): // no longer in the catalog: the price it had
			case err != nil:
				return nil, err
			case price.Found:
				line = NewLine(o, p, li.Quantity, price)
				line.TaxPercentRate = li.TaxPercentRate
			}
		}
		o.Items = append(o.Items, line)
	}
	return o, nil
}

// DraftPayment is the payment a draft asks for: none, a manual payment, or a pending payment
// whose link is sent later.
func DraftPayment(o *order.CustomerOrder, kind string, rules order.StatusRules) {
	o.InPayments = nil
	if kind != "manual" && kind != "link" {
		return
	}
	p := order.NewPayment(o, rules)
	p.ID = ""
	p.GatewayCode = ManualPaymentCode
	if kind == "link" {
		p.Status = string(order.PaymentPending)
		p.Comment = PaymentLinkNote
	}
	o.InPayments = []order.PaymentIn{p}
}

// DraftPaymentKind reads back what DraftPayment made.
func DraftPaymentKind(o *order.CustomerOrder) string {
	if len(o.InPayments) == 0 {
		return ""
	}
	if o.InPayments[0].Comment == PaymentLinkNote {
		return "link"
	}
	return "manual"
}

// CustomProductPrefix starts the product id of a custom item (Virto requires one on every
// line; a custom item is in no catalog).
const CustomProductPrefix = "custom-"

// IsCustomItem says whether the line is a custom item made at the desk.
func IsCustomItem(li order.LineItem) bool {
	return strings.HasPrefix(li.ProductID, CustomProductPrefix)
}

// ManualPaymentCode is Virto's manual payment method (gateways.ManualCode), the method of a
// payment taken at the desk.
const ManualPaymentCode = "DefaultManualPaymentMethod"
