package listing

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
	"orderdesk/internal/search"
)

// Page sizes the list offers; DefaultPageSize is used when the URL names none.
var PageSizes = []int{25, 50, 100, 200}

const DefaultPageSize = 50

// Created-date presets.
var Presets = []struct{ Key, Label string }{
	{"today", "Today"}, {"yesterday", "Yesterday"}, {"7d", "Last 7 days"},
	{"this-month", "This month"}, {"last-month", "Last month"}, {"last-year", "Last year"},
}

// Filter is the state of the order list as it travels in the URL: everything as typed, so a
// bad value can be shown back at its field.
type Filter struct {
	Keyword     string
	Statuses    []string
	StoreIDs    []string
	Currencies  []string
	PayStates   []string
	ShipStates  []string
	Customer    string
	CustomerID  string // one customer's orders, by their exact id (the customer page's link)
	Org         string
	Assignee    string // "", "me" or "none"
	Created     string // a preset key, or "" for the From/To range
	From, To    string // YYYY-MM-DD, both inclusive
	TotalMin    string
	TotalMax    string
	Unshipped   bool
	Unpaid      bool
	OpenReturns bool
	Cancelled   string // "", "no" or "only"
	Tags        []string
	Columns     []string
	Sort        string // a column key or "relevance"; a leading "-" sorts descending
	PageSize    int
}

// FromValues reads a filter from URL values (tag=urgent for the orders carrying a tag,
// tag=-urgent for those without it, into Tags). Unknown values are dropped quietly (old links
// keep working); the caller validates with Resolve.
func FromValues(v url.Values) Filter {
	f := Filter{
		Keyword:     strings.TrimSpace(v.Get("q")),
		Statuses:    multi(v, "status"),
		StoreIDs:    multi(v, "store"),
		Currencies:  multi(v, "currency"),
		PayStates:   keep(multi(v, "pay"), order.PayStates),
		ShipStates:  keep(multi(v, "ship"), order.ShipStates),
		Customer:    strings.TrimSpace(v.Get("customer")),
		CustomerID:  strings.TrimSpace(v.Get("customer_id")),
		Org:         strings.TrimSpace(v.Get("org")),
		Assignee:    oneOf(v.Get("assignee"), "me", "none"),
		Created:     oneOf(v.Get("created"), presetKeys()...),
		From:        strings.TrimSpace(v.Get("from")),
		To:          strings.TrimSpace(v.Get("to")),
		TotalMin:    strings.TrimSpace(v.Get("min")),
		TotalMax:    strings.TrimSpace(v.Get("max")),
		Unshipped:   v.Get("unshipped") == "1",
		Unpaid:      v.Get("unpaid") == "1",
		OpenReturns: v.Get("returns") == "open",
		Cancelled:   oneOf(v.Get("cancelled"), "no", "only"),
		Tags:        multi(v, "tag"),
		Sort:        v.Get("sort"),
	}
	for _, c := range multi(v, "col") {
		if _, ok := ColumnByKey(c); ok && !slices.Contains(f.Columns, c) {
			f.Columns = append(f.Columns, c)
		}
	}
	if n, err := strconv.Atoi(v.Get("n")); err == nil && slices.Contains(PageSizes, n) {
		f.PageSize = n
	}
	if key := strings.TrimPrefix(f.Sort, "-"); key != "relevance" {
		if _, ok := ColumnByKey(key); !ok {
			f.Sort = ""
		}
	}
	return f
}

