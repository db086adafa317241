package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/dashboard"
)

// dashboardRanges are the ranges the dashboard offers, in days back from today (inclusive).
var dashboardRanges = []struct {
	key, label string
	days       int
}{
	{"7d", "Last 7 days", 7}, {"30d", "Last 30 days", 30}, {"90d", "Last 90 days", 90},
	{"365d", "Last 12 months", 365}, {"custom", "From – to", 0},
}

// dashboardPage shows orders and revenue per period and currency, open queues, refunds and
// returns by reason and who changed most this week, for the stores the user picks and may see.
func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) {
	u := state(r).user
	now := s.now().UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	v := r.URL.Query()

	// Parse: range (or from/to), period, stores within the user's scope.
	p := dashboard.Page{Filter: dashboard.Filter{Range: v.Get("range"), Period: v.Get("period")}}
	q := store.DashboardQuery{To: today.AddDate(0, 0, 1)}
	days := 30
	if i := slices.IndexFunc(dashboardRanges, func(x struct {
		key, label string
		days       int
	}) bool {
		return x.key == p.Filter.Range
	}); i >= 0 && dashboardRanges[i].days > 0 {
		days = dashboardRanges[i].days
	} else if p.Filter.Range != "custom" {
		p.Filter.Range = "30d"
	}
	q.From = q.To.AddDate(0, 0, -days)
	if p.Filter.Range == "custom" {
		from, errF := time.Parse(time.DateOnly, v.Get("from"))
		to, errT := time.Parse(time.DateOnly, v.Get("to"))
		if errF != nil || errT != nil || to.Before(from) {
			p.Filter.Problem = "Give a start and an end date, the end not before the start."
		} else {
			q.From, q.To = from, to.AddDate(0, 0, 1)
		}
	}
	p.Filter.From, p.Filter.To = q.From.Format(time.DateOnly), q.To.AddDate(0, 0, -1).Format(time.DateOnly)
	span := int(q.To.Sub(q.From).Hours() / 24)
	if !slices.Contains([]string{"day", "week", "month"}, p.Filter.Period) {
		p.Filter.Period = "day"
		switch {
		case span > 180:
			p.Filter.Period = "month"
		case span > 45:
			p.Filter.Period = "week"
		}
	}
	q.Period = p.Filter.Period
	stores, err := s.store.Stores(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	scope := u.StoreScope()
	picked := v["store"]
	for _, st := range stores {
		if len(scope) > 0 && !slices.Contains(scope, st.ID) {
			continue
		}
		p.Filter.Stores = append(p.Filter.Stores, dashboard.Option{Value: st.ID, Label: st.Name, Checked: slices.Contains(picked, st.ID)})
		if slices.Contains(picked, st.ID) {
			q.StoreIDs = append(q.StoreIDs, st.ID)
		}
	}
	if len(q.StoreIDs) == 0 && len(scope) > 0 {
		q.StoreIDs = scope
		if len(q.StoreIDs) == 0 {
			q.StoreIDs = []string{"-"}
		}
	}
	for _, x := range dashboardRanges {
		p.Filter.Ranges = append(p.Filter.Ranges, dashboard.Option{Value: x.key, Label: x.label, Checked: x.key == p.Filter.Range})
	}
	for _, x := range []string{"day", "week", "month"} {
		p.Filter.Periods = append(p.Filter.Periods, dashboard.Option{Value: x, Label: "per " + x, Checked: x == p.Filter.Period})
	}

	// Figures are per store: a user who may see only the orders assigned to them gets the
	// queues (counted in their scope) but not the whole stores' figures.
	if u.ScopeAssignedOnly {
		p.Note = "Your account sees only the orders assigned to you, so the stores' figures are not shown."
	} else if err := s.fillFigures(r, &p, q, u.Can(auth.OrderReadPrices)); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.fillQueues(r, &p, q); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.page(w, r, http.StatusOK, "Dashboard", dashboard.View(p))
}

// fillFigures adds the per-currency figures and charts, refunds and returns by reason and
// this week's most active people.
func (s *Server) fillFigures(r *http.Request, p *dashboard.Page, q store.DashboardQuery, prices bool) error {
	figs, err := s.store.OrderFigures(r.Context(), q)
	if err != nil {
		return err
	}
	listBase := url.Values{"from": {q.From.Format(time.DateOnly)}, "to": {q.To.AddDate(0, 0, -1).Format(time.DateOnly)}}
	if len(q.StoreIDs) > 0 && q.StoreIDs[0] != "-" {
		listBase["store"] = q.StoreIDs
	}
	byCur := map[string][]store.PeriodFigure{}
	var codes []string
	for _, f := range figs {
		if _, ok := byCur[f.Currency]; !ok {
			codes = append(codes, f.Currency)
		}
		byCur[f.Currency] = append(byCur[f.Currency], f)
	}
	for _, code := range codes {
		cur := order.CurrencyFor(code)
		var orders, cancelled, items int
		revenue := decimal.Zero
		for _, f := range byCur[code] {
			orders += f.Orders
			cancelled += f.Cancelled
			items += f.Items
			revenue = revenue.Add(f.Revenue)
		}
		kept := orders - cancelled
		c := dashboard.Currency{
			Code: code, Orders: thousands(orders), Cancel: thousands(cancelled),
			OrdersURL: listURL("/orders", with(listBase, "currency", code)),
			Revenue:   "—", Average: "—", Items: "—",
		}
		if kept > 0 {
			c.Items = decimal.NewFromInt(int64(items)).Div(decimal.NewFromInt(int64(kept))).StringFixed(1)
		}
		if prices {
			c.Revenue = cur.Fixed(revenue)
			if kept > 0 {
				c.Average = cur.Fixed(revenue.Div(decimal.NewFromInt(int64(kept))))
			}
		}
		c.Chart = barChart(byCur[code], q, code, prices, listBase)
		p.Currencies = append(p.Currencies, c)
	}

	refunds, err := s.store.RefundsByReason(r.Context(), q)
	if err != nil {
		return err
	}
	for _, x := range refunds {
		amount := ""
		if prices {
			amount = order.CurrencyFor(x.Currency).Fixed(x.Amount) + " " + x.Currency
		}
		p.Refunds = append(p.Refunds, dashboard.Reason{Reason: x.Reason, Count: thousands(x.Count), Amount: amount,
			URL: listURL("/history", url.Values{"doc": {"Refund"}, "period": {"custom"}, "from": listBase["from"], "to": listBase["to"]})})
	}
	returns, err := s.store.ReturnsByReason(r.Context(), q)
	if err != nil {
		return err
	}
	for _, x := range returns {
		reason := x.Reason
		if reason == "" {
			reason = "(no reason given)"
		}
		p.Returns = append(p.Returns, dashboard.Reason{Reason: reason, Count: thousands(x.Count) + " returns",
			Amount: thousands(x.Units) + " units",
			URL:    listURL("/history", url.Values{"doc": {"Return"}, "period": {"custom"}, "from": listBase["from"], "to": listBase["to"]})})
	}
	now := s.now().UTC()
	monday := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -int((now.Weekday()+6)%7))
	week := store.DashboardQuery{From: monday, To: monday.AddDate(0, 0, 7), StoreIDs: q.StoreIDs}
	people, err := s.store.TopChangers(r.Context(), week, 8)
	if err != nil {
		return err
	}
	for _, x := range people {
		p.People = append(p.People, dashboard.Link{Label: x.Label, Value: thousands(x.ChangeSets),
			URL: listURL("/history", url.Values{"person": {x.ActorID}, "period": {"7d"}})})
	}
	return nil
}

