package merge

import (
	"reflect"
	"testing"
)

func names(fs []Field) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Name)
	}
	return out
}

func TestDecide(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		fields                []Field
		prefer                Prefer
		apply, conflict, kept []string
	}{
		{name: "untouched fields are never written, even when the order moved",
			fields: []Field{{Name: "qty", Base: "1", Mine: "1", Theirs: "5"}}},
		{name: "no one else changed it: mine applies",
			fields: []Field{{Name: "qty", Base: "1", Mine: "2", Theirs: "1"}}, apply: []string{"qty"}},
		{name: "someone changed another field: mine applies, theirs stays",
			fields: []Field{{Name: "qty", Base: "1", Mine: "2", Theirs: "1"}, {Name: "price", Base: "10", Mine: "10", Theirs: "9"}},
			apply:  []string{"qty"}},
		{name: "both set the same value: nothing to write, no conflict",
			fields: []Field{{Name: "qty", Base: "1", Mine: "3", Theirs: "3"}}},
		{name: "both changed it differently: a conflict",
			fields: []Field{{Name: "qty", Base: "1", Mine: "2", Theirs: "3"}, {Name: "comment", Base: "", Mine: "x", Theirs: ""}},
			apply:  []string{"comment"}, conflict: []string{"qty"}},
		{name: "keep mine settles the conflict",
			fields: []Field{{Name: "qty", Base: "1", Mine: "2", Theirs: "3", Shown: true, Seen: "3"}}, prefer: Mine, apply: []string{"qty"}},
		{name: "keep mine does not settle a conflict the user never saw",
			fields: []Field{{Name: "qty", Base: "1", Mine: "2", Theirs: "3"}}, prefer: Mine, conflict: []string{"qty"}},
		{name: "a third edit after the conflict was shown asks again",
			fields: []Field{{Name: "qty", Base: "1", Mine: "2", Theirs: "4", Shown: true, Seen: "3"}}, prefer: Mine, conflict: []string{"qty"}},
		{name: "take theirs settles the conflict, other edits still apply",
			fields: []Field{{Name: "qty", Base: "1", Mine: "2", Theirs: "3", Shown: true, Seen: "3"}, {Name: "comment", Base: "", Mine: "x", Theirs: ""}},
			prefer: Theirs, apply: []string{"comment"}, kept: []string{"qty"}},
		{name: "the line is gone: a changed field cannot be kept",
			fields: []Field{{Name: "qty", Base: "1", Mine: "2", Gone: true}, {Name: "price", Base: "1", Mine: "1", Gone: true}},
			prefer: Mine, conflict: []string{"qty"}},
		{name: "clearing a field is a change",
			fields: []Field{{Name: "comment", Base: "hi", Mine: "", Theirs: "hi"}}, apply: []string{"comment"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Decide(tc.fields, tc.prefer)
			if got := names(r.Apply); !reflect.DeepEqual(got, tc.apply) {
				t.Errorf("apply %v, want %v", got, tc.apply)
			}
			if got := names(r.Conflicts); !reflect.DeepEqual(got, tc.conflict) {
				t.Errorf("conflicts %v, want %v", got, tc.conflict)
			}
			if got := names(r.Kept); !reflect.DeepEqual(got, tc.kept) {
				t.Errorf("kept %v, want %v", got, tc.kept)
			}
		})
	}
}
