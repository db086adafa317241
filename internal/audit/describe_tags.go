package audit

import (
	"encoding/json"
	"slices"
	"strings"
)

// tagSentence says a change of the order's tags by name: "Added tag urgent", "Removed tags
// late and vip", "Added tag urgent; removed tag late". The change holds tag ids (a JSON list);
// names come from Names, as they were when the change was made.
func (d describer) tagSentence() string {
	ids := func(v *string) []string {
		var out []string
		if v != nil {
			_ = json.Unmarshal([]byte(*v), &out)
		}
		return out
	}
	before, after := ids(d.c.Old), ids(d.c.New)
	var added, removed []string
	for _, id := range after {
		if !slices.Contains(before, id) {
			added = append(added, d.tagName(id))
		}
	}
	for _, id := range before {
		if !slices.Contains(after, id) {
			removed = append(removed, d.tagName(id))
		}
	}
	var parts []string
	if len(added) > 0 {
		parts = append(parts, "added "+tagNoun(added))
	}
	if len(removed) > 0 {
		parts = append(parts, "removed "+tagNoun(removed))
	}
	if len(parts) == 0 {
		return "Tags reordered"
	}
	s := strings.Join(parts, "; ")
	return strings.ToUpper(s[:1]) + s[1:]
}

func (d describer) tagName(id string) string {
	if n := d.name(TagNamePath(id)); n != "" {
		return n
	}
	return "(tag " + id + ")"
}

// tagNoun is "tag urgent" or "tags late, urgent and vip".
func tagNoun(names []string) string {
	if len(names) == 1 {
		return "tag " + names[0]
	}
	return "tags " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
