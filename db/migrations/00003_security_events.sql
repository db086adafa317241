-- +goose Up
-- Who did what to accounts and sign-ins: user created, signed in, sign-in refused, signed out.
-- Order changes have their own change sets; this log covers the people side.
CREATE TABLE security_events (
    id          CHAR(26)     NOT NULL,
    occurred_at DATETIME(6)  NOT NULL,
    actor_id    CHAR(26)     NULL,
    actor_label VARCHAR(254) NOT NULL,
    source      VARCHAR(20)  NOT NULL,
    action      VARCHAR(40)  NOT NULL,
    subject_id  CHAR(26)     NULL,
    remote_addr VARCHAR(64)  NOT NULL DEFAULT '',
    detail      VARCHAR(1000) NOT NULL DEFAULT '',
    PRIMARY KEY (id),
    KEY ix_security_events_subject (subject_id, occurred_at),
    KEY ix_security_events_action (action, occurred_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE security_events;
