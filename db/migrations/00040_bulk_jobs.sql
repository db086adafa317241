-- +goose Up
-- Bulk actions on the order list: one job per action started on a selection, and one item per
-- order it acts on. Each item is done through the same use case as a single edit (its own
-- change set); the item keeps the outcome and the domain's message, so the result page names
-- each order that failed and why. The job's counts are written with each item's outcome, in one
-- transaction, so done + failed + skipped never disagrees with the items.
--
-- state: queued (waiting for the worker), running (a worker holds its lease until
-- lease_until), finished, interrupted (its user can no longer act). A running job whose lease ran
-- out — its server stopped — is taken over and resumed where it stopped.
CREATE TABLE IF NOT EXISTS bulk_jobs (
    id          CHAR(26)     NOT NULL,
    user_id     CHAR(26)     NOT NULL,
    action      VARCHAR(32)  NOT NULL,
    params      TEXT         NOT NULL,
    reason      VARCHAR(1000) NOT NULL,
    remote_addr VARCHAR(64)  NOT NULL,
    total       INT          NOT NULL,
    done        INT          NOT NULL DEFAULT 0,
    failed      INT          NOT NULL DEFAULT 0,
    skipped     INT          NOT NULL DEFAULT 0,
    state       VARCHAR(16)  NOT NULL,
    lease_until DATETIME(6)  NULL,
    created_at  DATETIME(6)  NOT NULL,
    started_at  DATETIME(6)  NULL,
    finished_at DATETIME(6)  NULL,
    PRIMARY KEY (id),
    KEY ix_bulk_jobs_user (user_id, created_at),
    KEY ix_bulk_jobs_state (state, lease_until)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- outcome: pending, done, failed, skipped. position keeps the selection's order.
CREATE TABLE IF NOT EXISTS bulk_job_items (
    job_id       CHAR(26)      NOT NULL,
    position     INT           NOT NULL,
    order_id     CHAR(26)      NOT NULL,
    order_number VARCHAR(64)   NOT NULL,
    outcome      VARCHAR(16)   NOT NULL,
    message      VARCHAR(1000) NOT NULL,
    PRIMARY KEY (job_id, position),
    UNIQUE KEY uq_bulk_job_items_order (job_id, order_id),
    KEY ix_bulk_job_items_outcome (job_id, outcome, position),
    CONSTRAINT fk_bulk_job_items_job FOREIGN KEY (job_id) REFERENCES bulk_jobs (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE IF EXISTS bulk_job_items;
DROP TABLE IF EXISTS bulk_jobs;
