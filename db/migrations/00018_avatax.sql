-- +goose Up
-- Avalara AvaTax per store, and the queue of orders to send. Every order write of a store with
-- AvaTax enabled marks the order pending in its own transaction; a worker in every
-- `orderdesk serve` sends it (claimed with SKIP LOCKED), then records the outcome.
CREATE TABLE IF NOT EXISTS avatax_settings (
    store_id       VARCHAR(128)  NOT NULL,
    enabled        BOOLEAN       NOT NULL,
    service_url    VARCHAR(500)  NOT NULL,
    account_number VARCHAR(64)   NOT NULL,
    license_key    VARCHAR(200)  NOT NULL,
    company_code   VARCHAR(64)   NOT NULL,
    commit_status  VARCHAR(64)   NOT NULL,
    from_line1     VARCHAR(255)  NOT NULL,
    from_city      VARCHAR(128)  NOT NULL,
    from_region    VARCHAR(128)  NOT NULL,
    from_postal    VARCHAR(32)   NOT NULL,
    from_country   VARCHAR(128)  NOT NULL,
    updated_at     DATETIME(6)   NOT NULL,
    PRIMARY KEY (store_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS avatax_sync (
    order_id        CHAR(26)      NOT NULL,
    status          VARCHAR(12)   NOT NULL, -- pending, synced, failed
    attempts        INT           NOT NULL,
    next_attempt_at DATETIME(6)   NOT NULL,
    last_attempt_at DATETIME(6)   NULL,
    synced_at       DATETIME(6)   NULL,
    last_action     VARCHAR(40)   NOT NULL,
    last_error      VARCHAR(1000) NOT NULL,
    PRIMARY KEY (order_id),
    KEY ix_avatax_sync_due (status, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Refunds already sent as ReturnInvoices (Virto never sends refunds).
CREATE TABLE IF NOT EXISTS avatax_refunds (
    refund_id CHAR(26)    NOT NULL,
    order_id  CHAR(26)    NOT NULL,
    sent_at   DATETIME(6) NOT NULL,
    PRIMARY KEY (refund_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE IF EXISTS avatax_refunds;
DROP TABLE IF EXISTS avatax_sync;
DROP TABLE IF EXISTS avatax_settings;
