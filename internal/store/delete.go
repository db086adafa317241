package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/audit"
)

// orderTables are the tables holding an order's rows, children first.
var orderTables = []string{
	"order_return_line_items", "order_returns",
	"order_refund_items", "order_refunds", "order_capture_items", "order_captures",
	"order_payment_transactions", "order_payments", "order_shipment_items", "order_shipment_packages",
	"order_shipments", "order_configuration_item_files", "order_configuration_items", "order_line_items",
	"order_addresses", "order_discounts", "order_tax_details", "order_fee_details",
	"order_dynamic_property_values", "order_search", "avatax_sync",
}

// DeleteOrder removes an order with its documents and returns, in one transaction: its day's
// figures lose it, a change set records every field it had (so the history keeps the order as
// it was), and an order.deleted event goes to the webhook outbox.
func (s *Store) DeleteOrder(ctx context.Context, by Actor, id string) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		before, err := loadHeader(ctx, tx, "id = ?", "FOR UPDATE", id)
		if err != nil {
			return err
		}
		if err := loadTree(ctx, tx, before); err != nil {
			return err
		}
		for _, t := range orderTables {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE order_id = ?`, id); err != nil {
				return fmt.Errorf("store: delete order %s from %s: %w", id, t, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM orders WHERE id = ?`, id); err != nil {
			return fmt.Errorf("store: delete order %s: %w", id, err)
		}
		share := shareOf(before)
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
		return s.enqueue(ctx, tx, []string{EventOrderDeleted}, before.ID, map[string]string{"id": before.ID, "number": before.Number, "storeId": before.StoreID})
	})
}
