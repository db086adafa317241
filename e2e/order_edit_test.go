package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// editableOrder saves a demo order that is paid but not shipped: open for edits.
func editableOrder(t *testing.T, srv *testenv.Server, seed uint64) *order.CustomerOrder {
	t.Helper()
	o := demo.NewGenerator(seed, srv.Clock.Now(), order.DefaultStatusRules()).Order(demo.Stores[0], demo.ScenarioPaid).Order
	if err := srv.Store.CreateOrder(context.Background(), store.Actor{Label: "ann@example.com", Source: store.SourceDesk}, o); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestEditLineQuantityUpdatesTotals changes a line's quantity with htmx on a desktop, a tablet
// and a phone: the line and the totals change without a page load, and the forms fit the screen.
func TestEditLineQuantityUpdatesTotals(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	for i, d := range devices {
		t.Run(d.name, func(t *testing.T) {
			o := editableOrder(t, srv, uint64(40+i))
			li := o.Items[0]
			cur := order.CurrencyFor(o.Currency)
			ctx := browser(t, d.width, d.height)
			signInAs(t, ctx, srv, "clerk@example.com")
			form := `#edit-line-` + li.ID
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/orders/"+o.ID),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-page"]`)),
				// Mark the document: a full page load would lose the mark.
				chromedp.Evaluate[chromedp.Void](`window.__noReload = true`),
				chromedp.Click(chromedp.CSS(`[data-testid="edit-line-`+li.ID+`"] > summary`)),
				chromedp.WaitVisible(chromedp.CSS(form+` input[name="quantity"]`)),
			))
			checkFits(t, ctx, "order edit form")
			screenshot(t, ctx, "order-edit-open-"+d.name)
			qty := li.Quantity + 2
			must(t, chromedp.Do(ctx,
				chromedp.SetValue(chromedp.CSS(form+` input[name="quantity"]`), strconv.Itoa(qty)),
				chromedp.Click(chromedp.CSS(form+` button[type="submit"]`)),
				chromedp.WaitVisible(chromedp.CSS(`#line-`+li.ID+` [data-testid="saved-note"]`)),
			))
			assertPageIntact(t, ctx, "after a line save")
			saved, err := srv.Store.Order(context.Background(), o.ID)
			must(t, err)
			if got := saved.LineItem(li.ID).Quantity; got != qty {
				t.Fatalf("stored quantity %d, want %d", got, qty)
			}
			text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#line-`+li.ID+` [data-testid="line-qty"]`)))
			must(t, err)
			if strings.TrimSpace(text) != strconv.Itoa(qty) {
				t.Errorf("line shows quantity %q, want %d", text, qty)
			}
			totals, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="totals"]`)))
			must(t, err)
			if want := cur.Fixed(saved.Total); !strings.Contains(totals, want) || saved.Total.Equal(o.Total) {
				t.Errorf("totals panel %q lacks the new total %s (was %s)", totals, want, cur.Fixed(o.Total))
			}
			still, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__noReload === true`))
			must(t, err)
			if !still {
				t.Error("the page reloaded: the edit was not a partial update")
			}
			checkFits(t, ctx, "order after edit")
			screenshot(t, ctx, "order-edit-saved-"+d.name)
			// The order's own form and an address form fit too, with fingertip-sized controls.
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`[data-testid="edit-header"] > summary`)),
				chromedp.WaitVisible(chromedp.CSS(`#edit-header select[name="status"]`)),
				chromedp.Click(chromedp.CSS(`[data-testid="edit-addr-`+o.Addresses[0].ID+`"] > summary`)),
				chromedp.WaitVisible(chromedp.CSS(`#edit-addr-`+o.Addresses[0].ID+` input[name="city"]`)),
			))
			checkFits(t, ctx, "order and address forms")
			screenshot(t, ctx, "order-edit-forms-"+d.name)
		})
	}
}

