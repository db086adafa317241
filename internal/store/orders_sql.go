package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
)

// insertBatch is how many rows one INSERT carries (60 columns × 100 rows stays far below the
// 65,535 placeholders a statement may have).
const insertBatch = 100

// loadRows reads the rows of t that match where, in t's order. tail ends the statement (FOR
// UPDATE, or ORDER BY … LIMIT for a table without an order of its own).
func loadRows[R any](ctx context.Context, q sqlx.QueryerContext, t *table[R], where, tail string, args ...any) ([]*R, error) {
	rows, err := q.QueryContext(ctx, selectRows(t, where, tail), args...)
	if err != nil {
		return nil, fmt.Errorf("store: load %s: %w", t.name, err)
	}
	defer rows.Close()
	out, err := scanRows(rows, t)
	if err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: load %s: %w", t.name, err)
	}
	return out, nil
}

// selectRows is the statement loadRows sends.
func selectRows[R any](t *table[R], where, tail string) string {
	query := "SELECT " + t.columnList("       ") + "\nFROM " + t.name + "\nWHERE " + where
	if t.orderBy != "" {
		query += "\nORDER BY " + t.orderBy
	}
	if tail != "" {
		query += "\n" + tail
	}
	return query
}

// scanRows reads the rows of the current result set as rows of t.
func scanRows[R any](rows *sql.Rows, t *table[R]) ([]*R, error) {
	var out []*R
	for rows.Next() {
		r := t.newRow()
		fs := t.fields(r)
		dest := make([]any, len(fs))
		for i := range fs {
			dest[i] = fs[i]
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("store: scan %s: %w", t.name, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// resultSet is one statement of a batch (loadBatch) and where its rows go.
type resultSet interface {
	statement() string
	scan(rows *sql.Rows) error
	tableName() string
}

// rowsOfTable is a resultSet reading the rows of t that match where into dst.
type rowsOfTable[R any] struct {
	t           *table[R]
	where, tail string
	dst         *[]*R
}

func (s rowsOfTable[R]) statement() string { return selectRows(s.t, s.where, s.tail) }
func (s rowsOfTable[R]) tableName() string { return s.t.name }
func (s rowsOfTable[R]) scan(rows *sql.Rows) (err error) {
	*s.dst, err = scanRows(rows, s.t)
	return err
}

// loadBatch sends the statements of sets in one round trip (the connection allows several
// statements per query; see db.Config) and reads their result sets in turn; args holds the
// arguments of every statement, in order.
func loadBatch(ctx context.Context, q sqlx.QueryerContext, sets []resultSet, args ...any) error {
	stmts := make([]string, len(sets))
	for i, set := range sets {
		stmts[i] = set.statement()
	}
	rows, err := q.QueryContext(ctx, strings.Join(stmts, ";\n"), args...)
	if err != nil {
		return fmt.Errorf("store: load %s: %w", sets[0].tableName(), err)
	}
	defer rows.Close()
	for i, set := range sets {
		if i > 0 && !rows.NextResultSet() {
			if err := rows.Err(); err != nil {
				return fmt.Errorf("store: load %s: %w", set.tableName(), err)
			}
			return fmt.Errorf("store: load %s: the batch ended after %d of %d result sets", set.tableName(), i, len(sets))
		}
		if err := set.scan(rows); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: load %s: %w", set.tableName(), err)
		}
	}
	return nil
}

// writer carries what every write of one save shares: the transaction, the moment and who.
type writer struct {
	ctx context.Context
	tx  *sqlx.Tx
	now time.Time
	by  string
}

// diffRows makes the table hold after instead of before: rows whose key is new are inserted,
// rows whose columns changed are updated, rows that are gone are deleted. Audit fields are
// never what makes a row "changed": an existing row keeps its stored created and modified
// values unless something else changed, and then it gets modified = now, by the writer.
// Inserted rows get created = now and by unless they already carry them (imports, demo data).
func diffRows[R any](w *writer, t *table[R], before, after []*R) error {
	old := make(map[string]*R, len(before))
	oldValues := make(map[string][]any, len(before))
	oldKeys := make([]string, 0, len(before))
	for _, r := range before {
		vals, err := t.values(r)
		if err != nil {
			return err
		}
		k := keyOf(vals, t.key)
		old[k], oldValues[k] = r, vals
		oldKeys = append(oldKeys, k)
	}
	seen := make(map[string]bool, len(after))
	var inserts []*R
	for _, r := range after {
		vals, err := t.values(r)
		if err != nil {
			return err
		}
		k := keyOf(vals, t.key)
		if seen[k] {
			return fmt.Errorf("store: %s: two rows have the key %s", t.name, strings.ReplaceAll(k, "\x00", "/"))
		}
		seen[k] = true
		prev, ok := old[k]
		if !ok {
			if t.audit != nil {
				a := t.audit(r)
				if a.CreatedDate.IsZero() {
					a.CreatedDate = w.now
				}
				if a.CreatedBy == "" {
					a.CreatedBy = w.by
				}
			}
			inserts = append(inserts, r)
			continue
		}
		if t.audit != nil {
			a, b := t.audit(r), t.audit(prev)
			*a = *b
			if b.ModifiedDate != nil {
				m := *b.ModifiedDate
				a.ModifiedDate = &m
			}
			if vals, err = t.values(r); err != nil {
				return err
			}
		}
		if sameValues(vals, oldValues[k]) {
			continue
		}
		if t.audit != nil {
			a := t.audit(r)
			m := w.now
			a.ModifiedDate, a.ModifiedBy = &m, w.by
			if vals, err = t.values(r); err != nil {
				return err
			}
		}
		if err := updateRow(w, t, vals); err != nil {
			return err
		}
	}
	var gone [][]any
	for _, k := range oldKeys {
		if !seen[k] {
			gone = append(gone, oldValues[k][:t.key])
		}
	}
	if err := deleteRows(w, t, gone); err != nil {
		return err
	}
	return insertRows(w, t, inserts)
}

func sameValues(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sameValue(a[i], b[i]) {
			return false
		}
	}
	return true
}

func insertRows[R any](w *writer, t *table[R], rows []*R) error {
	placeholders := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
	for start := 0; start < len(rows); start += insertBatch {
		chunk := rows[start:min(start+insertBatch, len(rows))]
		var b strings.Builder
		b.WriteString("INSERT INTO " + t.name + " (\n    " + t.columnList("    ") + "\n) VALUES\n    ")
		args := make([]any, 0, len(chunk)*len(t.cols))
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(",\n    ")
			}
			b.WriteString(placeholders)
			vals, err := t.values(r)
			if err != nil {
				return err
			}
			args = append(args, vals...)
		}
		if _, err := w.tx.ExecContext(w.ctx, b.String(), args...); err != nil {
			return fmt.Errorf("store: insert into %s: %w", t.name, err)
		}
	}
	return nil
}

