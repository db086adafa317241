-- +goose Up
-- Failed sign-ins per account ("account:<email>") and per client address ("ip:<addr>"). Kept in
-- the database, not in memory, so every app server behind a load balancer sees the same count.
CREATE TABLE login_throttle (
    throttle_key  VARCHAR(320) NOT NULL,
    failures      INT UNSIGNED NOT NULL,
    window_start  DATETIME(6)  NOT NULL,
    blocked_until DATETIME(6)  NULL,
    PRIMARY KEY (throttle_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE login_throttle;
