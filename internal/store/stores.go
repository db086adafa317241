package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// StoreInfo is a shop whose orders the desk keeps.
type StoreInfo struct {
	ID              string `db:"id"`
	Name            string `db:"name"`
	DefaultCurrency string `db:"default_currency"`
	// RequireTracking: field mode ships nothing of this store without a tracking number.
	RequireTracking bool `db:"require_tracking"`
}

// UpsertStore creates a store or renames it.
func (s *Store) UpsertStore(ctx context.Context, st StoreInfo) error {
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO stores (id, name, default_currency, created_at)
		VALUES (?, ?, ?, ?)
		ON DUPLICATE KEY UPDATE name = VALUES(name), default_currency = VALUES(default_currency)`,
		st.ID, st.Name, st.DefaultCurrency, s.Now())
	if err != nil {
		return fmt.Errorf("store: upsert store %s: %w", st.ID, err)
	}
	return nil
}

// Stores lists every store by name.
func (s *Store) Stores(ctx context.Context) ([]StoreInfo, error) {
	var out []StoreInfo
	if err := s.db.SelectContext(ctx, &out, `
		SELECT id, name, default_currency, require_tracking
		FROM stores
		ORDER BY name`); err != nil {
		return nil, fmt.Errorf("store: stores: %w", err)
	}
	return out, nil
}

// ErrStoreNotFound says there is no store with that id.
var ErrStoreNotFound = errors.New("store: no such store")

// StoreRequiresTracking reports whether the store ships nothing without a tracking number; a
// store without a row (an order imported for a store never set up) requires none.
func (s *Store) StoreRequiresTracking(ctx context.Context, id string) (bool, error) {
	var require bool
	err := s.db.GetContext(ctx, &require, `
		SELECT require_tracking
		FROM stores
		WHERE id = ?`, id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("store: store %s requires tracking: %w", id, err)
	}
	return require, nil
}

// SetStoreRequireTracking turns the store's "tracking number required" rule on or off, audited
// in the same transaction; setting what is already set writes nothing.
func (s *Store) SetStoreRequireTracking(ctx context.Context, by Actor, id string, require bool) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		var now []bool
		if err := tx.SelectContext(ctx, &now, `
			SELECT require_tracking
			FROM stores
			WHERE id = ?
			FOR UPDATE`, id); err != nil {
			return fmt.Errorf("store: store %s: %w", id, err)
		}
		switch {
		case len(now) == 0:
			return fmt.Errorf("%w: %s", ErrStoreNotFound, id)
		case now[0] == require:
			return nil
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE stores
			SET require_tracking = ?
			WHERE id = ?`, require, id); err != nil {
			return fmt.Errorf("store: set require_tracking of %s: %w", id, err)
		}
		detail := id + ": a tracking number is no longer required to ship"
		if require {
			detail = id + ": a tracking number is required to ship"
		}
		return s.recordEvent(ctx, tx, by, "store.require_tracking", "", detail)
	})
}
