package store

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

// DashboardQuery is the dashboard's date range [From, To), its stores (none: all the user may
// see) and the period its series are grouped by: "day", "week" (from Monday) or "month".
type DashboardQuery struct {
	From, To time.Time
	StoreIDs []string
	Period   string
}

// PeriodFigure is one period's orders in one currency.
type PeriodFigure struct {
	Start     time.Time       `db:"start"`
	Currency  string          `db:"currency"`
	Orders    int             `db:"orders"`
	Cancelled int             `db:"cancelled"`
	Items     int             `db:"items"`
	Revenue   decimal.Decimal `db:"revenue"`
}

// ReasonFigure is how many refunds or returned units one reason accounts for.
type ReasonFigure struct {
	Reason   string          `db:"reason"`
	Currency string          `db:"currency"`
	Count    int             `db:"count"`
	Units    int             `db:"units"`
	Amount   decimal.Decimal `db:"amount"`
}

// PersonFigure is how many change sets one person wrote.
type PersonFigure struct {
	ActorID    string `db:"actor_id"`
	Label      string `db:"actor_label"` // the display name of a user
	Email      string `db:"actor_email"`
	ChangeSets int    `db:"change_sets"`
}

var periodStart = map[string]string{
	"day":   "day",
	"week":  "DATE_SUB(day, INTERVAL WEEKDAY(day) DAY)",
	"month": "CAST(DATE_FORMAT(day, '%Y-%m-01') AS DATE)",
}

// OrderFigures reads orders, cancellations, items and revenue per period and currency from the
// maintained daily figures: a few hundred rows for a year, whatever the number of orders.
func (s *Store) OrderFigures(ctx context.Context, q DashboardQuery) ([]PeriodFigure, error) {
	start, ok := periodStart[q.Period]
	if !ok {
		return nil, fmt.Errorf("store: unknown period %q", q.Period)
	}
	w := &conds{}
	w.add("day >= ?", q.From)
	w.add("day < ?", q.To)
	w.in("store_id", q.StoreIDs)
	var out []PeriodFigure
	if err := s.db.SelectContext(ctx, &out, `
		SELECT `+start+` AS start, currency,
		       SUM(orders) AS orders, SUM(cancelled) AS cancelled, SUM(items) AS items, SUM(revenue) AS revenue
		FROM order_daily_stats
		WHERE `+w.sql()+`
		GROUP BY start, currency
		ORDER BY start, currency`, w.args...); err != nil {
		return nil, fmt.Errorf("store: order figures: %w", err)
	}
	return out, nil
}

// RefundsByReason sums the refunds created in the range that were processed and not cancelled
// (money that went back; pending and rejected ones did not move any), by reason code and
// currency.
func (s *Store) RefundsByReason(ctx context.Context, q DashboardQuery) ([]ReasonFigure, error) {
	w := &conds{}
	w.add("r.created_date >= ?", q.From)
	w.add("r.created_date < ?", q.To)
	w.add("r.is_cancelled = FALSE")
	w.add("r.status = ?", string(order.RefundProcessed))
	w.in("o.store_id", q.StoreIDs)
	var out []ReasonFigure
	if err := s.db.SelectContext(ctx, &out, `
		SELECT r.reason_code AS reason, r.currency, COUNT(*) AS count, 0 AS units, SUM(r.amount) AS amount
		FROM order_refunds r
		JOIN orders o ON o.id = r.order_id
		WHERE `+w.sql()+`
		GROUP BY r.reason_code, r.currency
		ORDER BY r.currency, amount DESC, r.reason_code`, w.args...); err != nil {
		return nil, fmt.Errorf("store: refunds by reason: %w", err)
	}
	return out, nil
}

// ReturnsByReason counts the returns and returned units made in the range by reason.
func (s *Store) ReturnsByReason(ctx context.Context, q DashboardQuery) ([]ReasonFigure, error) {
	w := &conds{}
	w.add("l.created_date >= ?", q.From)
	w.add("l.created_date < ?", q.To)
	w.in("o.store_id", q.StoreIDs)
	var out []ReasonFigure
	if err := s.db.SelectContext(ctx, &out, `
		SELECT l.reason AS reason, '' AS currency, COUNT(DISTINCT l.return_id) AS count,
		       SUM(l.quantity) AS units, SUM(l.price * l.quantity) AS amount
		FROM order_return_line_items l
		JOIN orders o ON o.id = l.order_id
		WHERE `+w.sql()+`
		GROUP BY l.reason
		ORDER BY units DESC`, w.args...); err != nil {
		return nil, fmt.Errorf("store: returns by reason: %w", err)
	}
	return out, nil
}

// TopChangers lists who wrote the most change sets in the range, most first, by display name.
func (s *Store) TopChangers(ctx context.Context, q DashboardQuery, limit int) ([]PersonFigure, error) {
	w := &conds{}
	w.add("cs.occurred_at >= ?", q.From)
	w.add("cs.occurred_at < ?", q.To)
	w.in("cs.store_id", q.StoreIDs)
	var out []PersonFigure
	if err := s.db.SelectContext(ctx, &out, `
		SELECT cs.actor_id, COALESCE(MAX(u.name), MAX(cs.actor_label)) AS actor_label,
		       COALESCE(MAX(u.email), '') AS actor_email, COUNT(*) AS change_sets
		FROM `+changeSetFrom+`
		WHERE `+w.sql()+`
		GROUP BY cs.actor_id
		ORDER BY change_sets DESC, actor_label
		LIMIT ?`, append(w.args, limit)...); err != nil {
		return nil, fmt.Errorf("store: top changers: %w", err)
	}
	return out, nil
}

// CustomerFigure is how many customers placed orders in one currency ("" for all currencies).
type CustomerFigure struct {
	Currency  string `db:"currency"`
	Customers int    `db:"customers"`
}

// CustomersByCurrency counts the distinct customers of the orders created in the range and not
// cancelled, per currency, and in a last row with an empty currency across all currencies (a
// customer who paid in two currencies counts once there).
func (s *Store) CustomersByCurrency(ctx context.Context, q DashboardQuery) ([]CustomerFigure, error) {
	w := &conds{}
	w.add("created_date >= ?", q.From)
	w.add("created_date < ?", q.To)
	w.add("is_cancelled = FALSE")
	w.in("store_id", q.StoreIDs)
	var out []CustomerFigure
	if err := s.db.SelectContext(ctx, &out, `
		SELECT currency, COUNT(DISTINCT customer_id) AS customers
		FROM orders
		WHERE `+w.sql()+`
		GROUP BY currency
		ORDER BY currency`, w.args...); err != nil {
		return nil, fmt.Errorf("store: customers by currency: %w", err)
	}
	var all CustomerFigure
	if err := s.db.GetContext(ctx, &all, `
		SELECT '' AS currency, COUNT(DISTINCT customer_id) AS customers
		FROM orders
		WHERE `+w.sql(), w.args...); err != nil {
		return nil, fmt.Errorf("store: customers: %w", err)
	}
	return append(out, all), nil
}
