package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/auth"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
)

// userColumns and userFrom read a user with their custom role, if they have one, in one query.
const userColumns = `
	u.id, u.email, u.name, u.password_hash, u.role, u.session_epoch,
	u.disabled_at, u.last_login_at, u.created_at, u.updated_at, u.scope_store_ids, u.scope_assigned_only,
	COALESCE(r.name, '') AS custom_role_name, COALESCE(r.permissions, '') AS custom_role_permissions`

const userFrom = `users u LEFT JOIN roles r ON r.code = u.role`

// NewUser is what creating an account needs.
type NewUser struct {
	Email    string
	Name     string
	Password string
	RoleCode string
}

// Validate normalizes the input and says what is wrong with it, field by field.
func (n *NewUser) Validate() map[string]string {
	problems := map[string]string{}
	for field, v := range map[string]string{"email": n.Email, "name": n.Name} {
		if err := order.CheckText(v); err != nil {
			problems[field] = field + " " + err.Error()
		}
	}
	if len(problems) > 0 {
		return problems
	}
	email, err := auth.NormalizeEmail(n.Email)
	if err != nil {
		problems["email"] = err.Error()
	}
	n.Email = email
	if err := auth.ValidatePassword(n.Password); err != nil {
		problems["password"] = err.Error()
	}
	if n.RoleCode == "" {
		problems["role"] = "choose a role"
	}
	if n.Name == "" {
		n.Name = n.Email
	}
	if len(n.Name) > 200 {
		problems["name"] = "name must be at most 200 characters"
	}
	return problems
}

// CreateUser adds an account and records who added it, in one transaction. The input must have
// passed Validate.
func (s *Store) CreateUser(ctx context.Context, by Actor, in NewUser) (auth.User, error) {
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return auth.User{}, err
	}
	now := s.Now()
	u := auth.User{
		ID: ids.New(), Email: in.Email, Name: in.Name, PasswordHash: hash, RoleCode: in.RoleCode,
		SessionEpoch: 1, CreatedAt: now, UpdatedAt: now,
	}
	err = s.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := checkRole(ctx, tx, u.RoleCode); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO users (id, email, name, password_hash, role, session_epoch, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			u.ID, u.Email, u.Name, u.PasswordHash, u.RoleCode, u.SessionEpoch, u.CreatedAt, u.UpdatedAt)
		if isDuplicate(err) {
			return auth.ErrEmailTaken
		}
		if err != nil {
			return fmt.Errorf("store: insert user: %w", err)
		}
		return s.recordEvent(ctx, tx, by, "user.created", u.ID, "role "+u.RoleCode+", e-mail "+u.Email)
	})
	if err != nil {
		return auth.User{}, err
	}
	return u, nil
}

// User loads an account by id.
func (s *Store) User(ctx context.Context, id string) (auth.User, error) {
	var u auth.User
	err := s.db.GetContext(ctx, &u, `SELECT `+userColumns+` FROM `+userFrom+` WHERE u.id = ?`, id)
	if err != nil {
		return auth.User{}, fmt.Errorf("store: user %s: %w", id, notFound(err, auth.ErrNotFound))
	}
	return u, nil
}

// UserByEmail loads an account by its (normalized) e-mail address.
func (s *Store) UserByEmail(ctx context.Context, email string) (auth.User, error) {
	var u auth.User
	err := s.db.GetContext(ctx, &u, `SELECT `+userColumns+` FROM `+userFrom+` WHERE u.email = ?`, email)
	if err != nil {
		return auth.User{}, fmt.Errorf("store: user %s: %w", email, notFound(err, auth.ErrNotFound))
	}
	return u, nil
}

