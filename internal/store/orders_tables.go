package store

import (
	"orderdesk/internal/order"
)

// Rows are views of the domain structs with what the tables add: the position in the owner's
// collection and, for owned values, the owner. When writing they point into the order being
// saved, so normalizing and stamping a row changes that order.
type (
	orderRow struct{ o *order.CustomerOrder }
	// item is a child whose parent ids are fields of the struct itself.
	item[T any] struct {
		pos int
		v   *T
	}
	// owned is an address, discount, tax or fee detail that belongs to one of several documents.
	owned[T any] struct {
		orderID, ownerType, ownerID string
		pos                         int
		v                           *T
	}
	// propRow is one value of a custom field; valuePos -1 marks a property without values.
	propRow struct {
		ownerType, ownerID string
		propPos, valuePos  int
		p                  *order.DynamicProperty
		v                  *order.DynamicPropertyValue
	}
)

func newItem[T any]() *item[T]   { return &item[T]{v: new(T)} }
func newOwned[T any]() *owned[T] { return &owned[T]{v: new(T)} }

// Owner types of owned rows and custom-field values.
const (
	ownerOrder    = "order"
	ownerLine     = "line"
	ownerShipment = "shipment"
	ownerPayment  = "payment"
	ownerCapture  = "capture"
	ownerRefund   = "refund"
)

// child builds the columns of an item table: order_id, id, the parent id column if any, then
// position and the rest.
func child[T any](orderID, id func(*T) *string, parent string, parentID func(*T) *string, rest ...[]col[item[T]]) []col[item[T]] {
	cols := []col[item[T]]{
		{"order_id", func(r *item[T]) field { return str(orderID(r.v)) }},
		{"id", func(r *item[T]) field { return str(id(r.v)) }},
	}
	if parent != "" {
		cols = append(cols, col[item[T]]{parent, func(r *item[T]) field { return str(parentID(r.v)) }})
	}
	cols = append(cols, col[item[T]]{"position", func(r *item[T]) field { return num(&r.pos) }})
	return join(append([][]col[item[T]]{cols}, rest...)...)
}

func ownedCols[T any](id func(*T) *string, rest []col[owned[T]]) []col[owned[T]] {
	return join([]col[owned[T]]{
		{"order_id", func(r *owned[T]) field { return str(&r.orderID) }},
		{"owner_type", func(r *owned[T]) field { return str(&r.ownerType) }},
		{"owner_id", func(r *owned[T]) field { return str(&r.ownerID) }},
		{"id", func(r *owned[T]) field { return str(id(r.v)) }},
		{"position", func(r *owned[T]) field { return num(&r.pos) }},
	}, rest)
}

