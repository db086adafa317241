package store

// Storage of the order aggregate (internal/order): one table per entity (db/migrations/
// 00005_orders.sql), described in orders_tables.go and written by the generic code in
// orders_sql.go.
//
// Loading reads each table once for the whole order (WHERE order_id = ?), all in one batch of
// statements, and assembles the tree in Go, so an order costs one round trip whatever its size.
// Saving happens in one transaction: lock the order row, check the version, load the stored
// aggregate, number, total and validate the new one, then write only the rows that differ, and
// the change set.
//
// Precision: inputs are rounded to their column's scale (money 4 decimals, rates 6) before
// anything is calculated, and times are kept in UTC with microseconds, so what a save computes
// is exactly what a load gives back. Computed values Virto persists are stored rounded to 4
// decimals for SQL reports; a load recalculates them exactly from the inputs. The order's
// totals (rounded per currency) are stored as they are, for lists that never recalculate.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/audit"
	"orderdesk/internal/order"
)

// Order loads the whole order with the given id: a consistent snapshot of every table, read in
// one batch of statements. A missing order is order.ErrNotFound.
func (s *Store) Order(ctx context.Context, id string) (*order.CustomerOrder, error) {
	return s.readOrder(ctx, func(*sqlx.Tx) (string, error) { return id, nil })
}

// OrderByNumber loads the order with the given number. Orders imported before numbers were
// shared across stores may share one; then the most recent order wins (search lists them all,
// with their stores).
func (s *Store) OrderByNumber(ctx context.Context, number string) (*order.CustomerOrder, error) {
	return s.readOrder(ctx, func(tx *sqlx.Tx) (string, error) {
		return orderIDWhere(ctx, tx, "number = ?", "ORDER BY created_date DESC, id DESC\nLIMIT 1", number)
	})
}

