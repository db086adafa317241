package store_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestDashboardFigures checks the maintained daily figures against the orders themselves,
// after creates, an edit that changes a total, a cancellation and a full rebuild.
func TestDashboardFigures(t *testing.T) {
	t.Parallel()
	st, orders := listFixture(t)
	ctx := context.Background()
	q := store.DashboardQuery{From: testDay.AddDate(-1, 0, 0), To: testDay.AddDate(0, 0, 1), Period: "month"}

	expect := func() string {
		type key struct{ month, cur string }
		sums := map[key]*store.PeriodFigure{}
		for _, d := range orders {
			o, err := st.Order(ctx, d.Order.ID)
			if err != nil {
				t.Fatal(err)
			}
			k := key{o.CreatedDate.Format("2006-01"), o.Currency}
			f := sums[k]
			if f == nil {
				f = &store.PeriodFigure{Revenue: decimal.Zero}
				sums[k] = f
			}
			f.Orders++
			if o.IsCancelled {
				f.Cancelled++
			} else {
				f.Revenue = f.Revenue.Add(o.Total)
				f.Items += order.FactsOf(o).ItemCount
			}
		}
		var lines []string
		for k, f := range sums {
			lines = append(lines, fmt.Sprintf("%s %s %d %d %d %s", k.month, k.cur, f.Orders, f.Cancelled, f.Items, f.Revenue.StringFixed(2)))
		}
		sort.Strings(lines)
		return fmt.Sprint(lines)
	}
	got := func() string {
		figs, err := st.OrderFigures(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, f := range figs {
			lines = append(lines, fmt.Sprintf("%s %s %d %d %d %s", f.Start.Format("2006-01"), f.Currency, f.Orders, f.Cancelled, f.Items, f.Revenue.StringFixed(2)))
		}
		sort.Strings(lines)
		return fmt.Sprint(lines)
	}
	if g, w := got(), expect(); g != w {
		t.Fatalf("figures after creating:\n got %s\nwant %s", g, w)
	}

	// An edit that changes the total, and a cancellation, move the figures with them.
	var open *order.CustomerOrder
	for _, d := range orders {
		if !d.Order.IsCancelled && d.Order.Status == order.OrderNew {
			open = d.Order
		}
	}
	if open == nil {
		t.Fatal("no new order in the fixture")
	}
	o, err := st.Order(ctx, open.ID)
	if err != nil {
		t.Fatal(err)
	}
	o.Items[0].Quantity += 3
	if err := st.SaveOrder(ctx, desk, o); err != nil {
		t.Fatal(err)
	}
	o.IsCancelled, o.CancelReason, o.Status = true, "customer asked", order.OrderCancelled
	why := desk
	why.Reason = "customer asked"
	if err := st.SaveOrder(ctx, why, o); err != nil {
		t.Fatal(err)
	}
	if g, w := got(), expect(); g != w {
		t.Fatalf("figures after an edit and a cancellation:\n got %s\nwant %s", g, w)
	}
	maintained := got()
	if err := st.RebuildDailyStats(ctx); err != nil {
		t.Fatal(err)
	}
	if rebuilt := got(); rebuilt != maintained {
		t.Errorf("rebuilt figures differ from maintained ones:\n%s\n%s", rebuilt, maintained)
	}

	// Weeks start on Monday; days are days.
	q.Period = "week"
	weeks, err := st.OrderFigures(ctx, q)
	if err != nil || len(weeks) == 0 {
		t.Fatalf("weeks: %v, %v", weeks, err)
	}
	for _, f := range weeks {
		if f.Start.Weekday() != time.Monday {
			t.Errorf("a week starts on %s", f.Start.Weekday())
		}
	}

	// Refunds by reason add up to the refunds in the orders.
	want := map[string]decimal.Decimal{}
	for _, d := range orders {
		o, _ := st.Order(ctx, d.Order.ID)
		for _, p := range o.InPayments {
			for _, r := range p.Refunds {
				if !r.IsCancelled && r.Status != "Rejected" {
					k := string(r.ReasonCode) + " " + r.Currency
					want[k] = want[k].Add(r.Amount)
				}
			}
		}
	}
	refunds, err := st.RefundsByReason(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(refunds) == 0 || len(refunds) != len(want) {
		t.Fatalf("refunds by reason %v, want %v", refunds, want)
	}
	for _, r := range refunds {
		if w := want[r.Reason+" "+r.Currency]; !w.Equal(r.Amount) {
			t.Errorf("refunds %s %s = %s, want %s", r.Reason, r.Currency, r.Amount, w)
		}
	}
	people, err := st.TopChangers(ctx, q, 5)
	if err != nil || len(people) == 0 || people[0].ChangeSets < 2 {
		t.Errorf("top changers %v, %v", people, err)
	}
}
