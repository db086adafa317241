package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/listing"
	"orderdesk/internal/order"
)

// Returns are stored beside their order (order_returns, order_return_line_items), numbered from
// one global counter, and validated against the order inside the transaction that writes them:
// the order row is locked first, so two returns of one order cannot both take the last units.
//
// order.Return has no version field, so its optimistic-locking token is ModifiedDate (nil until
// the first edit): SaveReturn fails with a *order.ConflictError when the stored return was
// modified after the copy being saved was read. Every save moves ModifiedDate forward by at
// least a microsecond, so the token changes even when two saves share a clock tick. The table
// also keeps a revision number (version), which the conflict reports.

type returnRow struct {
	r       *order.Return
	version int
}

var returnsTable = &table[returnRow]{
	name: "order_returns", key: 1, newRow: func() *returnRow { return &returnRow{r: new(order.Return)} }, orderBy: "created_date, id",
	audit: func(r *returnRow) *order.Audit { return &r.r.Audit },
	cols: join(
		[]col[returnRow]{
			{"id", func(r *returnRow) field { return str(&r.r.ID) }},
			{"order_id", func(r *returnRow) field { return str(&r.r.OrderID) }},
			{"number", func(r *returnRow) field { return str(&r.r.Number) }},
			{"version", func(r *returnRow) field { return num(&r.version) }},
			{"status", func(r *returnRow) field { return str(&r.r.Status) }},
			{"resolution", func(r *returnRow) field { return str(&r.r.Resolution) }},
			{"refund_id", func(r *returnRow) field { return str(&r.r.RefundID) }},
		},
		auditCols(func(r *returnRow) *order.Audit { return &r.r.Audit }),
	),
}

type returnLineRow = item[order.ReturnLineItem]

var returnLinesTable = &table[returnLineRow]{
	name: "order_return_line_items", key: 2, newRow: newItem[order.ReturnLineItem], orderBy: "return_id, position",
	audit: func(r *returnLineRow) *order.Audit { return &r.v.Audit },
	cols: child(
		func(v *order.ReturnLineItem) *string { return &v.OrderID },
		func(v *order.ReturnLineItem) *string { return &v.ID },
		"return_id", func(v *order.ReturnLineItem) *string { return &v.ReturnID },
		[]col[returnLineRow]{
			{"order_line_item_id", func(r *returnLineRow) field { return str(&r.v.OrderLineItemID) }},
			{"quantity", func(r *returnLineRow) field { return num(&r.v.Quantity) }},
			{"price", func(r *returnLineRow) field { return money(&r.v.Price) }},
			{"reason", func(r *returnLineRow) field { return str(&r.v.Reason) }},
		},
		auditCols(func(r *returnLineRow) *order.Audit { return &r.v.Audit }),
	),
}

// returnSets lists the tables of one return with its rows (pointing into r).
func returnSets(r *order.Return, version int) []rowSet {
	lines := make([]*returnLineRow, len(r.LineItems))
	for i := range r.LineItems {
		lines[i] = &returnLineRow{i, &r.LineItems[i]}
	}
	return []rowSet{
		rowsIn[returnRow]{returnsTable, []*returnRow{{r, version}}},
		rowsIn[returnLineRow]{returnLinesTable, lines},
	}
}

// stored is a loaded return with its revision number.
type storedReturn struct {
	order.Return
	version int
}

// loadReturns reads the returns matching where (on order_returns) with their lines; lineWhere
// selects the lines (on order_return_line_items) with the same args.
func loadReturns(ctx context.Context, q sqlx.QueryerContext, where, lineWhere string, args ...any) ([]storedReturn, error) {
	heads, err := loadRows(ctx, q, returnsTable, where, "", args...)
	if err != nil || len(heads) == 0 {
		return nil, err
	}
	lines, err := loadRows(ctx, q, returnLinesTable, lineWhere, "", args...)
	if err != nil {
		return nil, err
	}
	byReturn := children(lines, func(l *order.ReturnLineItem) string { return l.ReturnID })
	out := make([]storedReturn, len(heads))
	for i, h := range heads {
		h.r.LineItems = byReturn[h.r.ID]
		out[i] = storedReturn{*h.r, h.version}
	}
	return out, nil
}

func plain(rs []storedReturn) []order.Return {
	out := make([]order.Return, len(rs))
	for i := range rs {
		out[i] = rs[i].Return
	}
	return out
}

