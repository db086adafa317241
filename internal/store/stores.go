package store

import (
	"context"
	"fmt"
)

// StoreInfo is a shop whose orders the desk keeps.
type StoreInfo struct {
	ID              string `db:"id"`
	Name            string `db:"name"`
	DefaultCurrency string `db:"default_currency"`
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
		SELECT id, name, default_currency
		FROM stores
		ORDER BY name`); err != nil {
		return nil, fmt.Errorf("store: stores: %w", err)
	}
	return out, nil
}
