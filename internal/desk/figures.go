package desk

import (
	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// CurrencyFigures are one currency's dashboard figures over a range: what the desk's dashboard
// shows and the API's dashboardStatistics answers, so both read the same numbers.
type CurrencyFigures struct {
	Currency  string
	Orders    int // orders created in the range, cancelled ones included
	Cancelled int // of those, cancelled since
	Kept      int // of those, not cancelled
	Items     int // units on the kept orders
	// Gross is the sum of the kept orders' totals (tax included); Refunded the processed,
	// not cancelled refunds created in the range; Net is Gross less Refunded.
	Gross, Refunded, Net decimal.Decimal
	// Average is Gross over Kept, rounded to the currency; ItemsPerOrder Items over Kept. Both
	// are zero, with HasKept false, when no order was kept.
	Average, ItemsPerOrder decimal.Decimal
	HasKept                bool
}

// FiguresByCurrency sums the store's period figures and refunds per currency, in the order the
// store reported them (a currency with refunds but no orders in the range comes last), each
// average rounded by its currency's rule in cs.
func FiguresByCurrency(figs []store.PeriodFigure, refunds []store.ReasonFigure, cs order.Currencies) []CurrencyFigures {
	var out []CurrencyFigures
	at := map[string]int{}
	of := func(code string) *CurrencyFigures {
		i, ok := at[code]
		if !ok {
			i = len(out)
			at[code] = i
			out = append(out, CurrencyFigures{Currency: code, Gross: decimal.Zero, Refunded: decimal.Zero})
		}
		return &out[i]
	}
	for _, f := range figs {
		c := of(f.Currency)
		c.Orders += f.Orders
		c.Cancelled += f.Cancelled
		c.Items += f.Items
		c.Gross = c.Gross.Add(f.Revenue)
	}
	for _, x := range refunds {
		c := of(x.Currency)
		c.Refunded = c.Refunded.Add(x.Amount)
	}
	for i := range out {
		c := &out[i]
		c.Kept = c.Orders - c.Cancelled
		c.Net = c.Gross.Sub(c.Refunded)
		c.Average, c.ItemsPerOrder = decimal.Zero, decimal.Zero
		if c.Kept > 0 {
			kept := decimal.NewFromInt(int64(c.Kept))
			c.HasKept = true
			c.Average = cs.Of(c.Currency).Round(c.Gross.Div(kept))
			c.ItemsPerOrder = decimal.NewFromInt(int64(c.Items)).Div(kept)
		}
	}
	return out
}
