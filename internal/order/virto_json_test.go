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
