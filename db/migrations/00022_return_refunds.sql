-- +goose Up
-- The refund a return was paid back with ("Refund this return" on the order page); empty while
-- the return has not been refunded.
ALTER TABLE order_returns
    ADD COLUMN refund_id CHAR(26) NOT NULL DEFAULT '' AFTER resolution;

-- +goose Down
ALTER TABLE order_returns
    DROP COLUMN refund_id;
