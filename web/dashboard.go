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

// Dashboard figures, each with the one definition it is computed by; the page says it beside
// the number, and a test recomputes each from SQL over the stored documents.
const (
	defOrders    = "Orders created in the range, cancelled ones included."
	defKept      = "Orders created in the range and not cancelled."
	defCancelled = "Orders created in the range and cancelled since."
	defGross     = "Sum of the totals (tax included) of the orders placed in the range and not cancelled."
	defRefunds   = "Sum of the processed refunds created in the range (not cancelled), whenever their order was placed."
	defNet       = "Gross revenue less refunds."
	defAverage   = "Gross revenue divided by the orders placed and not cancelled, rounded to the currency."
	defItems     = "Units on the orders placed and not cancelled, divided by their number."
)

// fillFigures adds the per-currency figures and charts, refunds and returns by reason and
// this week's most active people.
func (s *Server) fillFigures(r *http.Request, p *dashboard.Page, q store.DashboardQuery, prices bool) error {
	figs, err := s.store.OrderFigures(r.Context(), q)
	if err != nil {
		return err
	}
	refunds, err := s.store.RefundsByReason(r.Context(), q)
	if err != nil {
		return err
	}
	listBase := url.Values{"from": {q.From.Format(time.DateOnly)}, "to": {q.To.AddDate(0, 0, -1).Format(time.DateOnly)}}
	if len(q.StoreIDs) > 0 && q.StoreIDs[0] != "-" {
		listBase["store"] = q.StoreIDs
	}
	refundsURL := listURL("/history", url.Values{"topic": {"refund"}, "period": {"custom"}, "from": listBase["from"], "to": listBase["to"]})
	byCur := map[string][]store.PeriodFigure{}
	refunded := map[string]decimal.Decimal{}
	var codes []string
	for _, f := range figs {
		if _, ok := byCur[f.Currency]; !ok {
			codes = append(codes, f.Currency)
		}
		byCur[f.Currency] = append(byCur[f.Currency], f)
	}
	for _, x := range refunds {
		if _, ok := byCur[x.Currency]; !ok {
			codes = append(codes, x.Currency) // refunds in a range without orders in that currency
			byCur[x.Currency] = nil
		}
		refunded[x.Currency] = refunded[x.Currency].Add(x.Amount)
	}
	for _, code := range codes {
		cur := order.CurrencyFor(code)
		var orders, cancelled, items int
		gross := decimal.Zero
		for _, f := range byCur[code] {
			orders += f.Orders
			cancelled += f.Cancelled
			items += f.Items
			gross = gross.Add(f.Revenue)
		}
		kept := orders - cancelled
		ordersURL := listURL("/orders", with(listBase, "currency", code))
		keptURL := listURL("/orders", with(with(listBase, "currency", code), "cancelled", "no"))
		money := func(d decimal.Decimal) string {
			if !prices {
				return "—"
			}
			return cur.Fixed(d)
		}
		average, perOrder := "—", "—"
		if kept > 0 {
			perOrder = decimal.NewFromInt(int64(items)).Div(decimal.NewFromInt(int64(kept))).StringFixed(1)
			average = money(gross.Div(decimal.NewFromInt(int64(kept))))
		}
		c := dashboard.Currency{Code: code, Figures: []dashboard.Figure{
			{ID: "orders", Label: "Orders placed", Value: thousands(orders), Definition: defOrders, URL: ordersURL},
			{ID: "kept", Label: "Orders placed, not cancelled", Value: thousands(kept), Definition: defKept, URL: keptURL},
			{ID: "cancelled", Label: "Cancelled", Value: thousands(cancelled), Definition: defCancelled, URL: listURL("/orders", with(with(listBase, "currency", code), "cancelled", "only"))},
		}}
		if prices {
			c.Figures = append(c.Figures,
				dashboard.Figure{ID: "gross", Label: "Gross revenue", Value: money(gross), Definition: defGross, URL: keptURL},
				dashboard.Figure{ID: "refunds", Label: "Refunds", Value: money(refunded[code]), Definition: defRefunds, URL: refundsURL},
				dashboard.Figure{ID: "net", Label: "Net revenue", Value: money(gross.Sub(refunded[code])), Definition: defNet, URL: keptURL},
				dashboard.Figure{ID: "average", Label: "Average order value", Value: average, Definition: defAverage, URL: keptURL})
		}
		c.Figures = append(c.Figures, dashboard.Figure{ID: "items", Label: "Items per order", Value: perOrder, Definition: defItems, URL: keptURL})
		c.Chart = barChart(byCur[code], q, code, prices, listBase)
		p.Currencies = append(p.Currencies, c)
	}

	rules := s.store.Rules().Statuses
	p.Refunds = dashboard.Reasons{Title: "Refunds by reason", Definition: defRefunds, Empty: "No refunds in this range."}
	for _, x := range refunds {
		amount := ""
		if prices {
			amount = order.CurrencyFor(x.Currency).Fixed(x.Amount) + " " + x.Currency
		}
		p.Refunds.Rows = append(p.Refunds.Rows, dashboard.Reason{Reason: reasonLabel(rules.Label(order.TypeRefundReason, x.Reason)),
			Count: thousands(x.Count), Amount: amount, URL: refundsURL})
	}
	returns, err := s.store.ReturnsByReason(r.Context(), q)
	if err != nil {
		return err
	}
	p.Returns = dashboard.Reasons{Title: "Returns by reason", Definition: "Returned lines created in the range, by the reason given for each line.", Empty: "No returns in this range."}
	for _, x := range returns {
		p.Returns.Rows = append(p.Returns.Rows, dashboard.Reason{Reason: reasonLabel(x.Reason), Count: thousands(x.Count) + " returns",
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
		p.People = append(p.People, dashboard.Link{Label: x.Label, Title: x.Email, Value: thousands(x.ChangeSets),
			URL: listURL("/history", url.Values{"person": {x.ActorID}, "period": {"7d"}})})
	}
	return nil
}

// reasonLabel is a reason as the tables show it; an empty one says so.
func reasonLabel(reason string) string {
	if reason == "" {
		return "(no reason given)"
	}
	return reason
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
// otherwise orders per period. Every period of the range has its bar, a period without orders
// one of height zero, so gaps read as zero rather than vanish. Each bar links to that
// period's orders.
func barChart(figs []store.PeriodFigure, q store.DashboardQuery, code string, prices bool, base url.Values) dashboard.Chart {
	const width, plotX, plotH = 800, 64, 140
	c := dashboard.Chart{Width: width, Height: plotH + 44, PlotX: plotX, PlotH: plotH,
		Title: "Orders placed, not cancelled, per " + q.Period, YTitle: "orders", XTitle: periodTitle[q.Period]}
	if prices {
		c.Title, c.YTitle = "Gross revenue per "+q.Period+" ("+code+")", code
	}
	value := func(f store.PeriodFigure) decimal.Decimal {
		if prices {
			return f.Revenue
		}
		return decimal.NewFromInt(int64(f.Orders - f.Cancelled))
	}
	byStart := map[string]store.PeriodFigure{}
	top := decimal.Zero
	for _, f := range figs {
		byStart[f.Start.Format(time.DateOnly)] = f
		top = decimal.Max(top, value(f))
	}
	top = niceTop(top)
	for _, frac := range []int64{0, 1, 2} {
		v := top.Mul(decimal.NewFromInt(frac)).Div(decimal.NewFromInt(2))
		c.YTicks = append(c.YTicks, dashboard.Tick{Y: plotH - int(decimal.NewFromInt(frac*plotH/2).IntPart()), Label: thousandsDec(v)})
	}
	periods := periodStarts(q.From, q.To, q.Period)
	n := max(len(periods), 1)
	slot := (width - plotX) / n
	every := max(1, (n+7)/8) // at most about eight labels
	cur := order.CurrencyFor(code)
	for i, start := range periods {
		f, ok := byStart[start.Format(time.DateOnly)]
		if !ok {
			f = store.PeriodFigure{Start: start, Currency: code, Revenue: decimal.Zero}
		}
		h := int(value(f).Div(top).Mul(decimal.NewFromInt(plotH)).IntPart())
		end := nextPeriod(start, q.Period).AddDate(0, 0, -1)
		x := plotX + i*slot
		b := dashboard.Bar{
			X: x + slot/8, W: max(2, slot*3/4), Y: plotH - h, H: h, SlotX: x, SlotW: slot,
			URL: listURL("/orders", with(with(with(base, "currency", code), "from", start.Format(time.DateOnly)), "to", end.Format(time.DateOnly))),
			Tip: fmt.Sprintf("%s: %d orders", start.Format("2 Jan 2006"), f.Orders-f.Cancelled),
		}
		if prices {
			b.Tip += ", " + cur.Fixed(f.Revenue) + " " + code
		}
		if i%every == 0 {
			b.Label, b.LabelX = shortDate(start, q.Period), x
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}

var periodTitle = map[string]string{"day": "day", "week": "week from Monday", "month": "month"}

// periodStarts lists the first day of every period that overlaps [from, to), as the SQL groups
// them: days, weeks from Monday, calendar months.
func periodStarts(from, to time.Time, period string) []time.Time {
	start := from
	switch period {
	case "week":
		start = from.AddDate(0, 0, -int((from.Weekday()+6)%7))
	case "month":
		start = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	var out []time.Time
	for t := start; t.Before(to); t = nextPeriod(t, period) {
		out = append(out, t)
	}
	return out
}

// niceTop is the top of a chart's scale: the smallest of 1, 2, 5 times a power of ten that
// reaches v (at least 1), so the axis reads in round numbers.
func niceTop(v decimal.Decimal) decimal.Decimal {
	for p := decimal.NewFromInt(1); ; p = p.Mul(decimal.NewFromInt(10)) {
		for _, m := range []int64{1, 2, 5} {
			if t := p.Mul(decimal.NewFromInt(m)); t.GreaterThanOrEqual(v) {
				return t
			}
		}
	}
}

// thousandsDec writes a whole scale value with thousands separators.
func thousandsDec(v decimal.Decimal) string {
	if v.Equal(v.Truncate(0)) && v.Abs().LessThan(decimal.New(1, 15)) {
		return thousands(int(v.IntPart()))
	}
	return v.StringFixed(1)
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
