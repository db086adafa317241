-- +goose Up
-- Orders being made at the desk, not yet placed: the draft document (the order as it would be
-- created, as JSON) with who owns it, its store and customer for the drafts list. A draft is
-- not an order: it has no number and is in no order table, so the list, its queues, the
-- dashboard and the API never see it. Placing creates the order and deletes the row in the
-- same transaction.
CREATE TABLE order_drafts (
    id            CHAR(26)     NOT NULL,
    store_id      VARCHAR(128) NOT NULL,
    owner_id      CHAR(26)     NOT NULL,
    owner_label   VARCHAR(255) NOT NULL,
    customer_name VARCHAR(255) NOT NULL DEFAULT '',
    document      LONGTEXT     NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    updated_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_order_drafts_store_updated (store_id, updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE order_drafts;