// TestTwoBrowsersEditTheSameOrder: Bob and Ann have the same order open. Bob's comment and
// Ann's quantity merge; then both change the same quantity, and Ann sees Bob's value and who
// set it, and keeps hers.
func TestTwoBrowsersEditTheSameOrder(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "ann@example.com", auth.RoleClerk)
	srv.CreateUser(t, "bob@example.com", auth.RoleClerk)
	o := editableOrder(t, srv, 44)
	li := o.Items[0]
	ann, bob := browser(t, 1366, 900), browser(t, 820, 1180)
	signInAs(t, ann, srv, "ann@example.com")
	signInAs(t, bob, srv, "bob@example.com")
	line := `#edit-line-` + li.ID
	open := func(ctx context.Context) {
		must(t, chromedp.Do(ctx,
			chromedp.Navigate(srv.URL+"/orders/"+o.ID),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-page"]`)),
		))
	}
	openLine := func(ctx context.Context) {
		must(t, chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`[data-testid="edit-line-`+li.ID+`"] > summary`)),
			chromedp.WaitVisible(chromedp.CSS(line+` input[name="quantity"]`)),
		))
	}
	open(ann)
	open(bob)

	// Different fields: Bob's order comment, then Ann's quantity from the page she had open.
	must(t, chromedp.Do(bob,
		chromedp.Click(chromedp.CSS(`[data-testid="edit-header"] > summary`)),
		chromedp.WaitVisible(chromedp.CSS(`#edit-header textarea[name="comment"]`)),
		chromedp.SetValue(chromedp.CSS(`#edit-header textarea[name="comment"]`), "Ring twice"),
		chromedp.Click(chromedp.CSS(`#edit-header button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#header-panel [data-testid="saved-note"]`)),
	))
	assertPageIntact(t, bob, "Bob's comment saved")
	openLine(ann)
	must(t, chromedp.Do(ann,
		chromedp.SetValue(chromedp.CSS(line+` input[name="quantity"]`), "3"),
		chromedp.Click(chromedp.CSS(line+` button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#line-`+li.ID+` [data-testid="saved-note"]`)),
	))
	assertPageIntact(t, ann, "Ann's quantity saved, merged")
	note, err := chromedp.Run(ann, chromedp.Text(chromedp.CSS(`#line-`+li.ID+` [data-testid="saved-note"]`)))
	must(t, err)
	if !strings.Contains(note, "bob@example.com") || !strings.Contains(note, "Ring twice") {
		t.Errorf("Ann is not told what Bob changed: %q", note)
	}
	got, err := srv.Store.Order(context.Background(), o.ID)
	must(t, err)
	if got.Comment != "Ring twice" || got.LineItem(li.ID).Quantity != 3 {
		t.Fatalf("merge: comment %q, quantity %d", got.Comment, got.LineItem(li.ID).Quantity)
	}
	screenshot(t, ann, "order-edit-merged-desktop")

	// The same field: Bob (page from before Ann's save) sets 5; Ann, on her swapped line, 8.
	openLine(bob)
	must(t, chromedp.Do(bob,
		chromedp.SetValue(chromedp.CSS(line+` input[name="quantity"]`), "5"),
		chromedp.Click(chromedp.CSS(line+` button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#line-`+li.ID+` [data-testid="conflict"]`)),
	))
	assertPageIntact(t, bob, "Bob's conflict shown")
	screenshot(t, bob, "order-edit-conflict-tablet")
	lines, err := chromedp.Run(bob, chromedp.Screenshot(chromedp.CSS(`#lines-panel`)))
	must(t, err)
	must(t, os.WriteFile(filepath.Join("..", "var", "screenshots", "order-edit-conflict-lines.png"), lines, 0o644))
	checkFits(t, bob, "conflict form")
	theirs, err := chromedp.Run(bob, chromedp.Text(chromedp.CSS(line+` [data-testid="theirs"]`)))
	must(t, err)
	if !strings.Contains(theirs, "3") || !strings.Contains(theirs, "ann@example.com") {
		t.Errorf("Bob does not see Ann's value and name: %q", theirs)
	}
	if got, _ := srv.Store.Order(context.Background(), o.ID); got.LineItem(li.ID).Quantity != 3 {
		t.Fatalf("the conflict overwrote Ann's quantity: %d", got.LineItem(li.ID).Quantity)
	}
	must(t, chromedp.Do(bob,
		chromedp.Click(chromedp.CSS(line+` [data-testid="keep-mine"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#line-`+li.ID+` [data-testid="saved-note"]`)),
	))
	assertPageIntact(t, bob, "Bob kept his value")
	if got, _ := srv.Store.Order(context.Background(), o.ID); got.LineItem(li.ID).Quantity != 5 {
		t.Fatalf("keep mine: quantity %d, want 5", got.LineItem(li.ID).Quantity)
	}
}

// TestLineReasonPromptAndRemoval: a price changed by hand asks for a reason in the line's own
// form, the reason saves it, and removing the other line takes it off the page and off the
// panel's count. After each answer the page reads as a fresh load of it would.
func TestLineReasonPromptAndRemoval(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	o := shippableOrder(t, srv, "cust-reason", "3 Rue du Bac")
	book, mug := o.Items[0], o.Items[1]
	ctx := browser(t, 1366, 900)
	signInAs(t, ctx, srv, "clerk@example.com")
	form := `#edit-line-` + book.ID
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-page"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="edit-line-`+book.ID+`"] > summary`)),
		chromedp.WaitVisible(chromedp.CSS(form+` input[name="price"]`)),
		chromedp.SetValue(chromedp.CSS(form+` input[name="price"]`), "9.99"),
		chromedp.Click(chromedp.CSS(form+` button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(form+` input[name="reason"]`)),
	))
	assertPageIntact(t, ctx, "the line asks for a reason")
	screenshot(t, ctx, "order-line-reason-prompt")
	if got, err := srv.Store.Order(context.Background(), o.ID); err != nil || !got.LineItem(book.ID).Price.Equal(book.Price) {
		t.Fatalf("the price was saved without a reason (err %v)", err)
	}
	must(t, chromedp.Do(ctx,
		chromedp.SetValue(chromedp.CSS(form+` input[name="reason"]`), "price match"),
		chromedp.Click(chromedp.CSS(form+` button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#line-`+book.ID+` [data-testid="saved-note"]`)),
	))
	assertPageIntact(t, ctx, "the price saved with its reason")
	if got, err := srv.Store.Order(context.Background(), o.ID); err != nil || got.LineItem(book.ID).Price.StringFixed(2) != "9.99" {
		t.Fatalf("the price with a reason was not saved (err %v)", err)
	}
	must(t, chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`window.confirm = () => true`),
		chromedp.Click(chromedp.CSS(`[data-testid="edit-line-`+mug.ID+`"] > summary`)),
		chromedp.Click(chromedp.CSS(`#edit-line-`+mug.ID+` button[formaction$="/remove"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`#line-`+mug.ID)),
	))
	assertPageIntact(t, ctx, "a line removed")
	count, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#lines-count`)))
	must(t, err)
	if count != "1" {
		t.Errorf("the lines panel counts %q lines after the removal, want 1", count)
	}
	screenshot(t, ctx, "order-line-removed")
}
