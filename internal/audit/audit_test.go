package audit

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"orderdesk/internal/order"
)

func TestFlattenPaths(t *testing.T) {
	o := sampleOrder()
	flat := Flatten(o)
	for _, tc := range []struct {
		path   string
		want   string // "" with absent: the path must not exist
		absent bool
	}{
		{path: "number", want: "CO241123-00001"},
		{path: "id", want: "CO-ID"},
		{path: "isApproved", want: "false"},                 // no omitempty: always there
		{path: "fee", want: "1.5"},                          // decimal.String: 1.50 and 1.5 are one value
		{path: "createdDate", want: "2024-11-23T09:30:00Z"}, // RFC 3339 UTC
		{path: "comment", absent: true},                     // empty omitempty field
		{path: "cancelledDate", absent: true},               // nil pointer
		{path: "items[L1].price", want: "10"},
		{path: "items[L1].quantity", want: "2"},
		{path: "items[L2].weight", want: "0.35"},
		{path: "items[L1].weight", absent: true}, // null decimal
		{path: "items[L1].discounts[D1].promotionName", want: "Autumn sale"},
		{path: "items[L1].taxDetails[T1].amount", want: "3.6"},
		{path: "items[L3].dynamicProperties[P-ENGR].values[V3].shortTextValue", want: "A & L"},
		{path: "shipments[S1].items[SI1].quantity", want: "2"},
		{path: "shipments[S1].items[SI2].shipmentPackageId", want: "PK1"},
		{path: "shipments[S1].packages[PK1].weight", want: "1.2"},
		{path: "shipments[S1].deliveryAddress.city", want: "Lyon"},
		{path: "shipments[S1].deliveryAddress.key", want: "A-DEL1"},
		{path: "shipments[S2].deliveryAddress.city", want: "Nantes"},
		{path: "inPayments[P1].captures[C1].amount", want: "40"},
		{path: "inPayments[P1].captures[C1].items[CI1].lineItemId", want: "L1"},
		{path: "inPayments[P1].refunds[R1].reasonCode", want: "Other"},
		{path: "inPayments[P1].transactions[TX2].type", want: "Capture"},
		{path: "inPayments[P1].capturedDate", want: "2024-11-23T09:00:00Z"}, // +01:00 made UTC
		{path: "inPayments[P1].billingAddress.addressType", want: "Billing"},
		{path: "addresses[A-BILL].city", want: "Paris"},
		{path: "addresses[A-SHIP].addressType", want: "Shipping"},
		{path: "dynamicProperties[P-PRIO].values[V2].integerValue", want: "2"},
		{path: "discounts[OD1].coupon", want: "WELCOME"},
		{path: "feeDetails[OF1].feeId", want: "handling"},
		{path: "orderTotals[EUR].currencyCode", want: "EUR"},
		{path: "total", want: o.Total.String()},
	} {
		got, ok := flat[tc.path]
		if ok == tc.absent || got != tc.want {
			t.Errorf("%s = %q (present %v), want %q (present %v)", tc.path, got, ok, tc.want, !tc.absent)
		}
	}
	if len(Flatten(nil)) != 0 {
		t.Error("Flatten(nil) is not empty")
	}
}

func TestKeys(t *testing.T) {
	o := sampleOrder()
	o.Items[0].ID = `odd]id\x`
	o.Items[1].ID = "#7"
	o.Addresses[0].ID, o.Addresses[1].ID = "", ""     // not yet through EnsureIDs: by position
	o.Discounts = append(o.Discounts, o.Discounts[0]) // duplicate ids: both by position
	o.DynamicProperties[0].ID = ""                    // custom field without id: by name
	flat := Flatten(o)
	for _, p := range []string{
		`items[odd\]id\\x].sku`, `items[\#7].sku`, "addresses[#0].city", "addresses[#1].city",
		"discounts[#0].coupon", "discounts[#1].coupon", "dynamicProperties[Gift message].name",
	} {
		if _, ok := flat[p]; !ok {
			t.Errorf("no path %s", p)
		}
	}
	next := o.Clone()
	next.Items[0].Quantity = 9
	next.Items[1].Name = "Renamed"
	d := Diff(o, next)
	if len(d) != 2 || d[0].EntityID != `odd]id\x` || d[1].EntityID != "#7" {
		t.Fatalf("diff = %+v", d)
	}
	got, err := Apply(o, d)
	if err != nil {
		t.Fatal(err)
	}
	sameState(t, "apply", got, next)
}

