package order

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestVirtoJSONShapes: what Virto's clients send is read, and what they expect is written.
func TestVirtoJSONShapes(t *testing.T) {
	t.Parallel()
	var a struct {
		Type AddressType `json:"addressType"`
	}
	for in, want := range map[string]AddressType{
		`{"addressType": 2}`: AddressShipping, `{"addressType": "Billing"}`: AddressBilling,
		`{"addressType": 3}`: AddressBillingAndShipping, `{"addressType": "Billing, Shipping"}`: AddressBillingAndShipping,
		`{"addressType": 4}`: AddressPickup,
	} {
		a.Type = AddressUndefined
		if err := json.Unmarshal([]byte(in), &a); err != nil || a.Type != want {
			t.Errorf("%s: %v %v, want %v", in, a.Type, err, want)
		}
	}
	var p DynamicProperty
	if err := json.Unmarshal([]byte(`{"name": "Gift", "valueType": 1}`), &p); err != nil || p.ValueType != ValueShortText {
		t.Errorf("valueType 1: %q %v, want ShortText", p.ValueType, err)
	}
	if err := json.Unmarshal([]byte(`{"name": "Gift", "valueType": 6}`), &p); err != nil || p.ValueType != ValueBoolean {
		t.Errorf("valueType 6: %q %v, want Boolean", p.ValueType, err)
	}
	if err := json.Unmarshal([]byte(`{"valueType": "Integer"}`), &p); err != nil || p.ValueType != ValueInteger {
		t.Errorf("valueType Integer: %q %v", p.ValueType, err)
	}
	if err := json.Unmarshal([]byte(`{"valueType": 42}`), &p); err == nil {
		t.Error("valueType 42 was read")
	}
	var op Operation
	if err := json.Unmarshal([]byte(`{"cancelledState": 1}`), &op); err != nil || op.CancelledState != CancelRequested {
		t.Errorf("cancelledState 1: %q %v, want Requested", op.CancelledState, err)
	}

	var d Discount
	if err := json.Unmarshal([]byte(`{"promotionId": "p1", "promotionName": "Summer"}`), &d); err != nil || d.Name != "Summer" {
		t.Errorf("promotionName: %q %v", d.Name, err)
	}
	if err := json.Unmarshal([]byte(`{"promotionId": "p1", "name": "Winter"}`), &d); err != nil || d.Name != "Winter" {
		t.Errorf("name: %q %v", d.Name, err)
	}
	if b, _ := json.Marshal(d); !strings.Contains(string(b), `"name":"Winter"`) || !strings.Contains(string(b), `"promotionName":"Winter"`) {
		t.Errorf("discount written as %s", b)
	}

	var addr Address
	if err := json.Unmarshal([]byte(`{"zip": "75001", "city": "Paris"}`), &addr); err != nil || addr.PostalCode != "75001" {
		t.Errorf("zip: %q %v", addr.PostalCode, err)
	}
	if b, _ := json.Marshal(addr); !strings.Contains(string(b), `"postalCode":"75001"`) || !strings.Contains(string(b), `"zip":"75001"`) {
		t.Errorf("address written as %s", b)
	}

	var pay PaymentIn
	if err := json.Unmarshal([]byte(`{"id": "x", "paymentStatus": "Authorized", "customerId": "c1"}`), &pay); err != nil || pay.Status != "Authorized" || pay.ID != "x" {
		t.Errorf("paymentStatus: %+v %v", pay.Operation, err)
	}
	pay.Status = "paid"
	if b, _ := json.Marshal(pay); !strings.Contains(string(b), `"paymentStatus":"Paid"`) || !strings.Contains(string(b), `"customerId":"c1"`) {
		t.Errorf("payment written as %s", b)
	}
	var ref Refund
	if err := json.Unmarshal([]byte(`{"refundStatus": "Processed", "amount": 5}`), &ref); err != nil || ref.Status != "Processed" || !ref.Amount.Equal(ref.Amount) {
		t.Errorf("refundStatus: %q %v", ref.Status, err)
	}
	if b, _ := json.Marshal(ref); !strings.Contains(string(b), `"refundStatus":"Processed"`) || !strings.Contains(string(b), `"amount":"5"`) && !strings.Contains(string(b), `"amount":5`) {
		t.Errorf("refund written as %s", b)
	}
}

