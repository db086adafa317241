package order

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// ErrValidation matches any Problems with errors.Is.
var ErrValidation = errors.New("validation failed")

// Problems maps a field path to a message people can read next to that field. Paths use the
// JSON names of the API: "customerName", "items[2].quantity", "shipments[0].deliveryAddress.city".
type Problems map[string]string

// Error lists the problems sorted by field, so messages are stable.
func (fe Problems) Error() string {
	keys := slices.Sorted(maps.Keys(fe))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + fe[k]
	}
	return "validation failed: " + strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrValidation) true.
func (fe Problems) Is(target error) bool { return target == ErrValidation }

// Add records a message for a field; the first message for a field wins.
func (fe Problems) Add(field, msg string) {
	if _, ok := fe[field]; !ok {
		fe[field] = msg
	}
}

// Merge adds other's messages with prefix in front of each path.
func (fe Problems) Merge(prefix string, other Problems) {
	for k, v := range other {
		fe.Add(prefix+k, v)
	}
}

// Err returns fe as an error, or nil when it is empty (avoiding a non-nil interface holding an
// empty map).
func (fe Problems) Err() error {
	if len(fe) == 0 {
		return nil
	}
	return fe
}

func (fe Problems) required(field, v string) {
	if strings.TrimSpace(v) == "" {
		fe.Add(field, "is required")
	}
}

func (fe Problems) maxLen(field, v string, n int) {
	if utf8.RuneCountInString(v) > n {
		fe.Add(field, fmt.Sprintf("must be at most %d characters", n))
	}
}

func (fe Problems) nonNegative(field string, d decimal.Decimal) {
	if d.IsNegative() {
		fe.Add(field, "must not be negative")
	}
}

func (fe Problems) nonNegativeNull(field string, d decimal.NullDecimal) {
	if d.Valid {
		fe.nonNegative(field, d.Decimal)
	}
}

func (fe Problems) currency(field, code string) {
	switch {
	case strings.TrimSpace(code) == "":
		fe.Add(field, "is required")
	case !currencyCode.MatchString(code):
		fe.Add(field, "must be a three-letter ISO currency code")
	}
}

var (
	currencyCode = regexp.MustCompile(`^[A-Za-z]{3}$`)
	languageCode = regexp.MustCompile(`^[a-z]{2}-[A-Z]{2}$`)
)

// operation checks the fields every document has (§2.1).
func (fe Problems) operation(op *Operation) {
	fe.required("number", op.Number)
	fe.maxLen("number", op.Number, 64)
	fe.maxLen("status", op.Status, 64)
	fe.maxLen("comment", op.Comment, 2048)
	fe.maxLen("outerId", op.OuterID, 128)
	fe.maxLen("cancelReason", op.CancelReason, 2048)
	fe.currency("currency", op.Currency)
	fe.Merge("", validateDynamicProperties(op.DynamicProperties))
}

// Validate checks an address: City and CountryName are required (Virto's entity rules), lengths
// fit their columns.
func (a *Address) Validate() Problems {
	fe := Problems{}
	fe.required("city", a.City)
	fe.required("countryName", a.CountryName)
	for _, f := range []struct {
		name, v string
		n       int
	}{
		{"name", a.Name, 2048}, {"organization", a.Organization, 512}, {"countryCode", a.CountryCode, 3},
		{"countryName", a.CountryName, 128}, {"city", a.City, 128}, {"postalCode", a.PostalCode, 64},
		{"line1", a.Line1, 2048}, {"line2", a.Line2, 2048}, {"regionId", a.RegionID, 128},
		{"regionName", a.RegionName, 128}, {"firstName", a.FirstName, 128}, {"middleName", a.MiddleName, 128},
		{"lastName", a.LastName, 128}, {"phone", a.Phone, 64}, {"email", a.Email, 256},
		{"outerId", a.OuterID, 128}, {"description", a.Description, 128},
	} {
		fe.maxLen(f.name, f.v, f.n)
	}
	if a.Email != "" && !strings.Contains(a.Email, "@") {
		fe.Add("email", "is not an e-mail address")
	}
	return fe
}