var ordersTable = &table[orderRow]{
	name: "orders", key: 1, newRow: func() *orderRow { return &orderRow{new(order.CustomerOrder)} },
	audit: func(r *orderRow) *order.Audit { return &r.o.Audit },
	cols: join(
		[]col[orderRow]{
			{"id", func(r *orderRow) field { return str(&r.o.ID) }},
			{"version", func(r *orderRow) field { return num(&r.o.Version) }},
		},
		operationCols(func(r *orderRow) *order.Operation { return &r.o.Operation }),
		[]col[orderRow]{
			{"customer_id", func(r *orderRow) field { return str(&r.o.CustomerID) }},
			{"customer_name", func(r *orderRow) field { return str(&r.o.CustomerName) }},
			{"channel_id", func(r *orderRow) field { return str(&r.o.ChannelID) }},
			{"store_id", func(r *orderRow) field { return str(&r.o.StoreID) }},
			{"store_name", func(r *orderRow) field { return str(&r.o.StoreName) }},
			{"organization_id", func(r *orderRow) field { return str(&r.o.OrganizationID) }},
			{"organization_name", func(r *orderRow) field { return str(&r.o.OrganizationName) }},
			{"employee_id", func(r *orderRow) field { return str(&r.o.EmployeeID) }},
			{"employee_name", func(r *orderRow) field { return str(&r.o.EmployeeName) }},
			{"shopping_cart_id", func(r *orderRow) field { return str(&r.o.ShoppingCartID) }},
			{"is_prototype", func(r *orderRow) field { return flag(&r.o.IsPrototype) }},
			{"purchase_order_number", func(r *orderRow) field { return str(&r.o.PurchaseOrderNumber) }},
			{"subscription_id", func(r *orderRow) field { return str(&r.o.SubscriptionID) }},
			{"subscription_number", func(r *orderRow) field { return str(&r.o.SubscriptionNumber) }},
			{"language_code", func(r *orderRow) field { return str(&r.o.LanguageCode) }},
			{"is_anonymous", func(r *orderRow) field { return flag(&r.o.IsAnonymous) }},
			{"tax_type", func(r *orderRow) field { return str(&r.o.TaxType) }},
			{"tax_percent_rate", func(r *orderRow) field { return rate(&r.o.TaxPercentRate) }},
			{"discount_amount", func(r *orderRow) field { return money(&r.o.DiscountAmount) }},
			{"fee", func(r *orderRow) field { return money(&r.o.Fee) }},
			{"fee_with_tax", func(r *orderRow) field { return money(&r.o.FeeWithTax) }},
			{"fee_total", func(r *orderRow) field { return money(&r.o.FeeTotal) }},
			{"fee_total_with_tax", func(r *orderRow) field { return money(&r.o.FeeTotalWithTax) }},
			{"total", func(r *orderRow) field { return money(&r.o.Total) }},
			{"sub_total", func(r *orderRow) field { return money(&r.o.SubTotal) }},
			{"sub_total_with_tax", func(r *orderRow) field { return money(&r.o.SubTotalWithTax) }},
			{"shipping_total", func(r *orderRow) field { return money(&r.o.ShippingTotal) }},
			{"shipping_total_with_tax", func(r *orderRow) field { return money(&r.o.ShippingTotalWithTax) }},
			{"payment_total", func(r *orderRow) field { return money(&r.o.PaymentTotal) }},
			{"payment_total_with_tax", func(r *orderRow) field { return money(&r.o.PaymentTotalWithTax) }},
			{"discount_total", func(r *orderRow) field { return money(&r.o.DiscountTotal) }},
			{"discount_total_with_tax", func(r *orderRow) field { return money(&r.o.DiscountTotalWithTax) }},
			{"tax_total", func(r *orderRow) field { return money(&r.o.TaxTotal) }},
			{"handling_total", func(r *orderRow) field { return money(&r.o.HandlingTotal) }},
			{"handling_total_with_tax", func(r *orderRow) field { return money(&r.o.HandlingTotalWithTax) }},
		},
		auditCols(func(r *orderRow) *order.Audit { return &r.o.Audit }),
	),
}

type lineRow = item[order.LineItem]

var lineItemsTable = &table[lineRow]{
	name: "order_line_items", key: 2, newRow: newItem[order.LineItem], orderBy: "position",
	audit: func(r *lineRow) *order.Audit { return &r.v.Audit },
	cols: child(
		func(v *order.LineItem) *string { return &v.OrderID },
		func(v *order.LineItem) *string { return &v.ID }, "", nil,
		[]col[lineRow]{
			{"price_id", func(r *lineRow) field { return str(&r.v.PriceID) }},
			{"currency", func(r *lineRow) field { return str(&r.v.Currency) }},
			{"price", func(r *lineRow) field { return money(&r.v.Price) }},
			{"price_with_tax", func(r *lineRow) field { return money(&r.v.PriceWithTax) }},
			{"discount_amount", func(r *lineRow) field { return money(&r.v.DiscountAmount) }},
			{"discount_amount_with_tax", func(r *lineRow) field { return money(&r.v.DiscountAmountWithTax) }},
			{"is_discount_amount_rounded", func(r *lineRow) field { return flag(&r.v.IsDiscountAmountRounded) }},
			{"fee", func(r *lineRow) field { return money(&r.v.Fee) }},
			{"fee_with_tax", func(r *lineRow) field { return money(&r.v.FeeWithTax) }},
			{"tax_type", func(r *lineRow) field { return str(&r.v.TaxType) }},
			{"tax_total", func(r *lineRow) field { return money(&r.v.TaxTotal) }},
			{"tax_percent_rate", func(r *lineRow) field { return rate(&r.v.TaxPercentRate) }},
			{"quantity", func(r *lineRow) field { return num(&r.v.Quantity) }},
			{"product_id", func(r *lineRow) field { return str(&r.v.ProductID) }},
			{"sku", func(r *lineRow) field { return str(&r.v.Sku) }},
			{"product_type", func(r *lineRow) field { return str(&r.v.ProductType) }},
			{"catalog_id", func(r *lineRow) field { return str(&r.v.CatalogID) }},
			{"category_id", func(r *lineRow) field { return str(&r.v.CategoryID) }},
			{"name", func(r *lineRow) field { return str(&r.v.Name) }},
			{"product_outer_id", func(r *lineRow) field { return str(&r.v.ProductOuterID) }},
			{"image_url", func(r *lineRow) field { return str(&r.v.ImageURL) }},
			{"comment", func(r *lineRow) field { return str(&r.v.Comment) }},
			{"status", func(r *lineRow) field { return str(&r.v.Status) }},
			{"is_gift", func(r *lineRow) field { return flag(&r.v.IsGift) }},
			{"is_configured", func(r *lineRow) field { return flag(&r.v.IsConfigured) }},
			{"outer_id", func(r *lineRow) field { return str(&r.v.OuterID) }},
			{"vendor_id", func(r *lineRow) field { return str(&r.v.VendorID) }},
			{"shipping_method_code", func(r *lineRow) field { return str(&r.v.ShippingMethodCode) }},
			{"fulfillment_location_code", func(r *lineRow) field { return str(&r.v.FulfillmentLocationCode) }},
			{"fulfillment_center_id", func(r *lineRow) field { return str(&r.v.FulfillmentCenterID) }},
			{"fulfillment_center_name", func(r *lineRow) field { return str(&r.v.FulfillmentCenterName) }},
			{"weight_unit", func(r *lineRow) field { return str(&r.v.WeightUnit) }},
			{"weight", func(r *lineRow) field { return measure(&r.v.Weight) }},
			{"measure_unit", func(r *lineRow) field { return str(&r.v.MeasureUnit) }},
			{"height", func(r *lineRow) field { return measure(&r.v.Height) }},
			{"length", func(r *lineRow) field { return measure(&r.v.Length) }},
			{"width", func(r *lineRow) field { return measure(&r.v.Width) }},
			{"is_cancelled", func(r *lineRow) field { return flag(&r.v.IsCancelled) }},
			{"cancelled_date", func(r *lineRow) field { return atOpt(&r.v.CancelledDate) }},
			{"cancel_reason", func(r *lineRow) field { return str(&r.v.CancelReason) }},
		},
		auditCols(func(r *lineRow) *order.Audit { return &r.v.Audit }),
	),
}

