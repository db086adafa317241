package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/auth"
)

// ErrBadCredentials is a wrong e-mail or password; which of the two is deliberately not said.
var ErrBadCredentials = errors.New("the e-mail address or password is not right")

// ErrDisabled is a correct password for a disabled account.
var ErrDisabled = errors.New("this account is disabled; ask an administrator")

// ThrottledError refuses a sign-in because of too many recent failures.
type ThrottledError struct {
	Until      time.Time
	PerAddress bool // true: the client address is throttled, not the account
}

func (e *ThrottledError) Error() string {
	what := "this account"
	if e.PerAddress {
		what = "this network address"
	}
	return "too many failed sign-in attempts for " + what
}

// Throttle is the sign-in throttling policy.
type Throttle struct {
	MaxPerAccount int
	MaxPerIP      int
	Window        time.Duration // failures older than this start a new count
	Lockout       time.Duration
}

func accountKey(email string) string { return "account:" + email }
func addressKey(addr string) string  { return "ip:" + addr }

// SignIn reserves a place on the account's and the address's counts before it checks the
// password (refusing when failures and checks in flight together reach either limit), so
// parallel attempts — on one app server or many — never check more passwords than the limit
// allows. A wrong password turns its place into a failure and blocks a count that reached its
// limit; a right one gives its place back and clears the account's failures, but not the
// places of attempts still being checked. The outcome (last login and a security event) is
// recorded in one transaction.
func (s *Store) SignIn(ctx context.Context, policy Throttle, email, password, remoteAddr string) (auth.User, error) {
	email, _ = auth.NormalizeEmail(email) // a malformed address simply matches no account
	account, address := accountKey(email), addressKey(remoteAddr)
	if err := s.reserveAttempt(ctx, policy, account, address); err != nil {
		return auth.User{}, err
	}
	u, err := s.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, auth.ErrNotFound) {
		return auth.User{}, errors.Join(err, s.settleAttempt(ctx, account, address, attemptUndecided))
	}
	// CheckPassword runs bcrypt even for unknown addresses, so timing reveals nothing.
	ok := auth.CheckPassword(u.PasswordHash, password)
	by := Actor{UserID: u.ID, Label: email, Source: SourceDesk, RemoteAddr: remoteAddr}
	if !ok {
		err := s.InTx(ctx, func(tx *sqlx.Tx) error {
			if err := settle(ctx, tx, account, address, attemptFailed); err != nil {
				return err
			}
			now := s.Now()
			for key, max := range map[string]int{account: policy.MaxPerAccount, address: policy.MaxPerIP} {
				if _, err := tx.ExecContext(ctx, `
					UPDATE login_throttle SET blocked_until = ?
					WHERE throttle_key = ? AND failures >= ?`, now.Add(policy.Lockout), key, max); err != nil {
					return fmt.Errorf("store: throttle %s: %w", key, err)
				}
			}
			return s.recordEvent(ctx, tx, by, "signin.failed", u.ID, "")
		})
		return auth.User{}, errors.Join(ErrBadCredentials, err)
	}
	if err := s.settleAttempt(ctx, account, address, attemptRight); err != nil {
		return auth.User{}, err
	}
	// Only the right password learns that the account is disabled.
	if u.DisabledAt != nil {
		return auth.User{}, errors.Join(ErrDisabled, s.InTx(ctx, func(tx *sqlx.Tx) error {
			return s.recordEvent(ctx, tx, by, "signin.disabled", u.ID, "")
		}))
	}
	now := s.Now()
	err = s.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = ? WHERE id = ?`, now, u.ID); err != nil {
			return fmt.Errorf("store: last login: %w", err)
		}
		return s.recordEvent(ctx, tx, by, "signin", u.ID, "")
	})
	if err != nil {
		return auth.User{}, err
	}
	u.LastLoginAt = &now
	return u, nil
}

type throttleRow struct {
	Failures     int        `db:"failures"`
	Checking     int        `db:"checking"`
	WindowStart  time.Time  `db:"window_start"`
	BlockedUntil *time.Time `db:"blocked_until"`
}

// reserveAttempt counts one attempt on both keys in one short transaction, with the rows
// locked (account first, then address, always in that order), or refuses with a
// *ThrottledError when a key is blocked or its attempts in this window reached the limit.
func (s *Store) reserveAttempt(ctx context.Context, policy Throttle, account, address string) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		now := s.Now()
		type counted struct {
			key string
			row throttleRow
		}
		var rows []counted
		for _, k := range []struct {
			key  string
			max  int
			addr bool
		}{{account, policy.MaxPerAccount, false}, {address, policy.MaxPerIP, true}} {
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO login_throttle (throttle_key, failures, window_start, blocked_until)
				VALUES (?, 0, ?, NULL)
				ON DUPLICATE KEY UPDATE throttle_key = throttle_key`, k.key, now); err != nil {
				return fmt.Errorf("store: throttle %s: %w", k.key, err)
			}
			var row throttleRow
			if err := tx.GetContext(ctx, &row, `
				SELECT failures, checking, window_start, blocked_until
				FROM login_throttle
				WHERE throttle_key = ?
				FOR UPDATE`, k.key); err != nil {
				return fmt.Errorf("store: throttle %s: %w", k.key, err)
			}
			if row.BlockedUntil != nil && row.BlockedUntil.After(now) {
				return &ThrottledError{Until: *row.BlockedUntil, PerAddress: k.addr}
			}
			if now.Sub(row.WindowStart) > policy.Window || row.BlockedUntil != nil {
				// A new window, or a lockout that has passed. A check takes a second, so places
				// older than the window belong to attempts that never finished (a crash).
				row = throttleRow{WindowStart: now}
			}
			if row.Failures+row.Checking >= k.max {
				// The limit is taken by failures and attempts still being checked.
				return &ThrottledError{Until: now.Add(policy.Lockout), PerAddress: k.addr}
			}
			row.Checking++
			rows = append(rows, counted{k.key, row})
		}
		for _, c := range rows {
			if _, err := tx.ExecContext(ctx, `
				UPDATE login_throttle
				SET failures = ?, checking = ?, window_start = ?, blocked_until = NULL
				WHERE throttle_key = ?`, c.row.Failures, c.row.Checking, c.row.WindowStart, c.key); err != nil {
				return fmt.Errorf("store: throttle %s: %w", c.key, err)
			}
		}
		return nil
	})
}

// The outcomes of a reserved attempt.
type attemptOutcome int

const (
	attemptFailed    attemptOutcome = iota // a wrong password: the place becomes a failure
	attemptRight                           // the place is given back; the account's failures are cleared
	attemptUndecided                       // the check could not be made: the place is given back
)

// settleAttempt settles a reserved attempt in its own transaction.
func (s *Store) settleAttempt(ctx context.Context, account, address string, outcome attemptOutcome) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error { return settle(ctx, tx, account, address, outcome) })
}

// settle turns an attempt's places on both keys into its outcome.
func settle(ctx context.Context, tx *sqlx.Tx, account, address string, outcome attemptOutcome) error {
	for _, key := range []string{account, address} {
		failures := "failures"
		switch {
		case outcome == attemptFailed:
			failures = "failures + 1"
		case outcome == attemptRight && key == account:
			failures = "0"
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE login_throttle
			SET checking = IF(checking > 0, checking - 1, 0), failures = `+failures+`
			WHERE throttle_key = ?`, key); err != nil {
			return fmt.Errorf("store: settle throttle %s: %w", key, err)
		}
	}
	return nil
}
