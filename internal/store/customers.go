package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/shopspring/decimal"

	"orderdesk/internal/listing"
	"orderdesk/internal/order"
)

// ProblemCustomerStats is a customer figure that differs from the sum over the orders.
const ProblemCustomerStats = "customer stats" // customer_stats

// customerKey names one row of customer_stats: a customer's orders in one store and currency
// assigned to one person (or nobody). Store and assignee are in the key so scopes sum rows.
type customerKey struct{ customer, store, currency, employee string }

// customerShare is what one order adds to its row of customer_stats. Spend and balance are the
// order's list figures (its total and order.FactsOf's balance due, as the list and the order
// page show them), counted only for orders not cancelled.
type customerShare struct {
	orders, cancelled, returns int
	spend, balance             decimal.Decimal
}

func customerKeyOf(o *order.CustomerOrder) customerKey {
	return customerKey{o.CustomerID, o.StoreID, o.Currency, o.EmployeeID}
}

// customerShareOf is o's share, with returns its count of returns not cancelled.
func customerShareOf(o *order.CustomerOrder, returns int) customerShare {
	s := customerShare{orders: 1, returns: returns, spend: decimal.Zero, balance: decimal.Zero}
	if o.IsCancelled {
		s.cancelled = 1
	} else {
		s.spend, s.balance = o.Total.Round(4), order.FactsOf(o).BalanceDue.Round(4)
	}
	return s
}

func (s customerShare) neg() customerShare {
	return customerShare{orders: -s.orders, cancelled: -s.cancelled, returns: -s.returns,
		spend: s.spend.Neg(), balance: s.balance.Neg()}
}

func (s customerShare) minus(o customerShare) customerShare {
	return customerShare{orders: s.orders - o.orders, cancelled: s.cancelled - o.cancelled,
		returns: s.returns - o.returns, spend: s.spend.Sub(o.spend), balance: s.balance.Sub(o.balance)}
}

func (s customerShare) zero() bool {
	return s.orders == 0 && s.cancelled == 0 && s.returns == 0 && s.spend.IsZero() && s.balance.IsZero()
}

// adjustCustomerStats moves an order's share of its customer's figures from before (nil for a
// new order) to after, inside the order's transaction, after the order's rows are written.
func adjustCustomerStats(ctx context.Context, tx sqlx.ExtContext, before, after *order.CustomerOrder) error {
	if before == nil {
		return addCustomerShare(ctx, tx, customerKeyOf(after), customerShareOf(after, 0))
	}
	// An order write leaves its returns as they are: the same count leaves and arrives.
	prevKey, nextKey := customerKeyOf(before), customerKeyOf(after)
	if prevKey == nextKey {
		return addCustomerShare(ctx, tx, nextKey, customerShareOf(after, 0).minus(customerShareOf(before, 0)))
	}
	returns, err := orderReturnCount(ctx, tx, after.ID)
	if err != nil {
		return err
	}
	if err := addCustomerShare(ctx, tx, prevKey, customerShareOf(before, returns).neg()); err != nil {
		return err
	}
	return addCustomerShare(ctx, tx, nextKey, customerShareOf(after, returns))
}

// removeCustomerShare takes a deleted order's share (as stored) off its customer's figures; call
// it before the order row is deleted, which holds the order's return count.
func removeCustomerShare(ctx context.Context, tx sqlx.ExtContext, stored *order.CustomerOrder) error {
	returns, err := orderReturnCount(ctx, tx, stored.ID)
	if err != nil {
		return err
	}
	return addCustomerShare(ctx, tx, customerKeyOf(stored), customerShareOf(stored, returns).neg())
}

func orderReturnCount(ctx context.Context, tx sqlx.ExtContext, orderID string) (int, error) {
	var n int
	if err := sqlx.GetContext(ctx, tx, &n, `
		SELECT return_count
		FROM orders
		WHERE id = ?`, orderID); err != nil {
		return 0, fmt.Errorf("store: return count of order %s: %w", orderID, err)
	}
	return n, nil
}

