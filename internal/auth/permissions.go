// Package auth holds who may do what: permissions named as Virto names them, the built-in
// roles that bundle them, the signed-in Actor, and password hashing. It does no I/O.
package auth

import (
	"fmt"
	"slices"
	"strings"
)

// Permission is one right. The order permissions carry Virto's names (reference §7).
type Permission string

// Access levels that are not permissions: every route declares one of these or a Permission.
const (
	Public   Permission = "public"    // anyone, signed in or not (login page, static files, health)
	SignedIn Permission = "signed-in" // any signed-in user
)

// Virto's order permissions, the return permissions and orderdesk's admin permissions.
const (
	OrderRead            Permission = "order:read"
	OrderCreate          Permission = "order:create"
	OrderUpdate          Permission = "order:update"
	OrderDelete          Permission = "order:delete"
	OrderReadPrices      Permission = "order:read_prices"
	OrderUpdateShipments Permission = "order:update_shipments"
	OrderCapturePayment  Permission = "order:capture_payment"
	OrderRefund          Permission = "order:refund"
	ReturnRead           Permission = "return:read"
	ReturnCreate         Permission = "return:create"
	ReturnUpdate         Permission = "return:update"
	ReturnDelete         Permission = "return:delete"
	HistoryReadAll       Permission = "history:read_all"
	DashboardRead        Permission = "dashboard:read"
	AdminUsers           Permission = "admin:users"
	AdminSettings        Permission = "admin:settings"
	AdminAPIKeys         Permission = "admin:api_keys"
	AdminWebhooks        Permission = "admin:webhooks"
	TaxManage            Permission = "tax:manage" // AvaTax settings, sync and status (Virto's name)
)

// PaymentExecuteCallback lets a payment provider, or the storefront relaying it, report a
// payment's outcome to POST /api/paymentcallback (Virto's name).
const PaymentExecuteCallback Permission = "order:payment:execute_callback"

// AllPermissions lists every permission in a stable order (for admin screens and tests).
var AllPermissions = []Permission{
	OrderRead, OrderCreate, OrderUpdate, OrderDelete, OrderReadPrices, OrderUpdateShipments,
	OrderCapturePayment, OrderRefund, PaymentExecuteCallback, ReturnRead, ReturnCreate, ReturnUpdate, ReturnDelete,
	HistoryReadAll, DashboardRead, AdminUsers, AdminSettings, AdminAPIKeys, AdminWebhooks, TaxManage,
}

// Role bundles permissions under a name staff recognise.
type Role struct {
	Code        string
	Name        string
	Permissions []Permission
}

// Has reports whether the role grants p. Public and SignedIn are granted to every role.
func (r Role) Has(p Permission) bool {
	return p == Public || p == SignedIn || slices.Contains(r.Permissions, p)
}

// Built-in role codes.
const (
	RoleAdministrator = "administrator"
	RoleManager       = "manager"
	RoleClerk         = "clerk"
	RoleField         = "field"
	RoleViewer        = "viewer"
)

// BuiltinRoles are the roles every installation starts with.
var BuiltinRoles = []Role{
	{Code: RoleAdministrator, Name: "Administrator", Permissions: AllPermissions},
	{Code: RoleManager, Name: "Manager", Permissions: without(AllPermissions, AdminUsers)},
	{Code: RoleClerk, Name: "Desk clerk", Permissions: []Permission{
		OrderRead, OrderCreate, OrderUpdate, OrderReadPrices, OrderUpdateShipments,
		OrderCapturePayment, OrderRefund, ReturnRead, ReturnCreate, ReturnUpdate,
	}},
	{Code: RoleField, Name: "Field staff", Permissions: []Permission{OrderRead, OrderUpdateShipments, ReturnRead}},
	{Code: RoleViewer, Name: "Viewer", Permissions: []Permission{OrderRead, OrderReadPrices, ReturnRead, DashboardRead}},
}

// RoleByCode finds a built-in role.
func RoleByCode(code string) (Role, error) {
	for _, r := range BuiltinRoles {
		if r.Code == code {
			return r, nil
		}
	}
	return Role{}, fmt.Errorf("unknown role %q (one of: %s)", code, strings.Join(RoleCodes(), ", "))
}

// RoleCodes lists the built-in role codes.
func RoleCodes() []string {
	codes := make([]string, len(BuiltinRoles))
	for i, r := range BuiltinRoles {
		codes[i] = r.Code
	}
	return codes
}

func without(ps []Permission, drop ...Permission) []Permission {
	var out []Permission
	for _, p := range ps {
		if !slices.Contains(drop, p) {
			out = append(out, p)
		}
	}
	return out
}

// ParsePermissions reads a comma-separated permission list, keeping only known permissions.
func ParsePermissions(list string) []Permission {
	var out []Permission
	for _, p := range strings.Split(list, ",") {
		perm := Permission(strings.TrimSpace(p))
		if slices.Contains(AllPermissions, perm) && !slices.Contains(out, perm) {
			out = append(out, perm)
		}
	}
	return out
}

// IsBuiltinRole says whether code names a built-in role.
func IsBuiltinRole(code string) bool {
	_, err := RoleByCode(code)
	return err == nil
}