// Values writes the filter back as URL values, leaving out what is at its default, so links
// stay short and two equal filters give the same URL.
func (f Filter) Values() url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", f.Keyword)
	v["status"] = f.Statuses
	v["store"] = f.StoreIDs
	v["currency"] = f.Currencies
	v["pay"] = f.PayStates
	v["ship"] = f.ShipStates
	set("customer", f.Customer)
	set("customer_id", f.CustomerID)
	set("org", f.Org)
	set("assignee", f.Assignee)
	set("created", f.Created)
	if f.Created == "" {
		set("from", f.From)
		set("to", f.To)
	}
	set("min", f.TotalMin)
	set("max", f.TotalMax)
	if f.Unshipped {
		v.Set("unshipped", "1")
	}
	if f.Unpaid {
		v.Set("unpaid", "1")
	}
	if f.OpenReturns {
		v.Set("returns", "open")
	}
	set("cancelled", f.Cancelled)
	v["tag"] = f.Tags
	if len(f.Columns) > 0 && !slices.Equal(f.Columns, DefaultColumns) {
		v["col"] = f.Columns
	}
	set("sort", f.Sort)
	if f.PageSize != 0 && f.PageSize != DefaultPageSize {
		v.Set("n", strconv.Itoa(f.PageSize))
	}
	for k, vals := range v {
		if len(vals) == 0 {
			delete(v, k)
		}
	}
	return v
}

// Query is a filter resolved for the store: concrete dates and amounts, the keyword read
// into full-text terms and field filters, the viewer's own id for "mine".
type Query struct {
	Statuses    []string
	CustomerIDs []string
	StoreIDs    []string // stores by id; StoreNames by name (store:Name in the keyword box)
	StoreNames  []string
	Currencies  []string
	PayStates   []string
	ShipStates  []string
	CreatedFrom time.Time // inclusive; zero for none
	CreatedTo   time.Time // exclusive; zero for none
	TotalMin    *decimal.Decimal
	TotalMax    *decimal.Decimal
	AssigneeID  string // employee id; "-" for unassigned
	Assignee    string // employee name (assignee:Name)
	Cancelled   string
	Approved    *bool
	OpenReturns bool
	Unshipped   bool // some units not sent yet
	Unpaid      bool // a balance is due

	// Tags (names, any case) are every one on the order; NotTags none of them. The store
	// resolves them to TagIDs and NotTagIDs ("-" for a name no tag has).
	Tags, NotTags     []string
	TagIDs, NotTagIDs []string

	Text          string   // InnoDB boolean-mode expression over the whole search document
	CustomerText  string   // … over the customer column
	ProductText   string   // … over the items column
	NoteText      string   // … over the words of the order's staff notes (note:)
	Exact         string   // looked up exactly in number, tracking and outer-id indexes
	NumberPrefix  []string // number:X
	NumberSuffix  []string // the end of an order number (the store plans it from the keyword)
	SKUs          []string
	PONumbers     []string
	OuterIDs      []string
	TrackingCodes []string

	// Virto's CustomerOrderSearchCriteria beyond the list's own filters (the API's search).
	IDs                []string
	Numbers            []string // exact numbers
	EmployeeID         string
	OrganizationIDs    []string
	SubscriptionIDs    []string
	OnlyRecurring      bool // orders of a subscription
	WithoutPrototypes  bool // leave prototype orders out (Virto's default: WithPrototypes false)
	ProductID          string
	PromotionIDs       []string // a discount of the order, a line, a shipment or a payment
	ParentOperationID  string
	HasParentOperation *bool

	Scope Scope

	Sort     string // column key or "relevance"
	Desc     bool
	ThenBy   []SortKey // further keys of an offset-paged search (the API's sort); the list pages by one
	PageSize int
	After    *Cursor
	Before   *Cursor
}

// SortKey is one key of a sort: a column key and its direction.
type SortKey struct {
	Column string
	Desc   bool
}

// Scope narrows every query to what a user may see (store scopes, "only my orders"). Empty
// means everything.
type Scope struct {
	StoreIDs   []string
	AssignedTo string
}

// Searching says whether the keyword box narrows the list by text.
func (q Query) Searching() bool {
	return q.Text != "" || q.CustomerText != "" || q.ProductText != "" || q.Exact != ""
}

// Problem is a filter value that could not be used, at its field.
type Problem struct {
	Field, Message string
}

