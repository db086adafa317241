package store

// The consistency check behind `orderdesk check`: every order is read in batches by id, its
// totals recalculated with the same function saves use, and what is derived from it — the
// list facts on the order row, the search row, the daily figures — compared with what the
// derivation would write now. The history is checked for versions without gaps.

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/shopspring/decimal"

	"orderdesk/internal/audit"
	"orderdesk/internal/order"
	"orderdesk/internal/search"
)

// What a problem is about; the repair rebuilds the derived kinds.
const (
	ProblemTotals     = "totals"      // a stored total differs from a fresh recalculation
	ProblemHistory    = "history"     // change-set versions do not run 1..version
	ProblemListFacts  = "list facts"  // the list columns of the order row
	ProblemSearchRow  = "search row"  // order_search
	ProblemDailyStats = "daily stats" // order_daily_stats
)

// Problem is one inconsistency the check found.
type Problem struct {
	OrderID, Number string // empty for a daily figure
	Kind            string // one of the Problem* constants
	What            string // the column or fact, e.g. "orders.total" or "2026-11-20 s1 EUR revenue"
	Stored          string
	Expected        string
}

func (p Problem) String() string {
	who := "-"
	switch {
	case p.Number != "":
		who = fmt.Sprintf("%s (%s)", p.Number, p.OrderID)
	case p.OrderID != "":
		who = "order " + p.OrderID
	}
	return fmt.Sprintf("%s: %s: %s: stored %s, expected %s", who, p.Kind, p.What, p.Stored, p.Expected)
}

// CheckResult sums up a check: how many orders and problems, and the orders whose list facts
// or search row RepairDerived should rebuild (each once, in the order found). Problems go to
// CheckOptions.Found as they are found, so a check of a million broken orders keeps only ids.
type CheckResult struct {
	Orders   int
	Problems int
	Repair   []string
	Retotal  []string // orders whose stored totals differ from a recalculation (RetotalOrders)
	Elapsed  time.Duration
}

// CheckOptions tunes CheckOrders: Batch orders are read per round of queries (default 500);
// Progress, when set, is told after each batch how many orders are done of the total it was
// first given; Found, when set, sees each problem as it is found.
type CheckOptions struct {
	Batch    int
	Progress func(done, total int)
	Found    func(Problem)
}

// CheckOrders checks every order in one consistent snapshot, so a check run beside a busy
// server compares each order with its own derived rows and the daily figures with the orders
// of that same moment. A batch costs a fixed number of queries whatever its size.
func (s *Store) CheckOrders(ctx context.Context, opt CheckOptions) (CheckResult, error) {
	batch := opt.Batch
	if batch <= 0 {
		batch = 500
	}
	start := time.Now()
	var res CheckResult
	toRepair, toRetotal := map[string]bool{}, map[string]bool{}
	report := func(p Problem) {
		res.Problems++
		if (p.Kind == ProblemListFacts || p.Kind == ProblemSearchRow) && p.OrderID != "" && !toRepair[p.OrderID] {
			toRepair[p.OrderID] = true
			res.Repair = append(res.Repair, p.OrderID)
		}
		if p.Kind == ProblemTotals && p.OrderID != "" && !toRetotal[p.OrderID] {
			toRetotal[p.OrderID] = true
			res.Retotal = append(res.Retotal, p.OrderID)
		}
		if opt.Found != nil {
			opt.Found(p)
		}
	}
	shares := map[dayKey]*dayShare{}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	err := s.readTx(ctx, func(tx *sqlx.Tx) error {
		var total int
		if err := tx.GetContext(ctx, &total, `SELECT COUNT(*) FROM orders`); err != nil {
			return fmt.Errorf("store: check: count orders: %w", err)
		}
		// The reads (this goroutine, the transaction's) run one batch ahead of the checks of the
		// one before, so the database and the recalculation work at the same time.
		loaded := make(chan *checkData, 1)
		checked := make(chan error, 1)
		go func() {
			var err error
			for d := range loaded {
				if err == nil {
					if err = d.verify(shares, report); err != nil {
						cancel() // stops the reads
					}
					res.Orders += len(d.headers)
					if err == nil && opt.Progress != nil {
						opt.Progress(res.Orders, total)
					}
				}
			}
			checked <- err
		}()
		readErr := func() error {
			defer close(loaded)
			after := ""
			for {
				headers, err := loadRows(ctx, tx, ordersTable, "id > ?", "ORDER BY id\nLIMIT "+strconv.Itoa(batch), after)
				if err != nil || len(headers) == 0 {
					return err
				}
				d, err := loadCheckData(ctx, tx, headers)
				if err != nil {
					return err
				}
				select {
				case loaded <- d:
				case <-ctx.Done():
					return ctx.Err()
				}
				after = headers[len(headers)-1].o.ID
			}
		}()
		if err := errors.Join(readErr, <-checked); err != nil {
			return err
		}
		if err := checkOrphanSearchRows(ctx, tx, report); err != nil {
			return err
		}
		if err := checkDailyStats(ctx, tx, shares, report); err != nil {
			return err
		}
		return checkCustomerStats(ctx, tx, report)
	})
	res.Elapsed = time.Since(start)
	return res, err
}

