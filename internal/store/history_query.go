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
	// ScopeStores and ScopeAssignee keep to a user's scopes (both must hold): only orders of
	// these stores (none: every store), only orders now assigned to this user ("": any).
	ScopeStores   []string
	ScopeAssignee string
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
	if len(f.ScopeStores) > 0 {
		in := make([]any, len(f.ScopeStores))
		for i, id := range f.ScopeStores {
			in[i] = id
		}
		add("cs.store_id IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(in)), ", ")+")", in...)
	}
	if f.ScopeAssignee != "" {
		add(`cs.order_id IN (
			SELECT o.id
			FROM orders o
			WHERE o.employee_id = ?)`, f.ScopeAssignee)
	}
	if q := fullTextQuery(f.Reason); q != "" {
		add("MATCH (cs.reason) AGAINST (? IN BOOLEAN MODE)", q)
	}
	if f.Before != "" {
		add("cs.id < ?", f.Before)
	}
	changeFilter := f.Topic != "" || f.DocType != "" || f.MinAmount.Valid
	if changeFilter && f.OrderID == "" && fullTextQuery(f.Reason) == "" {
		return s.historyByChanges(ctx, f, where, args, limit)
	}
	if changeFilter {
		// One order's change sets are few: its index leads and each is checked for a matching
		// change. With reason words the full-text index leads (a MATCH per joined row would be
		// evaluated row by row).
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
		add(`EXISTS (
			SELECT 1
			FROM order_changes c
			WHERE c.change_set_id = cs.id AND `+strings.Join(sub, " AND ")+`)`, subArgs...)
	}
	query := `
		SELECT ` + changeSetColumns + `
		FROM ` + changeSetFrom
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
	return s.finishPage(ctx, f, page, limit)
}

// finishPage cuts a page of up to limit+1 change sets to limit, sets its cursor and loads the
// changes of its change sets.
func (s *Store) finishPage(ctx context.Context, f HistoryFilter, page HistoryPage, limit int) (HistoryPage, error) {
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
	if err := attachPhotos(ctx, s.db, page.Sets); err != nil {
		return HistoryPage{}, err
	}
	return page, nil
}

// historyByChanges answers a filter on what changed (topic, document type, amount): it walks
// the changes' (topic, change_set_id) or (doc_type, change_set_id) index newest first, joined
// to each change's change set for the other conditions, and stops as soon as it has limit+1
// distinct change sets; a change set with several matching changes counts once. It reads in
// batches, so even a rare combination costs only the index entries of the topic it scans.
func (s *Store) historyByChanges(ctx context.Context, f HistoryFilter, where []string, args []any, limit int) (HistoryPage, error) {
	var cond []string
	var condArgs []any
	if f.Topic != "" {
		cond, condArgs = append(cond, "c.topic = ?"), append(condArgs, string(f.Topic))
	}
	if f.DocType != "" {
		cond, condArgs = append(cond, "c.doc_type = ?"), append(condArgs, f.DocType)
	}
	if f.MinAmount.Valid {
		cond, condArgs = append(cond, "c.amount >= ?"), append(condArgs, f.MinAmount.Decimal.String())
	}
	if f.OrderID != "" {
		cond, condArgs = append(cond, "c.order_id = ?"), append(condArgs, f.OrderID)
	}
	var ids []string
	seen := map[string]bool{}
	before := f.Before
	batch := 4 * (limit + 1)
	for len(ids) <= limit {
		c, a := append([]string(nil), cond...), append([]any(nil), condArgs...)
		if before != "" {
			c, a = append(c, "c.change_set_id < ?"), append(a, before)
		}
		for _, w := range where {
			if !strings.HasPrefix(w, "cs.id < ") { // the cursor is on the changes
				c = append(c, w)
			}
		}
		a = append(a, whereArgs(where, args)...)
		query := `
		SELECT c.change_set_id
		FROM order_changes c
		STRAIGHT_JOIN order_change_sets cs ON cs.id = c.change_set_id
		WHERE ` + strings.Join(c, "\n\t\t  AND ") + `
		ORDER BY c.change_set_id DESC
		LIMIT ?`
		a = append(a, batch)
		var got []string
		if err := s.db.SelectContext(ctx, &got, query, a...); err != nil {
			return HistoryPage{}, fmt.Errorf("store: history by change: %w", err)
		}
		for _, id := range got {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		if len(got) < batch {
			break
		}
		before = got[len(got)-1]
		batch = min(batch*4, 20_000) // a rare combination: read further per round trip
	}
	if len(ids) > limit+1 {
		ids = ids[:limit+1]
	}
	var page HistoryPage
	if len(ids) == 0 {
		return page, nil
	}
	in := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	inArgs := make([]any, len(ids))
	for i, id := range ids {
		inArgs[i] = id
	}
	if err := s.db.SelectContext(ctx, &page.Sets, `
		SELECT `+changeSetColumns+`
		FROM `+changeSetFrom+`
		WHERE cs.id IN (`+in+`)
		ORDER BY cs.id DESC`, inArgs...); err != nil {
		return HistoryPage{}, fmt.Errorf("store: history: %w", err)
	}
	return s.finishPage(ctx, f, page, limit)
}

// whereArgs returns the arguments of the conditions in where, leaving out the cursor's.
func whereArgs(where []string, args []any) []any {
	var out []any
	i := 0
	for _, w := range where {
		n := strings.Count(w, "?")
		if !strings.HasPrefix(w, "cs.id < ") {
			out = append(out, args[i:i+n]...)
		}
		i += n
	}
	return out
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
		SELECT cs.actor_id AS id, COALESCE(MAX(u.name), MAX(cs.actor_label)) AS name, COALESCE(MAX(u.email), '') AS email
		FROM `+changeSetFrom+`
		WHERE cs.order_id = ?
		GROUP BY cs.actor_id
		ORDER BY name`, orderID); err != nil {
		return nil, fmt.Errorf("store: people of order %s: %w", orderID, err)
	}
	return out, nil
}