// Viewer is who is looking: "mine" and price rules depend on it.
type Viewer struct {
	UserID     string
	ShowPrices bool
	Scope      Scope
}

// Resolve turns a filter into a store query. Problems name the field and say what is wrong;
// the rest of the filter still applies.
func Resolve(f Filter, now time.Time, who Viewer) (Query, []Problem) {
	var probs []Problem
	bad := func(field, format string, a ...any) { probs = append(probs, Problem{field, fmt.Sprintf(format, a...)}) }
	q := Query{
		Statuses: f.Statuses, StoreIDs: f.StoreIDs, Currencies: upper(f.Currencies),
		PayStates: f.PayStates, ShipStates: f.ShipStates, Cancelled: f.Cancelled,
		OpenReturns: f.OpenReturns, Scope: who.Scope, PageSize: f.PageSize,
	}
	if q.PageSize == 0 {
		q.PageSize = DefaultPageSize
	}
	switch f.Assignee {
	case "me":
		q.AssigneeID = who.UserID
	case "none":
		q.AssigneeID = "-"
	}
	q.Unshipped, q.Unpaid = f.Unshipped, f.Unpaid

	// Dates: a preset, else the typed range (both ends inclusive days).
	if f.Created != "" {
		q.CreatedFrom, q.CreatedTo = PresetRange(f.Created, now)
	} else {
		if f.From != "" {
			if d, err := time.Parse(time.DateOnly, f.From); err == nil {
				q.CreatedFrom = d
			} else {
				bad("from", "Use a date like %s.", now.Format(time.DateOnly))
			}
		}
		if f.To != "" {
			if d, err := time.Parse(time.DateOnly, f.To); err == nil {
				q.CreatedTo = d.AddDate(0, 0, 1)
			} else {
				bad("to", "Use a date like %s.", now.Format(time.DateOnly))
			}
		}
		if !q.CreatedFrom.IsZero() && !q.CreatedTo.IsZero() && !q.CreatedFrom.Before(q.CreatedTo) {
			bad("to", "The end date is before the start date.")
		}
	}

	// Amounts count only for those who may see them.
	if who.ShowPrices {
		q.TotalMin = amount(f.TotalMin, "min", bad)
		q.TotalMax = amount(f.TotalMax, "max", bad)
		if q.TotalMin != nil && q.TotalMax != nil && q.TotalMax.LessThan(*q.TotalMin) {
			bad("max", "The maximum is below the minimum.")
		}
	}
	if f.CustomerID != "" {
		q.CustomerIDs = []string{f.CustomerID}
	}
	if f.Customer != "" {
		q.CustomerText = search.Boolean(search.TextTerms(f.Customer))
	}
	if f.Org != "" {
		q.CustomerText = strings.TrimSpace(q.CustomerText + " " + search.Boolean(search.TextTerms(f.Org)))
	}
	for _, t := range f.Tags {
		if name, not := strings.CutPrefix(t, "-"); not {
			q.NotTags = append(q.NotTags, name)
		} else {
			q.Tags = append(q.Tags, t)
		}
	}
	resolveKeyword(&q, f.Keyword, now, who, bad)

	// Sort: relevance only makes sense while searching; money only for those who see it.
	q.Sort, q.Desc = strings.TrimPrefix(f.Sort, "-"), strings.HasPrefix(f.Sort, "-")
	if c, ok := ColumnByKey(q.Sort); ok && c.Money && !who.ShowPrices {
		q.Sort = ""
	}
	if q.Sort == "relevance" && q.Text == "" {
		q.Sort = ""
	}
	if q.Sort == "" {
		q.Sort, q.Desc = "created", true
		if q.Text != "" {
			q.Sort = "relevance"
		}
	}
	if q.Sort == "relevance" {
		q.Desc = true
	}
	return q, probs
}

