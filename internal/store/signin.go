package store

import (
	"context"
	"database/sql"
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

// SignIn checks the throttles, the password and the account, and records the outcome (the
// failure count, last login and a security event) in one transaction.
func (s *Store) SignIn(ctx context.Context, policy Throttle, email, password, remoteAddr string) (auth.User, error) {
	email, _ = auth.NormalizeEmail(email) // a malformed address simply matches no account
	if err := s.checkThrottle(ctx, email, remoteAddr); err != nil {
		return auth.User{}, err
	}
	u, err := s.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, auth.ErrNotFound) {
		return auth.User{}, err
	}
	// CheckPassword runs bcrypt even for unknown addresses, so timing reveals nothing.
	ok := auth.CheckPassword(u.PasswordHash, password)
	by := Actor{UserID: u.ID, Label: email, Source: SourceDesk, RemoteAddr: remoteAddr}
	if !ok {
		err := s.InTx(ctx, func(tx *sqlx.Tx) error {
			if err := s.countFailure(ctx, tx, accountKey(email), policy.MaxPerAccount, policy); err != nil {
				return err
			}
			if err := s.countFailure(ctx, tx, addressKey(remoteAddr), policy.MaxPerIP, policy); err != nil {
				return err
			}
			return s.recordEvent(ctx, tx, by, "signin.failed", u.ID, "")
		})
		return auth.User{}, errors.Join(ErrBadCredentials, err)
	}
	if u.DisabledAt != nil {
		return auth.User{}, errors.Join(ErrDisabled, s.InTx(ctx, func(tx *sqlx.Tx) error {
			return s.recordEvent(ctx, tx, by, "signin.disabled", u.ID, "")
		}))
	}
	now := s.Now()
	err = s.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_throttle WHERE throttle_key = ?`, accountKey(email)); err != nil {
			return fmt.Errorf("store: clear throttle: %w", err)
		}
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

func (s *Store) checkThrottle(ctx context.Context, email, remoteAddr string) error {
	var rows []struct {
		Key          string     `db:"throttle_key"`
		BlockedUntil *time.Time `db:"blocked_until"`
	}
	err := s.db.SelectContext(ctx, &rows, `
		SELECT throttle_key, blocked_until
		FROM login_throttle
		WHERE throttle_key IN (?, ?) AND blocked_until > ?`,
		accountKey(email), addressKey(remoteAddr), s.Now())
	if err != nil {
		return fmt.Errorf("store: throttle: %w", err)
	}
	var worst *ThrottledError
	for _, r := range rows {
		if worst == nil || r.BlockedUntil.After(worst.Until) {
			worst = &ThrottledError{Until: *r.BlockedUntil, PerAddress: r.Key == addressKey(remoteAddr)}
		}
	}
	if worst != nil {
		return worst
	}
	return nil
}

// countFailure adds one failure to key's count, starting a new window when the old one has
// passed, and blocks the key once the count reaches max.
func (s *Store) countFailure(ctx context.Context, tx *sqlx.Tx, key string, max int, policy Throttle) error {
	now := s.Now()
	var cur struct {
		Failures    int       `db:"failures"`
		WindowStart time.Time `db:"window_start"`
	}
	err := tx.GetContext(ctx, &cur, `
		SELECT failures, window_start FROM login_throttle WHERE throttle_key = ? FOR UPDATE`, key)
	switch {
	case errors.Is(err, sql.ErrNoRows) || err == nil && now.Sub(cur.WindowStart) > policy.Window:
		cur.Failures, cur.WindowStart = 1, now
	case err != nil:
		return fmt.Errorf("store: throttle %s: %w", key, err)
	default:
		cur.Failures++
	}
	var blockedUntil *time.Time
	if cur.Failures >= max {
		t := now.Add(policy.Lockout)
		blockedUntil = &t
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO login_throttle (throttle_key, failures, window_start, blocked_until)
		VALUES (?, ?, ?, ?)
		ON DUPLICATE KEY UPDATE
			failures = VALUES(failures),
			window_start = VALUES(window_start),
			blocked_until = VALUES(blocked_until)`,
		key, cur.Failures, cur.WindowStart, blockedUntil)
	if err != nil {
		return fmt.Errorf("store: throttle %s: %w", key, err)
	}
	return nil
}
