package order

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Discount records that a promotion applied to its owner (order, line, shipment or payment).
// It is informational: the calculator uses the owner's DiscountAmount, not these rows (§2.8).
type Discount struct {
	ID                       string          `json:"id,omitempty"`
	OrderID                  string          `json:"orderId,omitempty"`
	PromotionID              string          `json:"promotionId,omitempty"`
	Name                     string          `json:"promotionName,omitempty"` // written as Virto's "name" too
	Description              string          `json:"description,omitempty"`
	Currency                 string          `json:"currency"`
	DiscountAmount           decimal.Decimal `json:"discountAmount"`
	DiscountAmountWithTax    decimal.Decimal `json:"discountAmountWithTax"`
	Coupon                   string          `json:"coupon,omitempty"`
	CouponInvalidDescription string          `json:"couponInvalidDescription,omitempty"`
}

// MatchKey is how Virto matches order-level discounts on update: PromotionId-CouponCode.
func (d Discount) MatchKey() string { return d.PromotionID + "-" + d.Coupon }

// TaxDetail is one informational line of a tax breakdown (state, county, city …), §2.8.
type TaxDetail struct {
	ID      string          `json:"id,omitempty"`
	OrderID string          `json:"orderId,omitempty"`
	Name    string          `json:"name"`
	Rate    decimal.Decimal `json:"rate"`
	Amount  decimal.Decimal `json:"amount"`
}

// FeeDetail is one informational line of a fee breakdown, §2.8.
type FeeDetail struct {
	ID          string          `json:"id,omitempty"`
	OrderID     string          `json:"orderId,omitempty"`
	FeeID       string          `json:"feeId"`
	Currency    string          `json:"currency,omitempty"`
	Amount      decimal.Decimal `json:"amount"`
	Description string          `json:"description,omitempty"`
}

// OrderTotal is the per-currency summary of one totals bucket (§4.5). Not persisted.
type OrderTotal struct {
	CurrencyCode  string          `json:"currencyCode"`
	Total         decimal.Decimal `json:"total"`
	SubTotal      decimal.Decimal `json:"subTotal"`
	TaxTotal      decimal.Decimal `json:"taxTotal"`
	DiscountTotal decimal.Decimal `json:"discountTotal"`
}

// DynamicValueType is the type of a custom field (§2.10).
type DynamicValueType string

const (
	ValueShortText DynamicValueType = "ShortText"
	ValueLongText  DynamicValueType = "LongText"
	ValueInteger   DynamicValueType = "Integer"
	ValueDecimal   DynamicValueType = "Decimal"
	ValueBoolean   DynamicValueType = "Boolean"
	ValueDateTime  DynamicValueType = "DateTime"
	ValueHTML      DynamicValueType = "Html"
)

// DynamicValueTypes lists the value types in Virto's order.
var DynamicValueTypes = []DynamicValueType{
	ValueShortText, ValueLongText, ValueInteger, ValueDecimal, ValueBoolean, ValueDateTime, ValueHTML,
}

func (t DynamicValueType) valid() bool {
	for _, v := range DynamicValueTypes {
		if t == v {
			return true
		}
	}
	return false
}

// DynamicProperty is a typed custom field on an order, line, shipment, payment, capture or
// refund. The definition (name, type, array/dictionary/multilingual) lives with the platform;
// the document stores its values grouped by property (§2.10).
type DynamicProperty struct {
	ID             string                 `json:"id"` // PropertyId
	OrderID        string                 `json:"orderId,omitempty"`
	Name           string                 `json:"name"`
	ValueType      DynamicValueType       `json:"valueType"`
	IsArray        bool                   `json:"isArray,omitempty"`
	IsDictionary   bool                   `json:"isDictionary,omitempty"`
	IsMultilingual bool                   `json:"isMultilingual,omitempty"`
	Values         []DynamicPropertyValue `json:"values"`
}

// DynamicPropertyValue holds one value; which field is meaningful depends on the property's
// ValueType, mirroring the typed value columns of Virto's value table.
type DynamicPropertyValue struct {
	ID               string          `json:"id,omitempty"`
	Locale           string          `json:"locale,omitempty"`
	DictionaryItemID string          `json:"valueId,omitempty"`
	ShortText        string          `json:"shortTextValue,omitempty"` // ShortText, and Html ≤512
	LongText         string          `json:"longTextValue,omitempty"`  // LongText, Html
	Integer          int64           `json:"integerValue,omitempty"`
	Decimal          decimal.Decimal `json:"decimalValue"`
	Boolean          bool            `json:"booleanValue,omitempty"`
	DateTime         *time.Time      `json:"dateTimeValue,omitempty"`
}

// ParseDynamicValue turns form text into a typed value, with a clear error when it does not
// fit the type.
func ParseDynamicValue(t DynamicValueType, s string) (DynamicPropertyValue, error) {
	var v DynamicPropertyValue
	if err := CheckText(s); err != nil {
		return v, err
	}
	s = strings.TrimSpace(s)
	switch t {
	case ValueShortText:
		v.ShortText = s
	case ValueLongText, ValueHTML:
		v.LongText = s
	case ValueInteger:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return v, fmt.Errorf("%q is not a whole number", s)
		}
		v.Integer = n
	case ValueDecimal:
		d, err := decimal.NewFromString(s)
		if err != nil {
			return v, fmt.Errorf("%q is not a decimal number", s)
		}
		if v.Decimal, err = ValueColumn.Exact(d); err != nil {
			return v, err
		}
	case ValueBoolean:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return v, fmt.Errorf("%q is not true or false", s)
		}
		v.Boolean = b
	case ValueDateTime:
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
			if ts, err := time.Parse(layout, s); err == nil {
				if err := CheckDateTime(ts); err != nil {
					return v, fmt.Errorf("%q: %w", s, err)
				}
				ts = ts.UTC()
				v.DateTime = &ts
				return v, nil
			}
		}
		return v, fmt.Errorf("%q is not a date (use YYYY-MM-DD or RFC 3339)", s)
	default:
		return v, fmt.Errorf("unknown value type %q", t)
	}
	return v, nil
}

// Text renders the value for display and diffs.
func (v DynamicPropertyValue) Text(t DynamicValueType) string {
	switch t {
	case ValueShortText:
		return v.ShortText
	case ValueLongText, ValueHTML:
		return v.LongText
	case ValueInteger:
		return strconv.FormatInt(v.Integer, 10)
	case ValueDecimal:
		return v.Decimal.String()
	case ValueBoolean:
		return strconv.FormatBool(v.Boolean)
	case ValueDateTime:
		if v.DateTime == nil {
			return ""
		}
		return v.DateTime.UTC().Format(time.RFC3339)
	}
	return ""
}
