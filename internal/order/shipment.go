package order

import (
	"time"

	"github.com/shopspring/decimal"
)

// Shipment is a delivery document of exactly one order (§2.4, §13). An order may have any
// number of them (split shipments); partial fulfilment is expressed by item quantities.
type Shipment struct {
	Operation
	OrderID string `json:"customerOrderId"`

	OrganizationID        string `json:"organizationId,omitempty"`
	OrganizationName      string `json:"organizationName,omitempty"`
	FulfillmentCenterID   string `json:"fulfillmentCenterId,omitempty"` // ship-from location
	FulfillmentCenterName string `json:"fulfillmentCenterName,omitempty"`
	EmployeeID            string `json:"employeeId,omitempty"` // "Assigned to"
	EmployeeName          string `json:"employeeName,omitempty"`
	ShipmentMethodCode    string `json:"shipmentMethodCode,omitempty"`
	ShipmentMethodOption  string `json:"shipmentMethodOption,omitempty"`
	PickupLocationID      string `json:"pickupLocationId,omitempty"` // buy online, pick up in store
	VendorID              string `json:"vendorId,omitempty"`
	// ConsignmentID ties this shipment to the shipments of other orders of the same customer
	// that travel as one parcel (see Consignable); empty for a shipment of this order alone.
	ConsignmentID string `json:"consignmentId,omitempty"`

	// Price is the shipping charge.
	Price                 decimal.Decimal `json:"price"`
	PriceWithTax          decimal.Decimal `json:"priceWithTax"` // computed
	DiscountAmount        decimal.Decimal `json:"discountAmount"`
	DiscountAmountWithTax decimal.Decimal `json:"discountAmountWithTax"` // computed
	Fee                   decimal.Decimal `json:"fee"`
	FeeWithTax            decimal.Decimal `json:"feeWithTax"`   // computed
	Total                 decimal.Decimal `json:"total"`        // computed
	TotalWithTax          decimal.Decimal `json:"totalWithTax"` // computed
	TaxType               string          `json:"taxType,omitempty"`
	TaxTotal              decimal.Decimal `json:"taxTotal"`       // computed
	TaxPercentRate        decimal.Decimal `json:"taxPercentRate"` // fraction

	WeightUnit       string              `json:"weightUnit,omitempty"`
	Weight           decimal.NullDecimal `json:"weight"`
	VolumetricWeight decimal.NullDecimal `json:"volumetricWeight"`
	MeasureUnit      string              `json:"measureUnit,omitempty"`
	Height           decimal.NullDecimal `json:"height"`
	Length           decimal.NullDecimal `json:"length"`
	Width            decimal.NullDecimal `json:"width"`

	TrackingNumber string     `json:"trackingNumber,omitempty"`
	TrackingURL    string     `json:"trackingUrl,omitempty"`
	DeliveryDate   *time.Time `json:"deliveryDate,omitempty"`

	DeliveryAddress *Address          `json:"deliveryAddress,omitempty"`
	Items           []ShipmentItem    `json:"items,omitempty"`
	Packages        []ShipmentPackage `json:"packages,omitempty"`
	// InPayments are the order's payments for this shipment (PaymentIn.ShipmentID), as Virto
	// nests them; filled for reading only (order.ForRead), folded back by order.FoldNested.
	InPayments []PaymentIn `json:"inPayments,omitempty"`

	Discounts  []Discount  `json:"discounts,omitempty"`
	TaxDetails []TaxDetail `json:"taxDetails,omitempty"`
	FeeDetails []FeeDetail `json:"feeDetails,omitempty"`
}

// ShipmentItem ships Quantity units of one order line, optionally inside a package.
type ShipmentItem struct {
	ID                string `json:"id"`
	OrderID           string `json:"orderId,omitempty"`
	ShipmentID        string `json:"shipmentId,omitempty"`
	LineItemID        string `json:"lineItemId"`
	ShipmentPackageID string `json:"shipmentPackageId,omitempty"`
	BarCode           string `json:"barCode,omitempty"`
	Quantity          int    `json:"quantity"`
	Status            string `json:"status,omitempty"`
	OuterID           string `json:"outerId,omitempty"`
	// LineItem is the line LineItemID names, as Virto writes it out; filled for reading only
	// (order.ForRead) and read back as LineItemID (order.FoldNested).
	LineItem *LineItem `json:"lineItem,omitempty"`
	Audit
}

// ShipmentPackage is a parcel of a shipment. Its items are the shipment's items whose
// ShipmentPackageID names it (see Shipment.PackageItems), so an item lives in one place only.
type ShipmentPackage struct {
	ID          string              `json:"id"`
	OrderID     string              `json:"orderId,omitempty"`
	ShipmentID  string              `json:"shipmentId,omitempty"`
	BarCode     string              `json:"barCode,omitempty"`
	PackageType string              `json:"packageType,omitempty"`
	WeightUnit  string              `json:"weightUnit,omitempty"`
	Weight      decimal.NullDecimal `json:"weight"`
	MeasureUnit string              `json:"measureUnit,omitempty"`
	Height      decimal.NullDecimal `json:"height"`
	Length      decimal.NullDecimal `json:"length"`
	Width       decimal.NullDecimal `json:"width"`
	Audit
}

// PackageItems returns the shipment items packed in the given package.
func (s *Shipment) PackageItems(packageID string) []*ShipmentItem {
	var out []*ShipmentItem
	for i := range s.Items {
		if packageID != "" && s.Items[i].ShipmentPackageID == packageID {
			out = append(out, &s.Items[i])
		}
	}
	return out
}

// NewShipment returns a blank shipment for the order, as Virto's "new shipment" template does:
// new id, the order's currency, the initial shipment status. The caller assigns the number.
func NewShipment(o *CustomerOrder, rules StatusRules) Shipment {
	return Shipment{
		Operation: Operation{
			ID:       NewID(),
			Currency: o.Currency,
			Status:   rules.InitialStatus(TypeShipment),
		},
		OrderID: o.ID,
	}
}

// recalculate fills the shipment's computed fields (§4.3). No rounding at this level.
//
// Sum is set to TotalWithTax: Virto assigns Total in memory but persists TotalWithTax (§4.6,
// §16 item 8); we keep the persisted meaning so a shipment reads the same before and after a save.
func (s *Shipment) recalculate() {
	t := decimal.NewFromInt(1).Add(s.TaxPercentRate)
	s.PriceWithTax = s.Price.Mul(t)
	s.DiscountAmountWithTax = s.DiscountAmount.Mul(t)
	s.FeeWithTax = s.Fee.Mul(t)
	s.Total = s.Price.Add(s.Fee).Sub(s.DiscountAmount)
	s.TotalWithTax = s.PriceWithTax.Add(s.FeeWithTax).Sub(s.DiscountAmountWithTax)
	s.TaxTotal = s.Total.Mul(s.TaxPercentRate)
	s.Sum = s.TotalWithTax
}
