package audit

import (
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func nullDec(s string) decimal.NullDecimal { return decimal.NullDecimal{Decimal: dec(s), Valid: true} }

func at(s string) *time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func str(s string) *string { return &s }

// sampleOrder is a realistic order with readable ids: three lines, two shipments with items,
// packages and delivery addresses, a payment with transactions, a capture and a refund, order
// addresses, custom fields, discounts and tax and fee details, totals recalculated.
func sampleOrder() *order.CustomerOrder {
	created := time.Date(2024, 11, 23, 9, 30, 0, 0, time.UTC)
	audit := order.Audit{CreatedDate: created, CreatedBy: "desk"}
	paris := order.Address{ID: "A-BILL", AddressType: order.AddressBilling, FirstName: "Ana", LastName: "Lima",
		Line1: "3 Rue de Bretagne", City: "Paris", PostalCode: "75003", CountryCode: "FR", CountryName: "France"}
	lyon := order.Address{ID: "A-SHIP", AddressType: order.AddressShipping, FirstName: "Ana", LastName: "Lima",
		Line1: "1 Rue de la République", City: "Lyon", PostalCode: "69002", CountryCode: "FR", CountryName: "France"}
	delivery, billing := lyon, paris
	delivery.ID, billing.ID = "A-DEL1", "A-PAY1"
	delivery2 := delivery
	delivery2.ID, delivery2.City = "A-DEL2", "Nantes"
	o := &order.CustomerOrder{
		Operation: order.Operation{
			ID: "CO-ID", Number: "CO241123-00001", Status: "New", Currency: "EUR", Audit: audit,
			DynamicProperties: []order.DynamicProperty{
				{ID: "P-GIFT", Name: "Gift message", ValueType: order.ValueShortText,
					Values: []order.DynamicPropertyValue{{ID: "V1", ShortText: "Happy birthday"}}},
				{ID: "P-PRIO", Name: "Priority", ValueType: order.ValueInteger,
					Values: []order.DynamicPropertyValue{{ID: "V2", Integer: 2}}},
			},
		},
		CustomerID: "cust-ana", CustomerName: "Ana Lima", StoreID: "fashion", StoreName: "Maison",
		LanguageCode: "fr-FR", TaxType: "standard", TaxPercentRate: dec("0.2"), Fee: dec("1.50"),
		Addresses: []order.Address{paris, lyon},
		Items: []order.LineItem{
			{ID: "L1", Currency: "EUR", Price: dec("10.00"), Quantity: 2, Sku: "SKU-1", Name: "Widget", ProductID: "p1",
				CatalogID: "cat", TaxPercentRate: dec("0.2"), DiscountAmount: dec("1.00"), Audit: audit,
				Discounts:  []order.Discount{{ID: "D1", PromotionID: "promo-autumn", Name: "Autumn sale", Currency: "EUR", DiscountAmount: dec("1.00")}},
				TaxDetails: []order.TaxDetail{{ID: "T1", Name: "VAT", Rate: dec("0.2"), Amount: dec("3.60")}}},
			{ID: "L2", Currency: "EUR", Price: dec("25.50"), Quantity: 1, Sku: "SKU-2", Name: "Gadget", ProductID: "p2",
				CatalogID: "cat", TaxPercentRate: dec("0.2"), Audit: audit, WeightUnit: "kg", Weight: nullDec("0.35")},
			{ID: "L3", Currency: "EUR", Price: dec("4.99"), Quantity: 3, Sku: "SKU-3", Name: "Gizmo", ProductID: "p3",
				CatalogID: "cat", TaxPercentRate: dec("0.2"), Audit: audit,
				DynamicProperties: []order.DynamicProperty{{ID: "P-ENGR", Name: "Engraving", ValueType: order.ValueShortText,
					Values: []order.DynamicPropertyValue{{ID: "V3", ShortText: "A & L"}}}}},
		},
		Shipments: []order.Shipment{
			{Operation: order.Operation{ID: "S1", Number: "SH241123-00001", Status: "New", Currency: "EUR", Audit: audit},
				ShipmentMethodCode: "colissimo", Price: dec("4.90"), TaxPercentRate: dec("0.2"), DeliveryAddress: &delivery,
				Items: []order.ShipmentItem{{ID: "SI1", LineItemID: "L1", Quantity: 2, ShipmentPackageID: "PK1"},
					{ID: "SI2", LineItemID: "L2", Quantity: 1, ShipmentPackageID: "PK1"}},
				Packages: []order.ShipmentPackage{{ID: "PK1", BarCode: "PKG-001", PackageType: "Box", Weight: nullDec("1.2")}}},
			{Operation: order.Operation{ID: "S2", Number: "SH241123-00002", Status: "New", Currency: "EUR", Audit: audit},
				ShipmentMethodCode: "ups", DeliveryAddress: &delivery2,
				Items:    []order.ShipmentItem{{ID: "SI3", LineItemID: "L3", Quantity: 3}},
				Packages: []order.ShipmentPackage{{ID: "PK2", BarCode: "PKG-002"}}},
		},
		InPayments: []order.PaymentIn{{
			Operation: order.Operation{ID: "P1", Number: "PI241123-00001", Status: "Paid", Currency: "EUR",
				Sum: dec("74.35"), Audit: audit},
			GatewayCode: "Stripe", CustomerID: "cust-ana", BillingAddress: &billing,
			AuthorizedDate: at("2024-11-23T09:31:00Z"), CapturedDate: at("2024-11-23T10:00:00+01:00"),
			Transactions: []order.PaymentGatewayTransaction{
				{ID: "TX1", Amount: dec("74.35"), Type: "Authorization", IsProcessed: true, ProcessedDate: at("2024-11-23T09:31:00Z")},
				{ID: "TX2", Amount: dec("40.00"), Type: "Capture", IsProcessed: true},
			},
			Captures: []order.Capture{{Operation: order.Operation{ID: "C1", Number: "CA241123-00001", Status: "Processed", Currency: "EUR"},
				Amount: dec("40.00"), TransactionID: "PI241123-00001-001",
				Items: []order.CaptureItem{{ID: "CI1", LineItemID: "L1", Quantity: 2}}}},
			Refunds: []order.Refund{{Operation: order.Operation{ID: "R1", Number: "RF241123-00001", Status: "Processed", Currency: "EUR"},
				Amount: dec("5"), ReasonCode: order.ReasonOther, ReasonMessage: "Scratched", TransactionID: "PI241123-00001-002",
				Items: []order.RefundItem{{ID: "RI1", LineItemID: "L2", Quantity: 1}}}},
		}},
		Discounts:  []order.Discount{{ID: "OD1", PromotionID: "welcome", Coupon: "WELCOME", Currency: "EUR", DiscountAmount: dec("2")}},
		TaxDetails: []order.TaxDetail{{ID: "OT1", Name: "VAT", Rate: dec("0.2"), Amount: dec("12.39")}},
		FeeDetails: []order.FeeDetail{{ID: "OF1", FeeID: "handling", Currency: "EUR", Amount: dec("1.50")}},
	}
	order.Recalculate(o, order.EUR)
	return o
}

// canon is the order as the flat form sees it: decimals and times in canonical form, empty
// collections nil. Two orders that Flatten the same have reflect.DeepEqual canons.
func canon[T any](t *testing.T, v *T) *T {
	t.Helper()
	c, err := ApplyOf(v, nil)
	if err != nil {
		t.Fatalf("canon: %v", err)
	}
	return c
}

// sameState fails the test unless got and want are the same state: equal canonical values,
// which also means the same collection order; the flat forms say what differs.
func sameState(t *testing.T, what string, got, want *order.CustomerOrder) {
	t.Helper()
	if reflect.DeepEqual(canon(t, got), canon(t, want)) {
		return
	}
	g, w := Flatten(got), Flatten(want)
	for _, k := range slices.Sorted(maps.Keys(g)) {
		if wv, ok := w[k]; !ok || wv != g[k] {
			t.Errorf("%s: %s = %q, want %q (present %v)", what, k, g[k], wv, ok)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(w)) {
		if _, ok := g[k]; !ok {
			t.Errorf("%s: %s missing, want %q", what, k, w[k])
		}
	}
	t.Fatalf("%s: states differ (if no field is listed, in collection order)", what)
}
