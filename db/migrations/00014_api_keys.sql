-- +goose Up
-- API keys: other systems call the API with one in the api_key header. Only a SHA-256 of the
-- key is kept (keys are 160 random bits, so a fast hash is enough); the key is shown once.
-- A key acts with its role's permissions and its own scopes, like a user.
CREATE TABLE IF NOT EXISTS api_keys (
    id                  CHAR(26)      NOT NULL,
    name                VARCHAR(80)   NOT NULL,
    role                VARCHAR(40)   NOT NULL,
    key_hash            CHAR(64)      NOT NULL,
    key_prefix          VARCHAR(12)   NOT NULL,
    scope_store_ids     VARCHAR(2000) NOT NULL,
    scope_assigned_only BOOLEAN       NOT NULL,
    created_by          VARCHAR(256)  NOT NULL,
    created_at          DATETIME(6)   NOT NULL,
    last_used_at        DATETIME(6)   NULL,
    revoked_at          DATETIME(6)   NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_api_keys_hash (key_hash),
    UNIQUE KEY uq_api_keys_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE IF EXISTS api_keys;
