// Package store is all of orderdesk's SQL: explicit columns, one transaction per use case.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jmoiron/sqlx"

	"orderdesk/internal/audit"
	"orderdesk/internal/order"
)

// Store reads and writes the database.
type Store struct {
	db    *sqlx.DB
	now   func() time.Time
	rules Rules

	retries atomic.Int64 // transactions run again after a transient failure (see InTx)
}

// Rules are the configurable business rules every order write is checked against.
type Rules struct {
	Statuses     order.StatusRules
	MaxDocuments int               // per order, counting the order, shipments, payments, captures, refunds; 0 = no limit
	Reasons      audit.ReasonRules // which edits must say why (enforced in history.go)
}

// DefaultRules are Virto's: its status dictionaries, free transitions, 20 documents per order.
func DefaultRules() Rules {
	return Rules{Statuses: order.DefaultStatusRules(), MaxDocuments: order.DefaultMaxOrderDocumentCount,
		Reasons: audit.DefaultReasonRules()}
}

// New wraps a connection pool. now is the clock (tests pass a fake one); nil means time.Now.
// Writes are checked against DefaultRules until SetRules says otherwise.
func New(db *sqlx.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: db, now: now, rules: DefaultRules()}
}

// SetRules replaces the business rules (from the configuration). Call it before serving.
func (s *Store) SetRules(r Rules) { s.rules = r }

// Rules returns the business rules in force.
func (s *Store) Rules() Rules { return s.rules }

// DB exposes the pool for health checks and tests.
func (s *Store) DB() *sqlx.DB { return s.db }

// Now is the store's clock, in UTC with microseconds (what DATETIME(6) keeps).
func (s *Store) Now() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Ping checks the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// InTx runs fn in a transaction: commit when it returns nil, roll back on an error or a panic.
// A transient failure (see isTransient) rolls back and runs fn again from the start, up to
// maxAttempts times with a jittered wait, so fn must start from its inputs on every call: it
// may not keep what an earlier attempt wrote into variables outside it.
//
// Under an IdempotentCall (an API write with an Idempotency-Key) fn joins the call's one
// transaction instead, without retrying: the call as a whole is run again (see IdempotentCall).
func (s *Store) InTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	if c := idempotentCallOf(ctx); c != nil && c.store == s {
		return c.run(ctx, fn)
	}
	var err error
	for attempt := 1; ; attempt++ {
		err = s.inTxOnce(ctx, fn)
		if !isTransient(err) || attempt == maxAttempts {
			return err
		}
		s.retries.Add(1)
		if werr := waitBeforeRetry(ctx, attempt); werr != nil {
			return errors.Join(err, werr)
		}
	}
}

// WaitBeforeRetry is InTx's jittered wait before attempt+1, for callers that run a whole
// request again (an API write under an idempotency key).
func WaitBeforeRetry(ctx context.Context, attempt int) error { return waitBeforeRetry(ctx, attempt) }

// Retries counts the transactions run again after a transient failure since the store was made.
func (s *Store) Retries() int64 { return s.retries.Load() }

// maxAttempts bounds InTx's attempts: enough to get through a burst of deadlocks between a few
// dozen writers, few enough that a database that keeps refusing answers within a second or so.
const maxAttempts = 6

// waitBeforeRetry sleeps a random time up to 10 ms × 2^(attempt-1) (full jitter, at most
// 160 ms), so transactions that collided do not collide again in step.
func waitBeforeRetry(ctx context.Context, attempt int) error {
	ceiling := 10 * time.Millisecond << (attempt - 1)
	t := time.NewTimer(rand.N(ceiling) + time.Millisecond)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (s *Store) inTxOnce(ctx context.Context, fn func(tx *sqlx.Tx) error) (err error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil {
			return errors.Join(err, fmt.Errorf("store: rollback: %w", rbErr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		if commitLost(err) {
			return fmt.Errorf("store: commit: %w", errors.Join(ErrOutcomeUnknown, err))
		}
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// MySQL and MariaDB errors after which the whole transaction was rolled back (or never
// committed) and running it again can succeed.
const (
	errLockDeadlock    = 1213 // ER_LOCK_DEADLOCK; also Galera's certification failure at COMMIT
	errLockWaitTimeout = 1205 // ER_LOCK_WAIT_TIMEOUT (rolls back the statement; we roll back the rest)
	errCheckRead       = 1020 // ER_CHECKREAD: MariaDB's snapshot isolation saw a newer row
	errEngine          = 1030 // ER_GET_ERRNO: "Got error N from storage engine"
	errFTSDocID        = 182  // InnoDB's "Invalid InnoDB FTS Doc ID", under concurrent full-text writes
)

// isTransient reports whether err is a failure of the moment that a fresh attempt of the same
// transaction can get past: a deadlock victim (on Galera also a certification conflict, which
// is reported as a deadlock), a lock wait timeout, a row changed under a snapshot, or InnoDB's
// full-text document id race. A lost connection is not among them: a COMMIT cut off may have
// been applied, and running it again could save twice.
func isTransient(err error) bool {
	var me *mysql.MySQLError
	if !errors.As(err, &me) {
		return false
	}
	switch me.Number {
	case errLockDeadlock, errLockWaitTimeout, errCheckRead, errFTSDocID:
		return true
	case errEngine:
		return strings.Contains(me.Message, "182") || strings.Contains(me.Message, "FTS Doc ID")
	}
	return strings.Contains(me.Message, "Invalid InnoDB FTS Doc ID")
}

// isDuplicate reports whether err is a unique-key violation.
func isDuplicate(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && me.Number == 1062
}

func notFound(err error, sentinel error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return sentinel
	}
	return err
}
