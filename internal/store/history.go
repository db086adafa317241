package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/shopspring/decimal"

	"orderdesk/internal/audit"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/internal/policy"
)

// Aggregates a change set can be about.
const (
	AggregateOrder  = "order"
	AggregateReturn = "return"
)

// ChangeSet is one write's record: who, when, from where, why, and what changed.
type ChangeSet struct {
	ID          string    `db:"id"`
	OrderID     string    `db:"order_id"`
	OrderNumber string    `db:"order_number"`
	StoreID     string    `db:"store_id"`
	Aggregate   string    `db:"aggregate"`
	DocumentID  string    `db:"document_id"`
	Version     int       `db:"version"`
	OccurredAt  time.Time `db:"occurred_at"`
	ActorID     string    `db:"actor_id"`
	ActorLabel  string    `db:"actor_label"`
	// ActorName and ActorEmail are the author's name and e-mail now, when the author is a user.
	ActorName   string `db:"actor_name"`
	ActorEmail  string `db:"actor_email"`
	Source      string `db:"source"`
	Reason      string `db:"reason"`
	ChangeCount int    `db:"change_count"`
	// TakenAt is when the device that sent a field step says it was taken (nil: not said);
	// TakenNote why that time was not used, when it was not.
	TakenAt   *time.Time `db:"taken_at"`
	TakenNote string     `db:"taken_note"`
	// NamesJSON holds the names the sentences of Changes use, as they were (audit.NamesUsed).
	NamesJSON *string `db:"names"`
	Changes   []audit.Change
	// Photos were written with the change set (a delivery photo); history pages load them.
	Photos []PhotoRef
}

// Author is who wrote the change set as people know them: a user's display name, else the label
// written with it (an API key's name).
func (cs ChangeSet) Author() string {
	if cs.ActorName != "" {
		return cs.ActorName
	}
	return cs.ActorLabel
}

// Names are the names the change set's sentences use, as they were when it was written.
func (cs ChangeSet) Names() audit.Names {
	n := audit.Names{}
	if cs.NamesJSON != nil {
		_ = json.Unmarshal([]byte(*cs.NamesJSON), &n) // written by writeChangeSet; damage only loses names
	}
	return n
}

// changeSetColumns are the columns of order_change_sets that ChangeSet reads, with the
// author's current name and e-mail when the author is a user (changeSetFrom).
const changeSetColumns = `cs.id, cs.order_id, cs.order_number, cs.store_id, cs.aggregate, cs.document_id,
	cs.version, cs.occurred_at, cs.taken_at, cs.taken_note, cs.actor_id, cs.actor_label, cs.source, cs.reason, cs.change_count, cs.names,
	COALESCE(u.name, '') AS actor_name, COALESCE(u.email, '') AS actor_email`

// changeSetFrom is what changeSetColumns read from: an API key or the command line has no user
// row, and keeps the label it wrote.
const changeSetFrom = `order_change_sets cs
		LEFT JOIN users u ON u.id = cs.actor_id`

// changeSetHeader is what writeChangeSet needs besides the diff.
type changeSetHeader struct {
	orderID, orderNumber, storeID, aggregate, documentID string
	version                                              int
	names                                                audit.Names
}

// changedAt is when by's change happened: now, unless the write records an earlier event.
func (s *Store) changedAt(by Actor) time.Time {
	if now := s.Now(); by.At.IsZero() || by.At.After(now) {
		return now
	}
	return by.At.UTC()
}

// takenAt is the device's time of by's field step for the taken_at column: NULL when none.
func takenAt(by Actor) *time.Time {
	if by.TakenAt.IsZero() {
		return nil
	}
	t := by.TakenAt.UTC()
	return &t
}

