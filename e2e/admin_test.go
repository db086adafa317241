package e2e

import (
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
		})
	}
}
