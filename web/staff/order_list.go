package staff

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gorilla/csrf"

	"orderdesk/internal/auth"
	"orderdesk/internal/csvsafe"
	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/layout"
	"orderdesk/templates/orderlist"
	"orderdesk/web/base"
)

// listRequest is an order-list request parsed: the filter as typed, the store query it
// resolves to, the problems found, and who is asking.
type listRequest struct {
	filter       listing.Filter
	query        listing.Query
	probs        []listing.Problem
	viewer       listing.Viewer
	canManageTax bool // offer "send to AvaTax" on ticked rows
	canShip      bool // offer "ship together" on ticked rows
}

func (s *Server) parseList(r *http.Request) (listRequest, error) {
	u := base.State(r).User
	lr := listRequest{
		filter:       listing.FromValues(r.URL.Query()),
		viewer:       base.ViewerOf(u),
		canManageTax: u.Can(auth.TaxManage),
		canShip:      canShipTogether(u),
	}
	lr.query, lr.probs = listing.Resolve(lr.filter, s.Now(), lr.viewer)
	v := r.URL.Query()
	var err error
	if a := v.Get("after"); a != "" {
		lr.query.After, err = listing.DecodeCursor(a)
	} else if b := v.Get("before"); b != "" {
		lr.query.Before, err = listing.DecodeCursor(b)
	}
	return lr, err
}