// CountUsers tells whether any account exists (the seed uses it to detect a first run).
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT COUNT(*) FROM users`); err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

// RevokeSessions signs a user out everywhere by raising the session epoch every cookie carries
// and ending their open sessions.
func (s *Store) RevokeSessions(ctx context.Context, by Actor, userID string) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := s.endSessions(ctx, tx, userID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `
			UPDATE users SET session_epoch = session_epoch + 1, updated_at = ?
			WHERE id = ?`, s.Now(), userID)
		if err != nil {
			return fmt.Errorf("store: revoke sessions: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return auth.ErrNotFound
		}
		return s.recordEvent(ctx, tx, by, "user.sessions_revoked", userID, "")
	})
}

// SetUserScope limits a user to some stores (none: every store) and, when assignedOnly, to the
// orders assigned to them; recorded in the security log in the same transaction. Store ids
// are checked against the known stores.
func (s *Store) SetUserScope(ctx context.Context, by Actor, userID string, storeIDs []string, assignedOnly bool) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		if len(storeIDs) > 0 {
			var known []string
			query, args, err := sqlx.In(`SELECT id FROM stores WHERE id IN (?)`, storeIDs)
			if err != nil {
				return fmt.Errorf("store: user scope: %w", err)
			}
			if err := tx.SelectContext(ctx, &known, tx.Rebind(query), args...); err != nil {
				return fmt.Errorf("store: user scope: %w", err)
			}
			for _, id := range storeIDs {
				if !slices.Contains(known, id) {
					return order.Problems{"stores": fmt.Sprintf("there is no store %q", id)}
				}
			}
		}
		list := strings.Join(storeIDs, ",")
		res, err := tx.ExecContext(ctx, `
			UPDATE users SET scope_store_ids = ?, scope_assigned_only = ?, updated_at = ?
			WHERE id = ?`, list, assignedOnly, s.Now(), userID)
		if err != nil {
			return fmt.Errorf("store: user scope: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var exists int
			if err := tx.GetContext(ctx, &exists, `SELECT COUNT(*) FROM users WHERE id = ?`, userID); err != nil || exists == 0 {
				return auth.ErrNotFound
			}
		}
		detail := fmt.Sprintf("stores=%q assigned_only=%v", list, assignedOnly)
		return s.recordEvent(ctx, tx, by, "user.scope_changed", userID, detail)
	})
}

// Users lists every account by name.
func (s *Store) Users(ctx context.Context) ([]auth.User, error) {
	var out []auth.User
	if err := s.db.SelectContext(ctx, &out, `SELECT `+userColumns+` FROM `+userFrom+` ORDER BY u.name, u.email`); err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	return out, nil
}

// UpdateUser changes a user's name and role, audited in the same transaction. A role change
// signs the user out everywhere, so the new rights apply at once.
func (s *Store) UpdateUser(ctx context.Context, by Actor, userID, name, roleCode string) error {
	if err := order.CheckText(name); err != nil {
		return order.Problems{"name": "The name " + err.Error() + "."}
	}
	if name = strings.TrimSpace(name); name == "" || len(name) > 200 {
		return order.Problems{"name": "Give a name of at most 200 characters."}
	}
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := checkRole(ctx, tx, roleCode); err != nil {
			return err
		}
		var before auth.User
		if err := tx.GetContext(ctx, &before, `SELECT `+userColumns+` FROM `+userFrom+` WHERE u.id = ? FOR UPDATE`, userID); err != nil {
			return notFound(err, auth.ErrNotFound)
		}
		epoch := before.SessionEpoch
		if before.RoleCode != roleCode {
			epoch++
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE users SET name = ?, role = ?, session_epoch = ?, updated_at = ? WHERE id = ?`,
			name, roleCode, epoch, s.Now(), userID); err != nil {
			return fmt.Errorf("store: update user: %w", err)
		}
		detail := fmt.Sprintf("name %q → %q, role %s → %s", before.Name, name, before.RoleCode, roleCode)
		return s.recordEvent(ctx, tx, by, "user.updated", userID, detail)
	})
}

// SetUserDisabled disables (signing the user out everywhere) or re-enables an account.
func (s *Store) SetUserDisabled(ctx context.Context, by Actor, userID string, disabled bool) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		var at any
		action := "user.enabled"
		if disabled {
			at, action = s.Now(), "user.disabled"
		}
		res, err := tx.ExecContext(ctx, `
			UPDATE users SET disabled_at = ?, session_epoch = session_epoch + 1, updated_at = ?
			WHERE id = ?`, at, s.Now(), userID)
		if err != nil {
			return fmt.Errorf("store: disable user: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return auth.ErrNotFound
		}
		return s.recordEvent(ctx, tx, by, action, userID, "")
	})
}

// SetUserPassword sets a new password (an administrator's reset) and signs the user out
// everywhere.
func (s *Store) SetUserPassword(ctx context.Context, by Actor, userID, password string) error {
	hash, err := auth.HashPassword(password)
	if err != nil {
		return order.Problems{"password": err.Error()}
	}
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE users SET password_hash = ?, session_epoch = session_epoch + 1, updated_at = ?
			WHERE id = ?`, hash, s.Now(), userID)
		if err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return auth.ErrNotFound
		}
		return s.recordEvent(ctx, tx, by, "user.password_reset", userID, "")
	})
}
