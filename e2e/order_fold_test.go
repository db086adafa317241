package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// commonOrder saves the order a desk sees most: two lines, two shipments, one payment.
func commonOrder(t *testing.T, srv *testenv.Server) *order.CustomerOrder {
	t.Helper()
	for seed := uint64(1); seed < 400; seed++ {
		o := demo.NewGenerator(seed, srv.Clock.Now(), order.DefaultStatusRules()).Order(demo.Stores[0], demo.ScenarioSplitShipment).Order
		if len(o.Items) != 2 || len(o.Shipments) != 2 || len(o.InPayments) != 1 {
			continue
		}
		if err := srv.Store.CreateOrder(context.Background(), store.Actor{Label: "ann@example.com", Source: store.SourceDesk}, o); err != nil {
			t.Fatal(err)
		}
		return o
	}
	t.Fatal("no demo seed gives an order of two lines, two shipments and one payment")
	return nil
}

// TestCommonOrderFitsTwoScreens: at 1366×900 the common order fits in two screens, because
// each shipment and the payment show one line until opened; opening one shows its details,
// and it stays open across a partial update of its panel.
func TestCommonOrderFitsTwoScreens(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	o := commonOrder(t, srv)
	ctx := browser(t, 1366, 900)
	signInAs(t, ctx, srv, "clerk@example.com")
	openOrder(t, ctx, srv, o.ID)
	panels, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`
		[...document.querySelectorAll("main section[aria-labelledby]")].filter(s => s.offsetParent !== null)
			.map(s => s.getAttribute("aria-labelledby") + " " + Math.round(s.getBoundingClientRect().height))`))
	must(t, err)
	height, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollHeight`))
	must(t, err)
	screenshot(t, ctx, "order-common-desktop")
	t.Logf("the common order is %d px high", height)
	if height > 2*900 {
		t.Errorf("the common order is %d px high, more than two screens (1800 px); panels: %v", height, panels)
	}

	// One line each: the shipment's and the payment's details are folded away.
	sh, p := o.Shipments[0], o.InPayments[0]
	shown := func(sel string) bool {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`!!document.querySelector(%q)?.checkVisibility()`, sel)))
		must(t, err)
		return v
	}
	for _, sel := range []string{"#doc-" + sh.ID + " .doc-facts", "#pay-" + p.ID + " .doc-facts"} {
		if shown(sel) {
			t.Errorf("%s is shown before it is opened", sel)
		}
	}
	must(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#doc-`+sh.ID+` > details > summary`)),
		chromedp.Click(chromedp.CSS(`#pay-`+p.ID+` > details > summary`)),
	))
	for _, sel := range []string{"#doc-" + sh.ID + " .doc-facts", "#pay-" + p.ID + " .doc-facts"} {
		if !shown(sel) {
			t.Errorf("%s is not shown once opened", sel)
		}
	}
	// A partial update of the payments panel (a log entry) keeps the opened payment open.
	submitMoneyForm(t, ctx, "log-"+p.ID, map[string]string{"note": "called the bank"}, "")
	if !shown("#pay-" + p.ID + " .doc-facts") {
		t.Error("the opened payment folded again after the panel was updated")
	}
}
