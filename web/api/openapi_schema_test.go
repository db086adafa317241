package api

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

var updateOpenAPI = flag.Bool("update", false, "rewrite components.schemas in openapi.json from the Go models")

// The models components.schemas describes from their JSON: each is marshaled with every
// field filled, so what custom MarshalJSON methods add is described too. Nested schemas are
// named after the Go type found at the field.
var (
	timeType        = reflect.TypeOf(time.Time{})
	decimalType     = reflect.TypeOf(decimal.Decimal{})
	nullDecimalType = reflect.TypeOf(decimal.NullDecimal{})
	rawType         = reflect.TypeOf(json.RawMessage(nil))
)

// schemaNames renames Go types whose name would not say what they are in the document.
var schemaNames = map[string]string{"apiBalance": "OrderBalance"}

// addedFields are the Go types of members a MarshalJSON adds beside a type's own fields.
var addedFields = map[string]reflect.Type{
	"ShipmentPackage.items": reflect.TypeOf([]order.ShipmentItem(nil)),
	"CustomerOrder.balance": reflect.TypeOf(&apiBalance{}),
}

// fill sets every exported field of v (recursively) to a non-zero value; 16 levels reach the
// deepest member (an order's shipment package item's line item's dynamic property values), and
// the document comes out the same with 30.
func fill(v reflect.Value, depth int) {
	if depth > 16 || !v.CanSet() {
		return
	}
	switch v.Type() {
	case timeType:
		v.Set(reflect.ValueOf(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)))
		return
	case decimalType:
		v.Set(reflect.ValueOf(decimal.RequireFromString("1.5")))
		return
	case nullDecimalType:
		v.Set(reflect.ValueOf(decimal.NewNullDecimal(decimal.RequireFromString("1.5"))))
		return
	case rawType:
		v.Set(reflect.ValueOf(json.RawMessage(`"x"`)))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), depth+1)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), depth+1)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, depth+1)
		fill(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5)
	}
}

type schemaGen struct{ schemas map[string]map[string]any }

// jsonField is the field of struct type t (embedded structs followed) that JSON key name is
// written from.
func jsonField(t reflect.Type, name string) (reflect.Type, bool) {
	for _, f := range reflect.VisibleFields(t) {
		if !f.IsExported() || f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct {
			continue
		}
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" {
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		if tag == name {
			return f.Type, true
		}
	}
	added, ok := addedFields[t.Name()+"."+name]
	return added, ok
}

// describe is the schema of JSON value j written from Go type t (nil when no field has it).
func (g *schemaGen) describe(t reflect.Type, j any) map[string]any {
	nullable := false
	for t != nil && t.Kind() == reflect.Pointer {
		t, nullable = t.Elem(), true
	}
	s := map[string]any{}
	switch {
	case t == timeType:
		s["type"], s["format"] = "string", "date-time"
	case t == decimalType:
		s["type"] = "number"
	case t == nullDecimalType:
		s["type"], nullable = "number", true
	case t == rawType:
	case t != nil && t.Kind() == reflect.Struct && t.PkgPath() != "" && isObject(j):
		name := t.Name()
		if n, ok := schemaNames[name]; ok {
			name = n
		}
		g.object(name, t, j.(map[string]any))
		if nullable {
			return map[string]any{"allOf": []any{ref(name)}, "nullable": true}
		}
		return ref(name)
	default:
		switch j := j.(type) {
		case map[string]any:
			if t != nil && t.Kind() == reflect.Map {
				s["type"] = "object"
				for _, e := range j {
					s["additionalProperties"] = g.describe(t.Elem(), e)
				}
				break
			}
			s["type"] = "object"
			props := map[string]any{}
			for k, e := range j {
				var ft reflect.Type
				if t != nil && t.Kind() == reflect.Struct {
					ft, _ = jsonField(t, k)
				}
				props[k] = g.describe(ft, e)
			}
			s["properties"] = props
		case []any:
			var et reflect.Type
			if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
				et = t.Elem()
			}
			var e any
			if len(j) > 0 {
				e = j[0]
			}
			s["type"], s["items"] = "array", g.describe(et, e)
		case string:
			s["type"] = "string"
		case bool:
			s["type"] = "boolean"
		case json.Number:
			s["type"] = "number"
			if t != nil && t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64 {
				s["type"] = "integer"
			}
		}
	}
	if nullable {
		s["nullable"] = true
	}
	return s
}

