package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/order"
	"orderdesk/internal/search"
)

// ListingVersion is the version of what writeListing derives (order.FactsOf, search.DocumentOf).
// Raise it when either changes: RefreshListings rewrites older rows. Exported for fixtures that
// write orders in bulk, straight in SQL.
const ListingVersion = 3

// writeListing stores what the order list needs of o, inside the transaction that writes o:
// the facts derived from its documents on the order row, and its search document.
func writeListing(ctx context.Context, tx sqlx.ExtContext, o *order.CustomerOrder) error {
	f := order.FactsOf(o)
	if _, err := tx.ExecContext(ctx, `
		UPDATE orders
		SET item_count = ?, paid_total = ?, balance_due = ?, payment_state = ?, shipping_state = ?,
		    open_returns = (
		        SELECT COUNT(*) FROM order_returns
		        WHERE order_id = ? AND status NOT IN (?, ?)),
		    listing_version = ?
		WHERE id = ?`,
		f.ItemCount, f.Paid.Round(4), f.BalanceDue.Round(4), f.PaymentState, f.ShippingState,
		o.ID, order.ReturnCompleted, order.ReturnCanceled,
		ListingVersion, o.ID); err != nil {
		return fmt.Errorf("store: list facts of order %s: %w", o.ID, err)
	}
	// Updated in place by its key, the order (see migration 00024): a REPLACE under a unique
	// secondary key locked the neighbouring orders' entries and deadlocked adjacent writers.
	// An unchanged document is left alone, so saving an order does not churn the index.
	d := search.DocumentOf(o)
	var same bool
	err := sqlx.GetContext(ctx, tx, &same, `
		SELECT customer = ? AND refs = ? AND items = ? AND notes = ?
		FROM order_search
		WHERE order_id = ?`,
		d.Customer, d.Refs, d.Items, d.Notes, o.ID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		// A new order (or one written before the list existed): nothing to lock beside it.
		_, err = tx.ExecContext(ctx, `
			INSERT INTO order_search (order_id, customer, refs, items, notes)
			VALUES (?, ?, ?, ?, ?)`,
			o.ID, d.Customer, d.Refs, d.Items, d.Notes)
		if !isDuplicate(err) {
			break
		}
		fallthrough // written meanwhile by a transaction this one's snapshot does not see
	case err == nil && !same:
		_, err = tx.ExecContext(ctx, `
			UPDATE order_search
			SET customer = ?, refs = ?, items = ?, notes = ?
			WHERE order_id = ?`,
			d.Customer, d.Refs, d.Items, d.Notes, o.ID)
	}
	if err != nil {
		return fmt.Errorf("store: search document of order %s: %w", o.ID, err)
	}
	return writeTags(ctx, tx, o)
}

// countOpenReturns refreshes an order's open-return count inside a return's transaction, and
// its return count with its customer's figures.
func countOpenReturns(ctx context.Context, tx sqlx.ExtContext, orderID string) error {
	if _, err := tx.ExecContext(ctx, `
		UPDATE orders
		SET open_returns = (
		        SELECT COUNT(*) FROM order_returns
		        WHERE order_id = ? AND status NOT IN (?, ?))
		WHERE id = ?`,
		orderID, order.ReturnCompleted, order.ReturnCanceled, orderID); err != nil {
		return fmt.Errorf("store: open returns of order %s: %w", orderID, err)
	}
	return recountReturns(ctx, tx, orderID)
}

// RefreshListings rewrites the list facts and search documents of every order written by an
// older ListingVersion (or before the list existed), a batch at a time, each order in its own
// short transaction. It returns how many orders it refreshed; with nothing stale it costs one
// indexed query, so start-up runs it every time.
func (s *Store) RefreshListings(ctx context.Context) (int, error) {
	done := 0
	for {
		var ids []string
		if err := s.db.SelectContext(ctx, &ids, `
			SELECT id FROM orders
			WHERE listing_version < ?
			LIMIT 200`, ListingVersion); err != nil {
			return done, fmt.Errorf("store: stale listings: %w", err)
		}
		if len(ids) == 0 {
			return done, nil
		}
		for _, id := range ids {
			if _, err := s.refreshListing(ctx, id); err != nil {
				return done, err
			}
			done++
		}
	}
}
