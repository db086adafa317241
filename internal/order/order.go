package order

import (
	"github.com/shopspring/decimal"
)

// CustomerOrder is the aggregate root (§2.2). It is saved whole: storage loads the full graph,
// diffs child collections by ID, recalculates totals and commits in one transaction.
//
// Fields under "computed" are filled by Recalculate; the ones Virto persists are marked stored.
type CustomerOrder struct {
	Operation

	// currencies are the rounding rules the totals use (SetCurrencies); not part of the
	// document: never stored with it, audited or sent.
	currencies Currencies

	// Version is the optimistic-locking counter (Virto's RowVersion): a save must name the
	// version it read and fails on mismatch.
	Version int `json:"version"`

	CustomerID          string `json:"customerId"`
	CustomerName        string `json:"customerName"`
	ChannelID           string `json:"channelId,omitempty"`
	StoreID             string `json:"storeId"`
	StoreName           string `json:"storeName,omitempty"`
	OrganizationID      string `json:"organizationId,omitempty"`
	OrganizationName    string `json:"organizationName,omitempty"`
	EmployeeID          string `json:"employeeId,omitempty"` // "Assigned to"
	EmployeeName        string `json:"employeeName,omitempty"`
	ShoppingCartID      string `json:"shoppingCartId,omitempty"`
	IsPrototype         bool   `json:"isPrototype"` // subscription template order
	PurchaseOrderNumber string `json:"purchaseOrderNumber,omitempty"`
	SubscriptionID      string `json:"subscriptionId,omitempty"`
	SubscriptionNumber  string `json:"subscriptionNumber,omitempty"`
	LanguageCode        string `json:"languageCode,omitempty"` // e.g. en-US
	IsAnonymous         bool   `json:"isAnonymous"`

	TaxType string `json:"taxType,omitempty"`
	// TaxPercentRate is a fraction (0.12 = 12 %) applied to the order Fee and DiscountAmount only.
	TaxPercentRate decimal.Decimal `json:"taxPercentRate"`
	// DiscountAmount is the order-level ("subtotal") discount.
	DiscountAmount decimal.Decimal `json:"discountAmount"`
	// Fee is the order-level extra fee; Recalculate rounds it to the currency, as Virto does.
	Fee decimal.Decimal `json:"fee"`

	// Stored totals (computed).
	FeeWithTax           decimal.Decimal `json:"feeWithTax"`
	FeeTotal             decimal.Decimal `json:"feeTotal"`
	FeeTotalWithTax      decimal.Decimal `json:"feeTotalWithTax"`
	Total                decimal.Decimal `json:"total"`
	SubTotal             decimal.Decimal `json:"subTotal"`
	SubTotalWithTax      decimal.Decimal `json:"subTotalWithTax"`
	ShippingTotal        decimal.Decimal `json:"shippingTotal"`
	ShippingTotalWithTax decimal.Decimal `json:"shippingTotalWithTax"`
	PaymentTotal         decimal.Decimal `json:"paymentTotal"`
	PaymentTotalWithTax  decimal.Decimal `json:"paymentTotalWithTax"`
	DiscountTotal        decimal.Decimal `json:"discountTotal"`
	DiscountTotalWithTax decimal.Decimal `json:"discountTotalWithTax"`
	TaxTotal             decimal.Decimal `json:"taxTotal"`
	// HandlingTotal(WithTax) are copied from the cart and never calculated ("reserved").
	HandlingTotal        decimal.Decimal `json:"handlingTotal"`
	HandlingTotalWithTax decimal.Decimal `json:"handlingTotalWithTax"`

	// Not stored (computed).
	SubTotalDiscount             decimal.Decimal `json:"subTotalDiscount"`
	SubTotalDiscountWithTax      decimal.Decimal `json:"subTotalDiscountWithTax"`
	SubTotalTaxTotal             decimal.Decimal `json:"subTotalTaxTotal"`
	ShippingSubTotal             decimal.Decimal `json:"shippingSubTotal"`
	ShippingSubTotalWithTax      decimal.Decimal `json:"shippingSubTotalWithTax"`
	ShippingDiscountTotal        decimal.Decimal `json:"shippingDiscountTotal"`
	ShippingDiscountTotalWithTax decimal.Decimal `json:"shippingDiscountTotalWithTax"`
	ShippingTaxTotal             decimal.Decimal `json:"shippingTaxTotal"`
	PaymentSubTotal              decimal.Decimal `json:"paymentSubTotal"`
	PaymentSubTotalWithTax       decimal.Decimal `json:"paymentSubTotalWithTax"`
	PaymentDiscountTotal         decimal.Decimal `json:"paymentDiscountTotal"`
	PaymentDiscountTotalWithTax  decimal.Decimal `json:"paymentDiscountTotalWithTax"`
	PaymentTaxTotal              decimal.Decimal `json:"paymentTaxTotal"`
	// OrderTotals has one entry per currency bucket, the order currency first (§4.5).
	OrderTotals []OrderTotal `json:"orderTotals,omitempty"`

	Addresses  []Address   `json:"addresses,omitempty"`
	Items      []LineItem  `json:"items,omitempty"`
	Shipments  []Shipment  `json:"shipments,omitempty"`
	InPayments []PaymentIn `json:"inPayments,omitempty"`
	Discounts  []Discount  `json:"discounts,omitempty"`
	TaxDetails []TaxDetail `json:"taxDetails,omitempty"`
	FeeDetails []FeeDetail `json:"feeDetails,omitempty"`

	// Tags are the order's free tags by name, as the tags dictionary spells them now (read
	// with the order), sorted (SortTags). A write states the names; the store finds or makes
	// each tag and sets TagIDs.
	Tags []string `json:"tags,omitempty" audit:"-"`
	// TagIDs are the ids of Tags, in the same order: what the history records, so renaming a
	// tag changes the dictionary once, not every order that carries it.
	TagIDs []string `json:"-" audit:"tagIds,omitempty"`
}