// Returns lists the returns of an order, oldest first, in two queries.
func (s *Store) Returns(ctx context.Context, orderID string) ([]order.Return, error) {
	var out []storedReturn
	err := s.readTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		out, err = loadReturns(ctx, tx, "order_id = ?", "order_id = ?", orderID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return plain(out), nil
}

// Return loads one return. A missing return is order.ErrNotFound.
func (s *Store) Return(ctx context.Context, id string) (*order.Return, error) {
	var out []storedReturn
	err := s.readTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		out, err = loadReturns(ctx, tx, "id = ?", "return_id = ?", id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("store: return %s: %w", id, order.ErrNotFound)
	}
	return &out[0].Return, nil
}

// lockOrderForReturn locks the order a return belongs to and loads it with its other returns,
// in this order, so the snapshot of the unlocked reads starts after the lock.
func lockOrderForReturn(ctx context.Context, tx *sqlx.Tx, orderID string) (*order.CustomerOrder, error) {
	if orderID == "" {
		return nil, order.Problems{"orderId": "is required"}
	}
	o, err := loadHeader(ctx, tx, "id = ?", "FOR UPDATE", orderID)
	if err != nil {
		return nil, err
	}
	return o, nil
}

// CreateReturn stores a new return of an order in one transaction: ids, a number from the
// global return counter when it has none, validation against the order's sent quantities and
// its other returns (order.ValidateReturn; field errors come back as they are), created date
// and by. On success r is updated; on failure it is untouched and nothing is written.
func (s *Store) CreateReturn(ctx context.Context, by Actor, r *order.Return) error {
	var work *order.Return
	now := s.Now()
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		work = r.Clone() // every attempt starts from the caller's return (see InTx)
		o, err := lockOrderForReturn(ctx, tx, work.OrderID)
		if err != nil {
			return err
		}
		if err := loadTree(ctx, tx, o); err != nil {
			return err
		}
		others, err := loadReturns(ctx, tx, "order_id = ?", "order_id = ?", o.ID)
		if err != nil {
			return err
		}
		if err := s.prepareReturn(ctx, tx, work, o, plain(others), now); err != nil {
			return err
		}
		w := &writer{ctx: ctx, tx: tx, now: now, by: actorName(by)}
		if err := writeSets(w, nil, returnSets(work, 1)); err != nil {
			return returnWriteError(work, err)
		}
		if err := countOpenReturns(ctx, tx, o.ID); err != nil {
			return err
		}
		if err := s.recordReturnChange(ctx, tx, by, o.StoreID, 1, nil, work); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, []string{EventReturnCreated}, o.ID, o.StoreID, work)
	})
	if err != nil {
		return err
	}
	*r = *work
	return nil
}

// SaveReturn stores an edited return in one transaction, validated like a new one. When the
// stored return was modified after r was read (see the ModifiedDate token above) the result is a
// *order.ConflictError and nothing is written. Only changed rows are written; modified date
// and by are set. On success r holds the saved state.
func (s *Store) SaveReturn(ctx context.Context, by Actor, r *order.Return) error {
	var work *order.Return
	now := s.Now()
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		work = r.Clone() // every attempt starts from the caller's return (see InTx)
		return s.saveReturnTx(ctx, tx, by, work, now)
	})
	if err != nil {
		return err
	}
	*r = *work
	return nil
}

// saveReturnTx is SaveReturn inside tx: work is the edited return, updated in place.
func (s *Store) saveReturnTx(ctx context.Context, tx *sqlx.Tx, by Actor, work *order.Return, now time.Time) error {
	o, err := lockOrderForReturn(ctx, tx, work.OrderID)
	if err != nil {
		return err
	}
	heads, err := loadRows(ctx, tx, returnsTable, "id = ?", "FOR UPDATE", work.ID)
	if err != nil {
		return err
	}
	if len(heads) == 0 {
		return fmt.Errorf("store: return %s: %w", work.ID, order.ErrNotFound)
	}
	stored := heads[0]
	if stored.r.OrderID != work.OrderID {
		return order.Problems{"orderId": "a return cannot move to another order"}
	}
	if !sameTime(stored.r.ModifiedDate, work.ModifiedDate) {
		return &order.ConflictError{OrderID: work.OrderID, ReturnID: work.ID, Actual: stored.version}
	}
	if err := loadTree(ctx, tx, o); err != nil {
		return err
	}
	all, err := loadReturns(ctx, tx, "order_id = ?", "order_id = ?", o.ID)
	if err != nil {
		return err
	}
	var before *order.Return
	for i := range all {
		if all[i].ID == work.ID {
			before = &all[i].Return
		}
	}
	if err := s.prepareReturn(ctx, tx, work, o, plain(all), now); err != nil {
		return err
	}
	// The token must change with every save, also within one clock tick.
	stamp := now
	if m := stored.r.ModifiedDate; m != nil && !stamp.After(*m) {
		stamp = m.Add(time.Microsecond)
	}
	w := &writer{ctx: ctx, tx: tx, now: stamp, by: actorName(by)}
	if err := writeSets(w, returnSets(before, stored.version), returnSets(work, stored.version+1)); err != nil {
		return returnWriteError(work, err)
	}
	if err := countOpenReturns(ctx, tx, o.ID); err != nil {
		return err
	}
	if err := s.recordReturnChange(ctx, tx, by, o.StoreID, stored.version+1, before, work); err != nil {
		return err
	}
	return s.enqueue(ctx, tx, []string{EventReturnChanged}, o.ID, o.StoreID, work)
}

