package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

func TestInvoiceAndPackingSlips(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "vera@example.com", auth.RoleViewer)
	srv.CreateUser(t, "finn@example.com", auth.RoleField)
	gen := demo.NewGenerator(7, srv.Clock.Now(), order.DefaultStatusRules())
	o := gen.Order(demo.Stores[0], demo.ScenarioSplitShipment).Order
	if err := srv.Store.CreateOrder(context.Background(), store.Actor{Label: "storefront", Source: store.SourceSystem}, o); err != nil {
		t.Fatal(err)
	}
	if len(o.Shipments) < 2 {
		t.Fatalf("the split-shipment scenario has %d shipments", len(o.Shipments))
	}
	vera, finn := newClient(t, srv), newClient(t, srv)
	vera.mustLogin("vera@example.com")
	finn.mustLogin("finn@example.com")
	cur := order.CurrencyFor(o.Currency)

	inv := vera.get("/orders/" + o.ID + "/invoice")
	if inv.StatusCode != http.StatusOK {
		t.Fatalf("invoice: %d", inv.StatusCode)
	}
	want := []string{o.Number, cur.Fixed(o.Total) + " " + o.Currency, "Balance due", `data-testid="invoice-taxes"`}
	for _, li := range o.Items {
		want = append(want, li.Sku, cur.Fixed(li.ExtendedPrice))
	}
	for _, tl := range order.TaxBreakdown(o, cur) {
		want = append(want, cur.Fixed(tl.Tax))
	}
	for _, w := range want {
		if !strings.Contains(inv.body, w) {
			t.Errorf("invoice lacks %q", w)
		}
	}
	if a := o.BillingAddress(); a == nil || !strings.Contains(inv.body, a.City) {
		t.Error("invoice lacks the billing address")
	}

	// Field staff see no prices: no invoice for them, and no link to one.
	if res := finn.get("/orders/" + o.ID + "/invoice"); res.StatusCode != http.StatusForbidden {
		t.Errorf("invoice without read-prices: %d, want 403", res.StatusCode)
	}
	if page := finn.get("/orders/" + o.ID); strings.Contains(page.body, "/invoice") || !strings.Contains(page.body, "/packing-slip") {
		t.Error("the order page's print links ignore the viewer's permissions")
	}

	// Packing slips: one per shipment, its items and no money; one shipment alone on request.
	slips := finn.get("/orders/" + o.ID + "/packing-slip")
	if n := slips.count(testid("packing-slip")); slips.StatusCode != http.StatusOK || n != len(o.Shipments) {
		t.Fatalf("packing slips: %d with %d slips, want %d", slips.StatusCode, n, len(o.Shipments))
	}
	for _, sh := range o.Shipments {
		if !strings.Contains(slips.body, sh.Number) {
			t.Errorf("no slip for shipment %s", sh.Number)
		}
	}
	if strings.Contains(slips.body, cur.Fixed(o.Total)) {
		t.Error("a packing slip shows the order total")
	}
	one := finn.get("/orders/" + o.ID + "/packing-slip?shipment=" + o.Shipments[1].ID)
	if one.count(testid("packing-slip")) != 1 || !strings.Contains(one.body, o.Shipments[1].Number) ||
		strings.Contains(one.body, o.Shipments[0].Number) {
		t.Error("?shipment= does not print that shipment alone")
	}
	if res := finn.get("/orders/" + o.ID + "/packing-slip?shipment=" + order.NewID()); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown shipment: %d, want 404", res.StatusCode)
	}
}

func TestShortcutHelp(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "finn@example.com", auth.RoleField)
	c := newClient(t, srv)
	c.mustLogin("finn@example.com")
	res := c.get("/help/shortcuts")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("shortcuts page: %d", res.StatusCode)
	}
	// Only the sections this role opens are listed.
	for _, want := range []string{"Go to Orders", "Go to Field", "Find an order"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("shortcuts lack %q", want)
		}
	}
	if strings.Contains(res.body, "Go to Admin") || strings.Contains(res.body, "Go to History") {
		t.Error("shortcuts list sections the role cannot open")
	}
}