type configRow = item[order.ConfigurationItem]

var configItemsTable = &table[configRow]{
	name: "order_configuration_items", key: 2, newRow: newItem[order.ConfigurationItem], orderBy: "line_item_id, position",
	audit: func(r *configRow) *order.Audit { return &r.v.Audit },
	cols: child(
		func(v *order.ConfigurationItem) *string { return &v.OrderID },
		func(v *order.ConfigurationItem) *string { return &v.ID },
		"line_item_id", func(v *order.ConfigurationItem) *string { return &v.LineItemID },
		[]col[configRow]{
			{"product_id", func(r *configRow) field { return str(&r.v.ProductID) }},
			{"section_id", func(r *configRow) field { return str(&r.v.SectionID) }},
			{"name", func(r *configRow) field { return str(&r.v.Name) }},
			{"sku", func(r *configRow) field { return str(&r.v.Sku) }},
			{"quantity", func(r *configRow) field { return num(&r.v.Quantity) }},
			{"price", func(r *configRow) field { return money(&r.v.Price) }},
			{"sale_price", func(r *configRow) field { return money(&r.v.SalePrice) }},
			{"extended_price", func(r *configRow) field { return money(&r.v.ExtendedPrice) }},
			{"image_url", func(r *configRow) field { return str(&r.v.ImageURL) }},
			{"catalog_id", func(r *configRow) field { return str(&r.v.CatalogID) }},
			{"category_id", func(r *configRow) field { return str(&r.v.CategoryID) }},
			{"type", func(r *configRow) field { return str(&r.v.Type) }},
			{"custom_text", func(r *configRow) field { return str(&r.v.CustomText) }},
		},
		auditCols(func(r *configRow) *order.Audit { return &r.v.Audit }),
	),
}

type fileRow = item[order.ConfigurationItemFile]

var configFilesTable = &table[fileRow]{
	name: "order_configuration_item_files", key: 2, newRow: newItem[order.ConfigurationItemFile], orderBy: "configuration_item_id, position",
	audit: func(r *fileRow) *order.Audit { return &r.v.Audit },
	cols: child(
		func(v *order.ConfigurationItemFile) *string { return &v.OrderID },
		func(v *order.ConfigurationItemFile) *string { return &v.ID },
		"configuration_item_id", func(v *order.ConfigurationItemFile) *string { return &v.ConfigurationItemID },
		[]col[fileRow]{
			{"name", func(r *fileRow) field { return str(&r.v.Name) }},
			{"url", func(r *fileRow) field { return str(&r.v.URL) }},
			{"content_type", func(r *fileRow) field { return str(&r.v.ContentType) }},
			{"size", func(r *fileRow) field { return num(&r.v.Size) }},
		},
		auditCols(func(r *fileRow) *order.Audit { return &r.v.Audit }),
	),
}

