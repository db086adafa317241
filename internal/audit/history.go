package audit

import (
	"strings"

	"github.com/shopspring/decimal"
)

// NamesUsed returns the part of names that the sentences of changes look up (line SKUs and
// names, document numbers, currencies). Stored beside a change set, it lets any history list
// describe the changes as they read when they were made, without loading the order.
func NamesUsed(changes []Change, names Names) Names {
	used := Names{}
	for _, c := range changes {
		describe(c, names, used)
	}
	return used
}

// Topic is what a change is about, for filtering history: "all price overrides this week".
type Topic string

// Topics, in the order the filters list them.
const (
	TopicPrice        Topic = "price"
	TopicDiscount     Topic = "discount"
	TopicQuantity     Topic = "quantity"
	TopicStatus       Topic = "status"
	TopicCancellation Topic = "cancellation"
	TopicApproval     Topic = "approval"
	TopicAssignee     Topic = "assignee"
	TopicLine         Topic = "line"
	TopicShipment     Topic = "shipment"
	TopicPayment      Topic = "payment"
	TopicCapture      Topic = "capture"
	TopicRefund       Topic = "refund"
	TopicReturn       Topic = "return"
	TopicAddress      Topic = "address"
	TopicComment      Topic = "comment"
	TopicCustom       Topic = "custom"
	TopicTotals       Topic = "totals"
	TopicOther        Topic = "other"
)

// Topics lists every topic with its label.
var Topics = []struct {
	Topic Topic
	Label string
}{
	{TopicPrice, "Price"}, {TopicDiscount, "Discount"}, {TopicQuantity, "Quantity"},
	{TopicStatus, "Status"}, {TopicCancellation, "Cancellation"}, {TopicApproval, "Approval"},
	{TopicAssignee, "Assignee"}, {TopicLine, "Lines added or removed"}, {TopicShipment, "Shipment"},
	{TopicPayment, "Payment"}, {TopicCapture, "Capture"}, {TopicRefund, "Refund"},
	{TopicReturn, "Return"}, {TopicAddress, "Address"}, {TopicComment, "Comment"},
	{TopicCustom, "Custom field"}, {TopicTotals, "Computed totals"}, {TopicOther, "Other"},
}

// ParseTopic returns the topic named s, and whether there is one.
func ParseTopic(s string) (Topic, bool) {
	for _, t := range Topics {
		if string(t.Topic) == s {
			return t.Topic, true
		}
	}
	return "", false
}

// TopicOf files a change under one topic. Cancellation fields come first (a cancelled refund is
// a cancellation), then what the field is (status, price, discount, quantity), then what the
// entity is; money the desk computes (totals, taxes) is "totals".
func TopicOf(c Change) Topic {
	if c.Field == "" { // an element added or removed as a whole
		switch c.Entity {
		case "LineItem", "ConfigurationItem", "ConfigurationItemFile":
			return TopicLine
		case "Shipment", "ShipmentItem", "ShipmentPackage":
			return TopicShipment
		case "PaymentIn", "PaymentGatewayTransaction":
			return TopicPayment
		case "Capture", "CaptureItem":
			return TopicCapture
		case "Refund", "RefundItem":
			return TopicRefund
		case "Return", "ReturnLineItem":
			return TopicReturn
		case "Address":
			return TopicAddress
		case "Discount":
			return TopicDiscount
		case "DynamicProperty", "DynamicPropertyValue":
			return TopicCustom
		}
		return TopicOther
	}
	switch c.Field {
	case "isCancelled", "cancelledState", "cancelledDate", "cancelReason":
		return TopicCancellation
	case "status":
		return TopicStatus
	case "price", "salePrice", "priceId":
		if c.Entity == "LineItem" || c.Entity == "Shipment" || c.Entity == "PaymentIn" || c.Entity == "ConfigurationItem" {
			return TopicPrice
		}
	case "discountAmount", "isDiscountAmountRounded":
		return TopicDiscount
	case "quantity":
		return TopicQuantity
	case "isApproved":
		return TopicApproval
	case "employeeId", "employeeName":
		return TopicAssignee
	case "comment":
		return TopicComment
	}
	switch c.Entity {
	case "Refund", "RefundItem":
		return TopicRefund
	case "Capture", "CaptureItem":
		return TopicCapture
	case "Return", "ReturnLineItem":
		return TopicReturn
	case "Address":
		return TopicAddress
	case "Discount":
		return TopicDiscount
	case "DynamicProperty", "DynamicPropertyValue":
		return TopicCustom
	}
	if IsMoneyField(c.Path) {
		return TopicTotals
	}
	switch c.Entity {
	case "Shipment", "ShipmentItem", "ShipmentPackage":
		return TopicShipment
	case "PaymentIn", "PaymentGatewayTransaction":
		return TopicPayment
	case "LineItem", "ConfigurationItem", "ConfigurationItemFile":
		return TopicLine
	}
	return TopicOther
}

