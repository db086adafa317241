package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// postNote sends the new-note form the way a browser does: multipart, with optional files
// whose claimed type is always image/png (the server must judge by the bytes).
func (c *client) postNote(orderID, text string, htmx bool, files map[string][]byte) response {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("gorilla.csrf.Token", c.token("/orders/"+orderID))
	_ = mw.WriteField("text", text)
	for name, b := range files {
		h := map[string][]string{
			"Content-Disposition": {`form-data; name="file"; filename="` + name + `"`},
			"Content-Type":        {"image/png"},
		}
		part, _ := mw.CreatePart(h)
		_, _ = part.Write(b)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.srv.URL+"/orders/"+orderID+"/notes", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.srv.URL)
	if htmx {
		req.Header.Set("HX-Request", "true")
	}
	return c.do(req)
}

// noteAction posts one of a note's forms (edit, delete, pin).
func (c *client) noteAction(orderID, noteID, action string, form url.Values) response {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("gorilla.csrf.Token", c.token("/orders/"+orderID))
	return c.post("/orders/"+orderID+"/notes/"+noteID+"/"+action, form)
}

var noteIDOf = regexp.MustCompile(`#note-([0-9A-Z]{26})$`)

// addNote posts a note and returns its id.
func (c *client) addNote(orderID, text string) string {
	c.t.Helper()
	res := c.postNote(orderID, text, false, nil)
	m := noteIDOf.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		c.t.Fatalf("add note: %d → %q\n%s", res.StatusCode, res.Header.Get("Location"), res.body)
	}
	return m[1]
}

var unreadCount = regexp.MustCompile(`data-testid="mentions-unread"[^>]*>(\d+)<`)

func unread(t *testing.T, c *client) string {
	t.Helper()
	res := c.get("/mentions")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /mentions: %d", res.StatusCode)
	}
	if !strings.Contains(res.body, `data-testid="mentions-link"`) {
		t.Fatal("the top bar has no Mentions link")
	}
	if m := unreadCount.FindStringSubmatch(res.body); m != nil {
		return m[1]
	}
	return "0"
}

func notesServer(t *testing.T) (*testenv.Server, *order.CustomerOrder, *order.CustomerOrder) {
	t.Helper()
	srv := testenv.NewServer(t, nil)
	ds := srv.SeedDemo(t, 11, 6)
	var a, b *order.CustomerOrder
	for _, d := range ds {
		switch {
		case a == nil:
			a = d.Order
		case b == nil && d.Order.StoreID != a.StoreID:
			b = d.Order
		}
	}
	if b == nil {
		t.Fatal("the demo orders are all of one store")
	}
	for _, u := range []struct{ email, role string }{
		{"clerk@example.com", auth.RoleClerk}, {"clerk2@example.com", auth.RoleClerk},
		{"manager@example.com", auth.RoleManager}, {"viewer@example.com", auth.RoleViewer},
		{"scoped@example.com", auth.RoleManager},
	} {
		srv.CreateUser(t, u.email, u.role)
	}
	return srv, a, b
}

