package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"orderdesk/internal/auth"
	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
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
	take := 20
	if c.Take != nil {
		take = *c.Take
	}
	full := strings.Contains(strings.ToLower(c.ResponseGroup), "full")
	errs := map[string]string{}
	maxTake := 100
	if full {
		maxTake = 50
	}
	if take < 0 || take > maxTake {
		errs["take"] = "take must be between 0 and " + itoa(maxTake)
	}
	if c.Skip < 0 || c.Skip > store.MaxSkip {
		errs["skip"] = "skip must be between 0 and 10000; narrow startDate/endDate to page further"
	}
	sortCol, desc := "created", true
	if c.Sort != "" {
		first := strings.Split(c.Sort, ";")[0]
		name, dir, _ := strings.Cut(first, ":")
		col, ok := virtoSortKeys[strings.ToLower(strings.TrimSpace(name))]
		switch {
		case !ok:
			errs["sort"] = "sort by createdDate, number, total, status, customerName, storeName, currency or employeeName"
		case col == "total" && !state(r).user.Can(auth.OrderReadPrices):
			// The order of totals tells what the key may not read.
			errs["sort"] = "sorting by total needs order:read_prices"
		}
		sortCol, desc = col, strings.EqualFold(strings.TrimSpace(dir), "desc")
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, apiError{Message: "The search criteria are not valid; see errors.", Errors: errs})
		return
	}
	u := state(r).user
	q, probs := listing.Resolve(listing.Filter{Keyword: strings.TrimSpace(c.Keyword), Statuses: c.Statuses, StoreIDs: c.StoreIDs}, s.now(), viewerOf(u))
	if len(probs) > 0 {
		writeJSON(w, http.StatusBadRequest, apiError{Message: probs[0].Message, Errors: map[string]string{"keyword": probs[0].Message}})
		return
	}
	q.CustomerIDs = c.CustomerIDs
	if c.StartDate != nil {
		q.CreatedFrom = c.StartDate.UTC()
	}
	if c.EndDate != nil {
		q.CreatedTo = c.EndDate.UTC()
	}
	q.Sort, q.Desc = sortCol, desc

	n, more, err := s.store.CountOrders(r.Context(), q, countLimit)
	if err != nil {
		s.apiServerError(w, r, err)
		return
	}
	var found []*order.CustomerOrder
	if take > 0 {
		if found, err = s.store.SearchOrders(r.Context(), q, c.Skip, take); err != nil {
			s.apiServerError(w, r, err)
			return
		}
	}
	results := make([]any, 0, len(found))
	for _, o := range found {
		var out any = o
		if full {
			if o, err = s.store.Order(r.Context(), o.ID); err != nil {
				s.apiServerError(w, r, err)
				return
			}
			// Only the whole order has the payments its balance comes from.
			out = withBalance(o)
		}
		v, err := visible(r, out)
		if err != nil {
			s.apiServerError(w, r, err)
			return
		}
		results = append(results, v)
	}
	if more {
		w.Header().Set("X-Total-Count-Capped", "true")
	}
	writeJSON(w, http.StatusOK, map[string]any{"totalCount": n, "results": results})
}
