package ids

import "testing"

func TestValid(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{New(), true},
		{"01BENCHLINE000000000000001", true},
		{"", false},
		{"01M8TFCFB7WTNBJVKBY4TRW2C", false},   // 25
		{"01M8TFCFB7WTNBJVKBY4TRW2CSX", false}, // 27
		{"01m8tfcfb7wtnbjvkby4trw2cs", false},  // lower case
		{"01M8TFCFB7WTNBJVKBY4TRW2C'", false},
		{"01M8TFCFB7WTNBJVKBY4TRW2CÉ", false},
	} {
		if got := Valid(c.in); got != c.want {
			t.Errorf("Valid(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