// storedFacts are the list columns of an order row as stored.
type storedFacts struct {
	ID            string          `db:"id"`
	ItemCount     int             `db:"item_count"`
	PaidTotal     decimal.Decimal `db:"paid_total"`
	BalanceDue    decimal.Decimal `db:"balance_due"`
	PaymentState  string          `db:"payment_state"`
	ShippingState string          `db:"shipping_state"`
	OpenReturns   int             `db:"open_returns"`
}

type storedSearchRow struct {
	OrderID  string `db:"order_id"`
	Customer string `db:"customer"`
	Refs     string `db:"refs"`
	Items    string `db:"items"`
	Notes    string `db:"notes"`
}

// versionRun is what the history holds for one document: how many change sets, how many
// distinct versions, the lowest and the highest.
type versionRun struct {
	Aggregate  string `db:"aggregate"`
	DocumentID string `db:"document_id"`
	Count      int    `db:"n"`
	Distinct   int    `db:"distinct_versions"`
	Min        int    `db:"min_version"`
	Max        int    `db:"max_version"`
}

type returnHead struct {
	ID      string `db:"id"`
	OrderID string `db:"order_id"`
	Number  string `db:"number"`
	Status  string `db:"status"`
	Version int    `db:"version"`
}

// checkData is what the check reads for one batch of orders.
type checkData struct {
	headers []*orderRow
	rows    *batchRows
	factsOf map[string]storedFacts
	docOf   map[string]storedSearchRow
	returns []returnHead
	runOf   map[string]versionRun
	cs      order.Currencies // the currency rules in force, which a recalculation rounds with
}

