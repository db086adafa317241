package staff

import (
	"strings"
	"testing"

	"orderdesk/internal/audit"
	"orderdesk/internal/store"
)

// Which changes a history entry describes, and how a creation reads, without a database.

func TestCreatedSentence(t *testing.T) {
	number := "RET-7"
	for _, c := range []struct {
		name string
		cs   store.ChangeSet
		want string
	}{
		{"an order", store.ChangeSet{OrderNumber: "CO-1"}, "Order CO-1 created"},
		{"a return with its number", store.ChangeSet{OrderNumber: "CO-1", Aggregate: store.AggregateReturn,
			Changes: []audit.Change{{Path: "status"}, {Path: "number", New: &number}}}, "Return RET-7 created"},
		{"a return without one", store.ChangeSet{OrderNumber: "CO-1", Aggregate: store.AggregateReturn,
			Changes: []audit.Change{{Path: "number"}}}, "Return created"},
	} {
		if got := createdSentence(c.cs); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestShownChanges(t *testing.T) {
	change := func(entity, path, field string) audit.Change {
		return audit.Change{Entity: entity, Path: path, Field: field}
	}
	cs := store.ChangeSet{Changes: []audit.Change{
		change("CustomerOrder", "total", "total"),
		change("CustomerOrder", "version", "version"),
		change("CustomerOrder", "subTotal", "subTotal"),
		change("CustomerOrder", "status", "status"),
		change("CustomerOrder", "comment", "comment"),
		change("LineItem", "items[A].quantity", "quantity"),
		change("CustomerOrder", "modifiedBy", "modifiedBy"),
	}}
	comments := func(_ store.ChangeSet, c audit.Change) bool { return audit.TopicOf(c) == audit.TopicComment }
	paths := func(cs []audit.Change) string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Path)
		}
		return strings.Join(out, " ")
	}
	for _, c := range []struct {
		name   string
		prices bool
		only   func(store.ChangeSet, audit.Change) bool
		want   string
	}{
		{"all, total last", true, nil, "status comment items[A].quantity total"},
		{"without prices: no total", false, nil, "status comment items[A].quantity"},
		{"comments first, total still last", true, comments, "comment status items[A].quantity total"},
		{"comments first, no total", false, comments, "comment status items[A].quantity"},
	} {
		if got := paths(shownChanges(cs, c.prices, c.only)); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// The changes themselves are left as they were.
	if cs.Changes[0].Path != "total" || len(cs.Changes) != 7 {
		t.Errorf("the change set was changed: %v", paths(cs.Changes))
	}
}
