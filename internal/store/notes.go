package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/ids"
	"orderdesk/internal/listing"
	"orderdesk/internal/notes"
	"orderdesk/internal/order"
	"orderdesk/internal/search"
)

// Note is a staff note on an order. Notes live beside the order document: writing one never
// changes the order's version, so it never conflicts with an edit in progress.
type Note struct {
	ID          string     `db:"id"`
	OrderID     string     `db:"order_id"`
	Body        string     `db:"body"`
	FirstLine   string     `db:"first_line"`
	AuthorID    *string    `db:"author_id"`
	AuthorLabel string     `db:"author_label"`
	CreatedAt   time.Time  `db:"created_at"`
	Revision    int        `db:"revision"`
	EditedAt    *time.Time `db:"edited_at"`
	EditedBy    string     `db:"edited_by"`
	PinnedAt    *time.Time `db:"pinned_at"`
	DeletedAt   *time.Time `db:"deleted_at"`
	DeletedBy   string     `db:"deleted_by"`
	// AuthorName is the author's display name when they have an account (read with the note).
	AuthorName  string `db:"author_name"`
	Attachments []NoteFileRef
}

// Author is who wrote the note, by name when known.
func (n Note) Author() string {
	if n.AuthorName != "" {
		return n.AuthorName
	}
	return n.AuthorLabel
}

// WrittenBy says whether userID wrote the note.
func (n Note) WrittenBy(userID string) bool {
	return n.AuthorID != nil && userID != "" && *n.AuthorID == userID
}

const noteColumns = `n.id, n.order_id, n.body, n.first_line, n.author_id, n.author_label, n.created_at,
		       n.revision, n.edited_at, n.edited_by, n.pinned_at, n.deleted_at, n.deleted_by,
		       COALESCE(u.name, '') AS author_name`

const noteFrom = `order_notes n LEFT JOIN users u ON u.id = n.author_id`

// NoteRevision is one version of a note's text: who wrote it and when.
type NoteRevision struct {
	NoteID     string    `db:"note_id"`
	Revision   int       `db:"revision"`
	Body       string    `db:"body"`
	ActorLabel string    `db:"actor_label"`
	WrittenAt  time.Time `db:"written_at"`
}

// NoteFile is a file attached to a note, with its bytes.
type NoteFile struct {
	ID          string    `db:"id"`
	OrderID     string    `db:"order_id"`
	NoteID      string    `db:"note_id"`
	FileName    string    `db:"file_name"`
	ContentType string    `db:"content_type"`
	Size        int       `db:"size"`
	SHA256      string    `db:"sha256"`
	Body        []byte    `db:"body"`
	CreatedBy   string    `db:"created_by"`
	CreatedAt   time.Time `db:"created_at"`
}

// NoteFileRef is an attachment without its bytes.
type NoteFileRef struct {
	ID          string `db:"id"`
	OrderID     string `db:"order_id"`
	NoteID      string `db:"note_id"`
	FileName    string `db:"file_name"`
	ContentType string `db:"content_type"`
	Size        int    `db:"size"`
}

// NoteWrite is a note's new text and the accounts it mentions (user ids, resolved by the desk).
type NoteWrite struct {
	Body     string
	Mentions []string
	Files    []NoteFile // only when adding a note
}

