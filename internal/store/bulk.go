package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/ids"
)

// Bulk job states and item outcomes (bulk_jobs.state, bulk_job_items.outcome).
const (
	BulkQueued      = "queued"
	BulkRunning     = "running"
	BulkFinished    = "finished"
	BulkInterrupted = "interrupted"

	BulkPending = "pending"
	BulkDone    = "done"
	BulkFailed  = "failed"
	BulkSkipped = "skipped"
)

// ErrBulkJobNotFound: no such job, or not its reader's.
var ErrBulkJobNotFound = errors.New("bulk job not found")

// BulkJob is one bulk action on a selection of orders: who started it, what it does, and how
// far it got. Done + Failed + Skipped + the pending items = Total.
type BulkJob struct {
	ID         string     `db:"id"`
	UserID     string     `db:"user_id"`
	Action     string     `db:"action"`
	Params     string     `db:"params"` // the action's parameters, JSON
	Reason     string     `db:"reason"`
	RemoteAddr string     `db:"remote_addr"`
	Total      int        `db:"total"`
	Done       int        `db:"done"`
	Failed     int        `db:"failed"`
	Skipped    int        `db:"skipped"`
	State      string     `db:"state"`
	LeaseUntil *time.Time `db:"lease_until"`
	CreatedAt  time.Time  `db:"created_at"`
	StartedAt  *time.Time `db:"started_at"`
	FinishedAt *time.Time `db:"finished_at"`
}

// Settled is how many items have an outcome.
func (j BulkJob) Settled() int { return j.Done + j.Failed + j.Skipped }

// BulkItem is one order of a job and what became of it.
type BulkItem struct {
	JobID       string `db:"job_id"`
	Position    int    `db:"position"`
	OrderID     string `db:"order_id"`
	OrderNumber string `db:"order_number"`
	Outcome     string `db:"outcome"`
	Message     string `db:"message"`
}

// BulkTarget is an order a new job acts on.
type BulkTarget struct{ ID, Number string }

const bulkJobColumns = `id, user_id, action, params, reason, remote_addr, total, done, failed, skipped,
	state, lease_until, created_at, started_at, finished_at`

const bulkItemColumns = `job_id, position, order_id, order_number, outcome, message`

// CreateBulkJob stores a queued job and its items (each pending), audited in security_events
// in the same transaction. The job's id, state, total and created time are set on j.
func (s *Store) CreateBulkJob(ctx context.Context, by Actor, j *BulkJob, targets []BulkTarget) error {
	j.ID, j.State, j.Total, j.CreatedAt = ids.New(), BulkQueued, len(targets), s.Now().UTC()
	j.Done, j.Failed, j.Skipped = 0, 0, 0
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO bulk_jobs (id, user_id, action, params, reason, remote_addr, total, done, failed, skipped,
				state, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?)`,
			j.ID, j.UserID, j.Action, j.Params, j.Reason, j.RemoteAddr, j.Total, j.State, j.CreatedAt); err != nil {
			return fmt.Errorf("store: create bulk job: %w", err)
		}
		for start := 0; start < len(targets); start += 500 {
			end := min(start+500, len(targets))
			args := make([]any, 0, 4*(end-start))
			vals := ""
			for i := start; i < end; i++ {
				if i > start {
					vals += ", "
				}
				vals += "(?, ?, ?, ?, 'pending', '')"
				args = append(args, j.ID, i, targets[i].ID, targets[i].Number)
			}
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO bulk_job_items (job_id, position, order_id, order_number, outcome, message)
				VALUES `+vals, args...); err != nil {
				return fmt.Errorf("store: create bulk job items: %w", err)
			}
		}
		return s.recordEvent(ctx, tx, by, "bulk.start", j.ID, fmt.Sprintf("%s on %d orders", j.Action, j.Total))
	})
}

// BulkJob loads a job.
func (s *Store) BulkJob(ctx context.Context, id string) (BulkJob, error) {
	var j BulkJob
	err := s.db.GetContext(ctx, &j, `SELECT `+bulkJobColumns+` FROM bulk_jobs WHERE id = ?`, id)
	if err != nil {
		return BulkJob{}, fmt.Errorf("store: bulk job %s: %w", id, notFound(err, ErrBulkJobNotFound))
	}
	return j, nil
}

// BulkJobsOf lists a user's latest jobs, newest first.
func (s *Store) BulkJobsOf(ctx context.Context, userID string, limit int) ([]BulkJob, error) {
	var out []BulkJob
	err := s.db.SelectContext(ctx, &out, `
		SELECT `+bulkJobColumns+`
		FROM bulk_jobs
		WHERE user_id = ?
		ORDER BY created_at DESC, id DESC
		LIMIT ?`, userID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: bulk jobs of %s: %w", userID, err)
	}
	return out, nil
}

