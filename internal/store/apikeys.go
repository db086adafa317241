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
	CreatedAt         time.Time  `db:"created_at"`
	LastUsedAt        *time.Time `db:"last_used_at"`
	RevokedAt         *time.Time `db:"revoked_at"`
}

const apiKeyColumns = `k.id, k.name, k.role, k.key_prefix, k.scope_store_ids, k.scope_assigned_only,
	k.created_by, k.created_at, k.last_used_at, k.revoked_at`

// CreateAPIKey makes a key acting with roleCode's permissions and the given scopes, records it
// in the security log, and returns the key: the only time it can be read.
func (s *Store) CreateAPIKey(ctx context.Context, by Actor, name, roleCode string, storeIDs []string, assignedOnly bool) (string, APIKey, error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 80 {
		return "", APIKey{}, order.FieldErrors{"name": "Give the key a name of at most 80 characters (the system that uses it)."}
	}
	raw := make([]byte, 20)
	if _, err := rand.Read(raw); err != nil {
		return "", APIKey{}, fmt.Errorf("store: api key: %w", err)
	}
	token := "od_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw))
	k := APIKey{
		ID: ids.New(), Name: name, RoleCode: roleCode, Prefix: token[:10],
		ScopeStores: strings.Join(storeIDs, ","), ScopeAssignedOnly: assignedOnly,
		CreatedBy: by.Label, CreatedAt: s.Now(),
	}
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := checkRole(ctx, tx, roleCode); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO api_keys (id, name, role, key_hash, key_prefix, scope_store_ids, scope_assigned_only, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			k.ID, k.Name, k.RoleCode, hashKey(token), k.Prefix, k.ScopeStores, k.ScopeAssignedOnly, k.CreatedBy, k.CreatedAt)
		if isDuplicate(err) {
			return order.FieldErrors{"name": "Another key has this name."}
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

// APIKeys lists the keys, newest first.
func (s *Store) APIKeys(ctx context.Context) ([]APIKey, error) {
	var out []APIKey
	if err := s.db.SelectContext(ctx, &out, `SELECT `+apiKeyColumns+` FROM api_keys k ORDER BY k.created_at DESC, k.id DESC`); err != nil {
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
// custom) and scopes, id "apikey:<id>" and the key's name. Unknown and revoked keys are
// ErrBadAPIKey. Last use is recorded at most once a minute.
func (s *Store) APIPrincipal(ctx context.Context, token string) (auth.User, error) {
	var row struct {
		APIKey
		CustomName  string `db:"custom_role_name"`
		CustomPerms string `db:"custom_role_permissions"`
	}
	err := s.db.GetContext(ctx, &row, `
		SELECT `+apiKeyColumns+`, COALESCE(r.name, '') AS custom_role_name, COALESCE(r.permissions, '') AS custom_role_permissions
		FROM api_keys k LEFT JOIN roles r ON r.code = k.role
		WHERE k.key_hash = ? AND k.revoked_at IS NULL`, hashKey(token))
	if errors.Is(err, sql.ErrNoRows) {
		return auth.User{}, ErrBadAPIKey
	}
	if err != nil {
		return auth.User{}, fmt.Errorf("store: api key: %w", err)
	}
	now := s.Now()
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
