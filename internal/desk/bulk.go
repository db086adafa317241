package desk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/policy"
	"orderdesk/internal/store"
)

// The bulk actions a job can run, each on one order at a time through the same use case as a
// single edit (its own change set, the actor's permissions and scopes checked per order).
// Printing and the CSV export of a selection only read, so they are not jobs.
const (
	BulkStatus     = "status"      // set the order's status (not Cancelled: that is BulkCancel)
	BulkAssign     = "assign"      // assign the order to a person (or nobody)
	BulkCancel     = "cancel"      // cancel the order with a reason
	BulkAvaTax     = "avatax"      // send the order to AvaTax again
	BulkAddTags    = "tags-add"    // add tags by name (SetTagsOf)
	BulkRemoveTags = "tags-remove" // remove tags by name (SetTagsOf)
)

// BulkParams are what an action needs besides the reason.
type BulkParams struct {
	Status       string   `json:"status,omitempty"`
	AssigneeID   string   `json:"assigneeId,omitempty"`
	AssigneeName string   `json:"assigneeName,omitempty"`
	Tags         []string `json:"tags,omitempty"` // BulkAddTags, BulkRemoveTags
}

// Encode is the params as stored with the job.
func (p BulkParams) Encode() string {
	b, _ := json.Marshal(p)
	return string(b)
}

// ParseBulkParams reads params as stored with a job.
func ParseBulkParams(s string) (BulkParams, error) {
	var p BulkParams
	if s == "" {
		return p, nil
	}
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		return p, fmt.Errorf("desk: bulk params: %w", err)
	}
	return p, nil
}

// errSkip says an order already is as the action would leave it: nothing to save. Resuming a
// job after a restart meets these for the orders it saved just before it stopped.
type errSkip struct{ why string }

func (e errSkip) Error() string { return e.why }

// Bulk outcome messages.
const (
	msgNotInScope = "not found: it is outside your stores or assignments"
	msgFault      = "not saved: the server failed (see its log)"
)

// BulkApply runs job's action on one order for user (by is their actor). It answers the
// item's outcome (store.BulkDone, BulkFailed or BulkSkipped) and the message shown for it, in
// the domain's own words. A nil error with a failed outcome is a refusal; err is set only for a
// fault the caller should log.
func (d *Desk) BulkApply(ctx context.Context, by store.Actor, u auth.User, job store.BulkJob, orderID string, now time.Time) (outcome, message string, err error) {
	p, err := ParseBulkParams(job.Params)
	if err != nil {
		return store.BulkFailed, msgFault, fmt.Errorf("job %s: %w", job.ID, err)
	}
	o, err := d.store.Order(ctx, orderID)
	switch {
	case errors.Is(err, order.ErrNotFound):
		return store.BulkFailed, "not found: the order was deleted", nil
	case err != nil:
		return store.BulkFailed, msgFault, err
	case !u.InScope(o.StoreID, o.EmployeeID):
		return store.BulkFailed, msgNotInScope, nil
	}
	by.Reason = job.Reason
	err = d.applyOne(ctx, by, u, job.Action, p, o, now)
	var skip errSkip
	switch {
	case err == nil:
		return store.BulkDone, "", nil
	case errors.As(err, &skip):
		return store.BulkSkipped, skip.why, nil
	}
	if msg, ok := BulkMessage(err); ok {
		return store.BulkFailed, msg, nil
	}
	return store.BulkFailed, msgFault, err
}

func (d *Desk) applyOne(ctx context.Context, by store.Actor, u auth.User, action string, p BulkParams, o *order.CustomerOrder, now time.Time) error {
	switch action {
	case BulkStatus:
		_, _, err := d.Edit(ctx, by, o, SetStatus(p.Status))
		return err
	case BulkAssign:
		_, _, err := d.Edit(ctx, by, o, Assign(p.AssigneeID, p.AssigneeName))
		return err
	case BulkCancel:
		_, _, err := d.Edit(ctx, by, o, func(current, work *order.CustomerOrder) error {
			if current.IsCancelled {
				return errSkip{"already cancelled"}
			}
			if current.IsReadOnly() {
				return lockedError(current)
			}
			return CancelOrder(work, by.Reason, now)
		})
		return err
	case BulkAddTags, BulkRemoveTags:
		return d.bulkTags(ctx, by, action, p.Tags, o)
	case BulkAvaTax:
		if !u.Can(auth.TaxManage) {
			return &policy.ForbiddenChangeError{Missing: []auth.Permission{auth.TaxManage}}
		}
		n, err := d.store.QueueAvaTax(ctx, by, []string{o.ID})
		if err == nil && n == 0 {
			return errSkip{"its store does not use AvaTax"}
		}
		return err
	}
	return refuse("unknown bulk action %q", action)
}

