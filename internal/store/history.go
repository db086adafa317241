package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/audit"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
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
	StoreID     string    `db:"store_id"`
	Aggregate   string    `db:"aggregate"`
	DocumentID  string    `db:"document_id"`
	Version     int       `db:"version"`
	OccurredAt  time.Time `db:"occurred_at"`
	ActorID     string    `db:"actor_id"`
	ActorLabel  string    `db:"actor_label"`
	Source      string    `db:"source"`
	Reason      string    `db:"reason"`
	ChangeCount int       `db:"change_count"`
	Changes     []audit.Change
}

// changeSetHeader is what writeChangeSet needs besides the diff.
type changeSetHeader struct {
	orderID, storeID, aggregate, documentID string
	version                                 int
}

// writeChangeSet records a change set inside tx, the transaction of the write it describes.
// An empty diff writes nothing: a save that changed nothing leaves no trace.
func (s *Store) writeChangeSet(ctx context.Context, tx *sqlx.Tx, by Actor, h changeSetHeader, changes []audit.Change) error {
	if len(changes) == 0 {
		return nil
	}
	id := ids.New()
	actorID := by.UserID
	if actorID == "" {
		actorID = by.Source + ":" + by.Label
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO order_change_sets
			(id, order_id, store_id, aggregate, document_id, version, occurred_at,
			 actor_id, actor_label, source, reason, change_count)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, h.orderID, h.storeID, h.aggregate, h.documentID, h.version, s.Now(),
		truncate(actorID, 128), truncate(by.Label, 256), by.Source, truncate(by.Reason, 1000), len(changes)); err != nil {
		return fmt.Errorf("store: change set of order %s: %w", h.orderID, err)
	}
	// One multi-row INSERT per batch keeps a large change set (a new order) to a few statements.
	const batch = 200
	for start := 0; start < len(changes); start += batch {
		end := min(start+batch, len(changes))
		query := `INSERT INTO order_changes
			(change_set_id, seq, order_id, entity, entity_id, path, field, op, old_value, new_value, pos, fields, is_money)
			VALUES `
		args := make([]any, 0, (end-start)*13)
		for i := start; i < end; i++ {
			c := changes[i]
			var fields *string
			if len(c.Fields) > 0 {
				b, err := json.Marshal(c.Fields)
				if err != nil {
					return fmt.Errorf("store: encode change: %w", err)
				}
				f := string(b)
				fields = &f
			}
			if i > start {
				query += ", "
			}
			query += "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
			args = append(args, id, i, h.orderID, c.Entity, c.EntityID, c.Path, c.Field, string(c.Op),
				c.Old, c.New, c.Pos, fields, isMoneyChange(c))
		}
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("store: changes of order %s: %w", h.orderID, err)
		}
	}
	return nil
}

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

// recordChange is the one place where the change set of an order write is recorded: who (by,
// with its source, address and reason), when, and the field-level old→new difference between
// before (nil for a new order) and after, over the header, every line, document, address and
// custom field. It runs inside the write's transaction, so the change and its history commit or
// fail together; every order write path calls it.
func (s *Store) recordChange(ctx context.Context, tx *sqlx.Tx, by Actor, before, after *order.CustomerOrder) error {
	return s.writeChangeSet(ctx, tx, by, changeSetHeader{
		orderID: after.ID, storeID: after.StoreID, aggregate: AggregateOrder, documentID: after.ID, version: after.Version,
	}, audit.Diff(before, after))
}

// recordReturnChange records the change set of a return write the same way, in the write's
// transaction: storeID is the order's store, version the return's new revision, before nil for
// a new return.
func (s *Store) recordReturnChange(ctx context.Context, tx *sqlx.Tx, by Actor, storeID string, version int, before, after *order.Return) error {
	return s.writeChangeSet(ctx, tx, by, changeSetHeader{
		orderID: after.OrderID, storeID: storeID, aggregate: AggregateReturn, documentID: after.ID, version: version,
	}, audit.DiffOf(before, after))
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

// OrderHistory returns an order's change sets, oldest first, with their changes (two queries).
func (s *Store) OrderHistory(ctx context.Context, orderID string) ([]ChangeSet, error) {
	var sets []ChangeSet
	if err := s.db.SelectContext(ctx, &sets, `
		SELECT id, order_id, store_id, aggregate, document_id, version, occurred_at,
		       actor_id, actor_label, source, reason, change_count
		FROM order_change_sets
		WHERE order_id = ?
		ORDER BY id`, orderID); err != nil {
		return nil, fmt.Errorf("store: history of order %s: %w", orderID, err)
	}
	var rows []changeRow
	if err := s.db.SelectContext(ctx, &rows, `
		SELECT change_set_id, seq, entity, entity_id, path, field, op, old_value, new_value, pos, fields
		FROM order_changes
		WHERE order_id = ?
		ORDER BY change_set_id, seq`, orderID); err != nil {
		return nil, fmt.Errorf("store: changes of order %s: %w", orderID, err)
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
				return nil, fmt.Errorf("store: change %s/%d: %w", r.ChangeSetID, r.Seq, err)
			}
		}
		if i, ok := index[r.ChangeSetID]; ok {
			sets[i].Changes = append(sets[i].Changes, c)
		}
	}
	return sets, nil
}

// OrderAsOf rebuilds an order as it was right after the given change set, by replaying the
// order's change sets from its creation.
func (s *Store) OrderAsOf(ctx context.Context, orderID, changeSetID string) (*order.CustomerOrder, error) {
	sets, err := s.OrderHistory(ctx, orderID)
	if err != nil {
		return nil, err
	}
	var o *order.CustomerOrder
	for _, cs := range sets {
		if cs.Aggregate != AggregateOrder {
			continue
		}
		if o, err = audit.Apply(o, cs.Changes); err != nil {
			return nil, fmt.Errorf("store: rebuild order %s at %s: %w", orderID, cs.ID, err)
		}
		if cs.ID == changeSetID {
			return o, nil
		}
	}
	return nil, fmt.Errorf("store: change set %s of order %s: %w", changeSetID, orderID, order.ErrNotFound)
}