// addCustomerShare adds a (possibly negative) share to its row.
func addCustomerShare(ctx context.Context, tx sqlx.ExtContext, k customerKey, s customerShare) error {
	if s.zero() {
		return nil
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO customer_stats (customer_id, store_id, currency, employee_id, orders, cancelled, spend, balance, returns)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON DUPLICATE KEY UPDATE
		    orders = orders + VALUES(orders), cancelled = cancelled + VALUES(cancelled),
		    spend = spend + VALUES(spend), balance = balance + VALUES(balance),
		    returns = returns + VALUES(returns)`,
		k.customer, k.store, k.currency, k.employee, s.orders, s.cancelled, s.spend, s.balance, s.returns)
	if err != nil {
		return fmt.Errorf("store: customer figures: %w", err)
	}
	return nil
}

// recountReturns refreshes an order's return count (returns not cancelled) inside a return's
// transaction, and moves the difference into its customer's figures.
func recountReturns(ctx context.Context, tx sqlx.ExtContext, orderID string) error {
	var row struct {
		CustomerID string `db:"customer_id"`
		StoreID    string `db:"store_id"`
		Currency   string `db:"currency"`
		EmployeeID string `db:"employee_id"`
		Stored     int    `db:"return_count"`
		Now        int    `db:"now"`
	}
	err := sqlx.GetContext(ctx, tx, &row, `
		SELECT customer_id, store_id, currency, employee_id, return_count,
		       (SELECT COUNT(*) FROM order_returns WHERE order_id = o.id AND status <> ?) AS now
		FROM orders o
		WHERE id = ?`, order.ReturnCanceled, orderID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: return count of order %s: %w", orderID, err)
	}
	if row.Now == row.Stored {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE orders
		SET return_count = ?
		WHERE id = ?`, row.Now, orderID); err != nil {
		return fmt.Errorf("store: return count of order %s: %w", orderID, err)
	}
	return addCustomerShare(ctx, tx, customerKey{row.CustomerID, row.StoreID, row.Currency, row.EmployeeID},
		customerShare{returns: row.Now - row.Stored, spend: decimal.Zero, balance: decimal.Zero})
}

// CustomerFigures are one customer's figures in one currency, over the orders a scope allows.
type CustomerFigures struct {
	Currency  string          `db:"currency"`
	Orders    int             `db:"orders"`
	Cancelled int             `db:"cancelled"`
	Spend     decimal.Decimal `db:"spend"`   // totals of the orders not cancelled
	Balance   decimal.Decimal `db:"balance"` // balance due of the orders not cancelled
	Returns   int             `db:"returns"` // returns not cancelled
	Rule      order.Currency  `db:"-"`       // the currency's rounding rule, to show the money with
}

// CustomerSummary is what the customer panel and page show of a customer, within a scope: the
// figures per currency, the first and the latest order, and the latest order's number, the
// customer's name on it and its addresses (their addresses of record, e-mail and phone).
type CustomerSummary struct {
	CustomerID string
	Figures    []CustomerFigures // by currency; empty when no order is in scope
	Orders     int
	Cancelled  int
	Returns    int
	First      time.Time
	Last       time.Time
	Latest     LatestOrder // the latest order in scope
}

// LatestOrder is what the customer panel reads of a customer's latest order.
type LatestOrder struct {
	ID           string    `db:"id"`
	Number       string    `db:"number"`
	CustomerName string    `db:"customer_name"`
	IsAnonymous  bool      `db:"is_anonymous"`
	CreatedDate  time.Time `db:"created_date"`
	Addresses    []order.Address
}