func updateRow[R any](w *writer, t *table[R], vals []any) error {
	var set, where []string
	for i, c := range t.cols {
		if i < t.key {
			where = append(where, c.name+" = ?")
		} else {
			set = append(set, c.name+" = ?")
		}
	}
	query := "UPDATE " + t.name + "\nSET " + strings.Join(set, ",\n    ") + "\nWHERE " + strings.Join(where, " AND ")
	args := append(append([]any{}, vals[t.key:]...), vals[:t.key]...)
	if _, err := w.tx.ExecContext(w.ctx, query, args...); err != nil {
		return fmt.Errorf("store: update %s: %w", t.name, err)
	}
	return nil
}

// deleteRows deletes rows by primary key, one statement per leading key value (the order id):
// DELETE … WHERE order_id = ? AND id IN (…), or a row-constructor IN for longer keys.
func deleteRows[R any](w *writer, t *table[R], keys [][]any) error {
	if len(keys) == 0 {
		return nil
	}
	names := make([]string, t.key)
	for i := range names {
		names[i] = t.cols[i].name
	}
	if t.key == 1 {
		args := make([]any, len(keys))
		for i, k := range keys {
			args[i] = k[0]
		}
		query := "DELETE FROM " + t.name + "\nWHERE " + names[0] + " IN (" + marks(len(keys)) + ")"
		if _, err := w.tx.ExecContext(w.ctx, query, args...); err != nil {
			return fmt.Errorf("store: delete from %s: %w", t.name, err)
		}
		return nil
	}
	byLead := map[any][][]any{}
	var leads []any
	for _, k := range keys {
		if _, ok := byLead[k[0]]; !ok {
			leads = append(leads, k[0])
		}
		byLead[k[0]] = append(byLead[k[0]], k[1:])
	}
	for _, lead := range leads {
		rest := byLead[lead]
		args := []any{lead}
		tuple := names[1]
		one := "?"
		if t.key > 2 {
			tuple = "(" + strings.Join(names[1:], ", ") + ")"
			one = "(" + marks(t.key-1) + ")"
		}
		list := make([]string, len(rest))
		for i, k := range rest {
			list[i] = one
			args = append(args, k...)
		}
		query := "DELETE FROM " + t.name + "\nWHERE " + names[0] + " = ?\n  AND " + tuple + " IN (" + strings.Join(list, ", ") + ")"
		if _, err := w.tx.ExecContext(w.ctx, query, args...); err != nil {
			return fmt.Errorf("store: delete from %s: %w", t.name, err)
		}
	}
	return nil
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// normalizeRows rounds and truncates every bound field of rows to what its column keeps.
func normalizeRows[R any](t *table[R], rows []*R) {
	for _, r := range rows {
		for _, f := range t.fields(r) {
			f.normalize()
		}
	}
}

// rowSet is one table with rows of an aggregate, its row type erased so the tables of an
// aggregate can be walked in a loop.
type rowSet interface {
	normalize()
	// diff writes the difference between before (the same table's rows, or nil) and this set.
	diff(w *writer, before rowSet) error
	// compare reports the columns of these stored rows that differ from fresh (see check.go).
	compare(fresh rowSet, report func(what string, stored, expected any)) error
}

type rowsIn[R any] struct {
	t    *table[R]
	rows []*R
}

func (x rowsIn[R]) normalize() { normalizeRows(x.t, x.rows) }

func (x rowsIn[R]) diff(w *writer, before rowSet) error {
	var prev []*R
	if before != nil {
		prev = before.(rowsIn[R]).rows
	}
	return diffRows(w, x.t, prev, x.rows)
}

// writeSets diffs every table of after against the same table of before (nil: insert all).
func writeSets(w *writer, before, after []rowSet) error {
	for i, a := range after {
		var b rowSet
		if before != nil {
			b = before[i]
		}
		if err := a.diff(w, b); err != nil {
			return err
		}
	}
	return nil
}

// actorName is what created_by and modified_by record for an actor.
func actorName(by Actor) string {
	switch {
	case by.Label != "":
		return by.Label
	case by.UserID != "":
		return by.UserID
	case by.Source != "":
		return by.Source
	}
	return SourceSystem
}
