package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// orderWithHistory saves a demo order with shipments, payments and a refund, then a few edits
// by two people, one with a reason, so every panel and the history have something to show.
func orderWithHistory(t *testing.T, srv *testenv.Server) *order.CustomerOrder {
	t.Helper()
	ctx := context.Background()
	o := demo.NewGenerator(7, srv.Clock.Now(), order.DefaultStatusRules()).Order(demo.Stores[1], demo.ScenarioPartialRefund).Order
	ann := store.Actor{UserID: "u-ann", Label: "ann@example.com", Source: store.SourceDesk}
	if err := srv.Store.CreateOrder(ctx, ann, o); err != nil {
		t.Fatal(err)
	}
	for i, f := range []func(o *order.CustomerOrder) string{
		func(o *order.CustomerOrder) string {
			o.Items[0].Price = o.Items[0].Price.Sub(decimal.NewFromInt(2))
			return "price match with a competitor"
		},
		func(o *order.CustomerOrder) string { o.Comment = "Customer asked for a gift wrap."; return "" },
		func(o *order.CustomerOrder) string { o.Items[0].Quantity++; return "" },
		func(o *order.CustomerOrder) string {
			if len(o.Addresses) > 0 {
				o.Addresses[0].Line2 = "Floor 3"
			}
			return ""
		},
	} {
		srv.Clock.Advance(time.Duration(i+1) * time.Hour)
		cur, err := srv.Store.Order(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		by := ann
		if i%2 == 1 {
			by = store.Actor{UserID: "u-bob", Label: "bob@example.com", Source: store.SourceTablet}
		}
		by.Reason = f(cur)
		if err := srv.Store.SaveOrder(ctx, by, cur); err != nil {
			t.Fatal(err)
		}
	}
	return o
}

func signInAs(t *testing.T, ctx context.Context, srv *testenv.Server, email string) {
	t.Helper()
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/login"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), testenv.Password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS(`nav[aria-label="Main"]`)),
	))
}

var devices = []struct {
	name          string
	width, height int
}{
	{"desktop", 1366, 900},
	{"tablet", 820, 1180},
	{"phone", 390, 844},
}

// TestOrderPageOnEveryDevice opens an order and one of its past versions at each size: every
// panel is there, nothing scrolls sideways, every control is a fingertip high.
func TestOrderPageOnEveryDevice(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	o := orderWithHistory(t, srv)
	sets, err := srv.Store.OrderHistory(context.Background(), o.ID)
	must(t, err)
	for _, d := range devices {
		t.Run(d.name, func(t *testing.T) {
			ctx := browser(t, d.width, d.height)
			signInAs(t, ctx, srv, "clerk@example.com")
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/orders/"+o.ID),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-page"]`)),
			))
			panels, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("section.panel").length`))
			must(t, err)
			if panels < 7 {
				t.Errorf("%d panels on the order page", panels)
			}
			checkFits(t, ctx, "order")
			screenshot(t, ctx, "order-"+d.name)

			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/orders/"+o.ID+"/versions/"+sets[1].ID),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="asof-banner"]`)),
			))
			checkFits(t, ctx, "order version")
			screenshot(t, ctx, "order-version-"+d.name)
			// The banner leads back to the live order.
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`.asof-banner a.btn`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="recent-history"]`)),
			))
		})
	}
}