// SetStatus is the status change of the order's header as a named change: a locked order
// (completed, cancelled) is refused as the header form refuses it, cancelling is its own
// change (CancelOrder asks for a reason and settles the payments), and the store's save checks
// the dictionary and the allowed moves.
func SetStatus(status string) Change {
	return func(current, work *order.CustomerOrder) error {
		switch {
		case current.IsReadOnly():
			return lockedError(current)
		case status == order.OrderCancelled:
			return refuse("cancel orders with Cancel, which asks for a reason")
		case current.Status == status:
			return errSkip{"already " + status}
		}
		work.Status = status
		return nil
	}
}

// Assign assigns the order to the person id names (name as shown), or to nobody when id is
// empty.
func Assign(id, name string) Change {
	return func(current, work *order.CustomerOrder) error {
		switch {
		case current.IsReadOnly():
			return lockedError(current)
		case current.EmployeeID == id:
			if id == "" {
				return errSkip{"already unassigned"}
			}
			return errSkip{"already assigned to " + name}
		}
		work.EmployeeID, work.EmployeeName = id, name
		if id == "" {
			work.EmployeeName = ""
		}
		return nil
	}
}

// CancelOrder cancels o with reason (Virto's cancel command) and carries out the payments'
// cancellations it asks for: the order page's Cancel and the bulk cancel.
func CancelOrder(o *order.CustomerOrder, reason string, now time.Time) error {
	before := o.Clone()
	if err := order.CancelOrder(o, reason, now); err != nil {
		return err
	}
	return SettleCancellations(before, o, now)
}

// lockedError refuses a change to a read-only order: "locked: completed".
func lockedError(o *order.CustomerOrder) error {
	state := strings.ToLower(o.Status)
	if o.IsCancelled && o.Status != order.OrderCancelled {
		state = "cancelled"
	}
	return &Refusal{Message: "locked: " + state}
}

// BulkMessage is what a result list says of a use case's refusal, in the domain's words;
// false when err is a fault instead.
func BulkMessage(err error) (string, bool) {
	var refusal *Refusal
	var forbidden *policy.ForbiddenChangeError
	var problems order.Problems
	switch {
	case errors.As(err, &refusal):
		return refusal.Message, true
	case errors.As(err, &forbidden):
		return "refused: " + forbidden.Error(), true
	case errors.As(err, &problems):
		if msg, ok := problems["reason"]; ok {
			return "needs a reason: " + msg, true
		}
		keys := slices.Sorted(maps.Keys(problems))
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + problems[k]
		}
		return "not saved: " + strings.Join(parts, "; "), true
	case errors.Is(err, order.ErrConflict):
		return "others kept changing it; nothing was saved", true
	case errors.Is(err, ErrGone):
		return "not saved: " + ErrGone.Error(), true
	case errors.Is(err, order.ErrAlreadyCancelled), errors.Is(err, order.ErrNotCancellable):
		return "not possible: " + err.Error(), true
	}
	return "", false
}

// BulkWorker runs bulk jobs in the server process, one at a time: the oldest queued job, or a
// running one whose lease ran out (its server stopped mid-way), which it resumes where it
// stopped. Every item's outcome is stored as it is reached, so a job resumed after a restart
// does only what was left; an order saved just before the stop is found already changed and
// counted as skipped.
type BulkWorker struct {
	Desk  *Desk
	Store *store.Store
	Log   *slog.Logger
	Now   func() time.Time
	// ActorOf is the author of the job's changes: the user who started it, with their
	// role's limits, as their own edit at the desk would be.
	ActorOf func(u auth.User, remoteAddr string) store.Actor
	Poll    time.Duration // how often to look for work; zero: every 2 s
	Lease   time.Duration // how long a job stays this worker's without progress; zero: 30 s

	wakeOnce sync.Once
	wakeCh   chan struct{}
}