func isObject(j any) bool { _, ok := j.(map[string]any); return ok }

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

// object merges the members of m, written from struct type t, into schema name: a parent's
// MarshalJSON may add members where the type is nested (Shipment's packages[].items).
func (g *schemaGen) object(name string, t reflect.Type, m map[string]any) {
	s, ok := g.schemas[name]
	if !ok {
		s = map[string]any{"type": "object", "properties": map[string]any{}}
		g.schemas[name] = s
	}
	props := s["properties"].(map[string]any)
	for k, e := range m {
		if _, done := props[k]; done && e == nil {
			continue
		}
		ft, _ := jsonField(t, k)
		p := g.describe(ft, e)
		if old, ok := props[k].(map[string]any); ok && len(old) > len(p) {
			continue
		}
		props[k] = p
	}
}

// marshaled is v as JSON decoded back, numbers kept as json.Number.
func marshaled(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// generatedSchemas derives the models' schemas.
func generatedSchemas(t *testing.T) map[string]map[string]any {
	g := &schemaGen{schemas: map[string]map[string]any{}}
	var o order.CustomerOrder
	fill(reflect.ValueOf(&o).Elem(), 0)
	doc := apiOrderJSON{order: &o, balance: &apiBalance{}}
	fill(reflect.ValueOf(doc.balance).Elem(), 0)
	g.object("CustomerOrder", reflect.TypeOf(o), marshaled(t, doc))
	// rowVersion and balance are the API's own, read only.
	props := g.schemas["CustomerOrder"]["properties"].(map[string]any)
	props["rowVersion"].(map[string]any)["readOnly"] = true
	props["balance"] = map[string]any{"allOf": []any{ref("OrderBalance")}, "readOnly": true}
	g.schemas["DynamicPropertyValue"]["properties"].(map[string]any)["value"] = map[string]any{
		"description": "the value as Virto writes it: JSON of the property's valueType"}
	var r order.Return
	fill(reflect.ValueOf(&r).Elem(), 0)
	g.object("Return", reflect.TypeOf(r), marshaled(t, r))
	return g.schemas
}

// schemasSpan is where components.schemas' object is in doc.
func schemasSpan(t *testing.T, doc []byte) (start, end int) {
	t.Helper()
	const key = "\n    \"schemas\": "
	i := bytes.Index(doc, []byte(key))
	if i < 0 || bytes.Count(doc, []byte(key)) != 1 {
		t.Fatal("openapi.json: components.schemas not found once at 4 spaces")
	}
	start = i + len(key)
	d := json.NewDecoder(bytes.NewReader(doc[start:]))
	var raw json.RawMessage
	if err := d.Decode(&raw); err != nil {
		t.Fatal(err)
	}
	return start, start + int(d.InputOffset())
}

// regenerated is openapi.json with its models' schemas generated again; other schemas and
// everything else are kept as they are, and so are descriptions the document gives.
func regenerated(t *testing.T, doc []byte) []byte {
	start, end := schemasSpan(t, doc)
	var old map[string]json.RawMessage
	if err := json.Unmarshal(doc[start:end], &old); err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	for k, v := range old {
		out[k] = v
	}
	for name, s := range generatedSchemas(t) {
		var prev map[string]any
		if raw, ok := old[name]; ok {
			_ = json.Unmarshal(raw, &prev)
		}
		for _, k := range []string{"description", "additionalProperties"} {
			if v, ok := prev[k]; ok {
				s[k] = v
			}
		}
		prevProps, _ := prev["properties"].(map[string]any)
		for k, p := range s["properties"].(map[string]any) {
			if pp, ok := prevProps[k].(map[string]any); ok && pp["description"] != nil {
				p.(map[string]any)["description"] = pp["description"]
			}
		}
		out[name] = s
	}
	b, err := json.MarshalIndent(out, "    ", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(append(append([]byte{}, doc[:start]...), b...), doc[end:]...)
}

// TestOpenAPISchemasMatchTheModels fails when a model's JSON has a field the document does
// not describe (or the other way round); go test ./web/api -run TestOpenAPISchemas -update
// rewrites them.
func TestOpenAPISchemasMatchTheModels(t *testing.T) {
	doc, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	want := regenerated(t, doc)
	if *updateOpenAPI {
		if err := os.WriteFile("openapi.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(doc, want) {
		t.Error("openapi.json's components.schemas differ from the models' JSON; run go test ./web/api -run TestOpenAPISchemas -update")
	}
}

// TestOpenAPIRefsResolve: every $ref in the document names a schema, parameter or response
// it has.
func TestOpenAPIRefsResolve(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	components := doc["components"].(map[string]any)
	refs := 0
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if r, ok := v["$ref"].(string); ok {
				refs++
				kind, name, _ := strings.Cut(strings.TrimPrefix(r, "#/components/"), "/")
				group, _ := components[kind].(map[string]any)
				if _, ok := group[name]; !ok || !strings.HasPrefix(r, "#/components/") {
					t.Errorf("$ref %q names nothing in the document", r)
				}
			}
			for _, e := range v {
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(doc)
	if refs < 50 {
		t.Errorf("only %d $refs found; the walk is broken", refs)
	}
}

// virtoAudit is what every Virto model inherits from AuditableEntity (Entity: id).
var virtoAudit = []string{"id", "createdDate", "createdBy", "modifiedDate", "modifiedBy"}

// virtoOperation is Virto's OrderOperation (src/VirtoCommerce.OrdersModule.Core/Model/OrderOperation.cs),
// the base of CustomerOrder, Shipment and PaymentIn.
var virtoOperation = []string{"operationType", "parentOperationId", "number", "isApproved", "status", "comment",
	"currency", "sum", "outerId", "childrenOperations", "cancelledState", "isCancelled", "cancelledDate",
	"cancelReason", "objectType", "dynamicProperties", "operationsLog"}

// virtoLacking are Virto's properties orderdesk deliberately does not have, with the reason.
var virtoLacking = map[string]string{
	"childrenOperations":   "Virto's derived tree of child operations, [SwaggerIgnore] in Virto; the children are items, shipments and inPayments, each with parentOperationId",
	"operationsLog":        "the change history is served by GET /api/order/customerOrders/{id}/changes (OperationLog), not inside the document",
	"relevanceScore":       "a search engine's ranking score; orderdesk's search is SQL filtering without relevance",
	"scopes":               "Virto's per-user security scopes; orderdesk applies an API key's scopes on the server",
	"reserveQuantity":      "inventory reservation; orderdesk keeps no inventory",
	"shippingMethod":       "the shipping module's method object; orderdesk keeps shipmentMethodCode and shipmentMethodOption",
	"paymentMethod":        "the payment module's method object; orderdesk keeps gatewayCode",
	"processPaymentResult": "a payment provider's transient result; orderdesk keeps transactions",
	"customerOrder":        "a back reference to the order holding the shipment; customerOrderId says it",
}

// TestOpenAPIHasVirtosProperties: the schemas have every public property of Virto's classes
// (VirtoCommerce/vc-module-order, src/VirtoCommerce.OrdersModule.Core/Model/), camelCased,
// but those virtoLacking explains.
func TestOpenAPIHasVirtosProperties(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatal(err)
	}
	operation := append(append([]string{}, virtoAudit...), virtoOperation...)
	want := map[string][]string{
		// CustomerOrder.cs
		"CustomerOrder": append([]string{"rowVersion", "customerId", "customerName", "channelId", "storeId", "storeName",
			"organizationId", "organizationName", "employeeId", "employeeName", "shoppingCartId", "isPrototype",
			"purchaseOrderNumber", "subscriptionNumber", "subscriptionId", "objectType", "addresses", "inPayments",
			"items", "shipments", "feeDetails", "relevanceScore", "discounts", "discountAmount", "taxDetails",
			"scopes", "total", "subTotal", "subTotalWithTax", "subTotalDiscount", "subTotalDiscountWithTax",
			"subTotalTaxTotal", "shippingTotal", "shippingTotalWithTax", "shippingSubTotal",
			"shippingSubTotalWithTax", "shippingDiscountTotal", "shippingDiscountTotalWithTax", "shippingTaxTotal",
			"paymentTotal", "paymentTotalWithTax", "paymentSubTotal", "paymentSubTotalWithTax",
			"paymentDiscountTotal", "paymentDiscountTotalWithTax", "paymentTaxTotal", "discountTotal",
			"discountTotalWithTax", "fee", "feeWithTax", "feeTotal", "feeTotalWithTax", "handlingTotal",
			"handlingTotalWithTax", "isAnonymous", "orderTotals", "taxType", "taxTotal", "taxPercentRate",
			"languageCode"}, operation...),
		// LineItem.cs
		"LineItem": append([]string{"customerOrderId", "priceId", "currency", "price", "priceWithTax", "listTotal",
			"listTotalWithTax", "placedPrice", "placedPriceWithTax", "extendedPrice", "extendedPriceWithTax",
			"discountAmount", "isDiscountAmountRounded", "discountAmountWithTax", "discountTotal",
			"discountTotalWithTax", "fee", "feeWithTax", "taxType", "taxTotal", "taxPercentRate",
			"reserveQuantity", "quantity", "productId", "sku", "productType", "catalogId", "categoryId", "name",
			"productOuterId", "comment", "status", "imageUrl", "isGift", "shippingMethodCode",
			"fulfillmentLocationCode", "fulfillmentCenterId", "fulfillmentCenterName", "outerId", "feeDetails",
			"vendorId", "isConfigured", "weightUnit", "weight", "measureUnit", "height", "length", "width",
			"isCancelled", "cancelledDate", "cancelReason", "dynamicProperties", "discounts", "taxDetails",
			"configurationItems"}, virtoAudit...),
		// Shipment.cs
		"Shipment": append([]string{"organizationId", "organizationName", "fulfillmentCenterId",
			"fulfillmentCenterName", "employeeId", "employeeName", "shipmentMethodCode", "shipmentMethodOption",
			"shippingMethod", "customerOrderId", "customerOrder", "items", "packages", "inPayments", "feeDetails",
			"weightUnit", "weight", "measureUnit", "height", "length", "width", "discounts", "deliveryAddress",
			"price", "priceWithTax", "total", "totalWithTax", "discountAmount", "discountAmountWithTax",
			"pickupLocationId", "fee", "feeWithTax", "trackingNumber", "trackingUrl", "deliveryDate", "objectType",
			"vendorId", "taxType", "taxTotal", "taxPercentRate", "taxDetails"}, operation...),
		// PaymentIn.cs
		"PaymentIn": append([]string{"orderId", "purpose", "gatewayCode", "paymentMethod", "organizationId",
			"organizationName", "customerId", "customerName", "incomingDate", "billingAddress", "paymentStatus",
			"authorizedDate", "capturedDate", "voidedDate", "processPaymentResult", "price", "priceWithTax",
			"total", "totalWithTax", "discountAmount", "discountAmountWithTax", "objectType", "feeDetails",
			"vendorId", "taxType", "taxTotal", "taxPercentRate", "taxDetails", "discounts", "transactions",
			"refunds", "captures"}, operation...),
	}
	for model, props := range want {
		have := doc.Components.Schemas[model].Properties
		for _, p := range props {
			_, ok := have[p]
			if _, lacking := virtoLacking[p]; lacking {
				if ok {
					t.Errorf("%s.%s is listed as lacking but the schema has it", model, p)
				}
				continue
			}
			if !ok {
				t.Errorf("%s has no %s, a property of Virto's %s", model, p, model)
			}
		}
	}
}
