-- +goose Up
-- A change set keeps the order number it was about and the names its sentences use (line SKUs
-- and names, document numbers, currency) as they were when it was written, so any history list
-- can render "Line SKU-1 "Widget": price 10.00 → 12.00" without loading the orders. One ALTER per
-- file: MySQL DDL is not transactional.
ALTER TABLE order_change_sets
    ADD COLUMN order_number VARCHAR(64) NOT NULL DEFAULT '' AFTER order_id,
    ADD COLUMN names MEDIUMTEXT NULL,
    ADD FULLTEXT KEY ft_change_sets_reason (reason);

-- +goose Down
ALTER TABLE order_change_sets
    DROP INDEX ft_change_sets_reason,
    DROP COLUMN names,
    DROP COLUMN order_number;
