-- +goose Up
-- History stores diffs, not snapshots; every so many versions of an order (store.CheckpointEvery)
-- the whole order is kept as well, written in the same transaction as its change set, so that
-- rebuilding an old version replays at most that many change sets.
CREATE TABLE IF NOT EXISTS order_checkpoints (
    order_id      CHAR(26)   NOT NULL,
    change_set_id CHAR(26)   NOT NULL,
    -- the order's flat form (audit.Leaves) as JSON; gzip-compressed from 00011 on
    state         MEDIUMTEXT NOT NULL,
    PRIMARY KEY (order_id, change_set_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE IF EXISTS order_checkpoints;
