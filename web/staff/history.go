package staff

import (
	"cmp"
	"net/http"

	"orderdesk/internal/audit"
	"orderdesk/internal/auth"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/history"
	"orderdesk/templates/layout"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// historyPageSize is how many change sets a history page lists.
const historyPageSize = 25

// orderHistory is one order's history tab: its change sets newest first, filtered by document,
// person, field, period and keyword, in keyset pages. htmx requests get only the results.
func (s *Server) orderHistory(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !ids.Valid(id) {
		s.NotFound(w, r)
		return
	}
	ctx := r.Context()
	o, ok := s.scopedOrder(w, r, id)
	if !ok {
		return
	}
	showPrices := base.State(r).User.Can(auth.OrderReadPrices)
	q := parseHistoryQuery(r.URL.Query())
	f, errs := q.filter(s.Now(), showPrices)
	f.OrderID = id
	f.Limit = historyPageSize
	path := "/orders/" + id + "/history"
	res := history.Results{Empty: "No changes match these filters."}
	if len(errs) == 0 {
		entries, next, err := s.orderEntries(r, f, q.Keyword, showPrices)
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		res.Entries = entries
		if next != "" {
			res.OlderURL = q.url(path, next)
		}
		if f.Before != "" {
			res.NewestURL = q.url(path, "")
		}
	} else {
		res.Empty = "Fix the filters above to see changes."
	}
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusUnprocessableEntity
	}
	if base.IsHTMX(r) && r.Header.Get("HX-History-Restore-Request") == "" {
		if s.reloadForErrors(w, r, errs) {
			return
		}
		s.Render(w, r, status, history.ResultsList(res))
		return
	}
	actors, err := s.Store.OrderActors(ctx, id)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	head := historyHead(o, showPrices, s.Store.Rules().Statuses)
	s.Page(w, r, status, "History of "+o.Number, history.OrderHistoryPage(history.OrderHistory{
		Order: head, Filters: q.form(path, actors, nil, showPrices, errs), Results: res,
	}))
}

// historyHead is the order's title line and tabs above its history and comparisons: the same
// print buttons as on the order tab, so they stay put when the tab changes.
func historyHead(o *order.CustomerOrder, showPrices bool, rules order.StatusRules) orderpage.Page {
	return orderpage.Page{ID: o.ID, Number: o.Number, Tab: "history", ShowPrices: showPrices,
		Header: orderpage.Header{Status: rules.Label(order.TypeCustomerOrder, o.Status), StatusTone: layout.StatusTone(o.Status, o.IsCancelled), Approved: o.IsApproved}}
}

// orderEntries reads change sets page by page until a page's worth match the keyword (which is
// matched against the rendered sentences, reason and person, so it finds what people read),
// and returns them with the cursor of the next page. An order has at most a few thousand
// change sets, so this stays a handful of indexed reads.
func (s *Server) orderEntries(r *http.Request, f store.HistoryFilter, keyword string, showPrices bool) ([]orderpage.Entry, string, error) {
	only := matcher(f)
	var out []orderpage.Entry
	want := f.Limit
	for {
		page, err := s.Store.History(r.Context(), f)
		if err != nil {
			return nil, "", err
		}
		for i, cs := range page.Sets {
			e := entryOf(cs, s.wording(r), only)
			if keyword != "" && !audit.Matches(keyword, sentencesOf(e)...) {
				continue
			}
			out = append(out, e)
			if len(out) == want {
				if i == len(page.Sets)-1 && page.Next == "" {
					return out, "", nil
				}
				return out, cs.ID, nil
			}
		}
		if page.Next == "" {
			return out, "", nil
		}
		f.Before = page.Next
	}
}

// reloadForErrors answers an htmx request whose filters are wrong with a full page load of the
// same address: the messages belong next to the fields, which a results swap cannot reach
// (and htmx does not swap a 422).
func (s *Server) reloadForErrors(w http.ResponseWriter, r *http.Request, errs map[string]string) bool {
	if len(errs) == 0 {
		return false
	}
	w.Header().Set("HX-Redirect", r.URL.RequestURI())
	w.WriteHeader(http.StatusOK)
	return true
}

// scope keeps a history filter to the user's store and assignment scopes.
func scope(f *store.HistoryFilter, u *auth.User) {
	f.ScopeStores = u.StoreScope()
	if u.ScopeAssignedOnly {
		f.ScopeAssignee = u.ID
	}
}

// historyAcross is the managers' history across all orders: who changed what, where and why,
// filtered by person, field, document, store, period, reason and amount; CSV of the same.
func (s *Server) historyAcross(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	showPrices := base.State(r).User.Can(auth.OrderReadPrices)
	q := parseHistoryQuery(r.URL.Query())
	f, errs := q.filter(s.Now(), showPrices)
	scope(&f, base.State(r).User)
	f.Limit = historyPageSize
	f.ChangesPerSet = 60
	res := history.Results{Empty: "No changes match these filters.", CSVURL: q.url("/history.csv", "")}
	status := http.StatusOK
	stores, err := s.Store.Stores(ctx)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	storeNames := map[string]string{}
	for _, st := range stores {
		storeNames[st.ID] = st.Name
	}
	if len(errs) == 0 {
		page, err := s.Store.History(ctx, f)
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		only := matcher(f)
		for _, cs := range page.Sets {
			e := entryOf(cs, s.wording(r), only)
			res.Rows = append(res.Rows, history.Row{
				When: e.When, Who: e.Who, WhoEmail: e.WhoEmail, Source: e.Source, Reason: e.Reason, Order: cs.OrderNumber,
				OrderURL: "/orders/" + cs.OrderID, Store: cmp.Or(storeNames[cs.StoreID], cs.StoreID), Sentences: e.Sentences, More: e.More, AsOfURL: e.AsOfURL, CompareURL: e.CompareURL,
				Taken: e.Taken,
			})
		}
		if page.Next != "" {
			res.OlderURL = q.url("/history", page.Next)
		}
		if f.Before != "" {
			res.NewestURL = q.url("/history", "")
		}
	} else {
		status = http.StatusUnprocessableEntity
		res.Empty, res.CSVURL = "Fix the filters above to see changes.", ""
	}
	if base.IsHTMX(r) && r.Header.Get("HX-History-Restore-Request") == "" {
		if s.reloadForErrors(w, r, errs) {
			return
		}
		s.Render(w, r, status, history.ResultsList(res))
		return
	}
	people, err := s.Store.People(ctx)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.Page(w, r, status, "History", history.AcrossPage(history.Across{
		Filters: q.form("/history", people, stores, showPrices, errs), Results: res,
	}))
}
