-- +goose Up
-- Staff notes on an order: Markdown-light text, kept apart from the order document so that a
-- note never bumps the order's version nor conflicts with an edit in progress. words is the
-- body as search index words (internal/search.Words) under a FULLTEXT index, for note:.
-- Index every word: no stop words (as order_search, migration 00007).
SET SESSION innodb_ft_enable_stopword = 0;
CREATE TABLE order_notes (
    order_id     CHAR(26)      NOT NULL,
    id           CHAR(26)      NOT NULL,
    body         TEXT          NOT NULL,
    first_line   VARCHAR(200)  NOT NULL,
    words        TEXT          NOT NULL,
    author_id    CHAR(26)      NULL,
    author_label VARCHAR(256)  NOT NULL,
    created_at   DATETIME(6)   NOT NULL,
    revision     INT           NOT NULL,
    edited_at    DATETIME(6)   NULL,
    edited_by    VARCHAR(256)  NOT NULL DEFAULT '',
    pinned_at    DATETIME(6)   NULL,
    deleted_at   DATETIME(6)   NULL,
    deleted_by   VARCHAR(256)  NOT NULL DEFAULT '',
    PRIMARY KEY (id),
    KEY ix_order_notes_order (order_id, created_at),
    FULLTEXT KEY ft_order_notes_words (words)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every version of a note's text: who wrote it and when; the last row is the current text.
CREATE TABLE order_note_revisions (
    order_id     CHAR(26)      NOT NULL,
    note_id      CHAR(26)      NOT NULL,
    revision     INT           NOT NULL,
    body         TEXT          NOT NULL,
    actor_id     CHAR(26)      NULL,
    actor_label  VARCHAR(256)  NOT NULL,
    written_at   DATETIME(6)   NOT NULL,
    PRIMARY KEY (note_id, revision),
    KEY ix_order_note_revisions_order (order_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Files attached to a note (pictures and PDFs), kept in the database like delivery photos.
CREATE TABLE order_note_attachments (
    order_id      CHAR(26)      NOT NULL,
    id            CHAR(26)      NOT NULL,
    note_id       CHAR(26)      NOT NULL,
    file_name     VARCHAR(200)  NOT NULL,
    content_type  VARCHAR(64)   NOT NULL,
    size          INT           NOT NULL,
    sha256        CHAR(64)      NOT NULL,
    body          MEDIUMBLOB    NOT NULL,
    created_by    VARCHAR(256)  NOT NULL,
    created_at    DATETIME(6)   NOT NULL,
    PRIMARY KEY (order_id, id),
    KEY ix_order_note_attachments_note (note_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Who a note mentions; read_at is when they opened it. The top bar's unread count reads
-- (user_id, read_at) and joins the order for the reader's scope.
CREATE TABLE order_note_mentions (
    user_id     CHAR(26)     NOT NULL,
    note_id     CHAR(26)     NOT NULL,
    order_id    CHAR(26)     NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    read_at     DATETIME(6)  NULL,
    PRIMARY KEY (user_id, note_id),
    KEY ix_order_note_mentions_unread (user_id, read_at, order_id),
    KEY ix_order_note_mentions_inbox (user_id, created_at),
    KEY ix_order_note_mentions_order (order_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The first line of the order's newest pinned note, for the list's pin icon (no query per row).
ALTER TABLE orders ADD COLUMN pinned_note VARCHAR(200) NULL;

-- +goose Down
ALTER TABLE orders DROP COLUMN pinned_note;
DROP TABLE IF EXISTS order_note_mentions;
DROP TABLE IF EXISTS order_note_attachments;
DROP TABLE IF EXISTS order_note_revisions;
DROP TABLE IF EXISTS order_notes;
