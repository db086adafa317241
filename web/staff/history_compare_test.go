package staff

import (
	"strings"
	"testing"

	"orderdesk/internal/order"
	"orderdesk/templates/history"
)

// Two versions of an order compared side by side, without a database.

// compareVersions: in a, lines A (2 units) and B, payment PAY-1 pending for 100.00 and PAY-0
// cancelled; in b, A has 3 units, B is gone and C is new, PAY-1 is paid, PAY-0 is gone and
// PAY-2 was added, the comment changed
// and the total grew by 10.00 while the shipping fell by 5.00.
func compareVersions() (a, b *order.CustomerOrder) {
	a = &order.CustomerOrder{
		Operation: order.Operation{ID: "o1", Number: "CO-1", Currency: "USD", Status: order.OrderNew, Comment: "call first"},
		Total:     dec("100"), SubTotal: dec("90"), ShippingTotal: dec("10"),
		Items: []order.LineItem{{ID: "A", Sku: "SKU-A", Name: "Anvil", OrderID: "o1", Quantity: 2, Price: dec("30")},
			{ID: "B", Sku: "SKU-B", Name: "Bolt", OrderID: "o1", Quantity: 1, Price: dec("30")}},
		InPayments: []order.PaymentIn{{Operation: order.Operation{ID: "p1", Number: "PAY-1", Currency: "USD",
			Status: string(order.PaymentPending), Sum: dec("100")}},
			{Operation: order.Operation{ID: "p0", Number: "PAY-0", Currency: "USD", Status: string(order.PaymentNew), IsCancelled: true}}},
	}
	b = &order.CustomerOrder{
		Operation: order.Operation{ID: "o1", Number: "CO-1", Currency: "USD", Status: order.OrderProcessing, Comment: "leave at the door"},
		Total:     dec("110"), SubTotal: dec("105"), ShippingTotal: dec("5"),
		Items: []order.LineItem{{ID: "A", Sku: "SKU-A", Name: "Anvil", OrderID: "o1", Quantity: 3, Price: dec("30")},
			{ID: "C", Sku: "SKU-C", Name: "Chain", OrderID: "o1", Quantity: 1, Price: dec("15")}},
		InPayments: []order.PaymentIn{
			{Operation: order.Operation{ID: "p1", Number: "PAY-1", Currency: "USD", Status: string(order.PaymentPaid), Sum: dec("100")}},
			{Operation: order.Operation{ID: "p2", Number: "PAY-2", Currency: "USD", Status: string(order.PaymentNew), Sum: dec("10")}},
		},
	}
	return a, b
}

func cellOf(cells []history.Cell, label string) (history.Cell, bool) {
	for _, c := range cells {
		if c.Label == label {
			return c, true
		}
	}
	return history.Cell{}, false
}

// TestCompareViewLines: lines are matched by id, b's first then those only a had, each marked
// added, removed, changed or unchanged, with prices only for those who may see them.
func TestCompareViewLines(t *testing.T) {
	for _, showPrices := range []bool{false, true} {
		a, b := compareVersions()
		v := compareView(a, b, nil, nil, showPrices, order.DefaultStatusRules())
		var got []string
		for _, l := range v.Lines {
			got = append(got, l.Sku+":"+l.State)
			if _, ok := cellOf(l.Cells, "Price"); ok != showPrices {
				t.Errorf("prices %v: line %s has a price cell %v", showPrices, l.Sku, ok)
			}
		}
		if want := "SKU-A:changed SKU-C:added SKU-B:removed"; strings.Join(got, " ") != want {
			t.Errorf("lines %q, want %q", strings.Join(got, " "), want)
		}
		if q, _ := cellOf(v.Lines[0].Cells, "Quantity"); q.A != "2" || q.B != "3" || !q.Changed {
			t.Errorf("quantity of A %+v", q)
		}
		if q, _ := cellOf(v.Lines[1].Cells, "Quantity"); q.A != "" || q.B != "1" {
			t.Errorf("quantity of the added line %+v", q)
		}
		if c, _ := cellOf(v.Lines[2].Cells, "Cancelled"); c.A != "No" || c.B != "" {
			t.Errorf("cancelled cell of the removed line %+v", c)
		}
	}

	// The same version on both sides: nothing changed.
	a, _ := compareVersions()
	v := compareView(a, a, nil, nil, true, order.DefaultStatusRules())
	for _, l := range v.Lines {
		if l.State != "" {
			t.Errorf("line %s against itself is %q", l.Sku, l.State)
		}
	}
	for _, d := range v.Documents {
		if d.State != "" {
			t.Errorf("document %s against itself is %q", d.Number, d.State)
		}
	}
	if len(v.Sentences) != 0 {
		t.Errorf("an order against itself says %q", v.Sentences)
	}
}

