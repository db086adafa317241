package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/order"
)

// NumberTemplate returns the template a store uses for a document type: its own, else the
// module default.
func (s *Store) NumberTemplate(ctx context.Context, q sqlx.QueryerContext, t order.DocumentType, storeID string) (order.NumberTemplate, error) {
	var text string
	err := sqlx.GetContext(ctx, q, &text, `
		SELECT template FROM store_number_templates
		WHERE store_id = ? AND document_type = ?`, storeID, string(t))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		text = order.DefaultNumberTemplate(t)
	case err != nil:
		return order.NumberTemplate{}, fmt.Errorf("store: number template %s/%s: %w", storeID, t, err)
	}
	tmpl, err := order.ParseNumberTemplate(text)
	if err != nil {
		return order.NumberTemplate{}, fmt.Errorf("store: number template of store %s for %s: %w", storeID, t, err)
	}
	return tmpl, nil
}

// SetNumberTemplate stores a store's template for a document type, after checking it parses.
func (s *Store) SetNumberTemplate(ctx context.Context, t order.DocumentType, storeID, template string) error {
	if _, err := order.ParseNumberTemplate(template); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO store_number_templates (store_id, document_type, template)
		VALUES (?, ?, ?)
		ON DUPLICATE KEY UPDATE template = VALUES(template)`, storeID, string(t), template)
	if err != nil {
		return fmt.Errorf("store: set number template: %w", err)
	}
	return nil
}

// numberTables name the table holding each numbered document type; every one has an index
// starting with number.
var numberTables = map[order.DocumentType]string{
	order.TypeCustomerOrder: "orders",
	order.TypeShipment:      "order_shipments",
	order.TypePaymentIn:     "order_payments",
	order.TypeCapture:       "order_captures",
	order.TypeRefund:        "order_refunds",
	order.TypeReturn:        "order_returns",
}

// maxNumberSkips bounds how many numbers already held by imported documents one new number may
// skip before the save is refused.
const maxNumberSkips = 1000

// NextNumber takes the next free document number for a store inside tx (see nextFreeNumber).
func (s *Store) NextNumber(ctx context.Context, tx *sqlx.Tx, t order.DocumentType, storeID string, at time.Time) (string, error) {
	return s.nextFreeNumber(ctx, tx, t, storeID, at, nil)
}

// nextFreeNumber takes the next number from the store's template for t, dated at. Stores that
// share a template share its counter (order.NumberTemplate.CounterKey), and each counter period
// (the day, for a daily reset) has its own row, so a document dated back, imported or demo,
// continues the count of its own day instead of restarting one already counted. A number some
// document of type t already holds, in any store (one imported with its own number), or that
// held reports taken (a number elsewhere in the aggregate being saved), is skipped. The counter
// row stays locked until tx ends: concurrent savers wait for each other instead of sharing a
// number, and a rollback gives the number back.
func (s *Store) nextFreeNumber(ctx context.Context, tx *sqlx.Tx, t order.DocumentType, storeID string, at time.Time, held func(string) bool) (string, error) {
	tmpl, err := s.NumberTemplate(ctx, tx, t, storeID)
	if err != nil {
		return "", err
	}
	table, numbered := numberTables[t]
	for range maxNumberSkips {
		n, err := s.takeCounter(ctx, tx, tmpl, storeID, at)
		if err != nil {
			return "", err
		}
		if held != nil && held(n) {
			continue
		}
		if !numbered {
			return n, nil
		}
		var taken bool
		if err := tx.GetContext(ctx, &taken, `
			SELECT EXISTS (SELECT 1 FROM `+table+` WHERE number = ?)`, n); err != nil {
			return "", fmt.Errorf("store: is %s %s taken: %w", t, n, err)
		}
		if !taken {
			return n, nil
		}
	}
	return "", fmt.Errorf("store: the next %d %s numbers of template %q are all held by other documents",
		maxNumberSkips, t, tmpl.Raw)
}

// takeCounter advances the template's counter for the period at falls in and formats the value.
func (s *Store) takeCounter(ctx context.Context, tx *sqlx.Tx, tmpl order.NumberTemplate, storeID string, at time.Time) (string, error) {
	key, period := tmpl.CounterKey(), tmpl.PeriodKey(at)
	// One upsert takes the row's exclusive lock whether or not it exists yet: on a duplicate key
	// INSERT … ON DUPLICATE KEY UPDATE locks exclusively at once, so concurrent first numbers
	// queue instead of deadlocking (a separate SELECT … FOR UPDATE would not lock a missing row,
	// and INSERT IGNORE would take a shared lock first).
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO number_counters (counter_key, period, value, updated_at)
		VALUES (?, ?, ?, ?)
		ON DUPLICATE KEY UPDATE
			value = value + ?,
			updated_at = VALUES(updated_at)`,
		key, period, tmpl.Start, s.Now(), tmpl.Increment); err != nil {
		return "", fmt.Errorf("store: advance counter %s: %w", key, err)
	}
	var value int64
	if err := tx.GetContext(ctx, &value, `
		SELECT value
		FROM number_counters
		WHERE counter_key = ? AND period = ?`, key, period); err != nil {
		return "", fmt.Errorf("store: read counter %s: %w", key, err)
	}
	return tmpl.FormatTenant(at, value, storeID), nil
}
