package staff

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/layout"
	"orderdesk/templates/orderlist"
	"orderdesk/web/base"
)

// resultsView formats a page of orders for the screen.
func (s *Server) resultsView(lr listRequest, page store.ListPage, count string) orderlist.Results {
	f := lr.filter
	cols := shownColumns(f, lr.viewer.ShowPrices)
	base := f.Values()
	res := orderlist.Results{
		Count:     count + " " + plural(count, "order", "orders"),
		Sort:      f.Sort,
		PageSize:  lr.query.PageSize,
		PageSizes: listing.PageSizes,
		FirstURL:  listURL("/orders", base),
		ExportURL: listURL("/orders/export.csv", base),
		BOMURL:    listURL("/orders/export.csv", with(base, "bom", "1")),
		Estimate:  count,
		Problems:  map[string]string{},
		SaveQuery: base.Encode(),
		ViewKey:   viewKey(f),
		Empty:     "No order matches these filters. Clear some of them, or search for something else.",
	}
	if res.Count == "0 orders" && len(base) == 0 {
		res.Empty = "Orders appear here as soon as a store sends them. To load demo data, run orderdesk seed."
	}
	for _, p := range lr.probs {
		res.Problems[p.Field] = strings.TrimSpace(res.Problems[p.Field] + " " + p.Message)
	}
	for _, key := range cols {
		c, _ := listing.ColumnByKey(key)
		col := orderlist.Column{Key: key, Label: c.Label, Num: c.Num}
		next := "-" + key // a new sort column starts with the largest or newest
		if c.Key == "number" || c.Key == "customer" || c.Key == "store" || c.Key == "assignee" || c.Key == "currency" {
			next = key
		}
		if lr.query.Sort == key {
			col.SortDir = "asc"
			next = "-" + key
			if lr.query.Desc {
				col.SortDir, next = "desc", key
			}
		}
		col.SortURL = listURL("/orders", with(base, "sort", next))
		res.Columns = append(res.Columns, col)
	}
	res.Choices = columnChoices(base, cols, lr.viewer.ShowPrices)
	if page.Next != nil {
		res.NextURL = listURL("/orders", with(base, "after", page.Next.Encode()))
	}
	if page.Prev != nil {
		res.PrevURL = listURL("/orders", with(base, "before", page.Prev.Encode()))
	}
	for _, o := range page.Rows {
		res.Rows = append(res.Rows, rowView(o, cols, s.Store.Rules().Statuses))
	}
	if lr.canShip {
		res.BulkActions = append(res.BulkActions, orderlist.BulkAction{URL: "/shipments/together", Label: "Ship together"})
	}
	return res
}

// pageValues is the filter's canonical URL form plus the page position, if any.
func pageValues(f listing.Filter, r *http.Request) url.Values {
	v := f.Values()
	for _, k := range []string{"after", "before"} {
		if c := r.URL.Query().Get(k); c != "" {
			v.Set(k, c)
		}
	}
	return v
}

// shownColumns are the columns the filter names (or the defaults), without money for those
// who may not see it.
func shownColumns(f listing.Filter, showPrices bool) []string {
	keys := f.Columns
	if len(keys) == 0 {
		keys = listing.DefaultColumns
	}
	var out []string
	for _, k := range keys {
		if c, ok := listing.ColumnByKey(k); ok && (showPrices || !c.Money) {
			out = append(out, k)
		}
	}
	return out
}

// columnChoices lists shown columns in their order, then the hidden ones, with links that
// move a shown column one place left or right.
func columnChoices(base url.Values, shown []string, showPrices bool) []orderlist.ColumnChoice {
	var out []orderlist.ColumnChoice
	for i, key := range shown {
		c, _ := listing.ColumnByKey(key)
		ch := orderlist.ColumnChoice{Key: key, Label: c.Label, Checked: true}
		if i > 0 {
			moved := slices.Clone(shown)
			moved[i-1], moved[i] = moved[i], moved[i-1]
			ch.LeftURL = listURL("/orders", withAll(base, "col", moved))
		}
		if i < len(shown)-1 {
			moved := slices.Clone(shown)
			moved[i+1], moved[i] = moved[i], moved[i+1]
			ch.RightURL = listURL("/orders", withAll(base, "col", moved))
		}
		out = append(out, ch)
	}
	for _, c := range listing.Columns {
		if !slices.Contains(shown, c.Key) && (showPrices || !c.Money) {
			out = append(out, orderlist.ColumnChoice{Key: c.Key, Label: c.Label})
		}
	}
	return out
}

