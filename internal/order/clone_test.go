package order

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// fullOrder fills every pointer and slice of the tree at least once, so the aliasing check below
// notices any field Clone forgets.
func fullOrder() *CustomerOrder {
	now := time.Date(2025, 11, 23, 10, 0, 0, 0, time.UTC)
	tp := func() *time.Time { t := now; return &t }
	audit := Audit{CreatedDate: now, CreatedBy: "u", ModifiedDate: tp(), ModifiedBy: "u"}
	props := func() []DynamicProperty {
		return []DynamicProperty{{ID: "dp", Name: "When", ValueType: ValueDateTime,
			Values: []DynamicPropertyValue{{DateTime: tp()}}}}
	}
	op := func(n string) Operation {
		return Operation{ID: n, Number: n, Currency: "USD", CancelledDate: tp(), DynamicProperties: props(), Audit: audit}
	}
	details := func() ([]Discount, []TaxDetail, []FeeDetail) {
		return []Discount{{PromotionID: "promo"}}, []TaxDetail{{Name: "state"}}, []FeeDetail{{FeeID: "f"}}
	}
	od, ot, of := details()
	ld, lt, lf := details()
	sd, st, sf := details()
	pd, pt, pf := details()
	return &CustomerOrder{
		Operation:      op("o"),
		TaxPercentRate: d("0.1"),
		OrderTotals:    []OrderTotal{{CurrencyCode: "USD"}},
		Addresses:      []Address{{City: "X"}},
		Discounts:      od, TaxDetails: ot, FeeDetails: of,
		Items: []LineItem{{
			ID: "l", CancelledDate: tp(), Audit: audit, Weight: decimal.NewNullDecimal(d("1")),
			Discounts: ld, TaxDetails: lt, FeeDetails: lf, DynamicProperties: props(),
			ConfigurationItems: []ConfigurationItem{{ID: "ci", Audit: audit,
				Files: []ConfigurationItemFile{{ID: "f", URL: "u", Audit: audit}}}},
		}},
		Shipments: []Shipment{{
			Operation: op("s"), DeliveryDate: tp(), DeliveryAddress: &Address{City: "Y"},
			Items:      []ShipmentItem{{LineItemID: "l", Quantity: 1, Audit: audit, LineItem: &LineItem{ID: "l", Discounts: ld}}},
			InPayments: []PaymentIn{{Operation: op("sp"), BillingAddress: &Address{City: "W"}}},
			Packages:   []ShipmentPackage{{ID: "pk", Audit: audit}},
			Discounts:  sd, TaxDetails: st, FeeDetails: sf,
		}},
		InPayments: []PaymentIn{{
			Operation: op("p"), IncomingDate: tp(), AuthorizedDate: tp(), CapturedDate: tp(), VoidedDate: tp(),
			BillingAddress: &Address{City: "Z"},
			Transactions:   []PaymentGatewayTransaction{{ID: "t", ProcessedDate: tp(), Audit: audit}},
			Captures:       []Capture{{Operation: op("c"), Items: []CaptureItem{{LineItemID: "l", Audit: audit, LineItem: &LineItem{ID: "l", CancelledDate: tp()}}}}},
			Refunds:        []Refund{{Operation: op("r"), Items: []RefundItem{{LineItemID: "l", Audit: audit, LineItem: &LineItem{ID: "l", DynamicProperties: props()}}}}},
			Discounts:      pd, TaxDetails: pt, FeeDetails: pf,
		}},
	}
}

func TestCloneIsEqualAndShareNothing(t *testing.T) {
	o := fullOrder()
	c := o.Clone()
	if !reflect.DeepEqual(o, c) {
		t.Fatal("clone differs from the original")
	}
	assertNoSharing(t, reflect.ValueOf(o).Elem(), reflect.ValueOf(c).Elem(), "order")

	c.Items[0].ConfigurationItems[0].Files[0].URL = "changed"
	*c.InPayments[0].Captures[0].CancelledDate = time.Time{}
	c.Shipments[0].DeliveryAddress.City = "changed"
	c.DynamicProperties[0].Values[0].DateTime = nil
	if o.Items[0].ConfigurationItems[0].Files[0].URL != "u" || o.InPayments[0].Captures[0].CancelledDate.IsZero() ||
		o.Shipments[0].DeliveryAddress.City != "Y" || o.DynamicProperties[0].Values[0].DateTime == nil {
		t.Error("editing the clone changed the original")
	}
	if (*CustomerOrder)(nil).Clone() != nil {
		t.Error("nil clone")
	}
	empty := (&CustomerOrder{Items: []LineItem{}}).Clone()
	if empty.Items == nil || empty.Shipments != nil {
		t.Error("Clone must keep nil and empty slices apart")
	}
}

var decimalType = reflect.TypeOf(decimal.Decimal{})

// assertNoSharing walks two equal values and fails when a non-empty slice or non-nil pointer
// of the copy points at the original's memory. Decimals are immutable and skipped.
func assertNoSharing(t *testing.T, a, b reflect.Value, path string) {
	t.Helper()
	if a.Type() == decimalType {
		return
	}
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() {
			return
		}
		if a.Pointer() == b.Pointer() {
			t.Errorf("%s: pointer shared", path)
		}
		assertNoSharing(t, a.Elem(), b.Elem(), path)
	case reflect.Slice:
		if a.Len() == 0 {
			return
		}
		if a.Pointer() == b.Pointer() {
			t.Errorf("%s: slice shared", path)
		}
		for i := 0; i < a.Len(); i++ {
			assertNoSharing(t, a.Index(i), b.Index(i), path+"[]")
		}
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if a.Type().Field(i).IsExported() {
				assertNoSharing(t, a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name)
			}
		}
	case reflect.Map:
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			t.Errorf("%s: map shared", path)
		}
	}
}

func TestJSONRoundTrip(t *testing.T) {
	o := fullOrder()
	o.Addresses[0].AddressType = AddressBilling | AddressPickup
	Recalculate(o, USD)
	first, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	var back CustomerOrder
	if err := json.Unmarshal(first, &back); err != nil {
		t.Fatal(err)
	}
	second, err := json.Marshal(&back)
	if err != nil {
		t.Fatal(err)
	}
	if string(first) != string(second) {
		t.Errorf("JSON changed on a round trip:\n%s\n%s", first, second)
	}
	for _, want := range []string{`"addressType":"Billing, Pickup"`, `"inPayments":[`, `"customerOrderId":""`, `"total":"`} {
		if !strings.Contains(string(first), want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
}
