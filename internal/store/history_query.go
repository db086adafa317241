package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"

	"orderdesk/internal/audit"
)

// HistoryFilter selects change sets, newest first. Every field is optional; a change set
// matches when it matches all that are set. Topic, DocType and MinAmount are about its
// changes: at least one change must match all three.
type HistoryFilter struct {
	OrderID   string
	ActorID   string
	StoreID   string
	Topic     audit.Topic
	DocType   string
	MinAmount decimal.NullDecimal // a change showing at least this amount (refunds above 100)
	From, To  time.Time           // occurred at or after From, before To
	Reason    string              // words the reason must contain (full-text, word prefixes)
	HasReason bool                // only change sets that say why
	// Before is the keyset cursor: only change sets with a smaller id (older) than this one.
	Before string
	// Limit is the page size (1 to 500; 50 when 0).
	Limit int
	// ChangesPerSet caps how many changes of each change set are loaded (0: all). A history
	// list shows the first few and says how many more there are (ChangeSet.ChangeCount).
	ChangesPerSet int
}

// HistoryPage is one page of change sets, newest first. Next is the cursor of the following
// page ("" on the last one).
type HistoryPage struct {
	Sets []ChangeSet
	Next string
}

// History returns one page of change sets matching f, newest first, each with its changes (all
// of them, or the first f.ChangesPerSet), in two queries. Paging is by keyset on the change set
// id (time-ordered ULIDs), never OFFSET, so every page costs the same however deep it is. With
// a topic, document type or amount the changes' (topic, change_set_id) or (doc_type,
// change_set_id) index leads, newest first; otherwise the change sets' primary key or the
// order, person or store index does.
func (s *Store) History(ctx context.Context, f HistoryFilter) (HistoryPage, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	var where []string
	var args []any
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if f.OrderID != "" {
		add("cs.order_id = ?", f.OrderID)
	}
	if f.ActorID != "" {
		add("cs.actor_id = ?", f.ActorID)
	}
	if f.StoreID != "" {
		add("cs.store_id = ?", f.StoreID)
	}
	if !f.From.IsZero() {
		add("cs.occurred_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("cs.occurred_at < ?", f.To.UTC())
	}
	if f.HasReason {
		add("cs.reason <> ''")
	}
	if q := fullTextQuery(f.Reason); q != "" {
		add("MATCH (cs.reason) AGAINST (? IN BOOLEAN MODE)", q)
	}
	if f.Before != "" {
		add("cs.id < ?", f.Before)
	}
	if f.Topic != "" || f.DocType != "" || f.MinAmount.Valid {
		var sub []string
		var subArgs []any
		if f.Topic != "" {
			sub, subArgs = append(sub, "c.topic = ?"), append(subArgs, string(f.Topic))
		}
		if f.DocType != "" {
			sub, subArgs = append(sub, "c.doc_type = ?"), append(subArgs, f.DocType)
		}
		if f.MinAmount.Valid {
			sub, subArgs = append(sub, "c.amount >= ?"), append(subArgs, f.MinAmount.Decimal.String())
		}
		if f.OrderID != "" {
			sub, subArgs = append(sub, "c.order_id = ?"), append(subArgs, f.OrderID)
		}
		if f.Before != "" {
			sub, subArgs = append(sub, "c.change_set_id < ?"), append(subArgs, f.Before)
		}
		add(`cs.id IN (
			SELECT c.change_set_id
			FROM order_changes c
			WHERE `+strings.Join(sub, " AND ")+`)`, subArgs...)
	}
	query := `
		SELECT ` + changeSetColumns + `
		FROM order_change_sets cs`
	if len(where) > 0 {
		query += `
		WHERE ` + strings.Join(where, "\n\t\t  AND ")
	}
	query += `
		ORDER BY cs.id DESC
		LIMIT ?`
	args = append(args, limit+1)
	var page HistoryPage
	if err := s.db.SelectContext(ctx, &page.Sets, query, args...); err != nil {
		return HistoryPage{}, fmt.Errorf("store: history: %w", err)
	}
	if len(page.Sets) > limit {
		page.Sets = page.Sets[:limit]
		page.Next = page.Sets[limit-1].ID
	}
	if len(page.Sets) == 0 {
		return page, nil
	}
	in := make([]string, len(page.Sets))
	inArgs := make([]any, 0, len(page.Sets)+1)
	for i, cs := range page.Sets {
		in[i] = "?"
		inArgs = append(inArgs, cs.ID)
	}
	cond := "change_set_id IN (" + strings.Join(in, ", ") + ")"
	if f.ChangesPerSet > 0 {
		cond += " AND seq < ?"
		inArgs = append(inArgs, f.ChangesPerSet)
	}
	if err := attachChanges(ctx, s.db, page.Sets, cond, inArgs...); err != nil {
		return HistoryPage{}, err
	}
	return page, nil
}

// fullTextQuery turns typed words into a boolean-mode query that needs every word as a prefix:
// "dam cust" → "+dam* +cust*". Everything but letters and digits is dropped, so nothing typed
// can change the query's meaning.
func fullTextQuery(s string) string {
	var terms []string
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		terms = append(terms, "+"+w+"*")
	}
	return strings.Join(terms, " ")
}

// Person is someone who may appear in history, for the person filter.
type Person struct {
	ID    string `db:"id"`
	Name  string `db:"name"`
	Email string `db:"email"`
}

// People lists the desk's users by name (the person filter of the history pages).
func (s *Store) People(ctx context.Context) ([]Person, error) {
	var out []Person
	if err := s.db.SelectContext(ctx, &out, `
		SELECT id, name, email
		FROM users
		ORDER BY name, email`); err != nil {
		return nil, fmt.Errorf("store: people: %w", err)
	}
	return out, nil
}

// OrderActors lists who changed one order (id and label), for its history's person filter.
func (s *Store) OrderActors(ctx context.Context, orderID string) ([]Person, error) {
	var out []Person
	if err := s.db.SelectContext(ctx, &out, `
		SELECT actor_id AS id, MAX(actor_label) AS name, '' AS email
		FROM order_change_sets
		WHERE order_id = ?
		GROUP BY actor_id
		ORDER BY name`, orderID); err != nil {
		return nil, fmt.Errorf("store: people of order %s: %w", orderID, err)
	}
	return out, nil
}