// writeChangeSet records a change set inside tx, the transaction of the write it describes, and
// returns its id. An empty diff writes nothing (and returns ""): a save that changed nothing
// leaves no trace. Each change is filed under its topic and document, with its amount, so that
// history across orders can be filtered through indexes.
func (s *Store) writeChangeSet(ctx context.Context, tx *sqlx.Tx, by Actor, h changeSetHeader, changes []audit.Change) (string, error) {
	if len(changes) == 0 {
		return "", nil
	}
	// The reason is typed (a form, the X-Change-Reason header): refuse it at its field rather
	// than let the database refuse it.
	if err := order.CheckText(by.Reason); err != nil {
		return "", order.Problems{"reason": "The reason " + err.Error() + "."}
	}
	id := ids.New()
	actorID := by.UserID
	if actorID == "" {
		actorID = by.Source + ":" + by.Label
	}
	names, err := json.Marshal(h.names)
	if err != nil {
		return "", fmt.Errorf("store: encode names: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO order_change_sets
			(id, order_id, order_number, store_id, aggregate, document_id, version, occurred_at,
			 taken_at, taken_note, actor_id, actor_label, source, reason, change_count, names)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, h.orderID, h.orderNumber, h.storeID, h.aggregate, h.documentID, h.version, s.changedAt(by),
		takenAt(by), truncate(by.TakenNote, 300),
		truncate(actorID, 128), truncate(by.Label, 256), by.Source, truncate(strings.TrimSpace(by.Reason), 1000),
		len(changes), string(names)); err != nil {
		return "", fmt.Errorf("store: change set of order %s: %w", h.orderID, err)
	}
	// One multi-row INSERT per batch keeps a large change set (a new order) to a few statements.
	const batch = 200
	for start := 0; start < len(changes); start += batch {
		end := min(start+batch, len(changes))
		query := `INSERT INTO order_changes
			(change_set_id, seq, order_id, entity, entity_id, path, field, op, old_value, new_value, pos, fields, is_money,
			 topic, doc_type, doc_id, amount)
			VALUES `
		args := make([]any, 0, (end-start)*17)
		for i := start; i < end; i++ {
			c := changes[i]
			var fields *string
			if len(c.Fields) > 0 {
				b, err := json.Marshal(c.Fields)
				if err != nil {
					return "", fmt.Errorf("store: encode change: %w", err)
				}
				f := string(b)
				fields = &f
			}
			if i > start {
				query += ", "
			}
			query += "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			docType, docID := audit.DocumentOf(c)
			if h.aggregate == AggregateReturn {
				docType, docID = audit.DocReturn, h.documentID
			}
			var amount *string
			if a, ok := audit.AmountOf(c); ok && a.Abs().LessThan(maxAmount) {
				v := a.Round(4).String()
				amount = &v
			}
			args = append(args, id, i, h.orderID, c.Entity, c.EntityID, c.Path, c.Field, string(c.Op),
				c.Old, c.New, c.Pos, fields, isMoneyChange(c),
				string(audit.TopicOf(c)), docType, truncate(docID, 128), amount)
		}
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return "", fmt.Errorf("store: changes of order %s: %w", h.orderID, err)
		}
	}
	return id, nil
}

// maxAmount is what DECIMAL(19,4) holds; a larger amount is kept in the change but not indexed.
var maxAmount = decimal.New(1, 15)

// isMoneyChange tells whether a change shows an amount (price hiding redacts those).
func isMoneyChange(c audit.Change) bool {
	if audit.IsMoneyField(c.Path) {
		return true
	}
	for _, l := range c.Fields {
		if audit.IsMoneyField(c.Path + "." + l.Path) {
			return true
		}
	}
	return false
}

// IsMoneyChange is isMoneyChange for the web layer, which hides these without read-prices.
func IsMoneyChange(c audit.Change) bool { return isMoneyChange(c) }

// recordChange is the one place where the change set of an order write is recorded: who (by,
// with its source, address and reason), when, and the field-level old→new difference between
// before (nil for a new order) and after, over the header, every line, document, address and
// custom field. It runs inside the write's transaction, so the change and its history commit or
// fail together; every order write path calls it.
//
// It also enforces the reason rules (Rules.Reasons, policy.RequireReason): an edit that overrides a price, gives a
// large discount, refunds or cancels without saying why is refused with a "reason" field error,
// and the transaction rolls back. Every CheckpointEvery versions the whole order is kept too.
func (s *Store) recordChange(ctx context.Context, tx *sqlx.Tx, by Actor, before, after *order.CustomerOrder) (string, error) {
	return s.recordChanges(ctx, tx, by, before, after, audit.Diff(before, after))
}

