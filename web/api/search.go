package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/web/base"
)

// searchCriteria is Virto's CustomerOrderSearchCriteria, the fields orderdesk honours.
type searchCriteria struct {
	Keyword       string     `json:"keyword"`
	Statuses      []string   `json:"statuses"`
	StoreIDs      []string   `json:"storeIds"`
	CustomerIDs   []string   `json:"customerIds"`
	StartDate     *time.Time `json:"startDate"`
	EndDate       *time.Time `json:"endDate"`
	Sort          string     `json:"sort"` // "createdDate:desc;number" — the first key counts
	Skip          int        `json:"skip"`
	Take          *int       `json:"take"`
	ResponseGroup string     `json:"responseGroup"` // "Full" loads every document of each order
}

// virtoSortKeys maps Virto's property names to list columns.
var virtoSortKeys = map[string]string{
	"createddate": "created", "number": "number", "total": "total", "status": "status",
	"customername": "customer", "storename": "store", "currency": "currency", "employeename": "assignee",
}

// apiSearchOrders is Virto's POST /api/order/customerOrders/search: {totalCount, results}.
// totalCount is exact up to 10,000; beyond it says 10,000 (the list's rule: no query counts a
// million rows). Results are the orders' headers and totals; responseGroup "Full" adds every
// document (take at most 50 then).
func (s *Server) apiSearchOrders(w http.ResponseWriter, r *http.Request) {
	var c searchCriteria
	if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "The body is not search criteria in JSON: " + err.Error()})
		return
	}
	req, bad := searchRequestOf(c, s.Now(), base.ViewerOf(base.State(r).User))
	if bad != nil {
		writeJSON(w, http.StatusBadRequest, *bad)
		return
	}
	n, more, results, err := s.searchResults(r, req)
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	if more {
		w.Header().Set("X-Total-Count-Capped", "true")
	}
	writeJSON(w, http.StatusOK, map[string]any{"totalCount": n, "results": results})
}

// searchRequest is a valid search: the list's query, the page asked for and whether each
// order comes whole.
type searchRequest struct {
	q          listing.Query
	skip, take int
	full       bool
}

// searchRequestOf checks c for who at now: the search, else the error to answer with.
func searchRequestOf(c searchCriteria, now time.Time, who listing.Viewer) (searchRequest, *apiError) {
	req := searchRequest{skip: c.Skip, take: 20, full: strings.Contains(strings.ToLower(c.ResponseGroup), "full")}
	if c.Take != nil {
		req.take = *c.Take
	}
	errs := map[string]string{}
	maxTake := 100
	if req.full {
		maxTake = 50
	}
	if req.take < 0 || req.take > maxTake {
		errs["take"] = "take must be between 0 and " + strconv.Itoa(maxTake)
	}
	if c.Skip < 0 || c.Skip > store.MaxSkip {
		errs["skip"] = "skip must be between 0 and 10000; narrow startDate/endDate to page further"
	}
	sortCol, desc, sortErr := searchSort(c.Sort, who.ShowPrices)
	if sortErr != "" {
		errs["sort"] = sortErr
	}
	if len(errs) > 0 {
		return req, &apiError{Message: "The search criteria are not valid; see errors.", Errors: errs}
	}
	q, probs := listing.Resolve(listing.Filter{Keyword: strings.TrimSpace(c.Keyword), Statuses: c.Statuses, StoreIDs: c.StoreIDs}, now, who)
	if len(probs) > 0 {
		return req, &apiError{Message: probs[0].Message, Errors: map[string]string{"keyword": probs[0].Message}}
	}
	q.CustomerIDs = c.CustomerIDs
	if c.StartDate != nil {
		q.CreatedFrom = c.StartDate.UTC()
	}
	if c.EndDate != nil {
		q.CreatedTo = c.EndDate.UTC()
	}
	q.Sort, q.Desc = sortCol, desc
	req.q = q
	return req, nil
}

// searchSort reads Virto's sort ("createdDate:desc;number": the first key counts) as a list
// column and direction, newest first when none is given; problem says why it cannot be used.
func searchSort(sort string, showPrices bool) (col string, desc bool, problem string) {
	if sort == "" {
		return "created", true, ""
	}
	first := strings.Split(sort, ";")[0]
	name, dir, _ := strings.Cut(first, ":")
	col, ok := virtoSortKeys[strings.ToLower(strings.TrimSpace(name))]
	switch {
	case !ok:
		problem = "sort by createdDate, number, total, status, customerName, storeName, currency or employeeName"
	case col == "total" && !showPrices:
		// The order of totals tells what the key may not read.
		problem = "sorting by total needs order:read_prices"
	}
	return col, strings.EqualFold(strings.TrimSpace(dir), "desc"), problem
}

// searchResults counts the orders req finds and reads its page of them, each whole when asked
// for, with what the caller may not read masked.
func (s *Server) searchResults(r *http.Request, req searchRequest) (n int, more bool, results []any, err error) {
	n, more, err = s.Store.CountOrders(r.Context(), req.q, base.CountLimit)
	if err != nil {
		return 0, false, nil, err
	}
	var found []*order.CustomerOrder
	if req.take > 0 {
		if found, err = s.Store.SearchOrders(r.Context(), req.q, req.skip, req.take); err != nil {
			return 0, false, nil, err
		}
	}
	results = make([]any, 0, len(found))
	for _, o := range found {
		var out any = o
		if req.full {
			if o, err = s.Store.Order(r.Context(), o.ID); err != nil {
				return 0, false, nil, err
			}
			// Only the whole order has the payments its balance comes from.
			out = withBalance(o)
		}
		v, err := visible(r, out)
		if err != nil {
			return 0, false, nil, err
		}
		results = append(results, v)
	}
	return n, more, results, nil
}
