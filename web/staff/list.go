package staff

import (
	"net/http"

	"github.com/gorilla/csrf"

	"orderdesk/internal/auth"
	"orderdesk/internal/listing"
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
	if results.Bulk, err = s.bulkBar(r.Context(), lr, base.State(r).User, countText(n, more)); err != nil {
		s.ServerError(w, r, err)
		return
	}
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
		CanCreate: base.State(r).User.Can(auth.OrderCreate),
	}))
}
