package e2e

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/testenv"
)

// TestKeyboardShortcuts: "?" opens the help and Esc closes it, "/" puts the cursor in the
// search box and Enter finds the order, "g o" goes to the orders, and typing in a field is
// never taken for a shortcut.
func TestKeyboardShortcuts(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	o := editableOrder(t, srv, 77)
	ctx := browser(t, 1366, 900)
	signInAs(t, ctx, srv, "clerk@example.com")
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-page"]`)),
		chromedp.KeyEvent("?"),
		chromedp.WaitVisible(chromedp.CSS(`#shortcut-help[open] [data-testid="shortcuts"]`)),
	))
	screenshot(t, ctx, "shortcut-help")
	help, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#shortcut-help`)))
	must(t, err)
	if !strings.Contains(help, "Go to Orders") || strings.Contains(help, "Go to Admin") {
		t.Errorf("help lists %q: want the clerk's sections only", help)
	}
	must(t, chromedp.Do(ctx,
		chromedp.KeyEvent("\x1b"), // Escape
		chromedp.WaitNotVisible(chromedp.CSS(`#shortcut-help`)),
		chromedp.KeyEvent("/"),
	))
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	must(t, err)
	if focused != "top-q" {
		t.Fatalf("after / the focus is on %q, want the search box", focused)
	}
	// Typing "g o" into the box is text, not a shortcut; Enter on a word searches the list.
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("top-q"), "g o"),
		chromedp.SetValue(chromedp.ID("top-q"), o.CustomerName),
		chromedp.Submit(chromedp.ID("top-q")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-row"]`)),
	))
	rows, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#results`)))
	must(t, err)
	if !strings.Contains(rows, o.Number) {
		t.Errorf("results %q lack %s", rows, o.Number)
	}
	// Enter on the order's number opens the order.
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID+"/history"),
		chromedp.WaitVisible(chromedp.ID("top-q")),
		chromedp.SetValue(chromedp.ID("top-q"), o.Number),
		chromedp.Submit(chromedp.ID("top-q")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-page"]`)),
	))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must(t, err)
	if !strings.HasSuffix(loc, "/orders/"+o.ID) {
		t.Errorf("Enter on %s went to %s, want the order", o.Number, loc)
	}
	// Back on the order, g then o goes to the order list.
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-page"]`)),
		chromedp.KeyEvent("g"),
		chromedp.KeyEvent("o"),
		chromedp.WaitVisible(chromedp.ID("q")),
	))
	loc, err = chromedp.Run(ctx, chromedp.Location())
	must(t, err)
	if !strings.HasSuffix(loc, "/orders") {
		t.Errorf("g o went to %s", loc)
	}
}

// TestShortcutHelpListsWhatWorksOnTheList: on the order list, "?" lists every key that works
// there, "/" among them, and each of those does what the help says.
func TestShortcutHelpListsWhatWorksOnTheList(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	o := editableOrder(t, srv, 78)
	ctx := browser(t, 1366, 900)
	signInAs(t, ctx, srv, "clerk@example.com")
	must(t, chromedp.Do(ctx,
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.KeyEvent("?"),
		chromedp.WaitVisible(chromedp.CSS(`#shortcut-help[open] [data-testid="shortcuts"]`)),
	))
	keys, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#shortcut-help tr td:first-child")].map(td => td.textContent.replace(/\s+/g, " ").trim())`))
	must(t, err)
	screenshot(t, ctx, "shortcut-help-list")
	for _, want := range []string{"/", "Enter", "g o", "?", "Esc"} {
		if !slices.Contains(keys, want) {
			t.Errorf("the help on the order list lists %q, lacking %q", keys, want)
		}
	}
	// "/" puts the cursor in the list's own search box; Enter on a number opens its order.
	must(t, chromedp.Do(ctx,
		chromedp.KeyEvent("\x1b"),
		chromedp.WaitNotVisible(chromedp.CSS(`#shortcut-help`)),
		chromedp.KeyEvent("/"),
	))
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	must(t, err)
	if focused != "q" {
		t.Fatalf("after / the focus is on %q, want the list's search box", focused)
	}
	// (chromedp's key events type the "/" too; start from an empty box)
	must(t, chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("q").value = ""`),
		chromedp.KeyEvent(o.Number+"\r"),
	))
	waitFor(t, ctx, "the order page", `!!document.querySelector('[data-testid="order-page"]')`)
}
