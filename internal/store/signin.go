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

// SignIn reserves a failure on the account's and the address's counts before it checks the
// password (refusing when either is at its limit), so parallel attempts — on one app server or
// many — never check more passwords than the limit allows. A right password gives its
// reservation back; a wrong one keeps it and blocks a count that reached its limit. The outcome
// (last login and a security event) is recorded in one transaction.
func (s *Store) SignIn(ctx context.Context, policy Throttle, email, password, remoteAddr string) (auth.User, error) {
	email, _ = auth.NormalizeEmail(email) // a malformed address simply matches no account
	account, address := accountKey(email), addressKey(remoteAddr)
	if err := s.reserveAttempt(ctx, policy, account, address); err != nil {
		return auth.User{}, err
	}
	u, err := s.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, auth.ErrNotFound) {
		return auth.User{}, errors.Join(err, s.releaseAttempt(ctx, account, address))
	}
	// CheckPassword runs bcrypt even for unknown addresses, so timing reveals nothing.
	ok := auth.CheckPassword(u.PasswordHash, password)
	by := Actor{UserID: u.ID, Label: email, Source: SourceDesk, RemoteAddr: remoteAddr}
	if !ok {
		err := s.InTx(ctx, func(tx *sqlx.Tx) error {
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
	if err := s.releaseAttempt(ctx, account, address); err != nil {
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
				SELECT failures, window_start, blocked_until
				FROM login_throttle
				WHERE throttle_key = ?
				FOR UPDATE`, k.key); err != nil {
				return fmt.Errorf("store: throttle %s: %w", k.key, err)
			}
			if row.BlockedUntil != nil && row.BlockedUntil.After(now) {
				return &ThrottledError{Until: *row.BlockedUntil, PerAddress: k.addr}
			}
			if now.Sub(row.WindowStart) > policy.Window || row.BlockedUntil != nil {
				row = throttleRow{WindowStart: now} // a new window, or a lockout that has passed
			}
			if row.Failures >= k.max {
				// The limit is taken by attempts still being checked.
				return &ThrottledError{Until: now.Add(policy.Lockout), PerAddress: k.addr}
			}
			row.Failures++
			rows = append(rows, counted{k.key, row})
		}
		for _, c := range rows {
			if _, err := tx.ExecContext(ctx, `
				UPDATE login_throttle
				SET failures = ?, window_start = ?, blocked_until = NULL
				WHERE throttle_key = ?`, c.row.Failures, c.row.WindowStart, c.key); err != nil {
				return fmt.Errorf("store: throttle %s: %w", c.key, err)
			}
		}
		return nil
	})
}

// releaseAttempt gives back a right password's reservation: the account starts afresh, the
// address loses the one attempt.
func (s *Store) releaseAttempt(ctx context.Context, account, address string) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_throttle WHERE throttle_key = ?`, account); err != nil {
			return fmt.Errorf("store: clear throttle: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE login_throttle SET failures = IF(failures > 0, failures - 1, 0)
			WHERE throttle_key = ?`, address); err != nil {
			return fmt.Errorf("store: release throttle: %w", err)
		}
		return nil
	})
}
