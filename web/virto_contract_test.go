package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
)

// The contract test speaks Virto's shapes as a Virto client does: the types below are written
// from Virto's model classes (VirtoCommerce.OrdersModule.Core/Model/*.cs, vc-module-order 3.x),
// not from orderdesk's structs. Money is a JSON number, enums are their names.

type virtoAddress struct {
	AddressType  string `json:"addressType"`
	Name         string `json:"name"`
	FirstName    string `json:"firstName"`
	LastName     string `json:"lastName"`
	Line1        string `json:"line1"`
	City         string `json:"city"`
	CountryCode  string `json:"countryCode"`
	CountryName  string `json:"countryName"`
	Zip          string `json:"zip"`
	Email        string `json:"email"`
	Phone        string `json:"phone"`
	Organization string `json:"organization"`
}

type virtoLineItem struct {
	ID                  string      `json:"id,omitempty"`
	ObjectType          string      `json:"objectType,omitempty"`
	Currency            string      `json:"currency"`
	Price               json.Number `json:"price"`
	PriceWithTax        json.Number `json:"priceWithTax"`
	PlacedPrice         json.Number `json:"placedPrice"`
	ExtendedPrice       json.Number `json:"extendedPrice"`
	TaxPercentRate      json.Number `json:"taxPercentRate"`
	Quantity            int         `json:"quantity"`
	ProductID           string      `json:"productId"`
	Sku                 string      `json:"sku"`
	ProductType         string      `json:"productType"`
	CatalogID           string      `json:"catalogId"`
	CategoryID          string      `json:"categoryId"`
	Name                string      `json:"name"`
	Comment             string      `json:"comment"`
	ImageURL            string      `json:"imageUrl"`
	IsGift              bool        `json:"isGift"`
	ShippingMethodCode  string      `json:"shippingMethodCode"`
	FulfillmentCenterID string      `json:"fulfillmentCenterId"`
	OuterID             string      `json:"outerId"`
	WeightUnit          string      `json:"weightUnit"`
	Weight              json.Number `json:"weight"`
}

type virtoShipmentItem struct {
	ID         string         `json:"id,omitempty"`
	LineItemID string         `json:"lineItemId,omitempty"`
	LineItem   *virtoLineItem `json:"lineItem,omitempty"`
	BarCode    string         `json:"barCode"`
	Quantity   int            `json:"quantity"`
	OuterID    string         `json:"outerId"`
	Status     string         `json:"status"`
}

type virtoShipment struct {
	ID                   string              `json:"id,omitempty"`
	OperationType        string              `json:"operationType,omitempty"`
	ObjectType           string              `json:"objectType,omitempty"`
	Number               string              `json:"number,omitempty"`
	Status               string              `json:"status,omitempty"`
	Currency             string              `json:"currency"`
	ShipmentMethodCode   string              `json:"shipmentMethodCode"`
	ShipmentMethodOption string              `json:"shipmentMethodOption"`
	FulfillmentCenterID  string              `json:"fulfillmentCenterId"`
	Price                json.Number         `json:"price"`
	TrackingNumber       string              `json:"trackingNumber"`
	DeliveryAddress      *virtoAddress       `json:"deliveryAddress,omitempty"`
	Items                []virtoShipmentItem `json:"items"`
	InPayments           []virtoPaymentIn    `json:"inPayments,omitempty"`
}

type virtoCaptureItem struct {
	LineItemID string         `json:"lineItemId"`
	LineItem   *virtoLineItem `json:"lineItem,omitempty"`
	Quantity   int            `json:"quantity"`
}

type virtoCapture struct {
	OperationType    string             `json:"operationType,omitempty"`
	ObjectType       string             `json:"objectType,omitempty"`
	Amount           json.Number        `json:"amount"`
	TransactionID    string             `json:"transactionId"`
	CloseTransaction bool               `json:"closeTransaction"`
	Items            []virtoCaptureItem `json:"items"`
}

type virtoRefund struct {
	OperationType string      `json:"operationType,omitempty"`
	ObjectType    string      `json:"objectType,omitempty"`
	Amount        json.Number `json:"amount"`
	ReasonCode    string      `json:"reasonCode"`
	RefundStatus  string      `json:"refundStatus"`
	ReasonMessage string      `json:"reasonMessage"`
}