// recordChanges is recordChange with the changes already worked out.
func (s *Store) recordChanges(ctx context.Context, tx *sqlx.Tx, by Actor, before, after *order.CustomerOrder, changes []audit.Change) (string, error) {
	if len(changes) == 0 {
		return "", nil
	}
	if err := policy.RequireReason(s.rules.Reasons, before, after, changes, by.Reason); err != nil {
		return "", err
	}
	id, err := s.writeChangeSet(ctx, tx, by, changeSetHeader{
		orderID: after.ID, orderNumber: after.Number, storeID: after.StoreID, aggregate: AggregateOrder,
		documentID: after.ID, version: after.Version, names: audit.NamesUsed(changes, audit.NamesOf(after, before)),
	}, changes)
	if err != nil {
		return "", err
	}
	if after.Version%CheckpointEvery == 0 {
		return id, writeCheckpoint(ctx, tx, id, after)
	}
	return id, nil
}

// recordReturnChange records the change set of a return write the same way, in the write's
// transaction: storeID is the order's store, version the return's new revision, before nil for
// a new return. The order's number and line names are read in the same transaction, so the
// history names the order and the lines a return line points at.
func (s *Store) recordReturnChange(ctx context.Context, tx *sqlx.Tx, by Actor, storeID string, version int, before, after *order.Return) error {
	changes := audit.DiffOf(before, after)
	if len(changes) == 0 {
		return nil
	}
	if err := policy.RequireReturnReason(s.rules.Reasons, changes, by.Reason); err != nil {
		return err
	}
	var number string
	if err := tx.GetContext(ctx, &number, `SELECT number FROM orders WHERE id = ?`, after.OrderID); err != nil {
		return fmt.Errorf("store: number of order %s: %w", after.OrderID, err)
	}
	var lines []struct {
		ID   string `db:"id"`
		Sku  string `db:"sku"`
		Name string `db:"name"`
	}
	if err := tx.SelectContext(ctx, &lines, `
		SELECT id, sku, name
		FROM order_line_items
		WHERE order_id = ?`, after.OrderID); err != nil {
		return fmt.Errorf("store: lines of order %s: %w", after.OrderID, err)
	}
	names := audit.Names{}
	for _, src := range []map[string]string{audit.FlattenOf(after), audit.FlattenOf(before)} {
		for k, v := range src {
			if _, ok := names[k]; !ok {
				names[k] = v
			}
		}
	}
	if after.RefundID != "" {
		var refund string
		err := tx.GetContext(ctx, &refund, `
			SELECT number
			FROM order_refunds
			WHERE order_id = ? AND id = ?`, after.OrderID, after.RefundID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: refund of return %s: %w", after.ID, err)
		}
		names[audit.RefundNumberPath(after.RefundID)] = refund
	}
	for _, l := range lines {
		o := order.CustomerOrder{Items: []order.LineItem{{ID: l.ID, Sku: l.Sku, Name: l.Name}}}
		for k, v := range audit.Flatten(&o) {
			if strings.HasPrefix(k, "items[") {
				names[k] = v
			}
		}
	}
	_, err := s.writeChangeSet(ctx, tx, by, changeSetHeader{
		orderID: after.OrderID, orderNumber: number, storeID: storeID, aggregate: AggregateReturn,
		documentID: after.ID, version: version, names: audit.NamesUsed(changes, names),
	}, changes)
	return err
}

type changeRow struct {
	ChangeSetID string  `db:"change_set_id"`
	Seq         int     `db:"seq"`
	Entity      string  `db:"entity"`
	EntityID    string  `db:"entity_id"`
	Path        string  `db:"path"`
	Field       string  `db:"field"`
	Op          string  `db:"op"`
	Old         *string `db:"old_value"`
	New         *string `db:"new_value"`
	Pos         int     `db:"pos"`
	Fields      *string `db:"fields"`
}

