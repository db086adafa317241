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

// NextNumber takes the next document number for a store inside tx. The counter row stays
// locked until tx ends: concurrent savers wait for each other instead of sharing a number, and
// a rollback gives the number back.
func (s *Store) NextNumber(ctx context.Context, tx *sqlx.Tx, t order.DocumentType, storeID string, at time.Time) (string, error) {
	tmpl, err := s.NumberTemplate(ctx, tx, t, storeID)
	if err != nil {
		return "", err
	}
	tenant := storeID
	if t == order.TypeReturn {
		tenant = "" // returns are numbered across stores, as in Virto's return module
	}
	key := tmpl.CounterKey(tenant)
	// One upsert takes the row's exclusive lock whether or not it exists yet: on a duplicate key
	// INSERT … ON DUPLICATE KEY UPDATE locks exclusively at once, so concurrent first numbers
	// queue instead of deadlocking (a separate SELECT … FOR UPDATE would not lock a missing row,
	// and INSERT IGNORE would take a shared lock first). MySQL and MariaDB evaluate the
	// assignments left to right, so value still sees the old period.
	period := tmpl.PeriodKey(at)
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO number_counters (counter_key, period, value, updated_at)
		VALUES (?, ?, ?, ?)
		ON DUPLICATE KEY UPDATE
			value = IF(period = VALUES(period), value + ?, VALUES(value)),
			period = VALUES(period),
			updated_at = VALUES(updated_at)`,
		key, period, tmpl.Start, s.Now(), tmpl.Increment); err != nil {
		return "", fmt.Errorf("store: advance counter %s: %w", key, err)
	}
	var value int64
	if err := tx.GetContext(ctx, &value, `
		SELECT value FROM number_counters WHERE counter_key = ?`, key); err != nil {
		return "", fmt.Errorf("store: read counter %s: %w", key, err)
	}
	return tmpl.FormatTenant(at, value, tenant), nil
}
