package order

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// validOrder is a small order that passes ValidateOrder.
func validOrder() *CustomerOrder {
	addr := &Address{City: "Springfield", CountryName: "United States", Line1: "1 Main St"}
	return &CustomerOrder{
		Operation:    Operation{ID: "o1", Number: "CO251123-00001", Currency: "USD", Status: "New"},
		CustomerID:   "c1",
		CustomerName: "Ada Lovelace",
		StoreID:      "store1",
		LanguageCode: "en-US",
		Items: []LineItem{
			{ID: "l1", Currency: "USD", ProductID: "p1", Sku: "SKU-1", Name: "Widget", CatalogID: "cat", Quantity: 3, Price: d("10"), DiscountAmount: d("1")},
			{ID: "l2", Currency: "USD", ProductID: "p2", Sku: "SKU-2", Name: "Gadget", CatalogID: "cat", Quantity: 1, Price: d("5")},
		},
		Shipments: []Shipment{{
			Operation:       Operation{ID: "s1", Number: "SH1", Currency: "USD"},
			Price:           d("5"),
			DeliveryAddress: addr,
			Items:           []ShipmentItem{{LineItemID: "l1", Quantity: 2}},
		}},
		InPayments: []PaymentIn{{
			Operation:  Operation{ID: "p1", Number: "PI1", Currency: "USD", Sum: d("40"), Status: "Paid"},
			CustomerID: "c1",
			ShipmentID: "s1",
			Refunds: []Refund{{
				Operation: Operation{Number: "RE1", Currency: "USD", Status: "Processed"},
				Amount:    d("10"), TransactionID: "PI1-001", ReasonCode: ReasonRequestedByCustomer,
			}},
		}},
	}
}

func TestValidOrderPasses(t *testing.T) {
	if err := ValidateOrder(validOrder()); err != nil {
		t.Fatal(err)
	}
}

