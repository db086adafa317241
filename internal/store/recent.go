package store

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// OrderSummary is one row of an order list: header fields and stored totals only.
type OrderSummary struct {
	ID           string          `db:"id"`
	Number       string          `db:"number"`
	CustomerName string          `db:"customer_name"`
	StoreName    string          `db:"store_name"`
	Total        decimal.Decimal `db:"total"`
	Currency     string          `db:"currency"`
	Status       string          `db:"status"`
	IsApproved   bool            `db:"is_approved"`
	IsCancelled  bool            `db:"is_cancelled"`
	CreatedDate  time.Time       `db:"created_date"`
}

// RecentOrders returns the newest orders, newest first, from the created-date index.
func (s *Store) RecentOrders(ctx context.Context, limit int) ([]OrderSummary, error) {
	var out []OrderSummary
	if err := s.db.SelectContext(ctx, &out, `
		SELECT id, number, customer_name, store_name, total, currency, status,
		       is_approved, is_cancelled, created_date
		FROM orders
		ORDER BY created_date DESC, id DESC
		LIMIT ?`, limit); err != nil {
		return nil, fmt.Errorf("store: recent orders: %w", err)
	}
	return out, nil
}
