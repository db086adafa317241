-- +goose Up
-- Who made a key (a key works only while its maker's account is enabled; empty for keys made
-- on the command line) and an optional expiry.
ALTER TABLE api_keys
    ADD COLUMN created_by_user_id CHAR(26) NOT NULL DEFAULT '' AFTER created_by,
    ADD COLUMN expires_at DATETIME(6) NULL AFTER last_used_at;

-- +goose Down
ALTER TABLE api_keys
    DROP COLUMN created_by_user_id,
    DROP COLUMN expires_at;
