package search

import (
	"reflect"
	"regexp"
	"slices"
	"testing"
	"unicode"
)

// booleanExpr is what Boolean may produce: required prefix words and required phrases of
// letters and digits, nothing the InnoDB boolean syntax would read as an operator.
var booleanExpr = regexp.MustCompile(`^(?:(?:\+[\pL\pN]+\*|\+"[\pL\pN]+(?: [\pL\pN]+)+")(?: |$))*$`)

// FuzzParse: whatever is typed into the keyword box parses the same way every time, yields
// only known field names, index words of letters and digits, and a boolean expression MariaDB
// accepts as it is.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "Martin", `"jane doe" status:New`, `customer:"Hugo Fischer" total:>100`, "CO251123-00001",
		"sku:MUG-1 sku:LAMP-1", "nope:x 12:30", `"unclosed quote`, `status:"`, `:value`, "é ß 東京",
		"+bad -words* (x) ~y <z> @w", "\xff\xfe", `a"b"c`, `""`, `" "`, "total:1e999999999",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Parse(s)
		if again := Parse(s); !reflect.DeepEqual(q, again) {
			t.Fatalf("Parse(%q) is not deterministic: %+v vs %+v", s, q, again)
		}
		for _, fld := range q.Fields {
			if !slices.Contains(FieldNames, fld.Name) || fld.Value == "" {
				t.Fatalf("Parse(%q) gave field %q = %q", s, fld.Name, fld.Value)
			}
		}
		for _, term := range q.Terms {
			if len(term.Words) == 0 || (term.Phrase && len(term.Words) < 2) {
				t.Fatalf("Parse(%q) gave term %+v", s, term)
			}
			for _, w := range term.Words {
				if len([]rune(w)) < MinWordLen || Compact(w) != w {
					t.Fatalf("Parse(%q) gave word %q", s, w)
				}
			}
		}
		if b := Boolean(q.Terms); !booleanExpr.MatchString(b) {
			t.Fatalf("Boolean of %q is %q, not a safe boolean-mode expression", s, b)
		}
		if q.Exact != "" && (len(Parse(q.Exact).Fields) > 0 || slices.ContainsFunc([]rune(q.Exact), unicode.IsSpace)) {
			t.Fatalf("Parse(%q) gave exact %q", s, q.Exact)
		}
	})
}

// FuzzTextTerms: a customer: or product: value gives words a boolean expression can hold.
func FuzzTextTerms(f *testing.F) {
	for _, s := range []string{"", "Hugo Fischer", "o'brien-smith", "\"x\" +y", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if b := Boolean(TextTerms(s)); !booleanExpr.MatchString(b) {
			t.Fatalf("TextTerms(%q) spells %q", s, b)
		}
	})
}