type shipmentRow = item[order.Shipment]

var shipmentsTable = &table[shipmentRow]{
	name: "order_shipments", key: 2, newRow: newItem[order.Shipment], orderBy: "position",
	audit: func(r *shipmentRow) *order.Audit { return &r.v.Audit },
	cols: child(
		func(v *order.Shipment) *string { return &v.OrderID },
		func(v *order.Shipment) *string { return &v.ID }, "", nil,
		operationCols(func(r *shipmentRow) *order.Operation { return &r.v.Operation }),
		[]col[shipmentRow]{
			{"organization_id", func(r *shipmentRow) field { return str(&r.v.OrganizationID) }},
			{"organization_name", func(r *shipmentRow) field { return str(&r.v.OrganizationName) }},
			{"fulfillment_center_id", func(r *shipmentRow) field { return str(&r.v.FulfillmentCenterID) }},
			{"fulfillment_center_name", func(r *shipmentRow) field { return str(&r.v.FulfillmentCenterName) }},
			{"employee_id", func(r *shipmentRow) field { return str(&r.v.EmployeeID) }},
			{"employee_name", func(r *shipmentRow) field { return str(&r.v.EmployeeName) }},
			{"shipment_method_code", func(r *shipmentRow) field { return str(&r.v.ShipmentMethodCode) }},
			{"shipment_method_option", func(r *shipmentRow) field { return str(&r.v.ShipmentMethodOption) }},
			{"pickup_location_id", func(r *shipmentRow) field { return str(&r.v.PickupLocationID) }},
			{"vendor_id", func(r *shipmentRow) field { return str(&r.v.VendorID) }},
			{"consignment_id", func(r *shipmentRow) field { return str(&r.v.ConsignmentID) }},
			{"price", func(r *shipmentRow) field { return money(&r.v.Price) }},
			{"price_with_tax", func(r *shipmentRow) field { return money(&r.v.PriceWithTax) }},
			{"discount_amount", func(r *shipmentRow) field { return money(&r.v.DiscountAmount) }},
			{"discount_amount_with_tax", func(r *shipmentRow) field { return money(&r.v.DiscountAmountWithTax) }},
			{"fee", func(r *shipmentRow) field { return money(&r.v.Fee) }},
			{"fee_with_tax", func(r *shipmentRow) field { return money(&r.v.FeeWithTax) }},
			{"total", func(r *shipmentRow) field { return money(&r.v.Total) }},
			{"total_with_tax", func(r *shipmentRow) field { return money(&r.v.TotalWithTax) }},
			{"tax_type", func(r *shipmentRow) field { return str(&r.v.TaxType) }},
			{"tax_total", func(r *shipmentRow) field { return money(&r.v.TaxTotal) }},
			{"tax_percent_rate", func(r *shipmentRow) field { return rate(&r.v.TaxPercentRate) }},
			{"weight_unit", func(r *shipmentRow) field { return str(&r.v.WeightUnit) }},
			{"weight", func(r *shipmentRow) field { return measure(&r.v.Weight) }},
			{"volumetric_weight", func(r *shipmentRow) field { return measure(&r.v.VolumetricWeight) }},
			{"measure_unit", func(r *shipmentRow) field { return str(&r.v.MeasureUnit) }},
			{"height", func(r *shipmentRow) field { return measure(&r.v.Height) }},
			{"length", func(r *shipmentRow) field { return measure(&r.v.Length) }},
			{"width", func(r *shipmentRow) field { return measure(&r.v.Width) }},
			{"tracking_number", func(r *shipmentRow) field { return str(&r.v.TrackingNumber) }},
			{"tracking_url", func(r *shipmentRow) field { return str(&r.v.TrackingURL) }},
			{"delivery_date", func(r *shipmentRow) field { return atOpt(&r.v.DeliveryDate) }},
		},
		auditCols(func(r *shipmentRow) *order.Audit { return &r.v.Audit }),
	),
}

type shipItemRow = item[order.ShipmentItem]

