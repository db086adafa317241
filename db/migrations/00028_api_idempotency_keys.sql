-- +goose Up
-- The first answer to an API write sent with an Idempotency-Key header, kept for 24 hours so
-- that a client retrying after a timeout or a lost connection gets the same answer and the
-- change is not made twice. The row is written in the transaction of the change itself, so a
-- change and its stored answer commit or vanish together. Keys belong to the API key that sent
-- them (principal_id); only a SHA-256 of the client's key is kept, which makes it exact and
-- case-sensitive whatever the table's collation. request_hash covers method, path and body:
-- the same key with another request is refused.
CREATE TABLE IF NOT EXISTS api_idempotency_keys (
    id           CHAR(26)    NOT NULL,
    principal_id VARCHAR(64) NOT NULL,
    key_hash     CHAR(64)    NOT NULL,
    request_hash CHAR(64)    NOT NULL,
    status       SMALLINT    NOT NULL,
    headers      TEXT        NOT NULL,
    body         MEDIUMBLOB  NOT NULL,
    created_at   DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_api_idempotency_keys_key (principal_id, key_hash),
    KEY ix_api_idempotency_keys_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE IF EXISTS api_idempotency_keys;
