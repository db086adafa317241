-- +goose Up
-- The API reads payments and shipments by their own id (Virto's /api/order/payments/{id}):
-- their primary keys start with the order id, so the id alone needs an index.
CREATE INDEX IF NOT EXISTS ix_order_payments_id ON order_payments (id);
CREATE INDEX IF NOT EXISTS ix_order_shipments_id ON order_shipments (id);

-- +goose Down
DROP INDEX IF EXISTS ix_order_shipments_id ON order_shipments;
DROP INDEX IF EXISTS ix_order_payments_id ON order_payments;
