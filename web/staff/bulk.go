package staff

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/ids"
	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/orderlist"
	"orderdesk/web/base"
)

// Bulk actions on the order list. The selection is the ticked rows, or every order the
// filter matches ("all N matching", up to the list's count limit); either way the server reads
// it again in the user's scopes, so an id outside them is simply not there. Changes run as a
// job, one order at a time through the same use case as a single edit (desk.BulkApply), each
// with its own change set and the user's permissions checked per order; a selection of at most
// bulkInline orders is done in the request, a larger one in the background (desk.BulkWorker).
// Printing and the CSV only read, and answer at once.

// bulkInline is the largest selection a change runs on in the request itself.
const bulkInline = 20

// bulkTickLimit bounds the ids one form may tick: a page holds at most 200 rows, and "all
// matching" selects more by the filter (Go's form parsing stops near a thousand fields).
const bulkTickLimit = 500

// bulkPrintLimit bounds how many orders one printable document holds.
const bulkPrintLimit = 200

// bulkJobActions are the actions that change orders, run as jobs, with their titles.
var bulkJobActions = map[string]string{
	desk.BulkStatus:     "Change status",
	desk.BulkAssign:     "Assign",
	desk.BulkCancel:     "Cancel orders",
	desk.BulkAvaTax:     "Send to AvaTax",
	desk.BulkAddTags:    "Add tags",
	desk.BulkRemoveTags: "Remove tags",
}

// bulkBar is the list's bulk-action bar for the signed-in user.
func (s *Server) bulkBar(ctx context.Context, lr listRequest, u *auth.User, count string) (*orderlist.BulkBar, error) {
	b := &orderlist.BulkBar{Count: count, CanUpdate: u.Can(auth.OrderUpdate), CanInvoice: u.Can(auth.OrderReadPrices),
		CanTax: lr.canManageTax, NeedsReason: desk.NeedsReason(s.Store.Rules().Reasons, desk.Cancelling)}
	if !b.CanUpdate {
		return b, nil
	}
	rules := s.Store.Rules().Statuses
	for _, st := range bulkStatuses(rules) {
		b.Statuses = append(b.Statuses, orderlist.Option{Value: st, Label: rules.Label(order.TypeCustomerOrder, st)})
	}
	people, err := s.assignees(ctx)
	if err != nil {
		return nil, err
	}
	b.Assignees = append([]orderlist.Option{{Value: "", Label: "Nobody"}}, people...)
	return b, nil
}

// bulkStatuses are the order statuses a bulk change offers: the dictionary's, without
// Cancelled (cancelling asks for a reason and settles payments: its own action). Whether an
// order may move to one is its own rule, checked on each order's save.
func bulkStatuses(rules order.StatusRules) []string {
	return slices.DeleteFunc(rules.Statuses(order.TypeCustomerOrder), func(st string) bool { return st == order.OrderCancelled })
}

// assignees are the staff an order can be assigned to: every account not disabled.
func (s *Server) assignees(ctx context.Context) ([]orderlist.Option, error) {
	users, err := s.Store.Users(ctx)
	if err != nil {
		return nil, fmt.Errorf("web: assignees: %w", err)
	}
	var out []orderlist.Option
	for _, u := range users {
		if u.DisabledAt == nil {
			out = append(out, orderlist.Option{Value: u.ID, Label: cmp.Or(u.Name, u.Email)})
		}
	}
	return out, nil
}

