package order

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tag bounds: a name's length in characters, and how many tags one order carries.
const (
	MaxTagLen       = 40
	MaxTagsPerOrder = 20
)

// TagColours is the palette a tag's colour comes from; the first is a new tag's.
var TagColours = []string{"grey", "red", "orange", "yellow", "green", "teal", "blue", "purple", "pink"}

// CleanTagName trims a tag name and folds runs of spaces into one. A name is 1 to MaxTagLen
// letters, digits, spaces and - _ . / & + #, and does not start with "-" (that negates a tag
// in the list's search: -tag:urgent). The error says what is wrong, for a form or the API.
func CleanTagName(s string) (string, error) {
	name := strings.Join(strings.Fields(s), " ")
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return "", fmt.Errorf("a tag needs a name")
	case n > MaxTagLen:
		return "", fmt.Errorf("%q is %d characters; a tag has at most %d", name, n, MaxTagLen)
	case strings.HasPrefix(name, "-"):
		return "", fmt.Errorf("%q starts with -; a tag may not (-tag: leaves a tag out of the list)", name)
	}
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ' ' && !strings.ContainsRune("-_./&+#", r) {
			return "", fmt.Errorf("%q holds %q; a tag has letters, digits, spaces and - _ . / & + #", name, r)
		}
	}
	return name, nil
}

// TagError is a tag name or count that cannot be saved; it unwraps to its Problems (keyed
// "tags"), and the API answers it 422.
type TagError struct{ Problems Problems }

func (e *TagError) Error() string { return e.Problems.Error() }
func (e *TagError) Unwrap() error { return e.Problems }

// CleanTags cleans every name (CleanTagName), drops repeats whatever their case (the first
// spelling stays) and sorts them (SortTags). Problems are keyed "tags".
func CleanTags(names []string) ([]string, error) {
	var out []string
	for _, raw := range names {
		name, err := CleanTagName(raw)
		if err != nil {
			return nil, &TagError{Problems{"tags": err.Error()}}
		}
		if !slices.ContainsFunc(out, func(t string) bool { return strings.EqualFold(t, name) }) {
			out = append(out, name)
		}
	}
	if len(out) > MaxTagsPerOrder {
		return nil, &TagError{Problems{"tags": fmt.Sprintf("%d tags; an order carries at most %d", len(out), MaxTagsPerOrder)}}
	}
	SortTags(out)
	return out, nil
}

// SortTags sorts names as the order shows them: by name whatever the case.
func SortTags(names []string) {
	slices.SortStableFunc(names, func(a, b string) int {
		return strings.Compare(strings.ToLower(a), strings.ToLower(b))
	})
}

// HasTag says whether the order carries a tag of that name, whatever its case.
func (o *CustomerOrder) HasTag(name string) bool {
	return slices.ContainsFunc(o.Tags, func(t string) bool { return strings.EqualFold(t, name) })
}

// ChangeTags adds and removes tags by name (whatever the case; adding one the order carries
// and removing one it does not are no change) and leaves Tags cleaned and sorted. TagIDs are
// left for the store to set from the names.
func (o *CustomerOrder) ChangeTags(add, remove []string) error {
	next := slices.Clone(o.Tags)
	for _, raw := range remove {
		name := strings.Join(strings.Fields(raw), " ")
		next = slices.DeleteFunc(next, func(t string) bool { return strings.EqualFold(t, name) })
	}
	next = append(next, add...)
	clean, err := CleanTags(next)
	if err != nil {
		return err
	}
	o.Tags = clean
	return nil
}