// attachChanges reads the changes selected by where (on order_changes, with args) and appends
// each to its change set in sets, in seq order.
func attachChanges(ctx context.Context, q sqlx.QueryerContext, sets []ChangeSet, where string, args ...any) error {
	var rows []changeRow
	if err := sqlx.SelectContext(ctx, q, &rows, `
		SELECT change_set_id, seq, entity, entity_id, path, field, op, old_value, new_value, pos, fields
		FROM order_changes
		WHERE `+where+`
		ORDER BY change_set_id, seq`, args...); err != nil {
		return fmt.Errorf("store: changes: %w", err)
	}
	index := make(map[string]int, len(sets))
	for i := range sets {
		index[sets[i].ID] = i
	}
	for _, r := range rows {
		c := audit.Change{Path: r.Path, Entity: r.Entity, EntityID: r.EntityID, Field: r.Field,
			Op: audit.Op(r.Op), Old: r.Old, New: r.New, Pos: r.Pos}
		if r.Fields != nil {
			if err := json.Unmarshal([]byte(*r.Fields), &c.Fields); err != nil {
				return fmt.Errorf("store: change %s/%d: %w", r.ChangeSetID, r.Seq, err)
			}
		}
		if i, ok := index[r.ChangeSetID]; ok {
			sets[i].Changes = append(sets[i].Changes, c)
		}
	}
	return nil
}

// OrderHistory returns an order's change sets, oldest first, with their changes (two queries).
func (s *Store) OrderHistory(ctx context.Context, orderID string) ([]ChangeSet, error) {
	var sets []ChangeSet
	if err := s.db.SelectContext(ctx, &sets, `
		SELECT `+changeSetColumns+`
		FROM `+changeSetFrom+`
		WHERE cs.order_id = ?
		ORDER BY cs.id`, orderID); err != nil {
		return nil, fmt.Errorf("store: history of order %s: %w", orderID, err)
	}
	if err := attachChanges(ctx, s.db, sets, "order_id = ?", orderID); err != nil {
		return nil, err
	}
	return sets, nil
}

// OrderHistoryPage is one page of an order's change sets, newest first: skip of them passed
// over, at most take returned, with their changes, and the number of change sets in all; one
// read snapshot. The page and the count are read through the (order_id, id) index of
// order_change_sets and the changes through (order_id, change_set_id) of order_changes, so an
// order with thousands of versions costs a short index range per page, not its whole history.
func (s *Store) OrderHistoryPage(ctx context.Context, orderID string, skip, take int) ([]ChangeSet, int, error) {
	var sets []ChangeSet
	var total int
	err := s.readTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &total, `
			SELECT COUNT(*)
			FROM order_change_sets
			WHERE order_id = ?`, orderID); err != nil {
			return fmt.Errorf("store: history size of order %s: %w", orderID, err)
		}
		if err := tx.SelectContext(ctx, &sets, `
			SELECT `+changeSetColumns+`
			FROM `+changeSetFrom+`
			WHERE cs.order_id = ?
			ORDER BY cs.id DESC
			LIMIT ? OFFSET ?`, orderID, take, skip); err != nil {
			return fmt.Errorf("store: history page of order %s: %w", orderID, err)
		}
		if len(sets) == 0 {
			return nil
		}
		// The page is a run of consecutive ids of the order, newest first.
		return attachChanges(ctx, tx, sets, "order_id = ? AND change_set_id BETWEEN ? AND ?",
			orderID, sets[len(sets)-1].ID, sets[0].ID)
	})
	if err != nil {
		return nil, 0, err
	}
	return sets, total, nil
}

// ChangeSet loads one change set of an order with its changes; a missing one is
// order.ErrNotFound.
func (s *Store) ChangeSet(ctx context.Context, orderID, id string) (ChangeSet, error) {
	var sets []ChangeSet
	if err := s.db.SelectContext(ctx, &sets, `
		SELECT `+changeSetColumns+`
		FROM `+changeSetFrom+`
		WHERE cs.id = ? AND cs.order_id = ?`, id, orderID); err != nil {
		return ChangeSet{}, fmt.Errorf("store: change set %s: %w", id, err)
	}
	if len(sets) == 0 {
		return ChangeSet{}, fmt.Errorf("store: change set %s of order %s: %w", id, orderID, order.ErrNotFound)
	}
	if err := attachChanges(ctx, s.db, sets, "change_set_id = ?", id); err != nil {
		return ChangeSet{}, err
	}
	return sets[0], nil
}