// loadCheckData reads the documents, derived rows and history of the orders whose header rows
// are given, with one query per table for the whole batch.
func loadCheckData(ctx context.Context, tx *sqlx.Tx, headers []*orderRow) (*checkData, error) {
	ids := make([]string, len(headers))
	for i, h := range headers {
		ids[i] = h.o.ID
	}
	in := "(" + marks(len(ids)) + ")"
	args := anys(ids)

	rows, err := loadBatchRows(ctx, tx, ids)
	if err != nil {
		return nil, err
	}
	cs, err := currencySet(ctx, tx)
	if err != nil {
		return nil, err
	}
	var facts []storedFacts
	if err := tx.SelectContext(ctx, &facts, `
		SELECT id, item_count, paid_total, balance_due, payment_state, shipping_state, open_returns
		FROM orders
		WHERE id IN `+in, args...); err != nil {
		return nil, fmt.Errorf("store: check: list facts: %w", err)
	}
	factsOf := make(map[string]storedFacts, len(facts))
	for _, f := range facts {
		factsOf[f.ID] = f
	}
	var docs []storedSearchRow
	if err := tx.SelectContext(ctx, &docs, `
		SELECT order_id, customer, refs, items, notes
		FROM order_search
		WHERE order_id IN `+in, args...); err != nil {
		return nil, fmt.Errorf("store: check: search rows: %w", err)
	}
	docOf := make(map[string]storedSearchRow, len(docs))
	for _, d := range docs {
		docOf[d.OrderID] = d
	}
	var returns []returnHead
	if err := tx.SelectContext(ctx, &returns, `
		SELECT id, order_id, number, status, version
		FROM order_returns
		WHERE order_id IN `+in, args...); err != nil {
		return nil, fmt.Errorf("store: check: returns: %w", err)
	}
	var runs []versionRun
	if err := tx.SelectContext(ctx, &runs, `
		SELECT aggregate, document_id, COUNT(*) AS n, COUNT(DISTINCT version) AS distinct_versions,
		       MIN(version) AS min_version, MAX(version) AS max_version
		FROM order_change_sets
		WHERE order_id IN `+in+`
		GROUP BY aggregate, document_id`, args...); err != nil {
		return nil, fmt.Errorf("store: check: history: %w", err)
	}
	runOf := make(map[string]versionRun, len(runs))
	for _, r := range runs {
		runOf[r.Aggregate+"/"+r.DocumentID] = r
	}
	return &checkData{headers: headers, rows: rows, factsOf: factsOf, docOf: docOf, returns: returns, runOf: runOf, cs: cs}, nil
}

// verify checks each order of the batch against what was read for it, adding each order's share
// to the daily figures.
func (b *checkData) verify(shares map[dayKey]*dayShare, report func(Problem)) error {
	openReturns := map[string]int{}
	for _, r := range b.returns {
		if r.Status != string(order.ReturnCompleted) && r.Status != string(order.ReturnCanceled) {
			openReturns[r.OrderID]++
		}
	}
	numberOf := make(map[string]string, len(b.headers))

	for _, h := range b.headers {
		o := h.o
		numberOf[o.ID] = o.Number
		problem := func(kind, what string, stored, expected any) {
			report(Problem{OrderID: o.ID, Number: o.Number, Kind: kind, What: what,
				Stored: fmt.Sprint(stored), Expected: fmt.Sprint(expected)})
		}
		storedHeader := *o
		rs := b.rows.of(h)
		stored := *rs
		stored.header = []*orderRow{{&storedHeader}}
		rs.assemble()
		o.SetCurrencies(b.cs)
		order.Recalculate(o, o.CurrencyRule())

		// Totals at every level: each table's stored columns against the rows of the
		// recalculated order.
		fresh := rowsOf(o).sets()
		for i, set := range stored.sets() {
			if err := set.compare(fresh[i], func(what string, a, b any) { problem(ProblemTotals, what, a, b) }); err != nil {
				return err
			}
		}

		f := order.FactsOf(o)
		sf, ok := b.factsOf[o.ID]
		if ok {
			compareFact := func(col string, a, b any) {
				if fmt.Sprint(a) != fmt.Sprint(b) {
					problem(ProblemListFacts, "orders."+col, a, b)
				}
			}
			compareFact("item_count", sf.ItemCount, f.ItemCount)
			compareFact("paid_total", sf.PaidTotal.Round(4).StringFixed(4), f.Paid.Round(4).StringFixed(4))
			compareFact("balance_due", sf.BalanceDue.Round(4).StringFixed(4), f.BalanceDue.Round(4).StringFixed(4))
			compareFact("payment_state", sf.PaymentState, f.PaymentState)
			compareFact("shipping_state", sf.ShippingState, f.ShippingState)
			compareFact("open_returns", sf.OpenReturns, openReturns[o.ID])
		}

		d := search.DocumentOf(o)
		if sd, ok := b.docOf[o.ID]; !ok {
			problem(ProblemSearchRow, "order_search", "no row", "a row")
		} else {
			for _, c := range []struct{ col, stored, expected string }{
				{"customer", sd.Customer, d.Customer}, {"refs", sd.Refs, d.Refs},
				{"items", sd.Items, d.Items}, {"notes", sd.Notes, d.Notes},
			} {
				if c.stored != c.expected {
					problem(ProblemSearchRow, "order_search."+c.col, strconv.Quote(c.stored), strconv.Quote(c.expected))
				}
			}
		}

		checkVersions(b.runOf[AggregateOrder+"/"+o.ID], o.Version, "order", problem)

		// Revenue follows the stored total, as the list shows it: a total that is off is a totals
		// problem, reported once above, and rebuilding the figures takes the stored one too.
		share := shareOf(o)
		if !o.IsCancelled {
			share.revenue = storedHeader.Total
		}
		k := dayKey{share.day.Format(time.DateOnly), share.store, share.currency}
		sum := shares[k]
		if sum == nil {
			sum = &dayShare{revenue: decimal.Zero}
			shares[k] = sum
		}
		// Each order's revenue goes into the table rounded to its column, as addShare does.
		sum.orders += share.orders
		sum.cancelled += share.cancelled
		sum.items += share.items
		sum.revenue = sum.revenue.Add(share.revenue.Round(4))
	}
	for _, r := range b.returns {
		checkVersions(b.runOf[AggregateReturn+"/"+r.ID], r.Version, "return "+r.Number, func(kind, what string, stored, expected any) {
			report(Problem{OrderID: r.OrderID, Number: numberOf[r.OrderID], Kind: kind, What: what,
				Stored: fmt.Sprint(stored), Expected: fmt.Sprint(expected)})
		})
	}
	return nil
}