// bulkSelection is the query that selects what the form names, in the user's scopes: the
// ticked ids, or with all=1 the filter sent in query. A message says what is wrong.
func (s *Server) bulkSelection(r *http.Request) (listing.Query, []string, string) {
	viewer := base.ViewerOf(base.State(r).User)
	if r.PostForm.Get("all") == "1" {
		vals, err := url.ParseQuery(r.PostForm.Get("query"))
		if err != nil {
			return listing.Query{}, nil, "The filter sent with the form cannot be read. Reload the list and try again."
		}
		f := listing.FromValues(vals)
		q, probs := listing.Resolve(f, s.Now(), viewer)
		if len(probs) > 0 {
			return listing.Query{}, nil, "The filter has a problem: " + probs[0].Message
		}
		q.After, q.Before = nil, nil
		return q, shownColumns(f, viewer.ShowPrices), ""
	}
	var picked []string
	for _, id := range r.PostForm["id"] {
		if ids.Valid(id) && !slices.Contains(picked, id) {
			picked = append(picked, id)
		}
	}
	if len(picked) == 0 {
		return listing.Query{}, nil, "Tick the orders to act on first, or tick “All matching this filter”."
	}
	if len(picked) > bulkTickLimit {
		return listing.Query{}, nil, fmt.Sprintf("At most %s orders can be ticked at once; for more, tick “All matching this filter”.", countText(bulkTickLimit, false))
	}
	q, _ := listing.Resolve(listing.Filter{}, s.Now(), viewer)
	q.IDs = picked
	return q, shownColumns(listing.Filter{}, viewer.ShowPrices), ""
}

// errTooMany stops reading a selection past the count limit.
var errTooMany = errors.New("selection too large")

// bulkTargets reads the orders q selects, at most limit of them (more: refused).
func (s *Server) bulkTargets(ctx context.Context, q listing.Query, limit int) ([]store.BulkTarget, error) {
	var out []store.BulkTarget
	err := s.Store.EachOrder(ctx, q, func(row store.ListRow) error {
		if len(out) == limit {
			return errTooMany
		}
		out = append(out, store.BulkTarget{ID: row.ID, Number: row.Number})
		return nil
	})
	return out, err
}

// bulkBack is the list the form was sent from (its filter kept), or the plain list.
func bulkBack(r *http.Request) string {
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Path == "/orders" {
		return ref.RequestURI()
	}
	return "/orders"
}

// bulkAction is the bulk bar's form: one action on the selection.
func (s *Server) bulkAction(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Unreadable form", "The form could not be read. Reload the list and try again.")
		return
	}
	u := base.State(r).User
	action := r.PostForm.Get("action")
	_, isJob := bulkJobActions[action]
	switch {
	case action == "invoices" && !u.Can(auth.OrderReadPrices):
		s.Forbidden(w, r) // invoices show prices
		return
	case !isJob && action != "invoices" && action != "slips" && action != "csv":
		s.ErrorPage(w, r, http.StatusBadRequest, "Unknown action", "Pick one of the actions under the list.")
		return
	}
	params, reason, msg := s.bulkParams(r, action)
	if msg != "" {
		s.ErrorPage(w, r, http.StatusUnprocessableEntity, "This action cannot start", msg)
		return
	}
	q, cols, msg := s.bulkSelection(r)
	if msg != "" {
		s.ErrorPage(w, r, http.StatusUnprocessableEntity, "Nothing to act on", msg)
		return
	}
	if action == "csv" {
		n, more, err := s.Store.CountOrders(r.Context(), q, base.CountLimit)
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		s.writeOrdersCSV(w, r, q, cols, countText(n, more), r.PostForm.Get("bom") == "1")
		return
	}
	limit := base.CountLimit
	if !isJob {
		limit = bulkPrintLimit
	}
	targets, err := s.bulkTargets(r.Context(), q, limit)
	switch {
	case errors.Is(err, errTooMany):
		s.ErrorPage(w, r, http.StatusUnprocessableEntity, "Too many orders",
			fmt.Sprintf("This action takes at most %s orders at once; narrow the filter or tick fewer.", countText(limit, false)))
		return
	case err != nil:
		s.ServerError(w, r, err)
		return
	case len(targets) == 0:
		s.ErrorPage(w, r, http.StatusUnprocessableEntity, "Nothing to act on", "None of these orders is in your stores or assignments any more.")
		return
	}
	if !isJob {
		s.bulkPrint(w, r, action, targets)
		return
	}
	job := &store.BulkJob{UserID: u.ID, Action: action, Params: params.Encode(), Reason: reason, RemoteAddr: s.ClientAddr(r)}
	if err := s.Store.CreateBulkJob(r.Context(), s.Actor(r), job, targets); err != nil {
		s.ServerError(w, r, err)
		return
	}
	if len(targets) <= bulkInline {
		if _, err := s.Bulk.RunNow(r.Context(), job.ID); err != nil {
			s.ServerError(w, r, err)
			return
		}
	} else {
		s.Bulk.Wake()
	}
	http.Redirect(w, r, "/bulk-jobs/"+job.ID, http.StatusSeeOther)
}