func validateDynamicProperties(ps []DynamicProperty) Problems {
	fe := Problems{}
	for i, p := range ps {
		pre := fmt.Sprintf("dynamicProperties[%d].", i)
		fe.required(pre+"name", p.Name)
		fe.maxLen(pre+"name", p.Name, 256)
		if !p.ValueType.valid() {
			fe.Add(pre+"valueType", fmt.Sprintf("%q is not a value type", p.ValueType))
		}
		if !p.IsArray && !p.IsMultilingual && len(p.Values) > 1 {
			fe.Add(pre+"values", "takes a single value")
		}
		for j, v := range p.Values {
			if p.ValueType == ValueShortText {
				fe.maxLen(fmt.Sprintf("%svalues[%d]", pre, j), v.ShortText, 512)
			}
		}
	}
	return fe
}

// Validate checks a line item's own fields: required product data, lengths, and no negative
// quantity, price, discount, fee, rate or dimension. A per-unit discount above the price is
// rejected too (it would make the line negative). Quantity must be at least 1: Virto accepts 0
// and then totals the line as 1 (§16 item 7), charging for something nobody ordered; here a line
// that should go is removed instead.
func (li *LineItem) Validate() Problems {
	fe := Problems{}
	fe.currency("currency", li.Currency)
	for _, f := range []struct {
		name, v string
		n       int
	}{
		{"productId", li.ProductID, 128}, {"sku", li.Sku, 128}, {"name", li.Name, 1024},
		{"catalogId", li.CatalogID, 64},
	} {
		fe.required(f.name, f.v)
		fe.maxLen(f.name, f.v, f.n)
	}
	for _, f := range []struct {
		name, v string
		n       int
	}{
		{"priceId", li.PriceID, 128}, {"categoryId", li.CategoryID, 64}, {"productType", li.ProductType, 64},
		{"productOuterId", li.ProductOuterID, 128}, {"comment", li.Comment, 2048}, {"status", li.Status, 64},
		{"imageUrl", li.ImageURL, 1028}, {"taxType", li.TaxType, 64}, {"shippingMethodCode", li.ShippingMethodCode, 64},
		{"fulfillmentLocationCode", li.FulfillmentLocationCode, 64}, {"fulfillmentCenterId", li.FulfillmentCenterID, 64},
		{"fulfillmentCenterName", li.FulfillmentCenterName, 128}, {"outerId", li.OuterID, 128},
		{"vendorId", li.VendorID, 128}, {"weightUnit", li.WeightUnit, 32}, {"measureUnit", li.MeasureUnit, 32},
		{"cancelReason", li.CancelReason, 2048},
	} {
		fe.maxLen(f.name, f.v, f.n)
	}
	if li.Quantity < 1 {
		fe.Add("quantity", "must be at least 1 (remove the line instead)")
	}
	fe.nonNegative("price", li.Price)
	fe.nonNegative("discountAmount", li.DiscountAmount)
	if !li.DiscountAmount.IsNegative() && li.DiscountAmount.GreaterThan(li.Price) && !li.Price.IsNegative() {
		fe.Add("discountAmount", "must not be more than the price")
	}
	fe.nonNegative("fee", li.Fee)
	fe.nonNegative("taxPercentRate", li.TaxPercentRate)
	fe.nonNegativeNull("weight", li.Weight)
	fe.nonNegativeNull("height", li.Height)
	fe.nonNegativeNull("length", li.Length)
	fe.nonNegativeNull("width", li.Width)
	for i, ci := range li.ConfigurationItems {
		pre := fmt.Sprintf("configurationItems[%d].", i)
		fe.required(pre+"type", ci.Type)
		if ci.Quantity < 0 {
			fe.Add(pre+"quantity", "must not be negative")
		}
		fe.nonNegative(pre+"price", ci.Price)
		fe.nonNegative(pre+"salePrice", ci.SalePrice)
		for j, f := range ci.Files {
			fe.required(fmt.Sprintf("%sfiles[%d].url", pre, j), f.URL)
		}
	}
	fe.Merge("", validateDynamicProperties(li.DynamicProperties))
	return fe
}

