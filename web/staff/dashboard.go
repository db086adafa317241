package staff

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/dashboard"
	"orderdesk/web/base"
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
	u := base.State(r).User
	stores, err := s.Store.Stores(r.Context())
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	p, q := dashboardRequest(r.URL.Query(), s.Now(), stores, u.StoreScope())

	// Figures are per store: a user who may see only the orders assigned to them gets the
	// queues (counted in their scope) but not the whole stores' figures.
	if u.ScopeAssignedOnly {
		p.Note = "Your account sees only the orders assigned to you, so the stores' figures are not shown."
	} else if err := s.fillFigures(r, &p, q, u.Can(auth.OrderReadPrices)); err != nil {
		s.ServerError(w, r, err)
		return
	}
	if err := s.fillQueues(r, &p, q); err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.Page(w, r, http.StatusOK, "Dashboard", dashboard.View(p))
}

// dashboardRequest reads the dashboard's form: the range (or from/to), the period and the
// stores within the user's scope, as the page's filter and the query its figures need.
func dashboardRequest(v url.Values, now time.Time, stores []store.StoreInfo, scope []string) (dashboard.Page, store.DashboardQuery) {
	now = now.UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	f, q := dashboardRange(v, today)
	f.Stores, q.StoreIDs = dashboardStores(stores, scope, v["store"])
	for _, x := range dashboardRanges {
		f.Ranges = append(f.Ranges, dashboard.Option{Value: x.key, Label: x.label, Checked: x.key == f.Range})
	}
	for _, x := range []string{"day", "week", "month"} {
		f.Periods = append(f.Periods, dashboard.Option{Value: x, Label: "per " + x, Checked: x == f.Period})
	}
	return dashboard.Page{Filter: f}, q
}

// dashboardRange is the range asked for, 30 days when it is not one of dashboardRanges, and
// the period: the one asked for, else days, weeks or months by the range's length.
func dashboardRange(v url.Values, today time.Time) (dashboard.Filter, store.DashboardQuery) {
	f := dashboard.Filter{Range: v.Get("range"), Period: v.Get("period")}
	q := store.DashboardQuery{To: today.AddDate(0, 0, 1)}
	days := 30
	if i := slices.IndexFunc(dashboardRanges, func(x struct {
		key, label string
		days       int
	}) bool {
		return x.key == f.Range
	}); i >= 0 && dashboardRanges[i].days > 0 {
		days = dashboardRanges[i].days
	} else if f.Range != "custom" {
		f.Range = "30d"
	}
	q.From = q.To.AddDate(0, 0, -days)
	if f.Range == "custom" {
		from, errF := time.Parse(time.DateOnly, v.Get("from"))
		to, errT := time.Parse(time.DateOnly, v.Get("to"))
		if errF != nil || errT != nil || to.Before(from) {
			f.Problem = "Give a start and an end date, the end not before the start."
		} else {
			q.From, q.To = from, to.AddDate(0, 0, 1)
		}
	}
	f.From, f.To = q.From.Format(time.DateOnly), q.To.AddDate(0, 0, -1).Format(time.DateOnly)
	f.Period = dashboardPeriod(f.Period, int(q.To.Sub(q.From).Hours()/24))
	q.Period = f.Period
	return f, q
}

// dashboardPeriod is the period asked for when it is one, else the one that keeps a range of
// span days to a readable number of bars.
func dashboardPeriod(asked string, span int) string {
	if slices.Contains([]string{"day", "week", "month"}, asked) {
		return asked
	}
	switch {
	case span > 180:
		return "month"
	case span > 45:
		return "week"
	}
	return "day"
}

