// Package merge decides what happens to one edit form's fields when the order changed after the
// form was rendered (PRODUCT.md: "concurrent edits merged field by field, real conflicts
// explained"; Virto instead rejects the whole save, vc-platform#960).
//
// It is a three-way merge on canonical field values: Base is what the form showed (carried in
// the form), Mine is what the user submitted, Theirs is the value in the stored order now. Only
// fields the user actually changed take part, so an untouched field never overwrites someone
// else's edit, and a field both people set to the same value is not a conflict. It does no I/O.
package merge

// Field is one form field in the three states.
type Field struct {
	Name   string // the form's field name
	Base   string // canonical value the form was rendered with
	Mine   string // canonical value the user submitted
	Theirs string // canonical value stored now
	// Gone means the thing the field belongs to (a line, an address) no longer exists.
	Gone bool
	// Shown and Seen: the user was shown a conflict on this field with the other value Seen.
	// A preference settles only a conflict the user saw, about the value still stored: if a
	// third edit changed the field again, the user is asked again.
	Shown bool
	Seen  string
}

// Changed reports whether the user changed the field.
func (f Field) Changed() bool { return f.Mine != f.Base }

// Prefer is the user's answer to a conflict.
type Prefer int

const (
	// Ask: conflicts are returned, nothing is decided for them.
	Ask Prefer = iota
	// Mine: the user saw the other value and keeps their own.
	Mine
	// Theirs: the user takes the stored value.
	Theirs
)

// Result is the decision for a form.
type Result struct {
	// Apply are the fields to write with the user's value, in form order.
	Apply []Field
	// Conflicts are fields both people changed to different values (or whose thing is gone),
	// still to be decided by the user; when there are any, nothing should be written.
	Conflicts []Field
	// Kept are conflicting fields resolved with the stored value (Prefer Theirs).
	Kept []Field
}

// Decide merges a form's fields against the stored order. A field the user left alone is not
// applied; one only the user changed is applied; one both changed to the same value needs no
// write; one both changed differently is a conflict unless prefer settles it. A field whose
// thing is gone is always a conflict when the user changed it: "keep mine" cannot bring a
// removed line back.
func Decide(fields []Field, prefer Prefer) Result {
	var r Result
	for _, f := range fields {
		switch {
		case !f.Changed():
		case f.Gone:
			r.Conflicts = append(r.Conflicts, f)
		case f.Theirs == f.Base:
			r.Apply = append(r.Apply, f)
		case f.Theirs == f.Mine:
		case prefer == Mine && f.Shown && f.Seen == f.Theirs:
			r.Apply = append(r.Apply, f)
		case prefer == Theirs && f.Shown && f.Seen == f.Theirs:
			r.Kept = append(r.Kept, f)
		default:
			r.Conflicts = append(r.Conflicts, f)
		}
	}
	return r
}