var shipmentItemsTable = &table[shipItemRow]{
	name: "order_shipment_items", key: 2, newRow: newItem[order.ShipmentItem], orderBy: "shipment_id, position",
	audit: func(r *shipItemRow) *order.Audit { return &r.v.Audit },
	cols: child(
		func(v *order.ShipmentItem) *string { return &v.OrderID },
		func(v *order.ShipmentItem) *string { return &v.ID },
		"shipment_id", func(v *order.ShipmentItem) *string { return &v.ShipmentID },
		[]col[shipItemRow]{
			{"line_item_id", func(r *shipItemRow) field { return str(&r.v.LineItemID) }},
			{"shipment_package_id", func(r *shipItemRow) field { return str(&r.v.ShipmentPackageID) }},
			{"bar_code", func(r *shipItemRow) field { return str(&r.v.BarCode) }},
			{"quantity", func(r *shipItemRow) field { return num(&r.v.Quantity) }},
			{"status", func(r *shipItemRow) field { return str(&r.v.Status) }},
			{"outer_id", func(r *shipItemRow) field { return str(&r.v.OuterID) }},
		},
		auditCols(func(r *shipItemRow) *order.Audit { return &r.v.Audit }),
	),
}

type packageRow = item[order.ShipmentPackage]

var shipmentPackagesTable = &table[packageRow]{
	name: "order_shipment_packages", key: 2, newRow: newItem[order.ShipmentPackage], orderBy: "shipment_id, position",
	audit: func(r *packageRow) *order.Audit { return &r.v.Audit },
	cols: child(
		func(v *order.ShipmentPackage) *string { return &v.OrderID },
		func(v *order.ShipmentPackage) *string { return &v.ID },
		"shipment_id", func(v *order.ShipmentPackage) *string { return &v.ShipmentID },
		[]col[packageRow]{
			{"bar_code", func(r *packageRow) field { return str(&r.v.BarCode) }},
			{"package_type", func(r *packageRow) field { return str(&r.v.PackageType) }},
			{"weight_unit", func(r *packageRow) field { return str(&r.v.WeightUnit) }},
			{"weight", func(r *packageRow) field { return measure(&r.v.Weight) }},
			{"measure_unit", func(r *packageRow) field { return str(&r.v.MeasureUnit) }},
			{"height", func(r *packageRow) field { return measure(&r.v.Height) }},
			{"length", func(r *packageRow) field { return measure(&r.v.Length) }},
			{"width", func(r *packageRow) field { return measure(&r.v.Width) }},
		},
		auditCols(func(r *packageRow) *order.Audit { return &r.v.Audit }),
	),
}

type paymentRow = item[order.PaymentIn]

var paymentsTable = &table[paymentRow]{
	name: "order_payments", key: 2, newRow: newItem[order.PaymentIn], orderBy: "position",
	audit: func(r *paymentRow) *order.Audit { return &r.v.Audit },
	cols: child(
		func(v *order.PaymentIn) *string { return &v.OrderID },
		func(v *order.PaymentIn) *string { return &v.ID }, "", nil,
		operationCols(func(r *paymentRow) *order.Operation { return &r.v.Operation }),
		[]col[paymentRow]{
			{"shipment_id", func(r *paymentRow) field { return str(&r.v.ShipmentID) }},
			{"purpose", func(r *paymentRow) field { return str(&r.v.Purpose) }},
			{"gateway_code", func(r *paymentRow) field { return str(&r.v.GatewayCode) }},
			{"organization_id", func(r *paymentRow) field { return str(&r.v.OrganizationID) }},
			{"organization_name", func(r *paymentRow) field { return str(&r.v.OrganizationName) }},
			{"customer_id", func(r *paymentRow) field { return str(&r.v.CustomerID) }},
			{"customer_name", func(r *paymentRow) field { return str(&r.v.CustomerName) }},
			{"vendor_id", func(r *paymentRow) field { return str(&r.v.VendorID) }},
			{"incoming_date", func(r *paymentRow) field { return atOpt(&r.v.IncomingDate) }},
			{"authorized_date", func(r *paymentRow) field { return atOpt(&r.v.AuthorizedDate) }},
			{"captured_date", func(r *paymentRow) field { return atOpt(&r.v.CapturedDate) }},
			{"voided_date", func(r *paymentRow) field { return atOpt(&r.v.VoidedDate) }},
			{"price", func(r *paymentRow) field { return money(&r.v.Price) }},
			{"price_with_tax", func(r *paymentRow) field { return money(&r.v.PriceWithTax) }},
			{"discount_amount", func(r *paymentRow) field { return money(&r.v.DiscountAmount) }},
			{"discount_amount_with_tax", func(r *paymentRow) field { return money(&r.v.DiscountAmountWithTax) }},
			{"total", func(r *paymentRow) field { return money(&r.v.Total) }},
			{"total_with_tax", func(r *paymentRow) field { return money(&r.v.TotalWithTax) }},
			{"tax_type", func(r *paymentRow) field { return str(&r.v.TaxType) }},
			{"tax_total", func(r *paymentRow) field { return money(&r.v.TaxTotal) }},
			{"tax_percent_rate", func(r *paymentRow) field { return rate(&r.v.TaxPercentRate) }},
		},
		auditCols(func(r *paymentRow) *order.Audit { return &r.v.Audit }),
	),
}

