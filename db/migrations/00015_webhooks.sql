-- +goose Up
-- Webhooks: subscriptions name a URL, a secret and the events they want. Each event is written
-- to the outbox, with one delivery per subscription that wants it, in the same transaction as
-- the change it reports; a worker in every `orderdesk serve` posts the deliveries (rows claimed
-- with FOR UPDATE SKIP LOCKED, so several app servers share the work), retrying with
-- exponential backoff until [webhooks] give_up_after.
CREATE TABLE IF NOT EXISTS webhook_subscriptions (
    id         CHAR(26)      NOT NULL,
    url        VARCHAR(2000) NOT NULL,
    secret     VARCHAR(100)  NOT NULL,
    events     VARCHAR(1000) NOT NULL,
    active     BOOLEAN       NOT NULL,
    created_by VARCHAR(256)  NOT NULL,
    created_at DATETIME(6)   NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS webhook_outbox (
    id          CHAR(26)     NOT NULL,
    event       VARCHAR(40)  NOT NULL,
    order_id    CHAR(26)     NOT NULL,
    payload     MEDIUMTEXT   NOT NULL,
    occurred_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_webhook_outbox_order (order_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id              CHAR(26)     NOT NULL,
    outbox_id       CHAR(26)     NOT NULL,
    subscription_id CHAR(26)     NOT NULL,
    -- pending, delivered or failed (gave up)
    status          VARCHAR(12)  NOT NULL,
    attempts        INT          NOT NULL,
    next_attempt_at DATETIME(6)  NOT NULL,
    last_attempt_at DATETIME(6)  NULL,
    last_status     INT          NOT NULL,
    last_error      VARCHAR(1000) NOT NULL,
    created_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    KEY ix_webhook_deliveries_due (status, next_attempt_at),
    KEY ix_webhook_deliveries_subscription (subscription_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE IF EXISTS webhook_deliveries;
DROP TABLE IF EXISTS webhook_outbox;
DROP TABLE IF EXISTS webhook_subscriptions;
