package order

import (
	"errors"
	"fmt"
)

var (
	// ErrNotFound says the order (or return) asked for does not exist. Storage wraps it with %w
	// and the id or number asked for.
	ErrNotFound = errors.New("not found")
	// ErrConflict matches every *ConflictError with errors.Is.
	ErrConflict = errors.New("changed by someone else")
)

// ConflictError is a failed optimistic-locking check: the writer read version Expected, but
// someone else saved in between and the stored version is now Actual. Nothing of the rejected
// save was written; the caller reloads, re-applies its change and saves again.
//
// For a return (ReturnID set) the token is the return's ModifiedDate, as order.Return carries no
// version: Expected is then 0 and Actual is the stored revision number.
type ConflictError struct {
	OrderID  string
	ReturnID string
	Expected int
	Actual   int
}

func (e *ConflictError) Error() string {
	if e.ReturnID != "" {
		return fmt.Sprintf("return %s of order %s was changed by someone else (now at revision %d); reload and try again",
			e.ReturnID, e.OrderID, e.Actual)
	}
	return fmt.Sprintf("order %s was changed by someone else: you edited version %d, it is now at version %d; reload and try again",
		e.OrderID, e.Expected, e.Actual)
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }
