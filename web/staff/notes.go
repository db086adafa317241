package staff

import (
	"bytes"
	"errors"
	"image"
	_ "image/gif" // image.DecodeConfig reads the attachment pictures' sizes
	_ "image/jpeg"
	_ "image/png"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	_ "golang.org/x/image/webp"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// maxNoteFiles is how many files one note may carry.
const maxNoteFiles = 5

// noteState is a note form's answer: which form (noteID, empty for the new-note box), what
// was typed and what was wrong with it.
type noteState struct {
	noteID, text, problem string
}

// createNote adds a staff note to an order: text, optional pictures and PDFs. A plain POST
// redirects to the note; htmx gets the timeline back (and the pinned notes, out of band).
func (s *Server) createNote(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.ErrorPage(w, r, http.StatusRequestEntityTooLarge, "Too much data", "The note and its files are larger than this server accepts; nothing was saved.")
			return
		}
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The note could not be read.")
		return
	}
	o, ok := s.noteOrder(w, r)
	if !ok {
		return
	}
	text := r.PostFormValue("text")
	files, problem := s.readNoteFiles(r)
	if problem != "" {
		s.answerNote(w, r, o, &noteState{text: text, problem: problem}, http.StatusUnprocessableEntity)
		return
	}
	n, err := s.Desk.AddNote(r.Context(), s.Actor(r), o.ID, text, files)
	if s.noteRefused(w, r, o, err, &noteState{text: text}) {
		return
	}
	s.noteDone(w, r, o, n.ID, "Note added.")
}

// editNote replaces a note's text; its author, or someone who may delete orders, may.
func (s *Server) editNote(w http.ResponseWriter, r *http.Request) {
	o, ok := s.noteOrder(w, r)
	if !ok {
		return
	}
	noteID, text := r.PathValue("noteId"), r.PostFormValue("text")
	err := s.Desk.EditNote(r.Context(), s.Actor(r), base.State(r).User, o.ID, noteID, text)
	if errors.Is(err, store.ErrNothingChanged) {
		s.noteDone(w, r, o, noteID, "The note was left as it was.")
		return
	}
	if s.noteRefused(w, r, o, err, &noteState{noteID: noteID, text: text}) {
		return
	}
	s.noteDone(w, r, o, noteID, "Note saved.")
}

// deleteNote deletes a note; its entry stays in the timeline ("deleted by").
func (s *Server) deleteNote(w http.ResponseWriter, r *http.Request) {
	o, ok := s.noteOrder(w, r)
	if !ok {
		return
	}
	noteID := r.PathValue("noteId")
	err := s.Desk.DeleteNote(r.Context(), s.Actor(r), base.State(r).User, o.ID, noteID)
	if s.noteRefused(w, r, o, err, &noteState{noteID: noteID}) {
		return
	}
	s.noteDone(w, r, o, noteID, "Note deleted.")
}

// pinNote pins (pin=true) or unpins a note.
func (s *Server) pinNote(w http.ResponseWriter, r *http.Request) {
	o, ok := s.noteOrder(w, r)
	if !ok {
		return
	}
	noteID := r.PathValue("noteId")
	pin := r.PostFormValue("pin") != "false"
	err := s.Desk.PinNote(r.Context(), s.Actor(r), o.ID, noteID, pin)
	if errors.Is(err, store.ErrNothingChanged) {
		err = nil
	}
	if s.noteRefused(w, r, o, err, &noteState{noteID: noteID}) {
		return
	}
	msg := "Note pinned."
	if !pin {
		msg = "Note unpinned."
	}
	s.noteDone(w, r, o, noteID, msg)
}

