package field

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	views "orderdesk/templates/field"
	"orderdesk/templates/layout"
	"orderdesk/web/base"
)

// workPageSize is how many shipments of the open queue the find page lists.
const workPageSize = 25

// maxMatches is how many orders a search lists before asking for more of the number.
const maxMatches = 10

// queueLabels are the work queues as the worker reads them.
var queueLabels = map[string]string{
	store.QueuePick: "Ready to pick", store.QueuePicked: "Picked",
	store.QueuePacked: "Packed", store.QueueDeliver: "To deliver",
}

// fieldFind finds an order by what was scanned or typed: one match opens it, several are
// listed with what is left to send (cancelled ones last). With nothing typed it shows the
// worker's queues.
func (s *Server) fieldFind(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	viewer := base.ViewerOf(base.State(r).User)
	v := views.Find{Query: q, UserID: base.State(r).User.ID}
	if q == "" {
		work, err := s.workList(r, viewer.Scope)
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		v.Work = &work
		s.Page(w, r, http.StatusOK, "Field", views.FindPage(v))
		return
	}
	lq, _ := listing.Resolve(listing.Filter{Keyword: q}, s.Now(), viewer)
	lq.PageSize = maxMatches
	page, err := s.Store.ListOrders(r.Context(), lq)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	if row, ok := base.SoleExactMatch(page.Rows); ok || len(page.Rows) == 1 {
		if !ok {
			row = page.Rows[0]
		}
		http.Redirect(w, r, "/field/orders/"+row.ID, http.StatusSeeOther)
		return
	}
	rows := slices.Clone(page.Rows)
	// Cancelled orders last; otherwise as the search ranked them (exact matches first).
	slices.SortStableFunc(rows, func(a, b store.ListRow) int { return boolRank(a.IsCancelled) - boolRank(b.IsCancelled) })
	ids := make([]string, len(rows))
	for i, row := range rows {
		ids[i] = row.ID
	}
	left, err := s.Store.ShipmentsLeftOf(r.Context(), ids)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	for _, row := range rows {
		v.Matches = append(v.Matches, views.Match{URL: "/field/orders/" + row.ID, Number: row.Number, Customer: row.CustomerName,
			Store: row.StoreName, Status: s.Store.Rules().Statuses.Label(order.TypeCustomerOrder, row.Status), Tone: layout.StatusTone(row.Status, row.IsCancelled),
			Left: leftToSend(row, left[row.ID]), Cancelled: row.IsCancelled})
	}
	v.More = page.Next != nil
	if len(v.Matches) == 0 {
		v.Problem = "Nothing matches " + q + ". Check the number, or scan again."
	}
	s.Page(w, r, http.StatusOK, "Field", views.FindPage(v))
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// leftToSend says what of an order is still to ship: "2 of 3 shipments to send".
func leftToSend(row store.ListRow, sh store.ShipmentsLeft) string {
	switch {
	case row.IsCancelled:
		return "Cancelled: nothing to send"
	case sh.Total == 0:
		return "No shipment yet"
	case sh.Sent == sh.Total:
		return map[bool]string{true: "Its shipment is sent", false: "All " + strconv.Itoa(sh.Total) + " shipments sent"}[sh.Total == 1]
	case sh.Total == 1:
		return "1 shipment to send"
	}
	return strconv.Itoa(sh.Total-sh.Sent) + " of " + strconv.Itoa(sh.Total) + " shipments to send"
}

// workList reads the worker's queues: every count (capped as the desk list's), and the open
// queue's first shipments in the order asked (oldest first by default: first in, first out).
func (s *Server) workList(r *http.Request, scope listing.Scope) (views.WorkList, error) {
	qv := r.URL.Query()
	open := qv.Get("queue")
	if _, ok := queueLabels[open]; !ok {
		open = store.QueuePick
	}
	newest := qv.Get("sort") == "newest"
	counts, more, err := s.Store.WorkCounts(r.Context(), scope, base.CountLimit)
	if err != nil {
		return views.WorkList{}, err
	}
	rows, err := s.Store.WorkList(r.Context(), open, scope, newest, workPageSize)
	if err != nil {
		return views.WorkList{}, err
	}
	link := func(queue string, newest bool) string {
		v := url.Values{"queue": {queue}}
		if newest {
			v.Set("sort", "newest")
		}
		return "/field?" + v.Encode()
	}
	wl := views.WorkList{Open: open, Label: queueLabels[open], NewestFirst: newest, Batch: open == store.QueuePick,
		OldestURL: link(open, false), NewestURL: link(open, true), Count: counts[open], More: more[open]}
	for _, q := range store.WorkQueues {
		wl.Queues = append(wl.Queues, views.Queue{Key: q, Label: queueLabels[q], Count: base.CountText(counts[q], more[q]),
			URL: link(q, newest), Current: q == open})
	}
	for _, row := range rows {
		wl.Rows = append(wl.Rows, views.WorkRow{OrderID: row.OrderID, URL: "/field/orders/" + row.OrderID + "#shipment-" + row.ShipmentID,
			Number: row.OrderNumber, Customer: row.CustomerName, Store: row.StoreName, Shipment: row.ShipmentNumber,
			ShipmentID: row.ShipmentID, Units: units(row.Units), Since: base.When(row.CreatedDate)})
	}
	return wl, nil
}

func units(n int) string {
	if n == 1 {
		return "1 unit"
	}
	return strconv.Itoa(n) + " units"
}
