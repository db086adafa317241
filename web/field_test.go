package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestFieldFlow: find by the shipment number, pick, pack, ship with tracking, deliver with the
// receiver's name; every step an audited change from the tablet; a step someone already took is
// explained, not repeated.
func TestFieldFlow(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	var o *order.CustomerOrder
	var sh *order.Shipment
	for _, d := range orders {
		for i := range d.Order.Shipments {
			if s := &d.Order.Shipments[i]; s.Status == order.ShipmentNew && !s.IsCancelled && len(s.Items) > 0 && !d.Order.IsCancelled {
				o, sh = d.Order, s
			}
		}
	}
	if o == nil {
		t.Fatal("no new shipment in the fixture")
	}
	c := newClient(t, srv)
	c.mustLogin("field@example.com")
	// A shipment number names one shipment, but an imported one may be held twice: then the
	// screen lists the matches; one match opens the order at once.
	res := c.get("/field?q=" + url.QueryEscape(sh.Number))
	opened := res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") == "/field/orders/"+o.ID
	listed := res.StatusCode == http.StatusOK && strings.Contains(res.body, `href="/field/orders/`+o.ID+`"`)
	if !opened && !listed {
		t.Fatalf("find by shipment number: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res := c.get("/field?q=" + url.QueryEscape(o.Number) + "+" + url.QueryEscape("store:"+`"`+o.StoreName+`"`)); res.StatusCode != http.StatusSeeOther {
		t.Errorf("find by order number in its store: %d", res.StatusCode)
	}
	path := "/field/orders/" + o.ID + "/shipments/" + sh.ID
	token := c.token("/field/orders/" + o.ID)
	step := func(values url.Values) response {
		values.Set("gorilla.csrf.Token", token)
		return c.post(path, values)
	}
	picked := url.Values{"step": {"picked"}}
	for _, it := range sh.Items {
		picked.Add("picked", it.ID)
	}
	for _, tc := range []struct {
		form   url.Values
		status string
	}{
		{picked, order.ShipmentPickPack},
		{url.Values{"step": {"packed"}}, order.ShipmentReadyToSend},
		{url.Values{"step": {"shipped"}, "tracking": {"1Z-FIELD-1"}}, order.ShipmentSent},
		{url.Values{"step": {"delivered"}, "receiver": {"Ms Porter"}, "note": {"left with reception"}}, order.ShipmentSent},
	} {
		if res := step(tc.form); res.StatusCode != http.StatusOK || !res.has(testid("field-done")) {
			t.Fatalf("step %s: %d", tc.form.Get("step"), res.StatusCode)
		}
		got, _ := srv.Store.Order(ctx, o.ID)
		if s := got.Shipment(sh.ID); s.Status != tc.status {
			t.Errorf("after %s: status %s, want %s", tc.form.Get("step"), s.Status, tc.status)
		}
	}
	got, _ := srv.Store.Order(ctx, o.ID)
	s := got.Shipment(sh.ID)
	if s.TrackingNumber != "1Z-FIELD-1" || s.DeliveryDate == nil || !strings.Contains(s.Comment, "Delivered to Ms Porter. left with reception") {
		t.Errorf("shipment after the flow: %+v", s)
	}
	history, _ := srv.Store.OrderHistory(ctx, o.ID)
	tablet := 0
	for _, cs := range history {
		if cs.Source == store.SourceTablet {
			tablet++
		}
	}
	if tablet != 4 {
		t.Errorf("%d change sets from the tablet, want 4", tablet)
	}
	if res := step(url.Values{"step": {"packed"}}); res.StatusCode != http.StatusConflict || !strings.Contains(res.body, "no longer fits") {
		t.Errorf("a step already taken: %d", res.StatusCode)
	}
}