type virtoPaymentIn struct {
	ID             string         `json:"id,omitempty"`
	OperationType  string         `json:"operationType,omitempty"`
	ObjectType     string         `json:"objectType,omitempty"`
	Number         string         `json:"number,omitempty"`
	OrderID        string         `json:"orderId,omitempty"`
	Currency       string         `json:"currency"`
	GatewayCode    string         `json:"gatewayCode"`
	Purpose        string         `json:"purpose"`
	PaymentStatus  string         `json:"paymentStatus"`
	Price          json.Number    `json:"price"`
	Sum            json.Number    `json:"sum"`
	OuterID        string         `json:"outerId"`
	BillingAddress *virtoAddress  `json:"billingAddress,omitempty"`
	Captures       []virtoCapture `json:"captures,omitempty"`
	Refunds        []virtoRefund  `json:"refunds,omitempty"`
}

type virtoOrder struct {
	ID                  string           `json:"id,omitempty"`
	OperationType       string           `json:"operationType,omitempty"`
	ObjectType          string           `json:"objectType,omitempty"`
	RowVersion          string           `json:"rowVersion,omitempty"`
	Number              string           `json:"number,omitempty"`
	Status              string           `json:"status,omitempty"`
	Comment             string           `json:"comment"`
	Currency            string           `json:"currency"`
	OuterID             string           `json:"outerId"`
	CustomerID          string           `json:"customerId"`
	CustomerName        string           `json:"customerName"`
	StoreID             string           `json:"storeId"`
	StoreName           string           `json:"storeName"`
	PurchaseOrderNumber string           `json:"purchaseOrderNumber"`
	LanguageCode        string           `json:"languageCode"`
	IsAnonymous         bool             `json:"isAnonymous"`
	Total               json.Number      `json:"total,omitempty"`
	SubTotal            json.Number      `json:"subTotal,omitempty"`
	Addresses           []virtoAddress   `json:"addresses"`
	Items               []virtoLineItem  `json:"items"`
	Shipments           []virtoShipment  `json:"shipments"`
	InPayments          []virtoPaymentIn `json:"inPayments"`
}

// virtoModelProperties are the public properties of Virto's model classes a client reads
// (camelCased, from CustomerOrder.cs with OrderOperation.cs, LineItem.cs, Shipment.cs,
// ShipmentItem.cs, PaymentIn.cs), each of which a whole order read here must carry. Left out on
// purpose: relevanceScore and scopes (search-index bookkeeping), Shipment.shippingMethod and
// Shipment.customerOrder (object graphs Virto's API does not fill either), PaymentIn's
// paymentMethod and processPaymentResult (runtime objects of the payment module),
// LineItem.reserveQuantity (inventory reservation, not kept here). Optional parts are left
// out while empty (cancelledState while Undefined, an absent address), which a Virto client
// reads as its defaults.
var virtoModelProperties = map[string][]string{
	"CustomerOrder": {"id", "operationType", "objectType", "number", "isApproved", "status", "comment", "currency", "sum", "outerId", "isCancelled", "createdDate",
		"customerId", "customerName", "storeId", "isPrototype", "isAnonymous", "addresses", "inPayments", "items", "shipments", "discountAmount",
		"total", "subTotal", "subTotalWithTax", "subTotalDiscount", "subTotalDiscountWithTax", "subTotalTaxTotal", "shippingTotal", "shippingTotalWithTax",
		"shippingSubTotal", "shippingSubTotalWithTax", "shippingDiscountTotal", "shippingDiscountTotalWithTax", "shippingTaxTotal", "paymentTotal",
		"paymentTotalWithTax", "paymentSubTotal", "paymentSubTotalWithTax", "paymentDiscountTotal", "paymentDiscountTotalWithTax", "paymentTaxTotal",
		"discountTotal", "discountTotalWithTax", "fee", "feeWithTax", "feeTotal", "feeTotalWithTax", "handlingTotal", "handlingTotalWithTax",
		"orderTotals", "taxTotal", "taxPercentRate", "languageCode", "rowVersion"},
	"LineItem": {"id", "objectType", "currency", "price", "priceWithTax", "listTotal", "listTotalWithTax", "placedPrice", "placedPriceWithTax", "extendedPrice",
		"extendedPriceWithTax", "discountAmount", "isDiscountAmountRounded", "discountAmountWithTax", "discountTotal", "discountTotalWithTax", "fee", "feeWithTax",
		"taxTotal", "taxPercentRate", "quantity", "productId", "sku", "catalogId", "name", "isGift", "isConfigured", "isCancelled", "weight"},
	"Shipment": {"id", "operationType", "objectType", "number", "status", "currency", "sum", "customerOrderId", "shipmentMethodCode", "items", "inPayments",
		"price", "priceWithTax", "total", "totalWithTax", "discountAmount", "discountAmountWithTax", "fee", "feeWithTax", "taxTotal", "taxPercentRate", "deliveryAddress"},
	"ShipmentItem": {"id", "lineItemId", "lineItem", "quantity"},
	"PaymentIn": {"id", "operationType", "objectType", "number", "status", "currency", "sum", "orderId", "gatewayCode", "customerId", "customerName", "paymentStatus",
		"price", "priceWithTax", "total", "totalWithTax", "discountAmount", "discountAmountWithTax", "taxTotal", "taxPercentRate", "billingAddress"},
}

