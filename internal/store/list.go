package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/ids"
	"orderdesk/internal/listing"
	"orderdesk/internal/order"
)

// ListRow is one row of the order list: header fields, stored totals and the list facts.
type ListRow struct {
	ID            string          `db:"id"`
	Number        string          `db:"number"`
	CustomerName  string          `db:"customer_name"`
	StoreName     string          `db:"store_name"`
	Total         decimal.Decimal `db:"total"`
	BalanceDue    decimal.Decimal `db:"balance_due"`
	Currency      string          `db:"currency"`
	IsApproved    bool            `db:"is_approved"`
	Status        string          `db:"status"`
	PaymentState  string          `db:"payment_state"`
	ShippingState string          `db:"shipping_state"`
	ItemCount     int             `db:"item_count"`
	EmployeeName  string          `db:"employee_name"`
	IsCancelled   bool            `db:"is_cancelled"`
	OpenReturns   int             `db:"open_returns"`
	CreatedDate   time.Time       `db:"created_date"`
	Score         int64           `db:"score"` // relevance × 10⁶ when sorted by relevance
	Exact         bool            `db:"-"`     // matched a number or id exactly
	// SharedNumber: another order holds the same number (imported before numbers were shared
	// across stores), so lists show the store beside it.
	SharedNumber bool `db:"-"`
	// Rule is the rounding rule of Currency from the currencies table, read with the page.
	Rule order.Currency `db:"-"`
	// PinnedNote is the first line of the order's newest pinned note (nil: none pinned).
	PinnedNote *string `db:"pinned_note"`
	// Tags are the order's tags, read for the whole page at once (giveChips).
	Tags []TagChip `db:"-"`
}

// CurrencyRule is the rounding rule the row's money is shown with.
func (r ListRow) CurrencyRule() order.Currency {
	if r.Rule.Code == "" {
		return order.CurrencyFor(r.Currency) // a row not read by the store
	}
	return r.Rule
}

// giveRules sets each row's currency rule from the currencies table.
func (s *Store) giveRules(ctx context.Context, rows []ListRow) error {
	if len(rows) == 0 {
		return nil
	}
	cs, err := currencySet(ctx, s.db)
	if err != nil {
		return err
	}
	for i := range rows {
		rows[i].Rule = cs.Of(rows[i].Currency)
	}
	return nil
}

// ListPage is one page of the list and the cursors around it (nil at either end).
type ListPage struct {
	Rows       []ListRow
	Next, Prev *listing.Cursor
}

// sortColumns maps list columns to the order columns they sort by. Each has an index
// (column, created_date), see db/migrations/00007_order_list.sql.
var sortColumns = map[string]string{
	"number": "o.number", "customer": "o.customer_name", "store": "o.store_name",
	"total": "o.total", "balance": "o.balance_due", "currency": "o.currency",
	"approved": "o.is_approved", "status": "o.status", "payment": "o.payment_state",
	"shipping": "o.shipping_state", "items": "o.item_count", "assignee": "o.employee_name",
	"created": "o.created_date",
	// Sorted by the API only (Virto's sort names any column); the list offers the keys above.
	"modified": "o.modified_date", "subtotal": "o.sub_total", "taxtotal": "o.tax_total",
	"discounttotal": "o.discount_total", "shippingtotal": "o.shipping_total", "outerid": "o.outer_id",
	"customerid": "o.customer_id", "storeid": "o.store_id", "organization": "o.organization_name",
	"ponumber": "o.purchase_order_number", "cancelled": "o.is_cancelled",
}

const listColumns = `o.id, o.number, o.customer_name, o.store_name, o.total, o.balance_due,
		       o.currency, o.is_approved, o.status, o.payment_state, o.shipping_state,
		       o.item_count, o.employee_name, o.is_cancelled, o.open_returns, o.created_date,
		       o.pinned_note`

// ftAll is the full-text index over the whole search document.
const ftAll = "MATCH(s.customer, s.refs, s.items, s.notes) AGAINST (? IN BOOLEAN MODE)"

// ftRank is ftAll's score as an integer (×10⁶) for sorting and keyset cursors. While other
// transactions update the index, InnoDB can report a score of 1.8e308 for a row; multiplied
// raw it overflows (error 1690) and fails the whole list. The score is clamped to [0, 10⁶]
// first, far above any real score, so the rank always fits and compares the same in the
// ORDER BY and in the cursor's condition.
const ftRank = "CAST(LEAST(GREATEST(COALESCE(" + ftAll + ", 0), 0), 1000000) * 1000000 AS SIGNED)"

// ListOrders returns one page of the orders q selects. When the keyword names an order,
// document or tracking number or an outer id exactly, those orders come first on the first
// page; the rest follow by q's sort, keyset-paged from q.After or back from q.Before.
func (s *Store) ListOrders(ctx context.Context, q listing.Query) (ListPage, error) {
	p, err := s.plan(ctx, q)
	if err != nil {
		return ListPage{}, err
	}
	return s.listPlanned(ctx, p)
}

// ListAndCount is ListOrders and CountOrders for one screen, planning the keyword once.
func (s *Store) ListAndCount(ctx context.Context, q listing.Query, limit int) (ListPage, int, bool, error) {
	p, err := s.plan(ctx, q)
	if err != nil {
		return ListPage{}, 0, false, err
	}
	page, err := s.listPlanned(ctx, p)
	if err != nil {
		return ListPage{}, 0, false, err
	}
	n, more, err := s.countPlanned(ctx, p, limit)
	return page, n, more, err
}

// planned is a query with its keyword planned (planSearch) and its exact matches found.
type planned struct {
	q     listing.Query
	exact []string
}

