package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/audit"
	"orderdesk/internal/order"
)

// orderTables are the tables holding an order's rows, children first.
var orderTables = []string{
	"order_return_line_items", "order_returns",
	"order_refund_items", "order_refunds", "order_capture_items", "order_captures",
	"order_payment_transactions", "order_payments", "order_shipment_items", "order_shipment_packages",
	"order_shipments", "order_configuration_item_files", "order_configuration_items", "order_line_items",
	"order_addresses", "order_discounts", "order_tax_details", "order_fee_details",
	"order_dynamic_property_values", "order_search", "avatax_sync", "order_photos",
	"order_tags", "order_note_mentions", "order_note_attachments", "order_note_revisions", "order_notes",
}

// DeleteOrder removes an order with its documents and returns, in one transaction: its day's
// figures lose it, a change set records every field it had (so the history keeps the order as
// it was), and an order.deleted event goes to the webhook outbox.
func (s *Store) DeleteOrder(ctx context.Context, by Actor, id string) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		before, stored, err := lockOrderStored(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, t := range orderTables {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE order_id = ?`, id); err != nil {
				return fmt.Errorf("store: delete order %s from %s: %w", id, t, err)
			}
		}
		if err := removeCustomerShare(ctx, tx, stored); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM orders WHERE id = ?`, id); err != nil {
			return fmt.Errorf("store: delete order %s: %w", id, err)
		}
		share := shareOf(stored) // the figures hold what was stored
		share.orders, share.cancelled, share.items, share.revenue = -share.orders, -share.cancelled, -share.items, share.revenue.Neg()
		if err := addShare(ctx, tx, share); err != nil {
			return err
		}
		changes := audit.Diff(before, nil)
		if _, err := s.writeChangeSet(ctx, tx, by, changeSetHeader{
			orderID: before.ID, orderNumber: before.Number, storeID: before.StoreID, aggregate: AggregateOrder,
			documentID: before.ID, version: before.Version + 1, names: audit.NamesUsed(changes, audit.NamesOf(before, nil)),
		}, changes); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, []string{EventOrderDeleted}, before.ID, before.StoreID, map[string]string{"id": before.ID, "number": before.Number, "storeId": before.StoreID})
	})
}

// DeleteReturn removes a return and its lines in one transaction; a change set records what it
// held, and the order's open-return count follows.
func (s *Store) DeleteReturn(ctx context.Context, by Actor, id string) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		rs, err := loadReturns(ctx, tx, "id = ?", "return_id = ?", id)
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			return fmt.Errorf("store: return %s: %w", id, order.ErrNotFound)
		}
		before := rs[0]
		var o struct {
			Number  string `db:"number"`
			StoreID string `db:"store_id"`
		}
		if err := tx.GetContext(ctx, &o, `SELECT number, store_id FROM orders WHERE id = ? FOR UPDATE`, before.OrderID); err != nil {
			return fmt.Errorf("store: order of return %s: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM order_return_line_items WHERE return_id = ?`, id); err != nil {
			return fmt.Errorf("store: delete return %s: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM order_returns WHERE id = ?`, id); err != nil {
			return fmt.Errorf("store: delete return %s: %w", id, err)
		}
		if err := countOpenReturns(ctx, tx, before.OrderID); err != nil {
			return err
		}
		changes := audit.DiffOf(&before.Return, nil)
		if _, err := s.writeChangeSet(ctx, tx, by, changeSetHeader{
			orderID: before.OrderID, orderNumber: o.Number, storeID: o.StoreID, aggregate: AggregateReturn,
			documentID: id, version: before.version + 1, names: audit.NamesUsed(changes, audit.Names{}),
		}, changes); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, []string{EventReturnChanged}, before.OrderID, o.StoreID, map[string]any{"id": id, "deleted": true})
	})
}
