package web_test

import (
	"context"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// The documents tree puts a payment for one shipment under that shipment, and on the live page
// a payment is a short head linking to its card in the payments panel.
func TestDocumentsTree(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "ann@example.com", auth.RoleClerk)
	o := demo.NewGenerator(9, srv.Clock.Now(), order.DefaultStatusRules()).Order(demo.Stores[1], demo.ScenarioSplitShipment).Order
	if len(o.Shipments) < 2 || len(o.InPayments) == 0 {
		t.Fatalf("scenario has %d shipments, %d payments", len(o.Shipments), len(o.InPayments))
	}
	o.InPayments[0].ShipmentID = o.Shipments[0].ID
	if err := srv.Store.CreateOrder(context.Background(), store.Actor{Label: "storefront", Source: store.SourceSystem}, o); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv)
	c.mustLogin("ann@example.com")
	body := c.get("/orders/" + o.ID).body
	tree := body[strings.Index(body, `data-testid="documents"`):]
	first, pay, second := strings.Index(tree, `id="doc-`+o.Shipments[0].ID+`"`), strings.Index(tree, `id="doc-`+o.InPayments[0].ID+`"`),
		strings.Index(tree, `id="doc-`+o.Shipments[1].ID+`"`)
	if first < 0 || pay < 0 || second < 0 || !(first < pay && pay < second) {
		t.Fatalf("tree order: shipment %d, its payment %d, next shipment %d", first, pay, second)
	}
	if !strings.Contains(tree[pay:second], `href="#pay-`+o.InPayments[0].ID+`"`) || strings.Contains(tree[pay:second], "Purpose") {
		t.Error("the payment in the tree is not a short head linking to its card")
	}
	if !strings.Contains(body, `id="pay-`+o.InPayments[0].ID+`"`) {
		t.Error("no payment card to link to")
	}
}