// Document types a change can belong to (Virto's operation types, plus the line item).
const (
	DocOrder    = "CustomerOrder"
	DocLine     = "LineItem"
	DocShipment = "Shipment"
	DocPayment  = "PaymentIn"
	DocCapture  = "Capture"
	DocRefund   = "Refund"
	DocReturn   = "Return"
)

// DocumentTypes lists the document types with their labels, in the order filters list them.
var DocumentTypes = []struct{ Type, Label string }{
	{DocOrder, "Order"}, {DocLine, "Line items"}, {DocShipment, "Shipments"}, {DocPayment, "Payments"},
	{DocCapture, "Captures"}, {DocRefund, "Refunds"}, {DocReturn, "Returns"},
}

// DocumentOf names the document an order change belongs to, by its path: a line, a shipment, a
// payment, or a payment's capture or refund; everything else (header, addresses, totals) is the
// order's (id ""). Changes of a return belong to the return; the caller knows its id.
func DocumentOf(c Change) (docType, docID string) {
	segs, err := parsePath(c.Path)
	if err != nil || !segs[0].hasKey {
		return DocOrder, ""
	}
	id := unescapeKey(segs[0].key)
	switch segs[0].name {
	case "items":
		return DocLine, id
	case "shipments":
		return DocShipment, id
	case "inPayments":
		if len(segs) > 1 && segs[1].hasKey {
			switch segs[1].name {
			case "captures":
				return DocCapture, unescapeKey(segs[1].key)
			case "refunds":
				return DocRefund, unescapeKey(segs[1].key)
			}
		}
		return DocPayment, id
	}
	return DocOrder, ""
}

// AmountOf is the amount of money a change shows, when it shows one: a money field's new value
// (its old one when it was cleared), or the main amount of a document added or removed whole
// (a refund's or capture's amount, a payment's sum, a line's or shipment's price, a discount).
// It lets history be filtered as "refunds above 100".
func AmountOf(c Change) (decimal.Decimal, bool) {
	if c.Field != "" {
		if !IsMoneyField(c.Path) {
			return decimal.Decimal{}, false
		}
		v := c.New
		if v == nil {
			v = c.Old
		}
		if v == nil {
			return decimal.Decimal{}, false
		}
		d, err := decimal.NewFromString(*v)
		return d, err == nil
	}
	main := map[string]string{
		"Refund": "amount", "Capture": "amount", "PaymentGatewayTransaction": "amount", "PaymentIn": "sum",
		"LineItem": "price", "Shipment": "price", "Discount": "discountAmount",
	}[c.Entity]
	for _, l := range c.Fields {
		if main != "" && l.Path == main {
			d, err := decimal.NewFromString(l.Value)
			return d, err == nil
		}
	}
	return decimal.Decimal{}, false
}

// Matches reports whether a sentence or any of the words around it contains every word of the
// keyword, ignoring case: "sku-1 paris" finds a change of line SKU-1 shipped to Paris.
func Matches(keyword string, texts ...string) bool {
	all := strings.ToLower(strings.Join(texts, "\n"))
	for _, w := range strings.Fields(strings.ToLower(keyword)) {
		if !strings.Contains(all, w) {
			return false
		}
	}
	return true
}
