// Package ids hands out row identifiers: ULIDs, 26 characters, unique across app servers without
// coordination and sortable by creation time, so the schema needs no AUTO_INCREMENT and stays
// ready for sharded MySQL-compatible engines.
package ids

import (
	"crypto/rand"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

var (
	mu      sync.Mutex
	entropy = ulid.Monotonic(rand.Reader, 0)
)

// New returns a new ULID string. Ids made in the same millisecond by this process still sort in
// the order they were made.
func New() string {
	return NewAt(time.Now())
}

// NewAt returns a ULID for the given moment (seeding historical data uses it).
func NewAt(t time.Time) string {
	mu.Lock()
	defer mu.Unlock()
	return ulid.MustNew(ulid.Timestamp(t), entropy).String()
}

// Valid says whether s has the shape of an id: 26 characters of digits and capital letters.
// Every id a request names (order, line, document, change set, photo, cursor) is checked with
// it before it reaches a query. Letters outside Crockford's alphabet are accepted, as imported
// and fixture ids use them.
func Valid(s string) bool {
	if len(s) != 26 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}