// dashboardStores are the store choices within scope (none: every store) with those picked
// ticked, and the stores to count: the picked ones, else the whole scope.
func dashboardStores(stores []store.StoreInfo, scope, picked []string) ([]dashboard.Option, []string) {
	var options []dashboard.Option
	var ids []string
	for _, st := range stores {
		if len(scope) > 0 && !slices.Contains(scope, st.ID) {
			continue
		}
		options = append(options, dashboard.Option{Value: st.ID, Label: st.Name, Checked: slices.Contains(picked, st.ID)})
		if slices.Contains(picked, st.ID) {
			ids = append(ids, st.ID)
		}
	}
	if len(ids) == 0 && len(scope) > 0 {
		ids = scope
	}
	return options, ids
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

// dashboardFigures are what the store reports for the figures part of the dashboard.
type dashboardFigures struct {
	orders           []store.PeriodFigure
	refunds, returns []store.ReasonFigure
	people           []store.PersonFigure
	currencies       order.Currencies // the rules each currency's amounts are shown with
}

// fillFigures adds the per-currency figures and charts, refunds and returns by reason and
// this week's most active people.
func (s *Server) fillFigures(r *http.Request, p *dashboard.Page, q store.DashboardQuery, prices bool) error {
	var d dashboardFigures
	var err error
	ctx := r.Context()
	if d.orders, err = s.Store.OrderFigures(ctx, q); err != nil {
		return err
	}
	if d.refunds, err = s.Store.RefundsByReason(ctx, q); err != nil {
		return err
	}
	if d.returns, err = s.Store.ReturnsByReason(ctx, q); err != nil {
		return err
	}
	if d.people, err = s.Store.TopChangers(ctx, dashboardWeek(s.Now(), q.StoreIDs), 8); err != nil {
		return err
	}
	if d.currencies, err = s.Store.Currencies(ctx); err != nil {
		return err
	}
	figuresView(p, d, q, prices, s.Store.Rules().Statuses)
	return nil
}

// dashboardWeek is the week from Monday that now falls in, for the given stores.
func dashboardWeek(now time.Time, storeIDs []string) store.DashboardQuery {
	now = now.UTC()
	monday := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -int((now.Weekday()+6)%7))
	return store.DashboardQuery{From: monday, To: monday.AddDate(0, 0, 7), StoreIDs: storeIDs}
}

// figuresView lays out d on p: a block per currency, refunds and returns by reason and the
// most active people; amounts only when prices may be shown.
func figuresView(p *dashboard.Page, d dashboardFigures, q store.DashboardQuery, prices bool, rules order.StatusRules) {
	listBase := url.Values{"from": {q.From.Format(time.DateOnly)}, "to": {q.To.AddDate(0, 0, -1).Format(time.DateOnly)}}
	if len(q.StoreIDs) > 0 && q.StoreIDs[0] != "-" {
		listBase["store"] = q.StoreIDs
	}
	refundsURL := listURL("/history", url.Values{"topic": {"refund"}, "period": {"custom"}, "from": listBase["from"], "to": listBase["to"]})
	p.Currencies = append(p.Currencies, currencyFigures(d.orders, d.refunds, d.currencies, q, prices, listBase, refundsURL)...)
	p.Refunds = dashboard.Reasons{Title: "Refunds by reason", Definition: defRefunds, Empty: "No refunds in this range."}
	for _, x := range d.refunds {
		amount := ""
		if prices {
			amount = d.currencies.Of(x.Currency).Fixed(x.Amount) + " " + x.Currency
		}
		p.Refunds.Rows = append(p.Refunds.Rows, dashboard.Reason{Reason: reasonLabel(rules.Label(order.TypeRefundReason, x.Reason)),
			Count: thousands(x.Count), Amount: amount, URL: refundsURL})
	}
	p.Returns = dashboard.Reasons{Title: "Returns by reason", Definition: "Returned lines created in the range, by the reason given for each line.", Empty: "No returns in this range."}
	for _, x := range d.returns {
		p.Returns.Rows = append(p.Returns.Rows, dashboard.Reason{Reason: reasonLabel(x.Reason), Count: thousands(x.Count) + " returns",
			Amount: thousands(x.Units) + " units",
			URL:    listURL("/history", url.Values{"doc": {"Return"}, "period": {"custom"}, "from": listBase["from"], "to": listBase["to"]})})
	}
	for _, x := range d.people {
		p.People = append(p.People, dashboard.Link{Label: x.Label, Title: x.Email, Value: thousands(x.ChangeSets),
			URL: listURL("/history", url.Values{"person": {x.ActorID}, "period": {"7d"}})})
	}
}

