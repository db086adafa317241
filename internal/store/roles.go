package store

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
)

var roleCode = regexp.MustCompile(`^[a-z][a-z0-9-]{1,39}$`)

// Roles lists the roles administrators made, by name (the built-in ones are auth.BuiltinRoles).
func (s *Store) Roles(ctx context.Context) ([]auth.Role, error) {
	var rows []struct {
		Code        string `db:"code"`
		Name        string `db:"name"`
		Permissions string `db:"permissions"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT code, name, permissions FROM roles ORDER BY name, code`); err != nil {
		return nil, fmt.Errorf("store: roles: %w", err)
	}
	out := make([]auth.Role, len(rows))
	for i, r := range rows {
		out[i] = auth.Role{Code: r.Code, Name: r.Name, Permissions: auth.ParsePermissions(r.Permissions)}
	}
	return out, nil
}

// SaveRole creates a role or changes one administrators made (built-in roles are fixed), and
// records it in the security log in the same transaction. Users of a changed role get its new
// permissions on their next request.
func (s *Store) SaveRole(ctx context.Context, by Actor, r auth.Role) error {
	r.Code, r.Name = strings.ToLower(strings.TrimSpace(r.Code)), strings.TrimSpace(r.Name)
	fe := order.Problems{}
	switch {
	case !roleCode.MatchString(r.Code):
		fe.Add("code", "Use 2 to 40 lower-case letters, digits or dashes, starting with a letter.")
	case auth.IsBuiltinRole(r.Code):
		fe.Add("code", "This is a built-in role; built-in roles cannot be changed.")
	}
	if r.Name == "" || len([]rune(r.Name)) > 80 {
		fe.Add("name", "Give a name of at most 80 characters.")
	}
	if len(r.Permissions) == 0 {
		fe.Add("permissions", "Tick at least one permission.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	perms := make([]string, len(r.Permissions))
	for i, p := range r.Permissions {
		perms[i] = string(p)
	}
	now := s.Now()
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `
			INSERT INTO roles (code, name, permissions, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?)
			ON DUPLICATE KEY UPDATE name = VALUES(name), permissions = VALUES(permissions), updated_at = VALUES(updated_at)`,
			r.Code, r.Name, strings.Join(perms, ","), now, now)
		if err != nil {
			return fmt.Errorf("store: save role: %w", err)
		}
		action := "role.updated"
		if n, _ := res.RowsAffected(); n == 1 {
			action = "role.created"
		}
		return s.recordEvent(ctx, tx, by, action, "", fmt.Sprintf("%s %q: %s", r.Code, r.Name, strings.Join(perms, ",")))
	})
}

// checkRole says whether code names a built-in role or one administrators made.
func checkRole(ctx context.Context, q sqlx.QueryerContext, code string) error {
	if auth.IsBuiltinRole(code) {
		return nil
	}
	var n int
	if err := sqlx.GetContext(ctx, q, &n, `SELECT COUNT(*) FROM roles WHERE code = ?`, code); err != nil {
		return fmt.Errorf("store: role %s: %w", code, err)
	}
	if n == 0 {
		return order.Problems{"role": fmt.Sprintf("unknown role %q (built in: %s; or a role made on the admin pages)",
			code, strings.Join(auth.RoleCodes(), ", "))}
	}
	return nil
}
