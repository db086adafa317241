package api

import (
	"net/http"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/web/base"
)

// dashboardStatistics is Virto's DashboardStatisticsResult, filled from the figures the desk's
// dashboard shows (desk.FiguresByCurrency), so the two never disagree. The money lists are left
// out for keys that may not read prices.
type dashboardStatistics struct {
	StartDate                  time.Time          `json:"startDate"`
	EndDate                    time.Time          `json:"endDate"`
	Revenue                    []dashboardMoney   `json:"revenue,omitempty"`
	RevenuePeriodDetails       []quarterMoney     `json:"revenuePeriodDetails,omitempty"`
	OrderCount                 int                `json:"orderCount"`
	CustomersCount             int                `json:"customersCount"`
	RevenuePerCustomer         []dashboardMoney   `json:"revenuePerCustomer,omitempty"`
	AvgOrderValue              []dashboardMoney   `json:"avgOrderValue,omitempty"`
	AvgOrderValuePeriodDetails []quarterMoney     `json:"avgOrderValuePeriodDetails,omitempty"`
	ItemsPurchased             int                `json:"itemsPurchased"`
	LineItemsPerOrder          float64            `json:"lineItemsPerOrder"`
	Currencies                 []dashboardFigures `json:"currencies,omitempty"` // the desk's own figures, an extension
}

type dashboardMoney struct {
	Currency string          `json:"currency"`
	Amount   decimal.Decimal `json:"amount"`
}

type quarterMoney struct {
	Currency string          `json:"currency"`
	Amount   decimal.Decimal `json:"amount"`
	Year     int             `json:"year"`
	Quarter  int             `json:"quarter"`
}

// dashboardFigures is one currency's figures with the desk's definitions (README, Dashboard).
type dashboardFigures struct {
	Currency      string           `json:"currency"`
	Orders        int              `json:"ordersPlaced"`
	Kept          int              `json:"ordersNotCancelled"`
	Cancelled     int              `json:"ordersCancelled"`
	Items         int              `json:"units"`
	ItemsPerOrder float64          `json:"unitsPerOrder"`
	Gross         *decimal.Decimal `json:"grossRevenue,omitempty"`
	Refunded      *decimal.Decimal `json:"refunds,omitempty"`
	Net           *decimal.Decimal `json:"netRevenue,omitempty"`
	Average       *decimal.Decimal `json:"averageOrderValue,omitempty"`
}

// apiDashboardStatistics answers Virto's GET /api/order/dashboardStatistics?start=&end=: the
// orders created from start's day to end's day (both included; start defaults to [dashboard]
// statistics_range_months back, end to now), within the key's stores.
func (s *Server) apiDashboardStatistics(w http.ResponseWriter, r *http.Request) {
	now := s.Now().UTC()
	start, end := now.AddDate(0, -s.Cfg.Dashboard.StatisticsRangeMonths, 0), now
	problems := map[string]string{}
	for name, into := range map[string]*time.Time{"start": &start, "end": &end} {
		if v := r.URL.Query().Get(name); v != "" {
			t, ok := parseAPIDate(v)
			if !ok {
				problems[name] = "want an ISO 8601 date or date-time, such as 2026-01-31 or 2026-01-31T00:00:00Z"
				continue
			}
			*into = t
		}
	}
	if len(problems) == 0 && end.Before(start) {
		problems["end"] = "must not be before start"
	}
	if len(problems) > 0 {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "The range is not readable.", Errors: problems})
		return
	}
	u := base.State(r).User
	if u.ScopeAssignedOnly {
		writeJSON(w, http.StatusForbidden, apiError{Message: "This key sees only the orders assigned to it, so the stores' figures are not given."})
		return
	}
	out := dashboardStatistics{StartDate: start, EndDate: end}
	if !s.Cfg.Dashboard.StatisticsEnabled {
		writeJSON(w, http.StatusOK, out) // Virto's answer when the setting is off: an empty result
		return
	}
	q := store.DashboardQuery{From: dayOf(start), To: dayOf(end).AddDate(0, 0, 1), StoreIDs: u.StoreScope(), Period: "month"}
	ctx := r.Context()
	monthly, err := s.Store.OrderFigures(ctx, q)
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	refunds, err := s.Store.RefundsByReason(ctx, q)
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	customers, err := s.Store.CustomersByCurrency(ctx, q)
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	cs, err := s.Store.Currencies(ctx)
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	fillStatistics(&out, desk.FiguresByCurrency(monthly, refunds, cs), monthly, customers, cs, q, u.Can(auth.OrderReadPrices))
	writeJSON(w, http.StatusOK, out)
}