// fillQueues counts the usual queues within the user's scope.
func (s *Server) fillQueues(r *http.Request, p *dashboard.Page, q store.DashboardQuery) error {
	who := viewerOf(state(r).user)
	for _, view := range listing.BuiltinViews[:3] {
		vals, _ := url.ParseQuery(view.Query)
		if len(q.StoreIDs) > 0 && q.StoreIDs[0] != "-" {
			vals["store"] = q.StoreIDs
		}
		f := listing.FromValues(vals)
		lq, _ := listing.Resolve(f, s.now(), who)
		n, more, err := s.store.CountOrders(r.Context(), lq, countLimit)
		if err != nil {
			return err
		}
		p.Queues = append(p.Queues, dashboard.Link{Label: view.Name, Value: countText(n, more), URL: listURL("/orders", f.Values())})
	}
	return nil
}

// barChart lays out one currency's series: revenue per period when prices may be shown,
// otherwise orders per period. Each bar links to that period's orders.
func barChart(figs []store.PeriodFigure, q store.DashboardQuery, code string, prices bool, base url.Values) dashboard.Chart {
	const width, height = 800, 140
	c := dashboard.Chart{Width: width, Height: height, Title: "Orders per " + q.Period}
	if prices {
		c.Title = "Revenue per " + q.Period + " (" + code + ")"
	}
	value := func(f store.PeriodFigure) decimal.Decimal {
		if prices {
			return f.Revenue
		}
		return decimal.NewFromInt(int64(f.Orders - f.Cancelled))
	}
	top := decimal.Zero
	for _, f := range figs {
		top = decimal.Max(top, value(f))
	}
	if top.IsZero() {
		top = decimal.NewFromInt(1)
	}
	c.Max = top.StringFixed(0)
	n := max(len(figs), 1)
	slot := width / n
	every := max(1, n/8) // at most about eight labels
	cur := order.CurrencyFor(code)
	for i, f := range figs {
		h := int(value(f).Div(top).Mul(decimal.NewFromInt(height - 4)).IntPart())
		end := nextPeriod(f.Start, q.Period).AddDate(0, 0, -1)
		b := dashboard.Bar{
			X: i*slot + slot/8, W: max(2, slot*3/4), Y: height - h, H: h, SlotX: i * slot, SlotW: slot,
			URL: listURL("/orders", with(with(with(base, "currency", code), "from", f.Start.Format(time.DateOnly)), "to", end.Format(time.DateOnly))),
			Tip: fmt.Sprintf("%s: %d orders", f.Start.Format("2 Jan 2006"), f.Orders-f.Cancelled),
		}
		if prices {
			b.Tip += ", " + cur.Fixed(f.Revenue) + " " + code
		}
		if i%every == 0 {
			b.Label, b.LabelX = shortDate(f.Start, q.Period), i*slot
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}

func nextPeriod(t time.Time, period string) time.Time {
	switch period {
	case "week":
		return t.AddDate(0, 0, 7)
	case "month":
		return t.AddDate(0, 1, 0)
	}
	return t.AddDate(0, 0, 1)
}

func shortDate(t time.Time, period string) string {
	if period == "month" {
		return t.Format("Jan 06")
	}
	return t.Format("2 Jan")
}