// ordersPage is the order list. An htmx request gets only the results (and the field
// messages, out of band); anything else, including htmx restoring history, the whole page.
func (s *Server) ordersPage(w http.ResponseWriter, r *http.Request) {
	lr, err := s.parseList(r)
	if err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "This page link is broken",
			"The list position in the address is not one the desk made. Start again from the first page.")
		return
	}
	page, n, more, err := s.Store.ListAndCount(r.Context(), lr.query, base.CountLimit)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	// Enter in a search box (the list's or the top bar's) asks to open an order that one exact
	// number matches, rather than list it.
	if row, ok := base.SoleExactMatch(page.Rows); ok && r.URL.Query().Get("open") == "exact" {
		if base.IsHTMX(r) {
			w.Header().Set("HX-Redirect", "/orders/"+row.ID)
			w.WriteHeader(http.StatusOK)
			return
		}
		http.Redirect(w, r, "/orders/"+row.ID, http.StatusSeeOther)
		return
	}
	filters, err := s.filtersView(r, lr)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	results := s.resultsView(lr, page, countText(n, more))
	if base.IsHTMX(r) && r.Header.Get("HX-History-Restore-Request") != "true" {
		results.OOB = true
		results.FilterActive, results.FilterSummary = filters.Active, filters.Summary
		// The address bar gets the short form of the filter, not every empty form field. The
		// views bar moves its "current" mark in the browser (the results carry the view key),
		// so a keystroke does not recount every view.
		w.Header().Set("HX-Push-Url", listURL("/orders", pageValues(lr.filter, r)))
		s.Render(w, r, http.StatusOK, orderlist.ResultsPart(results))
		return
	}
	views, err := s.viewsBar(r, lr, false)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.Page(w, r, http.StatusOK, "Orders", orderlist.Page(orderlist.ListPage{
		Views: views, Filters: filters, Results: results, CSRFToken: csrf.Token(r),
	}))
}

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
	if lr.canManageTax {
		res.BulkActions = append(res.BulkActions, orderlist.BulkAction{URL: "/orders/avatax", Label: "Send to AvaTax"})
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
	cur := order.CurrencyFor(o.Currency)
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

func payLabel(s string) string  { return payLabels[s] }
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
		Keyword: f.Keyword, Customer: f.Customer, Org: f.Org, Assignee: f.Assignee,
		From: f.From, To: f.To, Min: f.TotalMin, Max: f.TotalMax,
		Unshipped: f.Unshipped, Unpaid: f.Unpaid, OpenReturns: f.OpenReturns, Cancelled: f.Cancelled,
		ShowPrices: lr.viewer.ShowPrices, Problems: map[string]string{}, ClearURL: "/orders",
	}
	for _, p := range lr.probs {
		v.Problems[p.Field] = strings.TrimSpace(v.Problems[p.Field] + " " + p.Message)
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

// exportOrders streams the filtered list as CSV, a thousand rows at a time: memory stays
// flat however many orders match. Money is a plain decimal in the order's currency, and only
// for those who may see prices. bom=1 starts the file with a UTF-8 byte-order mark, which
// spreadsheet programs need to read accents right.
func (s *Server) exportOrders(w http.ResponseWriter, r *http.Request) {
	lr, err := s.parseList(r)
	if err != nil || len(lr.probs) > 0 {
		msg := "The list position in the address is not one the desk made."
		if len(lr.probs) > 0 {
			msg = lr.probs[0].Message
		}
		s.ErrorPage(w, r, http.StatusBadRequest, "This export cannot start", msg)
		return
	}
	lr.query.After, lr.query.Before = nil, nil
	n, more, err := s.Store.CountOrders(r.Context(), lr.query, base.CountLimit)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	cols := shownColumns(lr.filter, lr.viewer.ShowPrices)
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="orders-%s.csv"`, s.Now().UTC().Format("2006-01-02-1504")))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Row-Estimate", countText(n, more))
	if r.URL.Query().Get("bom") == "1" {
		_, _ = w.Write([]byte("\xEF\xBB\xBF"))
	}
	cw := csvsafe.NewWriter(w)
	header := []string{}
	for _, key := range cols {
		c, _ := listing.ColumnByKey(key)
		header = append(header, c.Label)
		if c.Money {
			header = append(header, c.Label+" currency")
		}
	}
	_ = cw.Write(header)
	flusher, _ := w.(http.Flusher)
	rows := 0
	err = s.Store.EachOrder(r.Context(), lr.query, func(o store.ListRow) error {
		rec := make([]string, 0, len(header))
		for _, key := range cols {
			rec = append(rec, o.Value(key))
			if c, _ := listing.ColumnByKey(key); c.Money {
				rec = append(rec, o.Currency)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
		if rows++; rows%1000 == 0 {
			cw.Flush()
			if flusher != nil {
				flusher.Flush()
			}
		}
		return cw.Error()
	})
	cw.Flush()
	if err != nil {
		// Headers are gone; the log has it, and the file ends short of the estimate.
		s.Log.Error("export orders", "request_id", base.RequestID(r), "rows", rows, "err", err)
	}
}

// viewsPart answers the views bar's own request with counts; without htmx it is the page
// that lists and manages views.
func (s *Server) viewsPart(w http.ResponseWriter, r *http.Request) {
	lr, _ := s.parseList(r)
	if ref, err := url.Parse(r.Header.Get("HX-Current-URL")); err == nil && base.IsHTMX(r) {
		// Mark the view the list is showing.
		r2 := r.Clone(r.Context())
		r2.URL.RawQuery = ref.RawQuery
		lr, _ = s.parseList(r2)
	}
	bar, err := s.viewsBar(r, lr, true)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	if base.IsHTMX(r) {
		s.Render(w, r, http.StatusOK, orderlist.Views(bar))
		return
	}
	s.Page(w, r, http.StatusOK, "Views", orderlist.ViewsPage(bar, csrf.Token(r)))
}

// viewsBar lists the built-in and saved views; with counts, each counted up to base.CountLimit.
func (s *Server) viewsBar(r *http.Request, lr listRequest, counted bool) (orderlist.ViewsBar, error) {
	u := base.State(r).User
	saved, err := s.Store.Views(r.Context(), u.ID)
	if err != nil {
		return orderlist.ViewsBar{}, err
	}
	current := viewKey(lr.filter)
	bar := orderlist.ViewsBar{Loaded: counted}
	link := func(v listing.View) (orderlist.ViewLink, error) {
		vals, _ := url.ParseQuery(v.Query)
		f := listing.FromValues(vals)
		key := viewKey(f)
		l := orderlist.ViewLink{
			ID: v.ID, Name: v.Name, URL: listURL("/orders", f.Values()), Shared: v.Shared, Key: key,
			Current: key == current && current != "", CanDelete: v.DeletableBy(u.ID, mayDeleteShared(u)),
		}
		if v.Owner != "" && v.Owner != u.ID {
			l.Owner = v.OwnerName
		}
		if counted {
			q, _ := listing.Resolve(f, s.Now(), lr.viewer)
			n, more, err := s.Store.CountOrders(r.Context(), q, base.CountLimit)
			if err != nil {
				return l, err
			}
			l.Count = countText(n, more)
		}
		return l, nil
	}
	links := func(vs []listing.View) ([]orderlist.ViewLink, error) {
		out := make([]orderlist.ViewLink, 0, len(vs))
		for _, v := range vs {
			l, err := link(v)
			if err != nil {
				return nil, err
			}
			out = append(out, l)
		}
		return out, nil
	}
	if bar.Builtin, err = links(listing.BuiltinViews); err != nil {
		return bar, err
	}
	if bar.Saved, err = links(saved); err != nil {
		return bar, err
	}
	return bar, nil
}

// viewKey is what makes a filter the same view: everything but columns, sort and page size.
func viewKey(f listing.Filter) string {
	v := f.Values()
	v.Del("col")
	v.Del("sort")
	v.Del("n")
	return v.Encode()
}

// saveView stores the current filter as a named view, private or shared.
func (s *Server) saveView(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	vals, _ := url.ParseQuery(r.PostForm.Get("query"))
	query := listing.FromValues(vals).Values().Encode() // only what the list understands
	v, err := s.Store.SaveView(r.Context(), s.Actor(r), listing.View{
		Name: r.PostForm.Get("name"), Query: query, Shared: r.PostForm.Get("shared") == "1",
	})
	var fe order.FieldErrors
	if errors.As(err, &fe) {
		for _, msg := range fe {
			s.Flash(w, r, layout.FlashError, "The view was not saved: "+msg)
		}
		http.Redirect(w, r, listURL("/orders", vals), http.StatusSeeOther)
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	what := "Saved the view “" + v.Name + "”"
	if v.Shared {
		what += ", shared with the team"
	}
	s.Flash(w, r, layout.FlashSuccess, what+".")
	http.Redirect(w, r, listURL("/orders", vals), http.StatusSeeOther)
}

// mayDeleteShared: administrators may delete any shared view, not only their own.
func mayDeleteShared(u *auth.User) bool { return u.Can(auth.AdminSettings) }

// deleteView removes one of the user's views; administrators may remove any shared view.
func (s *Server) deleteView(w http.ResponseWriter, r *http.Request) {
	u := base.State(r).User
	err := s.Store.DeleteView(r.Context(), s.Actor(r), r.PathValue("id"), mayDeleteShared(u))
	if errors.Is(err, store.ErrViewNotFound) {
		s.NotFound(w, r)
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.Flash(w, r, layout.FlashSuccess, "The view was deleted.")
	http.Redirect(w, r, "/orders/views", http.StatusSeeOther)
}

func countText(n int, more bool) string {
	t := thousands(n)
	if more {
		t += "+"
	}
	return t
}

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

// sendToAvaTax queues the ticked orders (within the user's scopes) for AvaTax and goes back to
// the list.
func (s *Server) sendToAvaTax(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	ids, err := s.Store.OrderIDsInScope(r.Context(), r.PostForm["id"], base.ViewerOf(base.State(r).User).Scope)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	back := "/orders"
	if ref, err := url.Parse(r.Referer()); err == nil && (ref.Path == "/orders" || strings.HasPrefix(ref.Path, "/orders/")) {
		back = ref.RequestURI() // the list, or the order page the panel was on
	}
	if len(ids) == 0 {
		s.Flash(w, r, layout.FlashWarning, "Tick the orders to send first.")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	n, err := s.Store.QueueAvaTax(r.Context(), s.Actor(r), ids)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	msg := fmt.Sprintf("Queued %d of %d orders for AvaTax.", n, len(ids))
	if n < len(ids) {
		msg += " The others belong to stores without AvaTax."
	}
	s.Flash(w, r, layout.FlashSuccess, msg)
	http.Redirect(w, r, back, http.StatusSeeOther)
}