// AddNote writes a new note on an order with its first revision, its files and its mentions,
// audited in the same transaction. The order is only read, never locked or changed.
func (s *Store) AddNote(ctx context.Context, by Actor, orderID string, in NoteWrite) (Note, error) {
	now := s.Now()
	n := Note{ID: ids.New(), OrderID: orderID, Body: in.Body, FirstLine: notes.FirstLine(in.Body),
		AuthorID: nullable(by.UserID), AuthorLabel: truncate(actorName(by), 256), CreatedAt: now, Revision: 1}
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		if err := orderExists(ctx, tx, orderID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO order_notes
				(order_id, id, body, first_line, words, author_id, author_label, created_at, revision)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)`,
			n.OrderID, n.ID, n.Body, truncate(n.FirstLine, 200), noteWords(n.Body), n.AuthorID, n.AuthorLabel, now); err != nil {
			return fmt.Errorf("store: note on order %s: %w", orderID, err)
		}
		if err := addRevision(ctx, tx, by, n, now); err != nil {
			return err
		}
		for _, f := range in.Files {
			ref, err := addNoteFile(ctx, tx, by, n, f, now)
			if err != nil {
				return err
			}
			n.Attachments = append(n.Attachments, ref)
		}
		if err := setMentions(ctx, tx, n, in.Mentions, now); err != nil {
			return err
		}
		return s.recordEvent(ctx, tx, by, "note.created", n.ID, noteDetail(n, len(in.Files), in.Mentions))
	})
	if err != nil {
		return Note{}, err
	}
	return n, nil
}

// EditNote replaces a note's text (a new revision; the old text stays in the revisions) and
// its mentions, audited in the same transaction. allow decides, on the note as stored,
// whether by may edit it (an error refuses; nothing is written).
func (s *Store) EditNote(ctx context.Context, by Actor, orderID, noteID string, in NoteWrite, allow func(Note) error) error {
	now := s.Now()
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		n, err := lockNote(ctx, tx, orderID, noteID)
		if err != nil {
			return err
		}
		if err := allow(n); err != nil {
			return err
		}
		if n.Body == in.Body {
			return ErrNothingChanged
		}
		n.Body, n.FirstLine, n.Revision = in.Body, notes.FirstLine(in.Body), n.Revision+1
		if _, err := tx.ExecContext(ctx, `
			UPDATE order_notes
			SET body = ?, first_line = ?, words = ?, revision = ?, edited_at = ?, edited_by = ?
			WHERE id = ?`,
			n.Body, truncate(n.FirstLine, 200), noteWords(n.Body), n.Revision, now, truncate(actorName(by), 256), n.ID); err != nil {
			return fmt.Errorf("store: edit note %s: %w", noteID, err)
		}
		if err := addRevision(ctx, tx, by, n, now); err != nil {
			return err
		}
		if err := setMentions(ctx, tx, n, in.Mentions, now); err != nil {
			return err
		}
		if n.PinnedAt != nil {
			if err := refreshPinned(ctx, tx, orderID); err != nil {
				return err
			}
		}
		return s.recordEvent(ctx, tx, by, "note.edited", n.ID, noteDetail(n, 0, in.Mentions))
	})
}

// DeleteNote removes a note from the order's timeline: it leaves a "deleted by" entry, its
// revisions stay, its mentions and pin go. Audited in the same transaction.
func (s *Store) DeleteNote(ctx context.Context, by Actor, orderID, noteID string, allow func(Note) error) error {
	now := s.Now()
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		n, err := lockNote(ctx, tx, orderID, noteID)
		if err != nil {
			return err
		}
		if err := allow(n); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE order_notes
			SET deleted_at = ?, deleted_by = ?, pinned_at = NULL, words = ''
			WHERE id = ?`, now, truncate(actorName(by), 256), n.ID); err != nil {
			return fmt.Errorf("store: delete note %s: %w", noteID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM order_note_mentions WHERE order_id = ? AND note_id = ?`, orderID, noteID); err != nil {
			return fmt.Errorf("store: mentions of note %s: %w", noteID, err)
		}
		if n.PinnedAt != nil {
			if err := refreshPinned(ctx, tx, orderID); err != nil {
				return err
			}
		}
		return s.recordEvent(ctx, tx, by, "note.deleted", n.ID, noteDetail(n, 0, nil))
	})
}

// PinNote pins or unpins a note; the order's pinned line (the list's pin icon) follows, in the
// same transaction, audited. The order's version does not change.
func (s *Store) PinNote(ctx context.Context, by Actor, orderID, noteID string, pin bool) error {
	now := s.Now()
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		n, err := lockNote(ctx, tx, orderID, noteID)
		if err != nil {
			return err
		}
		if (n.PinnedAt != nil) == pin {
			return ErrNothingChanged
		}
		var at *time.Time
		action := "note.unpinned"
		if pin {
			at, action = &now, "note.pinned"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE order_notes SET pinned_at = ? WHERE id = ?`, at, n.ID); err != nil {
			return fmt.Errorf("store: pin note %s: %w", noteID, err)
		}
		if err := refreshPinned(ctx, tx, orderID); err != nil {
			return err
		}
		return s.recordEvent(ctx, tx, by, action, n.ID, noteDetail(n, 0, nil))
	})
}