type transactionRow = item[order.PaymentGatewayTransaction]

var transactionsTable = &table[transactionRow]{
	name: "order_payment_transactions", key: 2, newRow: newItem[order.PaymentGatewayTransaction], orderBy: "payment_id, position",
	audit: func(r *transactionRow) *order.Audit { return &r.v.Audit },
	cols: child(
		func(v *order.PaymentGatewayTransaction) *string { return &v.OrderID },
		func(v *order.PaymentGatewayTransaction) *string { return &v.ID },
		"payment_id", func(v *order.PaymentGatewayTransaction) *string { return &v.PaymentID },
		[]col[transactionRow]{
			{"amount", func(r *transactionRow) field { return money(&r.v.Amount) }},
			{"currency_code", func(r *transactionRow) field { return str(&r.v.CurrencyCode) }},
			{"is_processed", func(r *transactionRow) field { return flag(&r.v.IsProcessed) }},
			{"processed_date", func(r *transactionRow) field { return atOpt(&r.v.ProcessedDate) }},
			{"process_error", func(r *transactionRow) field { return str(&r.v.ProcessError) }},
			{"process_attempt_count", func(r *transactionRow) field { return num(&r.v.ProcessAttemptCount) }},
			{"request_data", func(r *transactionRow) field { return str(&r.v.RequestData) }},
			{"response_data", func(r *transactionRow) field { return str(&r.v.ResponseData) }},
			{"response_code", func(r *transactionRow) field { return str(&r.v.ResponseCode) }},
			{"gateway_ip_address", func(r *transactionRow) field { return str(&r.v.GatewayIPAddress) }},
			{"type", func(r *transactionRow) field { return str(&r.v.Type) }},
			{"status", func(r *transactionRow) field { return str(&r.v.Status) }},
			{"note", func(r *transactionRow) field { return str(&r.v.Note) }},
		},
		auditCols(func(r *transactionRow) *order.Audit { return &r.v.Audit }),
	),
}

type captureRow = item[order.Capture]

var capturesTable = &table[captureRow]{
	name: "order_captures", key: 2, newRow: newItem[order.Capture], orderBy: "payment_id, position",
	audit: func(r *captureRow) *order.Audit { return &r.v.Audit },
	cols: child(
		func(v *order.Capture) *string { return &v.OrderID },
		func(v *order.Capture) *string { return &v.ID },
		"payment_id", func(v *order.Capture) *string { return &v.PaymentID },
		operationCols(func(r *captureRow) *order.Operation { return &r.v.Operation }),
		[]col[captureRow]{
			{"amount", func(r *captureRow) field { return money(&r.v.Amount) }},
			{"vendor_id", func(r *captureRow) field { return str(&r.v.VendorID) }},
			{"transaction_id", func(r *captureRow) field { return str(&r.v.TransactionID) }},
			{"close_transaction", func(r *captureRow) field { return flag(&r.v.CloseTransaction) }},
		},
		auditCols(func(r *captureRow) *order.Audit { return &r.v.Audit }),
	),
}

type captureItemRow = item[order.CaptureItem]

var captureItemsTable = &table[captureItemRow]{
	name: "order_capture_items", key: 2, newRow: newItem[order.CaptureItem], orderBy: "capture_id, position",
	audit: func(r *captureItemRow) *order.Audit { return &r.v.Audit },
	cols: child(
		func(v *order.CaptureItem) *string { return &v.OrderID },
		func(v *order.CaptureItem) *string { return &v.ID },
		"capture_id", func(v *order.CaptureItem) *string { return &v.CaptureID },
		[]col[captureItemRow]{
			{"line_item_id", func(r *captureItemRow) field { return str(&r.v.LineItemID) }},
			{"quantity", func(r *captureItemRow) field { return num(&r.v.Quantity) }},
			{"outer_id", func(r *captureItemRow) field { return str(&r.v.OuterID) }},
		},
		auditCols(func(r *captureItemRow) *order.Audit { return &r.v.Audit }),
	),
}

