package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
)

// TestDashboardOnDesktopAndTablet: charts and figures fit and keep fingertip-sized links.
func TestDashboardOnDesktopAndTablet(t *testing.T) {
	t.Parallel()
	srv, _ := listServer(t)
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	for _, size := range []struct {
		name          string
		width, height int
	}{{"desktop", 1366, 900}, {"tablet", 820, 1180}, {"tablet-landscape", 1180, 820}} {
		t.Run(size.name, func(t *testing.T) {
			ctx := browser(t, size.width, size.height)
			signIn(t, ctx, srv, "manager@example.com")
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/dashboard?range=365d&period=month"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=dash-currency] svg`)),
			))
			checkFits(t, ctx, "dashboard "+size.name)
			screenshot(t, ctx, "dashboard-"+size.name)
		})
	}
}
