-- +goose Up
-- One row per sign-in: the cookie carries the id, and every request checks it is still open,
-- so signing out ends that session on every app server (a copied cookie stops working).
CREATE TABLE user_sessions (
    id         CHAR(26)    NOT NULL,
    user_id    CHAR(26)    NOT NULL,
    created_at DATETIME(6) NOT NULL,
    ended_at   DATETIME(6) NULL,
    PRIMARY KEY (id),
    KEY ix_user_sessions_user (user_id, ended_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE user_sessions;
