-- +goose Up
-- The search row is keyed by its order and rewritten in place. Before, the full-text document
-- id was the primary key with a unique key on order_id, so every rewrite was a REPLACE (delete
-- and insert under a unique secondary key), which took next-key locks on the neighbouring
-- orders' entries and deadlocked the writers of adjacent orders. InnoDB now keeps the document
-- id in its own hidden column and gives rewritten text a new one itself.
CREATE TABLE order_search_by_order (
    order_id CHAR(26) NOT NULL,
    customer TEXT     NOT NULL,
    refs     TEXT     NOT NULL,
    items    TEXT     NOT NULL,
    notes    TEXT     NOT NULL,
    PRIMARY KEY (order_id),
    FULLTEXT KEY ft_order_search_all (customer, refs, items, notes),
    FULLTEXT KEY ft_order_search_customer (customer),
    FULLTEXT KEY ft_order_search_items (items)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO order_search_by_order (order_id, customer, refs, items, notes)
SELECT order_id, customer, refs, items, notes FROM order_search;

DROP TABLE order_search;

RENAME TABLE order_search_by_order TO order_search;

-- +goose Down
CREATE TABLE order_search_by_doc_id (
    FTS_DOC_ID BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    order_id   CHAR(26) NOT NULL,
    customer   TEXT     NOT NULL,
    refs       TEXT     NOT NULL,
    items      TEXT     NOT NULL,
    notes      TEXT     NOT NULL,
    PRIMARY KEY (FTS_DOC_ID),
    UNIQUE KEY uq_order_search_order (order_id),
    FULLTEXT KEY ft_order_search_all (customer, refs, items, notes),
    FULLTEXT KEY ft_order_search_customer (customer),
    FULLTEXT KEY ft_order_search_items (items)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO order_search_by_doc_id (order_id, customer, refs, items, notes)
SELECT order_id, customer, refs, items, notes FROM order_search;

DROP TABLE order_search;

RENAME TABLE order_search_by_doc_id TO order_search;
