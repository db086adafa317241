-- +goose Up
-- The customer panel and page (internal/store/customers.go) read maintained figures, not the
-- customer's orders: per customer, store, currency and assignee, how many orders, how many of
-- them cancelled, their spend (totals of orders not cancelled), their open balance (balance due
-- of orders not cancelled) and their returns (not cancelled). Store and assignee are in the key
-- so a user's scopes (only some stores, only the orders assigned to them) sum only their rows.
-- Every order write moves its share in the same transaction; a return write adjusts the count.
--
-- orders.return_count is the order's own count of returns not cancelled, kept beside
-- open_returns by every return write, so a moved or deleted order takes its returns along.
ALTER TABLE orders
    ADD COLUMN IF NOT EXISTS return_count INT NOT NULL DEFAULT 0;

UPDATE orders o
JOIN (
    SELECT order_id, COUNT(*) AS n
    FROM order_returns
    WHERE status <> 'Canceled'
    GROUP BY order_id
) r ON r.order_id = o.id
SET o.return_count = r.n;

CREATE TABLE IF NOT EXISTS customer_stats (
    customer_id VARCHAR(128)  NOT NULL,
    store_id    VARCHAR(128)  NOT NULL,
    currency    VARCHAR(3)    NOT NULL,
    employee_id VARCHAR(128)  NOT NULL,
    orders      INT           NOT NULL,
    cancelled   INT           NOT NULL,
    spend       DECIMAL(19,4) NOT NULL,
    balance     DECIMAL(19,4) NOT NULL,
    returns     INT           NOT NULL,
    PRIMARY KEY (customer_id, store_id, currency, employee_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Orders already stored get their figures now.
INSERT IGNORE INTO customer_stats (customer_id, store_id, currency, employee_id, orders, cancelled, spend, balance, returns)
SELECT customer_id, store_id, currency, employee_id, COUNT(*), SUM(is_cancelled),
       SUM(IF(is_cancelled, 0, total)), SUM(IF(is_cancelled, 0, balance_due)), SUM(return_count)
FROM orders
GROUP BY customer_id, store_id, currency, employee_id;

-- +goose Down
DROP TABLE IF EXISTS customer_stats;
ALTER TABLE orders
    DROP COLUMN IF EXISTS return_count;