// currencyFigures are the figures and chart of every currency with orders or refunds in the
// range, in the order the store reported them (desk.FiguresByCurrency, which the API's
// dashboardStatistics answers from too), each in its currency's stored rule.
func currencyFigures(figs []store.PeriodFigure, refunds []store.ReasonFigure, cs order.Currencies, q store.DashboardQuery, prices bool, listBase url.Values, refundsURL string) []dashboard.Currency {
	byCur := map[string][]store.PeriodFigure{}
	for _, f := range figs {
		byCur[f.Currency] = append(byCur[f.Currency], f)
	}
	var out []dashboard.Currency
	for _, c := range desk.FiguresByCurrency(figs, refunds, cs) {
		cur := cs.Of(c.Currency)
		out = append(out, dashboard.Currency{Code: c.Currency, Figures: currencyFigureRow(c, cur, prices, listBase, refundsURL),
			Chart: barChart(byCur[c.Currency], q, cur, prices, listBase)})
	}
	return out
}

// currencyFigureRow is one currency's numbers, each linked to the orders or refunds it counts.
func currencyFigureRow(c desk.CurrencyFigures, cur order.Currency, prices bool, listBase url.Values, refundsURL string) []dashboard.Figure {
	code := c.Currency
	ordersURL := listURL("/orders", with(listBase, "currency", code))
	keptURL := listURL("/orders", with(with(listBase, "currency", code), "cancelled", "no"))
	money := func(d decimal.Decimal) string {
		if !prices {
			return "—"
		}
		return cur.Fixed(d)
	}
	average, perOrder := "—", "—"
	if c.HasKept {
		perOrder = c.ItemsPerOrder.StringFixed(1)
		average = money(c.Average)
	}
	out := []dashboard.Figure{
		{ID: "orders", Label: "Orders placed", Value: thousands(c.Orders), Definition: defOrders, URL: ordersURL},
		{ID: "kept", Label: "Orders placed, not cancelled", Value: thousands(c.Kept), Definition: defKept, URL: keptURL},
		{ID: "cancelled", Label: "Cancelled", Value: thousands(c.Cancelled), Definition: defCancelled, URL: listURL("/orders", with(with(listBase, "currency", code), "cancelled", "only"))},
	}
	if prices {
		out = append(out,
			dashboard.Figure{ID: "gross", Label: "Gross revenue", Value: money(c.Gross), Definition: defGross, URL: keptURL},
			dashboard.Figure{ID: "refunds", Label: "Refunds", Value: money(c.Refunded), Definition: defRefunds, URL: refundsURL},
			dashboard.Figure{ID: "net", Label: "Net revenue", Value: money(c.Net), Definition: defNet, URL: keptURL},
			dashboard.Figure{ID: "average", Label: "Average order value", Value: average, Definition: defAverage, URL: keptURL})
	}
	return append(out, dashboard.Figure{ID: "items", Label: "Items per order", Value: perOrder, Definition: defItems, URL: keptURL})
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
	who := base.ViewerOf(base.State(r).User)
	for _, view := range listing.BuiltinViews[:3] {
		vals, _ := url.ParseQuery(view.Query)
		if len(q.StoreIDs) > 0 && q.StoreIDs[0] != "-" {
			vals["store"] = q.StoreIDs
		}
		f := listing.FromValues(vals)
		lq, _ := listing.Resolve(f, s.Now(), who)
		n, more, err := s.Store.CountOrders(r.Context(), lq, base.CountLimit)
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
func barChart(figs []store.PeriodFigure, q store.DashboardQuery, cur order.Currency, prices bool, base url.Values) dashboard.Chart {
	code := cur.Code
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