// bulkParams reads and checks what action needs: a status the dictionary offers, a person who
// may be assigned, a reason where cancelling needs one.
func (s *Server) bulkParams(r *http.Request, action string) (desk.BulkParams, string, string) {
	var p desk.BulkParams
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	if len(reason) > 1000 {
		return p, "", "The reason is longer than 1000 characters."
	}
	switch action {
	case desk.BulkStatus:
		p.Status = r.PostForm.Get("status")
		if !slices.Contains(bulkStatuses(s.Store.Rules().Statuses), p.Status) {
			return p, "", "Pick one of the statuses offered (cancel orders with Cancel orders)."
		}
	case desk.BulkAssign:
		p.AssigneeID = r.PostForm.Get("assignee")
		if p.AssigneeID == "" {
			break
		}
		people, err := s.assignees(r.Context())
		if err != nil {
			return p, "", "The list of people could not be read; try again."
		}
		i := slices.IndexFunc(people, func(o orderlist.Option) bool { return o.Value == p.AssigneeID })
		if i < 0 {
			return p, "", "Pick one of the people offered."
		}
		p.AssigneeName = people[i].Label
	case desk.BulkAddTags, desk.BulkRemoveTags:
		// Several names are separated by commas; each is checked as the order page checks it.
		var names []string
		for _, raw := range strings.Split(r.PostForm.Get("tags"), ",") {
			if strings.TrimSpace(raw) != "" {
				names = append(names, raw)
			}
		}
		if len(names) == 0 {
			return p, "", "Name the tags to add or remove (several: separate them with commas)."
		}
		clean, err := order.CleanTags(names)
		if err != nil {
			var bad *order.TagError
			if errors.As(err, &bad) {
				return p, "", "Tags: " + bad.Problems["tags"] + "."
			}
			return p, "", err.Error()
		}
		p.Tags = clean
	case desk.BulkCancel:
		if reason == "" && desk.NeedsReason(s.Store.Rules().Reasons, desk.Cancelling) {
			return p, "", "Say why the orders are cancelled: cancelling needs a reason."
		}
	}
	return p, reason, ""
}

// bulkPrint answers the selection's invoices or packing slips as one document.
func (s *Server) bulkPrint(w http.ResponseWriter, r *http.Request, action string, targets []store.BulkTarget) {
	v := orderlist.BulkPrint{What: "packing slips", Back: bulkBack(r)}
	if action == "invoices" {
		v.What = "invoices"
	}
	u := base.State(r).User
	for _, t := range targets {
		o, err := s.Store.Order(r.Context(), t.ID)
		if base.IsNotFound(err) || (err == nil && !u.InScope(o.StoreID, o.EmployeeID)) {
			continue // gone or moved out of scope since the selection was read
		}
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		if action == "invoices" {
			v.Invoices = append(v.Invoices, s.invoiceView(r, o))
			continue
		}
		slips := packingSlipsView(o, "", s.Store.Rules().Statuses)
		if len(slips.Slips) == 0 {
			v.Notes = append(v.Notes, o.Number+" has no packing slip to print: every shipment of it is cancelled.")
			continue
		}
		slips.PrintedAt, slips.PrintedBy = base.When(s.Now()), u.Name
		v.Slips = append(v.Slips, slips)
	}
	title := fmt.Sprintf("%d %s", len(targets), v.What)
	s.Page(w, r, http.StatusOK, title, orderlist.BulkPrintView(v))
}

