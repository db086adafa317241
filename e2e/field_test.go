package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
)

// TestFieldModeOnTablets: the field screens fit a tablet held either way and a phone, with
// fingertip-sized controls; picking ticks items with a tap.
func TestFieldModeOnTablets(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	var id string
	for _, d := range orders {
		for _, s := range d.Order.Shipments {
			if s.Status == order.ShipmentNew && !d.Order.IsCancelled && len(s.Items) > 0 {
				id = d.Order.ID
			}
		}
	}
	if id == "" {
		t.Fatal("no new shipment in the fixture")
	}
	for _, size := range []struct {
		name          string
		width, height int
	}{{"tablet", 820, 1180}, {"tablet-landscape", 1180, 820}, {"phone-390", 390, 844}} {
		t.Run(size.name, func(t *testing.T) {
			ctx := browser(t, size.width, size.height)
			signIn(t, ctx, srv, "field@example.com")
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/field"),
				chromedp.WaitVisible(chromedp.ID("fq")),
			))
			checkFits(t, ctx, "field find "+size.name)
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/field/orders/"+id),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=field-shipment]`)),
			))
			checkFits(t, ctx, "field order "+size.name)
			screenshot(t, ctx, "field-order-"+size.name)
		})
	}
}
