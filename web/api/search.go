package api

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/web/base"
)

// searchCriteria is Virto's CustomerOrderSearchCriteria (with OrderOperationSearchCriteriaBase
// and SearchCriteriaBase), every field of it.
type searchCriteria struct {
	Keyword            string     `json:"keyword"`
	IDs                []string   `json:"ids"`
	OuterIDs           []string   `json:"outerIds"`
	Number             string     `json:"number"`
	Numbers            []string   `json:"numbers"`
	Status             string     `json:"status"`
	Statuses           []string   `json:"statuses"`
	StoreIDs           []string   `json:"storeIds"`
	CustomerID         string     `json:"customerId"`
	CustomerIDs        []string   `json:"customerIds"`
	EmployeeID         string     `json:"employeeId"`
	OrganizationID     string     `json:"organizationId"`
	OrganizationIDs    []string   `json:"organizationIds"`
	WithPrototypes     bool       `json:"withPrototypes"`
	OnlyRecurring      bool       `json:"onlyRecurring"`
	SubscriptionID     string     `json:"subscriptionId"`
	SubscriptionIDs    []string   `json:"subscriptionIds"`
	ProductID          string     `json:"productId"`
	PromotionID        string     `json:"promotionId"`
	PromotionIDs       []string   `json:"promotionIds"`
	HasParentOperation *bool      `json:"hasParentOperation"`
	ParentOperationID  string     `json:"parentOperationId"`
	OperationID        string     `json:"operationId"` // Virto's database search does not use it either
	StartDate          *time.Time `json:"startDate"`
	EndDate            *time.Time `json:"endDate"` // inclusive, as in Virto
	Sort               string     `json:"sort"`    // "createdDate:desc;number"
	Skip               int        `json:"skip"`
	Take               *int       `json:"take"`
	ResponseGroup      string     `json:"responseGroup"` // "Full" (Virto's default) loads every document of each order
}

// virtoSortKeys maps Virto's CustomerOrder property names to sortable columns.
var virtoSortKeys = map[string]string{
	"createddate": "created", "modifieddate": "modified", "number": "number", "status": "status",
	"customername": "customer", "customerid": "customerid", "storename": "store", "storeid": "storeid",
	"currency": "currency", "employeename": "assignee", "organizationname": "organization",
	"outerid": "outerid", "purchaseordernumber": "ponumber", "isapproved": "approved", "iscancelled": "cancelled",
	"total": "total", "subtotal": "subtotal", "taxtotal": "taxtotal", "discounttotal": "discounttotal",
	"shippingtotal": "shippingtotal",
}

// moneySortKeys tell what a key without order:read_prices may not read.
var moneySortKeys = map[string]bool{"total": true, "subtotal": true, "taxtotal": true, "discounttotal": true, "shippingtotal": true}

// with adds one more value to a list criterion (Virto's single-value twins: status, number…).
func with(list []string, one string) []string {
	if one = strings.TrimSpace(one); one == "" {
		return list
	}
	return append(slices.Clone(list), one)
}

// apiSearchOrders is Virto's POST /api/order/customerOrders/search: {totalCount, results}.
// totalCount is exact up to 10,000; beyond it says 10,000 (the list's rule: no query counts a
// million rows). Results are whole orders, as Virto's default response group (Full) gives them,
// read together (one query per table for the page), then reduced to the parts the response
// group names (order.ForRead); a group naming no document part (Default, WithPrices) reads
// headers and totals only.
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

// searchRequest is a valid search: the list's query, the page asked for, the response group
// and whether it needs each order whole.
type searchRequest struct {
	q          listing.Query
	skip, take int
	group      order.ResponseGroup
	full       bool
}

