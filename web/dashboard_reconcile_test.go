package web_test

import (
	"context"
	"html"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// TestDashboardReconcilesWithSQL loads the demo data (orders with their payments, refunds and
// returns, as `orderdesk seed` stores them) and recomputes every figure the dashboard shows with
// plain SQL over the orders, refunds and return tables, comparing exactly: orders placed with and
// without the cancelled ones, gross revenue, refunds, net revenue, average order value, items per
// order, each day's bar (days without orders included, as zero), refunds and returns by reason.
// It runs for all stores by day and for one store by week.
func TestDashboardReconcilesWithSQL(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	ctx := context.Background()
	for _, st := range demo.Stores {
		if err := srv.Store.UpsertStore(ctx, store.StoreInfo{ID: st.ID, Name: st.Name, DefaultCurrency: st.Currency}); err != nil {
			t.Fatal(err)
		}
	}
	by := store.Actor{Label: "demo data", Source: store.SourceCLI}
	for _, d := range demo.NewGenerator(20261123, srv.Clock.Now(), order.DefaultStatusRules()).Orders(240) {
		if err := srv.Store.CreateOrder(ctx, by, d.Order); err != nil {
			t.Fatal(err)
		}
		for _, r := range d.Returns {
			if err := srv.Store.CreateReturn(ctx, by, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	today := srv.Clock.Now().UTC().Truncate(24 * time.Hour)
	// The demo's refunds are all processed; two of them still waiting for or refused by the
	// gateway must not count as money that went back.
	for _, status := range []string{"Pending", "Rejected"} {
		res, err := srv.Store.DB().Exec(`
			UPDATE order_refunds
			SET status = ?
			WHERE status = 'Processed' AND NOT is_cancelled AND created_date >= ? AND created_date < ?
			ORDER BY created_date DESC
			LIMIT 1`, status, today.AddDate(0, 0, -30), today)
		if n, _ := res.RowsAffected(); err != nil || n != 1 {
			t.Fatalf("make a refund %s: %v (%d rows)", status, err, n)
		}
	}
	c := newClient(t, srv)
	c.mustLogin("manager@example.com")

	for _, tc := range []struct {
		name     string
		query    string
		from, to time.Time // [from, to)
		stores   []string
		period   string
	}{
		{"all stores by day", "range=90d&period=day", today.AddDate(0, 0, -89), today.AddDate(0, 0, 1), nil, "day"},
		{"one store by week", "range=custom&from=" + today.AddDate(0, 0, -100).Format(time.DateOnly) + "&to=" + today.Format(time.DateOnly) +
			"&period=week&store=" + demo.Stores[0].ID, today.AddDate(0, 0, -100), today.AddDate(0, 0, 1), []string{demo.Stores[0].ID}, "week"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := c.get("/dashboard?" + tc.query)
			if page.StatusCode != 200 {
				t.Fatalf("dashboard: %d", page.StatusCode)
			}
			want := sqlDashboard(t, srv, tc.from, tc.to, tc.stores, tc.period)
			sections := regexp.MustCompile(`(?s)data-testid="dash-currency"><h2>([A-Z]{3})</h2>(.*?)</section>`).FindAllStringSubmatch(page.body, -1)
			if len(sections) != len(want.currencies) || len(sections) == 0 {
				t.Fatalf("%d currencies shown, SQL has %d", len(sections), len(want.currencies))
			}
			zeroBars, refundsSeen := 0, false
			for _, sec := range sections {
				code, body := sec[1], sec[2]
				w, ok := want.currencies[code]
				if !ok {
					t.Fatalf("%s shown, not in SQL", code)
				}
				cur := order.CurrencyFor(code)
				kept := w.orders - w.cancelled
				expect := map[string]string{
					"orders":    strconv.Itoa(w.orders),
					"kept":      strconv.Itoa(kept),
					"cancelled": strconv.Itoa(w.cancelled),
					"gross":     cur.Fixed(w.gross),
					"refunds":   cur.Fixed(w.refunds),
					"net":       cur.Fixed(w.gross.Sub(w.refunds)),
					"average":   cur.Fixed(w.gross.Div(decimal.NewFromInt(int64(kept)))),
					"items":     decimal.NewFromInt(int64(w.items)).Div(decimal.NewFromInt(int64(kept))).StringFixed(1),
				}
				refundsSeen = refundsSeen || w.refunds.IsPositive()
				for id, v := range expect {
					m := regexp.MustCompile(`data-testid="figure-` + id + `"><span class="value">([^<]+)</span><span class="label">([^<]+)</span><span class="def">([^<]+)</span>`).FindStringSubmatch(body)
					if m == nil {
						t.Errorf("%s: no figure %s with its label and definition", code, id)
						continue
					}
					if got := html.UnescapeString(m[1]); strings.ReplaceAll(got, ",", "") != v {
						t.Errorf("%s %s (%s): page %q, SQL %q", code, id, m[2], got, v)
					}
				}
				// One bar per period of the range, each with that period's orders and revenue.
				tips := regexp.MustCompile(`class="bar" data-testid="bar"><title>([^<]+)</title>`).FindAllStringSubmatch(body, -1)
				if len(tips) != len(want.periods) {
					t.Fatalf("%s: %d bars, the range has %d %ss", code, len(tips), len(want.periods), tc.period)
				}
				for i, start := range want.periods {
					p := w.byPeriod[start.Format(time.DateOnly)]
					tip := start.Format("2 Jan 2006") + ": " + strconv.Itoa(p.kept) + " orders, " + cur.Fixed(p.gross) + " " + code
					if got := html.UnescapeString(tips[i][1]); got != tip {
						t.Errorf("%s bar %d: %q, SQL %q", code, i, got, tip)
					}
					if p.kept == 0 {
						zeroBars++
					}
				}
				for _, axis := range []string{`data-testid="y-title">` + code + `<`, `data-testid="x-title">` + map[string]string{"day": "day", "week": "week from Monday"}[tc.period] + `<`} {
					if !strings.Contains(body, axis) {
						t.Errorf("%s: chart lacks the axis title %s", code, axis)
					}
				}
			}
			if zeroBars == 0 || !refundsSeen {
				t.Fatalf("the fixture should have days without orders and refunds: %d empty bars, refunds %v", zeroBars, refundsSeen)
			}

			// Refunds and returns by reason: labels, counts and amounts as SQL groups them.
			table := func(testID string) [][]string {
				m := regexp.MustCompile(`(?s)data-testid="` + testID + `">(.*?)</section>`).FindStringSubmatch(page.body)
				if m == nil {
					t.Fatalf("no %s", testID)
				}
				var rows [][]string
				for _, r := range regexp.MustCompile(`<tr><td><a href="[^"]*">([^<]+)</a></td><td class="num">([^<]+)</td><td class="num">([^<]+)</td></tr>`).FindAllStringSubmatch(m[1], -1) {
					rows = append(rows, []string{html.UnescapeString(r[1]), r[2], r[3]})
				}
				return rows
			}
			if got := table("refund-reasons"); !equalRows(got, want.refundRows) {
				t.Errorf("refunds by reason:\n page %q\n SQL  %q", got, want.refundRows)
			}
			if got := table("return-reasons"); !equalRows(got, want.returnRows) || len(got) == 0 {
				t.Errorf("returns by reason:\n page %q\n SQL  %q", got, want.returnRows)
			}
			if strings.Contains(page.body, ">RequestedByCustomer<") {
				t.Error("a refund reason is shown as its code")
			}
		})
	}
}

type sqlCurrency struct {
	orders, cancelled, items int
	gross, refunds           decimal.Decimal
	byPeriod                 map[string]sqlPeriod
}

type sqlPeriod struct {
	kept  int
	gross decimal.Decimal
}

type sqlFigures struct {
	currencies             map[string]*sqlCurrency
	periods                []time.Time
	refundRows, returnRows [][]string
}

// sqlDashboard computes the dashboard's figures straight from the documents' tables, by the
// definitions the page states.
func sqlDashboard(t *testing.T, srv *testenv.Server, from, to time.Time, stores []string, period string) sqlFigures {
	t.Helper()
	db := srv.Store.DB()
	storeCond, args := "", []any{from, to}
	if len(stores) > 0 {
		storeCond = " AND o.store_id IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(stores)), ", ") + ")"
		for _, s := range stores {
			args = append(args, s)
		}
	}
	out := sqlFigures{currencies: map[string]*sqlCurrency{}}
	get := func(code string) *sqlCurrency {
		if out.currencies[code] == nil {
			out.currencies[code] = &sqlCurrency{gross: decimal.Zero, refunds: decimal.Zero, byPeriod: map[string]sqlPeriod{}}
		}
		return out.currencies[code]
	}
	periodStart := map[string]string{
		"day":  "DATE(o.created_date)",
		"week": "DATE_SUB(DATE(o.created_date), INTERVAL WEEKDAY(o.created_date) DAY)",
	}[period]
	var orders []struct {
		Start     time.Time       `db:"start"`
		Currency  string          `db:"currency"`
		Orders    int             `db:"orders"`
		Cancelled int             `db:"cancelled"`
		Gross     decimal.Decimal `db:"gross"`
		Items     int             `db:"items"`
	}
	if err := db.Select(&orders, `
		SELECT `+periodStart+` AS start, o.currency,
		       COUNT(*) AS orders,
		       SUM(o.is_cancelled) AS cancelled,
		       COALESCE(SUM(CASE WHEN o.is_cancelled THEN 0 ELSE o.total END), 0) AS gross,
		       COALESCE(SUM(CASE WHEN o.is_cancelled THEN 0 ELSE (
		           SELECT COALESCE(SUM(li.quantity), 0)
		           FROM order_line_items li
		           WHERE li.order_id = o.id AND NOT li.is_cancelled) END), 0) AS items
		FROM orders o
		WHERE o.created_date >= ? AND o.created_date < ?`+storeCond+`
		GROUP BY start, o.currency`, args...); err != nil {
		t.Fatal(err)
	}
	for _, r := range orders {
		c := get(r.Currency)
		c.orders += r.Orders
		c.cancelled += r.Cancelled
		c.items += r.Items
		c.gross = c.gross.Add(r.Gross)
		c.byPeriod[r.Start.Format(time.DateOnly)] = sqlPeriod{kept: r.Orders - r.Cancelled, gross: r.Gross}
	}
	var refunds []struct {
		Currency string          `db:"currency"`
		Reason   string          `db:"reason_code"`
		Count    int             `db:"count"`
		Amount   decimal.Decimal `db:"amount"`
	}
	if err := db.Select(&refunds, `
		SELECT r.currency, r.reason_code, COUNT(*) AS count, SUM(r.amount) AS amount
		FROM order_refunds r
		JOIN orders o ON o.id = r.order_id
		WHERE r.created_date >= ? AND r.created_date < ?`+storeCond+`
		  AND r.status = 'Processed' AND NOT r.is_cancelled
		GROUP BY r.currency, r.reason_code
		ORDER BY r.currency, amount DESC, r.reason_code`, args...); err != nil {
		t.Fatal(err)
	}
	labels := order.DefaultStatusLabels()[order.TypeRefundReason]
	for _, r := range refunds {
		c := get(r.Currency)
		c.refunds = c.refunds.Add(r.Amount)
		reason := r.Reason
		if labels[reason] != "" {
			reason = labels[reason]
		}
		out.refundRows = append(out.refundRows, []string{reason, strconv.Itoa(r.Count), order.CurrencyFor(r.Currency).Fixed(r.Amount) + " " + r.Currency})
	}
	var returns []struct {
		Reason  string `db:"reason"`
		Returns int    `db:"returns"`
		Units   int    `db:"units"`
	}
	if err := db.Select(&returns, `
		SELECT l.reason, COUNT(DISTINCT l.return_id) AS returns, SUM(l.quantity) AS units
		FROM order_return_line_items l
		JOIN orders o ON o.id = l.order_id
		WHERE l.created_date >= ? AND l.created_date < ?`+storeCond+`
		GROUP BY l.reason
		ORDER BY units DESC`, args...); err != nil {
		t.Fatal(err)
	}
	for _, r := range returns {
		reason := r.Reason
		if reason == "" {
			reason = "(no reason given)"
		}
		out.returnRows = append(out.returnRows, []string{reason, strconv.Itoa(r.Returns) + " returns", strconv.Itoa(r.Units) + " units"})
	}
	start := from
	if period == "week" {
		start = from.AddDate(0, 0, -int((from.Weekday()+6)%7))
	}
	for d := start; d.Before(to); d = d.AddDate(0, 0, map[string]int{"day": 1, "week": 7}[period]) {
		out.periods = append(out.periods, d)
	}
	return out
}

// equalRows compares reason tables; rows of equal weight may come in either order.
func equalRows(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, r := range a {
		seen[strings.Join(r, "|")]++
	}
	for _, r := range b {
		seen[strings.Join(r, "|")]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