func (s *Store) plan(ctx context.Context, q listing.Query) (planned, error) {
	q, err := s.planSearch(ctx, q)
	if err != nil {
		return planned{}, err
	}
	exact, err := s.exactMatches(ctx, q)
	return planned{q, exact}, err
}

func (s *Store) listPlanned(ctx context.Context, p planned) (ListPage, error) {
	q, exact := p.q, p.exact
	var page ListPage
	if len(exact) > 0 && q.After == nil && q.Before == nil {
		where := filterSQL(q, false)
		where.add("o.id IN ("+marks(len(exact))+")", anys(exact)...)
		var rows []ListRow
		if err := s.db.SelectContext(ctx, &rows, `
			SELECT `+listColumns+`, 0 AS score
			FROM orders o
			WHERE `+where.sql()+`
			ORDER BY o.created_date DESC, o.id DESC`, where.args...); err != nil {
			return ListPage{}, fmt.Errorf("store: exact matches: %w", err)
		}
		for i := range rows {
			rows[i].Exact = true
		}
		if err := s.giveRules(ctx, rows); err != nil {
			return ListPage{}, err
		}
		page.Rows = rows
	}
	if !exactOnly(q) {
		rest, err := s.keysetPage(ctx, q, exact)
		if err != nil {
			return ListPage{}, err
		}
		page.Rows = append(page.Rows, rest.Rows...)
		page.Next, page.Prev = rest.Next, rest.Prev
	}
	if err := s.markSharedNumbers(ctx, page.Rows); err != nil {
		return ListPage{}, err
	}
	if err := s.giveChips(ctx, page.Rows); err != nil {
		return ListPage{}, err
	}
	return page, nil
}

// markSharedNumbers flags the rows whose number another order holds too, in one query by the
// number index.
func (s *Store) markSharedNumbers(ctx context.Context, rows []ListRow) error {
	if len(rows) == 0 {
		return nil
	}
	numbers := make([]any, len(rows))
	for i, r := range rows {
		numbers[i] = r.Number
	}
	var shared []string
	if err := s.db.SelectContext(ctx, &shared, `
		SELECT number
		FROM orders
		WHERE number IN (`+marks(len(numbers))+`)
		GROUP BY number
		HAVING COUNT(*) > 1`, numbers...); err != nil {
		return fmt.Errorf("store: shared numbers: %w", err)
	}
	for i := range rows {
		rows[i].SharedNumber = slices.Contains(shared, rows[i].Number)
	}
	return nil
}

// keysetPage reads the page after q.After (or before q.Before) in q's sort order, leaving out
// the exact matches already shown.
func (s *Store) keysetPage(ctx context.Context, q listing.Query, exclude []string) (ListPage, error) {
	where := filterSQL(q, true)
	if len(exclude) > 0 {
		where.add("o.id NOT IN ("+marks(len(exclude))+")", anys(exclude)...)
	}
	backwards := q.Before != nil
	cur := q.After
	if backwards {
		cur = q.Before
	}
	asc := !q.Desc
	if backwards {
		asc = !asc // read towards the start, then turn the rows around
	}
	dir, cmp := "DESC", "<"
	if asc {
		dir, cmp = "ASC", ">"
	}
	score, scoreArgs := "0", []any(nil)
	var order string
	switch q.Sort {
	case "relevance":
		score, scoreArgs = ftRank, []any{q.Text}
		order = "score " + dir + ", o.id " + dir
		if cur != nil {
			n, err := strconv.ParseInt(cur.Value, 10, 64)
			if err != nil {
				return ListPage{}, listing.ErrBadCursor
			}
			where.add("("+score+" "+cmp+" ? OR ("+score+" = ? AND o.id "+cmp+" ?))",
				q.Text, n, q.Text, n, cur.ID)
		}
	case "created":
		created, id := "o.created_date", "o.id"
		if firstTag(q) != "" {
			created, id = "t0.created_date", "t0.order_id" // the same values, in the tag's key order
		}
		order = created + " " + dir + ", " + id + " " + dir
		if cur != nil {
			where.add("("+created+" "+cmp+" ? OR ("+created+" = ? AND "+id+" "+cmp+" ?))",
				cur.Created, cur.Created, cur.ID)
		}
	default:
		col := sortColumns[q.Sort]
		order = col + " " + dir + ", o.created_date " + dir + ", o.id " + dir
		if cur != nil {
			where.add("("+col+" "+cmp+" ? OR ("+col+" = ? AND (o.created_date "+cmp+" ? OR (o.created_date = ? AND o.id "+cmp+" ?))))",
				cur.Value, cur.Value, cur.Created, cur.Created, cur.ID)
		}
	}
	args := append(scoreArgs, where.args...)
	query := `
		SELECT ` + listColumns + `, ` + score + ` AS score
		FROM ` + fromSQL(q) + `
		WHERE ` + where.sql() + `
		ORDER BY ` + order + `
		LIMIT ?`
	if q.Sort == "relevance" && textOnly(q) {
		// Nothing but words: rank in the search table alone and join the page's orders only,
		// instead of joining every match to its order before ranking.
		query = `
		SELECT ` + listColumns + `, f.score
		FROM (
		    SELECT s.order_id AS id, ` + score + ` AS score
		    FROM order_search s
		    WHERE ` + strings.ReplaceAll(where.sql(), "o.id", "s.order_id") + `
		    ORDER BY score ` + dir + `, s.order_id ` + dir + `
		    LIMIT ?
		) f
		JOIN orders o ON o.id = f.id
		ORDER BY f.score ` + dir + `, o.id ` + dir
	}
	var rows []ListRow
	if err := s.db.SelectContext(ctx, &rows, query, append(args, q.PageSize+1)...); err != nil {
		return ListPage{}, fmt.Errorf("store: list orders: %w", err)
	}
	more := len(rows) > q.PageSize
	if more {
		rows = rows[:q.PageSize]
	}
	if backwards {
		slices.Reverse(rows)
	}
	page := ListPage{Rows: rows}
	if len(rows) == 0 {
		return page, nil
	}
	if err := s.giveRules(ctx, rows); err != nil {
		return ListPage{}, err
	}
	first, last := cursorOf(q.Sort, rows[0]), cursorOf(q.Sort, rows[len(rows)-1])
	switch {
	case backwards:
		page.Next = &last // there is always a page after one reached by going back
		if more {
			page.Prev = &first
		}
	default:
		if more {
			page.Next = &last
		}
		if cur != nil {
			page.Prev = &first
		}
	}
	return page, nil
}

