package staff

import (
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/dashboard"
)

// The dashboard's form and figures built without a database.

func TestDashboardRange(t *testing.T) {
	today := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		query                       string
		wantRange, from, to, period string
		problem                     bool
	}{
		{"", "30d", "2026-02-09", "2026-03-10", "day", false},
		{"range=nonsense", "30d", "2026-02-09", "2026-03-10", "day", false},
		{"range=7d&period=month", "7d", "2026-03-04", "2026-03-10", "month", false},
		{"range=90d", "90d", "2025-12-11", "2026-03-10", "week", false},
		{"range=365d", "365d", "2025-03-11", "2026-03-10", "month", false},
		{"range=custom&from=2026-01-01&to=2026-01-31", "custom", "2026-01-01", "2026-01-31", "day", false},
		{"range=custom&from=2026-01-01&to=2026-03-01", "custom", "2026-01-01", "2026-03-01", "week", false},
		{"range=custom&from=2026-02-01&to=2026-01-01", "custom", "2026-02-09", "2026-03-10", "day", true},
		{"range=custom&from=x", "custom", "2026-02-09", "2026-03-10", "day", true},
	} {
		v, _ := url.ParseQuery(c.query)
		f, q := dashboardRange(v, today)
		if f.Range != c.wantRange || f.From != c.from || f.To != c.to || f.Period != c.period || (f.Problem != "") != c.problem {
			t.Errorf("%q: range %s %s..%s per %s problem %q; want %s %s..%s per %s problem %v",
				c.query, f.Range, f.From, f.To, f.Period, f.Problem, c.wantRange, c.from, c.to, c.period, c.problem)
		}
		// The query is the shown range with an exclusive end, in the shown period.
		if q.From.Format(time.DateOnly) != f.From || q.To.AddDate(0, 0, -1).Format(time.DateOnly) != f.To || q.Period != f.Period {
			t.Errorf("%q: query %v..%v per %s disagrees with the form %s..%s", c.query, q.From, q.To, q.Period, f.From, f.To)
		}
	}
}

func TestDashboardPeriod(t *testing.T) {
	for _, c := range []struct {
		asked string
		span  int
		want  string
	}{
		{"week", 3, "week"}, {"", 45, "day"}, {"", 46, "week"}, {"", 180, "week"}, {"", 181, "month"}, {"year", 7, "day"},
	} {
		if got := dashboardPeriod(c.asked, c.span); got != c.want {
			t.Errorf("period %q over %d days = %q, want %q", c.asked, c.span, got, c.want)
		}
	}
}

func TestDashboardStores(t *testing.T) {
	stores := []store.StoreInfo{{ID: "a", Name: "Alpha"}, {ID: "b", Name: "Beta"}, {ID: "c", Name: "Gamma"}}
	for _, c := range []struct {
		name             string
		scope, picked    []string
		options, counted []string
		ticked           []string
	}{
		{"all stores, none picked", nil, nil, []string{"a", "b", "c"}, nil, nil},
		{"all stores, two picked", nil, []string{"c", "a"}, []string{"a", "b", "c"}, []string{"a", "c"}, []string{"a", "c"}},
		{"scoped, none picked", []string{"b", "c"}, nil, []string{"b", "c"}, []string{"b", "c"}, nil},
		{"scoped, one outside picked", []string{"b"}, []string{"a"}, []string{"b"}, []string{"b"}, nil},
		{"scoped, one picked", []string{"b", "c"}, []string{"c"}, []string{"b", "c"}, []string{"c"}, []string{"c"}},
	} {
		options, counted := dashboardStores(stores, c.scope, c.picked)
		var values, ticked []string
		for _, o := range options {
			values = append(values, o.Value)
			if o.Checked {
				ticked = append(ticked, o.Value)
			}
		}
		if !sameStrings(values, c.options) || !sameStrings(counted, c.counted) || !sameStrings(ticked, c.ticked) {
			t.Errorf("%s: options %v ticked %v counted %v; want %v ticked %v counted %v", c.name, values, ticked, counted, c.options, c.ticked, c.counted)
		}
	}
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestDashboardRequestChoices(t *testing.T) {
	v := url.Values{"range": {"90d"}, "period": {"month"}}
	p, _ := dashboardRequest(v, time.Date(2026, 3, 10, 23, 0, 0, 0, time.UTC), nil, nil)
	checked := func(opts []dashboard.Option) (out []string) {
		for _, o := range opts {
			if o.Checked {
				out = append(out, o.Value)
			}
		}
		return out
	}
	if len(p.Filter.Ranges) != len(dashboardRanges) || !sameStrings(checked(p.Filter.Ranges), []string{"90d"}) {
		t.Errorf("ranges %+v: want every range, 90d ticked", p.Filter.Ranges)
	}
	if len(p.Filter.Periods) != 3 || !sameStrings(checked(p.Filter.Periods), []string{"month"}) {
		t.Errorf("periods %+v: want day, week, month with month ticked", p.Filter.Periods)
	}
}

func TestDashboardWeek(t *testing.T) {
	for _, now := range []time.Time{
		time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC),    // a Monday
		time.Date(2026, 3, 15, 23, 59, 0, 0, time.UTC), // the Sunday after
		time.Date(2026, 3, 11, 12, 0, 0, 0, time.UTC),
	} {
		w := dashboardWeek(now, []string{"s"})
		if w.From.Weekday() != time.Monday || now.Before(w.From) || !now.Before(w.To) || w.To.Sub(w.From) != 7*24*time.Hour || len(w.StoreIDs) != 1 {
			t.Errorf("week of %v = %v..%v", now, w.From, w.To)
		}
	}
}

