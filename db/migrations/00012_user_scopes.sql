-- +goose Up
-- Scopes narrow what a user's role may touch: only some stores, and/or only the orders assigned
-- to them. They combine with AND, everywhere (lists, searches, counts, exports, history and each
-- single order): an order is in scope when its store is one of the user's stores (or the user
-- has no store list) and, for "only mine", it is assigned to the user.
ALTER TABLE users
    ADD COLUMN IF NOT EXISTS scope_store_ids     VARCHAR(2000) NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS scope_assigned_only BOOLEAN       NOT NULL DEFAULT FALSE;

-- Roles administrators make, beside the built-in ones (internal/auth): a code users refer to,
-- a name and the permissions it grants, comma-separated.
CREATE TABLE IF NOT EXISTS roles (
    code        VARCHAR(40)   NOT NULL,
    name        VARCHAR(80)   NOT NULL,
    permissions VARCHAR(2000) NOT NULL,
    created_at  DATETIME(6)   NOT NULL,
    updated_at  DATETIME(6)   NOT NULL,
    PRIMARY KEY (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE IF EXISTS roles;
ALTER TABLE users
    DROP COLUMN IF EXISTS scope_store_ids,
    DROP COLUMN IF EXISTS scope_assigned_only;