type refundRow = item[order.Refund]

var refundsTable = &table[refundRow]{
	name: "order_refunds", key: 2, newRow: newItem[order.Refund], orderBy: "payment_id, position",
	audit: func(r *refundRow) *order.Audit { return &r.v.Audit },
	cols: child(
		func(v *order.Refund) *string { return &v.OrderID },
		func(v *order.Refund) *string { return &v.ID },
		"payment_id", func(v *order.Refund) *string { return &v.PaymentID },
		operationCols(func(r *refundRow) *order.Operation { return &r.v.Operation }),
		[]col[refundRow]{
			{"amount", func(r *refundRow) field { return money(&r.v.Amount) }},
			{"shipping_amount", func(r *refundRow) field { return money(&r.v.ShippingAmount) }},
			{"reason_code", func(r *refundRow) field { return str(&r.v.ReasonCode) }},
			{"reason_message", func(r *refundRow) field { return str(&r.v.ReasonMessage) }},
			{"reject_reason_message", func(r *refundRow) field { return str(&r.v.RejectReasonMessage) }},
			{"vendor_id", func(r *refundRow) field { return str(&r.v.VendorID) }},
			{"transaction_id", func(r *refundRow) field { return str(&r.v.TransactionID) }},
		},
		auditCols(func(r *refundRow) *order.Audit { return &r.v.Audit }),
	),
}

type refundItemRow = item[order.RefundItem]

var refundItemsTable = &table[refundItemRow]{
	name: "order_refund_items", key: 2, newRow: newItem[order.RefundItem], orderBy: "refund_id, position",
	audit: func(r *refundItemRow) *order.Audit { return &r.v.Audit },
	cols: child(
		func(v *order.RefundItem) *string { return &v.OrderID },
		func(v *order.RefundItem) *string { return &v.ID },
		"refund_id", func(v *order.RefundItem) *string { return &v.RefundID },
		[]col[refundItemRow]{
			{"line_item_id", func(r *refundItemRow) field { return str(&r.v.LineItemID) }},
			{"quantity", func(r *refundItemRow) field { return num(&r.v.Quantity) }},
			{"outer_id", func(r *refundItemRow) field { return str(&r.v.OuterID) }},
		},
		auditCols(func(r *refundItemRow) *order.Audit { return &r.v.Audit }),
	),
}

type addressRow = owned[order.Address]

var addressesTable = &table[addressRow]{
	name: "order_addresses", key: 4, newRow: newOwned[order.Address], orderBy: "owner_type, owner_id, position",
	cols: ownedCols(func(v *order.Address) *string { return &v.ID }, []col[addressRow]{
		{"address_type", func(r *addressRow) field { return addrType{&r.v.AddressType} }},
		{"name", func(r *addressRow) field { return str(&r.v.Name) }},
		{"organization", func(r *addressRow) field { return str(&r.v.Organization) }},
		{"first_name", func(r *addressRow) field { return str(&r.v.FirstName) }},
		{"middle_name", func(r *addressRow) field { return str(&r.v.MiddleName) }},
		{"last_name", func(r *addressRow) field { return str(&r.v.LastName) }},
		{"line1", func(r *addressRow) field { return str(&r.v.Line1) }},
		{"line2", func(r *addressRow) field { return str(&r.v.Line2) }},
		{"city", func(r *addressRow) field { return str(&r.v.City) }},
		{"postal_code", func(r *addressRow) field { return str(&r.v.PostalCode) }},
		{"region_id", func(r *addressRow) field { return str(&r.v.RegionID) }},
		{"region_name", func(r *addressRow) field { return str(&r.v.RegionName) }},
		{"country_code", func(r *addressRow) field { return str(&r.v.CountryCode) }},
		{"country_name", func(r *addressRow) field { return str(&r.v.CountryName) }},
		{"phone", func(r *addressRow) field { return str(&r.v.Phone) }},
		{"email", func(r *addressRow) field { return str(&r.v.Email) }},
		{"outer_id", func(r *addressRow) field { return str(&r.v.OuterID) }},
		{"description", func(r *addressRow) field { return str(&r.v.Description) }},
		{"is_default", func(r *addressRow) field { return flag(&r.v.IsDefault) }},
	}),
}

