package api

// Virto's own unit tests of what the API reads out, ported as table tests; each row names its
// source (VirtoCommerce/vc-module-order tests/VirtoCommerce.OrdersModule.Tests) and, where the
// answer differs on purpose, says why in differs.

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/audit"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// LogChangesOrderTests.GetChangedEntryOperationLogsTest: the operation logs of a change, in
// Virto's OperationLog shape (operationLogs, what GET customerOrders/{id}/changes answers, over
// the change set a save records, audit.Diff).
//
// orderdesk logs field by field, so a created or deleted order gives one entry per field, all
// of the same object and operation type, where Virto writes one line for the whole order; the
// row checks them all and the entry that names the number. The sentences are orderdesk's.
func TestVirtoLogChangesOrder(t *testing.T) {
	const src = "vc-module-order LogChangesOrderTests.GetChangedEntryOperationLogsTest"
	orderWith := func(number, employee string) *order.CustomerOrder {
		return &order.CustomerOrder{Operation: order.Operation{ID: "Order1", Number: number}, EmployeeID: employee}
	}
	rows := []struct {
		source, differs string
		oldOrder        *order.CustomerOrder // nil: none (added)
		newOrder        *order.CustomerOrder // nil: none (deleted)
		// The entry Virto's test expects, and the one field orderdesk's entry for it is about.
		operationType, field, virtoDetail, detail string
		single                                    bool // Virto's change gives exactly one entry here too
	}{
		{
			source: src + "(add order)", oldOrder: nil, newOrder: orderWith("NumberNew", ""),
			differs:       "one entry per field of the new order, not one for the order",
			operationType: "Added", field: "number",
			virtoDetail: "The new CustomerOrder NumberNew added", detail: "Order number set to NumberNew",
		},
		{
			source: src + "(delete order)", oldOrder: orderWith("NumberNew", ""), newOrder: nil,
			differs:       "one entry per field the deleted order had, not one for the order",
			operationType: "Deleted", field: "number",
			virtoDetail: "The CustomerOrder NumberNew deleted", detail: "Order number cleared (was NumberNew)",
		},
		{
			source: src + "(change employee)", oldOrder: orderWith("", "EmployeeOld"), newOrder: orderWith("", "EmployeeNew"),
			differs:       "the sentence gives the old and the new employee id; Virto's names the new employee by the member's full name",
			operationType: "Modified", field: "employeeId", single: true,
			virtoDetail: "Order employee was changed to 'EmployeeNew'", detail: "Order employee ID EmployeeOld → EmployeeNew",
		},
		{
			source: src + "(change number)", oldOrder: orderWith("NumberOld", ""), newOrder: orderWith("NumberNew", ""),
			differs:       "orderdesk's sentence wording",
			operationType: "Modified", field: "number", single: true,
			virtoDetail: "The CustomerOrder NumberNew property 'Number' changed from 'NumberOld' to 'NumberNew'",
			detail:      "Order number NumberOld → NumberNew",
		},
	}
	for _, r := range rows {
		t.Run(r.source, func(t *testing.T) {
			changes := audit.Diff(r.oldOrder, r.newOrder)
			logs := operationLogs([]store.ChangeSet{{ID: "cs1", Changes: changes}}, true)
			if len(logs) != len(changes) || len(logs) == 0 || (r.single && len(logs) != 1) {
				t.Fatalf("%d logs of %d changes (single %v; differs: %s)", len(logs), len(changes), r.single, r.differs)
			}
			found := 0
			for i, l := range logs {
				if l.ObjectID != "Order1" || l.ObjectType != "CustomerOrder" || l.OperationType != r.operationType {
					t.Errorf("log %d: %s %s %s, want CustomerOrder Order1 %s", i, l.ObjectType, l.ObjectID, l.OperationType, r.operationType)
				}
				if changes[i].Field == r.field {
					found++
					if l.Detail != r.detail {
						t.Errorf("detail %q, want %q (Virto: %q; differs: %s)", l.Detail, r.detail, r.virtoDetail, r.differs)
					}
				}
			}
			if found != 1 {
				t.Errorf("%d entries about %s, want 1", found, r.field)
			}
		})
	}
}

