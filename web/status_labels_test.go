package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/config"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// TestConfiguredStatusLabelsOnEveryPage configures labels (as [status_labels] would) and reads
// every page that shows a status to a person: each shows the label and never the stored code as
// text, while forms and filters still carry the stored value.
func TestConfiguredStatusLabelsOnEveryPage(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, func(c *config.Config) {
		c.Statuses.Labels[order.TypeCustomerOrder]["Not payed"] = "Awaiting payment"
		c.Statuses.Labels[order.TypeShipment]["PickPack"] = "Being picked"
		c.Statuses.Labels[order.TypePaymentIn] = map[string]string{"Paid": "Settled"}
	})
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	ctx := context.Background()
	o := demo.NewGenerator(62, srv.Clock.Now(), order.DefaultStatusRules()).Order(demo.Stores[0], demo.ScenarioPaid).Order
	o.Status, o.Shipments[0].Status = order.OrderNotPayed, order.ShipmentPickPack
	if err := srv.Store.CreateOrder(ctx, store.Actor{Label: "storefront", Source: store.SourceSystem}, o); err != nil {
		t.Fatal(err)
	}
	cur, err := srv.Store.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	cur.Status = order.OrderPending
	if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "erp", Source: store.SourceAPI}, cur); err != nil {
		t.Fatal(err)
	}
	cur.Status = order.OrderNotPayed
	if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "erp", Source: store.SourceAPI}, cur); err != nil {
		t.Fatal(err)
	}
	mgr, field := newClient(t, srv), newClient(t, srv)
	mgr.mustLogin("manager@example.com")
	field.mustLogin("field@example.com")

	for _, tc := range []struct {
		page       string
		c          *client
		want, gone []string
	}{
		{"/orders/" + o.ID, mgr,
			[]string{`data-testid="order-status">Awaiting payment<`, `>Being picked<`, `data-testid="payment-status">Settled<`,
				`<option value="Not payed" selected>Awaiting payment</option>`, "Order status Pending → Awaiting payment"},
			[]string{">Not payed<", ">PickPack<", ">Paid</span>", "→ Not payed"}},
		{"/orders?status=" + url.QueryEscape("Not payed"), mgr,
			[]string{`value="Not payed" checked> Awaiting payment</label>`, `>Awaiting payment</span>`},
			[]string{">Not payed<", "> Not payed</label>"}},
		{"/orders/" + o.ID + "/history", mgr,
			[]string{"Order status Pending → Awaiting payment", "Order status Awaiting payment → Pending", `data-testid="order-status">Awaiting payment<`},
			[]string{"Not payed"}},
		{"/field/orders/" + o.ID, field,
			[]string{`data-testid="field-status">Being picked<`},
			[]string{">PickPack<"}},
	} {
		res := tc.c.get(tc.page)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", tc.page, res.StatusCode)
		}
		for _, w := range tc.want {
			if !strings.Contains(res.body, w) {
				t.Errorf("%s lacks %s", tc.page, w)
			}
		}
		for _, g := range tc.gone {
			if strings.Contains(res.body, g) {
				t.Errorf("%s shows %s", tc.page, g)
			}
		}
	}
	if got, err := srv.Store.Order(ctx, o.ID); err != nil || got.Status != order.OrderNotPayed {
		t.Errorf("stored status %q (%v), want Virto's value kept", got.Status, err)
	}
}