// Note loads one note of an order (a deleted one too); a missing one is order.ErrNotFound.
func (s *Store) Note(ctx context.Context, orderID, noteID string) (Note, error) {
	var n Note
	err := s.db.GetContext(ctx, &n, `
		SELECT `+noteColumns+`
		FROM `+noteFrom+`
		WHERE n.id = ? AND n.order_id = ?`, noteID, orderID)
	if errors.Is(err, sql.ErrNoRows) {
		return Note{}, fmt.Errorf("store: note %s of order %s: %w", noteID, orderID, order.ErrNotFound)
	}
	if err != nil {
		return Note{}, fmt.Errorf("store: note %s of order %s: %w", noteID, orderID, err)
	}
	return n, nil
}

// OrderNotes lists an order's notes newest first (deleted ones too, for their entry), at most
// limit, with their attachments: two queries.
func (s *Store) OrderNotes(ctx context.Context, orderID string, limit int) ([]Note, error) {
	var list []Note
	if err := s.db.SelectContext(ctx, &list, `
		SELECT `+noteColumns+`
		FROM `+noteFrom+`
		WHERE n.order_id = ?
		ORDER BY n.created_at DESC, n.id DESC
		LIMIT ?`, orderID, limit); err != nil {
		return nil, fmt.Errorf("store: notes of order %s: %w", orderID, err)
	}
	if len(list) == 0 {
		return list, nil
	}
	var refs []NoteFileRef
	if err := s.db.SelectContext(ctx, &refs, `
		SELECT id, order_id, note_id, file_name, content_type, size
		FROM order_note_attachments
		WHERE order_id = ?
		ORDER BY id`, orderID); err != nil {
		return nil, fmt.Errorf("store: note files of order %s: %w", orderID, err)
	}
	index := make(map[string]int, len(list))
	for i, n := range list {
		index[n.ID] = i
	}
	for _, f := range refs {
		if i, ok := index[f.NoteID]; ok && list[i].DeletedAt == nil {
			list[i].Attachments = append(list[i].Attachments, f)
		}
	}
	return list, nil
}

// PinnedNotes lists an order's pinned notes, newest pin first.
func (s *Store) PinnedNotes(ctx context.Context, orderID string) ([]Note, error) {
	var list []Note
	if err := s.db.SelectContext(ctx, &list, `
		SELECT `+noteColumns+`
		FROM `+noteFrom+`
		WHERE n.order_id = ? AND n.pinned_at IS NOT NULL AND n.deleted_at IS NULL
		ORDER BY n.pinned_at DESC`, orderID); err != nil {
		return nil, fmt.Errorf("store: pinned notes of order %s: %w", orderID, err)
	}
	return list, nil
}

// NoteRevisions lists a note's versions, oldest first.
func (s *Store) NoteRevisions(ctx context.Context, orderID, noteID string) ([]NoteRevision, error) {
	var out []NoteRevision
	if err := s.db.SelectContext(ctx, &out, `
		SELECT note_id, revision, body, actor_label, written_at
		FROM order_note_revisions
		WHERE note_id = ? AND order_id = ?
		ORDER BY revision`, noteID, orderID); err != nil {
		return nil, fmt.Errorf("store: revisions of note %s: %w", noteID, err)
	}
	return out, nil
}

// NoteFile loads one attachment of an order's live note with its bytes; a missing one, or one
// of a deleted note, is order.ErrNotFound.
func (s *Store) NoteFile(ctx context.Context, orderID, id string) (NoteFile, error) {
	var f NoteFile
	err := s.db.GetContext(ctx, &f, `
		SELECT a.id, a.order_id, a.note_id, a.file_name, a.content_type, a.size, a.sha256, a.body, a.created_by, a.created_at
		FROM order_note_attachments a
		JOIN order_notes n ON n.id = a.note_id
		WHERE a.order_id = ? AND a.id = ? AND n.deleted_at IS NULL`, orderID, id)
	if errors.Is(err, sql.ErrNoRows) {
		return NoteFile{}, fmt.Errorf("store: note file %s of order %s: %w", id, orderID, order.ErrNotFound)
	}
	if err != nil {
		return NoteFile{}, fmt.Errorf("store: note file %s of order %s: %w", id, orderID, err)
	}
	return f, nil
}