// CustomerSummary reads a customer's figures within scope from customer_stats (one indexed
// range of the primary key) and the first and latest order dates from the orders' customer
// index. A customer without orders in scope has no Figures.
func (s *Store) CustomerSummary(ctx context.Context, customerID string, scope listing.Scope) (CustomerSummary, error) {
	sum := CustomerSummary{CustomerID: customerID}
	if customerID == "" {
		return sum, nil
	}
	w := &conds{}
	w.add("customer_id = ?", customerID)
	w.in("store_id", scope.StoreIDs)
	if scope.AssignedTo != "" {
		w.add("employee_id = ?", scope.AssignedTo)
	}
	if err := s.db.SelectContext(ctx, &sum.Figures, `
		SELECT currency, SUM(orders) AS orders, SUM(cancelled) AS cancelled,
		       SUM(spend) AS spend, SUM(balance) AS balance, SUM(returns) AS returns
		FROM customer_stats
		WHERE `+w.sql()+`
		GROUP BY currency
		HAVING SUM(orders) > 0
		ORDER BY currency`, w.args...); err != nil {
		return sum, fmt.Errorf("store: customer figures of %s: %w", customerID, err)
	}
	if len(sum.Figures) == 0 {
		return sum, nil
	}
	cs, err := currencySet(ctx, s.db)
	if err != nil {
		return sum, err
	}
	for i := range sum.Figures {
		f := &sum.Figures[i]
		f.Rule = cs.Of(f.Currency)
		sum.Orders += f.Orders
		sum.Cancelled += f.Cancelled
		sum.Returns += f.Returns
	}
	o := &conds{}
	o.add("o.customer_id = ?", customerID)
	o.in("o.store_id", scope.StoreIDs)
	if scope.AssignedTo != "" {
		o.add("o.employee_id = ?", scope.AssignedTo)
	}
	var first, last LatestOrder
	for _, end := range []struct {
		dest *LatestOrder
		dir  string
	}{{&first, "ASC"}, {&last, "DESC"}} {
		err := s.db.GetContext(ctx, end.dest, `
			SELECT o.id, o.number, o.customer_name, o.is_anonymous, o.created_date
			FROM orders o FORCE INDEX (ix_orders_customer_created)
			WHERE `+o.sql()+`
			ORDER BY o.created_date `+end.dir+`, o.id `+end.dir+`
			LIMIT 1`, o.args...)
		if errors.Is(err, sql.ErrNoRows) {
			continue // written meanwhile; the figures are a moment older
		}
		if err != nil {
			return sum, fmt.Errorf("store: orders of customer %s: %w", customerID, err)
		}
	}
	if last.ID != "" {
		addrs, err := loadRows(ctx, s.db, addressesTable, "order_id = ? AND owner_type = 'order'", "", last.ID)
		if err != nil {
			return sum, err
		}
		for _, a := range addrs {
			last.Addresses = append(last.Addresses, *a.v)
		}
	}
	sum.First, sum.Last, sum.Latest = first.CreatedDate, last.CreatedDate, last
	return sum, nil
}