// searchRequestOf checks c for who at now: the search, else the error to answer with.
func searchRequestOf(c searchCriteria, now time.Time, who listing.Viewer) (searchRequest, *apiError) {
	group := order.ParseResponseGroup(c.ResponseGroup)
	req := searchRequest{skip: c.Skip, take: 20, group: group, full: group.NeedsDocuments()}
	if c.Take != nil {
		req.take = *c.Take
	}
	errs := map[string]string{}
	const maxTake = 100
	if req.take < 0 || req.take > maxTake {
		errs["take"] = "take must be between 0 and " + strconv.Itoa(maxTake)
	}
	if c.Skip < 0 || c.Skip > store.MaxSkip {
		errs["skip"] = "skip must be between 0 and 10000; narrow startDate/endDate to page further"
	}
	keys, sortErr := searchSort(c.Sort, who.ShowPrices)
	if sortErr != "" {
		errs["sort"] = sortErr
	}
	if len(errs) > 0 {
		return req, &apiError{Message: "The search criteria are not valid; see errors.", Errors: errs}
	}
	keyword := strings.TrimSpace(c.Keyword)
	numbers := with(c.Numbers, c.Number)
	if len(numbers) > 0 {
		keyword = "" // Virto: numbers given, the keyword is not used
	}
	q, probs := listing.Resolve(listing.Filter{Keyword: keyword, Statuses: with(c.Statuses, c.Status), StoreIDs: c.StoreIDs}, now, who)
	if len(probs) > 0 {
		return req, &apiError{Message: probs[0].Message, Errors: map[string]string{"keyword": probs[0].Message}}
	}
	q.CustomerIDs = with(c.CustomerIDs, c.CustomerID)
	q.IDs, q.OuterIDs, q.Numbers = c.IDs, append(slices.Clone(q.OuterIDs), c.OuterIDs...), numbers
	q.EmployeeID = strings.TrimSpace(c.EmployeeID)
	q.OrganizationIDs = with(c.OrganizationIDs, c.OrganizationID)
	q.SubscriptionIDs = with(c.SubscriptionIDs, c.SubscriptionID)
	q.OnlyRecurring, q.WithoutPrototypes = c.OnlyRecurring, !c.WithPrototypes
	q.ProductID = strings.TrimSpace(c.ProductID)
	q.PromotionIDs = with(c.PromotionIDs, c.PromotionID)
	q.HasParentOperation, q.ParentOperationID = c.HasParentOperation, strings.TrimSpace(c.ParentOperationID)
	if c.StartDate != nil {
		q.CreatedFrom = c.StartDate.UTC()
	}
	if c.EndDate != nil {
		q.CreatedTo = c.EndDate.UTC().Add(time.Microsecond) // Virto's end date is inclusive
	}
	q.Sort, q.Desc, q.ThenBy = keys[0].Column, keys[0].Desc, keys[1:]
	req.q = q
	return req, nil
}

// searchSort reads Virto's sort ("createdDate:desc;number": keys in order, ascending unless
// ":desc") as sortable columns, newest first when none is given; problem says why it cannot be
// used.
func searchSort(sort string, showPrices bool) (keys []listing.SortKey, problem string) {
	for part := range strings.SplitSeq(sort, ";") {
		name, dir, _ := strings.Cut(strings.TrimSpace(part), ":")
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		col, ok := virtoSortKeys[strings.ToLower(name)]
		switch {
		case !ok:
			return nil, "cannot sort by " + name + "; sort by createdDate, modifiedDate, number, status, customerName, customerId, " +
				"storeName, storeId, currency, employeeName, organizationName, outerId, purchaseOrderNumber, isApproved, isCancelled, " +
				"total, subTotal, taxTotal, discountTotal or shippingTotal"
		case moneySortKeys[col] && !showPrices:
			// The order of totals tells what the key may not read.
			return nil, "sorting by " + name + " needs order:read_prices"
		}
		keys = append(keys, listing.SortKey{Column: col, Desc: strings.EqualFold(strings.TrimSpace(dir), "desc")})
	}
	if len(keys) == 0 {
		keys = []listing.SortKey{{Column: "created", Desc: true}}
	}
	return keys, ""
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
	if req.full && len(found) > 0 {
		ids := make([]string, len(found))
		for i, o := range found {
			ids[i] = o.ID
		}
		if found, err = s.Store.OrdersWhole(r.Context(), ids); err != nil {
			return 0, false, nil, err
		}
	}
	results = make([]any, 0, len(found))
	for _, o := range found {
		out := apiOrderJSON{order: order.ForRead(o, req.group)}
		if req.full {
			// Only the whole order has the payments its balance comes from.
			out = wholeOrderJSON(o, req.group)
		}
		v, err := visibleAs(r, out, req.group)
		if err != nil {
			return 0, false, nil, err
		}
		results = append(results, v)
	}
	return n, more, results, nil
}