// LineItem returns the line with the given id, or nil.
func (o *CustomerOrder) LineItem(id string) *LineItem {
	for i := range o.Items {
		if o.Items[i].ID == id {
			return &o.Items[i]
		}
	}
	return nil
}

// Shipment returns the shipment with the given id, or nil.
func (o *CustomerOrder) Shipment(id string) *Shipment {
	for i := range o.Shipments {
		if o.Shipments[i].ID == id {
			return &o.Shipments[i]
		}
	}
	return nil
}

// Address returns the order's address with the given id, or nil.
func (o *CustomerOrder) Address(id string) *Address {
	for i := range o.Addresses {
		if o.Addresses[i].ID == id {
			return &o.Addresses[i]
		}
	}
	return nil
}

// Payment returns the payment with the given id, or nil.
func (o *CustomerOrder) Payment(id string) *PaymentIn {
	for i := range o.InPayments {
		if o.InPayments[i].ID == id {
			return &o.InPayments[i]
		}
	}
	return nil
}

// Capture returns the payment's capture with the given id, or nil.
func (p *PaymentIn) Capture(id string) *Capture {
	for i := range p.Captures {
		if p.Captures[i].ID == id {
			return &p.Captures[i]
		}
	}
	return nil
}

// Refund returns the payment's refund with the given id, or nil.
func (p *PaymentIn) Refund(id string) *Refund {
	for i := range p.Refunds {
		if p.Refunds[i].ID == id {
			return &p.Refunds[i]
		}
	}
	return nil
}

// ShipmentPayments returns the payments tied to a shipment (Virto's Shipment.InPayments, kept
// here as PaymentIn.ShipmentID so a payment lives in one place only).
func (o *CustomerOrder) ShipmentPayments(shipmentID string) []*PaymentIn {
	var out []*PaymentIn
	for i := range o.InPayments {
		if o.InPayments[i].ShipmentID == shipmentID && shipmentID != "" {
			out = append(out, &o.InPayments[i])
		}
	}
	return out
}

