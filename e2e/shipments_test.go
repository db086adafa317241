package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// shippableOrder saves an order of customer cust with lines BOOK×3 and MUG×1 going to street.
func shippableOrder(t *testing.T, srv *testenv.Server, cust, street string) *order.CustomerOrder {
	t.Helper()
	o := &order.CustomerOrder{
		Operation:    order.Operation{Currency: "EUR", Status: order.OrderNew},
		CustomerID:   cust,
		CustomerName: "Ada Lovelace",
		StoreID:      "books",
		StoreName:    "Paper Lane Books",
		Addresses: []order.Address{{AddressType: order.AddressBillingAndShipping, FirstName: "Ada", LastName: "Lovelace",
			Line1: street, PostalCode: "75001", City: "Paris", CountryCode: "FR", CountryName: "France", Email: "ada@example.com"}},
	}
	for _, l := range []struct {
		sku string
		qty int
	}{{"BOOK", 3}, {"MUG", 1}} {
		o.Items = append(o.Items, order.LineItem{Currency: "EUR", Price: decimal.RequireFromString("12.50"), Quantity: l.qty,
			ProductID: "p-" + l.sku, Sku: l.sku, Name: "Product " + l.sku, CatalogID: "cat"})
	}
	if err := srv.Store.CreateOrder(context.Background(), store.Actor{Label: "ann@example.com", Source: store.SourceDesk}, o); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestSplitShipmentFromTheOrderPage ships an order in two shipments from its page, with htmx:
// the first takes 2 of 3 books, the second (prefilled with what is left) the rest in a package
// with a barcode; the line table shows shipped and left after each, without a page load.
func TestSplitShipmentFromTheOrderPage(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	for _, d := range devices[:2] {
		t.Run(d.name, func(t *testing.T) {
			o := shippableOrder(t, srv, "cust-"+d.name, "1 Rue de Rivoli")
			ctx := browser(t, d.width, d.height)
			signInAs(t, ctx, srv, "clerk@example.com")
			form := `#new-shipment`
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/orders/"+o.ID),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="shipping-panel"]`)),
				chromedp.Evaluate[chromedp.Void](`window.__noReload = true`),
				chromedp.Click(chromedp.CSS(`[data-testid="new-shipment"] > summary`)),
				chromedp.WaitVisible(chromedp.CSS(form+` [data-testid="ship-qty-BOOK"]`)),
			))
			prefilled, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(form+` [data-testid="ship-qty-BOOK"]`)))
			must(t, err)
			if prefilled != "3" {
				t.Errorf("BOOK prefilled with %q, want 3 (all unshipped)", prefilled)
			}
			checkFits(t, ctx, "new shipment form")
			screenshot(t, ctx, "shipment-new-"+d.name)
			must(t, chromedp.Do(ctx,
				chromedp.SetValue(chromedp.CSS(form+` [data-testid="ship-qty-BOOK"]`), "2"),
				chromedp.SetValue(chromedp.CSS(form+` [data-testid="ship-qty-MUG"]`), "0"),
				chromedp.SetValue(chromedp.CSS(form+` input[name="shipmentMethodCode"]`), "UPS"),
				chromedp.SetValue(chromedp.CSS(form+` input[name="trackingNumber"]`), "1ZFIRST"),
				chromedp.Click(chromedp.CSS(form+` [data-testid="new-shipment-submit"]`)),
				chromedp.WaitVisible(chromedp.CSS(`#documents-box [data-testid="saved-note"]`)),
			))
			assertPageIntact(t, ctx, "after a shipment is created")
			figure, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#line-`+o.Items[0].ID+` [data-testid="line-shipped"]`)))
			must(t, err)
			// The shipment is new, not sent: its units are in a shipment, not shipped.
			if figure != "2 in a shipment · 1 left" {
				t.Errorf("BOOK line shows %q, want 2 in a shipment · 1 left", figure)
			}

			// The second shipment starts with what is left: 1 book and the mug.
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`[data-testid="new-shipment"] > summary`)),
				chromedp.WaitVisible(chromedp.CSS(form+` [data-testid="ship-qty-BOOK"]`)),
			))
			left, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(form+` [data-testid="ship-qty-BOOK"]`)))
			must(t, err)
			if left != "1" {
				t.Errorf("second shipment prefilled BOOK with %q, want 1", left)
			}
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(form+` [data-testid="add-package"]`)),
				chromedp.WaitVisible(chromedp.CSS(form+` input[name="p1.barCode"]`)),
				chromedp.SetValue(chromedp.CSS(form+` input[name="p1.barCode"]`), "PKG-"+strings.ToUpper(d.name)),
				chromedp.SetValue(chromedp.CSS(form+` input[name="p1.weight"]`), "1.25"),
				chromedp.SetValue(chromedp.CSS(form+` select[name="pkg.`+o.Items[0].ID+`"]`), "1"),
				chromedp.SetValue(chromedp.CSS(form+` select[name="pkg.`+o.Items[1].ID+`"]`), "1"),
			))
			checkFits(t, ctx, "new shipment with a package")
			screenshot(t, ctx, "shipment-package-"+d.name)
			panelShot(t, ctx, "shipment-package-panel-"+d.name, "#shipping-panel")
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(form+` [data-testid="new-shipment-submit"]`)),
				chromedp.WaitVisible(chromedp.CSS(`#documents-box [data-testid="saved-note"]`)),
			))
			assertPageIntact(t, ctx, "after a shipment is created")
			figure, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#line-`+o.Items[0].ID+` [data-testid="line-shipped"]`)))
			must(t, err)
			if figure != "3 in 2 shipments" {
				t.Errorf("BOOK line shows %q after the second shipment, want 3 in 2 shipments", figure)
			}
			still, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__noReload === true`))
			must(t, err)
			if !still {
				t.Error("the page reloaded: the shipments were not partial updates")
			}
			saved, err := srv.Store.Order(context.Background(), o.ID)
			must(t, err)
			if len(saved.Shipments) != 2 || saved.Shipments[0].Number == saved.Shipments[1].Number {
				t.Fatalf("stored shipments: %+v", saved.Shipments)
			}
			second := saved.Shipments[1]
			if len(second.Packages) != 1 || second.Packages[0].BarCode != "PKG-"+strings.ToUpper(d.name) || len(second.PackageItems(second.Packages[0].ID)) != 2 {
				t.Errorf("second shipment's packages: %+v items %+v", second.Packages, second.Items)
			}
			if ls := order.Shipping(saved); ls[o.Items[0].ID].Remaining != 0 || ls[o.Items[1].ID].Remaining != 0 {
				t.Errorf("left to ship after both: %+v", ls)
			}
			// Nothing is left: no new-shipment form, and the documents list both.
			n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="new-shipment"]').length`))
			must(t, err)
			if n != 0 {
				t.Error("a new-shipment form is offered with nothing left to ship")
			}
			checkFits(t, ctx, "order with two shipments")
			screenshot(t, ctx, "shipment-split-"+d.name)
			panelShot(t, ctx, "shipment-split-lines-"+d.name, "#lines-panel")
			panelShot(t, ctx, "shipment-split-documents-"+d.name, "#documents-box")
			// The second shipment's forms open in place and fit the screen.
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`[data-testid="edit-ship-`+second.ID+`"] > summary`)),
				chromedp.Click(chromedp.CSS(`[data-testid="edit-shipitems-`+second.ID+`"] > summary`)),
				chromedp.WaitVisible(chromedp.CSS(`#edit-shipitems-`+second.ID+` input[name="p1.barCode"]`)),
			))
			checkFits(t, ctx, "shipment edit forms")
			panelShot(t, ctx, "shipment-edit-forms-"+d.name, "#doc-"+second.ID)
		})
	}
}

