package auth

import (
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

func TestCheckGrant(t *testing.T) {
	manager, _ := RoleByCode(RoleManager)
	viewer, _ := RoleByCode(RoleViewer)
	admin, _ := RoleByCode(RoleAdministrator)
	books := User{RoleCode: RoleManager, ScopeStores: "books-uk"}
	everywhere := User{RoleCode: RoleManager}
	for _, tc := range []struct {
		name   string
		maker  User
		grant  Grant
		refuse []string // fields refused
	}{
		{"same role, same store", books, Grant{Role: manager, Stores: []string{"books-uk"}}, nil},
		{"lesser role", books, Grant{Role: viewer, Stores: []string{"books-uk"}}, nil},
		{"higher role", books, Grant{Role: admin, Stores: []string{"books-uk"}}, []string{"role"}},
		{"every store from a one-store maker", books, Grant{Role: viewer}, []string{"stores"}},
		{"a store the maker lacks", books, Grant{Role: viewer, Stores: []string{"books-uk", "electronics"}}, []string{"stores"}},
		{"an unscoped maker grants any store", everywhere, Grant{Role: viewer, Stores: []string{"electronics"}}, nil},
		{"an unscoped maker grants every store", everywhere, Grant{Role: manager}, nil},
		{"assigned-only maker", User{RoleCode: RoleManager, ScopeAssignedOnly: true}, Grant{Role: viewer, AssignedOnly: true}, []string{"assigned_only"}},
		{"a disabled maker grants nothing", User{RoleCode: RoleManager, DisabledAt: &now0}, Grant{Role: viewer}, []string{"role"}},
	} {
		got := CheckGrant(tc.maker, tc.grant)
		if len(got) != len(tc.refuse) {
			t.Errorf("%s: %v, want refusals of %v", tc.name, got, tc.refuse)
			continue
		}
		for _, f := range tc.refuse {
			if got[f] == "" {
				t.Errorf("%s: %v, want %s refused", tc.name, got, f)
			}
		}
	}
}

var now0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// TestUnknownAccountCostsWhatAKnownOneCosts: the dummy hash an unknown e-mail is checked
// against has the cost real passwords get, so both answer in the same time.
func TestUnknownAccountCostsWhatAKnownOneCosts(t *testing.T) {
	real, err := HashPassword("a-long-password")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := bcrypt.Cost([]byte(real))
	if got, _ := bcrypt.Cost(dummyHash()); got != want {
		t.Errorf("the dummy hash has cost %d, real passwords %d", got, want)
	}
}
