-- +goose Up
-- Field mode's work list: the shipments in one state (New, PickPack, ReadyToSend, Sent) that
-- are neither cancelled nor delivered, oldest or newest first. The index answers each queue's
-- page in created order and its capped count without reading the other states' shipments.
ALTER TABLE order_shipments
    ADD KEY ix_order_shipments_work (status, is_cancelled, delivery_date, created_date);

-- The end of an order number ("00001", "1260" of CO260906-01260) finds the order: the number
-- reversed, kept by the database itself on every write, makes "ends with" an indexed prefix
-- range instead of a scan with LIKE '%…'.
ALTER TABLE orders
    ADD COLUMN number_reversed VARCHAR(64) GENERATED ALWAYS AS (REVERSE(number)) VIRTUAL,
    ADD KEY ix_orders_number_reversed (number_reversed);

-- +goose Down
ALTER TABLE orders
    DROP KEY ix_orders_number_reversed,
    DROP COLUMN number_reversed;
ALTER TABLE order_shipments
    DROP KEY ix_order_shipments_work;
