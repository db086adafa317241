-- +goose Up
-- The part of a refund that gives shipping back, so that refunds of shipping add up to at most
-- the shipping charged across all refunds, not only within one.
ALTER TABLE order_refunds
    ADD COLUMN shipping_amount DECIMAL(19,4) NOT NULL DEFAULT 0 AFTER amount;

-- +goose Down
ALTER TABLE order_refunds
    DROP COLUMN shipping_amount;
