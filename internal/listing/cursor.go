package listing

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"time"
)

// Cursor marks a row of the list: the value of the sort column, the created date and the id,
// which together order every row exactly (keyset paging: no OFFSET, pages stay fast however
// deep, and rows added meanwhile do not shift a page).
type Cursor struct {
	Value   string    `json:"v"` // the sort column's value as text; the score when by relevance
	Created time.Time `json:"c"`
	ID      string    `json:"i"`
}

// Encode writes the cursor for a URL.
func (c Cursor) Encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ErrBadCursor is a cursor that was not made by Encode.
var ErrBadCursor = errors.New("listing: bad page cursor")

// DecodeCursor reads a cursor from a URL.
func DecodeCursor(s string) (*Cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, ErrBadCursor
	}
	var c Cursor
	if err := json.Unmarshal(b, &c); err != nil || c.ID == "" {
		return nil, ErrBadCursor
	}
	return &c, nil
}