// noteRevisions lists a note's versions: who wrote each and when.
func (s *Server) noteRevisions(w http.ResponseWriter, r *http.Request) {
	o, ok := s.noteOrder(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	n, err := s.Store.Note(ctx, o.ID, r.PathValue("noteId"))
	if base.IsNotFound(err) {
		s.NotFound(w, r)
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	revs, err := s.Store.NoteRevisions(ctx, o.ID, n.ID)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	head := historyHead(o, base.State(r).User.Can(auth.OrderReadPrices), s.Store.Rules().Statuses)
	head.Tab = "order"
	s.Page(w, r, http.StatusOK, "Versions of a note on "+o.Number, orderpage.NoteRevisionsPage(noteRevisionsView(head, n, revs)))
}

// noteFile serves an attachment of a note on an order the user may see, as what its bytes
// are: a picture inline under a policy that runs nothing, a PDF as a download.
func (s *Server) noteFile(w http.ResponseWriter, r *http.Request) {
	o, ok := s.noteOrder(w, r)
	if !ok {
		return
	}
	f, err := s.Store.NoteFile(r.Context(), o.ID, r.PathValue("fileId"))
	if err == nil && f.NoteID != r.PathValue("noteId") {
		err = order.ErrNotFound
	}
	if base.IsNotFound(err) {
		s.NotFound(w, r)
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	disposition := "inline"
	if f.ContentType == "application/pdf" {
		disposition = "attachment"
	}
	base.ServeStoredFile(w, r, f.ContentType, f.SHA256, mime.FormatMediaType(disposition, map[string]string{"filename": f.FileName}), f.Body)
}

// noteOrder reads the order of a note route, in the user's scope (404 alike otherwise), and
// checks the ids in the path.
func (s *Server) noteOrder(w http.ResponseWriter, r *http.Request) (*order.CustomerOrder, bool) {
	id := r.PathValue("id")
	for _, v := range []string{id, r.PathValue("noteId"), r.PathValue("fileId")} {
		if v != "" && !ids.Valid(v) {
			s.NotFound(w, r)
			return nil, false
		}
	}
	if !ids.Valid(id) {
		s.NotFound(w, r)
		return nil, false
	}
	return s.scopedOrder(w, r, id)
}

// noteRefused answers a note write that did not go through; false when err is nil.
func (s *Server) noteRefused(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, err error, st *noteState) bool {
	var refusal *desk.Refusal
	switch {
	case err == nil:
		return false
	case base.IsNotFound(err):
		s.NotFound(w, r)
	case errors.Is(err, desk.ErrNotYourNote):
		s.ErrorPage(w, r, http.StatusForbidden, "Not allowed", "Only the note's author, or someone who may delete orders, may change it.")
	case errors.As(err, &refusal):
		st.problem = refusal.Message
		s.answerNote(w, r, o, st, http.StatusUnprocessableEntity)
	default:
		s.ServerError(w, r, err)
	}
	return true
}

// noteDone answers a note write that went through.
func (s *Server) noteDone(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, noteID, message string) {
	if !base.IsHTMX(r) {
		s.Flash(w, r, "success", message)
		http.Redirect(w, r, "/orders/"+o.ID+"#note-"+noteID, http.StatusSeeOther)
		return
	}
	s.answerNote(w, r, o, nil, http.StatusOK)
}

// answerNote renders the timeline with one note form's state: with htmx the timeline and the
// pinned notes (out of band), else the whole order page.
func (s *Server) answerNote(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, st *noteState, status int) {
	if !base.IsHTMX(r) {
		v, err := s.livePage(r, o, nil)
		if err == nil {
			err = s.withTimeline(r, o, &v, nil, st)
		}
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		s.Page(w, r, status, "Order "+o.Number, orderpage.OrderPage(v))
		return
	}
	var v orderpage.Page
	if err := s.withTimeline(r, o, &v, nil, st); err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.Render(w, r, status, templ.Join(orderpage.TimelinePanel(v.Timeline), orderpage.OOB("pinned-box", orderpage.PinnedNotes(v.Pinned))))
}

// readNoteFiles reads the "file" uploads: pictures (JPEG, PNG, WebP, GIF) and PDFs, judged by
// their bytes, each at most [orders] max_photo_bytes. The message says what is wrong.
func (s *Server) readNoteFiles(r *http.Request) ([]store.NoteFile, string) {
	if r.MultipartForm == nil {
		return nil, ""
	}
	var out []store.NoteFile
	limit := s.Cfg.Orders.MaxPhotoBytes
	for _, fh := range r.MultipartForm.File["file"] {
		if fh.Size == 0 && fh.Filename == "" {
			continue // the file input left empty
		}
		name := cleanFileName(fh.Filename)
		if len(out) == maxNoteFiles {
			return nil, "A note carries at most " + strconv.Itoa(maxNoteFiles) + " files; nothing was saved."
		}
		tooBig := name + " is larger than " + strconv.FormatInt(limit>>20, 10) + " MB; nothing was saved."
		if fh.Size > limit {
			return nil, tooBig
		}
		f, err := fh.Open()
		if err != nil {
			return nil, name + " could not be read; nothing was saved."
		}
		body, err := io.ReadAll(io.LimitReader(f, limit+1))
		_ = f.Close()
		switch {
		case err != nil:
			return nil, name + " could not be read; nothing was saved."
		case int64(len(body)) > limit:
			return nil, tooBig
		case len(body) == 0:
			return nil, name + " is empty; nothing was saved."
		}
		ct, problem := sniffNoteFile(body)
		if problem != "" {
			return nil, name + ": " + problem
		}
		out = append(out, store.NoteFile{FileName: name, ContentType: ct, Body: body})
	}
	return out, ""
}

// noteImageTypes are the pictures a note may carry, by what their bytes say they are.
var noteImageTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/webp": true, "image/gif": true}

// The largest attached picture, in pixels (as for delivery photos).
const (
	maxNoteImageSide   = 12000
	maxNoteImagePixels = 64_000_000
)

// sniffNoteFile judges an attachment by its bytes, not its name or claimed type: a picture
// that decodes to a sane size, or a PDF.
func sniffNoteFile(body []byte) (contentType, problem string) {
	ct := http.DetectContentType(body)
	if ct == "application/pdf" && bytes.HasPrefix(body, []byte("%PDF-")) {
		return ct, ""
	}
	if !noteImageTypes[ct] {
		return "", "only pictures (JPEG, PNG, WebP, GIF) and PDFs can be attached; nothing was saved."
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(body))
	switch {
	case err != nil:
		return "", "this picture could not be read; nothing was saved."
	case cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > maxNoteImageSide || cfg.Height > maxNoteImageSide ||
		cfg.Width*cfg.Height > maxNoteImagePixels:
		return "", "this picture is " + strconv.Itoa(cfg.Width) + " × " + strconv.Itoa(cfg.Height) + " pixels; at most 12000 on a side and 64 megapixels are accepted. Nothing was saved."
	}
	return ct, ""
}

// cleanFileName keeps the last element of an uploaded file's name, printable, at most 200
// characters.
func cleanFileName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	if name == "" || name == "." || name == "/" {
		name = "file"
	}
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	return name
}
