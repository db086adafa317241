-- +goose Up
-- A subscription sees what its maker saw: their stores (empty: every store) and, without
-- read-prices, no money in the payloads.
ALTER TABLE webhook_subscriptions
    ADD COLUMN scope_store_ids VARCHAR(2000) NOT NULL DEFAULT '' AFTER active,
    ADD COLUMN hides_prices BOOLEAN NOT NULL DEFAULT FALSE AFTER scope_store_ids;

-- +goose Down
ALTER TABLE webhook_subscriptions
    DROP COLUMN scope_store_ids,
    DROP COLUMN hides_prices;