// readOrder loads the order find names, in one read-only snapshot.
func (s *Store) readOrder(ctx context.Context, find func(*sqlx.Tx) (string, error)) (*order.CustomerOrder, error) {
	var o *order.CustomerOrder
	err := s.readTx(ctx, func(tx *sqlx.Tx) error {
		id, err := find(tx)
		if err != nil {
			return err
		}
		o, err = loadOrder(ctx, tx, id, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// orderIDWhere finds the id of the order matching where.
func orderIDWhere(ctx context.Context, q sqlx.QueryerContext, where, tail, arg string) (string, error) {
	var id string
	err := sqlx.GetContext(ctx, q, &id, "SELECT id FROM "+ordersTable.name+" WHERE "+where+" "+tail, arg)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("store: order %s: %w", arg, order.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("store: order %s: %w", arg, err)
	}
	return id, nil
}

// readTx runs fn in a read-only transaction: under InnoDB's default REPEATABLE READ every query
// sees the same snapshot, so a save committing meanwhile cannot tear the aggregate.
func (s *Store) readTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := s.db.BeginTxx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// loadHeader reads the order row matching where; tail may lock it (FOR UPDATE).
func loadHeader(ctx context.Context, q sqlx.QueryerContext, where, tail, arg string) (*order.CustomerOrder, error) {
	rows, err := loadRows(ctx, q, ordersTable, where, tail, arg)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("store: order %s: %w", arg, order.ErrNotFound)
	}
	return rows[0].o, nil
}

// loadOrder reads order id and its whole tree in one round trip: the header row (tail may lock
// it: FOR UPDATE), then every child table, each WHERE order_id = ?, and the currencies table,
// as one batch. It assembles the tree, gives it the currencies and recalculates the computed
// fields with them. The header comes first, so a locking read takes the lock before the child
// rows are read.
func loadOrder(ctx context.Context, q sqlx.QueryerContext, id, tail string) (*order.CustomerOrder, error) {
	o, _, err := loadOrderStored(ctx, q, id, tail, false)
	return o, err
}

// loadOrderStored is loadOrder; with keep it also returns the order exactly as its rows hold it,
// before the recalculation. The two differ when a currency's rules changed since the order was
// last saved: a save writes its rows and daily figures against the stored one, so what was
// stored under the old rules is rewritten and the figures move by what really changed.
func loadOrderStored(ctx context.Context, q sqlx.QueryerContext, id, tail string, keep bool) (o, stored *order.CustomerOrder, err error) {
	rs := &orderRows{}
	var cs currencyResult
	sets := append([]resultSet{rowsOfTable[orderRow]{ordersTable, "id = ?", tail, &rs.header}}, rs.childSets()...)
	if err := loadBatch(ctx, q, append(sets, &cs), eachWith(id, len(sets))...); err != nil {
		return nil, nil, err
	}
	if len(rs.header) == 0 {
		return nil, nil, fmt.Errorf("store: order %s: %w", id, order.ErrNotFound)
	}
	o = rs.assemble()
	o.SetCurrencies(cs.set())
	if keep {
		stored = o.Clone()
	}
	order.Recalculate(o, o.CurrencyRule())
	return o, stored, nil
}

// loadTree reads every child table of o and the currencies in one round trip, assembles the
// tree onto o and recalculates its computed fields.
func loadTree(ctx context.Context, q sqlx.QueryerContext, o *order.CustomerOrder) error {
	rs := &orderRows{header: []*orderRow{{o}}}
	var cs currencyResult
	sets := rs.childSets()
	if err := loadBatch(ctx, q, append(sets, &cs), eachWith(o.ID, len(sets))...); err != nil {
		return err
	}
	rs.assemble()
	o.SetCurrencies(cs.set())
	order.Recalculate(o, o.CurrencyRule())
	return nil
}

// eachWith is the arguments of n statements that each take the order's id.
func eachWith(id string, n int) []any {
	args := make([]any, n)
	for i := range args {
		args[i] = id
	}
	return args
}

// childSets reads every child table of one order (argument: its id) into rs.
func (rs *orderRows) childSets() []resultSet {
	const w, t = "order_id = ?", ""
	return []resultSet{
		rowsOfTable[lineRow]{lineItemsTable, w, t, &rs.lines},
		rowsOfTable[configRow]{configItemsTable, w, t, &rs.configs},
		rowsOfTable[fileRow]{configFilesTable, w, t, &rs.files},
		rowsOfTable[shipmentRow]{shipmentsTable, w, t, &rs.shipments},
		rowsOfTable[shipItemRow]{shipmentItemsTable, w, t, &rs.shipItems},
		rowsOfTable[packageRow]{shipmentPackagesTable, w, t, &rs.packages},
		rowsOfTable[paymentRow]{paymentsTable, w, t, &rs.payments},
		rowsOfTable[transactionRow]{transactionsTable, w, t, &rs.transactions},
		rowsOfTable[captureRow]{capturesTable, w, t, &rs.captures},
		rowsOfTable[captureItemRow]{captureItemsTable, w, t, &rs.captureItems},
		rowsOfTable[refundRow]{refundsTable, w, t, &rs.refunds},
		rowsOfTable[refundItemRow]{refundItemsTable, w, t, &rs.refundItems},
		rowsOfTable[addressRow]{addressesTable, w, t, &rs.addresses},
		rowsOfTable[discountRow]{discountsTable, w, t, &rs.discounts},
		rowsOfTable[taxRow]{taxDetailsTable, w, t, &rs.taxes},
		rowsOfTable[feeRow]{feeDetailsTable, w, t, &rs.fees},
		rowsOfTable[propRow]{propsTable, w, t, &rs.props},
		tagsOfOrder{&rs.tags},
	}
}

// CreateOrder stores a new order in one transaction: ids for everything without one, numbers
// for every document without one, totals, validation (order.Problems, returned as they are),
// then every row, with version 1 and created date and by (kept when the order already has them,
// as imported orders do). On success o is updated with all of that; on failure it is untouched.
func (s *Store) CreateOrder(ctx context.Context, by Actor, o *order.CustomerOrder) error {
	return s.createOrder(ctx, by, o, nil)
}

// createOrder is CreateOrder; with, when set, runs inside the transaction after the change set
// is written, for rows that belong to the creation (the draft a placed order came from).
func (s *Store) createOrder(ctx context.Context, by Actor, o *order.CustomerOrder, with func(tx *sqlx.Tx) error) error {
	var work *order.CustomerOrder
	now := s.Now()
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		work = o.Clone() // every attempt starts from the caller's order (see InTx)
		work.Version = 1
		if err := s.prepareOrder(ctx, tx, nil, work, now); err != nil {
			return err
		}
		if err := by.Allow(nil, work); err != nil {
			return err
		}
		w := &writer{ctx: ctx, tx: tx, now: now, by: actorName(by)}
		if err := writeSets(w, nil, rowsOf(work).sets()); err != nil {
			return orderWriteError(work, err)
		}
		if err := writeListing(ctx, tx, work); err != nil {
			return err
		}
		if err := adjustDailyStats(ctx, tx, nil, work); err != nil {
			return err
		}
		if err := adjustCustomerStats(ctx, tx, nil, work); err != nil {
			return err
		}
		if _, err := s.recordChange(ctx, tx, by, nil, work); err != nil {
			return err
		}
		if with != nil {
			if err := with(tx); err != nil {
				return err
			}
		}
		if _, err := s.queueAvaTax(ctx, tx, work.StoreID, work.ID); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, orderEvents(nil, work), work.ID, work.StoreID, work)
	})
	if err != nil {
		return err
	}
	*o = *work
	return nil
}