// checkVersions reports a history that does not hold exactly the versions 1..version.
func checkVersions(run versionRun, version int, doc string, problem func(kind, what string, stored, expected any)) {
	if run.Count == version && run.Distinct == version && (version == 0 || run.Min == 1 && run.Max == version) {
		return
	}
	stored := "no change sets"
	if run.Count > 0 {
		stored = fmt.Sprintf("%d change set(s), %d distinct version(s) from %d to %d", run.Count, run.Distinct, run.Min, run.Max)
	}
	problem(ProblemHistory, doc+" versions", stored, fmt.Sprintf("versions 1..%d, one change set each", version))
}

// batchRows are the rows of every child table of a batch of orders, by order id.
type batchRows struct {
	lines        map[string][]*lineRow
	configs      map[string][]*configRow
	files        map[string][]*fileRow
	shipments    map[string][]*shipmentRow
	shipItems    map[string][]*shipItemRow
	packages     map[string][]*packageRow
	payments     map[string][]*paymentRow
	transactions map[string][]*transactionRow
	captures     map[string][]*captureRow
	captureItems map[string][]*captureItemRow
	refunds      map[string][]*refundRow
	refundItems  map[string][]*refundItemRow
	addresses    map[string][]*addressRow
	discounts    map[string][]*discountRow
	taxes        map[string][]*taxRow
	fees         map[string][]*feeRow
	props        map[string][]*propRow
	tags         map[string][]tagRow
}

// of gives the rows of one order of the batch.
func (b *batchRows) of(h *orderRow) *orderRows {
	id := h.o.ID
	return &orderRows{
		header: []*orderRow{h}, lines: b.lines[id], configs: b.configs[id], files: b.files[id],
		shipments: b.shipments[id], shipItems: b.shipItems[id], packages: b.packages[id],
		payments: b.payments[id], transactions: b.transactions[id], captures: b.captures[id],
		captureItems: b.captureItems[id], refunds: b.refunds[id], refundItems: b.refundItems[id],
		addresses: b.addresses[id], discounts: b.discounts[id], taxes: b.taxes[id], fees: b.fees[id],
		props: b.props[id], tags: b.tags[id],
	}
}

