package auth

import (
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// ErrNotFound is returned when a user does not exist.
var ErrNotFound = errors.New("user not found")

// ErrEmailTaken is returned when another user has the e-mail address.
var ErrEmailTaken = errors.New("e-mail address already in use")

// User is a staff account.
type User struct {
	ID           string     `db:"id"`
	Email        string     `db:"email"`
	Name         string     `db:"name"`
	PasswordHash string     `db:"password_hash"`
	RoleCode     string     `db:"role"`
	SessionEpoch uint32     `db:"session_epoch"`
	DisabledAt   *time.Time `db:"disabled_at"`
	LastLoginAt  *time.Time `db:"last_login_at"`
	CreatedAt    time.Time  `db:"created_at"`
	UpdatedAt    time.Time  `db:"updated_at"`
	// ScopeStores is a comma-separated list of store ids; empty means every store.
	ScopeStores string `db:"scope_store_ids"`
	// ScopeAssignedOnly limits the user to the orders assigned to them.
	ScopeAssignedOnly bool `db:"scope_assigned_only"`
	// CustomRole is the user's role when it is not built in (loaded with the user).
	CustomRoleName        string `db:"custom_role_name"`
	CustomRolePermissions string `db:"custom_role_permissions"`
}

// StoreScope lists the stores the user is limited to; nil means every store.
func (u User) StoreScope() []string {
	var out []string
	for _, id := range strings.Split(u.ScopeStores, ",") {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// InScope says whether an order of storeID assigned to assigneeID is within the user's scopes.
// Both scopes must hold (AND), the same rule the list queries apply in SQL.
func (u User) InScope(storeID, assigneeID string) bool {
	if stores := u.StoreScope(); len(stores) > 0 && !slices.Contains(stores, storeID) {
		return false
	}
	return !u.ScopeAssignedOnly || assigneeID == u.ID
}

// Role returns the user's role: built in, or made by an administrator; an unknown code grants
// nothing.
func (u User) Role() Role {
	if r, err := RoleByCode(u.RoleCode); err == nil {
		return r
	}
	if u.CustomRoleName != "" {
		return Role{Code: u.RoleCode, Name: u.CustomRoleName, Permissions: ParsePermissions(u.CustomRolePermissions)}
	}
	return Role{Code: u.RoleCode, Name: u.RoleCode}
}

// Can reports whether the user holds p.
func (u User) Can(p Permission) bool { return u.DisabledAt == nil && u.Role().Has(p) }

// FieldFirst says the user's work is field mode: their role takes shipment steps but edits
// no order at the desk. (Field staff may read orders, so "may open the desk list" alone would
// not tell them apart; the desk's own work is order:update.) They start in field mode.
func (u User) FieldFirst() bool { return u.Can(OrderUpdateShipments) && !u.Can(OrderUpdate) }

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 8

// bcrypt looks at the first 72 bytes only; longer passwords are refused rather than truncated.
const maxPasswordBytes = 72

// PasswordCost is bcrypt's work factor; tests lower it to stay fast.
var PasswordCost = 12

// HashPassword returns the bcrypt hash of a password that passes ValidatePassword.
func HashPassword(password string) (string, error) {
	if err := ValidatePassword(password); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), PasswordCost)
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	return string(h), nil
}

// dummy is the hash a sign-in for an unknown e-mail is checked against, so it costs what one
// for a known e-mail costs and response times do not reveal which addresses have accounts. It
// is made at PasswordCost, the cost real passwords are hashed with.
var dummy struct {
	sync.Mutex
	cost int
	hash []byte
}

// dummyHash returns the dummy hash at the current PasswordCost.
func dummyHash() []byte {
	dummy.Lock()
	defer dummy.Unlock()
	if dummy.cost != PasswordCost || dummy.hash == nil {
		h, err := bcrypt.GenerateFromPassword([]byte("orderdesk-no-such-user"), PasswordCost)
		if err != nil {
			panic(fmt.Sprintf("auth: dummy hash: %v", err)) // only for a cost out of bcrypt's range
		}
		dummy.cost, dummy.hash = PasswordCost, h
	}
	return dummy.hash
}

// CheckPassword reports whether password matches hash; an empty hash never matches but costs
// the same time.
func CheckPassword(hash, password string) bool {
	if hash == "" {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		return false
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// ValidatePassword says what is wrong with a new password, in words for the person typing it.
func ValidatePassword(p string) error {
	switch {
	case utf8.RuneCountInString(p) < MinPasswordLength:
		return fmt.Errorf("password must be at least %d characters", MinPasswordLength)
	case len(p) > maxPasswordBytes:
		return fmt.Errorf("password must be at most %d bytes", maxPasswordBytes)
	}
	return nil
}

// NormalizeEmail trims and lower-cases an address and checks it is one.
func NormalizeEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@")+1:], ".") && !strings.HasSuffix(s, "@localhost") {
		return "", fmt.Errorf("%q is not an e-mail address", s)
	}
	if len(s) > 254 {
		return "", errors.New("e-mail address is too long")
	}
	return s, nil
}
