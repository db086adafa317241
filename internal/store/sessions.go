package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/auth"
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

// SessionUser loads the account signed in by session id of userID, in one query: every
// signed-in request asks, so the account and its session are read together. It answers
// auth.ErrNotFound when the account is gone or the session does not exist or has ended.
func (s *Store) SessionUser(ctx context.Context, id, userID string) (auth.User, error) {
	var u auth.User
	err := s.db.GetContext(ctx, &u, `
		SELECT `+userColumns+`
		FROM `+userFrom+`
		JOIN user_sessions us ON us.user_id = u.id AND us.id = ? AND us.ended_at IS NULL
		WHERE u.id = ?`, id, userID)
	if err != nil {
		return auth.User{}, fmt.Errorf("store: session of %s: %w", userID, notFound(err, auth.ErrNotFound))
	}
	return u, nil
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