// CountOrders counts the orders q selects, up to limit: beyond it, more is true and n is limit.
// An exact count over a million orders would read them all; the list says "10,000+" instead.
func (s *Store) CountOrders(ctx context.Context, q listing.Query, limit int) (n int, more bool, err error) {
	p, err := s.plan(ctx, q)
	if err != nil {
		return 0, false, err
	}
	return s.countPlanned(ctx, p, limit)
}

func (s *Store) countPlanned(ctx context.Context, p planned, limit int) (n int, more bool, err error) {
	q, exact := p.q, p.exact
	if len(exact) > 0 {
		where := filterSQL(q, false)
		where.add("o.id IN ("+marks(len(exact))+")", anys(exact)...)
		if err := s.db.GetContext(ctx, &n, `SELECT COUNT(*) FROM orders o WHERE `+where.sql(), where.args...); err != nil {
			return 0, false, fmt.Errorf("store: count exact matches: %w", err)
		}
	}
	if exactOnly(q) {
		return n, false, nil
	}
	where := filterSQL(q, true)
	if len(exact) > 0 {
		where.add("o.id NOT IN ("+marks(len(exact))+")", anys(exact)...)
	}
	from, cond := fromSQL(q), where.sql()
	if textOnly(q) {
		from, cond = "order_search s", strings.ReplaceAll(cond, "o.id", "s.order_id")
	}
	if tagOnly(q) && len(exact) == 0 {
		// One tag and nothing else: its entries in order_tags are the count, without reading
		// an order (they are written in the orders' own transactions).
		from, cond = "order_tags t0", "t0.tag_id = '"+firstTag(q)+"'"
	}
	var rest int
	if err := s.db.GetContext(ctx, &rest, `
		SELECT COUNT(*) FROM (
			SELECT 1
			FROM `+from+`
			WHERE `+cond+`
			LIMIT ?
		) AS capped`, append(where.args, limit+1)...); err != nil {
		return 0, false, fmt.Errorf("store: count orders: %w", err)
	}
	n += rest
	if n > limit {
		return limit, true, nil
	}
	return n, false, nil
}

// EachOrder calls fn for every order q selects, in q's order, reading a thousand rows at a
// time by keyset: an export of a million orders holds one batch in memory.
func (s *Store) EachOrder(ctx context.Context, q listing.Query, fn func(ListRow) error) error {
	q.PageSize, q.Before = 1000, nil
	p, err := s.plan(ctx, q)
	if err != nil {
		return err
	}
	for {
		page, err := s.listPlanned(ctx, p)
		if err != nil {
			return err
		}
		for _, r := range page.Rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		if page.Next == nil {
			return nil
		}
		p.q.After = page.Next
	}
}

// planSearch picks how to search a one-word keyword. When the word begins some order's
// number ("CO2611", "CO261123-000"), the list is those orders by number, read straight from
// the number index: as full-text prefixes, the thousands of distinct numbers a prefix covers
// would each be looked up and scored. When it ends some order's number ("00001"), likewise
// from the reversed number's index. Anything else is searched in the full-text index.
func (s *Store) planSearch(ctx context.Context, q listing.Query) (listing.Query, error) {
	var err error
	if q.TagIDs, err = s.tagIDs(ctx, q.Tags); err != nil {
		return q, err
	}
	if q.NotTagIDs, err = s.tagIDs(ctx, q.NotTags); err != nil {
		return q, err
	}
	if q.Exact == "" || q.Text == "" || !strings.ContainsAny(q.Exact, "0123456789") {
		return q, nil
	}
	var found []string
	if err := s.db.SelectContext(ctx, &found, `
		SELECT number FROM orders WHERE number LIKE ? LIMIT 1`, likePrefix(q.Exact)); err != nil {
		return q, fmt.Errorf("store: number prefix: %w", err)
	}
	if len(found) > 0 {
		q.NumberPrefix = append(slices.Clone(q.NumberPrefix), q.Exact)
	} else {
		// The end of a number, as read off a label or said on the phone ("00001", "1260"):
		// those orders by number, from the reversed number's index (an indexed prefix range,
		// not a scan with LIKE '%…'). A part inside a number ("260906") is a word of the
		// search document and goes to the full-text index below.
		if len([]rune(q.Exact)) < MinNumberEnd {
			return q, nil
		}
		if err := s.db.SelectContext(ctx, &found, `
			SELECT number FROM orders WHERE number_reversed LIKE ? LIMIT 1`, likePrefix(reversed(q.Exact))); err != nil {
			return q, fmt.Errorf("store: number suffix: %w", err)
		}
		if len(found) == 0 {
			return q, nil
		}
		q.NumberSuffix = append(slices.Clone(q.NumberSuffix), q.Exact)
	}
	q.Text = ""
	if q.Sort == "relevance" {
		q.Sort, q.Desc = "number", true
	}
	return q, nil
}

