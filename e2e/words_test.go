package e2e

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// TestStatusesAndHistoryReadAsWords reads what a person sees: statuses by their labels ("Not
// paid", "Pick & pack") on the order page, in its status picker, in the order list's cells and
// filter, and history sentences that use those labels and name people by display name with
// their e-mail on hover — while the form posts, and the URL keeps, the stored "Not payed".
func TestStatusesAndHistoryReadAsWords(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	ctx := context.Background()
	mgr := srv.CreateUser(t, "morgan@example.com", auth.RoleManager)
	system := store.Actor{Label: "test", Source: store.SourceSystem}
	must(t, srv.Store.UpdateUser(ctx, system, mgr.ID, "Morgan Manager", auth.RoleManager))
	o := demo.NewGenerator(61, srv.Clock.Now(), order.DefaultStatusRules()).Order(demo.Stores[0], demo.ScenarioPaid).Order
	o.Shipments[0].Status = order.ShipmentNew
	must(t, srv.Store.CreateOrder(ctx, store.Actor{Label: "storefront", Source: store.SourceSystem}, o))
	// Morgan moves the shipment on (from the API side of the store, as a user).
	cur, err := srv.Store.Order(ctx, o.ID)
	must(t, err)
	cur.Shipments[0].Status = order.ShipmentPickPack
	must(t, srv.Store.SaveOrder(ctx, store.Actor{UserID: mgr.ID, Label: mgr.Email, Source: store.SourceDesk}, cur))
	shipment := cur.Shipments[0].Number

	b := browser(t, 1366, 900)
	signInAs(t, b, srv, "morgan@example.com")
	must(t, chromedp.Do(b,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-page"]`)),
	))
	docs, err := chromedp.Run(b, chromedp.Evaluate[string](`document.getElementById("p-docs").closest("section").innerText`))
	must(t, err)
	if !strings.Contains(docs, "Pick & pack") || strings.Contains(docs, "PickPack") {
		t.Errorf("the documents panel reads %q, want the shipment's status as Pick & pack", docs)
	}

	// The status picker offers "Not paid" and posts the stored value.
	must(t, chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`[data-testid="edit-header"] > summary`)),
		chromedp.WaitVisible(chromedp.CSS(`#edit-header select[name="status"]`)),
	))
	option, err := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector('#edit-header select[name="status"] option[value="Not payed"]').textContent`))
	must(t, err)
	if strings.TrimSpace(option) != "Not paid" {
		t.Errorf("the option for Not payed reads %q", option)
	}
	must(t, chromedp.Do(b,
		chromedp.SetValue(chromedp.CSS(`#edit-header select[name="status"]`), "Not payed"),
		chromedp.Click(chromedp.CSS(`#edit-header button[type="submit"]`)),
	))
	_, err = chromedp.Run(b, chromedp.Poll[bool](`document.querySelector('[data-testid="order-status"]').textContent.trim() === "Not paid"`))
	must(t, err)
	assertPageIntact(t, b, "after the status change")
	saved, err := srv.Store.Order(ctx, o.ID)
	must(t, err)
	if saved.Status != order.OrderNotPayed {
		t.Fatalf("stored status %q, want Virto's %q", saved.Status, order.OrderNotPayed)
	}

	// The latest changes say it in words, by Morgan's name, the e-mail on hover.
	type who struct{ Name, Email string }
	recent, err := chromedp.Run(b, chromedp.Evaluate[string](`document.getElementById("p-recent").closest("section").innerText`))
	must(t, err)
	for _, want := range []string{"Order status Processing → Not paid", "Shipment " + shipment + " status New → Pick & pack", "Morgan Manager"} {
		if !strings.Contains(recent, want) {
			t.Errorf("latest changes lack %q:\n%s", want, recent)
		}
	}
	people, err := chromedp.Run(b, chromedp.Evaluate[[]who](`[...document.getElementById("p-recent").closest("section").querySelectorAll(".who")].map(e => ({Name: e.textContent, Email: e.title}))`))
	must(t, err)
	if len(people) < 2 || people[0] != (who{"Morgan Manager", "morgan@example.com"}) {
		t.Errorf("latest changes name %v, want Morgan Manager with the e-mail on hover", people)
	}

	// The history tab reads the same sentences.
	must(t, chromedp.Do(b,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID+"/history"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="history-list"]`)),
	))
	hist, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`[data-testid="history-list"]`)))
	must(t, err)
	for _, want := range []string{"Order status Processing → Not paid", "status New → Pick & pack", "Morgan Manager"} {
		if !strings.Contains(hist, want) {
			t.Errorf("history lacks %q:\n%s", want, hist)
		}
	}
	if strings.Contains(hist, "Not payed") || strings.Contains(hist, "PickPack") || strings.Contains(hist, "morgan@example.com") {
		t.Errorf("history shows a stored code or an e-mail:\n%s", hist)
	}
	screenshot(t, b, "history-words")

	// The order list: the cell and the filter read "Not paid"; ticking it filters by the stored
	// value in the address.
	must(t, chromedp.Do(b,
		chromedp.Navigate(srv.URL+"/orders"),
		chromedp.WaitVisible(chromedp.CSS(`#order-filter`)),
		chromedp.Click(chromedp.CSS(`.filter-more > summary`)),
	))
	label, err := chromedp.Run(b, chromedp.Evaluate[string](`document.querySelector('#order-filter input[name="status"][value="Not payed"]').closest("label").textContent`))
	must(t, err)
	if strings.TrimSpace(label) != "Not paid" {
		t.Errorf("the status filter's choice reads %q", label)
	}
	must(t, chromedp.Do(b, chromedp.Click(chromedp.CSS(`#order-filter input[name="status"][value="Not payed"]`))))
	waitFor(t, b, "the filtered list", `location.search.includes("status=") && document.querySelectorAll('[data-testid="order-row"]').length === 1`)
	waitFor(t, b, "the filter summary", `document.getElementById("filter-summary").textContent.includes("Status: Not paid")`)
	assertPageIntact(t, b, "after filtering by status")
	loc, err := chromedp.Run(b, chromedp.Location())
	must(t, err)
	if u, _ := url.Parse(loc); u == nil || u.Query().Get("status") != "Not payed" {
		t.Errorf("the filtered list is at %s, want status=Not payed in the address", loc)
	}
	cells, err := chromedp.Run(b, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-testid="order-row"] [data-label="Status"] .badge')].map(e => e.textContent.trim())`))
	must(t, err)
	if len(cells) != 1 || cells[0] != "Not paid" {
		t.Errorf("the filtered list's status cells read %q, want one Not paid", cells)
	}
}
