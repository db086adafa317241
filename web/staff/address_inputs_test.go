package staff

import (
	"slices"
	"testing"

	"orderdesk/internal/order"
)

// Every form that edits an address offers the same inputs, and each edits its own field.
func TestOneAddressInputSet(t *testing.T) {
	var want []string
	for _, in := range addressInputs {
		want = append(want, in.name)
	}
	names := func(fs []input) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.name)
		}
		return out
	}
	if got := names(addressFields("A1")); !slices.Equal(got, want) {
		t.Errorf("order address form: %v, want %v", got, want)
	}
	if got := names(billingFields("P1")); !slices.Equal(got, want) {
		t.Errorf("billing address form: %v, want %v", got, want)
	}
	var ship []string
	for _, in := range shipAddressInputs {
		ship = append(ship, in.name)
	}
	if !slices.Equal(ship, want) {
		t.Errorf("delivery address inputs: %v, want %v", ship, want)
	}
	// Each input edits a field of its own: writing a distinct value through each leaves every
	// value in place.
	var a order.Address
	for _, in := range addressInputs {
		*addrRef(&a, in.name) = in.name
	}
	for _, in := range addressInputs {
		if got := *in.ref(&a); got != in.name {
			t.Errorf("%s reads %q: two inputs share a field", in.name, got)
		}
	}
}
