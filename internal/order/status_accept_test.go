package order

import (
	"errors"
	"testing"
)

// TestAcceptAnyStatus: a status outside the list is refused unless the rules accept any, as
// Virto does for imports; an order still needs a status.
func TestAcceptAnyStatus(t *testing.T) {
	t.Parallel()
	r := DefaultStatusRules()
	if err := r.ValidateStatus(TypeCustomerOrder, "Awaiting ERP"); !errors.Is(err, ErrInvalidStatus) {
		t.Errorf("by default an unknown status: %v, want ErrInvalidStatus", err)
	}
	r.AcceptAny = true
	if err := r.ValidateStatus(TypeCustomerOrder, "Awaiting ERP"); err != nil {
		t.Errorf("accepting any status: %v", err)
	}
	if err := r.ValidateStatus(TypeCustomerOrder, ""); !errors.Is(err, ErrInvalidStatus) {
		t.Errorf("accepting any status, an empty one: %v, want ErrInvalidStatus", err)
	}
}