// OrderAsOf rebuilds an order as it was right after the given change set (of the order, not of
// one of its returns): from the newest checkpoint at or before it, replaying the change sets
// after the checkpoint, all in one read snapshot. A change set of a return gives the order as
// of the order's last change before it.
func (s *Store) OrderAsOf(ctx context.Context, orderID, changeSetID string) (*order.CustomerOrder, error) {
	var o *order.CustomerOrder
	err := s.readTx(ctx, func(tx *sqlx.Tx) error {
		var found int
		if err := tx.GetContext(ctx, &found, `
			SELECT COUNT(*)
			FROM order_change_sets
			WHERE id = ? AND order_id = ?`, changeSetID, orderID); err != nil {
			return fmt.Errorf("store: change set %s: %w", changeSetID, err)
		}
		if found == 0 {
			return fmt.Errorf("store: change set %s of order %s: %w", changeSetID, orderID, order.ErrNotFound)
		}
		from, start, err := latestCheckpoint(ctx, tx, orderID, changeSetID)
		if err != nil {
			return err
		}
		var sets []ChangeSet
		if err := tx.SelectContext(ctx, &sets, `
			SELECT `+changeSetColumns+`
			FROM `+changeSetFrom+`
			WHERE cs.order_id = ? AND cs.aggregate = ? AND cs.id > ? AND cs.id <= ?
			ORDER BY cs.id`, orderID, AggregateOrder, from, changeSetID); err != nil {
			return fmt.Errorf("store: history of order %s: %w", orderID, err)
		}
		if len(sets) > 0 {
			if err := attachChanges(ctx, tx, sets, "order_id = ? AND change_set_id > ? AND change_set_id <= ?",
				orderID, from, changeSetID); err != nil {
				return err
			}
		}
		replay := make([][]audit.Change, len(sets))
		for i, cs := range sets {
			replay[i] = cs.Changes
		}
		if o, err = audit.ApplyAll(start, replay...); err != nil {
			return fmt.Errorf("store: rebuild order %s as of %s: %w", orderID, changeSetID, err)
		}
		if o == nil {
			return fmt.Errorf("store: order %s did not exist at %s: %w", orderID, changeSetID, order.ErrNotFound)
		}
		if err := fillTagNames(ctx, tx, o); err != nil {
			return err
		}
		cs, err := currencySet(ctx, tx) // shown with the rules in force, as the order is today
		if err != nil {
			return err
		}
		o.SetCurrencies(cs)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// OrderVersion is the order and its returns as they were right after a change set: the order
// rebuilt by OrderAsOf, each return by replaying its own change sets up to that one.
func (s *Store) OrderVersion(ctx context.Context, orderID, changeSetID string) (*order.CustomerOrder, []order.Return, error) {
	o, err := s.OrderAsOf(ctx, orderID, changeSetID)
	if err != nil {
		return nil, nil, err
	}
	var sets []ChangeSet
	if err := s.db.SelectContext(ctx, &sets, `
		SELECT `+changeSetColumns+`
		FROM `+changeSetFrom+`
		WHERE cs.order_id = ? AND cs.aggregate = ? AND cs.id <= ?
		ORDER BY cs.id`, orderID, AggregateReturn, changeSetID); err != nil {
		return nil, nil, fmt.Errorf("store: return history of order %s: %w", orderID, err)
	}
	if len(sets) == 0 {
		return o, nil, nil
	}
	if err := attachChanges(ctx, s.db, sets, "order_id = ? AND change_set_id IN (SELECT id FROM order_change_sets WHERE order_id = ? AND aggregate = ? AND id <= ?)",
		orderID, orderID, AggregateReturn, changeSetID); err != nil {
		return nil, nil, err
	}
	byID := map[string]*order.Return{}
	var ids []string
	for _, cs := range sets {
		prev, seen := byID[cs.DocumentID]
		if !seen {
			ids = append(ids, cs.DocumentID)
		}
		r, err := audit.ApplyOf(prev, cs.Changes)
		if err != nil {
			return nil, nil, fmt.Errorf("store: rebuild return %s at %s: %w", cs.DocumentID, cs.ID, err)
		}
		byID[cs.DocumentID] = r
	}
	var returns []order.Return
	for _, id := range ids {
		if r := byID[id]; r != nil {
			returns = append(returns, *r)
		}
	}
	return o, returns, nil
}
