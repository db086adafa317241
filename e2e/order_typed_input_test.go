package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/testenv"
)

// TestTypedInputSurvivesOtherSaves: a save refreshes other panels out of band, but a panel with
// an open form the user has typed into keeps it; the form then saves, merged with what changed.
func TestTypedInputSurvivesOtherSaves(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	o := shippableOrder(t, srv, "cust-typed", "9 Rue de Rivoli")
	mug := o.Items[1]
	ctx := browser(t, 1366, 900)
	signInAs(t, ctx, srv, "clerk@example.com")
	ship := `#new-shipment`
	line := `#edit-line-` + mug.ID
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="shipping-panel"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="new-shipment"] > summary`)),
		chromedp.WaitVisible(chromedp.CSS(ship+` input[name="trackingNumber"]`)),
		chromedp.SetValue(chromedp.CSS(ship+` input[name="trackingNumber"]`), "KEEP-ME"),
		// Meanwhile, a line's quantity is changed and saved: the documents box would be refreshed.
		chromedp.Click(chromedp.CSS(`[data-testid="edit-line-`+mug.ID+`"] > summary`)),
		chromedp.WaitVisible(chromedp.CSS(line+` input[name="quantity"]`)),
		chromedp.SetValue(chromedp.CSS(line+` input[name="quantity"]`), "2"),
		chromedp.Click(chromedp.CSS(line+` button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#line-`+mug.ID+` [data-testid="saved-note"]`)),
	))
	assertPageIntact(t, ctx, "a line saved beside a typed-into shipment form")
	kept, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(ship+` input[name="trackingNumber"]`)))
	must(t, err)
	if kept != "KEEP-ME" {
		t.Fatalf("the shipment form holds %q after another save, want what was typed", kept)
	}
	must(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(ship+` [data-testid="new-shipment-submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#documents-box [data-testid="saved-note"]`)),
	))
	assertPageIntact(t, ctx, "the kept shipment form saved")
	saved, err := srv.Store.Order(context.Background(), o.ID)
	must(t, err)
	if saved.LineItem(mug.ID).Quantity != 2 || len(saved.Shipments) != 1 || saved.Shipments[0].TrackingNumber != "KEEP-ME" {
		t.Fatalf("saved: mug quantity %d, shipments %+v", saved.LineItem(mug.ID).Quantity, saved.Shipments)
	}
}