// Mention is a note that mentions someone, as their inbox lists it.
type Mention struct {
	NoteID      string     `db:"note_id"`
	OrderID     string     `db:"order_id"`
	OrderNumber string     `db:"number"`
	AuthorLabel string     `db:"author_label"`
	AuthorName  string     `db:"author_name"`
	FirstLine   string     `db:"first_line"`
	CreatedAt   time.Time  `db:"created_at"`
	ReadAt      *time.Time `db:"read_at"`
}

// Author is who wrote the mentioning note, by name when known.
func (m Mention) Author() string {
	if m.AuthorName != "" {
		return m.AuthorName
	}
	return m.AuthorLabel
}

// mentionScope keeps mentions to orders within a reader's scope (o is the orders table).
func mentionScope(w *conds, scope listing.Scope) {
	w.in("o.store_id", scope.StoreIDs)
	if scope.AssignedTo != "" {
		w.add("o.employee_id = ?", scope.AssignedTo)
	}
}

// UnreadMentions counts a user's unread mentions on orders in their scope: an index range on
// (user_id, read_at) joined to each order by its key.
func (s *Store) UnreadMentions(ctx context.Context, userID string, scope listing.Scope) (int, error) {
	w := &conds{}
	w.add("m.user_id = ?", userID)
	w.add("m.read_at IS NULL")
	mentionScope(w, scope)
	var n int
	if err := s.db.GetContext(ctx, &n, `
		SELECT COUNT(*)
		FROM order_note_mentions m
		JOIN orders o ON o.id = m.order_id
		WHERE `+w.sql(), w.args...); err != nil {
		return 0, fmt.Errorf("store: unread mentions of %s: %w", userID, err)
	}
	return n, nil
}

// Mentions lists a user's mentions on orders in their scope, newest first, at most limit.
func (s *Store) Mentions(ctx context.Context, userID string, scope listing.Scope, limit int) ([]Mention, error) {
	w := &conds{}
	w.add("m.user_id = ?", userID)
	w.add("n.deleted_at IS NULL")
	mentionScope(w, scope)
	var out []Mention
	if err := s.db.SelectContext(ctx, &out, `
		SELECT m.note_id, m.order_id, o.number, n.author_label, COALESCE(u.name, '') AS author_name,
		       n.first_line, n.created_at, m.read_at
		FROM order_note_mentions m
		JOIN orders o ON o.id = m.order_id
		JOIN order_notes n ON n.id = m.note_id
		LEFT JOIN users u ON u.id = n.author_id
		WHERE `+w.sql()+`
		ORDER BY m.created_at DESC, m.note_id DESC
		LIMIT ?`, append(w.args, limit)...); err != nil {
		return nil, fmt.Errorf("store: mentions of %s: %w", userID, err)
	}
	return out, nil
}

// MarkMentionsRead marks a user's mentions on one order read (they opened its page).
func (s *Store) MarkMentionsRead(ctx context.Context, userID, orderID string) error {
	if _, err := s.db.ExecContext(ctx, `
		UPDATE order_note_mentions
		SET read_at = ?
		WHERE order_id = ? AND user_id = ? AND read_at IS NULL`, s.Now(), orderID, userID); err != nil {
		return fmt.Errorf("store: read mentions of %s on %s: %w", userID, orderID, err)
	}
	return nil
}

func orderExists(ctx context.Context, tx *sqlx.Tx, orderID string) error {
	var id string
	err := tx.GetContext(ctx, &id, `SELECT id FROM orders WHERE id = ?`, orderID)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: order %s: %w", orderID, order.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: order %s: %w", orderID, err)
	}
	return nil
}

// lockNote reads a live note of an order for update; a missing or deleted one is not found.
func lockNote(ctx context.Context, tx *sqlx.Tx, orderID, noteID string) (Note, error) {
	var n Note
	err := tx.GetContext(ctx, &n, `
		SELECT `+noteColumns+`
		FROM `+noteFrom+`
		WHERE n.id = ? AND n.order_id = ? AND n.deleted_at IS NULL
		FOR UPDATE`, noteID, orderID)
	if errors.Is(err, sql.ErrNoRows) {
		return Note{}, fmt.Errorf("store: note %s of order %s: %w", noteID, orderID, order.ErrNotFound)
	}
	if err != nil {
		return Note{}, fmt.Errorf("store: note %s of order %s: %w", noteID, orderID, err)
	}
	return n, nil
}