// MinNumberEnd is the shortest end of a number the keyword box looks up: two digits would
// name a hundredth of all orders.
const MinNumberEnd = 3

// exactMatches finds the orders whose number, a document's number, a tracking number, a
// package's or shipped item's bar code, an outer id or the PO number equals the keyword,
// through their indexes.
func (s *Store) exactMatches(ctx context.Context, q listing.Query) ([]string, error) {
	if q.Exact == "" {
		return nil, nil
	}
	k := q.Exact
	var ids []string
	if err := s.db.SelectContext(ctx, &ids, `
		SELECT id FROM orders WHERE number = ? OR outer_id = ? OR purchase_order_number = ?
		UNION SELECT order_id FROM order_shipments WHERE number = ? OR tracking_number = ?
		UNION SELECT order_id FROM order_shipment_packages WHERE bar_code = ?
		UNION SELECT order_id FROM order_shipment_items WHERE bar_code = ?
		UNION SELECT order_id FROM order_payments WHERE number = ? OR outer_id = ?
		UNION SELECT order_id FROM order_captures WHERE number = ?
		UNION SELECT order_id FROM order_refunds WHERE number = ?
		UNION SELECT order_id FROM order_returns WHERE number = ?
		LIMIT 100`, k, k, k, k, k, k, k, k, k, k, k, k); err != nil {
		return nil, fmt.Errorf("store: exact lookup: %w", err)
	}
	return ids, nil
}

// exactOnly says the keyword can only match exactly: one short word, no full-text terms.
func exactOnly(q listing.Query) bool {
	return q.Exact != "" && q.Text == "" && q.CustomerText == "" && q.ProductText == "" && len(q.NumberPrefix) == 0 && len(q.NumberSuffix) == 0
}

// textOnly says the query is the keyword's words and nothing else, so the search table alone
// can answer which orders match.
func textOnly(q listing.Query) bool {
	if q.Text == "" || q.CustomerText != "" || q.ProductText != "" || len(q.TagIDs) > 0 {
		return false
	}
	rest := q
	rest.Text, rest.Exact = "", ""
	return len(filterSQL(rest, true).parts) == 0
}

// tagOnly says the query is one tag and nothing else, so order_tags alone can count it.
func tagOnly(q listing.Query) bool {
	if firstTag(q) == "" || len(q.TagIDs) > 1 || q.Exact != "" {
		return false
	}
	return len(filterSQL(q, true).parts) == 0
}

// fromSQL joins the search documents only when the query searches text.
func fromSQL(q listing.Query) string {
	from := "orders o"
	if t := firstTag(q); t != "" {
		// The first tag's orders, read first (STRAIGHT_JOIN: else the optimizer scans the
		// orders and looks each up) from order_tags' key in created order (see keysetPage). The
		// id is the dictionary's, checked by firstTag, so it is written inline.
		from = "order_tags t0 STRAIGHT_JOIN orders o ON o.id = t0.order_id AND o.created_date = t0.created_date AND t0.tag_id = '" + t + "'"
	}
	if q.Text != "" || q.CustomerText != "" || q.ProductText != "" {
		from += " JOIN order_search s ON s.order_id = o.id"
	}
	return from
}

// firstTag is the id of the first tag q asks for, when it is a real one.
func firstTag(q listing.Query) string {
	if len(q.TagIDs) > 0 && ids.Valid(q.TagIDs[0]) {
		return q.TagIDs[0]
	}
	return ""
}