// TestNotesMentionsAndTheirInbox: a clerk's note mentioning a manager shows, escaped, in the
// timeline; the manager's top bar counts it, the inbox lists it and opening the order reads
// it; an unknown name is refused with a message; the order's version never moves.
func TestNotesMentionsAndTheirInbox(t *testing.T) {
	t.Parallel()
	srv, o, _ := notesServer(t)
	clerk, manager := newClient(t, srv), newClient(t, srv)
	clerk.mustLogin("clerk@example.com")
	manager.mustLogin("manager@example.com")

	if n := unread(t, manager); n != "0" {
		t.Fatalf("unread before any note: %s", n)
	}
	id := clerk.addNote(o.ID, "Ask @Manager about the <script>alert(1)</script> refund\nsee https://example.com/ticket/1 and *today*")
	page := clerk.get("/orders/" + o.ID)
	for _, want := range []string{
		`id="note-` + id + `"`, `<span class="mention">@Manager</span>`, "&lt;script&gt;alert(1)&lt;/script&gt;",
		`<a href="https://example.com/ticket/1" rel="noopener noreferrer nofollow" target="_blank">`, "<strong>today</strong>", "<br>",
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("order page lacks %s", want)
		}
	}
	if strings.Contains(page.body, "<script>alert(1)") {
		t.Error("the note's HTML reached the page")
	}
	if n := unread(t, manager); n != "1" {
		t.Errorf("manager's unread = %s, want 1", n)
	}
	inbox := manager.get("/mentions")
	for _, want := range []string{o.Number, `href="/orders/` + o.ID + `#note-` + id + `"`, "Test clerk", `data-testid="mention-unread"`} {
		if !strings.Contains(inbox.body, want) {
			t.Errorf("inbox lacks %s", want)
		}
	}
	manager.get("/orders/" + o.ID)
	if n := unread(t, manager); n != "0" {
		t.Errorf("unread after opening the order = %s, want 0", n)
	}
	if inbox := manager.get("/mentions"); strings.Contains(inbox.body, `data-testid="mention-unread"`) || !strings.Contains(inbox.body, o.Number) {
		t.Error("the inbox does not show the mention as read")
	}

	res := clerk.postNote(o.ID, "ping @nobody-here", false, nil)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Nobody here is called @nobody-here") ||
		!strings.Contains(res.body, "ping @nobody-here") {
		t.Errorf("unknown mention: %d\n%s", res.StatusCode, res.body)
	}
	if res := clerk.postNote(o.ID, "   ", false, nil); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Write the note first") {
		t.Errorf("empty note: %d", res.StatusCode)
	}
	notes, _ := srv.Store.OrderNotes(context.Background(), o.ID, 10)
	if len(notes) != 1 {
		t.Errorf("%d notes stored, want 1", len(notes))
	}
	now, _ := srv.Store.Order(context.Background(), o.ID)
	if now.Version != o.Version {
		t.Errorf("a note moved the order from version %d to %d", o.Version, now.Version)
	}
}

