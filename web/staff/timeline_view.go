package staff

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/gorilla/csrf"

	"orderdesk/internal/audit"
	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/notes"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// timelineChanges and timelineNotes are how many change sets and notes the order page's
// timeline shows; the full history is a link away.
const (
	timelineChanges = 5
	timelineNotes   = 50
)

// withTimeline sets the page's timeline (its change sets, read again when sets is nil, and
// its notes, newest first) and pinned notes, with one note form's state when st is set.
// Showing the page to someone its notes mention marks those mentions read.
func (s *Server) withTimeline(r *http.Request, o *order.CustomerOrder, v *orderpage.Page, sets []store.ChangeSet, st *noteState) error {
	ctx := r.Context()
	u := base.State(r).User
	if sets == nil {
		page, err := s.Store.History(ctx, store.HistoryFilter{OrderID: o.ID, Limit: timelineChanges, ChangesPerSet: 40})
		if err != nil {
			return err
		}
		sets = page.Sets
	}
	list, err := s.Store.OrderNotes(ctx, o.ID, timelineNotes)
	if err != nil {
		return err
	}
	if err := s.Store.MarkMentionsRead(ctx, u.ID, o.ID); err != nil {
		return err
	}
	v.Timeline = timelineView(o.ID, sets, list, s.wording(r), u, st)
	v.Timeline.CSRF = csrf.Token(r)
	if u.Can(auth.OrderUpdate) {
		f := &orderpage.NoteForm{Action: "/orders/" + o.ID + "/notes", MaxFileMB: strconv.FormatInt(s.Cfg.Orders.MaxPhotoBytes>>20, 10)}
		if st != nil && st.noteID == "" {
			f.Text, f.Error = st.text, st.problem
		}
		v.Timeline.Compose = f
	}
	v.Pinned = pinnedView(list)
	return nil
}

// timelineView merges change sets (described by entryOf, as on the history page) and notes,
// newest first.
func timelineView(orderID string, sets []store.ChangeSet, list []store.Note, wording audit.Wording, u *auth.User, st *noteState) orderpage.Timeline {
	t := orderpage.Timeline{OrderID: orderID, HistoryURL: "/orders/" + orderID + "/history"}
	type dated struct {
		at   time.Time
		item orderpage.TimelineItem
	}
	var all []dated
	for _, cs := range sets {
		e := entryOf(cs, wording, nil)
		all = append(all, dated{cs.OccurredAt, orderpage.TimelineItem{Change: &e}})
	}
	for _, n := range list {
		item := noteItem(orderID, n, u, st)
		all = append(all, dated{n.CreatedAt, orderpage.TimelineItem{Note: &item}})
	}
	// Newest first; a note written in the same instant as a change reads as the later.
	slices.SortStableFunc(all, func(a, b dated) int {
		if c := b.at.Compare(a.at); c != 0 {
			return c
		}
		return notesFirst(a.item) - notesFirst(b.item)
	})
	for _, d := range all {
		t.Items = append(t.Items, d.item)
	}
	return t
}

func notesFirst(it orderpage.TimelineItem) int {
	if it.Note != nil {
		return 0
	}
	return 1
}

// noteItem is a note as the timeline shows it, with the actions u may take on it.
func noteItem(orderID string, n store.Note, u *auth.User, st *noteState) orderpage.NoteItem {
	root := "/orders/" + orderID + "/notes/" + n.ID
	it := orderpage.NoteItem{ID: n.ID, When: base.When(n.CreatedAt), Who: n.Author(), WhoEmail: n.AuthorLabel}
	if n.DeletedAt != nil {
		it.Deleted = "Note deleted by " + n.DeletedBy + ", " + base.When(*n.DeletedAt)
		it.RevisionsURL = root + "/versions" // what it said stays readable there
		return it
	}
	it.HTML, it.Text, it.Pinned = notes.Render(n.Body), n.Body, n.PinnedAt != nil
	if n.EditedAt != nil {
		it.Edited = "Edited by " + n.EditedBy + ", " + base.When(*n.EditedAt)
		it.RevisionsURL = root + "/versions"
	}
	for _, f := range n.Attachments {
		it.Files = append(it.Files, orderpage.NoteFile{
			Name: f.FileName, URL: root + "/files/" + f.ID, Size: fileSize(f.Size), Image: f.ContentType != "application/pdf",
		})
	}
	if u.Can(auth.OrderUpdate) {
		it.PinAction = root + "/pin"
		if desk.MayChangeNote(u, n) {
			it.EditAction, it.DeleteAction = root+"/edit", root+"/delete"
		}
	}
	if st != nil && st.noteID == n.ID {
		it.Error = st.problem
		if st.text != "" {
			it.Text = st.text
		}
	}
	return it
}

// pinnedView lists the pinned notes for the order's head, newest pin first.
func pinnedView(list []store.Note) []orderpage.PinnedNote {
	var pinned []store.Note
	for _, n := range list {
		if n.PinnedAt != nil && n.DeletedAt == nil {
			pinned = append(pinned, n)
		}
	}
	slices.SortStableFunc(pinned, func(a, b store.Note) int { return b.PinnedAt.Compare(*a.PinnedAt) })
	out := make([]orderpage.PinnedNote, 0, len(pinned))
	for _, n := range pinned {
		out = append(out, orderpage.PinnedNote{ID: n.ID, FirstLine: n.FirstLine, HTML: notes.Render(n.Body), Who: n.Author()})
	}
	return out
}

// noteRevisionsView is the page of a note's versions, newest first.
func noteRevisionsView(head orderpage.Page, n store.Note, revs []store.NoteRevision) orderpage.NoteRevisions {
	v := orderpage.NoteRevisions{Order: head, NoteURL: "/orders/" + n.OrderID + "#note-" + n.ID}
	if n.DeletedAt != nil {
		v.Deleted = "Note deleted by " + n.DeletedBy + ", " + base.When(*n.DeletedAt)
	}
	for i := len(revs) - 1; i >= 0; i-- {
		rv := revs[i]
		v.Versions = append(v.Versions, orderpage.NoteVersion{Number: rv.Revision, When: base.When(rv.WrittenAt), By: rv.ActorLabel, HTML: notes.Render(rv.Body)})
	}
	return v
}

func fileSize(n int) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.Itoa(n>>10) + " KB"
	}
	return strconv.Itoa(n) + " bytes"
}