// loadBatchRows reads every child table once for all the given orders.
func loadBatchRows(ctx context.Context, q sqlx.QueryerContext, ids []string) (*batchRows, error) {
	b := &batchRows{}
	var err error
	load := func(fn func() error) {
		if err == nil {
			err = fn()
		}
	}
	load(func() (e error) { b.lines, e = rowsByOrder(ctx, q, lineItemsTable, ids); return })
	load(func() (e error) { b.configs, e = rowsByOrder(ctx, q, configItemsTable, ids); return })
	load(func() (e error) { b.files, e = rowsByOrder(ctx, q, configFilesTable, ids); return })
	load(func() (e error) { b.shipments, e = rowsByOrder(ctx, q, shipmentsTable, ids); return })
	load(func() (e error) { b.shipItems, e = rowsByOrder(ctx, q, shipmentItemsTable, ids); return })
	load(func() (e error) { b.packages, e = rowsByOrder(ctx, q, shipmentPackagesTable, ids); return })
	load(func() (e error) { b.payments, e = rowsByOrder(ctx, q, paymentsTable, ids); return })
	load(func() (e error) { b.transactions, e = rowsByOrder(ctx, q, transactionsTable, ids); return })
	load(func() (e error) { b.captures, e = rowsByOrder(ctx, q, capturesTable, ids); return })
	load(func() (e error) { b.captureItems, e = rowsByOrder(ctx, q, captureItemsTable, ids); return })
	load(func() (e error) { b.refunds, e = rowsByOrder(ctx, q, refundsTable, ids); return })
	load(func() (e error) { b.refundItems, e = rowsByOrder(ctx, q, refundItemsTable, ids); return })
	load(func() (e error) { b.addresses, e = rowsByOrder(ctx, q, addressesTable, ids); return })
	load(func() (e error) { b.discounts, e = rowsByOrder(ctx, q, discountsTable, ids); return })
	load(func() (e error) { b.taxes, e = rowsByOrder(ctx, q, taxDetailsTable, ids); return })
	load(func() (e error) { b.fees, e = rowsByOrder(ctx, q, feeDetailsTable, ids); return })
	load(func() (e error) { b.props, e = rowsByOrder(ctx, q, propsTable, ids); return })
	load(func() (e error) { b.tags, e = tagsByOrder(ctx, q, ids); return })
	return b, err
}

// rowsByOrder loads the rows of t for several orders in one query and groups them by order id
// (every child table's first column), each order's rows in t's order.
func rowsByOrder[R any](ctx context.Context, q sqlx.QueryerContext, t *table[R], ids []string) (map[string][]*R, error) {
	rows, err := loadRows(ctx, q, t, "order_id IN ("+marks(len(ids))+")", "", anys(ids)...)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]*R, len(ids))
	for _, r := range rows {
		v, err := t.fields(r)[0].Value()
		if err != nil {
			return nil, err
		}
		id, _ := v.(string)
		out[id] = append(out[id], r)
	}
	return out, nil
}

// compare reports every column of the stored rows that differs from the same row of fresh
// (the same table's rows of the recalculated order), by row key.
func (x rowsIn[R]) compare(fresh rowSet, report func(what string, stored, expected any)) error {
	want := map[string][]any{}
	for _, r := range fresh.(rowsIn[R]).rows {
		vals, err := x.t.values(r)
		if err != nil {
			return err
		}
		want[keyOf(vals, x.t.key)] = vals
	}
	for _, r := range x.rows {
		vals, err := x.t.values(r)
		if err != nil {
			return err
		}
		k := keyOf(vals, x.t.key)
		exp, ok := want[k]
		if !ok {
			continue // a row the order no longer assembles to is not a total
		}
		for i := x.t.key; i < len(vals); i++ {
			if !sameValue(vals[i], exp[i]) {
				what := x.t.name + "." + x.t.cols[i].name
				if x.t.key > 1 {
					what += " of " + fmt.Sprint(vals[1])
				}
				report(what, vals[i], exp[i])
			}
		}
	}
	return nil
}