type discountRow = owned[order.Discount]

var discountsTable = &table[discountRow]{
	name: "order_discounts", key: 4, newRow: newOwned[order.Discount], orderBy: "owner_type, owner_id, position",
	cols: ownedCols(func(v *order.Discount) *string { return &v.ID }, []col[discountRow]{
		{"promotion_id", func(r *discountRow) field { return str(&r.v.PromotionID) }},
		{"name", func(r *discountRow) field { return str(&r.v.Name) }},
		{"description", func(r *discountRow) field { return str(&r.v.Description) }},
		{"currency", func(r *discountRow) field { return str(&r.v.Currency) }},
		{"discount_amount", func(r *discountRow) field { return money(&r.v.DiscountAmount) }},
		{"discount_amount_with_tax", func(r *discountRow) field { return money(&r.v.DiscountAmountWithTax) }},
		{"coupon", func(r *discountRow) field { return str(&r.v.Coupon) }},
		{"coupon_invalid_description", func(r *discountRow) field { return str(&r.v.CouponInvalidDescription) }},
	}),
}

type taxRow = owned[order.TaxDetail]

var taxDetailsTable = &table[taxRow]{
	name: "order_tax_details", key: 4, newRow: newOwned[order.TaxDetail], orderBy: "owner_type, owner_id, position",
	cols: ownedCols(func(v *order.TaxDetail) *string { return &v.ID }, []col[taxRow]{
		{"name", func(r *taxRow) field { return str(&r.v.Name) }},
		{"rate", func(r *taxRow) field { return rate(&r.v.Rate) }},
		{"amount", func(r *taxRow) field { return money(&r.v.Amount) }},
	}),
}

type feeRow = owned[order.FeeDetail]

var feeDetailsTable = &table[feeRow]{
	name: "order_fee_details", key: 4, newRow: newOwned[order.FeeDetail], orderBy: "owner_type, owner_id, position",
	cols: ownedCols(func(v *order.FeeDetail) *string { return &v.ID }, []col[feeRow]{
		{"fee_id", func(r *feeRow) field { return str(&r.v.FeeID) }},
		{"currency", func(r *feeRow) field { return str(&r.v.Currency) }},
		{"amount", func(r *feeRow) field { return money(&r.v.Amount) }},
		{"description", func(r *feeRow) field { return str(&r.v.Description) }},
	}),
}

var propsTable = &table[propRow]{
	name: "order_dynamic_property_values", key: 5,
	newRow:  func() *propRow { return &propRow{p: new(order.DynamicProperty), v: new(order.DynamicPropertyValue)} },
	orderBy: "owner_type, owner_id, property_position, value_position",
	cols: []col[propRow]{
		{"order_id", func(r *propRow) field { return str(&r.p.OrderID) }},
		{"owner_type", func(r *propRow) field { return str(&r.ownerType) }},
		{"owner_id", func(r *propRow) field { return str(&r.ownerID) }},
		{"property_position", func(r *propRow) field { return num(&r.propPos) }},
		{"value_position", func(r *propRow) field { return num(&r.valuePos) }},
		{"property_id", func(r *propRow) field { return str(&r.p.ID) }},
		{"name", func(r *propRow) field { return str(&r.p.Name) }},
		{"value_type", func(r *propRow) field { return str(&r.p.ValueType) }},
		{"is_array", func(r *propRow) field { return flag(&r.p.IsArray) }},
		{"is_dictionary", func(r *propRow) field { return flag(&r.p.IsDictionary) }},
		{"is_multilingual", func(r *propRow) field { return flag(&r.p.IsMultilingual) }},
		{"value_id", func(r *propRow) field { return str(&r.v.ID) }},
		{"locale", func(r *propRow) field { return str(&r.v.Locale) }},
		{"dictionary_item_id", func(r *propRow) field { return str(&r.v.DictionaryItemID) }},
		{"short_text_value", func(r *propRow) field { return str(&r.v.ShortText) }},
		{"long_text_value", func(r *propRow) field { return str(&r.v.LongText) }},
		{"integer_value", func(r *propRow) field { return num(&r.v.Integer) }},
		{"decimal_value", func(r *propRow) field { return dec{&r.v.Decimal, scaleValue} }},
		{"boolean_value", func(r *propRow) field { return flag(&r.v.Boolean) }},
		{"datetime_value", func(r *propRow) field { return atOpt(&r.v.DateTime) }},
	},
}