// resolveKeyword applies the keyword box: free words become the full-text expression, field
// syntax becomes filters.
func resolveKeyword(q *Query, keyword string, now time.Time, who Viewer, bad func(string, string, ...any)) {
	if keyword == "" {
		return
	}
	k := search.Parse(keyword)
	q.Text = search.Boolean(k.Terms)
	q.Exact = k.Exact
	for _, name := range k.Unknown {
		if plain, ok := strings.CutPrefix(name, "-"); ok && slices.Contains(search.FieldNames, plain) {
			bad("q", "%s: — only %s: can be turned around with a leading -.", name, strings.Join(search.Negatable, ":, "))
			continue
		}
		bad("q", "%s: is not a search field; fields are %s.", name, strings.Join(search.FieldNames, ", "))
	}
	for _, fld := range k.Fields {
		v := fld.Value
		switch fld.Name {
		case "number":
			q.NumberPrefix = append(q.NumberPrefix, v)
		case "status":
			q.Statuses = append(q.Statuses, splitComma(v)...)
		case "store":
			q.StoreNames = append(q.StoreNames, v)
		case "customer", "email", "phone", "org":
			q.CustomerText = strings.TrimSpace(q.CustomerText + " " + search.Boolean(search.TextTerms(v)))
		case "product":
			q.ProductText = strings.TrimSpace(q.ProductText + " " + search.Boolean(search.TextTerms(v)))
		case "note":
			q.NoteText = strings.TrimSpace(q.NoteText + " " + search.Boolean(search.TextTerms(v)))
		case "tag":
			q.Tags = append(q.Tags, v)
		case "-tag":
			q.NotTags = append(q.NotTags, v)
		case "sku":
			q.SKUs = append(q.SKUs, v)
		case "po":
			q.PONumbers = append(q.PONumbers, v)
		case "outer":
			q.OuterIDs = append(q.OuterIDs, v)
		case "tracking":
			q.TrackingCodes = append(q.TrackingCodes, v)
		case "currency":
			q.Currencies = append(q.Currencies, upper(splitComma(v))...)
		case "assignee":
			switch strings.ToLower(v) {
			case "me":
				q.AssigneeID = who.UserID
			case "none":
				q.AssigneeID = "-"
			default:
				q.Assignee = v
			}
		case "total":
			if !who.ShowPrices {
				continue
			}
			lo, hi, ok := numberRange(v)
			if !ok {
				bad("q", "total:%s — write total:>100, total:<50 or total:100..200.", v)
				continue
			}
			q.TotalMin, q.TotalMax = lo, hi
		case "created":
			from, to, ok := dateRange(v, now)
			if !ok {
				bad("q", "created:%s — write created:today, created:2026-11-01..2026-11-20 or created:>2026-11-01.", v)
				continue
			}
			q.CreatedFrom, q.CreatedTo = from, to
		case "is":
			switch strings.ToLower(v) {
			case "cancelled", "canceled":
				q.Cancelled = "only"
			case "open", "active":
				q.Cancelled = "no"
			case "unpaid":
				q.Unpaid = true
			case "unshipped":
				q.Unshipped = true
			case "approved":
				t := true
				q.Approved = &t
			default:
				bad("q", "is:%s — write is:cancelled, is:open, is:unpaid, is:unshipped or is:approved.", v)
			}
		case "has":
			if strings.EqualFold(v, "returns") || strings.EqualFold(v, "return") {
				q.OpenReturns = true
			} else {
				bad("q", "has:%s — write has:returns.", v)
			}
		}
	}
}

// PresetRange returns the [from, to) range of a created-date preset, in UTC days.
func PresetRange(key string, now time.Time) (time.Time, time.Time) {
	now = now.UTC()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	switch key {
	case "today":
		return today, today.AddDate(0, 0, 1)
	case "yesterday":
		return today.AddDate(0, 0, -1), today
	case "7d":
		return today.AddDate(0, 0, -6), today.AddDate(0, 0, 1)
	case "this-month":
		return month, month.AddDate(0, 1, 0)
	case "last-month":
		return month.AddDate(0, -1, 0), month
	case "last-year":
		y := time.Date(now.Year()-1, 1, 1, 0, 0, 0, 0, time.UTC)
		return y, y.AddDate(1, 0, 0)
	}
	return time.Time{}, time.Time{}
}

