package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
)

// TestAdminUsersPages: the users list and one account's page fit desktops and tablets.
func TestAdminUsersPages(t *testing.T) {
	t.Parallel()
	srv, _ := listServer(t)
	srv.CreateUser(t, "admin@example.com", auth.RoleAdministrator)
	field := srv.CreateUser(t, "field@example.com", auth.RoleField)
	for _, size := range []struct {
		name          string
		width, height int
	}{{"desktop", 1366, 900}, {"tablet", 820, 1180}} {
		t.Run(size.name, func(t *testing.T) {
			ctx := browser(t, size.width, size.height)
			signIn(t, ctx, srv, "admin@example.com")
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/admin"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=admin-section]`)),
			))
			checkFits(t, ctx, "admin "+size.name)
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`a[href="/admin/users"]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=user-list]`)),
			))
			if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("[data-testid=user-row]").length`)); err != nil || n != 3 {
				t.Errorf("%d user rows, %v", n, err)
			}
			checkFits(t, ctx, "users "+size.name)
			screenshot(t, ctx, "admin-users-"+size.name)
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/admin/users/"+field.ID),
				chromedp.WaitVisible(chromedp.ID("f-role")),
			))
			checkFits(t, ctx, "user "+size.name)
			screenshot(t, ctx, "admin-user-"+size.name)
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/admin/roles"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=role-matrix]`)),
			))
			checkFits(t, ctx, "roles "+size.name)
			screenshot(t, ctx, "admin-roles-"+size.name)

			// Currencies: the list, then one rule changed through its form.
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/admin/currencies"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=currency-CHF]`)),
			))
			checkFits(t, ctx, "currencies "+size.name)
			assertPageIntact(t, ctx, "currencies "+size.name)
			screenshot(t, ctx, "admin-currencies-"+size.name)
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/admin/currencies/CHF"),
				chromedp.WaitVisible(chromedp.ID("f-rounding_type")),
				chromedp.SetValue(chromedp.ID("f-rounding_type"), "Rounding005Up"),
			))
			checkFits(t, ctx, "currency form "+size.name)
			screenshot(t, ctx, "admin-currency-"+size.name)
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`[data-testid=currency-form] button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=currencies]`)),
			))
			row, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid=currency-CHF]`)))
			must(t, err)
			flash, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("flashes")))
			must(t, err)
			if !strings.Contains(row, "Rounding005Up") || !strings.Contains(flash, "Saved CHF") || !strings.Contains(flash, "check --repair") {
				t.Errorf("after saving CHF: row %q, flash %q", row, flash)
			}
			// The saved rule on a fresh load (the one-time flash aside), the page intact.
			must(t, chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/admin/currencies"), chromedp.WaitVisible(chromedp.CSS(`[data-testid=currency-CHF]`))))
			if row, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid=currency-CHF]`))); err != nil || !strings.Contains(row, "Rounding005Up") || !strings.Contains(row, "1234.60") {
				t.Errorf("CHF after a reload: %q, %v", row, err)
			}
			assertPageIntact(t, ctx, "currencies after a save "+size.name)
		})
	}
}