// ownJob loads a job the signed-in user started; anyone else's is "not found".
func (s *Server) ownJob(w http.ResponseWriter, r *http.Request) (store.BulkJob, bool) {
	id := r.PathValue("id")
	if !ids.Valid(id) {
		s.NotFound(w, r)
		return store.BulkJob{}, false
	}
	job, err := s.Store.BulkJob(r.Context(), id)
	switch {
	case errors.Is(err, store.ErrBulkJobNotFound) || (err == nil && job.UserID != base.State(r).User.ID):
		s.NotFound(w, r)
		return store.BulkJob{}, false
	case err != nil:
		s.ServerError(w, r, err)
		return store.BulkJob{}, false
	}
	return job, true
}

// bulkProblemLimit bounds the result list shown; the counts still cover every order.
const bulkProblemLimit = 500

// bulkJobView is a job as its page shows it.
func (s *Server) bulkJobView(ctx context.Context, job store.BulkJob, withItems bool) (orderlist.BulkJobPage, error) {
	rules := s.Store.Rules().Statuses
	title := bulkJobActions[job.Action]
	p, _ := desk.ParseBulkParams(job.Params) // a job's own params; unreadable ones title as the action
	switch job.Action {
	case desk.BulkStatus:
		title = "Change status to " + rules.Label(order.TypeCustomerOrder, p.Status)
	case desk.BulkAssign:
		title = "Assign to " + cmp.Or(p.AssigneeName, "nobody")
	}
	v := orderlist.BulkJobPage{ID: job.ID, Title: title + " · " + strconv.Itoa(job.Total) + " orders", State: job.State,
		StateLabel: map[string]string{store.BulkQueued: "Waiting", store.BulkRunning: "Running",
			store.BulkFinished: "Finished", store.BulkInterrupted: "Interrupted"}[job.State],
		Total: job.Total, Done: job.Done, Failed: job.Failed, Skipped: job.Skipped,
		Running: job.State == store.BulkQueued || job.State == store.BulkRunning, Back: "/orders"}
	if job.StartedAt != nil {
		v.Started = base.When(*job.StartedAt)
	} else {
		v.Started = base.When(job.CreatedAt)
	}
	if job.FinishedAt != nil {
		v.Finished = base.When(*job.FinishedAt)
	}
	if !withItems {
		return v, nil
	}
	for _, outcome := range []string{store.BulkFailed, store.BulkSkipped} {
		items, err := s.Store.BulkItems(ctx, job.ID, outcome, bulkProblemLimit)
		if err != nil {
			return v, err
		}
		for _, it := range items {
			v.Problems = append(v.Problems, orderlist.BulkItem{OrderID: it.OrderID, Number: it.OrderNumber, Outcome: it.Outcome, Message: it.Message})
		}
	}
	v.MoreProblems = job.Failed + job.Skipped - len(v.Problems)
	return v, nil
}

// bulkJobPage shows a job's progress and results.
func (s *Server) bulkJobPage(w http.ResponseWriter, r *http.Request) {
	job, ok := s.ownJob(w, r)
	if !ok {
		return
	}
	v, err := s.bulkJobView(r.Context(), job, true)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.Page(w, r, http.StatusOK, v.Title, orderlist.BulkJobView(v))
}

// bulkProgress is the part of the job page htmx polls.
func (s *Server) bulkProgress(w http.ResponseWriter, r *http.Request) {
	job, ok := s.ownJob(w, r)
	if !ok {
		return
	}
	v, err := s.bulkJobView(r.Context(), job, true)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.Render(w, r, http.StatusOK, orderlist.BulkProgress(v))
}

// bulkJobsPage lists the signed-in user's latest jobs (each user sees only their own).
func (s *Server) bulkJobsPage(w http.ResponseWriter, r *http.Request) {
	jobs, err := s.Store.BulkJobsOf(r.Context(), base.State(r).User.ID, 50)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	var p orderlist.BulkJobsPage
	for _, j := range jobs {
		v, err := s.bulkJobView(r.Context(), j, false)
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		p.Jobs = append(p.Jobs, v)
	}
	s.Page(w, r, http.StatusOK, "Bulk jobs", orderlist.BulkJobsView(p))
}
