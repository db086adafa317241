package csvsafe

import (
	"bytes"
	"testing"
)

func TestCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Ana Lima", "Ana Lima"},
		{"=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"},
		{"+1-555", "'+1-555"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"\n=1", "'\n=1"},
		{"  =1+1", "'  =1+1"},
		{"1e3", "1e3"}, // Excel reads it as 1000 either way: no formula
		{"-12.50", "-12.50"},
		{"12.5", "12.5"},
		{"a=b", "a=b"},
		{"CO261123-00042", "CO261123-00042"},
	} {
		if got := Cell(tc.in); got != tc.want {
			t.Errorf("Cell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestWriterNeutralizesEveryCell(t *testing.T) {
	var b bytes.Buffer
	w := NewWriter(&b)
	if err := w.Write([]string{"=1+1", "ok", "-3"}); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if got, want := b.String(), "'=1+1,ok,-3\n"; got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
}
