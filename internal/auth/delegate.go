package auth

import (
	"slices"
	"strings"
)

// Grant is what a credential made on someone's behalf (an API key, a webhook subscription)
// may do: a role's permissions and scopes.
type Grant struct {
	Role         Role
	Stores       []string // empty: every store
	AssignedOnly bool
}

// CheckGrant says, per form field ("role", "stores", "assigned_only"), why maker may not hand
// out g: nobody can make a credential that does more, or sees more stores, than they do.
// nil means g is within the maker's rights.
func CheckGrant(maker User, g Grant) map[string]string {
	problems := map[string]string{}
	var missing []string
	for _, p := range g.Role.Permissions {
		if !maker.Can(p) {
			missing = append(missing, string(p))
		}
	}
	if len(missing) > 0 {
		problems["role"] = "This role can do what yours cannot (" + strings.Join(missing, ", ") + "); pick a role within yours."
	}
	if mine := maker.StoreScope(); len(mine) > 0 {
		var outside []string
		for _, st := range g.Stores {
			if !slices.Contains(mine, st) {
				outside = append(outside, st)
			}
		}
		switch {
		case len(g.Stores) == 0:
			problems["stores"] = "Pick stores within yours (" + strings.Join(mine, ", ") + "); you cannot grant every store."
		case len(outside) > 0:
			problems["stores"] = "You cannot grant " + strings.Join(outside, ", ") + "; pick within " + strings.Join(mine, ", ") + "."
		}
	}
	if maker.ScopeAssignedOnly {
		problems["assigned_only"] = "You see only the orders assigned to you, so you cannot grant access to others' orders."
	}
	if len(problems) == 0 {
		return nil
	}
	return problems
}
