package orderpage

// Timeline is the order's history and staff notes in one list, newest first, with the
// new-note box for those who may write notes.
type Timeline struct {
	OrderID    string
	Items      []TimelineItem
	HistoryURL string // the full history ("show more")
	CSRF       string
	Compose    *NoteForm // nil without order:update
}

// TimelineItem is one change set or one note.
type TimelineItem struct {
	Change *Entry
	Note   *NoteItem
}

// NoteItem is one staff note as the timeline shows it.
type NoteItem struct {
	ID, When, Who, WhoEmail string
	HTML                    string // the text rendered by notes.Render: escaped, only its own elements
	Text                    string // the text as written, for the edit box
	Edited                  string // "edited by X, when"; empty when never edited
	RevisionsURL            string // the note's versions; empty with one
	Pinned                  bool
	Deleted                 string // "Note deleted by X" for a deleted note (nothing else shown)
	Files                   []NoteFile
	PinAction               string // pin or unpin; empty without order:update
	EditAction              string // empty unless the user may change the note
	DeleteAction            string
	Error                   string // the edit's refusal, shown in its form
}

// Anchor is the note's fragment on the order page (mentions link to it).
func (n NoteItem) Anchor() string { return "note-" + n.ID }

// NoteFile is an attachment: a picture shown as a thumbnail, a PDF as a link.
type NoteFile struct {
	Name, URL, Size string
	Image           bool
}

// NoteForm is the new-note box.
type NoteForm struct {
	Action, Text, Error string
	MaxFileMB           string
}

// PinnedNote is a pinned note in the order's head.
type PinnedNote struct {
	ID, FirstLine, HTML, Who string
}

// Mentions is a user's inbox of notes that mention them.
type Mentions struct {
	Items []MentionItem
}

// MentionItem is one mention: the order, who wrote, the note's first line, when, read or not.
type MentionItem struct {
	Order, Author, FirstLine, When, URL string
	Unread                              bool
}

// NoteRevisions is the page of one note's versions.
type NoteRevisions struct {
	Order    Page
	NoteURL  string
	Versions []NoteVersion
	Deleted  string
}

// NoteVersion is one version of a note's text.
type NoteVersion struct {
	Number   int
	When, By string
	HTML     string
}
