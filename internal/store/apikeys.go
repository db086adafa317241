package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/auth"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
)

// ErrBadAPIKey is a key that is unknown or revoked.
var ErrBadAPIKey = errors.New("store: unknown or revoked API key")

// APIKey is a key as the admin pages show it; the key itself is never stored.
type APIKey struct {
	ID                string     `db:"id"`
	Name              string     `db:"name"`
	RoleCode          string     `db:"role"`
	Prefix            string     `db:"key_prefix"`
	ScopeStores       string     `db:"scope_store_ids"`
	ScopeAssignedOnly bool       `db:"scope_assigned_only"`
	CreatedBy         string     `db:"created_by"`
	CreatedByUserID   string     `db:"created_by_user_id"` // empty: made on the command line
	CreatedAt         time.Time  `db:"created_at"`
	LastUsedAt        *time.Time `db:"last_used_at"`
	ExpiresAt         *time.Time `db:"expires_at"`
	RevokedAt         *time.Time `db:"revoked_at"`
	// MakerDisabled: the maker's account is disabled, so the key does not work.
	MakerDisabled bool `db:"maker_disabled"`
}

const apiKeyColumns = `k.id, k.name, k.role, k.key_prefix, k.scope_store_ids, k.scope_assigned_only,
	k.created_by, k.created_by_user_id, k.created_at, k.last_used_at, k.expires_at, k.revoked_at,
	(k.created_by_user_id <> '' AND (m.id IS NULL OR m.disabled_at IS NOT NULL)) AS maker_disabled`

// apiKeyFrom joins each key to its maker.
const apiKeyFrom = `api_keys k LEFT JOIN users m ON m.id = k.created_by_user_id`

// NewAPIKey is a key to make: its name, role, scopes and optional expiry.
type NewAPIKey struct {
	Name         string
	RoleCode     string
	StoreIDs     []string
	AssignedOnly bool
	ExpiresAt    *time.Time // nil: never
}

// CreateAPIKey makes a key acting with the role's permissions and the given scopes, records it
// in the security log, and returns the key: the only time it can be read. A key made by a user
// (by.UserID set) may do no more and see no more stores than that user (auth.CheckGrant), and
// works only while that user's account is enabled.
func (s *Store) CreateAPIKey(ctx context.Context, by Actor, in NewAPIKey) (string, APIKey, error) {
	name, roleCode, storeIDs, assignedOnly := strings.TrimSpace(in.Name), in.RoleCode, in.StoreIDs, in.AssignedOnly
	fe := order.Problems{}
	if err := order.CheckText(name); err != nil {
		fe.Add("name", "The name "+err.Error()+".")
	}
	if name == "" || len([]rune(name)) > 80 {
		fe.Add("name", "Give the key a name of at most 80 characters (the system that uses it).")
	}
	if in.ExpiresAt != nil && !in.ExpiresAt.After(s.Now()) {
		fe.Add("expires", "Pick a day after today, or leave it empty for a key that does not expire.")
	}
	if err := fe.Err(); err != nil {
		return "", APIKey{}, err
	}
	raw := make([]byte, 20)
	if _, err := rand.Read(raw); err != nil {
		return "", APIKey{}, fmt.Errorf("store: api key: %w", err)
	}
	token := "od_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw))
	k := APIKey{
		ID: ids.New(), Name: name, RoleCode: roleCode, Prefix: token[:10],
		ScopeStores: strings.Join(storeIDs, ","), ScopeAssignedOnly: assignedOnly,
		CreatedBy: by.Label, CreatedByUserID: by.UserID, CreatedAt: s.Now(), ExpiresAt: in.ExpiresAt,
	}
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := checkRole(ctx, tx, roleCode); err != nil {
			return err
		}
		if by.UserID != "" {
			if err := s.checkGrant(ctx, tx, by.UserID, auth.Grant{Stores: storeIDs, AssignedOnly: assignedOnly}, roleCode); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO api_keys (id, name, role, key_hash, key_prefix, scope_store_ids, scope_assigned_only,
				created_by, created_by_user_id, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			k.ID, k.Name, k.RoleCode, hashKey(token), k.Prefix, k.ScopeStores, k.ScopeAssignedOnly,
			k.CreatedBy, k.CreatedByUserID, k.CreatedAt, k.ExpiresAt)
		if isDuplicate(err) {
			return order.Problems{"name": "Another key has this name."}
		}
		if err != nil {
			return fmt.Errorf("store: api key: %w", err)
		}
		return s.recordEvent(ctx, tx, by, "apikey.created", "", fmt.Sprintf("%s (%s), role %s", k.Name, k.Prefix, k.RoleCode))
	})
	if err != nil {
		return "", APIKey{}, err
	}
	return token, k, nil
}