func TestParsePath(t *testing.T) {
	for _, tc := range []struct {
		path string
		want []segment
	}{
		{"number", []segment{{name: "number"}}},
		{"items[L1].price", []segment{{name: "items", key: "L1", hasKey: true}, {name: "price"}}},
		{`items[a\]b.c].x`, []segment{{name: "items", key: `a\]b.c`, hasKey: true}, {name: "x"}}},
		{"shipments[S].deliveryAddress.city", []segment{{name: "shipments", key: "S", hasKey: true}, {name: "deliveryAddress"}, {name: "city"}}},
		{"items", []segment{{name: "items"}}},
	} {
		got, err := parsePath(tc.path)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("parsePath(%q) = %+v, %v; want %+v", tc.path, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", ".x", "x.", "items[L1", "items[L1]x", "a..b", "[k]"} {
		if _, err := parsePath(bad); !errors.Is(err, ErrBadPath) {
			t.Errorf("parsePath(%q) err = %v, want ErrBadPath", bad, err)
		}
	}
}

func TestDiffIdentical(t *testing.T) {
	o := sampleOrder()
	c := o.Clone()
	c.CreatedDate = c.CreatedDate.In(time.FixedZone("CET", 3600)) // same instant, other zone
	c.Fee = dec("1.500")                                          // same value, other scale
	if d := Diff(o, c); len(d) != 0 {
		t.Fatalf("Diff of identical orders = %+v", d)
	}
	if d := Diff(nil, nil); d != nil {
		t.Fatalf("Diff(nil, nil) = %+v", d)
	}
}

func TestDiffChanges(t *testing.T) {
	before := sampleOrder()
	after := before.Clone()
	after.Status = "Processing"
	after.Items[0].Quantity = 3
	after.Shipments[0].DeliveryAddress.City = "Dijon"
	after.InPayments[0].BillingAddress = nil
	after.Shipments[1].Items = nil
	after.InPayments[0].Captures = append(after.InPayments[0].Captures, order.Capture{
		Operation: order.Operation{ID: "C2", Number: "CA-2"}, Amount: dec("12.5"),
		Items: []order.CaptureItem{{ID: "CI2", LineItemID: "L2", Quantity: 1}}})
	after.Items = slices.Insert(after.Items, 1, order.LineItem{ID: "L0", Sku: "SKU-0", Quantity: 1, Price: dec("3")})

	type row struct {
		path, entity, id, field string
		op                      Op
		old, new                *string
		pos                     int
	}
	var got []row
	for _, c := range Diff(before, after) {
		got = append(got, row{c.Path, c.Entity, c.EntityID, c.Field, c.Op, c.Old, c.New, c.Pos})
	}
	want := []row{
		{"status", "CustomerOrder", "CO-ID", "status", Changed, str("New"), str("Processing"), 0},
		{"items[L1].quantity", "LineItem", "L1", "quantity", Changed, str("2"), str("3"), 0},
		{"items[L0]", "LineItem", "L0", "", Added, nil, nil, 1},
		{"shipments[S1].deliveryAddress.city", "Address", "A-DEL1", "city", Changed, str("Lyon"), str("Dijon"), 0},
		{"shipments[S2].items[SI3]", "ShipmentItem", "SI3", "", Removed, nil, nil, 0},
		{"inPayments[P1].billingAddress", "Address", "A-PAY1", "", Removed, nil, nil, 0},
		{"inPayments[P1].captures[C2]", "Capture", "C2", "", Added, nil, nil, 1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d changes, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.path != w.path || g.entity != w.entity || g.id != w.id || g.field != w.field || g.op != w.op ||
			!eqPtr(g.old, w.old) || !eqPtr(g.new, w.new) || g.pos != w.pos {
			t.Errorf("change %d = %+v, want %+v", i, g, w)
		}
	}
	// An added element carries all of itself, nested collections included, in document order.
	c := Diff(before, after)[6]
	if !slices.Contains(c.Fields, Leaf{"items[CI2].lineItemId", "L2"}) || !slices.Contains(c.Fields, Leaf{"amount", "12.5"}) {
		t.Errorf("added capture fields = %+v", c.Fields)
	}
	got2, err := Apply(before, Diff(before, after))
	if err != nil {
		t.Fatal(err)
	}
	sameState(t, "apply", got2, after)
}

func eqPtr(a, b *string) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func TestCreateAndDelete(t *testing.T) {
	o := sampleOrder()
	d := Diff(nil, o)
	for _, c := range d {
		if c.Op != Added || c.Old != nil {
			t.Fatalf("creation change %+v is not an addition", c)
		}
	}
	// One change per header field and per top-level element, nothing nested.
	header := 0
	for p := range Flatten(o) {
		if !strings.ContainsAny(p, ".[") {
			header++
		}
	}
	elements := len(o.DynamicProperties) + len(o.OrderTotals) + len(o.Addresses) + len(o.Items) + len(o.Shipments) +
		len(o.InPayments) + len(o.Discounts) + len(o.TaxDetails) + len(o.FeeDetails)
	if len(d) != header+elements {
		t.Fatalf("%d creation changes, want %d header fields + %d elements", len(d), header, elements)
	}
	built, err := Apply(nil, d)
	if err != nil {
		t.Fatal(err)
	}
	sameState(t, "created", built, o)
	if back, err := Revert(o, d); err != nil || back != nil {
		t.Fatalf("Revert(creation) = %v, %v; want nil", back, err)
	}
	del := Diff(o, nil)
	if gone, err := Apply(o, del); err != nil || gone != nil {
		t.Fatalf("Apply(deletion) = %v, %v; want nil", gone, err)
	}
	if back, err := Revert(nil, del); err != nil {
		t.Fatal(err)
	} else {
		sameState(t, "undeleted", back, o)
	}
}

func TestApplyConflicts(t *testing.T) {
	before := sampleOrder()
	after := before.Clone()
	after.Status = "Processing"
	d := Diff(before, after)
	if _, err := Apply(after, d); !errors.Is(err, ErrConflict) {
		t.Errorf("applying twice: err = %v, want ErrConflict", err)
	}

	after = before.Clone()
	after.Items = after.Items[1:]
	d = Diff(before, after)
	if _, err := Apply(after, d); !errors.Is(err, ErrConflict) {
		t.Errorf("removing a missing line: err = %v, want ErrConflict", err)
	}
	changed := before.Clone()
	changed.Items[0].Name = "Other"
	if _, err := Apply(changed, d); !errors.Is(err, ErrConflict) {
		t.Errorf("removing a line that differs: err = %v, want ErrConflict", err)
	}
	if _, err := Revert(before, d); !errors.Is(err, ErrConflict) {
		t.Errorf("re-adding an existing line: err = %v, want ErrConflict", err)
	}

	for _, c := range []Change{
		{Path: "nosuch", Op: Changed, New: str("x")},
		{Path: "items[L1].nosuch", Op: Changed, New: str("x")},
		{Path: "items[L9].sku", Op: Changed, New: str("x")},
		{Path: "items[L1", Op: Changed},
		{Path: "items", Op: Added},
		{Path: "number[x]", Op: Changed},
		{Path: "items[L9]", Op: Added, Fields: []Leaf{{"nosuch", "1"}}},
		{Path: "items[L9]", Op: Added, Fields: []Leaf{{"quantity", "many"}}},
		{Path: "items", Op: Reordered, New: str("[L1][L2]")},
	} {
		if _, err := Apply(before, []Change{c}); err == nil {
			t.Errorf("Apply(%+v) succeeded", c)
		}
	}
	if before.Status != "New" || len(before.Items) != 3 {
		t.Error("Apply modified its input")
	}
}

// TestReorder: a reordered collection is one change and order is restored both ways.
func TestReorder(t *testing.T) {
	before := sampleOrder()
	after := before.Clone()
	after.Items[0], after.Items[2] = after.Items[2], after.Items[0]
	after.Items = append(after.Items[:1], after.Items[2:]...) // and drop L2
	d := Diff(before, after)
	if len(d) != 2 || d[0].Op != Removed || d[1].Op != Reordered || *d[1].Old != "[L1][L2][L3]" || *d[1].New != "[L3][L1]" {
		t.Fatalf("diff = %+v", d)
	}
	got, err := Apply(before, d)
	if err != nil {
		t.Fatal(err)
	}
	sameState(t, "apply", got, after)
	back, err := Revert(after, d)
	if err != nil {
		t.Fatal(err)
	}
	sameState(t, "revert", back, before)
}

// TestReturn: the generic functions work for the other aggregate.
func TestReturn(t *testing.T) {
	before := &order.Return{ID: "RT1", Number: "RET-1", OrderID: "CO-ID", Status: "New",
		LineItems: []order.ReturnLineItem{{ID: "RL1", OrderLineItemID: "L1", Quantity: 1, Price: dec("10")}}}
	after := before.Clone()
	after.Status = "Approved"
	after.LineItems[0].Quantity = 2
	after.LineItems = append(after.LineItems, order.ReturnLineItem{ID: "RL2", OrderLineItemID: "L2", Quantity: 1, Price: dec("25.5")})
	d := DiffOf(before, after)
	names := NamesOf(sampleOrder()) // order lines name the return lines
	maps.Copy(names, FlattenOf(after))
	var sentences []string
	for _, c := range d {
		sentences = append(sentences, Describe(c, names))
	}
	want := []string{"Return status New → Approved", "Return line SKU-1 quantity 1 → 2", "Return line SKU-2 added: quantity 1"}
	if !slices.Equal(sentences, want) {
		t.Errorf("sentences = %q, want %q", sentences, want)
	}
	got, err := ApplyOf(before, d)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(leavesOf(encode(got)), leavesOf(encode(after))) {
		t.Error("ApplyOf(return) differs")
	}
	if back, err := RevertOf(after, d); err != nil || len(DiffOf(back, before)) != 0 {
		t.Errorf("RevertOf(return) = %+v, %v", back, err)
	}
}

func TestIsMoneyField(t *testing.T) {
	for path, want := range map[string]bool{
		"total": true, "sum": true, "items[L1].price": true, "items[L1].placedPriceWithTax": true,
		"items[L1].discountAmount": true, "subTotalDiscount": true, "feeTotalWithTax": true, "taxTotal": true,
		"inPayments[P].captures[C].amount": true, "orderTotals[EUR].total": true, "shipments[S].fee": true,
		"items[L1].configurationItems[X].salePrice": true, "items[L1].taxDetails[T].amount": true,
		"number": false, "items[L1].quantity": false, "taxPercentRate": false, "taxType": false,
		"items[L1].priceId": false, "feeDetails[F].feeId": false, "items[L1].isDiscountAmountRounded": false,
		"inPayments[P].transactions[T].processAttemptCount": false, "taxDetails[T].rate": false,
		"items[L1].weight": false, "dynamicProperties[P].values[V].decimalValue": false, "currency": false,
		"discounts[D].promotionName": false, "items[L1]": false,
	} {
		if got := IsMoneyField(path); got != want {
			t.Errorf("IsMoneyField(%q) = %v, want %v", path, got, want)
		}
	}
}
