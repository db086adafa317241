package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

// dayShare is what one order adds to its day's row of order_daily_stats.
type dayShare struct {
	day                      time.Time
	store, currency          string
	orders, cancelled, items int
	revenue                  decimal.Decimal
}

func shareOf(o *order.CustomerOrder) dayShare {
	c := o.CreatedDate.UTC()
	s := dayShare{
		day: time.Date(c.Year(), c.Month(), c.Day(), 0, 0, 0, 0, time.UTC), store: o.StoreID,
		currency: o.Currency, orders: 1, revenue: decimal.Zero,
	}
	if o.IsCancelled {
		s.cancelled = 1
	} else {
		s.revenue, s.items = o.Total, order.FactsOf(o).ItemCount
	}
	return s
}

// adjustDailyStats moves an order's share of the daily figures from before (nil for a new
// order) to after, inside the order's transaction.
func adjustDailyStats(ctx context.Context, tx sqlx.ExtContext, before, after *order.CustomerOrder) error {
	add := func(s dayShare, sign int) error {
		s.orders, s.cancelled, s.items = sign*s.orders, sign*s.cancelled, sign*s.items
		s.revenue = s.revenue.Mul(decimal.NewFromInt(int64(sign)))
		return addShare(ctx, tx, s)
	}
	next := shareOf(after)
	if before == nil {
		return add(next, 1)
	}
	prev := shareOf(before)
	if prev.day.Equal(next.day) && prev.store == next.store && prev.currency == next.currency {
		// Same day's row: one statement with the difference (nothing when there is none).
		return add(dayShare{
			day: next.day, store: next.store, currency: next.currency,
			cancelled: next.cancelled - prev.cancelled, items: next.items - prev.items,
			revenue: next.revenue.Sub(prev.revenue),
		}, 1)
	}
	if err := add(prev, -1); err != nil {
		return err
	}
	return add(next, 1)
}

// addShare adds a (possibly negative) share to its day's row.
func addShare(ctx context.Context, tx sqlx.ExtContext, s dayShare) error {
	if s.orders == 0 && s.cancelled == 0 && s.items == 0 && s.revenue.IsZero() {
		return nil
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO order_daily_stats (day, store_id, currency, orders, cancelled, revenue, items)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON DUPLICATE KEY UPDATE
		    orders = orders + VALUES(orders), cancelled = cancelled + VALUES(cancelled),
		    revenue = revenue + VALUES(revenue), items = items + VALUES(items)`,
		s.day, s.store, s.currency, s.orders, s.cancelled, s.revenue.Round(4), s.items)
	if err != nil {
		return fmt.Errorf("store: daily figures: %w", err)
	}
	return nil
}

// RebuildDailyStats recomputes every daily figure from the orders, in one transaction.
func (s *Store) RebuildDailyStats(ctx context.Context) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM order_daily_stats`); err != nil {
			return fmt.Errorf("store: rebuild daily figures: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO order_daily_stats (day, store_id, currency, orders, cancelled, revenue, items)
			SELECT DATE(created_date), store_id, currency, COUNT(*), SUM(is_cancelled),
			       SUM(IF(is_cancelled, 0, total)), SUM(IF(is_cancelled, 0, item_count))
			FROM orders
			GROUP BY DATE(created_date), store_id, currency`); err != nil {
			return fmt.Errorf("store: rebuild daily figures: %w", err)
		}
		return nil
	})
}