// figureValue is the value of the figure with the given id.
func figureValue(c dashboard.Currency, id string) (string, bool) {
	for _, f := range c.Figures {
		if f.ID == id {
			return f.Value, true
		}
	}
	return "", false
}

func TestFiguresView(t *testing.T) {
	q := store.DashboardQuery{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), Period: "day", StoreIDs: []string{"s1"}}
	d := dashboardFigures{
		orders: []store.PeriodFigure{
			{Start: q.From, Currency: "EUR", Orders: 3, Cancelled: 1, Items: 7, Revenue: decimal.RequireFromString("120.50")},
			{Start: q.From.AddDate(0, 0, 2), Currency: "EUR", Orders: 2, Cancelled: 0, Items: 3, Revenue: decimal.RequireFromString("80.25")},
			{Start: q.From, Currency: "USD", Orders: 1, Cancelled: 1, Items: 1, Revenue: decimal.Zero},
		},
		refunds: []store.ReasonFigure{
			{Reason: "", Currency: "EUR", Count: 1, Amount: decimal.RequireFromString("10.00")},
			{Reason: "damaged", Currency: "GBP", Count: 2, Amount: decimal.RequireFromString("5.50")},
		},
		returns: []store.ReasonFigure{{Reason: "too small", Count: 2, Units: 3}},
		people:  []store.PersonFigure{{ActorID: "u1", Label: "Ann", Email: "ann@example.com", ChangeSets: 1234}},
	}
	rules := order.DefaultStatusRules()
	for _, prices := range []bool{true, false} {
		var p dashboard.Page
		figuresView(&p, d, q, prices, rules)
		// EUR and USD from the orders, GBP only from its refund, in that order.
		if len(p.Currencies) != 3 || p.Currencies[0].Code != "EUR" || p.Currencies[1].Code != "USD" || p.Currencies[2].Code != "GBP" {
			t.Fatalf("currencies %+v", p.Currencies)
		}
		for _, c := range p.Currencies {
			var orders, cancelled, items int
			gross, refunded := decimal.Zero, decimal.Zero
			for _, f := range d.orders {
				if f.Currency == c.Code {
					orders, cancelled, items, gross = orders+f.Orders, cancelled+f.Cancelled, items+f.Items, gross.Add(f.Revenue)
				}
			}
			for _, x := range d.refunds {
				if x.Currency == c.Code {
					refunded = refunded.Add(x.Amount)
				}
			}
			cur := order.CurrencyFor(c.Code)
			kept := orders - cancelled
			want := map[string]string{"orders": strconv.Itoa(orders), "kept": strconv.Itoa(kept), "cancelled": strconv.Itoa(cancelled)}
			want["items"], want["average"] = "—", "—"
			if kept > 0 {
				want["items"] = decimal.NewFromInt(int64(items)).Div(decimal.NewFromInt(int64(kept))).StringFixed(1)
				want["average"] = cur.Fixed(gross.Div(decimal.NewFromInt(int64(kept))))
			}
			if prices {
				want["gross"], want["refunds"], want["net"] = cur.Fixed(gross), cur.Fixed(refunded), cur.Fixed(gross.Sub(refunded))
			} else {
				delete(want, "average")
			}
			if len(c.Figures) != len(want) {
				t.Errorf("prices %v, %s: %d figures, want %d", prices, c.Code, len(c.Figures), len(want))
			}
			for id, w := range want {
				if got, ok := figureValue(c, id); !ok || got != w {
					t.Errorf("prices %v, %s %s = %q, want %q", prices, c.Code, id, got, w)
				}
			}
			if len(c.Chart.Bars) != 3 {
				t.Errorf("%s chart has %d bars, want one per day", c.Code, len(c.Chart.Bars))
			}
		}
		if len(p.Refunds.Rows) != 2 || p.Refunds.Rows[0].Reason != "(no reason given)" || p.Refunds.Rows[1].Count != "2" {
			t.Errorf("refund rows %+v", p.Refunds.Rows)
		}
		if amount := p.Refunds.Rows[1].Amount; prices != (amount == "5.50 GBP") || (!prices && amount != "") {
			t.Errorf("prices %v: refund amount %q", prices, amount)
		}
		if len(p.Returns.Rows) != 1 || p.Returns.Rows[0].Count != "2 returns" || p.Returns.Rows[0].Amount != "3 units" {
			t.Errorf("return rows %+v", p.Returns.Rows)
		}
		if len(p.People) != 1 || p.People[0].Value != thousands(1234) || p.People[0].Title != "ann@example.com" {
			t.Errorf("people %+v", p.People)
		}
		// Every figure links to the orders of its store and currency in the range.
		eurOrders, _ := url.Parse(p.Currencies[0].Figures[0].URL)
		if got := eurOrders.Query(); got.Get("currency") != "EUR" || got.Get("store") != "s1" || got.Get("from") != "2026-03-01" || got.Get("to") != "2026-03-03" {
			t.Errorf("orders link %s", p.Currencies[0].Figures[0].URL)
		}
	}
}
