package web_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestDashboardFiguresMatchTheOrders checks each currency's order count, revenue and
// cancellations on the dashboard against the seeded orders, and that a store-scoped viewer
// sees only their store.
func TestDashboardFiguresMatchTheOrders(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "viewer@example.com", auth.RoleViewer)
	c := newClient(t, srv)
	c.mustLogin("manager@example.com")
	page := c.get("/dashboard?range=365d&period=month")
	if page.StatusCode != 200 {
		t.Fatalf("dashboard: %d", page.StatusCode)
	}
	from := srv.Clock.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -364)
	type sums struct {
		orders, cancelled int
		revenue           decimal.Decimal
	}
	want := map[string]*sums{}
	for _, d := range orders {
		o := d.Order
		if o.CreatedDate.Before(from) {
			continue
		}
		s := want[o.Currency]
		if s == nil {
			s = &sums{revenue: decimal.Zero}
			want[o.Currency] = s
		}
		s.orders++
		if o.IsCancelled {
			s.cancelled++
		} else {
			s.revenue = s.revenue.Add(o.Total)
		}
	}
	sections := regexp.MustCompile(`(?s)<section class="card dash-currency" data-testid="dash-currency"><h2>([A-Z]{3})</h2>(.*?)</section>`).FindAllStringSubmatch(page.body, -1)
	if len(sections) != len(want) {
		t.Fatalf("%d currencies shown, want %d", len(sections), len(want))
	}
	for _, sec := range sections {
		w := want[sec[1]]
		figure := func(id string) string {
			m := regexp.MustCompile(`data-testid="` + id + `"><span class="value">([^<]+)<`).FindStringSubmatch(sec[2])
			if m == nil {
				t.Fatalf("%s: no %s", sec[1], id)
			}
			return m[1]
		}
		if got := figure("figure-orders"); got != strconv.Itoa(w.orders) {
			t.Errorf("%s orders %s, want %d", sec[1], got, w.orders)
		}
		if got, wantRev := figure("figure-gross"), order.CurrencyFor(sec[1]).Fixed(w.revenue); got != wantRev {
			t.Errorf("%s revenue %s, want %s", sec[1], got, wantRev)
		}
		if !strings.Contains(sec[2], "<svg") || !strings.Contains(sec[2], `class="bar"`) {
			t.Errorf("%s has no chart", sec[1])
		}
	}
	if n := page.count(testid("queue-count")); n != 3 {
		t.Errorf("%d queues, want 3", n)
	}

	// A viewer limited to the book shop sees GBP only.
	v, err := srv.Store.UserByEmail(context.Background(), "viewer@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Store.SetUserScope(context.Background(), store.Actor{Label: "admin", Source: store.SourceDesk}, v.ID, []string{"books-uk"}, false); err != nil {
		t.Fatal(err)
	}
	vc := newClient(t, srv)
	vc.mustLogin("viewer@example.com")
	page = vc.get("/dashboard?range=365d")
	if got := regexp.MustCompile(`data-testid="dash-currency"><h2>([A-Z]{3})<`).FindAllStringSubmatch(page.body, -1); len(got) != 1 || got[0][1] != "GBP" {
		t.Errorf("the book-shop viewer sees currencies %v", got)
	}
	if strings.Contains(page.body, "Volt Electronics") {
		t.Error("the book-shop viewer can pick another store")
	}
}
