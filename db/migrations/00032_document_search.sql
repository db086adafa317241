-- +goose Up
-- Virto's payment and shipment searches sort by created date, newest first, with or without
-- other criteria: an index gives that page without reading every document.
ALTER TABLE order_payments
    ADD KEY ix_order_payments_created (created_date);
ALTER TABLE order_shipments
    ADD KEY ix_order_shipments_created (created_date);

-- +goose Down
ALTER TABLE order_shipments
    DROP KEY ix_order_shipments_created;
ALTER TABLE order_payments
    DROP KEY ix_order_payments_created;
