package web_test

// Virto's own unit tests of the order API's writes, ported as table tests through the running
// server and a real database. Each row names its source (VirtoCommerce/vc-module-order
// tests/VirtoCommerce.OrdersModule.Tests) with its inline values; where the answer differs on
// purpose, differs says why and the row asserts orderdesk's answer.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// virtoAPIOrder stores an order with one line, one shipment and one paid payment, every rate
// 0.1, and returns it as stored.
func virtoAPIOrder(t *testing.T, srv *testenv.Server) *order.CustomerOrder {
	t.Helper()
	rate := decimal.RequireFromString("0.1")
	ten := decimal.NewFromInt(10)
	o := &order.CustomerOrder{
		Operation:  order.Operation{Currency: "USD", Status: order.OrderNew},
		CustomerID: "customer-id", CustomerName: "John Doe", StoreID: "store-id", StoreName: "Test Store",
		Items: []order.LineItem{{ID: order.NewID(), Currency: "USD", Price: ten, Quantity: 1, TaxPercentRate: rate,
			ProductID: "p1", Sku: "SKU-1", Name: "Book", CatalogID: "cat"}},
		Shipments:  []order.Shipment{{Operation: order.Operation{ID: order.NewID(), Currency: "USD"}, Price: ten, TaxPercentRate: rate}},
		InPayments: []order.PaymentIn{{Operation: order.Operation{ID: order.NewID(), Currency: "USD", Status: "Paid", Sum: ten}, CustomerID: "customer-id", Price: ten, TaxPercentRate: rate}},
	}
	if err := srv.Store.CreateOrder(context.Background(), store.Actor{Label: "setup", Source: store.SourceSystem}, o); err != nil {
		t.Fatal(err)
	}
	got, err := srv.Store.Order(context.Background(), o.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// putOrder sends o whole to PUT /api/order/customerOrders with a change reason.
func putOrder(t *testing.T, srv *testenv.Server, key string, o *order.CustomerOrder) (int, string) {
	t.Helper()
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodPut, srv.URL+"/api/order/customerOrders", strings.NewReader(string(b)))
	req.Header.Set("api_key", key)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Change-Reason", "price from the ERP")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// OrderOperationPricePatchingTests: a document saved over the stored one takes the price it
// carries, zero included (Virto's entity Patch copies Price onto the stored entity whatever
// either value is; the _Needed and _NotNeeded tests assert the same). Here the stored price is
// set to patchedPrice, the API's PUT sends sourcePrice, and the stored price must then be
// sourcePrice. The PUT also carries a stale priceWithTax: orderdesk recomputes it from the price
// and rate (0.1) rather than storing what was sent, as Virto's Patch would.
func TestVirtoOrderOperationPricePatching(t *testing.T) {
	t.Parallel()
	const src = "vc-module-order OrderOperationPricePatchingTests."
	const differs = "priceWithTax is recomputed from price × (1 + taxPercentRate), not copied from the request"
	srv := testenv.NewServer(t, nil)
	key := managerKey(t, srv)
	o := virtoAPIOrder(t, srv)
	type doc struct {
		price, priceWithTax func(o *order.CustomerOrder) *decimal.Decimal
	}
	docs := map[string]doc{
		"Shipment": {
			func(o *order.CustomerOrder) *decimal.Decimal { return &o.Shipments[0].Price },
			func(o *order.CustomerOrder) *decimal.Decimal { return &o.Shipments[0].PriceWithTax },
		},
		"Payment": {
			func(o *order.CustomerOrder) *decimal.Decimal { return &o.InPayments[0].Price },
			func(o *order.CustomerOrder) *decimal.Decimal { return &o.InPayments[0].PriceWithTax },
		},
		"LineItem": {
			func(o *order.CustomerOrder) *decimal.Decimal { return &o.Items[0].Price },
			func(o *order.CustomerOrder) *decimal.Decimal { return &o.Items[0].PriceWithTax },
		},
	}
	type row struct {
		doc, test                 string
		sourcePrice, patchedPrice int64
	}
	var rows []row
	for _, d := range []string{"Shipment", "Payment", "LineItem"} {
		for _, v := range [][2]int64{{1, 0}, {1, 1}, {5, 1}} {
			rows = append(rows, row{d, "PatchPrices_" + d + "_Needed", v[0], v[1]})
		}
		for _, v := range [][2]int64{{0, 1}, {0, 0}} {
			rows = append(rows, row{d, "PatchPrices_" + d + "_NotNeeded", v[0], v[1]})
		}
	}
	ctx := context.Background()
	rate := decimal.RequireFromString("1.1")
	for _, r := range rows {
		source := fmt.Sprintf("%s%s(%d, %d)", src, r.test, r.sourcePrice, r.patchedPrice)
		d := docs[r.doc]
		stored, err := srv.Store.Order(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		*d.price(stored) = decimal.NewFromInt(r.patchedPrice)
		if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "setup", Source: store.SourceSystem, Reason: "test setup"}, stored); err != nil {
			t.Fatalf("%s: storing the price %d: %v", source, r.patchedPrice, err)
		}
		sent, err := srv.Store.Order(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		*d.price(sent) = decimal.NewFromInt(r.sourcePrice)
		*d.priceWithTax(sent) = decimal.NewFromInt(999)
		if status, body := putOrder(t, srv, key, sent); status != http.StatusNoContent {
			t.Fatalf("%s: PUT %d %s", source, status, body)
		}
		got, err := srv.Store.Order(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := decimal.NewFromInt(r.sourcePrice)
		if p := *d.price(got); !p.Equal(want) {
			t.Errorf("%s: stored price %s, want %s", source, p, want)
		}
		if p := *d.priceWithTax(got); !p.Equal(want.Mul(rate)) {
			t.Errorf("%s: stored priceWithTax %s, want %s (differs: %s)", source, p, want.Mul(rate), differs)
		}
	}
}

// PaymentFlowServiceTests: a capture or refund whose amount is missing, zero or negative is an
// invalid request, refused before anything is validated or saved (the order's version and its
// payment stay as they were). Virto's service is Virto's POST payments/payment/capture and
// …/refund, here the API's.
func TestVirtoPaymentFlowInvalidAmounts(t *testing.T) {
	t.Parallel()
	const src = "vc-module-order PaymentFlowServiceTests."
	const differs = `the message is "Send JSON with an amount above zero and the paymentId (or orderId)." ` +
		`(Virto: "Amount is required and must be greater than zero"), with HTTP 400`
	srv := testenv.NewServer(t, nil)
	key := managerKey(t, srv)
	o := virtoAPIOrder(t, srv)
	p := o.InPayments[0]
	for _, flow := range []struct{ test, path string }{
		{"CapturePaymentAsync_AmountIsMissingOrNonPositive_ReturnsInvalidRequestError", "capture"},
		{"RefundPaymentAsync_AmountIsMissingOrNonPositive_ReturnsInvalidRequestError", "refund"},
	} {
		for _, amount := range []any{nil, 0, -10} {
			source := fmt.Sprintf("%s%s(%v)", src, flow.test, amount)
			if amount == nil {
				source = src + flow.test + "(null)"
			}
			status, res := apiSend(t, http.MethodPost, srv.URL+"/api/order/payments/payment/"+flow.path, key, map[string]any{
				"orderId": o.ID, "paymentId": p.ID, "transactionId": "txn-1", "outerId": "outer-1", "amount": amount})
			if status != http.StatusBadRequest || res["succeeded"] == true || res["errorCode"] != "INVALID_REQUEST_ERROR" ||
				!strings.Contains(fmt.Sprint(res["errorMessage"]), "amount above zero") {
				t.Errorf("%s: %d %v (differs: %s)", source, status, res, differs)
			}
		}
	}
	got, err := srv.Store.Order(context.Background(), o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != o.Version || len(got.InPayments[0].Captures) != 0 || len(got.InPayments[0].Refunds) != 0 {
		t.Errorf("%s: the order was saved: version %d → %d, %d captures, %d refunds", src, o.Version, got.Version,
			len(got.InPayments[0].Captures), len(got.InPayments[0].Refunds))
	}
}
