package base

import (
	"testing"
)

// TestSafeNext: only a path on this site, starting with a single slash, with no control
// characters, whitespace or backslashes, is a place to go back to after signing in.
func TestSafeNext(t *testing.T) {
	for _, tc := range []struct {
		next string
		ok   bool
	}{
		{"/orders", true},
		{"/orders?status=New&q=a+b", true},
		{"/orders/01J8/history#x", true},
		{"/", true},
		{"", false},
		{"orders", false},
		{"//evil.example/x", false},
		{"/\\evil.example", false},
		{"\\\\evil.example", false},
		{"/%09/evil.example/x", true}, // stays encoded: the browser keeps it a path on this site
		{"/\t/evil.example/x", false},
		{"/\n/evil.example", false},
		{"/\r//evil.example", false},
		{"/ /evil.example", false},
		{"/\x00x", false},
		{"/\x7fx", false},
		{"/\u00a0/evil.example", false},
		{"/\u2028/evil.example", false},
		{"https://evil.example", false},
		{"javascript:alert(1)", false},
		{"/orders\\..\\admin", false},
	} {
		if got := SafeNext(tc.next); got != tc.ok {
			t.Errorf("SafeNext(%q) = %v, want %v", tc.next, got, tc.ok)
		}
	}
}
