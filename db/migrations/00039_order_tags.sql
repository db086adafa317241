-- +goose Up
-- Free tags on orders. A tag is a dictionary entry: its name (unique whatever the case, under
-- the table's case-insensitive collation) and a colour from a small fixed palette. Renaming a
-- tag rewrites its one row; orders name their tags by id, so every order reads the new name
-- and no order row changes.
CREATE TABLE IF NOT EXISTS tags (
    id           CHAR(26)    NOT NULL,
    name         VARCHAR(40) NOT NULL,
    colour       VARCHAR(16) NOT NULL DEFAULT 'grey',
    created_date DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_tags_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Which orders carry which tag, rewritten in each order's write transaction. The key reads one
-- tag's orders in created order (the list's default sort) and counts them; the second key reads
-- one order's tags (its page, the list's chips for a page of rows, the -tag: filter).
-- created_date is the order's.
CREATE TABLE IF NOT EXISTS order_tags (
    tag_id       CHAR(26)    NOT NULL,
    created_date DATETIME(6) NOT NULL,
    order_id     CHAR(26)    NOT NULL,
    PRIMARY KEY (tag_id, created_date, order_id),
    UNIQUE KEY uq_order_tags_order (order_id, tag_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE IF EXISTS order_tags;
DROP TABLE IF EXISTS tags;
