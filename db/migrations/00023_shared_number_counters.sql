-- +goose Up
-- Counters are keyed by the template alone, so stores that share a template share its counter
-- and a number names one document; and each counter period (a day, for a daily reset) gets its
-- own row, so a document dated back continues its own day's count instead of restarting it.
-- Stored numbers stay as they are: the per-store rows ("{store}/{template}") fold into the
-- shared row of their template and period at the highest value any store reached, so the next
-- number is above every number handed out so far.
ALTER TABLE number_counters
    DROP PRIMARY KEY,
    ADD PRIMARY KEY (counter_key, period);

CREATE TEMPORARY TABLE counter_stores (
    id VARCHAR(128) NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT IGNORE INTO counter_stores (id)
SELECT id FROM stores
UNION
SELECT DISTINCT store_id FROM orders;

CREATE TEMPORARY TABLE shared_counters (
    counter_key VARCHAR(400) NOT NULL,
    period      VARCHAR(16)  NOT NULL,
    value       BIGINT       NOT NULL,
    updated_at  DATETIME(6)  NOT NULL,
    PRIMARY KEY (counter_key, period)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO shared_counters (counter_key, period, value, updated_at)
SELECT
    SUBSTRING(c.counter_key, CHAR_LENGTH(s.id) + 2) AS counter_key,
    c.period,
    MAX(c.value),
    MAX(c.updated_at)
FROM number_counters c
JOIN counter_stores s ON s.id = SUBSTRING_INDEX(c.counter_key, '/', 1)
GROUP BY SUBSTRING(c.counter_key, CHAR_LENGTH(s.id) + 2), c.period;

DELETE c
FROM number_counters c
JOIN counter_stores s ON s.id = SUBSTRING_INDEX(c.counter_key, '/', 1);

INSERT INTO number_counters (counter_key, period, value, updated_at)
SELECT counter_key, period, value, updated_at
FROM shared_counters
ON DUPLICATE KEY UPDATE
    value = GREATEST(number_counters.value, VALUES(value)),
    updated_at = GREATEST(number_counters.updated_at, VALUES(updated_at));

DROP TEMPORARY TABLE shared_counters;
DROP TEMPORARY TABLE counter_stores;

-- +goose Down
-- One row per key again: the latest period of each template (numbers keep counting shared).
DELETE c
FROM number_counters c
JOIN number_counters newer ON newer.counter_key = c.counter_key AND newer.period > c.period;

ALTER TABLE number_counters
    DROP PRIMARY KEY,
    ADD PRIMARY KEY (counter_key);