// TestShipTwoOrdersTogetherFromTheList ticks two orders of one customer in the list, makes one
// shipment for both, and finds it on each order's page with the other order linked.
func TestShipTwoOrdersTogetherFromTheList(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	a := shippableOrder(t, srv, "cust-together", "9 Quai Voltaire")
	b := shippableOrder(t, srv, "cust-together", "9  quai voltaire") // the same place, typed differently
	far := shippableOrder(t, srv, "cust-together", "1 Place Vendôme")
	ctx := browser(t, 1366, 900)
	signInAs(t, ctx, srv, "clerk@example.com")
	// The order page offers the customer's other open orders, the one going elsewhere marked.
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders/"+a.ID),
		chromedp.Click(chromedp.CSS(`[data-testid="ship-together"] > summary`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="together-`+b.Number+`"]`)),
	))
	checked, err := chromedp.Run(ctx, chromedp.Evaluate[[]bool](`[`+
		`document.querySelector('[data-testid="together-`+b.Number+`"]').checked,`+
		`document.querySelector('[data-testid="together-`+far.Number+`"]').checked]`))
	must(t, err)
	if !checked[0] || checked[1] {
		t.Errorf("same-address order ticked %v, other-address order ticked %v", checked[0], checked[1])
	}
	panelShot(t, ctx, "shipment-together-choice-desktop", "#shipping-panel")
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-row"]`)),
	))
	screenshot(t, ctx, "shipment-list-desktop")
	must(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[name="id"][value="`+a.ID+`"]`)),
		chromedp.Click(chromedp.CSS(`input[name="id"][value="`+b.ID+`"]`)),
		// Ticking must not reload the list (which would clear the ticks): give it the chance.
		chromedp.Sleep(700*time.Millisecond),
	))
	ticked, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('input[name="id"]:checked').length`))
	must(t, err)
	if ticked != 2 {
		t.Fatalf("%d rows ticked, want 2", ticked)
	}
	must(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`button[formaction="/shipments/together"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="together-page"]`)),
	))
	checkFits(t, ctx, "ship together")
	screenshot(t, ctx, "shipment-together-desktop")
	must(t, chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(`input[name="qty.`+b.ID+`.`+b.Items[1].ID+`"]`), "0"),
		chromedp.SetValue(chromedp.CSS(`input[name="shipmentMethodCode"]`), "DHL"),
		chromedp.SetValue(chromedp.CSS(`input[name="trackingNumber"]`), "JD0001"),
		chromedp.Click(chromedp.CSS(`[data-testid="together-create"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="consignment"]`)),
	))
	screenshot(t, ctx, "shipment-consignment-desktop")
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="consignment"]`)))
	must(t, err)
	if !strings.Contains(text, a.Number) || !strings.Contains(text, b.Number) {
		t.Errorf("consignment on %s lists %q", a.Number, text)
	}
	sa, err := srv.Store.Order(context.Background(), a.ID)
	must(t, err)
	sb, err := srv.Store.Order(context.Background(), b.ID)
	must(t, err)
	if len(sa.Shipments) != 1 || len(sb.Shipments) != 1 || sa.Shipments[0].ConsignmentID == "" ||
		sa.Shipments[0].ConsignmentID != sb.Shipments[0].ConsignmentID || sb.Shipments[0].TrackingNumber != "JD0001" {
		t.Fatalf("parts: %+v / %+v", sa.Shipments, sb.Shipments)
	}
	if got := order.Shipping(sb); got[b.Items[0].ID].Shipped != 3 || got[b.Items[1].ID].Shipped != 0 {
		t.Errorf("%s's share: %+v", b.Number, got)
	}
	// The whole parcel moves on at once: one form, every order's part.
	must(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid="consignment-edit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="consignment-page"]`)),
		chromedp.SetValue(chromedp.CSS(`select[name="status"]`), "PickPack"),
	))
	checkFits(t, ctx, "parcel")
	screenshot(t, ctx, "shipment-parcel-desktop")
	must(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid="consignment-save"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="consignment"]`)),
	))
	for _, o := range []*order.CustomerOrder{a, b} {
		got, err := srv.Store.Order(context.Background(), o.ID)
		must(t, err)
		if got.Shipments[0].Status != "PickPack" {
			t.Errorf("%s's part is %s after the parcel moved to PickPack", o.Number, got.Shipments[0].Status)
		}
	}
	// The other order's page shows its share and leads back; cancelling its part there leaves
	// the first order's part as it is.
	loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	must(t, err)
	here, other := a, b
	if strings.HasSuffix(loc, b.ID) {
		here, other = b, a
	}
	so, err := srv.Store.Order(context.Background(), other.ID)
	must(t, err)
	part := so.Shipments[0].ID
	must(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid="consignment"] a[href^="/orders/`+other.ID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="cancel-ship-`+part+`"] > summary`)),
		chromedp.Click(chromedp.CSS(`[data-testid="cancel-ship-`+part+`"] > summary`)),
		chromedp.SetValue(chromedp.CSS(`#cancel-ship-`+part+` input[name="reason"]`), "customer collects this one"),
		chromedp.Click(chromedp.CSS(`#cancel-ship-`+part+` button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#documents-box [data-testid="saved-note"]`)),
	))
	assertPageIntact(t, ctx, "one order's part of a parcel cancelled")
	screenshot(t, ctx, "shipment-consignment-part-cancelled-desktop")
	so, err = srv.Store.Order(context.Background(), other.ID)
	must(t, err)
	sh, err := srv.Store.Order(context.Background(), here.ID)
	must(t, err)
	if !so.Shipments[0].IsCancelled || so.Shipments[0].CancelReason != "customer collects this one" || sh.Shipments[0].IsCancelled {
		t.Errorf("after cancelling %s's part: %+v, %s's cancelled: %v", other.Number, so.Shipments[0].Operation, here.Number, sh.Shipments[0].IsCancelled)
	}
	text, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="consignment"]`)))
	must(t, err)
	if !strings.Contains(text, here.Number) {
		t.Errorf("the cancelled part's page no longer lists %s: %q", here.Number, text)
	}
	// The same pages on a tablet.
	must(t, chromedp.Do(ctx,
		chromedp.EmulateViewport(820, 1180),
		chromedp.Navigate(srv.URL+"/orders/"+here.ID),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="consignment"]`)),
	))
	checkFits(t, ctx, "order with a consignment, tablet")
	panelShot(t, ctx, "shipment-consignment-documents-tablet", "#documents-box")
	must(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid="consignment-edit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="consignment-page"]`)),
	))
	checkFits(t, ctx, "parcel, tablet")
	screenshot(t, ctx, "shipment-parcel-tablet")
}

// panelShot saves a PNG of one element under var/screenshots, to look at a panel closely.
func panelShot(t *testing.T, ctx context.Context, name, sel string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	must(t, err)
	must(t, os.WriteFile(filepath.Join("..", "var", "screenshots", name+".png"), png, 0o644))
}
