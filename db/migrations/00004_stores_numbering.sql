-- +goose Up
-- Stores (Virto's store ids are strings such as "electronics"). Orders, counters, scopes and
-- price lists hang off them.
CREATE TABLE IF NOT EXISTS stores (
    id               VARCHAR(128) NOT NULL,
    name             VARCHAR(200) NOT NULL,
    default_currency CHAR(3)      NOT NULL,
    created_at       DATETIME(6)  NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A store's own number template for a document type (Virto's store-level setting); without a
-- row the module default applies.
CREATE TABLE IF NOT EXISTS store_number_templates (
    store_id      VARCHAR(128) NOT NULL,
    document_type VARCHAR(32)  NOT NULL,
    template      VARCHAR(200) NOT NULL,
    PRIMARY KEY (store_id, document_type)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Document-number counters, one row per store and template pattern. A row is locked by the
-- transaction that takes a number and released at commit, so numbers are never handed out
-- twice, across any number of app servers, and a rolled-back save leaves no gap.
CREATE TABLE IF NOT EXISTS number_counters (
    counter_key VARCHAR(400) NOT NULL,
    period      VARCHAR(16)  NOT NULL,
    value       BIGINT       NOT NULL,
    updated_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (counter_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE IF EXISTS number_counters;
DROP TABLE IF EXISTS store_number_templates;
DROP TABLE IF EXISTS stores;