func presetKeys() []string {
	keys := make([]string, len(Presets))
	for i, p := range Presets {
		keys[i] = p.Key
	}
	return keys
}

// dateRange reads created:VALUE — a preset, a day, a..b, >day, >=day, <day or <=day.
func dateRange(v string, now time.Time) (from, to time.Time, ok bool) {
	if slices.Contains(presetKeys(), v) {
		from, to = PresetRange(v, now)
		return from, to, true
	}
	day := func(s string) (time.Time, bool) {
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
		return d, err == nil
	}
	if a, b, found := strings.Cut(v, ".."); found {
		var okA, okB bool
		if from, okA = day(a); a == "" {
			from, okA = time.Time{}, true
		}
		if to, okB = day(b); b == "" {
			to, okB = time.Time{}, true
		} else if okB {
			to = to.AddDate(0, 0, 1)
		}
		return from, to, okA && okB && (a != "" || b != "")
	}
	for _, op := range []string{">=", "<=", ">", "<"} {
		if rest, found := strings.CutPrefix(v, op); found {
			d, okD := day(rest)
			switch op {
			case ">=":
				return d, time.Time{}, okD
			case ">":
				return d.AddDate(0, 0, 1), time.Time{}, okD
			case "<=":
				return time.Time{}, d.AddDate(0, 0, 1), okD
			default:
				return time.Time{}, d, okD
			}
		}
	}
	d, okD := day(v)
	return d, d.AddDate(0, 0, 1), okD
}

// numberRange reads total:VALUE — a..b, >a, >=a, <b, <=b or an exact amount. Bounds are
// inclusive: money has no "next value".
func numberRange(v string) (lo, hi *decimal.Decimal, ok bool) {
	num := func(s string) (*decimal.Decimal, bool) {
		d, err := decimal.NewFromString(strings.TrimSpace(s))
		if err == nil {
			d, err = order.MoneyColumn.Fit(d) // no total is larger than its column holds
		}
		return &d, err == nil
	}
	if a, b, found := strings.Cut(v, ".."); found {
		var okA, okB bool = true, true
		if a != "" {
			lo, okA = num(a)
		}
		if b != "" {
			hi, okB = num(b)
		}
		return lo, hi, okA && okB && (a != "" || b != "")
	}
	for _, op := range []string{">=", "<=", ">", "<"} {
		if rest, found := strings.CutPrefix(v, op); found {
			d, okD := num(rest)
			if op[0] == '>' {
				return d, nil, okD
			}
			return nil, d, okD
		}
	}
	d, okD := num(v)
	return d, d, okD
}

func amount(s, field string, bad func(string, string, ...any)) *decimal.Decimal {
	if s == "" {
		return nil
	}
	d, err := decimal.NewFromString(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		bad(field, "Write an amount like 100 or 99.50.")
		return nil
	}
	if d, err = order.MoneyColumn.Fit(d); err != nil {
		bad(field, "The amount %s.", err)
		return nil
	}
	return &d
}

func multi(v url.Values, key string) []string {
	var out []string
	for _, s := range v[key] {
		for _, part := range splitComma(s) {
			if !slices.Contains(out, part) {
				out = append(out, part)
			}
		}
	}
	return out
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func keep(vals, allowed []string) []string {
	var out []string
	for _, v := range vals {
		if slices.Contains(allowed, v) {
			out = append(out, v)
		}
	}
	return out
}

func oneOf(v string, allowed ...string) string {
	if slices.Contains(allowed, v) {
		return v
	}
	return ""
}

func upper(s []string) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = strings.ToUpper(v)
	}
	return out
}