// RebuildCustomerStats recomputes every customer figure from the orders, in one transaction.
func (s *Store) RebuildCustomerStats(ctx context.Context) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM customer_stats`); err != nil {
			return fmt.Errorf("store: rebuild customer figures: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE orders o
			LEFT JOIN (
			    SELECT order_id, COUNT(*) AS n
			    FROM order_returns
			    WHERE status <> ?
			    GROUP BY order_id
			) r ON r.order_id = o.id
			SET o.return_count = COALESCE(r.n, 0)
			WHERE o.return_count <> COALESCE(r.n, 0)`, order.ReturnCanceled); err != nil {
			return fmt.Errorf("store: rebuild return counts: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO customer_stats (customer_id, store_id, currency, employee_id, orders, cancelled, spend, balance, returns)
			`+customerStatsSelect); err != nil {
			return fmt.Errorf("store: rebuild customer figures: %w", err)
		}
		return nil
	})
}

// customerStatsSelect sums the orders' shares from their rows, as the migration did.
const customerStatsSelect = `SELECT customer_id, store_id, currency, employee_id, COUNT(*), SUM(is_cancelled),
			       SUM(IF(is_cancelled, 0, total)), SUM(IF(is_cancelled, 0, balance_due)), SUM(return_count)
			FROM orders
			GROUP BY customer_id, store_id, currency, employee_id`

// checkCustomerStats compares customer_stats with the sums over the orders' rows (whose list
// figures the order check has compared with the documents) and the orders' return counts with
// their returns, in the check's snapshot. A stored row of zeros equals no row.
func checkCustomerStats(ctx context.Context, tx *sqlx.Tx, report func(Problem)) error {
	var counts []struct {
		ID     string `db:"id"`
		Number string `db:"number"`
		Stored int    `db:"return_count"`
		Want   int    `db:"want"`
	}
	if err := tx.SelectContext(ctx, &counts, `
		SELECT o.id, o.number, o.return_count, COALESCE(r.n, 0) AS want
		FROM orders o
		LEFT JOIN (
		    SELECT order_id, COUNT(*) AS n
		    FROM order_returns
		    WHERE status <> ?
		    GROUP BY order_id
		) r ON r.order_id = o.id
		WHERE o.return_count <> COALESCE(r.n, 0)`, order.ReturnCanceled); err != nil {
		return fmt.Errorf("store: check: return counts: %w", err)
	}
	for _, c := range counts {
		report(Problem{OrderID: c.ID, Number: c.Number, Kind: ProblemCustomerStats, What: "orders.return_count",
			Stored: strconv.Itoa(c.Stored), Expected: strconv.Itoa(c.Want)})
	}
	type statRow struct {
		CustomerID string          `db:"customer_id"`
		StoreID    string          `db:"store_id"`
		Currency   string          `db:"currency"`
		EmployeeID string          `db:"employee_id"`
		Orders     int             `db:"orders"`
		Cancelled  int             `db:"cancelled"`
		Spend      decimal.Decimal `db:"spend"`
		Balance    decimal.Decimal `db:"balance"`
		Returns    int             `db:"returns"`
	}
	var stored, want []statRow
	if err := tx.SelectContext(ctx, &stored, `
		SELECT customer_id, store_id, currency, employee_id, orders, cancelled, spend, balance, returns
		FROM customer_stats`); err != nil {
		return fmt.Errorf("store: check: customer figures: %w", err)
	}
	if err := tx.SelectContext(ctx, &want, `
		SELECT customer_id, store_id, currency, employee_id, COUNT(*) AS orders, SUM(is_cancelled) AS cancelled,
		       SUM(IF(is_cancelled, 0, total)) AS spend, SUM(IF(is_cancelled, 0, balance_due)) AS balance,
		       SUM(COALESCE(r.n, 0)) AS returns
		FROM orders o
		LEFT JOIN (
		    SELECT order_id, COUNT(*) AS n
		    FROM order_returns
		    WHERE status <> ?
		    GROUP BY order_id
		) r ON r.order_id = o.id
		GROUP BY customer_id, store_id, currency, employee_id`, order.ReturnCanceled); err != nil {
		return fmt.Errorf("store: check: customer figures: %w", err)
	}
	key := func(r statRow) customerKey { return customerKey{r.CustomerID, r.StoreID, r.Currency, r.EmployeeID} }
	got, exp := map[customerKey]statRow{}, map[customerKey]statRow{}
	keys := map[customerKey]bool{}
	for _, r := range stored {
		got[key(r)], keys[key(r)] = r, true
	}
	for _, r := range want {
		exp[key(r)], keys[key(r)] = r, true
	}
	sorted := make([]customerKey, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Slice(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		return strings.Join([]string{a.customer, a.store, a.currency, a.employee}, "\x00") <
			strings.Join([]string{b.customer, b.store, b.currency, b.employee}, "\x00")
	})
	for _, k := range sorted {
		g, w := got[k], exp[k]
		name := k.customer + " " + k.store + " " + k.currency + " " + strings.TrimSpace("assigned "+k.employee)
		if k.employee == "" {
			name = k.customer + " " + k.store + " " + k.currency + " unassigned"
		}
		for _, c := range []struct{ what, stored, expected string }{
			{"orders", strconv.Itoa(g.Orders), strconv.Itoa(w.Orders)},
			{"cancelled", strconv.Itoa(g.Cancelled), strconv.Itoa(w.Cancelled)},
			{"spend", g.Spend.Round(4).StringFixed(4), w.Spend.Round(4).StringFixed(4)},
			{"balance", g.Balance.Round(4).StringFixed(4), w.Balance.Round(4).StringFixed(4)},
			{"returns", strconv.Itoa(g.Returns), strconv.Itoa(w.Returns)},
		} {
			if c.stored != c.expected {
				report(Problem{Kind: ProblemCustomerStats, What: name + " " + c.what, Stored: c.stored, Expected: c.expected})
			}
		}
	}
	return nil
}