func (w *BulkWorker) wake() chan struct{} {
	w.wakeOnce.Do(func() { w.wakeCh = make(chan struct{}, 1) })
	return w.wakeCh
}

func (w *BulkWorker) lease() time.Duration {
	if w.Lease <= 0 {
		return 30 * time.Second
	}
	return w.Lease
}

// Wake tells a running worker a job was queued.
func (w *BulkWorker) Wake() {
	select {
	case w.wake() <- struct{}{}:
	default:
	}
}

// Run takes and runs jobs until ctx ends.
func (w *BulkWorker) Run(ctx context.Context) {
	poll := w.Poll
	if poll <= 0 {
		poll = 2 * time.Second
	}
	for ctx.Err() == nil {
		if _, err := w.RunNext(ctx); err != nil && ctx.Err() == nil {
			w.Log.Error("bulk job", "err", err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(poll):
		case <-w.wake():
		}
	}
}

// RunNext claims and runs the next job that waits, if any, and says whether there was one.
func (w *BulkWorker) RunNext(ctx context.Context) (bool, error) {
	job, ok, err := w.Store.ClaimBulkJob(ctx, w.Now(), w.lease())
	if err != nil || !ok {
		return false, err
	}
	return true, w.RunJob(ctx, job)
}

// RunNow runs a job the caller just created and claims at once (a small selection, answered in
// the request); false when another worker holds it.
func (w *BulkWorker) RunNow(ctx context.Context, jobID string) (bool, error) {
	ok, err := w.Store.ClaimBulkJobByID(ctx, jobID, w.Now(), w.lease())
	if err != nil || !ok {
		return false, err
	}
	job, err := w.Store.BulkJob(ctx, jobID)
	if err != nil {
		return false, err
	}
	return true, w.RunJob(ctx, job)
}

// RunJob does what is left of a claimed job. When ctx ends it stops between two orders and
// leaves the rest pending, for the next worker once the lease runs out.
func (w *BulkWorker) RunJob(ctx context.Context, job store.BulkJob) error {
	u, err := w.Store.User(ctx, job.UserID)
	if errors.Is(err, auth.ErrNotFound) || (err == nil && u.DisabledAt != nil) {
		return w.Store.FinishBulkJob(ctx, job.ID, store.BulkInterrupted, "not done: the account that started the job is disabled")
	}
	if err != nil {
		return err
	}
	by := w.ActorOf(u, job.RemoteAddr)
	for {
		items, err := w.Store.PendingBulkItems(ctx, job.ID, 50)
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return w.Store.FinishBulkJob(ctx, job.ID, store.BulkFinished, "")
		}
		for _, it := range items {
			if ctx.Err() != nil {
				return nil // stopped: the rest waits for the next worker
			}
			outcome, msg, err := w.Desk.BulkApply(ctx, by, u, job, it.OrderID, w.Now())
			if ctx.Err() != nil {
				return nil // cut mid-way: the order is looked at again on resume
			}
			if err != nil {
				w.Log.Error("bulk job item", "job", job.ID, "order", it.OrderID, "err", err)
			}
			if err := w.Store.SettleBulkItem(context.WithoutCancel(ctx), job.ID, it.Position, outcome, msg, w.Now().Add(w.lease())); err != nil {
				return err
			}
		}
	}
}

// bulkTags adds or removes tags on one order through SetTagsOf. An order that already carries
// every tag to add (or none to remove) is skipped, not saved: resuming a job meets these.
func (d *Desk) bulkTags(ctx context.Context, by store.Actor, action string, tags []string, o *order.CustomerOrder) error {
	has := func(t string) bool { return o.HasTag(t) }
	if action == BulkAddTags {
		if !slices.ContainsFunc(tags, func(t string) bool { return !has(t) }) {
			return errSkip{"already tagged " + strings.Join(tags, ", ")}
		}
		_, err := d.SetTagsOf(ctx, by, o, tags, nil)
		return err
	}
	if !slices.ContainsFunc(tags, has) {
		return errSkip{"not tagged " + strings.Join(tags, ", ")}
	}
	_, err := d.SetTagsOf(ctx, by, o, nil, tags)
	return err
}