// checkOrphanSearchRows reports search rows whose order is gone.
func checkOrphanSearchRows(ctx context.Context, tx *sqlx.Tx, report func(Problem)) error {
	var orphans []string
	if err := tx.SelectContext(ctx, &orphans, `
		SELECT s.order_id
		FROM order_search s
		LEFT JOIN orders o ON o.id = s.order_id
		WHERE o.id IS NULL
		ORDER BY s.order_id
		LIMIT 1000`); err != nil {
		return fmt.Errorf("store: check: orphan search rows: %w", err)
	}
	for _, id := range orphans {
		report(Problem{OrderID: id, Kind: ProblemSearchRow, What: "order_search", Stored: "a row", Expected: "no row (no such order)"})
	}
	return nil
}

// dayKey names one row of order_daily_stats.
type dayKey struct{ day, store, currency string }

// checkDailyStats compares order_daily_stats with the sums of the orders' shares. A stored row
// of zeros (left by orders that moved to another day) equals no row.
func checkDailyStats(ctx context.Context, tx *sqlx.Tx, want map[dayKey]*dayShare, report func(Problem)) error {
	var rows []struct {
		Day       time.Time       `db:"day"`
		StoreID   string          `db:"store_id"`
		Currency  string          `db:"currency"`
		Orders    int             `db:"orders"`
		Cancelled int             `db:"cancelled"`
		Revenue   decimal.Decimal `db:"revenue"`
		Items     int             `db:"items"`
	}
	if err := tx.SelectContext(ctx, &rows, `
		SELECT day, store_id, currency, orders, cancelled, revenue, items
		FROM order_daily_stats`); err != nil {
		return fmt.Errorf("store: check: daily figures: %w", err)
	}
	got := map[dayKey]dayShare{}
	for _, r := range rows {
		got[dayKey{r.Day.Format(time.DateOnly), r.StoreID, r.Currency}] = dayShare{
			orders: r.Orders, cancelled: r.Cancelled, items: r.Items, revenue: r.Revenue}
	}
	keys := map[dayKey]bool{}
	for k := range want {
		keys[k] = true
	}
	for k := range got {
		keys[k] = true
	}
	sorted := make([]dayKey, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Slice(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if a.day != b.day {
			return a.day < b.day
		}
		if a.store != b.store {
			return a.store < b.store
		}
		return a.currency < b.currency
	})
	zero := dayShare{revenue: decimal.Zero}
	for _, k := range sorted {
		g, ok := got[k]
		if !ok {
			g = zero
		}
		w := zero
		if p := want[k]; p != nil {
			w = *p
		}
		name := k.day + " " + k.store + " " + k.currency
		for _, c := range []struct {
			what             string
			stored, expected string
		}{
			{"orders", strconv.Itoa(g.orders), strconv.Itoa(w.orders)},
			{"cancelled", strconv.Itoa(g.cancelled), strconv.Itoa(w.cancelled)},
			{"items", strconv.Itoa(g.items), strconv.Itoa(w.items)},
			{"revenue", g.revenue.Round(4).StringFixed(4), w.revenue.Round(4).StringFixed(4)},
		} {
			if c.stored != c.expected {
				report(Problem{Kind: ProblemDailyStats, What: name + " " + c.what, Stored: c.stored, Expected: c.expected})
			}
		}
	}
	return nil
}

// RetotalReason is why a re-total's change set changed the totals.
const RetotalReason = "totals recalculated under the currency rules in force"

