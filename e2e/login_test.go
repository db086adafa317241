package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

func TestLoginInChromium(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	ctx := browser(t, 1366, 900)

	// An anonymous visit to a page lands on the sign-in form.
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders"),
		chromedp.WaitVisible(chromedp.ID("email")),
	))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	must(t, err)
	if !strings.Contains(loc, "/login?next=%2Forders") {
		t.Errorf("anonymous /orders went to %s", loc)
	}

	// Wrong password: a clear message, the address kept, no session.
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("email"), "clerk@example.com"),
		chromedp.SendKeys(chromedp.ID("password"), "wrong-password"),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="login-error"]`)),
	))
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="login-error"]`)))
	must(t, err)
	if !strings.Contains(msg, "do not match an account") {
		t.Errorf("error message %q", msg)
	}
	kept, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("email")))
	must(t, err)
	if kept != "clerk@example.com" {
		t.Errorf("e-mail field holds %q after the failure", kept)
	}
	screenshot(t, ctx, "login-failed-desktop")

	// Right password: back to the page asked for, inside the app shell.
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("password"), testenv.Password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS(`nav[aria-label="Main"]`)),
	))
	loc, err = chromedp.Run(ctx, chromedp.Location())
	must(t, err)
	if !strings.HasSuffix(loc, "/orders") {
		t.Errorf("after sign-in the browser is at %s, want /orders", loc)
	}
	who, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="who"]`)))
	must(t, err)
	if !strings.Contains(who, "Test clerk") {
		t.Errorf("top bar shows %q", who)
	}
	// htmx loaded despite the strict Content-Security-Policy, and it carries the CSRF token.
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](
		`typeof htmx === "object" && JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRF-Token"].length > 20`))
	must(t, err)
	if !ok {
		t.Error("htmx is not loaded or the page has no CSRF header for it")
	}
	screenshot(t, ctx, "orders-desktop")

	// Sign out with the button in the top bar.
	must(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.ID("email")),
	))
	flash, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#flashes`)))
	must(t, err)
	if !strings.Contains(flash, "You have signed out.") {
		t.Errorf("after sign-out the page says %q", flash)
	}
}

// TestShellFitsPhonesAndTablets signs in at each device size and checks the page neither
// scrolls sideways nor offers touch targets under 44 px.
func TestShellFitsPhonesAndTablets(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "admin@example.com", auth.RoleAdministrator)
	for _, d := range demo.NewGenerator(1, srv.Clock.Now(), order.DefaultStatusRules()).Orders(12) {
		if err := srv.Store.CreateOrder(context.Background(), store.Actor{Label: "demo", Source: store.SourceSystem}, d.Order); err != nil {
			t.Fatal(err)
		}
	}
	for _, size := range []struct {
		name          string
		width, height int
	}{
		{"phone", 360, 740},
		{"phone-390", 390, 844},
		{"tablet", 820, 1180},
		{"tablet-landscape", 1180, 820},
	} {
		t.Run(size.name, func(t *testing.T) {
			ctx := browser(t, size.width, size.height)
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/login"),
				chromedp.WaitVisible(chromedp.ID("email")),
			))
			checkFits(t, ctx, "login")
			screenshot(t, ctx, "login-"+size.name)
			must(t, chromedp.Do(ctx,
				chromedp.SendKeys(chromedp.ID("email"), "admin@example.com"),
				chromedp.SendKeys(chromedp.ID("password"), testenv.Password),
				chromedp.Submit(chromedp.ID("password")),
				chromedp.WaitVisible(chromedp.CSS(`nav[aria-label="Main"]`)),
			))
			rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("[data-testid=order-row]").length`))
			must(t, err)
			if rows != 12 {
				t.Errorf("%d order rows shown, want 12", rows)
			}
			checkFits(t, ctx, "orders")
			screenshot(t, ctx, "orders-"+size.name)
		})
	}
}

// checkFits fails when the page is wider than the viewport or a visible control is smaller
// than a fingertip (44 px high).
func checkFits(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[int](
		`document.documentElement.scrollWidth - window.innerWidth`))
	must(t, err)
	if overflow > 0 {
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`
			[...document.querySelectorAll("body *")]
				.filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
				.slice(-3).map(el => el.outerHTML.slice(0, 100))`))
		must(t, err)
		t.Errorf("%s: the page is %d px wider than the screen; widest: %q", page, overflow, wide)
	}
	small, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`
		[...document.querySelectorAll("a, button, input:not([type=hidden]), select, textarea")]
			.filter(el => el.offsetParent !== null && !el.closest(".skip-link"))
			// A checkbox inside its label is tapped through the label.
			.filter(el => (el.closest("label") || el).getBoundingClientRect().height < 44)
			.map(el => el.outerHTML.slice(0, 80))`))
	must(t, err)
	for _, el := range small {
		t.Errorf("%s: touch target under 44 px: %s", page, el)
	}
}