// EnsureIDs gives every entity of the tree without an id a new one and points every child at its
// owners (OrderID everywhere, plus ShipmentID, PaymentID, CaptureID, RefundID, LineItemID where
// they apply). Storage calls it before inserting a new or edited order.
func (o *CustomerOrder) EnsureIDs() {
	setID(&o.ID)
	oid := o.ID
	props := func(ps []DynamicProperty) {
		for i := range ps {
			ps[i].OrderID = oid
			for j := range ps[i].Values {
				setID(&ps[i].Values[j].ID)
			}
		}
	}
	details := func(ds []Discount, ts []TaxDetail, fs []FeeDetail) {
		for i := range ds {
			setID(&ds[i].ID)
			ds[i].OrderID = oid
		}
		for i := range ts {
			setID(&ts[i].ID)
			ts[i].OrderID = oid
		}
		for i := range fs {
			setID(&fs[i].ID)
			fs[i].OrderID = oid
		}
	}
	address := func(a *Address) {
		if a != nil {
			setID(&a.ID)
			a.OrderID = oid
		}
	}
	props(o.DynamicProperties)
	details(o.Discounts, o.TaxDetails, o.FeeDetails)
	for i := range o.Addresses {
		address(&o.Addresses[i])
	}
	for i := range o.Items {
		li := &o.Items[i]
		setID(&li.ID)
		li.OrderID = oid
		props(li.DynamicProperties)
		details(li.Discounts, li.TaxDetails, li.FeeDetails)
		for j := range li.ConfigurationItems {
			ci := &li.ConfigurationItems[j]
			setID(&ci.ID)
			ci.OrderID, ci.LineItemID = oid, li.ID
			for k := range ci.Files {
				setID(&ci.Files[k].ID)
				ci.Files[k].OrderID, ci.Files[k].ConfigurationItemID = oid, ci.ID
			}
		}
	}
	for i := range o.Shipments {
		s := &o.Shipments[i]
		setID(&s.ID)
		s.OrderID = oid
		props(s.DynamicProperties)
		details(s.Discounts, s.TaxDetails, s.FeeDetails)
		address(s.DeliveryAddress)
		for j := range s.Packages {
			setID(&s.Packages[j].ID)
			s.Packages[j].OrderID, s.Packages[j].ShipmentID = oid, s.ID
		}
		for j := range s.Items {
			setID(&s.Items[j].ID)
			s.Items[j].OrderID, s.Items[j].ShipmentID = oid, s.ID
		}
	}
	for i := range o.InPayments {
		p := &o.InPayments[i]
		setID(&p.ID)
		p.OrderID = oid
		props(p.DynamicProperties)
		details(p.Discounts, p.TaxDetails, p.FeeDetails)
		address(p.BillingAddress)
		for j := range p.Transactions {
			setID(&p.Transactions[j].ID)
			p.Transactions[j].OrderID, p.Transactions[j].PaymentID = oid, p.ID
		}
		for j := range p.Captures {
			c := &p.Captures[j]
			setID(&c.ID)
			c.OrderID, c.PaymentID = oid, p.ID
			props(c.DynamicProperties)
			for k := range c.Items {
				setID(&c.Items[k].ID)
				c.Items[k].OrderID, c.Items[k].CaptureID = oid, c.ID
			}
		}
		for j := range p.Refunds {
			r := &p.Refunds[j]
			setID(&r.ID)
			r.OrderID, r.PaymentID = oid, p.ID
			props(r.DynamicProperties)
			for k := range r.Items {
				setID(&r.Items[k].ID)
				r.Items[k].OrderID, r.Items[k].RefundID = oid, r.ID
			}
		}
	}
}

func setID(id *string) {
	if *id == "" {
		*id = NewID()
	}
}