// Validate checks a shipment's own fields (not its items against the order; ValidateOrder does
// that).
func (s *Shipment) Validate() Problems {
	fe := Problems{}
	fe.operation(&s.Operation)
	for _, f := range []struct {
		name, v string
		n       int
	}{
		{"organizationId", s.OrganizationID, 64}, {"organizationName", s.OrganizationName, 255},
		{"fulfillmentCenterId", s.FulfillmentCenterID, 64}, {"fulfillmentCenterName", s.FulfillmentCenterName, 255},
		{"employeeId", s.EmployeeID, 64}, {"employeeName", s.EmployeeName, 255},
		{"shipmentMethodCode", s.ShipmentMethodCode, 64}, {"shipmentMethodOption", s.ShipmentMethodOption, 64},
		{"pickupLocationId", s.PickupLocationID, 128}, {"taxType", s.TaxType, 64},
		{"weightUnit", s.WeightUnit, 32}, {"measureUnit", s.MeasureUnit, 32},
		{"trackingNumber", s.TrackingNumber, 128}, {"vendorId", s.VendorID, 64}, {"consignmentId", s.ConsignmentID, 26},
	} {
		fe.maxLen(f.name, f.v, f.n)
	}
	fe.nonNegative("price", s.Price)
	fe.nonNegative("fee", s.Fee)
	fe.nonNegative("discountAmount", s.DiscountAmount)
	if s.DiscountAmount.GreaterThan(s.Price.Add(s.Fee)) && !s.DiscountAmount.IsNegative() {
		fe.Add("discountAmount", "must not be more than the price plus fee")
	}
	fe.nonNegative("taxPercentRate", s.TaxPercentRate)
	fe.nonNegativeNull("weight", s.Weight)
	fe.nonNegativeNull("height", s.Height)
	fe.nonNegativeNull("length", s.Length)
	fe.nonNegativeNull("width", s.Width)
	if s.DeliveryAddress != nil {
		fe.Merge("deliveryAddress.", s.DeliveryAddress.Validate())
	}
	packages := map[string]bool{}
	for _, p := range s.Packages {
		packages[p.ID] = true
	}
	for i, it := range s.Items {
		pre := fmt.Sprintf("items[%d].", i)
		fe.required(pre+"lineItemId", it.LineItemID)
		if it.Quantity < 1 {
			fe.Add(pre+"quantity", "must be at least 1")
		}
		if it.ShipmentPackageID != "" && !packages[it.ShipmentPackageID] {
			fe.Add(pre+"shipmentPackageId", "is not a package of this shipment")
		}
		fe.maxLen(pre+"barCode", it.BarCode, 128)
	}
	for i, p := range s.Packages {
		pre := fmt.Sprintf("packages[%d].", i)
		fe.nonNegativeNull(pre+"weight", p.Weight)
		fe.nonNegativeNull(pre+"height", p.Height)
		fe.nonNegativeNull(pre+"length", p.Length)
		fe.nonNegativeNull(pre+"width", p.Width)
	}
	return fe
}

// Validate checks a payment's own fields, its captures and refunds: Virto's payment rules
// (§2.2), no negative money, capture and refund amounts above zero with a transaction id, and
// captures and refunds that are not rejected or cancelled adding up to no more than the amount.
func (p *PaymentIn) Validate() Problems {
	fe := Problems{}
	fe.operation(&p.Operation)
	fe.required("customerId", p.CustomerID)
	for _, f := range []struct {
		name, v string
		n       int
	}{
		{"customerId", p.CustomerID, 64}, {"organizationId", p.OrganizationID, 64},
		{"organizationName", p.OrganizationName, 255}, {"customerName", p.CustomerName, 255},
		{"purpose", p.Purpose, 1024}, {"gatewayCode", p.GatewayCode, 64}, {"taxType", p.TaxType, 64},
		{"vendorId", p.VendorID, 64},
	} {
		fe.maxLen(f.name, f.v, f.n)
	}
	fe.nonNegative("sum", p.Sum)
	fe.nonNegative("price", p.Price)
	fe.nonNegative("discountAmount", p.DiscountAmount)
	if p.DiscountAmount.GreaterThan(p.Price) && !p.Price.IsNegative() {
		fe.Add("discountAmount", "must not be more than the price")
	}
	fe.nonNegative("taxPercentRate", p.TaxPercentRate)
	if p.BillingAddress != nil {
		fe.Merge("billingAddress.", p.BillingAddress.Validate())
	}
	for i, t := range p.Transactions {
		if t.ProcessAttemptCount < 0 {
			fe.Add(fmt.Sprintf("transactions[%d].processAttemptCount", i), "must not be negative")
		}
	}
	for i := range p.Captures {
		c := &p.Captures[i]
		pre := fmt.Sprintf("captures[%d].", i)
		fe.Merge(pre, c.validate())
	}
	for i := range p.Refunds {
		r := &p.Refunds[i]
		pre := fmt.Sprintf("refunds[%d].", i)
		fe.Merge(pre, r.validate())
	}
	if n := len(p.Captures); n > 0 && p.committedCaptures().GreaterThan(p.Sum) {
		fe.Add(fmt.Sprintf("captures[%d].amount", n-1),
			fmt.Sprintf("captures add up to %s, more than the payment amount %s", p.committedCaptures(), p.Sum))
	}
	if n := len(p.Refunds); n > 0 && p.committedRefunds().GreaterThan(p.Refundable()) {
		msg := fmt.Sprintf("refunds add up to %s, more than the %s that was captured or paid", p.committedRefunds(), p.Refundable())
		if p.Refundable().IsZero() {
			msg = "nothing has been captured or paid on this payment yet"
		}
		fe.Add(fmt.Sprintf("refunds[%d].amount", n-1), msg)
	}
	return fe
}