// fillStatistics maps the desk's figures onto Virto's result: revenue is the gross revenue,
// orderCount the orders not cancelled, avgOrderValue their average, itemsPurchased their units,
// revenuePerCustomer gross revenue over the distinct customers of those orders; the quarters
// are the same figures for each quarter of the range.
func fillStatistics(out *dashboardStatistics, figs []desk.CurrencyFigures, monthly []store.PeriodFigure, customers []store.CustomerFigure, cs order.Currencies, q store.DashboardQuery, prices bool) {
	perCurrency := map[string]int{}
	for _, c := range customers {
		if c.Currency == "" {
			out.CustomersCount = c.Customers
		} else {
			perCurrency[c.Currency] = c.Customers
		}
	}
	for _, c := range figs {
		out.OrderCount += c.Kept
		out.ItemsPurchased += c.Items
		row := dashboardFigures{Currency: c.Currency, Orders: c.Orders, Kept: c.Kept, Cancelled: c.Cancelled, Items: c.Items,
			ItemsPerOrder: c.ItemsPerOrder.InexactFloat64()}
		if prices {
			gross, refunded, net, avg := c.Gross, c.Refunded, c.Net, c.Average
			row.Gross, row.Refunded, row.Net, row.Average = &gross, &refunded, &net, &avg
			if c.Orders > 0 {
				out.Revenue = append(out.Revenue, dashboardMoney{c.Currency, c.Gross})
				out.AvgOrderValue = append(out.AvgOrderValue, dashboardMoney{c.Currency, c.Average})
			}
			if n := perCurrency[c.Currency]; n > 0 {
				out.RevenuePerCustomer = append(out.RevenuePerCustomer, dashboardMoney{c.Currency, c.Gross.Div(decimal.NewFromInt(int64(n))).Round(4)})
			}
		}
		out.Currencies = append(out.Currencies, row)
	}
	if out.OrderCount > 0 {
		out.LineItemsPerOrder = decimal.NewFromInt(int64(out.ItemsPurchased)).Div(decimal.NewFromInt(int64(out.OrderCount))).Round(4).InexactFloat64()
	}
	if !prices {
		return
	}
	// Per quarter: the same function over each quarter's months, every quarter of the range
	// listed for every currency that had orders in it.
	byQuarter := map[[2]int][]store.PeriodFigure{}
	for _, f := range monthly {
		k := [2]int{f.Start.Year(), (int(f.Start.Month())-1)/3 + 1}
		byQuarter[k] = append(byQuarter[k], f)
	}
	for _, c := range figs {
		if c.Orders == 0 {
			continue
		}
		for qs := quarterStart(q.From); qs.Before(q.To); qs = qs.AddDate(0, 3, 0) {
			k := [2]int{qs.Year(), (int(qs.Month())-1)/3 + 1}
			revenue, avg := decimal.Zero, decimal.Zero
			for _, qc := range desk.FiguresByCurrency(byQuarter[k], nil, cs) {
				if qc.Currency == c.Currency {
					revenue, avg = qc.Gross, qc.Average
				}
			}
			out.RevenuePeriodDetails = append(out.RevenuePeriodDetails, quarterMoney{c.Currency, revenue, k[0], k[1]})
			out.AvgOrderValuePeriodDetails = append(out.AvgOrderValuePeriodDetails, quarterMoney{c.Currency, avg, k[0], k[1]})
		}
	}
}

// apiDashboardStatisticsSettings answers Virto's GET /api/order/dashboardStatistics/settings.
func (s *Server) apiDashboardStatisticsSettings(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"enabled":     s.Cfg.Dashboard.StatisticsEnabled,
		"rangeMonths": s.Cfg.Dashboard.StatisticsRangeMonths,
	})
}

// parseAPIDate reads an ISO 8601 date-time (with or without a zone; none means UTC) or date.
func parseAPIDate(v string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", time.DateOnly} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func dayOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func quarterStart(t time.Time) time.Time {
	return time.Date(t.Year(), time.Month((int(t.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
}
