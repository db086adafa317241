package store

// Storage of the order aggregate (internal/order): one table per entity (db/migrations/
// 00005_orders.sql), described in orders_tables.go and written by the generic code in
// orders_sql.go.
//
// Loading reads each table once for the whole order (WHERE order_id = ?) and assembles the tree
// in Go, so an order costs the same handful of queries whatever its size. Saving happens in one
// transaction: lock the order row, check the version, load the stored aggregate, number, total
// and validate the new one, then write only the rows that differ, and the change set.
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
// a fixed number of queries. A missing order is order.ErrNotFound.
func (s *Store) Order(ctx context.Context, id string) (*order.CustomerOrder, error) {
	return s.readOrder(ctx, "id = ?", "", id)
}

// OrderByNumber loads the order with the given number. Orders imported before numbers were
// shared across stores may share one; then the most recent order wins (search lists them all,
// with their stores).
func (s *Store) OrderByNumber(ctx context.Context, number string) (*order.CustomerOrder, error) {
	return s.readOrder(ctx, "number = ?", "ORDER BY created_date DESC, id DESC\nLIMIT 1", number)
}

func (s *Store) readOrder(ctx context.Context, where, tail, arg string) (*order.CustomerOrder, error) {
	var o *order.CustomerOrder
	err := s.readTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if o, err = loadHeader(ctx, tx, where, tail, arg); err != nil {
			return err
		}
		return loadTree(ctx, tx, o)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
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

// loadTree reads every child table of o (one query each, skipping tables whose parents are
// absent), assembles the tree onto o and recalculates its computed fields.
func loadTree(ctx context.Context, q sqlx.QueryerContext, o *order.CustomerOrder) error {
	rs := &orderRows{header: []*orderRow{{o}}}
	var err error
	// load reads the tables of one step unless an earlier one failed or when is false.
	load := func(when bool, loads ...func() error) {
		for _, l := range loads {
			if err == nil && when {
				err = l()
			}
		}
	}
	load(true,
		into(ctx, q, o.ID, &rs.lines, lineItemsTable),
		into(ctx, q, o.ID, &rs.shipments, shipmentsTable),
		into(ctx, q, o.ID, &rs.payments, paymentsTable),
		into(ctx, q, o.ID, &rs.addresses, addressesTable),
		into(ctx, q, o.ID, &rs.discounts, discountsTable),
		into(ctx, q, o.ID, &rs.taxes, taxDetailsTable),
		into(ctx, q, o.ID, &rs.fees, feeDetailsTable),
		into(ctx, q, o.ID, &rs.props, propsTable),
	)
	load(len(rs.lines) > 0, into(ctx, q, o.ID, &rs.configs, configItemsTable))
	load(len(rs.configs) > 0, into(ctx, q, o.ID, &rs.files, configFilesTable))
	load(len(rs.shipments) > 0,
		into(ctx, q, o.ID, &rs.shipItems, shipmentItemsTable),
		into(ctx, q, o.ID, &rs.packages, shipmentPackagesTable),
	)
	load(len(rs.payments) > 0,
		into(ctx, q, o.ID, &rs.transactions, transactionsTable),
		into(ctx, q, o.ID, &rs.captures, capturesTable),
		into(ctx, q, o.ID, &rs.refunds, refundsTable),
	)
	load(len(rs.captures) > 0, into(ctx, q, o.ID, &rs.captureItems, captureItemsTable))
	load(len(rs.refunds) > 0, into(ctx, q, o.ID, &rs.refundItems, refundItemsTable))
	if err != nil {
		return err
	}
	rs.assemble()
	order.Recalculate(o, order.CurrencyFor(o.Currency))
	return nil
}

// into returns a step that loads all rows of t for one order into dst.
func into[R any](ctx context.Context, q sqlx.QueryerContext, orderID string, dst *[]*R, t *table[R]) func() error {
	return func() (err error) {
		*dst, err = loadRows(ctx, q, t, "order_id = ?", "", orderID)
		return err
	}
}

// CreateOrder stores a new order in one transaction: ids for everything without one, numbers
// for every document without one, totals, validation (order.FieldErrors, returned as they are),
// then every row, with version 1 and created date and by (kept when the order already has them,
// as imported orders do). On success o is updated with all of that; on failure it is untouched.
func (s *Store) CreateOrder(ctx context.Context, by Actor, o *order.CustomerOrder) error {
	var work *order.CustomerOrder
	now := s.Now()
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		work = o.Clone() // every attempt starts from the caller's order (see InTx)
		work.Version = 1
		if err := s.prepareOrder(ctx, tx, nil, work, now); err != nil {
			return err
		}
		if err := actorMay(by, nil, work); err != nil {
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
		if _, err := s.recordChange(ctx, tx, by, nil, work); err != nil {
			return err
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
// written. The order is numbered, totalled and validated like a new one (order.FieldErrors come
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
	before, err := lockOrder(ctx, tx, work.ID)
	if err != nil {
		return err
	}
	if before.Version != work.Version {
		return &order.ConflictError{OrderID: work.ID, Expected: work.Version, Actual: before.Version}
	}
	return s.saveLockedTx(ctx, tx, by, before, work, now, with)
}

// lockOrder locks the order's row and loads the whole order inside tx. The locking read comes
// first, so the snapshot the other reads share starts after every earlier save of this order
// committed.
func lockOrder(ctx context.Context, tx *sqlx.Tx, id string) (*order.CustomerOrder, error) {
	before, err := loadHeader(ctx, tx, "id = ?", "FOR UPDATE", id)
	if err != nil {
		return nil, err
	}
	if err := loadTree(ctx, tx, before); err != nil {
		return nil, err
	}
	return before, nil
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
		before, err := lockOrder(ctx, tx, id)
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
		if err := s.saveLockedTx(ctx, tx, by, before, work, now, nil); err != nil {
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
// work is known to edit its current version.
func (s *Store) saveLockedTx(ctx context.Context, tx *sqlx.Tx, by Actor, before, work *order.CustomerOrder, now time.Time,
	with func(tx *sqlx.Tx, changeSetID string) error) error {
	work.Version = before.Version
	if err := s.prepareOrder(ctx, tx, before, work, now); err != nil {
		return err
	}
	if err := actorMay(by, before, work); err != nil {
		return err
	}
	if len(audit.Diff(before, work)) == 0 {
		if with != nil {
			return fmt.Errorf("store: order %s: nothing changed to attach to: %w", work.ID, ErrNothingChanged)
		}
		return nil // nothing changed: no write, no new version, no empty change set
	}
	work.Version = before.Version + 1
	w := &writer{ctx: ctx, tx: tx, now: now, by: actorName(by)}
	if err := writeSets(w, rowsOf(before).sets(), rowsOf(work).sets()); err != nil {
		return orderWriteError(work, err)
	}
	if err := writeListing(ctx, tx, work); err != nil {
		return err
	}
	if err := adjustDailyStats(ctx, tx, before, work); err != nil {
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

// actorMay applies what the actor's role limits: the permission each change needs, the size
// of refunds, and prices for those who may not see them.
func actorMay(by Actor, before, after *order.CustomerOrder) error {
	if err := actorPermits(by, before, after); err != nil {
		return err
	}
	if by.RefundLimit != nil {
		if err := order.ValidateRefundLimit(before, after, *by.RefundLimit); err != nil {
			return err
		}
	}
	if by.HidesPrices {
		return order.ValidatePricesUnchanged(before, after)
	}
	return nil
}

// prepareOrder readies an order for writing inside tx: ids, inputs rounded to their columns,
// numbers and transaction ids for documents without them, totals, then validation.
func (s *Store) prepareOrder(ctx context.Context, tx *sqlx.Tx, before, o *order.CustomerOrder, now time.Time) error {
	o.EnsureIDs()
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
	cur := order.CurrencyFor(o.Currency)
	o.Fee = cur.Round(o.Fee)
	order.Recalculate(o, cur)
	return s.validateOrder(before, o)
}

// validateOrder runs the aggregate's rules, the configured status dictionaries and transitions
// (against before, the stored order, when there is one) and the document-count limit, and
// returns all their field errors together.
func (s *Store) validateOrder(before, o *order.CustomerOrder) error {
	fe := order.FieldErrors{}
	for _, err := range []error{
		order.ValidateOrder(o),
		s.rules.Statuses.ValidateStatuses(before, o),
		order.ValidateDocumentCount(o, s.rules.MaxDocuments),
	} {
		var each order.FieldErrors
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
		return order.FieldErrors{"number": fmt.Sprintf("%s is already the number of another order of this store", o.Number)}
	}
	if isDuplicate(err) && strings.Contains(err.Error(), "orders") && strings.Contains(err.Error(), "PRIMARY") {
		return fmt.Errorf("store: order %s already exists: %w", o.ID, err)
	}
	return err
}
