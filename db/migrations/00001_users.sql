-- +goose Up
-- Staff accounts. session_epoch is copied into every session cookie; raising it signs the user
-- out everywhere (password reset, disable, "sign out other devices").
CREATE TABLE users (
    id            CHAR(26)     NOT NULL,
    email         VARCHAR(254) NOT NULL,
    name          VARCHAR(200) NOT NULL,
    password_hash VARCHAR(100) NOT NULL,
    role          VARCHAR(40)  NOT NULL,
    session_epoch INT UNSIGNED NOT NULL DEFAULT 1,
    disabled_at   DATETIME(6)  NULL,
    last_login_at DATETIME(6)  NULL,
    created_at    DATETIME(6)  NOT NULL,
    updated_at    DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_users_email (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE users;
