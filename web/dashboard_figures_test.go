package web_test

import (
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

// TestDashboardBreakdownsMatchTheOrders checks the rest of the dashboard against the seeded
// orders, computed here from the orders themselves: per currency the cancellations, the
// average order and items per order, the chart's bars (orders and revenue per month add up to
// the range), and the three open queues.
func TestDashboardBreakdownsMatchTheOrders(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	c := newClient(t, srv)
	c.mustLogin("manager@example.com")
	page := c.get("/dashboard?range=365d&period=month")
	if page.StatusCode != 200 {
		t.Fatalf("dashboard: %d", page.StatusCode)
	}
	from := srv.Clock.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -364)
	type sums struct {
		orders, cancelled, items int
		revenue                  decimal.Decimal
	}
	want := map[string]*sums{}
	queues := map[string]int{}
	for _, d := range orders {
		o := d.Order
		f := order.FactsOf(o)
		if o.Status == "New" {
			queues["New"]++
		}
		if !o.IsCancelled && slices.Contains([]string{order.PayStateUnpaid, order.PayStateAuthorized, order.PayStatePartial}, f.PaymentState) {
			queues["Unpaid"]++
		}
		if !o.IsCancelled && f.PaymentState == order.PayStatePaid && (f.ShippingState == order.ShipStateUnshipped || f.ShippingState == order.ShipStatePartial) {
			queues["Ready to ship"]++
		}
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
			continue
		}
		s.revenue = s.revenue.Add(o.Total)
		s.items += f.ItemCount
	}
	cancelled := 0
	for _, s := range want {
		cancelled += s.cancelled
	}
	if cancelled == 0 || len(queues) < 3 {
		t.Fatalf("the fixture should have cancellations and all three queues: %d cancelled, queues %v", cancelled, queues)
	}

	sections := regexp.MustCompile(`(?s)data-testid="dash-currency"><h2>([A-Z]{3})</h2>(.*?)</section>`).FindAllStringSubmatch(page.body, -1)
	if len(sections) != len(want) {
		t.Fatalf("%d currencies shown, want %d", len(sections), len(want))
	}
	figure := regexp.MustCompile(`<span class="value">([^<]+)</span><span class="label">([^<]+)</span>`)
	tip := regexp.MustCompile(`<title>[^<]*: ([0-9]+) orders, ([0-9.,'’ -]+) [A-Z]{3}</title>`)
	for _, sec := range sections {
		code, body := sec[1], sec[2]
		w := want[code]
		cur := order.CurrencyFor(code)
		kept := w.orders - w.cancelled
		got := map[string]string{}
		for _, m := range figure.FindAllStringSubmatch(body, -1) {
			got[m[2]] = html.UnescapeString(m[1])
		}
		for label, expect := range map[string]string{
			"Cancelled":           strconv.Itoa(w.cancelled),
			"Average order value": cur.Fixed(w.revenue.Div(decimal.NewFromInt(int64(kept)))),
			"Items per order":     decimal.NewFromInt(int64(w.items)).Div(decimal.NewFromInt(int64(kept))).StringFixed(1),
		} {
			if got[label] != expect {
				t.Errorf("%s %s: %q, want %q", code, label, got[label], expect)
			}
		}
		bars, barOrders := 0, 0
		barRevenue := decimal.Zero
		for _, m := range tip.FindAllStringSubmatch(html.UnescapeString(body), -1) {
			n, _ := strconv.Atoi(m[1])
			barOrders += n
			amount, err := decimal.NewFromString(strings.NewReplacer(",", "", "'", "", "’", "", " ", "").Replace(m[2]))
			if err != nil {
				t.Fatalf("%s bar amount %q: %v", code, m[2], err)
			}
			barRevenue = barRevenue.Add(amount)
			bars++
		}
		if bars == 0 || barOrders != kept {
			t.Errorf("%s: %d bars count %d orders, want %d", code, bars, barOrders, kept)
		}
		// Each bar's amount is rounded to the currency, so the sum may differ by half a unit
		// of the last digit per bar.
		slack := decimal.New(1, -cur.DecimalDigits).Mul(decimal.NewFromInt(int64(bars)))
		if barRevenue.Sub(w.revenue).Abs().GreaterThan(slack) {
			t.Errorf("%s: bars add up to %s, revenue is %s", code, barRevenue, w.revenue)
		}
	}

	shown := map[string]string{}
	for _, m := range regexp.MustCompile(`<li><a href="[^"]*">([^<]+)</a> <span class="count" data-testid="queue-count">([^<]+)</span>`).FindAllStringSubmatch(page.body, -1) {
		shown[m[1]] = m[2]
	}
	for name, n := range queues {
		if shown[name] != strconv.Itoa(n) {
			t.Errorf("queue %s shows %q, want %d", name, shown[name], n)
		}
	}
}