// filterSQL spells q's filters as a WHERE clause; withText adds the full-text conditions and
// leaves out the first tag, which fromSQL joins (the queries that read without fromSQL, by
// exact ids, pass false).
func filterSQL(q listing.Query, withText bool) *conds {
	w := &conds{}
	w.in("o.status", q.Statuses)
	w.in("o.customer_id", q.CustomerIDs)
	w.in("o.store_id", q.StoreIDs)
	w.in("o.store_name", q.StoreNames)
	w.in("o.currency", q.Currencies)
	w.in("o.payment_state", q.PayStates)
	w.in("o.shipping_state", q.ShipStates)
	w.in("o.purchase_order_number", q.PONumbers)
	w.in("o.outer_id", q.OuterIDs)
	if q.Unshipped {
		w.in("o.shipping_state", []string{order.ShipStateUnshipped, order.ShipStatePartial})
	}
	if q.Unpaid {
		w.in("o.payment_state", []string{order.PayStateUnpaid, order.PayStateAuthorized, order.PayStatePartial})
	}
	if !q.CreatedFrom.IsZero() {
		w.add("o.created_date >= ?", q.CreatedFrom)
	}
	if !q.CreatedTo.IsZero() {
		w.add("o.created_date < ?", q.CreatedTo)
	}
	if q.TotalMin != nil {
		w.add("o.total >= ?", q.TotalMin.String())
	}
	if q.TotalMax != nil {
		w.add("o.total <= ?", q.TotalMax.String())
	}
	switch q.AssigneeID {
	case "":
	case "-":
		w.add("o.employee_id = ''")
	default:
		w.add("o.employee_id = ?", q.AssigneeID)
	}
	if q.Assignee != "" {
		w.add("o.employee_name = ?", q.Assignee)
	}
	switch q.Cancelled {
	case "no":
		w.add("o.is_cancelled = FALSE")
	case "only":
		w.add("o.is_cancelled = TRUE")
	}
	if q.Approved != nil {
		w.add("o.is_approved = ?", *q.Approved)
	}
	if q.OpenReturns {
		w.add("o.has_open_returns = TRUE")
	}
	for _, p := range q.NumberPrefix {
		w.add("o.number LIKE ?", likePrefix(p))
	}
	for _, p := range q.NumberSuffix {
		w.add("o.number_reversed LIKE ?", likePrefix(reversed(p)))
	}
	if len(q.SKUs) > 0 {
		w.add("o.id IN (SELECT order_id FROM order_line_items WHERE sku IN ("+marks(len(q.SKUs))+"))", anys(q.SKUs)...)
	}
	if q.NoteText != "" {
		w.add("o.id IN (SELECT order_id FROM order_notes WHERE MATCH(words) AGAINST (? IN BOOLEAN MODE) AND deleted_at IS NULL)", q.NoteText)
	}
	// Tags, resolved to ids by planSearch: each looked up by the order's own key in order_tags
	// (fromSQL also drives the query from the first tag's orders, in created order).
	for i, id := range q.TagIDs {
		if i == 0 && withText && firstTag(q) != "" {
			continue // joined by fromSQL, which every query with the full conditions reads from
		}
		w.add("EXISTS (SELECT 1 FROM order_tags tx WHERE tx.order_id = o.id AND tx.tag_id = ?)", id)
	}
	for _, id := range q.NotTagIDs {
		w.add("NOT EXISTS (SELECT 1 FROM order_tags tx WHERE tx.order_id = o.id AND tx.tag_id = ?)", id)
	}
	if len(q.TrackingCodes) > 0 {
		w.add("o.id IN (SELECT order_id FROM order_shipments WHERE tracking_number IN ("+marks(len(q.TrackingCodes))+"))", anys(q.TrackingCodes)...)
	}
	virtoCriteria(w, q)
	w.in("o.store_id", q.Scope.StoreIDs)
	if q.Scope.AssignedTo != "" {
		w.add("o.employee_id = ?", q.Scope.AssignedTo)
	}
	if withText {
		if q.Text != "" {
			w.add(ftAll, q.Text)
		}
		if q.CustomerText != "" {
			w.add("MATCH(s.customer) AGAINST (? IN BOOLEAN MODE)", q.CustomerText)
		}
		if q.ProductText != "" {
			w.add("MATCH(s.items) AGAINST (? IN BOOLEAN MODE)", q.ProductText)
		}
	}
	return w
}

// virtoCriteria adds the API's Virto search criteria (CustomerOrderSearchCriteria), each on an
// index: ids, exact numbers, employee, organizations, subscriptions, prototypes, a product on a
// line, a promotion on any discount, the parent operation.
func virtoCriteria(w *conds, q listing.Query) {
	w.in("o.id", q.IDs)
	w.in("o.number", q.Numbers)
	if q.EmployeeID != "" {
		w.add("o.employee_id = ?", q.EmployeeID)
	}
	w.in("o.organization_id", q.OrganizationIDs)
	w.in("o.subscription_id", q.SubscriptionIDs)
	if q.OnlyRecurring {
		w.add("o.subscription_id <> ''")
	}
	if q.WithoutPrototypes {
		w.add("o.is_prototype = FALSE")
	}
	if q.ProductID != "" {
		w.add("o.id IN (SELECT order_id FROM order_line_items WHERE product_id = ?)", q.ProductID)
	}
	if len(q.PromotionIDs) > 0 {
		w.add("o.id IN (SELECT order_id FROM order_discounts WHERE promotion_id IN ("+marks(len(q.PromotionIDs))+"))", anys(q.PromotionIDs)...)
	}
	if q.ParentOperationID != "" {
		w.add("o.parent_operation_id = ?", q.ParentOperationID)
	}
	if q.HasParentOperation != nil {
		if *q.HasParentOperation {
			w.add("o.parent_operation_id <> ''")
		} else {
			w.add("o.parent_operation_id = ''")
		}
	}
}

// cursorOf is the cursor of a row in a sort order.
func cursorOf(sort string, r ListRow) listing.Cursor {
	c := listing.Cursor{Created: r.CreatedDate, ID: r.ID, Value: r.Value(sort)}
	if sort == "relevance" {
		c.Value = strconv.FormatInt(r.Score, 10)
	}
	return c
}

// Value is a list column's value as plain text: money as a decimal in the currency's digits,
// approved as 1 or 0, the created date in RFC 3339. Cursors compare it with the column; the
// CSV export writes it.
func (r ListRow) Value(column string) string {
	switch column {
	case "number":
		return r.Number
	case "customer":
		return r.CustomerName
	case "store":
		return r.StoreName
	case "total":
		return r.Total.StringFixed(r.CurrencyRule().DecimalDigits)
	case "balance":
		// An amount payable: rounded by the currency's whole policy (cash rounding too), as
		// the list, the order page and the invoice show it.
		return r.CurrencyRule().Fixed(r.BalanceDue)
	case "currency":
		return r.Currency
	case "approved":
		return boolText(r.IsApproved)
	case "status":
		return r.Status
	case "payment":
		return r.PaymentState
	case "shipping":
		return r.ShippingState
	case "items":
		return strconv.Itoa(r.ItemCount)
	case "assignee":
		return r.EmployeeName
	case "created":
		return r.CreatedDate.UTC().Format(time.RFC3339)
	}
	return ""
}

// conds collects WHERE conditions and their arguments.
type conds struct {
	parts []string
	args  []any
}

func (c *conds) add(cond string, args ...any) {
	c.parts = append(c.parts, cond)
	c.args = append(c.args, args...)
}