// BulkItems lists a job's items with outcome (all outcomes when empty), in selection order.
func (s *Store) BulkItems(ctx context.Context, jobID, outcome string, limit int) ([]BulkItem, error) {
	var out []BulkItem
	q := `SELECT ` + bulkItemColumns + ` FROM bulk_job_items WHERE job_id = ?`
	args := []any{jobID}
	if outcome != "" {
		q += ` AND outcome = ?`
		args = append(args, outcome)
	}
	q += ` ORDER BY position LIMIT ?`
	args = append(args, limit)
	if err := s.db.SelectContext(ctx, &out, q, args...); err != nil {
		return nil, fmt.Errorf("store: bulk items of %s: %w", jobID, err)
	}
	return out, nil
}

// ClaimBulkJob takes the oldest job that waits for a worker — queued, or running with its lease
// run out (its server stopped mid-way) — and leases it until now+lease. It answers false when
// there is none.
func (s *Store) ClaimBulkJob(ctx context.Context, now time.Time, lease time.Duration) (BulkJob, bool, error) {
	var j BulkJob
	found := false
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		found = false
		err := tx.GetContext(ctx, &j, `
			SELECT `+bulkJobColumns+`
			FROM bulk_jobs
			WHERE state = 'queued' OR (state = 'running' AND lease_until < ?)
			ORDER BY created_at, id
			LIMIT 1
			FOR UPDATE SKIP LOCKED`, now.UTC())
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: claim bulk job: %w", err)
		}
		until := now.UTC().Add(lease)
		if _, err := tx.ExecContext(ctx, `
			UPDATE bulk_jobs
			SET state = 'running', lease_until = ?, started_at = COALESCE(started_at, ?)
			WHERE id = ?`, until, now.UTC(), j.ID); err != nil {
			return fmt.Errorf("store: claim bulk job: %w", err)
		}
		j.State, j.LeaseUntil, found = BulkRunning, &until, true
		return nil
	})
	return j, found, err
}

// ClaimBulkJobByID leases one job for the request that started it (a small selection runs at
// once); false when another worker has it.
func (s *Store) ClaimBulkJobByID(ctx context.Context, id string, now time.Time, lease time.Duration) (bool, error) {
	res, err := s.db.ExecContext(ctx, `
		UPDATE bulk_jobs
		SET state = 'running', lease_until = ?, started_at = COALESCE(started_at, ?)
		WHERE id = ? AND (state = 'queued' OR (state = 'running' AND lease_until < ?))`,
		now.UTC().Add(lease), now.UTC(), id, now.UTC())
	if err != nil {
		return false, fmt.Errorf("store: claim bulk job %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// PendingBulkItems are the next items of a job without an outcome, in selection order.
func (s *Store) PendingBulkItems(ctx context.Context, jobID string, limit int) ([]BulkItem, error) {
	return s.BulkItems(ctx, jobID, BulkPending, limit)
}

// SettleBulkItem records an item's outcome and counts it on its job, and renews the job's
// lease, in one transaction. An item already settled is left as it is.
func (s *Store) SettleBulkItem(ctx context.Context, jobID string, position int, outcome, message string, leaseUntil time.Time) error {
	col := map[string]string{BulkDone: "done", BulkFailed: "failed", BulkSkipped: "skipped"}[outcome]
	if col == "" {
		return fmt.Errorf("store: settle bulk item: unknown outcome %q", outcome)
	}
	if len(message) > 1000 {
		message = message[:997] + "…"
	}
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE bulk_job_items
			SET outcome = ?, message = ?
			WHERE job_id = ? AND position = ? AND outcome = 'pending'`, outcome, message, jobID, position)
		if err != nil {
			return fmt.Errorf("store: settle bulk item: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE bulk_jobs
			SET `+col+` = `+col+` + 1, lease_until = ?
			WHERE id = ?`, leaseUntil.UTC(), jobID); err != nil {
			return fmt.Errorf("store: count bulk item: %w", err)
		}
		return nil
	})
}

// FinishBulkJob ends a job in state (finished or interrupted). Items still pending are
// skipped with message, so the counts add up to the total whatever happened.
func (s *Store) FinishBulkJob(ctx context.Context, jobID, state, message string) error {
	now := s.Now().UTC()
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE bulk_job_items
			SET outcome = 'skipped', message = ?
			WHERE job_id = ? AND outcome = 'pending'`, message, jobID)
		if err != nil {
			return fmt.Errorf("store: finish bulk job: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE bulk_jobs
			SET state = ?, skipped = skipped + ?, finished_at = ?, lease_until = NULL
			WHERE id = ?`, state, n, now, jobID); err != nil {
			return fmt.Errorf("store: finish bulk job: %w", err)
		}
		return nil
	})
}