// TestNotePermissionsAndScope: a viewer reads but cannot write; a clerk cannot change a
// colleague's note but a manager (order:delete) can; someone outside the order's stores gets
// 404 for the note's pages and files and never sees a mention on it.
func TestNotePermissionsAndScope(t *testing.T) {
	t.Parallel()
	srv, o, other := notesServer(t)
	ctx := context.Background()
	scoped, err := srv.Store.UserByEmail(ctx, "scoped@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Store.SetUserScope(ctx, store.Actor{Label: "test"}, scoped.ID, []string{other.StoreID}, false); err != nil {
		t.Fatal(err)
	}
	clerk, clerk2, manager, viewer, outsider := newClient(t, srv), newClient(t, srv), newClient(t, srv), newClient(t, srv), newClient(t, srv)
	for c, email := range map[*client]string{clerk: "clerk@example.com", clerk2: "clerk2@example.com", manager: "manager@example.com",
		viewer: "viewer@example.com", outsider: "scoped@example.com"} {
		c.mustLogin(email)
	}
	id := clerk.addNote(o.ID, "For @scoped: the courier called")
	res := clerk.postNote(o.ID, "with a file", false, map[string][]byte{"label.png": pngPhoto(t)})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("note with a picture: %d\n%s", res.StatusCode, res.body)
	}
	withFile := noteIDOf.FindStringSubmatch(res.Header.Get("Location"))[1]
	list, _ := srv.Store.OrderNotes(ctx, o.ID, 10)
	var fileURL string
	for _, n := range list {
		if n.ID == withFile && len(n.Attachments) == 1 {
			fileURL = "/orders/" + o.ID + "/notes/" + n.ID + "/files/" + n.Attachments[0].ID
		}
	}
	if fileURL == "" {
		t.Fatal("the picture was not stored")
	}

	// A viewer reads the note and its file but may not write, pin, edit or delete.
	if page := viewer.get("/orders/" + o.ID); !strings.Contains(page.body, "the courier called") || strings.Contains(page.body, `data-testid="note-form"`) ||
		strings.Contains(page.body, `data-testid="note-pin"`) {
		t.Error("a viewer does not read the note, or is offered its forms")
	}
	if f := viewer.get(fileURL); f.StatusCode != http.StatusOK || f.Header.Get("Content-Type") != "image/png" || f.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("viewer GET file: %d %q", f.StatusCode, f.Header.Get("Content-Type"))
	}
	if res := viewer.post("/orders/"+o.ID+"/notes", url.Values{"gorilla.csrf.Token": {viewer.token("/orders/" + o.ID)}, "text": {"hi"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer posts a note: %d", res.StatusCode)
	}
	for _, action := range []string{"pin", "edit", "delete"} {
		if res := viewer.noteAction(o.ID, id, action, url.Values{"text": {"x"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("viewer %s: %d", action, res.StatusCode)
		}
	}

	// Another clerk may pin but not edit or delete; the manager may edit.
	if res := clerk2.noteAction(o.ID, id, "edit", url.Values{"text": {"rewritten by clerk2"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("clerk2 edits clerk's note: %d", res.StatusCode)
	}
	if res := clerk2.noteAction(o.ID, id, "delete", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("clerk2 deletes clerk's note: %d", res.StatusCode)
	}
	if page := clerk2.get("/orders/" + o.ID); strings.Contains(page.body, `/notes/`+id+`/edit`) {
		t.Error("clerk2 is offered the edit form of clerk's note")
	}
	if res := clerk.noteAction(o.ID, id, "edit", url.Values{"text": {"For @scoped: the courier called twice"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the author edits: %d\n%s", res.StatusCode, res.body)
	}
	if res := manager.noteAction(o.ID, id, "edit", url.Values{"text": {"For @scoped: the courier called three times"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a manager edits another's note: %d", res.StatusCode)
	}
	revs, _ := srv.Store.NoteRevisions(ctx, o.ID, id)
	if len(revs) != 3 || revs[2].ActorLabel != "manager@example.com" {
		t.Errorf("revisions = %+v", revs)
	}
	if v := viewer.get("/orders/" + o.ID + "/notes/" + id + "/versions"); v.StatusCode != http.StatusOK || !strings.Contains(v.body, "called twice") ||
		!strings.Contains(v.body, "manager@example.com") {
		t.Errorf("versions page: %d", v.StatusCode)
	}

	// Outside the order's stores: 404 for everything of the note, no mention counted.
	for _, path := range []string{"/orders/" + o.ID + "/notes/" + id + "/versions", fileURL} {
		if res := outsider.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("outsider GET %s: %d", path, res.StatusCode)
		}
	}
	if res := outsider.noteAction(o.ID, id, "pin", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("outsider pins: %d", res.StatusCode)
	}
	if n := unread(t, outsider); n != "0" {
		t.Errorf("outsider's unread = %s for a mention on an order outside their scope", n)
	}
	if inbox := outsider.get("/mentions"); strings.Contains(inbox.body, o.Number) {
		t.Error("outsider's inbox lists a mention outside their scope")
	}
	// A file through another note of the same order, or another order, is not found either.
	if res := viewer.get(strings.Replace(fileURL, "/notes/"+withFile+"/", "/notes/"+id+"/", 1)); res.StatusCode != http.StatusNotFound {
		t.Errorf("file through another note: %d", res.StatusCode)
	}
	if res := viewer.get(strings.Replace(fileURL, "/orders/"+o.ID+"/", "/orders/"+other.ID+"/", 1)); res.StatusCode != http.StatusNotFound {
		t.Errorf("file through another order: %d", res.StatusCode)
	}
}

// TestNoteFilesAreJudgedByTheirBytes: a text file claiming to be a picture is refused; a PDF is
// served as a download.
func TestNoteFilesAreJudgedByTheirBytes(t *testing.T) {
	t.Parallel()
	srv, o, _ := notesServer(t)
	clerk := newClient(t, srv)
	clerk.mustLogin("clerk@example.com")
	res := clerk.postNote(o.ID, "a picture", false, map[string][]byte{"x.png": []byte("<html><script>alert(1)</script>")})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "only pictures") {
		t.Errorf("a fake picture: %d", res.StatusCode)
	}
	res = clerk.postNote(o.ID, "the label", false, map[string][]byte{"label.pdf": []byte("%PDF-1.4\n%fake but starts right\n")})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a PDF: %d\n%s", res.StatusCode, res.body)
	}
	list, _ := srv.Store.OrderNotes(context.Background(), o.ID, 10)
	if len(list) != 1 || len(list[0].Attachments) != 1 {
		t.Fatalf("notes = %+v", list)
	}
	f := clerk.get("/orders/" + o.ID + "/notes/" + list[0].ID + "/files/" + list[0].Attachments[0].ID)
	if f.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(f.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("PDF served as %q, %q", f.Header.Get("Content-Type"), f.Header.Get("Content-Disposition"))
	}
}

var anyID = regexp.MustCompile(`\sid="([^"]+)"`)

// TestNotePinSearchAndHTMX: a pinned note shows in the order's head and as the list's pin
// icon titled with its first line; note: finds the order; an htmx write answers the timeline
// once, the pinned notes out of band, and no id twice; deleting leaves "deleted by".
func TestNotePinSearchAndHTMX(t *testing.T) {
	t.Parallel()
	srv, o, other := notesServer(t)
	clerk := newClient(t, srv)
	clerk.mustLogin("clerk@example.com")
	res := clerk.postNote(o.ID, "Customer prefers a morning delivery\nring twice", true, nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("htmx note: %d\n%s", res.StatusCode, res.body)
	}
	if n := strings.Count(res.body, `id="timeline-panel"`); n != 1 {
		t.Errorf("the htmx answer holds the timeline %d times", n)
	}
	if !strings.Contains(res.body, `id="pinned-box" hx-swap-oob="innerHTML"`) {
		t.Error("the htmx answer does not refresh the pinned notes")
	}
	seen := map[string]bool{}
	for _, m := range anyID.FindAllStringSubmatch(res.body, -1) {
		if seen[m[1]] {
			t.Errorf("id %q twice in the htmx answer", m[1])
		}
		seen[m[1]] = true
	}
	list, _ := srv.Store.OrderNotes(context.Background(), o.ID, 10)
	id := list[0].ID

	if res := clerk.noteAction(o.ID, id, "pin", url.Values{"pin": {"true"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("pin: %d", res.StatusCode)
	}
	page := clerk.get("/orders/" + o.ID)
	if !strings.Contains(page.body, `data-testid="pinned-notes"`) || !strings.Contains(page.body, `title="Customer prefers a morning delivery"`) {
		t.Error("the order's head does not show the pinned note")
	}
	listPage := clerk.get("/orders")
	if !strings.Contains(listPage.body, `data-testid="pin-icon"`) || !strings.Contains(listPage.body, `title="Customer prefers a morning delivery"`) {
		t.Error("the order list shows no pin for the pinned note")
	}
	if strings.Count(listPage.body, `data-testid="pin-icon"`) != 1 {
		t.Errorf("%d pins in the list, want 1", strings.Count(listPage.body, `data-testid="pin-icon"`))
	}

	found := clerk.get("/orders?q=" + url.QueryEscape("note:morning"))
	if !strings.Contains(found.body, o.Number) || strings.Contains(found.body, other.Number) {
		t.Error("note:morning does not list just the noted order")
	}
	if none := clerk.get("/orders?q=" + url.QueryEscape("note:evening")); strings.Contains(none.body, o.Number) {
		t.Error("note:evening lists the order")
	}

	if res := clerk.noteAction(o.ID, id, "delete", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	page = clerk.get("/orders/" + o.ID)
	if !strings.Contains(page.body, "Note deleted by clerk@example.com") || strings.Contains(page.body, "ring twice") {
		t.Error("the deleted note does not leave its entry, or still shows its text")
	}
	if strings.Contains(clerk.get("/orders").body, `data-testid="pin-icon"`) {
		t.Error("the list still pins a deleted note")
	}
	if found := clerk.get("/orders?q=" + url.QueryEscape("note:morning")); strings.Contains(found.body, o.Number) {
		t.Error("note: still finds a deleted note")
	}
}