// ZeroPrices.CanZeroPricesWithoutCalc: an order read without prices (Virto's entity
// ResetPrices, applied when the WithPrices response group is missing) carries only zeros: here
// the API's answer to a group without WithPrices (visibleAs → audit.ZeroMoney), and, stricter,
// to a key without read-prices (audit.WithoutMoney: the amounts are left out).
func TestVirtoZeroPricesWithoutCalc(t *testing.T) {
	const source = "vc-module-order ZeroPrices.CanZeroPricesWithoutCalc"
	const differs = "the tax rates (taxPercentRate), not amounts, are kept where Virto zeroes them; for a key " +
		"that may not read prices the money fields are left out instead of sent as zeros"
	one := decimal.NewFromInt(1)
	o := &order.CustomerOrder{
		Operation:  order.Operation{ID: "orderId", Number: "number", Currency: "usd", Sum: one},
		CustomerID: "customerId", StoreID: "storeId",
		TaxPercentRate: one, ShippingTotalWithTax: one, PaymentTotalWithTax: one, DiscountAmount: one,
		Total: one, SubTotal: one, SubTotalWithTax: one, ShippingTotal: one, PaymentTotal: one,
		Fee: one, FeeWithTax: one, FeeTotal: one, FeeTotalWithTax: one, HandlingTotal: one,
		HandlingTotalWithTax: one, DiscountTotal: one, DiscountTotalWithTax: one, TaxTotal: one,
		InPayments: []order.PaymentIn{{Operation: order.Operation{ID: "paymentId", Number: "number", Currency: "usd", Sum: one},
			CustomerID: "customerId", Price: one, PriceWithTax: one, DiscountAmount: one, DiscountAmountWithTax: one,
			Total: one, TotalWithTax: one, TaxTotal: one, TaxPercentRate: one}},
		Shipments: []order.Shipment{{Operation: order.Operation{ID: "shipmentId", Number: "number", Currency: "usd", Sum: one},
			Price: one, PriceWithTax: one, DiscountAmount: one, DiscountAmountWithTax: one,
			Total: one, TotalWithTax: one, TaxTotal: one, TaxPercentRate: one}},
		Items: []order.LineItem{{ID: "itemId", Currency: "usd", ProductID: "productId", CatalogID: "catalogId",
			Sku: "sku", Name: "itemName", Price: one, PriceWithTax: one, DiscountAmount: one,
			DiscountAmountWithTax: one, TaxTotal: one, TaxPercentRate: one}},
	}
	b, err := json.Marshal(wholeOrderJSON(o, order.ResponseGroupFull))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"subTotal":1`) {
		t.Errorf("%s: the order with prices should carry them: %s", source, b)
	}
	orderMoney := []string{"shippingTotalWithTax", "paymentTotalWithTax", "discountAmount", "total",
		"subTotal", "subTotalWithTax", "shippingTotal", "paymentTotal", "fee", "feeWithTax", "feeTotal",
		"feeTotalWithTax", "handlingTotal", "handlingTotalWithTax", "discountTotal", "discountTotalWithTax",
		"taxTotal", "sum"}
	documentMoney := []string{"price", "priceWithTax", "discountAmount", "discountAmountWithTax", "total", "totalWithTax", "taxTotal", "sum"}
	lineMoney := []string{"price", "priceWithTax", "discountAmount", "discountAmountWithTax", "taxTotal"}
	for _, c := range []struct {
		name   string
		redact func(any) any
		zeroed bool // the fields are there with 0 (Virto's answer), or left out
	}{
		{"group without WithPrices", audit.ZeroMoney, true},
		{"key without read-prices", audit.WithoutMoney, false},
	} {
		var tree map[string]any
		if err := json.Unmarshal(b, &tree); err != nil {
			t.Fatal(err)
		}
		tree = c.redact(tree).(map[string]any)
		first := func(key string) map[string]any {
			list, _ := tree[key].([]any)
			if len(list) != 1 {
				t.Fatalf("%s: %s has %d elements, want 1", source, key, len(list))
			}
			return list[0].(map[string]any)
		}
		check := func(what string, m map[string]any, money []string) {
			for _, k := range money {
				v, ok := m[k]
				switch {
				case c.zeroed && (!ok || v != float64(0)):
					t.Errorf("%s, %s: %s.%s = %v (present %v), want 0", source, c.name, what, k, v, ok)
				case !c.zeroed && ok:
					t.Errorf("%s, %s: %s.%s = %v, want it left out (differs: %s)", source, c.name, what, k, v, differs)
				}
			}
			if _, ok := m["taxPercentRate"]; !ok {
				t.Errorf("%s, %s: %s.taxPercentRate was dropped (differs: %s)", source, c.name, what, differs)
			}
		}
		check("order", tree, orderMoney)
		if balance, _ := tree["balance"].(map[string]any); !c.zeroed && len(balance) != 0 {
			t.Errorf("%s: the balance keeps %v", source, balance)
		}
		check("inPayments[0]", first("inPayments"), documentMoney)
		check("shipments[0]", first("shipments"), documentMoney)
		check("items[0]", first("items"), lineMoney)
	}
}