// Refundable is the most that may be refunded in total on the payment: what its captures took,
// or, for a payment marked paid without capture documents, its amount.
func (p *PaymentIn) Refundable() decimal.Decimal {
	if len(p.Captures) > 0 {
		return p.committedCaptures()
	}
	switch p.PaymentStatus() {
	case PaymentPaid, PaymentPartiallyRefunded, PaymentRefunded:
		return p.Sum
	}
	return decimal.Zero
}

func (c *Capture) validate() Problems {
	fe := Problems{}
	fe.operation(&c.Operation)
	if !c.Amount.IsPositive() {
		fe.Add("amount", "must be more than zero")
	}
	fe.required("transactionId", c.TransactionID)
	fe.maxLen("transactionId", c.TransactionID, 128)
	fe.maxLen("vendorId", c.VendorID, 256)
	for i, it := range c.Items {
		fe.required(fmt.Sprintf("items[%d].lineItemId", i), it.LineItemID)
		if it.Quantity < 1 {
			fe.Add(fmt.Sprintf("items[%d].quantity", i), "must be at least 1")
		}
	}
	return fe
}

func (r *Refund) validate() Problems {
	fe := Problems{}
	fe.operation(&r.Operation)
	if !r.Amount.IsPositive() {
		fe.Add("amount", "must be more than zero")
	}
	if r.ShippingAmount.IsNegative() || r.ShippingAmount.GreaterThan(r.Amount) {
		fe.Add("shippingAmount", "must be between zero and the refund's amount")
	}
	fe.required("transactionId", r.TransactionID)
	fe.maxLen("transactionId", r.TransactionID, 128)
	fe.maxLen("vendorId", r.VendorID, 256)
	if r.ReasonCode != "" && !slices.Contains(RefundReasonCodes, r.ReasonCode) {
		fe.Add("reasonCode", "must be Duplicate, Fraudulent, RequestedByCustomer or Other")
	}
	for i, it := range r.Items {
		fe.required(fmt.Sprintf("items[%d].lineItemId", i), it.LineItemID)
		if it.Quantity < 1 {
			fe.Add(fmt.Sprintf("items[%d].quantity", i), "must be at least 1")
		}
	}
	return fe
}

