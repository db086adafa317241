-- +goose Up
-- Every change is filed under a topic (price, discount, status, refund …, audit.TopicOf) and the
-- document it belongs to (audit.DocumentOf), and a money change keeps its amount as a number:
-- "all price overrides this week" and "refunds above 100" are index range scans, newest first.
ALTER TABLE order_changes
    ADD COLUMN topic    VARCHAR(20)   NOT NULL DEFAULT '',
    ADD COLUMN doc_type VARCHAR(20)   NOT NULL DEFAULT '',
    ADD COLUMN doc_id   VARCHAR(128)  NOT NULL DEFAULT '',
    ADD COLUMN amount   DECIMAL(19,4) NULL,
    ADD KEY ix_changes_topic (topic, change_set_id),
    ADD KEY ix_changes_doc_type (doc_type, change_set_id);

-- +goose Down
ALTER TABLE order_changes
    DROP INDEX ix_changes_doc_type,
    DROP INDEX ix_changes_topic,
    DROP COLUMN amount,
    DROP COLUMN doc_id,
    DROP COLUMN doc_type,
    DROP COLUMN topic;
