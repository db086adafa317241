package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/ids"
	"orderdesk/internal/order"
)

// Draft is an order being made at the desk and not yet placed: the order as it would be
// created (no id, number or version), who owns it and when it was last saved. A draft is not
// an order: it is in no order table, so the list, its queues, the dashboard and the API never
// see it until it is placed.
type Draft struct {
	ID           string
	StoreID      string
	OwnerID      string
	OwnerLabel   string
	CustomerName string
	Order        *order.CustomerOrder
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

type draftRow struct {
	ID           string    `db:"id"`
	StoreID      string    `db:"store_id"`
	OwnerID      string    `db:"owner_id"`
	OwnerLabel   string    `db:"owner_label"`
	CustomerName string    `db:"customer_name"`
	Document     string    `db:"document"`
	CreatedAt    time.Time `db:"created_at"`
	UpdatedAt    time.Time `db:"updated_at"`
}

func (r draftRow) draft() (Draft, error) {
	d := Draft{ID: r.ID, StoreID: r.StoreID, OwnerID: r.OwnerID, OwnerLabel: r.OwnerLabel,
		CustomerName: r.CustomerName, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Order: &order.CustomerOrder{}}
	if err := json.Unmarshal([]byte(r.Document), d.Order); err != nil {
		return d, fmt.Errorf("store: draft %s: %w", r.ID, err)
	}
	return d, nil
}

// SaveDraft stores d: a new draft when d.ID is empty (d.ID is then set), else over the stored
// one. The draft's store and customer are taken from its order.
func (s *Store) SaveDraft(ctx context.Context, d *Draft) error {
	doc, err := json.Marshal(d.Order)
	if err != nil {
		return fmt.Errorf("store: draft document: %w", err)
	}
	now := s.Now()
	if d.ID == "" {
		d.ID, d.CreatedAt = ids.New(), now
		d.UpdatedAt = now
		_, err = s.db.ExecContext(ctx, `
			INSERT INTO order_drafts (id, store_id, owner_id, owner_label, customer_name, document, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			d.ID, d.Order.StoreID, d.OwnerID, d.OwnerLabel, clip(d.Order.CustomerName, 255), string(doc), now, now)
		if err != nil {
			return fmt.Errorf("store: create draft: %w", err)
		}
		d.StoreID, d.CustomerName = d.Order.StoreID, d.Order.CustomerName
		return nil
	}
	res, err := s.db.ExecContext(ctx, `
		UPDATE order_drafts
		SET store_id = ?, customer_name = ?, document = ?, updated_at = ?
		WHERE id = ?`,
		d.Order.StoreID, clip(d.Order.CustomerName, 255), string(doc), now, d.ID)
	if err != nil {
		return fmt.Errorf("store: save draft %s: %w", d.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: save draft %s: %w", d.ID, order.ErrNotFound)
	}
	d.StoreID, d.CustomerName, d.UpdatedAt = d.Order.StoreID, d.Order.CustomerName, now
	return nil
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// DraftByID loads one draft (order.ErrNotFound when there is none).
func (s *Store) DraftByID(ctx context.Context, id string) (Draft, error) {
	var r draftRow
	err := s.db.GetContext(ctx, &r, `
		SELECT id, store_id, owner_id, owner_label, customer_name, document, created_at, updated_at
		FROM order_drafts
		WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Draft{}, fmt.Errorf("store: draft %s: %w", id, order.ErrNotFound)
	}
	if err != nil {
		return Draft{}, fmt.Errorf("store: draft %s: %w", id, err)
	}
	return r.draft()
}

// Drafts lists the drafts of the given stores (every store when stores is empty), last saved
// first, at most limit.
func (s *Store) Drafts(ctx context.Context, stores []string, limit int) ([]Draft, error) {
	q := `
		SELECT id, store_id, owner_id, owner_label, customer_name, document, created_at, updated_at
		FROM order_drafts`
	var args []any
	if len(stores) > 0 {
		q += "\n\t\tWHERE store_id IN (?" + strings.Repeat(", ?", len(stores)-1) + ")"
		for _, st := range stores {
			args = append(args, st)
		}
	}
	q += "\n\t\tORDER BY updated_at DESC, id DESC\n\t\tLIMIT ?"
	args = append(args, limit)
	var rows []draftRow
	if err := s.db.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("store: drafts: %w", err)
	}
	out := make([]Draft, 0, len(rows))
	for _, r := range rows {
		d, err := r.draft()
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// DeleteDraft removes a draft (order.ErrNotFound when there is none).
func (s *Store) DeleteDraft(ctx context.Context, id string) error {
	return deleteDraft(ctx, s.db, id)
}

func deleteDraft(ctx context.Context, db sqlx.ExecerContext, id string) error {
	res, err := db.ExecContext(ctx, `
		DELETE FROM order_drafts
		WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: delete draft %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: delete draft %s: %w", id, order.ErrNotFound)
	}
	return nil
}

// PlaceDraft creates o as CreateOrder does (numbered, totalled, validated, audited) and deletes
// draft draftID in the same transaction: a draft placed twice at once makes one order, the
// other gets order.ErrNotFound and nothing is saved.
func (s *Store) PlaceDraft(ctx context.Context, by Actor, draftID string, o *order.CustomerOrder) error {
	return s.createOrder(ctx, by, o, func(tx *sqlx.Tx) error { return deleteDraft(ctx, tx, draftID) })
}

// CustomerHit is a customer found in earlier orders: their id and name and their latest order.
type CustomerHit struct {
	CustomerID   string    `db:"customer_id"`
	CustomerName string    `db:"customer_name"`
	LatestOrder  string    `db:"latest_order"`
	LastOrdered  time.Time `db:"last_ordered"`
}

// SearchCustomers finds customers of earlier orders in the given stores (every store when
// empty) by the full-text customer column of the order search (names, organisations,
// e-mails and phones of the order's addresses); match is an InnoDB boolean-mode expression
// (search.Boolean). At most limit customers, most recent first.
func (s *Store) SearchCustomers(ctx context.Context, match string, stores []string, limit int) ([]CustomerHit, error) {
	if strings.TrimSpace(match) == "" {
		return nil, nil
	}
	q := `
		SELECT o.customer_id, MAX(o.customer_name) AS customer_name,
		       MAX(o.created_date) AS last_ordered,
		       SUBSTRING(MAX(CONCAT(DATE_FORMAT(o.created_date, '%Y%m%d%H%i%s%f'), o.id)), 21) AS latest_order
		FROM order_search s
		JOIN orders o ON o.id = s.order_id
		WHERE MATCH(s.customer) AGAINST (? IN BOOLEAN MODE) AND o.customer_id <> ''`
	args := []any{match}
	if len(stores) > 0 {
		q += "\n\t\t  AND o.store_id IN (?" + strings.Repeat(", ?", len(stores)-1) + ")"
		for _, st := range stores {
			args = append(args, st)
		}
	}
	q += "\n\t\tGROUP BY o.customer_id\n\t\tORDER BY last_ordered DESC\n\t\tLIMIT ?"
	args = append(args, limit)
	var hits []CustomerHit
	if err := s.db.SelectContext(ctx, &hits, q, args...); err != nil {
		return nil, fmt.Errorf("store: search customers: %w", err)
	}
	return hits, nil
}

// LatestOrderOf loads the customer's most recent order in the given stores (every store when
// empty), by the customer index; order.ErrNotFound when they have none there.
func (s *Store) LatestOrderOf(ctx context.Context, customerID string, stores []string) (*order.CustomerOrder, error) {
	return s.readOrder(ctx, func(tx *sqlx.Tx) (string, error) {
		q, args := `
			SELECT id
			FROM orders
			WHERE customer_id = ?`, []any{customerID}
		if len(stores) > 0 {
			q += " AND store_id IN (?" + strings.Repeat(", ?", len(stores)-1) + ")"
			for _, st := range stores {
				args = append(args, st)
			}
		}
		q += "\n\t\t\tORDER BY created_date DESC, id DESC\n\t\t\tLIMIT 1"
		var id string
		err := tx.GetContext(ctx, &id, q, args...)
		if errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("store: latest order of %s: %w", customerID, order.ErrNotFound)
		}
		if err != nil {
			return "", fmt.Errorf("store: latest order of %s: %w", customerID, err)
		}
		return id, nil
	})
}
