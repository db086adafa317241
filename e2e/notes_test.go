package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/listing"
	"orderdesk/internal/testenv"
)

// TestNoteMentionSeenByTheOtherUser: a clerk presses n on an order, writes a note mentioning
// the manager and pins it (htmx, the page intact after each); the order list shows the pin
// titled with the note's first line. The manager, on a tablet, sees one unread mention in the
// top bar, opens the inbox, follows the link to the note, and the count is gone.
func TestNoteMentionSeenByTheOtherUser(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	o := editableOrder(t, srv, 83)

	a := browser(t, 1366, 900)
	signInAs(t, a, srv, "clerk@example.com")
	must(t, chromedp.Do(a,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-page"]`)),
		chromedp.KeyEvent("n"),
	))
	focused, err := chromedp.Run(a, chromedp.Evaluate[string](`document.activeElement.id`))
	must(t, err)
	if focused != "note-text" {
		t.Fatalf("after n the focus is on %q, want the new-note box", focused)
	}
	const first = "Customer asks for a call back before noon"
	must(t, chromedp.Do(a,
		chromedp.SendKeys(chromedp.ID("note-text"), first+"\n@manager can you take it? Ticket: https://example.com/t/1"),
		chromedp.Click(chromedp.CSS(`[data-testid="note-submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="note"] .mention`)),
	))
	assertPageIntact(t, a, "after adding a note")
	text, err := chromedp.Run(a, chromedp.Text(chromedp.CSS(`[data-testid="note"] .note-text`)))
	must(t, err)
	if !strings.Contains(text, first) || !strings.Contains(text, "@manager") {
		t.Errorf("the note reads %q", text)
	}
	if v, err := chromedp.Run(a, chromedp.Evaluate[string](`document.getElementById("note-text").value`)); err != nil || v != "" {
		t.Errorf("the new-note box holds %q after the note was added (%v)", v, err)
	}
	must(t, chromedp.Do(a,
		chromedp.Click(chromedp.CSS(`[data-testid="note-pin"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="pinned-notes"]`)),
	))
	assertPageIntact(t, a, "after pinning the note")
	screenshot(t, a, "notes-order-desktop")

	must(t, chromedp.Do(a,
		chromedp.Navigate(srv.URL+"/orders"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="pin-icon"]`)),
	))
	title, err := chromedp.Run(a, chromedp.Evaluate[string](`document.querySelector('[data-testid="pin-icon"]').title`))
	must(t, err)
	if title != first {
		t.Errorf("the list's pin is titled %q, want the note's first line", title)
	}
	row, err := chromedp.Run(a, chromedp.Evaluate[string](`document.querySelector('[data-testid="pin-icon"]').closest("tr").innerText`))
	must(t, err)
	if !strings.Contains(row, o.Number) {
		t.Errorf("the pin is on the row %q, not on %s", row, o.Number)
	}
	screenshot(t, a, "notes-list-desktop")

	notes, err := srv.Store.OrderNotes(context.Background(), o.ID, 5)
	must(t, err)
	if len(notes) != 1 {
		t.Fatalf("%d notes stored", len(notes))
	}
	anchor := "#note-" + notes[0].ID

	b := browser(t, 820, 1180)
	signInAs(t, b, srv, "manager@example.com")
	count, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`[data-testid="mentions-unread"]`)))
	must(t, err)
	if strings.TrimSpace(count) != "1" {
		t.Errorf("the manager's unread mentions read %q, want 1", count)
	}
	must(t, chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`[data-testid="mentions-link"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="mention-unread"]`)),
	))
	inbox, err := chromedp.Run(b, chromedp.Text(chromedp.CSS(`[data-testid="mentions"]`)))
	must(t, err)
	for _, want := range []string{o.Number, first, "Test clerk", "unread"} {
		if !strings.Contains(inbox, want) {
			t.Errorf("the inbox lacks %q:\n%s", want, inbox)
		}
	}
	noDuplicateIDs(t, b, "mentions inbox")
	screenshot(t, b, "notes-mentions-tablet")
	must(t, chromedp.Do(b,
		chromedp.Click(chromedp.CSS(`[data-testid="mention-link"]`)),
		chromedp.WaitVisible(chromedp.CSS(anchor)),
	))
	loc, err := chromedp.Run(b, chromedp.Location())
	must(t, err)
	if !strings.HasSuffix(loc, "/orders/"+o.ID+anchor) {
		t.Errorf("the mention led to %s, want the note on the order page", loc)
	}
	left, err := chromedp.Run(b, chromedp.Evaluate[bool](`!!document.querySelector('[data-testid="mentions-unread"]')`))
	must(t, err)
	if left {
		t.Error("the unread count is still shown after opening the note")
	}
	noDuplicateIDs(t, b, "order page with notes")
	screenshot(t, b, "notes-order-tablet")
	manager, err := srv.Store.UserByEmail(context.Background(), "manager@example.com")
	must(t, err)
	if n, err := srv.Store.UnreadMentions(context.Background(), manager.ID, listing.Scope{}); err != nil || n != 0 {
		t.Errorf("unread mentions stored: %d, %v", n, err)
	}
}

// TestTypedNoteSurvivesAnotherSave: a line saved while a note is being typed refreshes the
// timeline out of band, but the note box keeps what was typed, and the note then saves.
func TestTypedNoteSurvivesAnotherSave(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	o := editableOrder(t, srv, 84)
	li := o.Items[0]
	ctx := browser(t, 1366, 900)
	signInAs(t, ctx, srv, "clerk@example.com")
	line := `#edit-line-` + li.ID
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="order-page"]`)),
		chromedp.KeyEvent("n"),
		chromedp.WaitVisible(chromedp.ID("note-text")),
		chromedp.SetValue(chromedp.ID("note-text"), "Keep this note while the line is saved"),
		chromedp.Click(chromedp.CSS(`[data-testid="edit-line-`+li.ID+`"] > summary`)),
		chromedp.WaitVisible(chromedp.CSS(line+` input[name="quantity"]`)),
		chromedp.SetValue(chromedp.CSS(line+` input[name="quantity"]`), "2"),
		chromedp.Click(chromedp.CSS(line+` button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#line-`+li.ID+` [data-testid="saved-note"]`)),
	))
	assertPageIntact(t, ctx, "a line saved beside a note being typed")
	kept, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("note-text")))
	must(t, err)
	if kept != "Keep this note while the line is saved" {
		t.Fatalf("the note box holds %q after another save, want what was typed", kept)
	}
	must(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`[data-testid="note-submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="note"]`)),
	))
	assertPageIntact(t, ctx, "the kept note saved")
	notes, err := srv.Store.OrderNotes(context.Background(), o.ID, 5)
	must(t, err)
	if len(notes) != 1 || notes[0].Body != "Keep this note while the line is saved" {
		t.Fatalf("notes stored: %+v", notes)
	}
}
