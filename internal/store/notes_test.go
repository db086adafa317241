package store_test

import (
	"context"
	"errors"
	"testing"

	"orderdesk/internal/demo"
	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestNotesLifeCycle: a note, its edits, pin and deletion are each audited, keep their
// revisions, move the mentions and the list's pin line, and never touch the order's version
// (an edit begun before them saves without a conflict).
func TestNotesLifeCycle(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	ds := demo.NewGenerator(7, testDay, order.DefaultStatusRules()).Orders(2)
	o, other := ds[0].Order, ds[1].Order
	by := store.Actor{UserID: "01ANNANNANNANNANNANNANNANN", Label: "ann@example.com", Source: store.SourceDesk}
	for _, x := range []*order.CustomerOrder{o, other} {
		if err := st.CreateOrder(ctx, by, x); err != nil {
			t.Fatal(err)
		}
	}
	editing, _ := st.Order(ctx, o.ID) // an edit in progress, begun before the notes
	const bob = "01BOBBOBBOBBOBBOBBOBBOBBOB"

	n, err := st.AddNote(ctx, by, o.ID, store.NoteWrite{Body: "Call the customer about the back-door drop\nthen @bob", Mentions: []string{bob},
		Files: []store.NoteFile{{FileName: "label.pdf", ContentType: "application/pdf", Body: []byte("%PDF-1.4 x")}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddNote(ctx, by, "01NOSUCHORDERNOSUCHORDER00", store.NoteWrite{Body: "x"}); !errors.Is(err, order.ErrNotFound) {
		t.Errorf("a note on a missing order: %v", err)
	}
	unread := func(scope listing.Scope) int {
		t.Helper()
		c, err := st.UnreadMentions(ctx, bob, scope)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if c := unread(listing.Scope{}); c != 1 {
		t.Errorf("unread mentions = %d, want 1", c)
	}
	if c := unread(listing.Scope{StoreIDs: []string{"elsewhere"}}); c != 0 {
		t.Errorf("unread mentions outside the reader's stores = %d, want 0", c)
	}
	if c := unread(listing.Scope{AssignedTo: "01SOMEONEELSESOMEONEELSE00"}); c != 0 {
		t.Errorf("unread mentions on orders assigned to others = %d, want 0", c)
	}
	if ms, _ := st.Mentions(ctx, bob, listing.Scope{StoreIDs: []string{"elsewhere"}}, 10); len(ms) != 0 {
		t.Errorf("mentions outside the scope listed: %+v", ms)
	}
	ms, err := st.Mentions(ctx, bob, listing.Scope{}, 10)
	if err != nil || len(ms) != 1 || ms[0].OrderNumber != o.Number || ms[0].FirstLine != "Call the customer about the back-door drop" || ms[0].ReadAt != nil {
		t.Fatalf("mentions = %+v, %v", ms, err)
	}

	// note: finds it by a word and by a piece of a hyphenated word; not the other order.
	for _, words := range []string{"+customer*", "+door*", "+backdoor*"} {
		page, err := st.ListOrders(ctx, listing.Query{NoteText: words, PageSize: 10, Sort: "created", Desc: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Rows) != 1 || page.Rows[0].ID != o.ID {
			t.Errorf("note %q finds %d orders, want the noted one", words, len(page.Rows))
		}
	}

	if err := st.EditNote(ctx, by, o.ID, n.ID, store.NoteWrite{Body: "Called: no answer"}, func(store.Note) error { return nil }); err != nil {
		t.Fatal(err)
	}
	refused := errors.New("refused")
	if err := st.EditNote(ctx, by, o.ID, n.ID, store.NoteWrite{Body: "sneaky"}, func(store.Note) error { return refused }); !errors.Is(err, refused) {
		t.Errorf("a refused edit: %v", err)
	}
	if err := st.EditNote(ctx, by, o.ID, n.ID, store.NoteWrite{Body: "Called: no answer"}, func(store.Note) error { return nil }); !errors.Is(err, store.ErrNothingChanged) {
		t.Errorf("an edit to the same text: %v", err)
	}
	revs, err := st.NoteRevisions(ctx, o.ID, n.ID)
	if err != nil || len(revs) != 2 || revs[0].Body != n.Body || revs[1].Body != "Called: no answer" || revs[1].ActorLabel != "ann@example.com" {
		t.Fatalf("revisions = %+v, %v", revs, err)
	}
	if c := unread(listing.Scope{}); c != 0 {
		t.Errorf("the edit dropped the mention, yet %d unread", c)
	}

	pinned := func(id string) *string {
		t.Helper()
		page, err := st.ListOrders(ctx, listing.Query{IDs: []string{id}, PageSize: 10, Sort: "created"})
		if err != nil || len(page.Rows) != 1 {
			t.Fatalf("list: %+v %v", page, err)
		}
		return page.Rows[0].PinnedNote
	}
	if p := pinned(o.ID); p != nil {
		t.Errorf("pinned line before a pin: %q", *p)
	}
	if err := st.PinNote(ctx, by, o.ID, n.ID, true); err != nil {
		t.Fatal(err)
	}
	if p := pinned(o.ID); p == nil || *p != "Called: no answer" {
		t.Errorf("pinned line = %v", p)
	}
	if err := st.PinNote(ctx, by, other.ID, n.ID, true); !errors.Is(err, order.ErrNotFound) {
		t.Errorf("pinning a note through another order: %v", err)
	}

	files, _ := st.OrderNotes(ctx, o.ID, 10)
	if len(files) != 1 || len(files[0].Attachments) != 1 {
		t.Fatalf("notes = %+v", files)
	}
	fileID := files[0].Attachments[0].ID
	if f, err := st.NoteFile(ctx, o.ID, fileID); err != nil || string(f.Body) != "%PDF-1.4 x" {
		t.Errorf("file: %v", err)
	}
	if _, err := st.NoteFile(ctx, other.ID, fileID); !errors.Is(err, order.ErrNotFound) {
		t.Errorf("a file through another order: %v", err)
	}

	if err := st.DeleteNote(ctx, by, o.ID, n.ID, func(store.Note) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if p := pinned(o.ID); p != nil {
		t.Errorf("pinned line after deleting the note: %q", *p)
	}
	if _, err := st.NoteFile(ctx, o.ID, fileID); !errors.Is(err, order.ErrNotFound) {
		t.Errorf("a deleted note's file is still served: %v", err)
	}
	gone, _ := st.Note(ctx, o.ID, n.ID)
	if gone.DeletedAt == nil || gone.DeletedBy != "ann@example.com" {
		t.Errorf("deleted note = %+v", gone)
	}
	if err := st.EditNote(ctx, by, o.ID, n.ID, store.NoteWrite{Body: "again"}, func(store.Note) error { return nil }); !errors.Is(err, order.ErrNotFound) {
		t.Errorf("editing a deleted note: %v", err)
	}

	// Every write audited, attributed to the actor.
	evs, err := st.SecurityEvents(ctx, n.ID, 20)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range evs {
		actions = append(actions, e.Action)
		if e.ActorLabel != "ann@example.com" {
			t.Errorf("%s by %q", e.Action, e.ActorLabel)
		}
	}
	if len(actions) != 4 {
		t.Errorf("audited %v, want created, edited, pinned, deleted", actions)
	}

	// The order did not move: the edit begun before the notes saves cleanly.
	now, _ := st.Order(ctx, o.ID)
	if now.Version != editing.Version {
		t.Errorf("notes moved the order from version %d to %d", editing.Version, now.Version)
	}
	editing.Comment = "edited while notes were written"
	if err := st.SaveOrder(ctx, by, editing); err != nil {
		t.Errorf("an edit begun before the notes: %v", err)
	}
	if err := st.DeleteOrder(ctx, by, o.ID); err != nil {
		t.Fatalf("deleting the order with its notes: %v", err)
	}
	if left, _ := st.OrderNotes(ctx, o.ID, 10); len(left) != 0 {
		t.Errorf("%d notes left after the order was deleted", len(left))
	}
}
