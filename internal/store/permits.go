package store

import (
	"strings"

	"orderdesk/internal/audit"
	"orderdesk/internal/auth"
	"orderdesk/internal/order"
)

// ForbiddenChangeError refuses a save that changes what the actor's role may not change (the
// change → permission table, audit.NeededPermissions).
type ForbiddenChangeError struct {
	Missing []auth.Permission
}

func (e *ForbiddenChangeError) Error() string {
	names := make([]string, len(e.Missing))
	for i, p := range e.Missing {
		names[i] = string(p)
	}
	return "this change needs " + strings.Join(names, ", ") + ", which your role does not have; nothing was saved"
}

// actorPermits checks the save's diff against what the actor holds; an actor without Permits
// (the command line, background jobs) is not limited.
func actorPermits(by Actor, before, after *order.CustomerOrder) error {
	if by.Permits == nil {
		return nil
	}
	var missing []auth.Permission
	for _, p := range audit.NeededPermissions(audit.Diff(before, after), before == nil) {
		if !by.Permits(p) {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		return &ForbiddenChangeError{Missing: missing}
	}
	return nil
}