func (c *conds) in(col string, vals []string) {
	if len(vals) > 0 {
		c.add(col+" IN ("+marks(len(vals))+")", anys(vals)...)
	}
}

func (c *conds) sql() string {
	if len(c.parts) == 0 {
		return "TRUE"
	}
	return strings.Join(c.parts, "\n\t\t  AND ")
}

func anys(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// likePrefix escapes LIKE's wildcards so number:CO26_ matches the underscore itself.
func likePrefix(p string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(p) + "%"
}

// reversed spells s backwards, character by character, as the database's REVERSE does.
func reversed(s string) string {
	r := []rune(s)
	slices.Reverse(r)
	return string(r)
}

func boolText(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// NumberMatch is one of several orders holding the same number.
type NumberMatch struct {
	ID        string `db:"id"`
	StoreID   string `db:"store_id"`
	StoreName string `db:"store_name"`
}

// AmbiguousNumberError says that several orders within scope hold a number (imported before
// numbers were shared across stores), naming each with its store.
type AmbiguousNumberError struct {
	Number  string
	Matches []NumberMatch
}

func (e *AmbiguousNumberError) Error() string {
	var each []string
	for _, m := range e.Matches {
		each = append(each, fmt.Sprintf("%s in store %s (%s, id %s)", e.Number, m.StoreID, m.StoreName, m.ID))
	}
	return fmt.Sprintf("%s is the number of %d orders: %s", e.Number, len(e.Matches), strings.Join(each, "; "))
}

// OrderIDByNumber finds the order with a number among those scope allows, in storeID when it
// is given. When several orders hold the number (an imported duplicate from before numbers
// were shared across stores) and no store is given, the answer is an *AmbiguousNumberError.
func (s *Store) OrderIDByNumber(ctx context.Context, number, storeID string, scope listing.Scope) (string, error) {
	w := &conds{}
	w.add("o.number = ?", number)
	if storeID != "" {
		w.add("o.store_id = ?", storeID)
	}
	w.in("o.store_id", scope.StoreIDs)
	if scope.AssignedTo != "" {
		w.add("o.employee_id = ?", scope.AssignedTo)
	}
	var matches []NumberMatch
	if err := s.db.SelectContext(ctx, &matches, `
		SELECT o.id, o.store_id, o.store_name
		FROM orders o
		WHERE `+w.sql()+`
		ORDER BY o.created_date DESC, o.id DESC
		LIMIT 20`, w.args...); err != nil {
		return "", fmt.Errorf("store: order %s: %w", number, err)
	}
	switch len(matches) {
	case 0:
		return "", fmt.Errorf("store: order %s: %w", number, order.ErrNotFound)
	case 1:
		return matches[0].ID, nil
	}
	return "", &AmbiguousNumberError{Number: number, Matches: matches}
}

// OrderIDByOuterID finds the newest order with an outer id (another system's id) in scope.
func (s *Store) OrderIDByOuterID(ctx context.Context, outerID string, scope listing.Scope) (string, error) {
	return s.orderIDBy(ctx, "o.outer_id = ?", outerID, scope)
}

func (s *Store) orderIDBy(ctx context.Context, cond, value string, scope listing.Scope) (string, error) {
	w := &conds{}
	w.add(cond, value)
	w.in("o.store_id", scope.StoreIDs)
	if scope.AssignedTo != "" {
		w.add("o.employee_id = ?", scope.AssignedTo)
	}
	var ids []string
	if err := s.db.SelectContext(ctx, &ids, `
		SELECT o.id FROM orders o
		WHERE `+w.sql()+`
		ORDER BY o.created_date DESC, o.id DESC
		LIMIT 1`, w.args...); err != nil {
		return "", fmt.Errorf("store: order %s: %w", value, err)
	}
	if len(ids) == 0 {
		return "", fmt.Errorf("store: order %s: %w", value, order.ErrNotFound)
	}
	return ids[0], nil
}

// MaxSkip bounds SearchOrders' skip: Virto's API pages by skip and take, which costs reading
// every skipped index entry, so it stops here. Narrow the dates to go further.
const MaxSkip = 10000

// OrdersWhole reads whole orders by id, in the order of ids (those not found are left out),
// with one query per table for all of them: the API's search in its Full response group.
func (s *Store) OrdersWhole(ctx context.Context, ids []string) ([]*order.CustomerOrder, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	headers, err := loadRows(ctx, s.db, ordersTable, "id IN ("+marks(len(ids))+")", "", anys(ids)...)
	if err != nil {
		return nil, err
	}
	children, err := loadBatchRows(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	cs, err := currencySet(ctx, s.db)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*order.CustomerOrder, len(headers))
	for _, h := range headers {
		o := children.of(h).assemble()
		o.SetCurrencies(cs)
		order.Recalculate(o, o.CurrencyRule())
		byID[o.ID] = o
	}
	out := make([]*order.CustomerOrder, 0, len(ids))
	for _, id := range ids {
		if o := byID[id]; o != nil {
			out = append(out, o)
		}
	}
	return out, nil
}

// SearchOrders is Virto's skip/take search: the headers (with stored totals) of take orders
// after skip, in q's sort, read in two queries. Relevance sorting is not offered here.
func (s *Store) SearchOrders(ctx context.Context, q listing.Query, skip, take int) ([]*order.CustomerOrder, error) {
	q, err := s.planSearch(ctx, q)
	if err != nil {
		return nil, err
	}
	where := filterSQL(q, true)
	col, ok := sortColumns[q.Sort]
	if !ok {
		col = "o.created_date"
	}
	dir := "ASC"
	if q.Desc {
		dir = "DESC"
	}
	orderBy := col + " " + dir
	for _, k := range q.ThenBy {
		if c, ok := sortColumns[k.Column]; ok {
			orderBy += ", " + c + map[bool]string{false: " ASC", true: " DESC"}[k.Desc]
		}
	}
	var ids []string
	if err := s.db.SelectContext(ctx, &ids, `
		SELECT o.id
		FROM `+fromSQL(q)+`
		WHERE `+where.sql()+`
		ORDER BY `+orderBy+`, o.created_date `+dir+`, o.id `+dir+`
		LIMIT ? OFFSET ?`, append(where.args, take, skip)...); err != nil {
		return nil, fmt.Errorf("store: search orders: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := loadRows(ctx, s.db, ordersTable, "id IN ("+marks(len(ids))+")", "", anys(ids)...)
	if err != nil {
		return nil, err
	}
	cs, err := currencySet(ctx, s.db)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*order.CustomerOrder, len(rows))
	for _, r := range rows {
		r.o.SetCurrencies(cs)
		byID[r.o.ID] = r.o
	}
	out := make([]*order.CustomerOrder, 0, len(ids))
	for _, id := range ids {
		if o := byID[id]; o != nil {
			out = append(out, o)
		}
	}
	return out, nil
}

// PaymentByOuterID finds the newest payment with an outer id within scope (outer ids are the
// other system's and need not be unique): its order's id and its own.
func (s *Store) PaymentByOuterID(ctx context.Context, outerID string, scope listing.Scope) (orderID, paymentID string, err error) {
	w := &conds{}
	w.add("p.outer_id = ?", outerID)
	w.in("o.store_id", scope.StoreIDs)
	if scope.AssignedTo != "" {
		w.add("o.employee_id = ?", scope.AssignedTo)
	}
	var found []struct {
		OrderID string `db:"order_id"`
		ID      string `db:"id"`
	}
	if err := s.db.SelectContext(ctx, &found, `
		SELECT p.order_id, p.id
		FROM order_payments p
		JOIN orders o ON o.id = p.order_id
		WHERE `+w.sql()+`
		ORDER BY p.created_date DESC, p.id DESC
		LIMIT 1`, w.args...); err != nil {
		return "", "", fmt.Errorf("store: payment by outer id %s: %w", outerID, err)
	}
	if len(found) == 0 {
		return "", "", fmt.Errorf("store: payment by outer id %s: %w", outerID, order.ErrNotFound)
	}
	return found[0].OrderID, found[0].ID, nil
}

// OrderIDOfDocument finds the order a payment ("payment") or shipment ("shipment") belongs to.
func (s *Store) OrderIDOfDocument(ctx context.Context, kind, id string) (string, error) {
	table := map[string]string{"payment": "order_payments", "shipment": "order_shipments"}[kind]
	if table == "" {
		return "", fmt.Errorf("store: unknown document kind %q", kind)
	}
	var orderIDs []string
	if err := s.db.SelectContext(ctx, &orderIDs, `SELECT order_id FROM `+table+` WHERE id = ? LIMIT 1`, id); err != nil {
		return "", fmt.Errorf("store: %s %s: %w", kind, id, err)
	}
	if len(orderIDs) == 0 {
		return "", fmt.Errorf("store: %s %s: %w", kind, id, order.ErrNotFound)
	}
	return orderIDs[0], nil
}

// DocumentSearch is what payment and shipment searches filter on: Virto's PaymentSearchCriteria
// and ShipmentSearchCriteria. Times are [from, to); zero is open.
type DocumentSearch struct {
	OrderIDs, IDs, OuterIDs, Statuses, Numbers, StoreIDs []string
	OrderNumber                                          string // used when no OrderIDs, as in Virto
	Keyword                                              string // a number, or its start
	CustomerID, EmployeeID                               string
	CreatedFrom, CreatedTo                               time.Time
	// Payments only.
	CapturedFrom, CapturedTo, AuthorizedFrom, AuthorizedTo time.Time
	// Shipments only.
	FulfillmentCenterID, ShipmentMethodCode, ShipmentMethodOption string

	Sort       string // createdDate (default), modifiedDate, number, status, sum, outerId
	Desc       bool
	Skip, Take int
}

// DocumentPage is one page of a document search and how many match, counted up to
// DocumentCountLimit.
type DocumentPage[D any] struct {
	Results []D
	Total   int
	More    bool // more than Total match
}

// DocumentCountLimit caps a document search's count, as the order list's is capped.
const DocumentCountLimit = 10000

// documentSortColumns are the columns a document search sorts by.
var documentSortColumns = map[string]string{
	"createddate": "created_date", "modifieddate": "modified_date", "number": "number",
	"status": "status", "sum": "sum", "outerid": "outer_id",
}

// SearchPayments finds payments (without their captures and refunds) within scope: a page and
// its capped count.
func (s *Store) SearchPayments(ctx context.Context, q DocumentSearch, scope listing.Scope) (DocumentPage[order.PaymentIn], error) {
	rows, total, more, err := searchDocuments(ctx, s, paymentsTable, q, scope, true)
	page := DocumentPage[order.PaymentIn]{Results: make([]order.PaymentIn, len(rows)), Total: total, More: more}
	for i, r := range rows {
		page.Results[i] = *r.v
	}
	return page, err
}

// SearchShipments finds shipments (without their items and packages) within scope.
func (s *Store) SearchShipments(ctx context.Context, q DocumentSearch, scope listing.Scope) (DocumentPage[order.Shipment], error) {
	rows, total, more, err := searchDocuments(ctx, s, shipmentsTable, q, scope, false)
	page := DocumentPage[order.Shipment]{Results: make([]order.Shipment, len(rows)), Total: total, More: more}
	for i, r := range rows {
		page.Results[i] = *r.v
	}
	return page, err
}

// documentConds spells a document search as conditions on the document's table; payments
// says which table it is (customers and captures are the payment's, employees and methods the
// shipment's; the other side's go through the order).
func documentConds(q DocumentSearch, scope listing.Scope, payments bool) (*conds, error) {
	w := &conds{}
	w.in("order_id", q.OrderIDs)
	if len(q.OrderIDs) == 0 && q.OrderNumber != "" {
		w.add("order_id IN (SELECT id FROM orders WHERE number = ?)", q.OrderNumber)
	}
	w.in("id", q.IDs)
	w.in("outer_id", q.OuterIDs)
	w.in("status", q.Statuses)
	w.in("number", q.Numbers)
	if kw := strings.TrimSpace(q.Keyword); kw != "" {
		w.add("number LIKE ?", likePrefix(kw))
	}
	between := func(col string, from, to time.Time) {
		if !from.IsZero() {
			w.add(col+" >= ?", from)
		}
		if !to.IsZero() {
			w.add(col+" < ?", to)
		}
	}
	between("created_date", q.CreatedFrom, q.CreatedTo)
	orderSide := &conds{}
	orderSide.in("store_id", q.StoreIDs)
	orderSide.in("store_id", scope.StoreIDs)
	if scope.AssignedTo != "" {
		orderSide.add("employee_id = ?", scope.AssignedTo)
	}
	if payments {
		if q.CustomerID != "" {
			w.add("customer_id = ?", q.CustomerID)
		}
		if q.EmployeeID != "" {
			orderSide.add("employee_id = ?", q.EmployeeID)
		}
		between("captured_date", q.CapturedFrom, q.CapturedTo)
		between("authorized_date", q.AuthorizedFrom, q.AuthorizedTo)
		if q.FulfillmentCenterID != "" || q.ShipmentMethodCode != "" || q.ShipmentMethodOption != "" {
			return nil, order.Problems{"fulfillmentCenterId": "fulfillment centers and shipment methods are shipments' criteria"}
		}
	} else {
		if q.CustomerID != "" {
			orderSide.add("customer_id = ?", q.CustomerID)
		}
		if q.EmployeeID != "" {
			w.add("employee_id = ?", q.EmployeeID)
		}
		if q.FulfillmentCenterID != "" {
			w.add("fulfillment_center_id = ?", q.FulfillmentCenterID)
		}
		if q.ShipmentMethodCode != "" {
			w.add("shipment_method_code = ?", q.ShipmentMethodCode)
		}
		if q.ShipmentMethodOption != "" {
			w.add("shipment_method_option = ?", q.ShipmentMethodOption)
		}
		if !q.CapturedFrom.IsZero() || !q.CapturedTo.IsZero() || !q.AuthorizedFrom.IsZero() || !q.AuthorizedTo.IsZero() {
			return nil, order.Problems{"capturedStartDate": "captured and authorized dates are payments' criteria"}
		}
	}
	if len(orderSide.parts) > 0 {
		w.add("order_id IN (SELECT id FROM orders WHERE "+orderSide.sql()+")", orderSide.args...)
	}
	if len(w.parts) == 0 {
		w.add("TRUE")
	}
	return w, nil
}

func searchDocuments[R any](ctx context.Context, s *Store, t *table[R], q DocumentSearch, scope listing.Scope, payments bool) (rows []*R, total int, more bool, err error) {
	w, err := documentConds(q, scope, payments)
	if err != nil {
		return nil, 0, false, err
	}
	col, ok := documentSortColumns[strings.ToLower(q.Sort)]
	if !ok {
		col, q.Desc = "created_date", true
	}
	dir := map[bool]string{false: "ASC", true: "DESC"}[q.Desc]
	if err := s.db.GetContext(ctx, &total, `
		SELECT COUNT(*) FROM (
			SELECT 1 FROM `+t.name+` WHERE `+w.sql()+` LIMIT `+strconv.Itoa(DocumentCountLimit+1)+`
		) capped`, w.args...); err != nil {
		return nil, 0, false, fmt.Errorf("store: count %s: %w", t.name, err)
	}
	if total > DocumentCountLimit {
		total, more = DocumentCountLimit, true
	}
	if q.Take == 0 {
		return nil, total, more, nil
	}
	sorted := *t // the same columns, in the search's order instead of the tree's
	sorted.orderBy = col + " " + dir + ", id " + dir
	rows, err = loadRows(ctx, s.db, &sorted, w.sql(), "LIMIT "+strconv.Itoa(q.Take)+" OFFSET "+strconv.Itoa(q.Skip), w.args...)
	return rows, total, more, err
}

// OrderIDsInScope keeps the ids of orders that exist and lie within scope, in one query: bulk
// actions check scopes without loading whole orders.
func (s *Store) OrderIDsInScope(ctx context.Context, ids []string, scope listing.Scope) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	w := &conds{}
	w.in("o.id", ids)
	w.in("o.store_id", scope.StoreIDs)
	if scope.AssignedTo != "" {
		w.add("o.employee_id = ?", scope.AssignedTo)
	}
	var out []string
	if err := s.db.SelectContext(ctx, &out, `SELECT o.id FROM orders o WHERE `+w.sql(), w.args...); err != nil {
		return nil, fmt.Errorf("store: orders in scope: %w", err)
	}
	return out, nil
}
