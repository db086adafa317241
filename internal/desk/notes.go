package desk

import (
	"context"
	"errors"
	"slices"
	"strings"

	"orderdesk/internal/auth"
	"orderdesk/internal/notes"
	"orderdesk/internal/store"
)

// ErrNotYourNote says a note was written by someone else and the user may not change it: only
// its author, or someone who may delete orders, edits or deletes a note. Nothing was saved.
var ErrNotYourNote = errors.New("only its author, or someone who may delete orders, may change this note")

// MayChangeNote says whether u may edit or delete n.
func MayChangeNote(u *auth.User, n store.Note) bool {
	return n.WrittenBy(u.ID) || u.Can(auth.OrderDelete)
}

// AddNote writes a staff note on an order: its text checked, its @mentions resolved to
// colleagues (an unknown or ambiguous name is refused, naming it), its files as given
// (checked by the caller). The order itself does not change.
func (d *Desk) AddNote(ctx context.Context, by store.Actor, orderID, text string, files []store.NoteFile) (store.Note, error) {
	w, err := d.noteWrite(ctx, text)
	if err != nil {
		return store.Note{}, err
	}
	w.Files = files
	return d.store.AddNote(ctx, by, orderID, w)
}

// EditNote replaces a note's text, keeping the old one as a revision; u must be allowed
// (MayChangeNote). Saving the same text is store.ErrNothingChanged.
func (d *Desk) EditNote(ctx context.Context, by store.Actor, u *auth.User, orderID, noteID, text string) error {
	w, err := d.noteWrite(ctx, text)
	if err != nil {
		return err
	}
	return d.store.EditNote(ctx, by, orderID, noteID, w, allowChange(u))
}

// DeleteNote deletes a note (its entry stays: "deleted by"); u must be allowed.
func (d *Desk) DeleteNote(ctx context.Context, by store.Actor, u *auth.User, orderID, noteID string) error {
	return d.store.DeleteNote(ctx, by, orderID, noteID, allowChange(u))
}

// PinNote pins or unpins a note: anyone who may update orders may, whoever wrote it.
func (d *Desk) PinNote(ctx context.Context, by store.Actor, orderID, noteID string, pin bool) error {
	return d.store.PinNote(ctx, by, orderID, noteID, pin)
}

func allowChange(u *auth.User) func(store.Note) error {
	return func(n store.Note) error {
		if !MayChangeNote(u, n) {
			return ErrNotYourNote
		}
		return nil
	}
}

func (d *Desk) noteWrite(ctx context.Context, text string) (store.NoteWrite, error) {
	text = notes.Clean(text)
	if p := notes.Problem(text); p != "" {
		return store.NoteWrite{}, refuse("%s", p)
	}
	names := notes.Mentions(text)
	w := store.NoteWrite{Body: text}
	if len(names) == 0 {
		return w, nil
	}
	users, err := d.store.Users(ctx)
	if err != nil {
		return store.NoteWrite{}, err
	}
	for _, name := range names {
		u, msg := MentionedUser(name, users)
		if msg != "" {
			return store.NoteWrite{}, refuse("%s", msg)
		}
		if !slices.Contains(w.Mentions, u.ID) {
			w.Mentions = append(w.Mentions, u.ID)
		}
	}
	return w, nil
}

// MentionedUser is the colleague @name means: the one active account whose e-mail starts
// with name before its @, or whose name without spaces is name (case does not matter). The
// message says why there is none.
func MentionedUser(name string, users []auth.User) (auth.User, string) {
	name = strings.ToLower(name)
	var found []auth.User
	for _, u := range users {
		if u.DisabledAt != nil {
			continue
		}
		local, _, _ := strings.Cut(strings.ToLower(u.Email), "@")
		if local == name || strings.ToLower(strings.Join(strings.Fields(u.Name), "")) == name {
			found = append(found, u)
		}
	}
	switch len(found) {
	case 1:
		return found[0], ""
	case 0:
		return auth.User{}, "Nobody here is called @" + name + ": mention a colleague by their e-mail before the @ (for example @" +
			exampleLocal(users) + "). Nothing was saved."
	}
	var emails []string
	for _, u := range found {
		emails = append(emails, u.Email)
	}
	return auth.User{}, "@" + name + " could be " + strings.Join(emails, " or ") + ": write the name as their e-mail starts. Nothing was saved."
}

func exampleLocal(users []auth.User) string {
	for _, u := range users {
		if u.DisabledAt == nil {
			local, _, _ := strings.Cut(u.Email, "@")
			return strings.ToLower(local)
		}
	}
	return "clerk"
}
