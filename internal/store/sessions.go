package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/ids"
)

// OpenSession records a new sign-in session of userID and returns its id, which the cookie
// carries.
func (s *Store) OpenSession(ctx context.Context, userID string) (string, error) {
	id := ids.New()
	if _, err := s.db.ExecContext(ctx, `
		INSERT INTO user_sessions (id, user_id, created_at)
		VALUES (?, ?, ?)`, id, userID, s.Now()); err != nil {
		return "", fmt.Errorf("store: open session: %w", err)
	}
	return id, nil
}

// SessionOpen says whether session id of userID exists and has not ended.
func (s *Store) SessionOpen(ctx context.Context, id, userID string) (bool, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `
		SELECT COUNT(*) FROM user_sessions
		WHERE id = ? AND user_id = ? AND ended_at IS NULL`, id, userID); err != nil {
		return false, fmt.Errorf("store: session: %w", err)
	}
	return n == 1, nil
}

// SignOut ends session id of the actor, and records it, in one transaction.
func (s *Store) SignOut(ctx context.Context, by Actor, sessionID string) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			UPDATE user_sessions SET ended_at = ?
			WHERE id = ? AND user_id = ? AND ended_at IS NULL`, s.Now(), sessionID, by.UserID); err != nil {
			return fmt.Errorf("store: sign out: %w", err)
		}
		return s.recordEvent(ctx, tx, by, "signout", by.UserID, "")
	})
}

// endSessions ends every open session of userID inside tx.
func (s *Store) endSessions(ctx context.Context, tx *sqlx.Tx, userID string) error {
	if _, err := tx.ExecContext(ctx, `
		UPDATE user_sessions SET ended_at = ?
		WHERE user_id = ? AND ended_at IS NULL`, s.Now(), userID); err != nil {
		return fmt.Errorf("store: end sessions: %w", err)
	}
	return nil
}
