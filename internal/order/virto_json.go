package order

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// How the documents read and write JSON where Virto's clients send or expect more than the
// field tags say: enums as names or as Virto's numbers, Virto's names beside the desk's, and
// statuses as their enums.

// UnmarshalJSON reads the type as a name, a list of names or Virto's number (2: Shipping).
func (t *AddressType) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		s = n.String()
	}
	*t = ParseAddressType(s)
	return nil
}

// enumOfNumber reads a JSON enum that may come as its name or as its position in names (Virto
// numbers its enums in declaration order); ok is false for a number out of range.
func enumOfNumber(b []byte, names []string) (name string, ok bool, err error) {
	if bytes.Equal(b, []byte("null")) {
		return "", true, nil
	}
	if err := json.Unmarshal(b, &name); err == nil {
		return name, true, nil
	}
	n, err := strconv.Atoi(string(bytes.TrimSpace(b)))
	if err != nil {
		return "", false, err
	}
	if n < 0 || n >= len(names) {
		return "", false, nil
	}
	return names[n], true, nil
}

// virtoValueTypes are DynamicPropertyValueType's members in Virto's order (0 is Undefined).
var virtoValueTypes = []string{"Undefined", string(ValueShortText), string(ValueLongText), string(ValueInteger),
	string(ValueDecimal), string(ValueDateTime), string(ValueBoolean), string(ValueHTML)}

// UnmarshalJSON reads a value type as its name or Virto's number (1: ShortText).
func (t *DynamicValueType) UnmarshalJSON(b []byte) error {
	name, ok, err := enumOfNumber(b, virtoValueTypes)
	if err != nil {
		return err
	}
	if !ok {
		return &json.UnmarshalTypeError{Value: "number " + string(b), Type: nil, Field: "valueType"}
	}
	*t = DynamicValueType(name)
	return nil
}

// UnmarshalJSON reads a cancelled state as its name or Virto's number (1: Requested).
func (c *CancelledState) UnmarshalJSON(b []byte) error {
	name, ok, err := enumOfNumber(b, []string{string(CancelUndefined), string(CancelRequested), string(CancelCompleted)})
	if err != nil {
		return err
	}
	if !ok {
		return &json.UnmarshalTypeError{Value: "number " + string(b), Field: "cancelledState"}
	}
	*c = CancelledState(name)
	return nil
}

// MarshalJSON writes a cancelled state always, as Virto does: an unset one is "Undefined".
func (c CancelledState) MarshalJSON() ([]byte, error) {
	if c == "" {
		c = CancelUndefined
	}
	return json.Marshal(string(c))
}

// MarshalJSON writes a discount with Virto's "name" beside "promotionName" (the name history
// paths keep).
func (d Discount) MarshalJSON() ([]byte, error) {
	type plain Discount
	return json.Marshal(struct {
		plain
		VirtoName string `json:"name,omitempty"`
	}{plain(d), d.Name})
}