// SaveOrderAndReturn stores an edited order and an edited return of it in one transaction,
// each as SaveOrder and SaveReturn would (validation, conflicts, numbering, a change set each):
// a refund made for a return and the return pointing at it are written together or not at all.
// The order is written first, so the return is validated against the order as saved.
func (s *Store) SaveOrderAndReturn(ctx context.Context, by Actor, o *order.CustomerOrder, r *order.Return) error {
	if r.OrderID != o.ID {
		return order.Problems{"orderId": "the return is not of this order"}
	}
	var work *order.CustomerOrder
	var workReturn *order.Return
	now := s.Now()
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		work, workReturn = o.Clone(), r.Clone() // every attempt starts afresh (see InTx)
		if err := s.saveOrderTx(ctx, tx, by, work, now, nil); err != nil {
			return err
		}
		return s.saveReturnTx(ctx, tx, by, workReturn, now)
	})
	if err != nil {
		return err
	}
	*o, *r = *work, *workReturn
	return nil
}

// prepareReturn gives the return ids and, when it has none, a number, rounds its inputs to the
// columns and validates it against the order and the order's other returns.
func (s *Store) prepareReturn(ctx context.Context, tx *sqlx.Tx, r *order.Return, o *order.CustomerOrder, others []order.Return, now time.Time) error {
	r.EnsureIDs()
	for _, set := range returnSets(r, 0) {
		set.normalize()
	}
	if r.Number == "" {
		// Numbered for the day it was made, like the order's documents (prepareOrder).
		at := now
		if !r.CreatedDate.IsZero() && r.CreatedDate.Before(now) {
			at = r.CreatedDate
		}
		n, err := s.NextNumber(ctx, tx, order.TypeReturn, o.StoreID, at)
		if err != nil {
			return err
		}
		r.Number = n
	}
	return order.ValidateReturn(r, o, others)
}

func returnWriteError(r *order.Return, err error) error {
	if isDuplicate(err) && strings.Contains(err.Error(), "uq_order_returns_number") {
		return order.Problems{"number": fmt.Sprintf("%s is already the number of another return", r.Number)}
	}
	return err
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Truncate(time.Microsecond).Equal(b.Truncate(time.Microsecond))
}

// ReturnsOf lists the returns of several orders in two queries, optionally only some statuses,
// within scope (returns of orders outside it are left out).
func (s *Store) ReturnsOf(ctx context.Context, orderIDs, statuses []string, scope listing.Scope) ([]order.Return, error) {
	if len(orderIDs) == 0 {
		return nil, order.Problems{"orderIds": "name the orders whose returns to list"}
	}
	if len(scope.StoreIDs) > 0 || scope.AssignedTo != "" {
		w := &conds{}
		w.in("id", orderIDs)
		w.in("store_id", scope.StoreIDs)
		if scope.AssignedTo != "" {
			w.add("employee_id = ?", scope.AssignedTo)
		}
		if err := s.db.SelectContext(ctx, &orderIDs, `SELECT id FROM orders WHERE `+w.sql(), w.args...); err != nil {
			return nil, fmt.Errorf("store: returns in scope: %w", err)
		}
		if len(orderIDs) == 0 {
			return nil, nil
		}
	}
	in := "order_id IN (" + marks(len(orderIDs)) + ")"
	rs, err := loadReturns(ctx, s.db, in, in, anys(orderIDs)...)
	if err != nil {
		return nil, err
	}
	var out []order.Return
	for _, r := range plain(rs) {
		if len(statuses) == 0 || slices.Contains(statuses, r.Status) {
			out = append(out, r)
		}
	}
	return out, nil
}