func rowView(o store.ListRow, cols []string, rules order.StatusRules) orderlist.Row {
	row := orderlist.Row{ID: o.ID, URL: "/orders/" + o.ID, Number: o.Number, Exact: o.Exact}
	if o.PinnedNote != nil {
		row.Pin = *o.PinnedNote
	}
	for _, t := range o.Tags {
		row.Tags = append(row.Tags, orderlist.Tag{Name: t.Name, Colour: t.Colour, URL: tagFilterURL(t.Name)})
	}
	cur := o.CurrencyRule()
	for _, key := range cols {
		c, _ := listing.ColumnByKey(key)
		cell := orderlist.Cell{Key: key, Label: c.Label, Num: c.Num}
		switch key {
		case "number":
			cell.Text, cell.Link = o.Number, true
			if o.SharedNumber {
				cell.Sub = o.StoreName // the number alone names several orders
			}
		case "customer":
			cell.Text = o.CustomerName
		case "store":
			cell.Text = o.StoreName
		case "total":
			cell.Text, cell.Sub = cur.Fixed(o.Total), o.Currency
		case "balance":
			cell.Text, cell.Sub = cur.Fixed(o.BalanceDue), o.Currency
		case "currency":
			cell.Text = o.Currency
		case "approved":
			cell.Badge = true
			if o.IsApproved {
				cell.Text, cell.Tone = "Approved", "ok"
			}
		case "status":
			cell.Badge, cell.Text, cell.Tone = true, rules.Label(order.TypeCustomerOrder, o.Status), layout.StatusTone(o.Status, o.IsCancelled)
			if o.IsCancelled && o.Status != order.OrderCancelled {
				cell.Extra = append(cell.Extra, orderlist.Cell{Text: "Cancelled", Tone: "bad"})
			}
			if o.OpenReturns > 0 {
				cell.Extra = append(cell.Extra, orderlist.Cell{Text: "Return open", Tone: "warn"})
			}
		case "payment":
			cell.Badge, cell.Text, cell.Tone = true, payLabel(o.PaymentState), payTone(o.PaymentState)
		case "shipping":
			cell.Badge, cell.Text, cell.Tone = true, shipLabel(o.ShippingState), shipTone(o.ShippingState)
		case "items":
			cell.Text = strconv.Itoa(o.ItemCount)
		case "assignee":
			cell.Text = o.EmployeeName
		case "created":
			cell.Text = o.CreatedDate.Format("2 Jan 2006 15:04")
		}
		row.Cells = append(row.Cells, cell)
	}
	return row
}

var payLabels = map[string]string{
	order.PayStateNone: "Nothing due", order.PayStateUnpaid: "Unpaid", order.PayStateAuthorized: "Authorized",
	order.PayStatePartial: "Partly paid", order.PayStatePaid: "Paid", order.PayStateRefunded: "Refunded",
}

var shipLabels = map[string]string{
	order.ShipStateNone: "Nothing to ship", order.ShipStateUnshipped: "Not shipped",
	order.ShipStatePartial: "Partly shipped", order.ShipStateShipped: "Shipped",
}

func payLabel(s string) string { return payLabels[s] }

func shipLabel(s string) string { return shipLabels[s] }

func payTone(s string) string {
	switch s {
	case order.PayStatePaid, order.PayStateNone:
		return "ok"
	case order.PayStateUnpaid, order.PayStatePartial, order.PayStateAuthorized:
		return "warn"
	}
	return ""
}

func shipTone(s string) string {
	switch s {
	case order.ShipStateShipped, order.ShipStateNone:
		return "ok"
	case order.ShipStatePartial:
		return "warn"
	}
	return ""
}