// SaveOrder stores an edited order in one transaction. o.Version must be the version it was
// loaded at: when someone saved in between, the result is a *order.ConflictError and nothing is
// written. The order is numbered, totalled and validated like a new one (order.Problems come
// back as they are); then only what differs from the stored aggregate is written, the version
// goes up by one and modified date and by are set. On success o holds the saved state,
// including its new Version; on failure it is untouched.
func (s *Store) SaveOrder(ctx context.Context, by Actor, o *order.CustomerOrder) error {
	return s.saveOrder(ctx, by, o, nil)
}

// saveOrder is SaveOrder; with is run inside the transaction after the change set is written
// (with its id), for rows that belong to the change, such as a delivery photo.
func (s *Store) saveOrder(ctx context.Context, by Actor, o *order.CustomerOrder, with func(tx *sqlx.Tx, changeSetID string) error) error {
	if o.ID == "" {
		return fmt.Errorf("store: save order: no id (use CreateOrder for a new order): %w", order.ErrNotFound)
	}
	var work *order.CustomerOrder
	now := s.Now()
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		work = o.Clone() // every attempt starts from the caller's order (see InTx)
		return s.saveOrderTx(ctx, tx, by, work, now, with)
	})
	if err != nil {
		return err
	}
	*o = *work
	return nil
}

// saveOrderTx is SaveOrder inside tx: work is the edited order, updated in place; with, when
// set, writes what belongs to the change set (see saveOrder).
func (s *Store) saveOrderTx(ctx context.Context, tx *sqlx.Tx, by Actor, work *order.CustomerOrder, now time.Time,
	with func(tx *sqlx.Tx, changeSetID string) error) error {
	before, stored, err := lockOrderStored(ctx, tx, work.ID)
	if err != nil {
		return err
	}
	if before.Version != work.Version {
		return &order.ConflictError{OrderID: work.ID, Expected: work.Version, Actual: before.Version}
	}
	return s.saveLockedTx(ctx, tx, by, before, stored, work, now, with)
}

