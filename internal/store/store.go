// Package store is all of orderdesk's SQL: explicit columns, one transaction per use case.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
func (s *Store) InTx(ctx context.Context, fn func(tx *sqlx.Tx) error) (err error) {
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
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// inTxRetrying is InTx for work that may run again from the start: queue claims, whose closures
// only read into fresh slices. InnoDB may pick such a transaction as a deadlock victim when
// several workers claim at once; it is retried up to three times before the error is returned.
func (s *Store) inTxRetrying(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	var err error
	for attempt := 0; attempt < 4; attempt++ {
		if err = s.InTx(ctx, fn); !isDeadlock(err) {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 10 * time.Millisecond)
	}
	return err
}

// isDeadlock reports whether err is InnoDB choosing this transaction as a deadlock victim.
func isDeadlock(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && me.Number == 1213
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