// filtersView fills the filter form: choices from the configured statuses, the stores and
// the currencies, each ticked as the filter says.
func (s *Server) filtersView(r *http.Request, lr listRequest) (orderlist.Filters, error) {
	f := lr.filter
	stores, err := s.Store.Stores(r.Context())
	if err != nil {
		return orderlist.Filters{}, err
	}
	v := orderlist.Filters{
		Keyword: f.Keyword, Customer: f.Customer, CustomerID: f.CustomerID, Org: f.Org, Assignee: f.Assignee,
		From: f.From, To: f.To, Min: f.TotalMin, Max: f.TotalMax,
		Unshipped: f.Unshipped, Unpaid: f.Unpaid, OpenReturns: f.OpenReturns, Cancelled: f.Cancelled,
		ShowPrices: lr.viewer.ShowPrices, Problems: map[string]string{}, ClearURL: "/orders",
	}
	for _, p := range lr.probs {
		v.Problems[p.Field] = strings.TrimSpace(v.Problems[p.Field] + " " + p.Message)
	}
	if f.CustomerID != "" {
		without := f
		without.CustomerID = ""
		v.CustomerClear = listURL("/orders", without.Values())
	}
	for _, st := range s.Store.Rules().Statuses.Statuses(order.TypeCustomerOrder) {
		v.Statuses = append(v.Statuses, orderlist.Option{Value: st, Label: s.Store.Rules().Statuses.Label(order.TypeCustomerOrder, st), Checked: slices.Contains(f.Statuses, st)})
	}
	currencies := map[string]bool{}
	for _, st := range stores {
		v.Stores = append(v.Stores, orderlist.Option{Value: st.ID, Label: st.Name, Checked: slices.Contains(f.StoreIDs, st.ID)})
		currencies[st.DefaultCurrency] = true
	}
	for _, c := range f.Currencies {
		currencies[strings.ToUpper(c)] = true
	}
	for _, c := range slices.Sorted(maps.Keys(currencies)) {
		v.Currencies = append(v.Currencies, orderlist.Option{Value: c, Label: c, Checked: slices.Contains(lr.query.Currencies, c)})
	}
	for _, p := range order.PayStates {
		v.PayStates = append(v.PayStates, orderlist.Option{Value: p, Label: payLabel(p), Checked: slices.Contains(f.PayStates, p)})
	}
	for _, p := range order.ShipStates {
		v.ShipStates = append(v.ShipStates, orderlist.Option{Value: p, Label: shipLabel(p), Checked: slices.Contains(f.ShipStates, p)})
	}
	for _, p := range listing.Presets {
		v.Presets = append(v.Presets, orderlist.Option{Value: p.Key, Label: p.Label, Checked: f.Created == p.Key})
	}
	v.Summary = strings.Join(filterWords(v), " · ")
	v.Active = len(filterWords(v))
	return v, nil
}

// filterWords says in words which filters are set, one phrase each.
func filterWords(v orderlist.Filters) []string {
	var out []string
	ticked := func(label string, opts []orderlist.Option) {
		var names []string
		for _, o := range opts {
			if o.Checked {
				names = append(names, o.Label)
			}
		}
		if len(names) > 0 {
			out = append(out, label+": "+strings.Join(names, ", "))
		}
	}
	ticked("Status", v.Statuses)
	ticked("Store", v.Stores)
	ticked("Currency", v.Currencies)
	ticked("Payment", v.PayStates)
	ticked("Shipping", v.ShipStates)
	for _, p := range v.Presets {
		if p.Checked {
			out = append(out, "Created "+strings.ToLower(p.Label))
		}
	}
	if v.From != "" || v.To != "" {
		out = append(out, "Created "+strings.TrimSpace(v.From+" – "+v.To))
	}
	if v.ShowPrices && (v.Min != "" || v.Max != "") {
		out = append(out, "Total "+strings.TrimSpace(v.Min+" – "+v.Max))
	}
	if v.Customer != "" {
		out = append(out, "Customer “"+v.Customer+"”")
	}
	if v.CustomerID != "" {
		out = append(out, "Customer id "+v.CustomerID)
	}
	if v.Org != "" {
		out = append(out, "Organization “"+v.Org+"”")
	}
	switch v.Assignee {
	case "me":
		out = append(out, "Assigned to me")
	case "none":
		out = append(out, "Unassigned")
	}
	if v.Unshipped {
		out = append(out, "Has unshipped items")
	}
	if v.Unpaid {
		out = append(out, "Has an unpaid balance")
	}
	if v.OpenReturns {
		out = append(out, "Has open returns")
	}
	switch v.Cancelled {
	case "no":
		out = append(out, "Not cancelled")
	case "only":
		out = append(out, "Only cancelled")
	}
	return out
}

func countText(n int, more bool) string { return base.CountText(n, more) }

// thousands writes n with comma separators: 10,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func plural(count, one, many string) string {
	if count == "1" {
		return one
	}
	return many
}

func listURL(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

func with(v url.Values, key, value string) url.Values {
	out := url.Values{}
	for k, vals := range v {
		out[k] = vals
	}
	out.Set(key, value)
	return out
}

func withAll(v url.Values, key string, values []string) url.Values {
	out := with(v, key, "")
	out[key] = values
	return out
}
