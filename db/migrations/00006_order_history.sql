-- +goose Up
-- Every write to an order or a return records a change set in the same transaction: who, when,
-- from where (desk, tablet, api, cli, system), why, and the field-level diff (internal/audit).
-- Diffs, not snapshots: the order as of any change set is rebuilt by replaying them.
CREATE TABLE IF NOT EXISTS order_change_sets (
    id           CHAR(26)      NOT NULL,
    order_id     CHAR(26)      NOT NULL,
    store_id     VARCHAR(128)  NOT NULL,
    -- order or return; document_id is the return's id for returns, the order's otherwise
    aggregate    VARCHAR(16)   NOT NULL,
    document_id  CHAR(26)      NOT NULL,
    version      INT           NOT NULL,
    occurred_at  DATETIME(6)   NOT NULL,
    actor_id     VARCHAR(128)  NOT NULL,
    actor_label  VARCHAR(256)  NOT NULL,
    source       VARCHAR(20)   NOT NULL,
    reason       VARCHAR(1000) NOT NULL,
    change_count INT           NOT NULL,
    PRIMARY KEY (id),
    KEY ix_change_sets_order (order_id, id),
    KEY ix_change_sets_actor (actor_id, id),
    KEY ix_change_sets_store (store_id, id),
    KEY ix_change_sets_occurred (occurred_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS order_changes (
    change_set_id CHAR(26)     NOT NULL,
    seq           INT          NOT NULL,
    order_id      CHAR(26)     NOT NULL,
    entity        VARCHAR(40)  NOT NULL,
    entity_id     VARCHAR(128) NOT NULL,
    path          VARCHAR(700) NOT NULL,
    field         VARCHAR(64)  NOT NULL,
    op            VARCHAR(12)  NOT NULL,
    old_value     TEXT         NULL,
    new_value     TEXT         NULL,
    pos           INT          NOT NULL,
    -- the leaves of an element added or removed as a whole, as JSON
    fields        MEDIUMTEXT   NULL,
    is_money      BOOLEAN      NOT NULL,
    PRIMARY KEY (change_set_id, seq),
    KEY ix_changes_order (order_id, change_set_id),
    KEY ix_changes_field (field, change_set_id),
    KEY ix_changes_entity (entity, entity_id, change_set_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE IF EXISTS order_changes;
DROP TABLE IF EXISTS order_change_sets;
