-- +goose Up
-- A field step sent late from a device (queued while offline) says when it was taken there:
-- the change set keeps that beside occurred_at, the time the server received it. taken_note
-- says why the device's time was not used (out of bounds: ahead of the server, before the
-- order, too old, unreadable); empty when it was, or when the device said nothing.
ALTER TABLE order_change_sets
    ADD COLUMN taken_at   DATETIME(6)  NULL AFTER occurred_at,
    ADD COLUMN taken_note VARCHAR(300) NOT NULL DEFAULT '' AFTER taken_at;

-- +goose Down
ALTER TABLE order_change_sets
    DROP COLUMN taken_note,
    DROP COLUMN taken_at;