// ValidateOrder checks the whole aggregate before it is saved, after numbers were assigned:
// Virto's CustomerOrderValidator rules (§2.2), every child's own rules, and cross-references:
// unique line ids; shipment, capture and refund items naming lines of this order; payments tied
// to shipments of this order; beyond Virto (§13.1), no line shipped more often than ordered
// across its non-cancelled shipments; and every number and text fitting its column
// (CheckColumns), computed totals included.
func ValidateOrder(o *CustomerOrder) error {
	fe := CheckColumns(o)
	fe.operation(&o.Operation)
	fe.required("customerId", o.CustomerID)
	fe.required("customerName", o.CustomerName)
	fe.required("storeId", o.StoreID)
	for _, f := range []struct {
		name, v string
		n       int
	}{
		{"customerId", o.CustomerID, 64}, {"customerName", o.CustomerName, 255}, {"storeId", o.StoreID, 64},
		{"storeName", o.StoreName, 255}, {"channelId", o.ChannelID, 64}, {"organizationId", o.OrganizationID, 64},
		{"organizationName", o.OrganizationName, 255}, {"employeeId", o.EmployeeID, 64},
		{"employeeName", o.EmployeeName, 255}, {"subscriptionId", o.SubscriptionID, 64},
		{"subscriptionNumber", o.SubscriptionNumber, 64}, {"shoppingCartId", o.ShoppingCartID, 128},
		{"purchaseOrderNumber", o.PurchaseOrderNumber, 128},
	} {
		fe.maxLen(f.name, f.v, f.n)
	}
	if o.LanguageCode != "" && !languageCode.MatchString(o.LanguageCode) {
		fe.Add("languageCode", "must look like en-US")
	}
	fe.nonNegative("discountAmount", o.DiscountAmount)
	fe.nonNegative("fee", o.Fee)
	fe.nonNegative("taxPercentRate", o.TaxPercentRate)
	for i := range o.Addresses {
		fe.Merge(fmt.Sprintf("addresses[%d].", i), o.Addresses[i].Validate())
	}

	ordered := map[string]int{}
	for i := range o.Items {
		li := &o.Items[i]
		pre := fmt.Sprintf("items[%d].", i)
		fe.Merge(pre, li.Validate())
		if li.ID != "" {
			if _, dup := ordered[li.ID]; dup {
				fe.Add(pre+"id", "is used by another line")
			}
			ordered[li.ID] = li.Quantity
		}
	}
	lineRef := func(field, id string) bool {
		if _, ok := ordered[id]; !ok && id != "" {
			fe.Add(field, fmt.Sprintf("line item %q is not in this order", id))
			return false
		}
		return id != ""
	}

	shipped := map[string]int{}
	shipments := map[string]bool{}
	for i := range o.Shipments {
		s := &o.Shipments[i]
		pre := fmt.Sprintf("shipments[%d].", i)
		shipments[s.ID] = true
		fe.Merge(pre, s.Validate())
		for j, it := range s.Items {
			ipre := fmt.Sprintf("%sitems[%d].", pre, j)
			if !lineRef(ipre+"lineItemId", it.LineItemID) || s.IsCancelled {
				continue
			}
			shipped[it.LineItemID] += it.Quantity
			if shipped[it.LineItemID] > ordered[it.LineItemID] && it.Quantity >= 1 {
				fe.Add(ipre+"quantity", fmt.Sprintf("line %q is ordered %d times but shipped %d times",
					it.LineItemID, ordered[it.LineItemID], shipped[it.LineItemID]))
			}
		}
	}
	lastShipping := "" // the last refund that gives shipping back, where a sum too big is named
	for i := range o.InPayments {
		p := &o.InPayments[i]
		pre := fmt.Sprintf("inPayments[%d].", i)
		fe.Merge(pre, p.Validate())
		if p.ShipmentID != "" && !shipments[p.ShipmentID] {
			fe.Add(pre+"shipmentId", "is not a shipment of this order")
		}
		for j := range p.Captures {
			for k, it := range p.Captures[j].Items {
				lineRef(fmt.Sprintf("%scaptures[%d].items[%d].lineItemId", pre, j, k), it.LineItemID)
			}
		}
		for j := range p.Refunds {
			for k, it := range p.Refunds[j].Items {
				lineRef(fmt.Sprintf("%srefunds[%d].items[%d].lineItemId", pre, j, k), it.LineItemID)
			}
			if p.Refunds[j].ShippingAmount.IsPositive() {
				lastShipping = fmt.Sprintf("%srefunds[%d].shippingAmount", pre, j)
			}
		}
	}
	if refunded := ShippingRefunded(o); lastShipping != "" && refunded.GreaterThan(o.ShippingTotalWithTax) {
		fe.Add(lastShipping, fmt.Sprintf("refunds give back %s of shipping, more than the %s charged", refunded, o.ShippingTotalWithTax))
	}
	return fe.Err()
}

// DefaultMaxOrderDocumentCount is the default of setting Order.MaxOrderDocumentCount.
const DefaultMaxOrderDocumentCount = 20

// ValidateDocumentCount enforces Order.MaxOrderDocumentCount: the order itself plus shipments,
// payments, captures and refunds may not exceed limit (limit ≤ 0 disables the rule). The message
// gives the per-type breakdown, as Virto's does.
func ValidateDocumentCount(o *CustomerOrder, limit int) error {
	if limit <= 0 {
		return nil
	}
	ops := o.Operations()
	if len(ops) <= limit {
		return nil
	}
	counts := map[DocumentType]int{}
	for _, r := range ops {
		counts[r.Type]++
	}
	var parts []string
	for _, t := range []DocumentType{TypeCustomerOrder, TypeShipment, TypePaymentIn, TypeCapture, TypeRefund} {
		if counts[t] > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d", t, counts[t]))
		}
	}
	return Problems{"documents": fmt.Sprintf("an order may hold at most %d documents, this one has %d (%s)",
		limit, len(ops), strings.Join(parts, ", "))}
}