func addRevision(ctx context.Context, tx *sqlx.Tx, by Actor, n Note, at time.Time) error {
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO order_note_revisions (order_id, note_id, revision, body, actor_id, actor_label, written_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`,
		n.OrderID, n.ID, n.Revision, n.Body, nullable(by.UserID), truncate(actorName(by), 256), at); err != nil {
		return fmt.Errorf("store: revision %d of note %s: %w", n.Revision, n.ID, err)
	}
	return nil
}

func addNoteFile(ctx context.Context, tx *sqlx.Tx, by Actor, n Note, f NoteFile, at time.Time) (NoteFileRef, error) {
	if len(f.Body) == 0 || f.ContentType == "" {
		return NoteFileRef{}, fmt.Errorf("store: file of note %s: empty or untyped", n.ID)
	}
	sum := sha256.Sum256(f.Body)
	ref := NoteFileRef{ID: ids.New(), OrderID: n.OrderID, NoteID: n.ID, FileName: truncate(f.FileName, 200), ContentType: f.ContentType, Size: len(f.Body)}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO order_note_attachments
			(order_id, id, note_id, file_name, content_type, size, sha256, body, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ref.OrderID, ref.ID, ref.NoteID, ref.FileName, ref.ContentType, ref.Size, hex.EncodeToString(sum[:]),
		f.Body, truncate(actorName(by), 256), at); err != nil {
		return NoteFileRef{}, fmt.Errorf("store: file of note %s: %w", n.ID, err)
	}
	return ref, nil
}

// setMentions makes the note's mentions exactly userIDs: new ones unread, kept ones as they
// were, dropped ones gone.
func setMentions(ctx context.Context, tx *sqlx.Tx, n Note, userIDs []string, at time.Time) error {
	del := `DELETE FROM order_note_mentions WHERE order_id = ? AND note_id = ?`
	args := []any{n.OrderID, n.ID}
	if len(userIDs) > 0 {
		del += ` AND user_id NOT IN (` + marks(len(userIDs)) + `)`
		args = append(args, anys(userIDs)...)
	}
	if _, err := tx.ExecContext(ctx, del, args...); err != nil {
		return fmt.Errorf("store: mentions of note %s: %w", n.ID, err)
	}
	for _, uid := range userIDs {
		if _, err := tx.ExecContext(ctx, `
			INSERT IGNORE INTO order_note_mentions (user_id, note_id, order_id, created_at)
			VALUES (?, ?, ?, ?)`, uid, n.ID, n.OrderID, at); err != nil {
			return fmt.Errorf("store: mention in note %s: %w", n.ID, err)
		}
	}
	return nil
}

// refreshPinned sets the order's pinned line to its newest pinned note's first line (NULL
// when none is pinned). Only that column changes: not the version, not the modified date.
func refreshPinned(ctx context.Context, tx *sqlx.Tx, orderID string) error {
	if _, err := tx.ExecContext(ctx, `
		UPDATE orders
		SET pinned_note = (
			SELECT n.first_line
			FROM order_notes n
			WHERE n.order_id = ? AND n.pinned_at IS NOT NULL AND n.deleted_at IS NULL
			ORDER BY n.pinned_at DESC, n.id DESC
			LIMIT 1)
		WHERE id = ?`, orderID, orderID); err != nil {
		return fmt.Errorf("store: pinned note of order %s: %w", orderID, err)
	}
	return nil
}

// noteWords is a note's text as search index words (as the order's search document spells
// them), so note:X finds what the keyword box finds.
func noteWords(body string) string {
	return strings.Join(search.Words(body), " ")
}

func noteDetail(n Note, files int, mentions []string) string {
	d := "order " + n.OrderID + ", revision " + fmt.Sprint(n.Revision)
	if files > 0 {
		d += fmt.Sprintf(", %d files", files)
	}
	if len(mentions) > 0 {
		d += ", mentions " + strings.Join(mentions, " ")
	}
	return d
}