// UnmarshalJSON reads a discount; Virto's "name" stands for "promotionName" when that is absent.
func (d *Discount) UnmarshalJSON(b []byte) error {
	type plain Discount
	var v struct {
		plain
		VirtoName string `json:"name"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*d = Discount(v.plain)
	if d.Name == "" {
		d.Name = v.VirtoName
	}
	return nil
}

// MarshalJSON writes an address with Virto's "zip" beside "postalCode".
func (a Address) MarshalJSON() ([]byte, error) {
	type plain Address
	return json.Marshal(struct {
		plain
		Zip string `json:"zip,omitempty"`
	}{plain(a), a.PostalCode})
}

// UnmarshalJSON reads an address; Virto's "zip" stands for "postalCode" when that is absent.
func (a *Address) UnmarshalJSON(b []byte) error {
	type plain Address
	var v struct {
		plain
		Zip string `json:"zip"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*a = Address(v.plain)
	if a.PostalCode == "" {
		a.PostalCode = v.Zip
	}
	return nil
}

// MarshalJSON writes a payment with Virto's "paymentStatus", the enum its status reads as (a
// payment without a status has none, so reading it back leaves the status empty).
func (p PaymentIn) MarshalJSON() ([]byte, error) {
	type plain PaymentIn
	v := struct {
		plain
		virtoKind
		PaymentStatus PaymentStatus `json:"paymentStatus,omitempty"`
	}{plain: plain(p), virtoKind: operationKind(TypePaymentIn)}
	if p.Status != "" {
		v.PaymentStatus = p.PaymentStatus()
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads a payment; Virto's "paymentStatus" stands for "status" when that is absent.
func (p *PaymentIn) UnmarshalJSON(b []byte) error {
	type plain PaymentIn
	var v struct {
		plain
		PaymentStatus string `json:"paymentStatus"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = PaymentIn(v.plain)
	if p.Status == "" {
		p.Status = v.PaymentStatus
	}
	return nil
}

// MarshalJSON writes a refund with Virto's "refundStatus" (none without a status).
func (r Refund) MarshalJSON() ([]byte, error) {
	type plain Refund
	v := struct {
		plain
		virtoKind
		RefundStatus RefundStatus `json:"refundStatus,omitempty"`
	}{plain: plain(r), virtoKind: operationKind(TypeRefund)}
	if r.Status != "" {
		v.RefundStatus = r.RefundStatus()
	}
	return json.Marshal(v)
}

// UnmarshalJSON reads a refund; Virto's "refundStatus" stands for "status" when that is absent.
func (r *Refund) UnmarshalJSON(b []byte) error {
	type plain Refund
	var v struct {
		plain
		RefundStatus string `json:"refundStatus"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*r = Refund(v.plain)
	if r.Status == "" {
		r.Status = v.RefundStatus
	}
	return nil
}

// typedValueKeys are the typed fields of a value as the desk writes it; a value without any of
// them is read from Virto's {value, valueType} form.
var typedValueKeys = []string{"shortTextValue", "longTextValue", "integerValue", "decimalValue", "booleanValue", "dateTimeValue", "valueId"}

// virtoValue is what Virto's API adds to a value: the value itself and its type.
type virtoValue struct {
	Value     json.RawMessage  `json:"value"`
	ValueType DynamicValueType `json:"valueType"`
}

// UnmarshalJSON reads a property; a value sent as Virto's DynamicPropertyObjectValue ({value,
// valueType, locale, propertyName…}) is parsed by its type (else the property's), so it is kept
// instead of dropped.
func (p *DynamicProperty) UnmarshalJSON(b []byte) error {
	type plain DynamicProperty
	var v struct {
		plain
		Values []json.RawMessage `json:"values"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = DynamicProperty(v.plain)
	p.Values = nil
	for _, raw := range v.Values {
		var dv DynamicPropertyValue
		if err := json.Unmarshal(raw, &dv); err != nil {
			return err
		}
		var keys map[string]json.RawMessage
		_ = json.Unmarshal(raw, &keys)
		typed := false
		for _, k := range typedValueKeys {
			_, has := keys[k]
			typed = typed || has
		}
		var vv virtoValue
		_ = json.Unmarshal(raw, &vv)
		if !typed && len(vv.Value) > 0 && !bytes.Equal(vv.Value, []byte("null")) {
			parsed, err := parseVirtoValue(cmp.Or(vv.ValueType, p.ValueType), vv.Value)
			if err != nil {
				return fmt.Errorf("dynamic property %q: %w", p.Name, err)
			}
			parsed.ID, parsed.Locale = dv.ID, dv.Locale
			dv = parsed
		}
		p.Values = append(p.Values, dv)
	}
	return nil
}

// parseVirtoValue reads Virto's untyped value (a JSON string, number or boolean) as type t.
func parseVirtoValue(t DynamicValueType, raw json.RawMessage) (DynamicPropertyValue, error) {
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		text = string(bytes.TrimSpace(raw)) // a number or a boolean, as written
	}
	return ParseDynamicValue(t, text)
}

// MarshalJSON writes a property with each value also in Virto's form: value and valueType.
func (p DynamicProperty) MarshalJSON() ([]byte, error) {
	type plain DynamicProperty
	type valueOut struct {
		DynamicPropertyValue
		Value     any              `json:"value"`
		ValueType DynamicValueType `json:"valueType,omitempty"`
	}
	values := make([]valueOut, len(p.Values))
	for i, v := range p.Values {
		values[i] = valueOut{DynamicPropertyValue: v, Value: v.virtoValue(p.ValueType), ValueType: p.ValueType}
	}
	return json.Marshal(struct {
		plain
		Values []valueOut `json:"values"`
	}{plain(p), values})
}

// virtoValue is the value as Virto's API writes it: typed JSON of the property's type.
func (v DynamicPropertyValue) virtoValue(t DynamicValueType) any {
	switch t {
	case ValueShortText:
		return v.ShortText
	case ValueLongText, ValueHTML:
		return v.LongText
	case ValueInteger:
		return v.Integer
	case ValueDecimal:
		return v.Decimal
	case ValueBoolean:
		return v.Boolean
	case ValueDateTime:
		return v.DateTime
	}
	return nil
}

// MarshalJSON writes a shipment with each package's items inside it as well, as Virto's
// ShipmentPackage.items.
func (s Shipment) MarshalJSON() ([]byte, error) {
	type plain Shipment
	type packageOut struct {
		ShipmentPackage
		Items []ShipmentItem `json:"items"`
	}
	packages := make([]packageOut, len(s.Packages))
	for i, p := range s.Packages {
		packages[i] = packageOut{ShipmentPackage: p, Items: []ShipmentItem{}}
		for _, it := range s.Items {
			if it.ShipmentPackageID != "" && it.ShipmentPackageID == p.ID {
				packages[i].Items = append(packages[i].Items, it)
			}
		}
	}
	return json.Marshal(struct {
		plain
		virtoKind
		Packages []packageOut `json:"packages,omitempty"`
	}{plain(s), operationKind(TypeShipment), packages})
}

// UnmarshalJSON reads a shipment; items sent inside a package (Virto's ShipmentPackage.items)
// become the shipment's items in that package, unless the shipment's items already hold them.
func (s *Shipment) UnmarshalJSON(b []byte) error {
	type plain Shipment
	type packageIn struct {
		ShipmentPackage
		Items []ShipmentItem `json:"items"`
	}
	var v struct {
		plain
		Packages []packageIn `json:"packages"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = Shipment(v.plain)
	s.Packages = nil
	for _, p := range v.Packages {
		s.Packages = append(s.Packages, p.ShipmentPackage)
		for _, it := range p.Items {
			it.ShipmentPackageID = p.ID
			if !slices.ContainsFunc(s.Items, func(have ShipmentItem) bool { return sameShipmentItem(have, it) }) {
				s.Items = append(s.Items, it)
			}
		}
	}
	return nil
}

// sameShipmentItem says whether two items are one: the same id, or without ids the same line,
// package, quantity and barcode.
func sameShipmentItem(a, b ShipmentItem) bool {
	if a.ID != "" || b.ID != "" {
		return a.ID == b.ID
	}
	return a.LineItemID == b.LineItemID && a.ShipmentPackageID == b.ShipmentPackageID && a.Quantity == b.Quantity && a.BarCode == b.BarCode
}

// virtoKind is what Virto writes about a document's own class: OperationType, its class name
// (documents only), and ObjectType, its full name. Both are ignored when read.
type virtoKind struct {
	OperationType string `json:"operationType,omitempty"`
	ObjectType    string `json:"objectType"`
}

// virtoModel is the namespace of Virto's order model classes.
const virtoModel = "VirtoCommerce.OrdersModule.Core.Model."

func operationKind(t DocumentType) virtoKind {
	return virtoKind{OperationType: string(t), ObjectType: virtoModel + string(t)}
}

// MarshalJSON writes an order with Virto's operationType and objectType.
func (o CustomerOrder) MarshalJSON() ([]byte, error) {
	type plain CustomerOrder
	return json.Marshal(struct {
		plain
		virtoKind
	}{plain(o), operationKind(TypeCustomerOrder)})
}

// MarshalJSON writes a capture with Virto's operationType and objectType.
func (c Capture) MarshalJSON() ([]byte, error) {
	type plain Capture
	return json.Marshal(struct {
		plain
		virtoKind
	}{plain(c), operationKind(TypeCapture)})
}

// MarshalJSON writes a line with Virto's objectType (a line is not an operation).
func (li LineItem) MarshalJSON() ([]byte, error) {
	type plain LineItem
	return json.Marshal(struct {
		plain
		virtoKind
	}{plain(li), virtoKind{ObjectType: virtoModel + string(TypeLineItem)}})
}
