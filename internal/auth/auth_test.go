package auth

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func init() { PasswordCost = bcrypt.MinCost }

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$2") {
		t.Errorf("hash %q is not bcrypt", h)
	}
	if !CheckPassword(h, "correct horse") {
		t.Error("right password refused")
	}
	if CheckPassword(h, "correct horsE") {
		t.Error("wrong password accepted")
	}
	if CheckPassword("", "anything") {
		t.Error("empty hash accepted a password")
	}
}

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		in      string
		wantErr string
	}{
		{"short", "at least 8"},
		{"ñññññññ", "at least 8"}, // 7 runes, 14 bytes: counted in characters
		{strings.Repeat("a", 73), "at most 72"},
		{"eight888", ""},
	} {
		err := ValidatePassword(tc.in)
		if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("ValidatePassword(%q) = %v, want %q", tc.in, err, tc.wantErr)
		}
	}
}

func TestNormalizeEmail(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"  Jane.Doe@Example.COM ", "jane.doe@example.com"},
		{"admin@localhost", "admin@localhost"},
		{"not-an-address", ""},
		{"Jane <jane@example.com>", ""},
		{"jane@example", ""},
	} {
		got, err := NormalizeEmail(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("NormalizeEmail(%q) = %q, want an error", tc.in, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestBuiltinRoles(t *testing.T) {
	admin, _ := RoleByCode(RoleAdministrator)
	manager, _ := RoleByCode(RoleManager)
	clerk, _ := RoleByCode(RoleClerk)
	field, _ := RoleByCode(RoleField)
	viewer, _ := RoleByCode(RoleViewer)
	for _, tc := range []struct {
		role Role
		perm Permission
		want bool
	}{
		{admin, AdminUsers, true},
		{manager, AdminUsers, false},
		{manager, OrderDelete, true},
		{clerk, OrderUpdate, true},
		{clerk, OrderDelete, false},
		{field, OrderUpdateShipments, true},
		{field, OrderUpdate, false},
		{field, OrderReadPrices, false},
		{viewer, OrderRead, true},
		{viewer, OrderUpdate, false},
		{viewer, SignedIn, true},
	} {
		if got := tc.role.Has(tc.perm); got != tc.want {
			t.Errorf("%s.Has(%s) = %v, want %v", tc.role.Code, tc.perm, got, tc.want)
		}
	}
	if _, err := RoleByCode("root"); err == nil || !strings.Contains(err.Error(), "administrator") {
		t.Errorf("unknown role error %v should list the known roles", err)
	}
	disabled := User{RoleCode: RoleAdministrator}
	if !disabled.Can(OrderRead) {
		t.Error("enabled admin cannot read orders")
	}
}

func TestScopesCombineWithAnd(t *testing.T) {
	tests := []struct {
		stores       string
		assignedOnly bool
		store, to    string
		want         bool
	}{
		{"", false, "a", "", true},
		{"a,b", false, "b", "", true},
		{"a,b", false, "c", "me", false},
		{"", true, "c", "me", true},
		{"", true, "c", "someone", false},
		{"a", true, "a", "me", true},
		{"a", true, "a", "someone", false},
		{"a", true, "b", "me", false},
		{" a , ,b ", false, "b", "", true},
	}
	for _, tt := range tests {
		u := User{ID: "me", ScopeStores: tt.stores, ScopeAssignedOnly: tt.assignedOnly}
		if got := u.InScope(tt.store, tt.to); got != tt.want {
			t.Errorf("stores %q only-mine %v: order of %s assigned to %q in scope = %v, want %v",
				tt.stores, tt.assignedOnly, tt.store, tt.to, got, tt.want)
		}
	}
}

func TestCustomRoles(t *testing.T) {
	if got := ParsePermissions("order:read, order:refund,bogus,order:read"); len(got) != 2 || got[0] != OrderRead || got[1] != OrderRefund {
		t.Errorf("ParsePermissions = %v", got)
	}
	u := User{RoleCode: "refund-desk", CustomRoleName: "Refund desk", CustomRolePermissions: "order:read,order:refund"}
	if !u.Can(OrderRefund) || u.Can(OrderDelete) || u.Role().Name != "Refund desk" {
		t.Errorf("custom role: %+v", u.Role())
	}
	if (User{RoleCode: "gone"}).Can(OrderRead) {
		t.Error("an unknown role grants something")
	}
}
