-- +goose Up
-- A store may ship nothing without a tracking number: field mode's Shipped step then refuses
-- an empty one instead of asking whether to ship without it. Off by default, as before.
ALTER TABLE stores ADD COLUMN require_tracking BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE stores DROP COLUMN require_tracking;
