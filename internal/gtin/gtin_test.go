package gtin

import "testing"

func TestCheckDigit(t *testing.T) {
	for _, tc := range []struct {
		code  string
		valid bool
	}{
		{"4006381333931", true},  // GS1's worked EAN-13
		{"4006381333932", false}, // one off
		{"9780141439518", true},  // an ISBN-13
		{"036000291452", true},   // a UPC-A
		{"96385074", true},       // an EAN-8
		{"10614141000415", true}, // a GTIN-14
		{"123", false},
		{"400638133393X", false},
	} {
		if got := Valid(tc.code); got != tc.valid {
			t.Errorf("Valid(%s) = %v, want %v", tc.code, got, tc.valid)
		}
	}
}