// lockOrder locks the order's row and loads the whole order inside tx. The locking read comes
// first, so the snapshot the other reads share starts after every earlier save of this order
// committed.
func lockOrder(ctx context.Context, tx *sqlx.Tx, id string) (*order.CustomerOrder, error) {
	return loadOrder(ctx, tx, id, "FOR UPDATE")
}

// lockOrderStored is lockOrder that also returns the order as its rows hold it (see
// loadOrderStored).
func lockOrderStored(ctx context.Context, tx *sqlx.Tx, id string) (before, stored *order.CustomerOrder, err error) {
	return loadOrderStored(ctx, tx, id, "FOR UPDATE", true)
}

// PatchOrder edits the order as it is now: in one transaction it locks the order, hands edit a
// copy of it and saves what edit returns, so a save by someone else meanwhile makes this one
// wait, not fail (and a transient failure runs it again from the fresh order, as InTx does).
// edit must depend only on the order it is given; its error is returned as it is. When the
// edited order carries a version other than the current one (the edit named a version, as a
// JSON Patch may), the result is a *order.ConflictError and nothing is saved. On success the
// saved order, with its new version, is returned.
func (s *Store) PatchOrder(ctx context.Context, by Actor, id string,
	edit func(current *order.CustomerOrder) (*order.CustomerOrder, error)) (*order.CustomerOrder, error) {
	var saved *order.CustomerOrder
	now := s.Now()
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		before, stored, err := lockOrderStored(ctx, tx, id)
		if err != nil {
			return err
		}
		work, err := edit(before.Clone())
		if err != nil {
			return err
		}
		if work.ID != before.ID {
			return fmt.Errorf("store: patch of order %s returned order %q", id, work.ID)
		}
		if work.Version != before.Version {
			return &order.ConflictError{OrderID: id, Expected: work.Version, Actual: before.Version}
		}
		if err := s.saveLockedTx(ctx, tx, by, before, stored, work, now, nil); err != nil {
			return err
		}
		saved = work
		return nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// saveLockedTx is the rest of a save once before, the stored order, is locked and loaded and
// work is known to edit its current version. before is recalculated with the currency rules in
// force (what people saw and changed: rules, history and events compare with it); stored is it
// as its rows hold it, which the rows and daily figures are written against.
func (s *Store) saveLockedTx(ctx context.Context, tx *sqlx.Tx, by Actor, before, stored, work *order.CustomerOrder, now time.Time,
	with func(tx *sqlx.Tx, changeSetID string) error) error {
	work.Version = before.Version
	if err := s.prepareOrder(ctx, tx, before, work, now); err != nil {
		return err
	}
	if err := by.Allow(before, work); err != nil {
		return err
	}
	if len(audit.Diff(before, work)) == 0 {
		if with != nil {
			return fmt.Errorf("store: order %s: nothing changed to attach to: %w", work.ID, ErrNothingChanged)
		}
		return nil // nothing changed: no write, no new version, no empty change set
	}
	work.Version = before.Version + 1
	if err := writeOrderRows(ctx, tx, by, stored, work, now); err != nil {
		return err
	}
	changeSetID, err := s.recordChange(ctx, tx, by, before, work)
	if err != nil {
		return err
	}
	if with != nil {
		if err := with(tx, changeSetID); err != nil {
			return err
		}
	}
	if _, err := s.queueAvaTax(ctx, tx, work.StoreID, work.ID); err != nil {
		return err
	}
	return s.enqueue(ctx, tx, orderEvents(before, work), work.ID, work.StoreID, work)
}

// writeOrderRows writes work over stored, the order as its rows hold it: the document rows that
// differ, the list facts and search row, and the daily and customer figures moved by the
// difference.
func writeOrderRows(ctx context.Context, tx *sqlx.Tx, by Actor, stored, work *order.CustomerOrder, now time.Time) error {
	w := &writer{ctx: ctx, tx: tx, now: now, by: actorName(by)}
	if err := writeSets(w, rowsOf(stored).sets(), rowsOf(work).sets()); err != nil {
		return orderWriteError(work, err)
	}
	if err := writeListing(ctx, tx, work); err != nil {
		return err
	}
	if err := adjustDailyStats(ctx, tx, stored, work); err != nil {
		return err
	}
	return adjustCustomerStats(ctx, tx, stored, work)
}

// prepareOrder readies an order for writing inside tx: ids, inputs rounded to their columns,
// numbers and transaction ids for documents without them, totals, then validation.
func (s *Store) prepareOrder(ctx context.Context, tx *sqlx.Tx, before, o *order.CustomerOrder, now time.Time) error {
	o.EnsureIDs()
	if err := resolveTags(ctx, tx, o, now); err != nil {
		return err
	}
	for _, set := range rowsOf(o).sets() {
		set.normalize()
	}
	// A document is numbered for the day it was made: imported and demo documents carry their
	// own created date, new ones are made now. Numbers the aggregate already holds (imported
	// documents beside new ones) are skipped like those stored elsewhere.
	ops := o.Operations()
	held := func(n string) bool {
		for _, ref := range ops {
			if ref.Op.Number == n {
				return true
			}
		}
		return false
	}
	for _, ref := range ops {
		if ref.Op.Number != "" {
			continue
		}
		at := now
		if c := ref.Op.CreatedDate; !c.IsZero() && c.Before(now) {
			at = c
		}
		n, err := s.nextFreeNumber(ctx, tx, ref.Type, o.StoreID, at, held)
		if err != nil {
			return err
		}
		ref.Op.Number = n
	}
	order.FillTransactionIDs(o)
	for _, ref := range o.Operations() {
		if ref.Op.Status == "" {
			ref.Op.Status = s.rules.Statuses.InitialStatus(ref.Type)
		}
	}
	// Recalculate rounds the order fee but sums the unrounded one into FeeTotal; rounding it
	// first makes the stored totals the ones a reload computes from the stored fee.
	// The currencies in force now, read in this transaction: the totals are rounded by them
	// and a currency they do not hold is refused.
	cs, err := currencySet(ctx, tx)
	if err != nil {
		return err
	}
	o.SetCurrencies(cs)
	cur := o.CurrencyRule()
	o.Fee = cur.Round(o.Fee)
	order.Recalculate(o, cur)
	return s.validateOrder(before, o)
}

// validateOrder refuses an order in a currency the currencies table does not hold
// (*order.UnknownCurrencyError); then it runs the aggregate's rules, the configured status dictionaries and transitions
// (against before, the stored order, when there is one) and the document-count limit, and
// returns all their field errors together.
func (s *Store) validateOrder(before, o *order.CustomerOrder) error {
	if unknown := order.UnknownCurrencies(o, o.Currencies()); len(unknown) > 0 {
		return &order.UnknownCurrencyError{Problems: unknown} // its totals mean nothing: say that first
	}
	fe := order.Problems{}
	for _, err := range []error{
		order.ValidateOrder(o),
		s.rules.Statuses.ValidateStatuses(before, o),
		order.ValidateDocumentCount(o, s.rules.MaxDocuments),
	} {
		var each order.Problems
		switch {
		case err == nil:
		case errors.As(err, &each):
			fe.Merge("", each)
		default:
			return err
		}
	}
	return fe.Err()
}

// orderWriteError turns a duplicate order number into a field error.
func orderWriteError(o *order.CustomerOrder, err error) error {
	if isDuplicate(err) && strings.Contains(err.Error(), "uq_orders_number") {
		return order.Problems{"number": fmt.Sprintf("%s is already the number of another order of this store", o.Number)}
	}
	if isDuplicate(err) && strings.Contains(err.Error(), "orders") && strings.Contains(err.Error(), "PRIMARY") {
		return fmt.Errorf("store: order %s already exists: %w", o.ID, err)
	}
	return err
}