func TestValidateOrderFields(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(o *CustomerOrder)
		field string
	}{
		{"negative quantity", func(o *CustomerOrder) { o.Items[0].Quantity = -1 }, "items[0].quantity"},
		{"zero quantity", func(o *CustomerOrder) { o.Items[0].Quantity = 0 }, "items[0].quantity"},
		{"negative price", func(o *CustomerOrder) { o.Items[1].Price = d("-0.01") }, "items[1].price"},
		{"negative line discount", func(o *CustomerOrder) { o.Items[0].DiscountAmount = d("-1") }, "items[0].discountAmount"},
		{"discount above price", func(o *CustomerOrder) { o.Items[0].DiscountAmount = d("10.01") }, "items[0].discountAmount"},
		{"negative fee", func(o *CustomerOrder) { o.Items[0].Fee = d("-2") }, "items[0].fee"},
		{"negative rate", func(o *CustomerOrder) { o.Items[0].TaxPercentRate = d("-0.1") }, "items[0].taxPercentRate"},
		{"negative weight", func(o *CustomerOrder) { o.Items[0].Weight = decimal.NewNullDecimal(d("-1")) }, "items[0].weight"},
		{"missing sku", func(o *CustomerOrder) { o.Items[0].Sku = " " }, "items[0].sku"},
		{"bad line currency", func(o *CustomerOrder) { o.Items[0].Currency = "US" }, "items[0].currency"},
		{"duplicate line id", func(o *CustomerOrder) { o.Items[1].ID = "l1" }, "items[1].id"},
		{"missing number", func(o *CustomerOrder) { o.Number = "" }, "number"},
		{"missing customer name", func(o *CustomerOrder) { o.CustomerName = "" }, "customerName"},
		{"missing store", func(o *CustomerOrder) { o.StoreID = "" }, "storeId"},
		{"long customer id", func(o *CustomerOrder) { o.CustomerID = strings.Repeat("x", 65) }, "customerId"},
		{"language code", func(o *CustomerOrder) { o.LanguageCode = "english" }, "languageCode"},
		{"order discount", func(o *CustomerOrder) { o.DiscountAmount = d("-5") }, "discountAmount"},
		{"order fee", func(o *CustomerOrder) { o.Fee = d("-5") }, "fee"},
		{"missing currency", func(o *CustomerOrder) { o.Currency = "" }, "currency"},
		{"shipment price", func(o *CustomerOrder) { o.Shipments[0].Price = d("-5") }, "shipments[0].price"},
		{"shipment discount", func(o *CustomerOrder) { o.Shipments[0].DiscountAmount = d("6") }, "shipments[0].discountAmount"},
		{"shipment address", func(o *CustomerOrder) { o.Shipments[0].DeliveryAddress.City = "" }, "shipments[0].deliveryAddress.city"},
		{"shipment item line", func(o *CustomerOrder) { o.Shipments[0].Items[0].LineItemID = "nope" }, "shipments[0].items[0].lineItemId"},
		{"shipment item zero", func(o *CustomerOrder) { o.Shipments[0].Items[0].Quantity = 0 }, "shipments[0].items[0].quantity"},
		{"shipped too often", func(o *CustomerOrder) {
			s := o.Shipments[0]
			s.ID, s.Items = "s2", []ShipmentItem{{LineItemID: "l1", Quantity: 2}} // 2 + 2 > 3
			o.Shipments = append(o.Shipments, s)
		}, "shipments[1].items[0].quantity"},
		{"unknown package", func(o *CustomerOrder) { o.Shipments[0].Items[0].ShipmentPackageID = "pk" }, "shipments[0].items[0].shipmentPackageId"},
		{"payment sum", func(o *CustomerOrder) { o.InPayments[0].Sum = d("-1") }, "inPayments[0].sum"},
		{"payment customer", func(o *CustomerOrder) { o.InPayments[0].CustomerID = "" }, "inPayments[0].customerId"},
		{"payment shipment", func(o *CustomerOrder) { o.InPayments[0].ShipmentID = "s9" }, "inPayments[0].shipmentId"},
		{"refund zero", func(o *CustomerOrder) { o.InPayments[0].Refunds[0].Amount = decimal.Zero }, "inPayments[0].refunds[0].amount"},
		{"refund above paid", func(o *CustomerOrder) { o.InPayments[0].Refunds[0].Amount = d("40.01") }, "inPayments[0].refunds[0].amount"},
		{"refund transaction", func(o *CustomerOrder) { o.InPayments[0].Refunds[0].TransactionID = "" }, "inPayments[0].refunds[0].transactionId"},
		{"refund reason", func(o *CustomerOrder) { o.InPayments[0].Refunds[0].ReasonCode = "Bored" }, "inPayments[0].refunds[0].reasonCode"},
		{"refund item line", func(o *CustomerOrder) {
			o.InPayments[0].Refunds[0].Items = []RefundItem{{LineItemID: "zz", Quantity: 1}}
		}, "inPayments[0].refunds[0].items[0].lineItemId"},
		{"capture amount", func(o *CustomerOrder) {
			o.InPayments[0].Captures = []Capture{{Operation: Operation{Number: "CA1", Currency: "USD"}, TransactionID: "t"}}
		}, "inPayments[0].captures[0].amount"},
		{"dynamic property type", func(o *CustomerOrder) {
			o.DynamicProperties = []DynamicProperty{{Name: "Gift note", ValueType: "Text"}}
		}, "dynamicProperties[0].valueType"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := validOrder()
			tt.edit(o)
			err := ValidateOrder(o)
			var fe Problems
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want Problems", err)
			}
			if _, ok := fe[tt.field]; !ok {
				t.Errorf("no error for %s; got %v", tt.field, fe)
			}
		})
	}
}

func TestRejectedRefundsAndCancelledShipmentsDoNotCount(t *testing.T) {
	o := validOrder()
	o.InPayments[0].Refunds = append(o.InPayments[0].Refunds, Refund{
		Operation: Operation{Number: "RE2", Currency: "USD", Status: "Rejected"},
		Amount:    d("35"), TransactionID: "PI1-002",
	})
	s := o.Shipments[0]
	s.ID, s.IsCancelled = "s2", true
	o.Shipments = append(o.Shipments, s)
	if err := ValidateOrder(o); err != nil {
		t.Error(err)
	}
}