// checkGrant refuses, as field errors, a role and scopes beyond those of the user makerID.
func (s *Store) checkGrant(ctx context.Context, tx *sqlx.Tx, makerID string, g auth.Grant, roleCode string) error {
	var maker auth.User
	if err := tx.GetContext(ctx, &maker, `SELECT `+userColumns+` FROM `+userFrom+` WHERE u.id = ?`, makerID); err != nil {
		return fmt.Errorf("store: maker %s: %w", makerID, notFound(err, auth.ErrNotFound))
	}
	role, err := roleOf(ctx, tx, roleCode)
	if err != nil {
		return err
	}
	g.Role = role
	if problems := auth.CheckGrant(maker, g); problems != nil {
		return order.Problems(problems)
	}
	return nil
}

// roleOf reads a role, built in or made on the admin pages.
func roleOf(ctx context.Context, q sqlx.QueryerContext, code string) (auth.Role, error) {
	if r, err := auth.RoleByCode(code); err == nil {
		return r, nil
	}
	var row struct {
		Name        string `db:"name"`
		Permissions string `db:"permissions"`
	}
	if err := sqlx.GetContext(ctx, q, &row, `SELECT name, permissions FROM roles WHERE code = ?`, code); err != nil {
		return auth.Role{}, fmt.Errorf("store: role %s: %w", code, err)
	}
	return auth.Role{Code: code, Name: row.Name, Permissions: auth.ParsePermissions(row.Permissions)}, nil
}

// APIKeys lists the keys, newest first.
func (s *Store) APIKeys(ctx context.Context) ([]APIKey, error) {
	var out []APIKey
	if err := s.db.SelectContext(ctx, &out, `SELECT `+apiKeyColumns+` FROM `+apiKeyFrom+` ORDER BY k.created_at DESC, k.id DESC`); err != nil {
		return nil, fmt.Errorf("store: api keys: %w", err)
	}
	return out, nil
}

// RevokeAPIKey stops a key working, at once, and records it.
func (s *Store) RevokeAPIKey(ctx context.Context, by Actor, id string) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, s.Now(), id)
		if err != nil {
			return fmt.Errorf("store: revoke api key: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrBadAPIKey
		}
		return s.recordEvent(ctx, tx, by, "apikey.revoked", "", id)
	})
}

// APIPrincipal finds the key's holder: a user-shaped principal with the key's role (built in or
// custom) and scopes, id "apikey:<id>" and the key's name. Unknown, revoked and expired keys,
// and keys whose maker is disabled, are ErrBadAPIKey. Last use is recorded at most once a minute.
func (s *Store) APIPrincipal(ctx context.Context, token string) (auth.User, error) {
	var row struct {
		APIKey
		CustomName  string `db:"custom_role_name"`
		CustomPerms string `db:"custom_role_permissions"`
	}
	err := s.db.GetContext(ctx, &row, `
		SELECT `+apiKeyColumns+`, COALESCE(r.name, '') AS custom_role_name, COALESCE(r.permissions, '') AS custom_role_permissions
		FROM `+apiKeyFrom+` LEFT JOIN roles r ON r.code = k.role
		WHERE k.key_hash = ? AND k.revoked_at IS NULL`, hashKey(token))
	if errors.Is(err, sql.ErrNoRows) {
		return auth.User{}, ErrBadAPIKey
	}
	if err != nil {
		return auth.User{}, fmt.Errorf("store: api key: %w", err)
	}
	now := s.Now()
	if row.MakerDisabled || row.ExpiresAt != nil && !now.Before(*row.ExpiresAt) {
		return auth.User{}, ErrBadAPIKey
	}
	if row.LastUsedAt == nil || now.Sub(*row.LastUsedAt) > time.Minute {
		if _, err := s.db.ExecContext(ctx, `UPDATE api_keys SET last_used_at = ? WHERE id = ?`, now, row.ID); err != nil {
			return auth.User{}, fmt.Errorf("store: api key use: %w", err)
		}
	}
	return auth.User{
		ID: "apikey:" + row.ID, Email: row.Name, Name: row.Name, RoleCode: row.RoleCode,
		ScopeStores: row.ScopeStores, ScopeAssignedOnly: row.ScopeAssignedOnly,
		CustomRoleName: row.CustomName, CustomRolePermissions: row.CustomPerms,
	}, nil
}

func hashKey(token string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
	return hex.EncodeToString(sum[:])
}