// TestVirtoDynamicPropertyValues: values sent as Virto's DynamicPropertyObjectValue are kept,
// parsed by their type, and every value is written in that form too.
func TestVirtoDynamicPropertyValues(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in    string
		check func(DynamicProperty) bool
	}{
		{`{"name":"Gift","valueType":"ShortText","values":[{"value":"wrap it","locale":"en-US","propertyName":"Gift"}]}`,
			func(p DynamicProperty) bool {
				return p.Values[0].ShortText == "wrap it" && p.Values[0].Locale == "en-US"
			}},
		{`{"name":"Boxes","valueType":"Integer","values":[{"value":5}]}`,
			func(p DynamicProperty) bool { return p.Values[0].Integer == 5 }},
		{`{"name":"Boxes","valueType":3,"values":[{"value":"7"}]}`,
			func(p DynamicProperty) bool { return p.ValueType == ValueInteger && p.Values[0].Integer == 7 }},
		{`{"name":"Rush","valueType":"Boolean","values":[{"value":true}]}`,
			func(p DynamicProperty) bool { return p.Values[0].Boolean }},
		{`{"name":"Due","valueType":"DateTime","values":[{"value":"2026-03-01T10:00:00Z"}]}`,
			func(p DynamicProperty) bool { return p.Values[0].DateTime != nil && p.Values[0].DateTime.Day() == 1 }},
		{`{"name":"Rate","valueType":"Decimal","values":[{"value":1.25,"valueType":"Decimal"}]}`,
			func(p DynamicProperty) bool { return p.Values[0].Decimal.String() == "1.25" }},
		{`{"name":"Note","valueType":"ShortText","values":[{"shortTextValue":"typed wins","value":"ignored"}]}`,
			func(p DynamicProperty) bool { return p.Values[0].ShortText == "typed wins" }},
	} {
		var p DynamicProperty
		if err := json.Unmarshal([]byte(c.in), &p); err != nil || len(p.Values) != 1 || !c.check(p) {
			t.Errorf("%s: read as %+v (%v)", c.in, p, err)
		}
	}
	var p DynamicProperty
	if err := json.Unmarshal([]byte(`{"name":"Boxes","valueType":"Integer","values":[{"value":"many"}]}`), &p); err == nil {
		t.Error("a value that is not of its type was read")
	}
	_ = json.Unmarshal([]byte(`{"name":"Gift","valueType":"ShortText","values":[{"value":"wrap it"}]}`), &p)
	if b, _ := json.Marshal(p); !strings.Contains(string(b), `"shortTextValue":"wrap it"`) || !strings.Contains(string(b), `"value":"wrap it"`) {
		t.Errorf("written as %s", b)
	}
}

// TestVirtoPackageItems: items sent inside a package are kept as the shipment's items in it,
// and read back once.
func TestVirtoPackageItems(t *testing.T) {
	t.Parallel()
	var s Shipment
	in := `{"id":"s1","packages":[{"id":"pk1","barCode":"BOX-1","items":[{"lineItemId":"l1","quantity":2}]}]}`
	if err := json.Unmarshal([]byte(in), &s); err != nil || len(s.Items) != 1 || s.Items[0].ShipmentPackageID != "pk1" || s.Items[0].Quantity != 2 {
		t.Fatalf("read as items %+v (%v)", s.Items, err)
	}
	b, _ := json.Marshal(s)
	if !strings.Contains(string(b), `"packages":[{"id":"pk1"`) || strings.Count(string(b), `"lineItemId":"l1"`) != 2 {
		t.Errorf("written as %s, want the item in the shipment and in its package", b)
	}
	var again Shipment
	if err := json.Unmarshal(b, &again); err != nil || len(again.Items) != 1 || len(again.Packages) != 1 {
		t.Errorf("read back with %d items, %d packages (%v)", len(again.Items), len(again.Packages), err)
	}
}