func TestProblems(t *testing.T) {
	fe := Problems{}
	if fe.Err() != nil {
		t.Error("empty Problems must give a nil error")
	}
	fe.Add("b", "second")
	fe.Add("a", "first")
	fe.Add("a", "ignored")
	err := fe.Err()
	if !errors.Is(err, ErrValidation) {
		t.Error("errors.Is(ErrValidation) is false")
	}
	if got := err.Error(); got != "validation failed: a: first; b: second" {
		t.Errorf("Error() = %q", got)
	}
	sub := Problems{"city": "is required"}
	fe.Merge("addresses[0].", sub)
	if fe["addresses[0].city"] != "is required" {
		t.Error("Merge")
	}
}

func TestAddressValidate(t *testing.T) {
	a := Address{City: "Bern", CountryName: "Switzerland", Email: "not-an-email"}
	fe := a.Validate()
	if len(fe) != 1 || fe["email"] == "" {
		t.Errorf("got %v", fe)
	}
	if fe := (&Address{}).Validate(); fe["city"] == "" || fe["countryName"] == "" {
		t.Errorf("required fields: %v", fe)
	}
}

func TestValidateDocumentCount(t *testing.T) {
	o := validOrder() // order + 1 shipment + 1 payment + 1 refund = 4 documents
	if err := ValidateDocumentCount(o, 4); err != nil {
		t.Error(err)
	}
	if err := ValidateDocumentCount(o, 0); err != nil {
		t.Error("limit 0 must disable the rule")
	}
	err := ValidateDocumentCount(o, 3)
	if !errors.Is(err, ErrValidation) || !strings.Contains(err.Error(),
		"at most 3 documents, this one has 4 (CustomerOrder: 1, Shipment: 1, PaymentIn: 1, Refund: 1)") {
		t.Errorf("err = %v", err)
	}
}

func TestRefundsAreBoundedByWhatWasCapturedOrPaid(t *testing.T) {
	refund := func(amount string) Refund {
		return Refund{Operation: Operation{Number: "RE", Currency: "USD", Status: "Processed"}, Amount: d(amount), TransactionID: "T"}
	}
	capture := func(amount, status string) Capture {
		return Capture{Operation: Operation{Number: "CA", Currency: "USD", Status: status}, Amount: d(amount), TransactionID: "T"}
	}
	for _, tc := range []struct {
		name     string
		status   string
		captures []Capture
		refunds  []Refund
		want     string // "" = valid
	}{
		{"paid without captures, within amount", "Paid", nil, []Refund{refund("30"), refund("10")}, ""},
		{"paid without captures, over amount", "Paid", nil, []Refund{refund("30"), refund("10.01")}, "more than the 40 that was captured or paid"},
		{"not paid yet", "Pending", nil, []Refund{refund("1")}, "nothing has been captured or paid"},
		{"partial capture bounds refunds", "Authorized", []Capture{capture("15", "Processed")}, []Refund{refund("15.01")}, "more than the 15"},
		{"rejected capture takes nothing", "Authorized", []Capture{capture("15", "Processed"), capture("20", "Rejected")}, []Refund{refund("16")}, "more than the 15"},
		{"within captures", "Paid", []Capture{capture("15", "Processed"), capture("25", "Processed")}, []Refund{refund("40")}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := validOrder()
			p := &o.InPayments[0]
			p.Status, p.Captures, p.Refunds = tc.status, tc.captures, tc.refunds
			err := ValidateOrder(o)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			var fe Problems
			if !errors.As(err, &fe) || !strings.Contains(fe[fmt.Sprintf("inPayments[0].refunds[%d].amount", len(tc.refunds)-1)], tc.want) {
				t.Errorf("got %v, want a refunds amount error containing %q", err, tc.want)
			}
		})
	}
}
