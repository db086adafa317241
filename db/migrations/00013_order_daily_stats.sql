-- +goose Up
-- The managers' dashboard reads maintained aggregates, not a million orders: per day, store and
-- currency, how many orders were placed and cancelled, their revenue (totals of orders not
-- cancelled) and items. Every order write adjusts its day's row in the same transaction
-- (internal/store/stats.go); a rebuild from the orders table recomputes them all.
CREATE TABLE IF NOT EXISTS order_daily_stats (
    day       DATE          NOT NULL,
    store_id  VARCHAR(128)  NOT NULL,
    currency  VARCHAR(3)    NOT NULL,
    orders    INT           NOT NULL,
    cancelled INT           NOT NULL,
    revenue   DECIMAL(19,4) NOT NULL,
    items     INT           NOT NULL,
    PRIMARY KEY (day, store_id, currency)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Orders already stored get their figures now.
INSERT IGNORE INTO order_daily_stats (day, store_id, currency, orders, cancelled, revenue, items)
SELECT DATE(created_date), store_id, currency, COUNT(*), SUM(is_cancelled),
       SUM(IF(is_cancelled, 0, total)), SUM(IF(is_cancelled, 0, item_count))
FROM orders
GROUP BY DATE(created_date), store_id, currency;

-- Refunds and returns by reason over a date range.
CREATE INDEX IF NOT EXISTS ix_order_refunds_created ON order_refunds (created_date);
CREATE INDEX IF NOT EXISTS ix_order_return_lines_created ON order_return_line_items (created_date);

-- +goose Down
DROP INDEX IF EXISTS ix_order_return_lines_created ON order_return_line_items;
DROP INDEX IF EXISTS ix_order_refunds_created ON order_refunds;
DROP TABLE IF EXISTS order_daily_stats;