// TestCompareViewHeaderAndDocuments: the header cells and documents say what changed.
func TestCompareViewHeaderAndDocuments(t *testing.T) {
	a, b := compareVersions()
	rules := order.DefaultStatusRules()
	v := compareView(a, b, nil, nil, true, rules)
	if c, _ := cellOf(v.Header, "Comment"); c.A != a.Comment || c.B != b.Comment || !c.Changed {
		t.Errorf("comment cell %+v", c)
	}
	if c, _ := cellOf(v.Header, "Status"); !c.Changed || c.A == "" || c.B == "" {
		t.Errorf("status cell %+v", c)
	}
	if c, _ := cellOf(v.Header, "Cancelled"); c.Changed || c.A != "No" {
		t.Errorf("cancelled cell %+v", c)
	}
	states := map[string]string{}
	for _, d := range v.Documents {
		states[d.Number] = d.State
		if d.Number == "PAY-1" {
			if s, _ := cellOf(d.Cells, "Status"); !s.Changed || s.A != rules.Label(order.TypePaymentIn, a.InPayments[0].Status) {
				t.Errorf("PAY-1 status cell %+v", s)
			}
		}
	}
	if states["PAY-1"] != "changed" || states["PAY-2"] != "added" || states["PAY-0"] != "removed" {
		t.Errorf("document states %v, want PAY-1 changed, PAY-2 added and PAY-0 removed", states)
	}
	if last := v.Documents[len(v.Documents)-1]; last.Number != "PAY-0" {
		t.Errorf("the document only a has comes %q, want it last", last.Number)
	}
	said := strings.Join(v.Sentences, "\n")
	if !strings.Contains(said, "Order comment call first → leave at the door") || !strings.Contains(said, "PAY-1") {
		t.Errorf("the sentences do not say what changed:\n%s", said)
	}
	if strings.Contains(said, "total") {
		t.Errorf("the sentences repeat the totals, which have their own table:\n%s", said)
	}
}

// TestCompareViewTotals: each total on both sides with a signed difference, "—" when equal,
// and none at all without prices.
func TestCompareViewTotals(t *testing.T) {
	a, b := compareVersions()
	v := compareView(a, b, nil, nil, true, order.DefaultStatusRules())
	cur := order.CurrencyFor("USD")
	want := map[string][3]string{
		"Subtotal": {cur.Fixed(a.SubTotal), cur.Fixed(b.SubTotal), "+15.00"},
		"Shipping": {cur.Fixed(a.ShippingTotal), cur.Fixed(b.ShippingTotal), "-5.00"},
		"Tax":      {"0.00", "0.00", "—"},
		"Total":    {"100.00", "110.00", "+10.00"},
	}
	for _, tot := range v.Totals {
		w, ok := want[tot.Label]
		if !ok {
			continue
		}
		if tot.A != w[0] || tot.B != w[1] || tot.Delta != w[2] || tot.Changed != (w[2] != "—") {
			t.Errorf("%s = %+v, want %v", tot.Label, tot, w)
		}
		delete(want, tot.Label)
	}
	if len(want) > 0 {
		t.Errorf("totals missing: %v", want)
	}
	if v := compareView(a, b, nil, nil, false, order.DefaultStatusRules()); v.Totals != nil || v.ShowPrices {
		t.Errorf("without prices: %d totals", len(v.Totals))
	}
}

// TestCompareViewNewOrder: against no earlier version every line and document is added, the
// earlier header is blank, and the sentences do not list every header field.
func TestCompareViewNewOrder(t *testing.T) {
	_, b := compareVersions()
	v := compareView(nil, b, nil, nil, true, order.DefaultStatusRules())
	for _, l := range v.Lines {
		if l.State != "added" {
			t.Errorf("line %s is %q, want added", l.Sku, l.State)
		}
	}
	for _, d := range v.Documents {
		if d.State != "added" {
			t.Errorf("document %s is %q, want added", d.Number, d.State)
		}
	}
	if c, _ := cellOf(v.Header, "Status"); c.A != "" || c.B == "" {
		t.Errorf("status cell of a new order %+v", c)
	}
	if c, _ := cellOf(v.Header, "Cancelled"); c.A != "No" {
		t.Errorf("cancelled cell of a new order %+v", c)
	}
	for _, s := range v.Sentences {
		if strings.Contains(s, "leave at the door") {
			t.Errorf("a new order's sentences list its header fields: %q", s)
		}
	}
	if tot := v.Totals[len(v.Totals)-1]; tot.A != "0.00" || tot.Delta != "+110.00" {
		t.Errorf("total of a new order %+v", tot)
	}
}