// RetotalOrders rewrites the stored totals of each order named (CheckResult.Retotal) with a
// recalculation under the currency rules in force — after an administrator changed a
// currency's rounding, the orders saved before keep the old totals in their rows, so the list,
// the CSV and the dashboard would differ from the order page until each is saved again. Each
// order is one short transaction and one change set by the system, with RetotalReason; the
// lines, prices and documents are not touched, only what is computed from them. It answers how
// many orders changed.
func (s *Store) RetotalOrders(ctx context.Context, orderIDs []string) (int, error) {
	by := Actor{Label: "orderdesk check --repair", Source: SourceSystem, Reason: RetotalReason}
	changed := 0
	for _, id := range orderIDs {
		done := false
		err := s.InTx(ctx, func(tx *sqlx.Tx) error {
			done = false
			recalculated, stored, err := lockOrderStored(ctx, tx, id)
			if isNotFound(err) {
				return nil
			}
			if err != nil {
				return err
			}
			changes, err := retotalChanges(stored, recalculated)
			if err != nil || len(changes) == 0 {
				return err
			}
			work := recalculated.Clone()
			work.Version = stored.Version + 1
			if err := writeOrderRows(ctx, tx, by, stored, work, s.Now()); err != nil {
				return err
			}
			if _, err := s.recordChanges(ctx, tx, by, stored, work, changes); err != nil {
				return err
			}
			done = true
			return s.enqueue(ctx, tx, orderEvents(stored, work), work.ID, work.StoreID, work)
		})
		if err != nil {
			return changed, fmt.Errorf("store: re-total order %s: %w", id, err)
		}
		if done {
			changed++
		}
	}
	return changed, nil
}

// retotalChanges is what a re-total changes: the stored total columns that differ from the
// recalculation, as history entries. The fields only computed on load (a line's extended price,
// the order's totals per currency) are not in the rows, so they are not changes.
func retotalChanges(stored, recalculated *order.CustomerOrder) ([]audit.Change, error) {
	columns := map[string]bool{}
	fresh := rowsOf(recalculated).sets()
	for i, set := range rowsOf(stored).sets() {
		if err := set.compare(fresh[i], func(what string, _, _ any) {
			col, _, _ := strings.Cut(what[strings.IndexByte(what, '.')+1:], " ")
			columns[snakeToCamel(col)] = true
		}); err != nil {
			return nil, err
		}
	}
	var changes []audit.Change
	for _, c := range audit.Diff(stored, recalculated) {
		if c.Op == audit.Changed && columns[c.Field] {
			changes = append(changes, c)
		}
	}
	return changes, nil
}

// snakeToCamel turns a column name into its JSON field name: sub_total_with_tax → subTotalWithTax.
func snakeToCamel(col string) string {
	parts := strings.Split(col, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// RepairResult says what RepairDerived rewrote.
type RepairResult struct {
	Listings     int // orders whose list facts and search row were rewritten
	OrphansGone  int // search rows of missing orders deleted
	StatsRebuilt bool
}

// RepairDerived rebuilds derived data: the list facts and search row of each order named
// (CheckResult.Repair; each in its own short transaction, from the order as stored now), the
// search rows of named orders that are gone, and then every daily and customer figure. Documents and
// history are never written here: a history problem stays for a person to look at, and totals
// are RetotalOrders' (a change to the orders, audited as one).
func (s *Store) RepairDerived(ctx context.Context, orderIDs []string) (RepairResult, error) {
	var res RepairResult
	for _, id := range orderIDs {
		refreshed, err := s.refreshListing(ctx, id)
		if err != nil {
			return res, err
		}
		if refreshed {
			res.Listings++
			continue
		}
		n, err := s.db.ExecContext(ctx, `DELETE FROM order_search WHERE order_id = ?`, id)
		if err != nil {
			return res, fmt.Errorf("store: delete search row of missing order %s: %w", id, err)
		}
		if k, _ := n.RowsAffected(); k > 0 {
			res.OrphansGone++
		}
	}
	if err := s.RebuildDailyStats(ctx); err != nil {
		return res, err
	}
	if err := s.RebuildCustomerStats(ctx); err != nil {
		return res, err
	}
	res.StatsRebuilt = true
	return res, nil
}

// refreshListing rewrites one order's list facts and search row from the order as stored; it
// reports false when the order does not exist.
func (s *Store) refreshListing(ctx context.Context, id string) (bool, error) {
	found := true
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		found = true
		o, err := lockOrder(ctx, tx, id)
		if err != nil {
			if isNotFound(err) {
				found = false
				return nil
			}
			return err
		}
		return writeListing(ctx, tx, o)
	})
	return found, err
}

func isNotFound(err error) bool { return errors.Is(err, order.ErrNotFound) }
