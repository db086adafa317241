package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// seedHistory creates a paid demo order and edits it: a price override with a reason, a comment,
// a quantity change. It returns the order as first saved and as it is now.
func seedHistory(t *testing.T, srv *testenv.Server) (first, now *order.CustomerOrder) {
	t.Helper()
	ctx := context.Background()
	o := demo.NewGenerator(31, srv.Clock.Now(), order.DefaultStatusRules()).Order(demo.Stores[0], demo.ScenarioPaid).Order
	o.CustomerName = `<b>Bold</b> Customer`
	ann := store.Actor{UserID: "u-ann", Label: "ann@example.com", Source: store.SourceDesk}
	if err := srv.Store.CreateOrder(ctx, ann, o); err != nil {
		t.Fatal(err)
	}
	first = o.Clone()
	edit := func(by store.Actor, f func(o *order.CustomerOrder)) {
		t.Helper()
		srv.Clock.Advance(3600e9)
		cur, err := srv.Store.Order(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		f(cur)
		if err := srv.Store.SaveOrder(ctx, by, cur); err != nil {
			t.Fatal(err)
		}
	}
	withReason := ann
	withReason.Reason = "price match with competitor"
	edit(withReason, func(o *order.CustomerOrder) { o.Items[0].Price = o.Items[0].Price.Sub(decimal.NewFromInt(1)) })
	edit(store.Actor{UserID: "u-bob", Label: "bob@example.com", Source: store.SourceTablet},
		func(o *order.CustomerOrder) { o.Comment = "Leave with the neighbour" })
	edit(ann, func(o *order.CustomerOrder) { o.Items[0].Quantity++ })
	now, err := srv.Store.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	return first, now
}

func TestOrderPageShowsEveryPanelAndHidesMoney(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	_, o := seedHistory(t, srv)
	cur := order.CurrencyFor(o.Currency)
	total := cur.Fixed(o.Total)

	clerk := newClient(t, srv)
	clerk.mustLogin("clerk@example.com")
	page := clerk.get("/orders/" + o.ID)
	if page.StatusCode != http.StatusOK {
		t.Fatalf("order page: %d", page.StatusCode)
	}
	for _, want := range []string{
		o.Number, o.Items[0].Sku, o.Items[0].Name, o.Shipments[0].Number, o.InPayments[0].Number,
		`data-testid="totals"`, `data-testid="money"`, total, "Balance due", "Leave with the neighbour",
		`id="doc-` + o.InPayments[0].ID + `"`, "price match with competitor", `data-testid="recent-history"`,
		"&lt;b&gt;Bold&lt;/b&gt; Customer",
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("clerk's order page lacks %q", want)
		}
	}
	if strings.Contains(page.body, "<b>Bold</b>") {
		t.Error("customer name not escaped")
	}

	field := newClient(t, srv)
	field.mustLogin("field@example.com")
	page = field.get("/orders/" + o.ID)
	if page.StatusCode != http.StatusOK {
		t.Fatalf("field staff: %d", page.StatusCode)
	}
	for _, leak := range []string{total, cur.Fixed(o.Items[0].Price), `data-testid="totals"`, "Balance due"} {
		if strings.Contains(page.body, leak) {
			t.Errorf("field staff (no read-prices) see %q", leak)
		}
	}
	if !strings.Contains(page.body, "price ••• → •••") || !strings.Contains(page.body, o.Items[0].Sku) {
		t.Error("field staff do not see that the price changed, without the amounts")
	}

	for _, path := range []string{"/orders/01ARZ3NDEKTSV4RRFFQ69G5FAV", "/orders/not-an-id"} {
		if res := clerk.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
}

func TestOrderVersionIsThePastOrderReadOnly(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	first, now := seedHistory(t, srv)
	sets, err := srv.Store.OrderHistory(context.Background(), now.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	cur := order.CurrencyFor(now.Currency)

	page := c.get("/orders/" + now.ID + "/versions/" + sets[0].ID)
	if page.StatusCode != http.StatusOK {
		t.Fatalf("version page: %d\n%s", page.StatusCode, page.body)
	}
	for _, want := range []string{`data-testid="asof-banner"`, "Version 1", "Back to the current order", cur.Fixed(first.Total),
		cur.Fixed(first.Items[0].Price)} {
		if !strings.Contains(page.body, want) {
			t.Errorf("version 1 lacks %q", want)
		}
	}
	if strings.Contains(page.body, "Leave with the neighbour") || strings.Contains(page.body, cur.Fixed(now.Total)) {
		t.Error("version 1 shows a later comment or total")
	}
	// Version 3 has the comment but not yet the quantity change.
	page = c.get("/orders/" + now.ID + "/versions/" + sets[2].ID)
	if !strings.Contains(page.body, "Leave with the neighbour") || !strings.Contains(page.body, "Version 3") {
		t.Error("version 3 lacks the comment made in it")
	}
	if res := c.get("/orders/" + now.ID + "/versions/01ARZ3NDEKTSV4RRFFQ69G5FAV"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown version: %d", res.StatusCode)
	}
}

// TestEveryDemoOrderRenders opens the page of orders of every demo scenario (cancelled, split
// shipments, partial captures and refunds, returns) and checks each names all its documents.
func TestEveryDemoOrderRenders(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	ctx := context.Background()
	by := store.Actor{Label: "demo", Source: store.SourceSystem}
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	for _, d := range demo.NewGenerator(17, srv.Clock.Now(), order.DefaultStatusRules()).Orders(24) {
		if err := srv.Store.CreateOrder(ctx, by, d.Order); err != nil {
			t.Fatal(err)
		}
		for i := range d.Returns {
			d.Returns[i].OrderID = d.Order.ID
			if err := srv.Store.CreateReturn(ctx, by, &d.Returns[i]); err != nil {
				t.Fatal(err)
			}
		}
		page := c.get("/orders/" + d.Order.ID)
		if page.StatusCode != http.StatusOK {
			t.Fatalf("%s (%s): %d", d.Order.Number, d.Scenario, page.StatusCode)
		}
		want := []string{d.Order.Number}
		for _, op := range d.Order.Operations() {
			want = append(want, op.Op.Number)
		}
		for _, r := range d.Returns {
			want = append(want, r.Number)
		}
		for _, w := range want {
			if !strings.Contains(page.body, w) {
				t.Errorf("%s (%s): page lacks %s", d.Order.Number, d.Scenario, w)
			}
		}
		if d.Order.IsCancelled && !strings.Contains(page.body, "notice-bad") {
			t.Errorf("%s (%s): cancelled order not marked", d.Order.Number, d.Scenario)
		}
	}
}

// TestPrintButtonsStayOnEveryTab: the Invoice and Packing slip buttons are on the order tab,
// the history tab and the comparison alike (Invoice only for those who may see prices).
func TestPrintButtonsStayOnEveryTab(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	_, o := seedHistory(t, srv)
	clerk, field := newClient(t, srv), newClient(t, srv)
	clerk.mustLogin("clerk@example.com")
	field.mustLogin("field@example.com")
	for _, path := range []string{"/orders/" + o.ID, "/orders/" + o.ID + "/history", "/orders/" + o.ID + "/compare"} {
		page := clerk.get(path)
		if page.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, page.StatusCode)
		}
		for _, want := range []string{`data-testid="print-invoice"`, `data-testid="print-slip"`} {
			if !strings.Contains(page.body, want) {
				t.Errorf("%s lacks %s for a clerk", path, want)
			}
		}
		page = field.get(path)
		if page.StatusCode == http.StatusOK && page.has(testid("print-invoice")) {
			t.Errorf("%s offers the invoice to someone who may not see prices", path)
		}
	}
}
