-- +goose Up
-- Checkpoints are kept gzip-compressed (the flat form of an order compresses about tenfold), so
-- they take a small share of history's storage. Existing text checkpoints are dropped: they are
-- only a shortcut, and rebuilding replays from creation where none is left.
DELETE FROM order_checkpoints;
ALTER TABLE order_checkpoints MODIFY state MEDIUMBLOB NOT NULL;

-- +goose Down
DELETE FROM order_checkpoints;
ALTER TABLE order_checkpoints MODIFY state MEDIUMTEXT NOT NULL;