// TestVirtoClientContract: a client written from Virto's models creates, reads, searches,
// updates with rowVersion, patches, captures, refunds and returns, and every field it sent
// comes back as it sent it.
func TestVirtoClientContract(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	key := managerKey(t, srv)
	demo := orders[0].Order
	cur := demo.Currency
	ship := &virtoAddress{AddressType: "Shipping", Name: "Ada", FirstName: "Ada", LastName: "Lovelace", Line1: "12 St James's Square", City: "London",
		CountryCode: "GBR", CountryName: "United Kingdom", Zip: "SW1Y 4JH", Email: "ada@example.com", Phone: "+44 20 7946 0000"}
	sent := virtoOrder{
		Comment: "contract", Currency: cur, OuterID: "virto-contract-1", CustomerID: "cust-contract", CustomerName: "Ada Lovelace",
		StoreID: demo.StoreID, StoreName: demo.StoreName, PurchaseOrderNumber: "PO-77", LanguageCode: "en-GB",
		Addresses: []virtoAddress{*ship},
		Items: []virtoLineItem{{ID: "li-contract-1", Currency: cur, Price: "20.00", PriceWithTax: "24.00", PlacedPrice: "20.00", ExtendedPrice: "40.00", TaxPercentRate: "0.2",
			Quantity: 2, ProductID: "prod-c1", Sku: "SKU-C1", ProductType: "Physical", CatalogID: "cat-c", CategoryID: "catg-c", Name: "Contract widget",
			Comment: "gift wrap", ImageURL: "https://example.com/w.png", ShippingMethodCode: "FixedRate", FulfillmentCenterID: "fc-1", OuterID: "erp-line-1",
			WeightUnit: "kg", Weight: "1.5"}},
	}
	sent.Shipments = []virtoShipment{{Currency: cur, ShipmentMethodCode: "FixedRate", ShipmentMethodOption: "Ground", FulfillmentCenterID: "fc-1",
		Price: "5.00", TrackingNumber: "1Z999", DeliveryAddress: ship,
		// Virto's client names the line by its lineItem object.
		Items: []virtoShipmentItem{{LineItem: &virtoLineItem{ID: "li-contract-1"}, BarCode: "0123", Quantity: 2, OuterID: "erp-si-1"}},
		// ... and nests the shipment's payment in it.
		InPayments: []virtoPaymentIn{{Currency: cur, GatewayCode: "Manual", Purpose: "shipping", PaymentStatus: "Authorized", Price: "5.00", Sum: "5.00", OuterID: "pay-ship"}},
	}}
	sent.InPayments = []virtoPaymentIn{{Currency: cur, GatewayCode: "DefaultManualPaymentMethod", Purpose: "goods", PaymentStatus: "Paid", Price: "0", Sum: "40.00",
		OuterID: "pay-goods", BillingAddress: &virtoAddress{AddressType: "Billing", Name: "Ada", Line1: "12 St James's Square", City: "London", CountryCode: "GBR", CountryName: "United Kingdom", Zip: "SW1Y 4JH"}}}

	base := srv.URL + "/api/order/customerOrders"
	status, created := apiSend(t, http.MethodPost, base, key, sent)
	if status != http.StatusOK {
		t.Fatalf("create: %d %v", status, created)
	}
	id := created["id"].(string)

	read := func() (virtoOrder, map[string]any) {
		t.Helper()
		status, tree := apiGet(t, base+"/"+id, key)
		if status != http.StatusOK {
			t.Fatalf("read: %d %v", status, tree)
		}
		raw, _ := json.Marshal(tree)
		var o virtoOrder
		if err := json.Unmarshal(raw, &o); err != nil {
			t.Fatalf("the order does not read as Virto's CustomerOrder: %v", err)
		}
		return o, tree
	}
	got, tree := read()

	// Every property of Virto's classes is there.
	has := func(class string, obj any) {
		t.Helper()
		m, _ := obj.(map[string]any)
		for _, p := range virtoModelProperties[class] {
			if _, ok := m[p]; !ok {
				t.Errorf("%s lacks Virto's %s", class, p)
			}
		}
	}
	has("CustomerOrder", tree)
	has("LineItem", tree["items"].([]any)[0])
	shipTree := tree["shipments"].([]any)[0].(map[string]any)
	has("Shipment", shipTree)
	has("ShipmentItem", shipTree["items"].([]any)[0])
	for _, p := range tree["inPayments"].([]any) {
		if p.(map[string]any)["outerId"] == "pay-goods" {
			has("PaymentIn", p)
		}
	}

	// What was sent comes back.
	same := func(what, want, have string) {
		t.Helper()
		if want != have {
			t.Errorf("%s: sent %q, read %q", what, want, have)
		}
	}
	num := func(what string, want, have json.Number) {
		t.Helper()
		w, _ := want.Float64()
		h, _ := have.Float64()
		if w != h {
			t.Errorf("%s: sent %s, read %s", what, want, have)
		}
	}
	same("operationType", "CustomerOrder", got.OperationType)
	same("objectType", "VirtoCommerce.OrdersModule.Core.Model.CustomerOrder", got.ObjectType)
	for _, f := range [][3]string{
		{"comment", sent.Comment, got.Comment}, {"currency", sent.Currency, got.Currency}, {"outerId", sent.OuterID, got.OuterID},
		{"customerId", sent.CustomerID, got.CustomerID}, {"customerName", sent.CustomerName, got.CustomerName}, {"storeId", sent.StoreID, got.StoreID},
		{"purchaseOrderNumber", sent.PurchaseOrderNumber, got.PurchaseOrderNumber}, {"languageCode", sent.LanguageCode, got.LanguageCode},
	} {
		same(f[0], f[1], f[2])
	}
	if len(got.Addresses) != 1 || got.Addresses[0] != *ship {
		t.Errorf("address: sent %+v, read %+v", *ship, got.Addresses)
	}
	if len(got.Items) != 1 {
		t.Fatalf("items: %+v", got.Items)
	}
	li, wantLi := got.Items[0], sent.Items[0]
	same("item objectType", "VirtoCommerce.OrdersModule.Core.Model.LineItem", li.ObjectType)
	for _, f := range [][3]string{
		{"item id", wantLi.ID, li.ID}, {"productId", wantLi.ProductID, li.ProductID}, {"sku", wantLi.Sku, li.Sku}, {"productType", wantLi.ProductType, li.ProductType},
		{"catalogId", wantLi.CatalogID, li.CatalogID}, {"categoryId", wantLi.CategoryID, li.CategoryID}, {"name", wantLi.Name, li.Name},
		{"item comment", wantLi.Comment, li.Comment}, {"imageUrl", wantLi.ImageURL, li.ImageURL}, {"shippingMethodCode", wantLi.ShippingMethodCode, li.ShippingMethodCode},
		{"fulfillmentCenterId", wantLi.FulfillmentCenterID, li.FulfillmentCenterID}, {"item outerId", wantLi.OuterID, li.OuterID}, {"weightUnit", wantLi.WeightUnit, li.WeightUnit},
	} {
		same(f[0], f[1], f[2])
	}
	num("price", wantLi.Price, li.Price)
	num("priceWithTax", wantLi.PriceWithTax, li.PriceWithTax)
	num("taxPercentRate", wantLi.TaxPercentRate, li.TaxPercentRate)
	num("weight", wantLi.Weight, li.Weight)
	if li.Quantity != 2 {
		t.Errorf("quantity %d", li.Quantity)
	}

	if len(got.Shipments) != 1 || len(got.Shipments[0].Items) != 1 {
		t.Fatalf("shipments: %+v", got.Shipments)
	}
	sh, wantSh := got.Shipments[0], sent.Shipments[0]
	same("shipment operationType", "Shipment", sh.OperationType)
	for _, f := range [][3]string{
		{"shipmentMethodCode", wantSh.ShipmentMethodCode, sh.ShipmentMethodCode}, {"shipmentMethodOption", wantSh.ShipmentMethodOption, sh.ShipmentMethodOption},
		{"shipment fulfillmentCenterId", wantSh.FulfillmentCenterID, sh.FulfillmentCenterID}, {"trackingNumber", wantSh.TrackingNumber, sh.TrackingNumber},
	} {
		same(f[0], f[1], f[2])
	}
	num("shipment price", wantSh.Price, sh.Price)
	if sh.DeliveryAddress == nil || *sh.DeliveryAddress != *ship {
		t.Errorf("deliveryAddress: %+v", sh.DeliveryAddress)
	}
	si := sh.Items[0]
	if si.LineItemID != "li-contract-1" || si.LineItem == nil || si.LineItem.Sku != "SKU-C1" || si.BarCode != "0123" || si.Quantity != 2 || si.OuterID != "erp-si-1" {
		t.Errorf("shipment item: %+v (line %+v)", si, si.LineItem)
	}
	if len(sh.InPayments) != 1 || sh.InPayments[0].OuterID != "pay-ship" {
		t.Errorf("shipment's inPayments: %+v", sh.InPayments)
	}
	if len(got.InPayments) != 2 {
		t.Fatalf("inPayments: %+v", got.InPayments)
	}
	byOuter := map[string]virtoPaymentIn{}
	for _, p := range got.InPayments {
		byOuter[p.OuterID] = p
		same("payment operationType", "PaymentIn", p.OperationType)
	}
	goods, shipPay := byOuter["pay-goods"], byOuter["pay-ship"]
	same("gatewayCode", "DefaultManualPaymentMethod", goods.GatewayCode)
	same("purpose", "goods", goods.Purpose)
	same("paymentStatus", "Paid", goods.PaymentStatus)
	num("sum", "40.00", goods.Sum)
	if goods.BillingAddress == nil || goods.BillingAddress.Zip != "SW1Y 4JH" || goods.BillingAddress.AddressType != "Billing" {
		t.Errorf("billingAddress: %+v", goods.BillingAddress)
	}
	same("nested payment's status", "Authorized", shipPay.PaymentStatus)

	// Search by number, as Virto's criteria say.
	status, found := apiSend(t, http.MethodPost, base+"/search", key, map[string]any{"number": got.Number, "responseGroup": "Full"})
	if status != http.StatusOK || found["totalCount"].(float64) != 1 || found["results"].([]any)[0].(map[string]any)["id"] != id {
		t.Errorf("search by number: %d %v", status, found["totalCount"])
	}

	// Update with rowVersion: what was read, changed, goes back; a stale token is refused.
	stale := got.RowVersion
	got.Comment = "contract, updated"
	got.Items[0].Quantity = 3
	if status := apiPut(t, base, key, got); status != http.StatusNoContent {
		t.Fatalf("PUT with rowVersion: %d, want 204 as Virto", status)
	}
	after, _ := read()
	same("comment after PUT", "contract, updated", after.Comment)
	if after.Items[0].Quantity != 3 || after.RowVersion == stale || len(after.InPayments) != 2 || len(after.Shipments[0].InPayments) != 1 {
		t.Errorf("after PUT: quantity %d, rowVersion %s (was %s), %d payments", after.Items[0].Quantity, after.RowVersion, stale, len(after.InPayments))
	}
	got.Comment = "a stale write"
	if status := apiPut(t, base, key, got); status != http.StatusConflict {
		t.Errorf("PUT with a stale rowVersion: %d, want 409", status)
	}

	// Patch, as Virto's JsonPatchDocument.
	patch := []map[string]any{{"op": "replace", "path": "/purchaseOrderNumber", "value": "PO-78"}}
	if status := apiStatus(t, http.MethodPatch, base+"/"+id, key, patch); status != http.StatusNoContent {
		t.Fatalf("PATCH: %d, want 204 as Virto", status)
	}
	after, _ = read()
	same("purchaseOrderNumber after PATCH", "PO-78", after.PurchaseOrderNumber)

	// Capture the shipment's authorized payment, refund part of the paid one.
	status, res := apiSend(t, http.MethodPost, srv.URL+"/api/order/payments/payment/capture", key, map[string]any{
		"paymentId": shipPay.ID, "amount": 5, "transactionId": "gw-c1", "closeTransaction": true, "captureDetails": "contract"})
	if status != http.StatusOK || res["succeeded"] != true || res["paymentStatus"] != "Paid" {
		t.Errorf("capture: %d %v", status, res)
	}
	status, res = apiSend(t, http.MethodPost, srv.URL+"/api/order/payments/payment/refund", key, map[string]any{
		"paymentId": goods.ID, "amount": 10, "reasonCode": "RequestedByCustomer", "reasonMessage": "one too many"})
	if status != http.StatusOK || res["succeeded"] != true || res["refundStatus"] != "Processed" {
		t.Errorf("refund: %d %v", status, res)
	}
	status, payTree := apiGet(t, srv.URL+"/api/order/payments/"+goods.ID, key)
	raw, _ := json.Marshal(payTree)
	var pay virtoPaymentIn
	_ = json.Unmarshal(raw, &pay)
	if status != http.StatusOK || len(pay.Refunds) != 1 || pay.Refunds[0].ReasonCode != "RequestedByCustomer" || pay.Refunds[0].RefundStatus != "Processed" ||
		pay.Refunds[0].OperationType != "Refund" || pay.Refunds[0].ReasonMessage != "one too many" {
		t.Errorf("the refund as read: %d %+v", status, pay.Refunds)
	}
	status, payTree = apiGet(t, srv.URL+"/api/order/payments/"+shipPay.ID, key)
	raw, _ = json.Marshal(payTree)
	pay = virtoPaymentIn{}
	_ = json.Unmarshal(raw, &pay)
	if status != http.StatusOK || len(pay.Captures) != 1 || pay.Captures[0].TransactionID != "gw-c1" || pay.Captures[0].OperationType != "Capture" || !pay.Captures[0].CloseTransaction {
		t.Errorf("the capture as read: %d %+v", status, pay.Captures)
	}

	// A return of one unit (vc-module-return's Return and ReturnLineItem).
	if status := apiPut(t, base, key, shipped(t, srv.URL, key, id)); status != http.StatusNoContent {
		t.Fatalf("marking the shipment sent: %d", status)
	}
	ret := map[string]any{"orderId": id, "lineItems": []map[string]any{{"orderLineItemId": "li-contract-1", "quantity": 1, "price": 20, "reason": "Damaged"}}}
	status, body := apiSend(t, http.MethodPut, srv.URL+"/api/return", key, ret)
	if status != http.StatusOK || body["id"] == nil {
		t.Fatalf("return: %d %v", status, body)
	}
	status, back := apiGet(t, srv.URL+"/api/return/"+body["id"].(string), key)
	lines, _ := back["lineItems"].([]any)
	if status != http.StatusOK || back["orderId"] != id || len(lines) != 1 || lines[0].(map[string]any)["quantity"].(float64) != 1 ||
		lines[0].(map[string]any)["orderLineItemId"] != "li-contract-1" || lines[0].(map[string]any)["reason"] != "Damaged" {
		t.Errorf("the return as read: %d %v", status, back)
	}
	if ro, _ := back["order"].(map[string]any); ro == nil || ro["id"] != id || ro["number"] != got.Number || ro["items"] == nil {
		t.Errorf("the return's order (Virto's Return.order): %v", back["order"])
	}
}

// apiStatus sends body as JSON and answers the status alone (Virto's PUT and PATCH answer 204).
func apiStatus(t *testing.T, method, url, key string, body any) int {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, url, bytes.NewReader(b))
	req.Header.Set("api_key", key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// shipped is the order as read, with its shipment's status set to Sent so units can come back.
func shipped(t *testing.T, base, key, id string) map[string]any {
	t.Helper()
	status, tree := apiGet(t, base+"/api/order/customerOrders/"+id, key)
	if status != http.StatusOK {
		t.Fatalf("read: %d", status)
	}
	for _, s := range tree["shipments"].([]any) {
		s.(map[string]any)["status"] = "Sent"
	}
	return tree
}
