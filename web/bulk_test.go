package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// bulkServer is a desk with 60 demo orders and a manager, a clerk and a viewer.
func bulkServer(t *testing.T) (*testenv.Server, []demo.Order) {
	t.Helper()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	srv.CreateUser(t, "viewer@example.com", auth.RoleViewer)
	return srv, srv.SeedDemo(t, 11, 60)
}

// bulkPost sends the list's bulk form.
func (c *client) bulkPost(action string, ids []string, extra url.Values) response {
	c.t.Helper()
	form := url.Values{"gorilla.csrf.Token": {c.token("/orders")}, "action": {action}, "id": ids}
	for k, v := range extra {
		form[k] = v
	}
	return c.post("/orders/bulk", form)
}

// editable are n orders a status change can act on (not locked, not already in status), and
// one locked (completed) order.
func editable(t *testing.T, srv *testenv.Server, orders []demo.Order, status string, n int) (open []*order.CustomerOrder, locked *order.CustomerOrder) {
	t.Helper()
	for _, d := range orders {
		o := d.Order
		switch {
		case o.Status == order.OrderCompleted && !o.IsCancelled && locked == nil:
			locked = o
		case !o.IsReadOnly() && o.Status != status && len(open) < n:
			open = append(open, o)
		}
	}
	if len(open) < n {
		t.Fatalf("only %d editable orders in the demo data", len(open))
	}
	if locked == nil {
		// No completed order among these: complete one through the store, as a manager would.
		o, err := srv.Store.Order(context.Background(), orders[len(orders)-1].Order.ID)
		if err != nil {
			t.Fatal(err)
		}
		o.Status = order.OrderCompleted
		if err := srv.Store.SaveOrder(context.Background(), store.Actor{Label: "test", Source: store.SourceSystem}, o); err != nil {
			t.Fatal(err)
		}
		locked = o
	}
	return open, locked
}

func idsOf(orders []*order.CustomerOrder) []string {
	var out []string
	for _, o := range orders {
		out = append(out, o.ID)
	}
	return out
}

func jobOf(t *testing.T, srv *testenv.Server, res response) store.BulkJob {
	t.Helper()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/bulk-jobs/") {
		t.Fatalf("bulk post: %d → %q\n%s", res.StatusCode, loc, res.body)
	}
	job, err := srv.Store.BulkJob(context.Background(), strings.TrimPrefix(loc, "/bulk-jobs/"))
	if err != nil {
		t.Fatal(err)
	}
	return job
}

// TestBulkStatusChangeReportsTheLockedOrder: a status change on six ticked orders, one of them
// completed, saves the five each in one change set of the manager's, and names the locked one
// on the result page with the domain's words; the counts add up to the total.
func TestBulkStatusChangeReportsTheLockedOrder(t *testing.T) {
	t.Parallel()
	srv, orders := bulkServer(t)
	ctx := context.Background()
	open, locked := editable(t, srv, orders, order.OrderProcessing, 5)
	m := newClient(t, srv)
	m.mustLogin("manager@example.com")
	if list := m.get("/orders"); !list.has(`form#bulk[method=post][action="/orders/bulk"]`) || !list.has(`button[form=bulk][name=action][value=status]`) {
		t.Error("the list's bulk buttons do not post to /orders/bulk")
	}
	res := m.bulkPost("status", append(idsOf(open), locked.ID), url.Values{"status": {order.OrderProcessing}})
	job := jobOf(t, srv, res)
	if job.State != store.BulkFinished || job.Total != 6 || job.Done != 5 || job.Failed != 1 || job.Skipped != 0 {
		t.Fatalf("job (6 orders, run in the request): %+v", job)
	}
	for _, o := range open {
		now, err := srv.Store.Order(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if now.Status != order.OrderProcessing || now.Version != o.Version+1 {
			t.Errorf("%s: status %q version %d, want Processing at %d (one save)", o.Number, now.Status, now.Version, o.Version+1)
		}
		sets, err := srv.Store.OrderHistory(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := sets[len(sets)-1]
		if last.ActorLabel != "manager@example.com" || last.Version != now.Version {
			t.Errorf("%s: last change set %+v, want the manager's at version %d", o.Number, last, now.Version)
		}
	}
	if now, _ := srv.Store.Order(ctx, locked.ID); now.Status != order.OrderCompleted || now.Version != locked.Version {
		t.Errorf("the locked order changed: %q v%d", now.Status, now.Version)
	}
	page := m.get("/bulk-jobs/" + job.ID)
	if page.StatusCode != http.StatusOK {
		t.Fatalf("job page: %d", page.StatusCode)
	}
	if got := page.text("[data-testid=bulk-problems] li"); !strings.Contains(got, locked.Number+" — locked: completed") {
		t.Errorf("result list %q does not name %s as locked", got, locked.Number)
	}
	if page.text("[data-testid=bulk-done]") != "5" || page.text("[data-testid=bulk-failed]") != "1" || page.text("[data-testid=bulk-total]") != "6" {
		t.Errorf("counts on the page: done %q failed %q total %q", page.text("[data-testid=bulk-done]"),
			page.text("[data-testid=bulk-failed]"), page.text("[data-testid=bulk-total]"))
	}
	if page.has("[data-testid=bulk-progress][hx-trigger]") {
		t.Error("a finished job still polls")
	}
	// Another user cannot see it, not even a manager's colleague with the same role.
	srv.CreateUser(t, "manager2@example.com", auth.RoleManager)
	other := newClient(t, srv)
	other.mustLogin("manager2@example.com")
	for _, path := range []string{"/bulk-jobs/" + job.ID, "/bulk-jobs/" + job.ID + "/progress"} {
		if res := other.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("another user GET %s: %d, want 404", path, res.StatusCode)
		}
	}
	if other.get("/bulk-jobs").has("[data-testid=bulk-job]") {
		t.Error("another user's job list shows the manager's job")
	}
	if !m.get("/bulk-jobs").has("[data-testid=bulk-job]") {
		t.Error("the manager's job list is empty")
	}
}

// TestBulkRefusesPerOrder: a viewer (no order:update) and a clerk sending to AvaTax (no
// tax:manage) get every order refused with the permission named, nothing saved.
func TestBulkRefusesPerOrder(t *testing.T) {
	t.Parallel()
	srv, orders := bulkServer(t)
	ctx := context.Background()
	open, _ := editable(t, srv, orders, order.OrderProcessing, 3)
	v := newClient(t, srv)
	v.mustLogin("viewer@example.com")
	if v.get("/orders").has(`[name=action][value=status]`) {
		t.Error("a viewer is offered a status change")
	}
	job := jobOf(t, srv, v.bulkPost("status", idsOf(open), url.Values{"status": {order.OrderProcessing}}))
	if job.Failed != 3 || job.Done != 0 {
		t.Fatalf("viewer's job: %+v", job)
	}
	items, err := srv.Store.BulkItems(ctx, job.ID, store.BulkFailed, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if !strings.Contains(it.Message, "order:update") {
			t.Errorf("%s: %q does not name order:update", it.OrderNumber, it.Message)
		}
	}
	for _, o := range open {
		if now, _ := srv.Store.Order(ctx, o.ID); now.Version != o.Version {
			t.Errorf("%s was saved for a viewer", o.Number)
		}
	}
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	if c.get("/orders").has(`[name=action][value=avatax]`) {
		t.Error("a clerk (no tax:manage) is offered Send to AvaTax")
	}
	job = jobOf(t, srv, c.bulkPost("avatax", idsOf(open), nil))
	items, _ = srv.Store.BulkItems(ctx, job.ID, store.BulkFailed, 10)
	if job.Failed != 3 || len(items) != 3 || !strings.Contains(items[0].Message, "tax:manage") {
		t.Errorf("clerk's AvaTax job: %+v %+v", job, items)
	}
	// Bad input is answered 422 before anything is queued.
	for name, form := range map[string]url.Values{
		"cancel without a reason": {"action": {"cancel"}},
		"status Cancelled":        {"action": {"status"}, "status": {order.OrderCancelled}},
		"unknown assignee":        {"action": {"assign"}, "assignee": {"01ARZ3NDEKTSV4RRFFQ69G5FAV"}},
		"nothing ticked":          {"action": {"status"}, "status": {order.OrderProcessing}, "id": nil},
	} {
		ids := idsOf(open)
		if _, ok := form["id"]; ok {
			ids = nil
		}
		m := newClient(t, srv)
		m.mustLogin("manager@example.com")
		if res := m.bulkPost(form.Get("action"), ids, form); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", name, res.StatusCode)
		}
	}
	// Without the CSRF token the form is refused.
	res := c.post("/orders/bulk", url.Values{"action": {"csv"}, "id": idsOf(open)})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("bulk post without a CSRF token: %d, want 403", res.StatusCode)
	}
}

// TestBulkSelectionKeepsToScope: a clerk limited to one store acts only on its orders, whether
// ticking ids of other stores or ticking "all matching"; an order moved out of scope before the
// job reaches it is reported, not changed.
func TestBulkSelectionKeepsToScope(t *testing.T) {
	t.Parallel()
	srv, orders := bulkServer(t)
	ctx := context.Background()
	clerk, err := srv.Store.UserByEmail(ctx, "clerk@example.com")
	if err != nil {
		t.Fatal(err)
	}
	home := orders[0].Order.StoreID
	if err := srv.Store.SetUserScope(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, clerk.ID, []string{home}, false); err != nil {
		t.Fatal(err)
	}
	var inside, outside []*order.CustomerOrder
	for _, d := range orders {
		if d.Order.StoreID == home {
			inside = append(inside, d.Order)
		} else {
			outside = append(outside, d.Order)
		}
	}
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	// Only orders of other stores ticked: nothing to act on.
	if res := c.bulkPost("status", idsOf(outside[:3]), url.Values{"status": {order.OrderProcessing}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("out-of-scope ids only: %d, want 422", res.StatusCode)
	}
	// "All matching" with no filter: the clerk's store only (more than 20: a background job).
	res := c.bulkPost("assign", nil, url.Values{"all": {"1"}, "query": {""}, "assignee": {""}})
	job := jobOf(t, srv, res)
	if job.Total != len(inside) {
		t.Errorf("all matching in scope: total %d, want %d orders of %s", job.Total, len(inside), home)
	}
	items, _ := srv.Store.BulkItems(ctx, job.ID, "", 100)
	for _, it := range items {
		o, _ := srv.Store.Order(ctx, it.OrderID)
		if o.StoreID != home {
			t.Errorf("the job holds %s of store %s", it.OrderNumber, o.StoreID)
		}
	}
	// Ticked ids: a mix keeps the in-scope ones.
	mixed := append(idsOf(inside[:2]), idsOf(outside[:2])...)
	job = jobOf(t, srv, c.bulkPost("status", mixed, url.Values{"status": {order.OrderProcessing}}))
	if job.Total != 2 {
		t.Errorf("mixed ticks: total %d, want 2", job.Total)
	}
	// The scope narrows after a job was queued: the worker refuses the orders now outside it.
	queued := &store.BulkJob{UserID: clerk.ID, Action: "assign", Params: `{"assigneeId":"` + clerk.ID + `"}`}
	var targets []store.BulkTarget
	for _, o := range inside {
		targets = append(targets, store.BulkTarget{ID: o.ID, Number: o.Number})
	}
	if err := srv.Store.CreateBulkJob(ctx, store.Actor{UserID: clerk.ID, Label: clerk.Email, Source: store.SourceDesk}, queued, targets); err != nil {
		t.Fatal(err)
	}
	other := outside[0].StoreID
	if err := srv.Store.SetUserScope(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, clerk.ID, []string{other}, false); err != nil {
		t.Fatal(err)
	}
	for {
		ran, err := srv.Web.Bulk.RunNext(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !ran {
			break
		}
	}
	after, _ := srv.Store.BulkJob(ctx, queued.ID)
	failed, _ := srv.Store.BulkItems(ctx, queued.ID, store.BulkFailed, 100)
	if after.Failed != len(inside) || len(failed) != len(inside) || !strings.Contains(failed[0].Message, "outside your stores") {
		t.Errorf("after the scope moved: %+v, first failure %+v", after, failed)
	}
}

// TestBulkJobResumesAfterARestart: a background job a stopped server left running — some
// orders recorded, one saved but not recorded — is taken over once its lease runs out and
// finished: every order changed once, the counts add up, the unrecorded one counts as skipped.
func TestBulkJobResumesAfterARestart(t *testing.T) {
	t.Parallel()
	srv, orders := bulkServer(t)
	ctx := context.Background()
	open, _ := editable(t, srv, orders, order.OrderPending, 25)
	m := newClient(t, srv)
	m.mustLogin("manager@example.com")
	job := jobOf(t, srv, m.bulkPost("status", idsOf(open), url.Values{"status": {order.OrderPending}}))
	if job.State != store.BulkQueued || job.Total != 25 {
		t.Fatalf("25 orders wait for the worker: %+v", job)
	}
	page := m.get("/bulk-jobs/" + job.ID)
	if !page.has(`[data-testid=bulk-progress][hx-trigger="every 1s"]`) || !strings.Contains(page.body, `<noscript><meta http-equiv="refresh" content="3"></noscript>`) {
		t.Error("a waiting job's page neither polls nor refreshes")
	}
	// The first server claims it, does five orders, saves a sixth and stops before recording it.
	w := srv.Web.Bulk
	claimed, ok, err := srv.Store.ClaimBulkJob(ctx, srv.Clock.Now(), 30*time.Second)
	if err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	manager, _ := srv.Store.UserByEmail(ctx, "manager@example.com")
	by := w.ActorOf(manager, "")
	items, _ := srv.Store.PendingBulkItems(ctx, job.ID, 6)
	for i, it := range items {
		outcome, msg, err := w.Desk.BulkApply(ctx, by, manager, claimed, it.OrderID, srv.Clock.Now())
		if err != nil || outcome != store.BulkDone {
			t.Fatalf("%s: %s %s %v", it.OrderNumber, outcome, msg, err)
		}
		if i < 5 {
			if err := srv.Store.SettleBulkItem(ctx, job.ID, it.Position, outcome, msg, srv.Clock.Now().Add(30*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Restarted within the lease: the job is still the first server's.
	if ran, err := w.RunNext(ctx); err != nil || ran {
		t.Fatalf("a leased job was taken: %v %v", ran, err)
	}
	srv.Clock.Advance(31 * time.Second)
	if ran, err := w.RunNext(ctx); err != nil || !ran {
		t.Fatalf("the job left running was not resumed: %v %v", ran, err)
	}
	after, _ := srv.Store.BulkJob(ctx, job.ID)
	if after.State != store.BulkFinished || after.Done != 24 || after.Skipped != 1 || after.Failed != 0 || after.Settled() != after.Total {
		t.Errorf("resumed job: %+v, want 24 done and 1 skipped of 25", after)
	}
	skipped, _ := srv.Store.BulkItems(ctx, job.ID, store.BulkSkipped, 5)
	if len(skipped) != 1 || skipped[0].OrderID != items[5].OrderID || skipped[0].Message != "already Pending" {
		t.Errorf("skipped: %+v, want %s already Pending", skipped, items[5].OrderNumber)
	}
	for _, o := range open {
		if now, _ := srv.Store.Order(ctx, o.ID); now.Status != order.OrderPending || now.Version != o.Version+1 {
			t.Errorf("%s: %q v%d, want Pending saved once (v%d)", o.Number, now.Status, now.Version, o.Version+1)
		}
	}
	// A job whose starter was disabled meanwhile is interrupted, the rest skipped, not hidden.
	job2 := jobOf(t, srv, m.bulkPost("status", idsOf(open), url.Values{"status": {order.OrderProcessing}, "all": nil}))
	if err := srv.Store.SetUserDisabled(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, manager.ID, true); err != nil {
		t.Fatal(err)
	}
	if ran, err := w.RunNext(ctx); err != nil || !ran {
		t.Fatalf("run: %v %v", ran, err)
	}
	after, _ = srv.Store.BulkJob(ctx, job2.ID)
	if after.State != store.BulkInterrupted || after.Skipped != 25 || after.Settled() != after.Total {
		t.Errorf("a disabled starter's job: %+v", after)
	}
}

// TestBulkCSVAndPrintOfASelection: the CSV of ticked orders holds them and only them; "all
// matching" exports the filter's orders; packing slips and invoices print one document.
func TestBulkCSVAndPrintOfASelection(t *testing.T) {
	t.Parallel()
	srv, orders := bulkServer(t)
	m := newClient(t, srv)
	m.mustLogin("manager@example.com")
	var picked []*order.CustomerOrder
	for _, d := range orders {
		if !d.Order.IsCancelled && len(picked) < 3 {
			picked = append(picked, d.Order)
		}
	}
	res := m.bulkPost("csv", idsOf(picked), nil)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(res.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("csv of 3 ticked orders has %d lines", len(rows))
	}
	for _, o := range picked {
		if !strings.Contains(res.body, o.Number) {
			t.Errorf("csv lacks %s", o.Number)
		}
	}
	want := 0
	for _, d := range orders {
		if d.Order.Status == order.OrderNew {
			want++
		}
	}
	res = m.bulkPost("csv", nil, url.Values{"all": {"1"}, "query": {"status=New"}})
	rows, _ = csv.NewReader(strings.NewReader(res.body)).ReadAll()
	if len(rows)-1 != want {
		t.Errorf("csv of all New: %d rows, want %d", len(rows)-1, want)
	}
	res = m.bulkPost("slips", idsOf(picked), nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("slips: %d", res.StatusCode)
	}
	for _, o := range picked {
		if !strings.Contains(res.text("[data-testid=bulk-print]"), o.Number) {
			t.Errorf("packing slips lack %s", o.Number)
		}
	}
	if res.count("[data-testid=bulk-print] [data-testid=packing-slip]") < 3 {
		t.Errorf("%d packing slips for 3 orders", res.count("[data-testid=packing-slip]"))
	}
	res = m.bulkPost("invoices", idsOf(picked), nil)
	if n := res.count("[data-testid=bulk-print] [data-testid=invoice]"); res.StatusCode != http.StatusOK || n != 3 {
		t.Errorf("invoices: %d with %d invoices, want 3", res.StatusCode, n)
	}
	// Field staff may not see prices: no invoices for them.
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	f := newClient(t, srv)
	f.mustLogin("field@example.com")
	if res := f.bulkPost("invoices", idsOf(picked), nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("invoices for field staff: %d, want 403", res.StatusCode)
	}
	// Printing is bounded.
	var many []string
	for _, d := range orders {
		many = append(many, d.Order.ID)
	}
	if res := m.bulkPost("slips", many, nil); res.StatusCode != http.StatusOK {
		t.Errorf("slips for %d orders: %d", len(many), res.StatusCode)
	}
}

// TestBulkBounds: at most 500 ticked ids, and at most 200 orders in one printed document.
func TestBulkBounds(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	orders := srv.SeedDemo(t, 12, 201)
	m := newClient(t, srv)
	m.mustLogin("manager@example.com")
	var ids []string
	for _, d := range orders {
		ids = append(ids, d.Order.ID)
	}
	if res := m.bulkPost("slips", ids, nil); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "at most 200 orders") {
		t.Errorf("slips for 201 orders: %d, want 422 naming the bound", res.StatusCode)
	}
	if res := m.bulkPost("slips", ids[:200], nil); res.StatusCode != http.StatusOK {
		t.Errorf("slips for 200 orders: %d, want 200", res.StatusCode)
	}
	many := make([]string, 501)
	for i := range many {
		many[i] = fmt.Sprintf("01M8YDYRHM26Z4QPZ%09d", i)
	}
	if res := m.bulkPost("csv", many[:500], nil); res.StatusCode != http.StatusOK {
		t.Errorf("500 ticked ids: %d, want 200", res.StatusCode)
	}
	if res := m.bulkPost("csv", many, nil); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("501 ticked ids: %d, want 422: %.300s", res.StatusCode, res.body)
	}
}

// TestBulkCancelWithAReason: the bulk cancel is the order page's cancel, order by order: each
// order cancelled with the reason in its change set; one already cancelled is skipped.
func TestBulkCancelWithAReason(t *testing.T) {
	t.Parallel()
	srv, orders := bulkServer(t)
	ctx := context.Background()
	open, _ := editable(t, srv, orders, order.OrderProcessing, 2)
	var gone *order.CustomerOrder
	for _, d := range orders {
		if d.Order.IsCancelled {
			gone = d.Order
			break
		}
	}
	if gone == nil {
		t.Fatal("no cancelled order in the demo data")
	}
	m := newClient(t, srv)
	m.mustLogin("manager@example.com")
	job := jobOf(t, srv, m.bulkPost("cancel", append(idsOf(open), gone.ID), url.Values{"reason": {"Customer called"}}))
	if job.Done != 2 || job.Skipped != 1 || job.Failed != 0 {
		t.Fatalf("cancel job: %+v", job)
	}
	for _, o := range open {
		now, _ := srv.Store.Order(ctx, o.ID)
		sets, _ := srv.Store.OrderHistory(ctx, o.ID)
		if !now.IsCancelled || now.CancelReason != "Customer called" || sets[len(sets)-1].Reason != "Customer called" {
			t.Errorf("%s: cancelled %v reason %q, change set reason %q", o.Number, now.IsCancelled, now.CancelReason, sets[len(sets)-1].Reason)
		}
	}
	if items, _ := srv.Store.BulkItems(ctx, job.ID, store.BulkSkipped, 5); len(items) != 1 || items[0].Message != "already cancelled" {
		t.Errorf("skipped: %+v", items)
	}
}

// Tags in bulk: each order gets its own change set through SetTags, an order that already
// carries the tag is skipped, a bad name is refused before any order is touched, and a viewer's
// job saves nothing.
func TestBulkTags(t *testing.T) {
	t.Parallel()
	srv, orders := bulkServer(t)
	ctx := context.Background()
	open, _ := editable(t, srv, orders, order.OrderProcessing, 3)
	m := newClient(t, srv)
	m.mustLogin("manager@example.com")
	before, _ := srv.Store.OrderHistory(ctx, open[1].ID)

	first := jobOf(t, srv, m.bulkPost("tags-add", idsOf(open[:1]), url.Values{"tags": {"Urgent"}}))
	if first.Done != 1 {
		t.Fatalf("first tag job: %+v", first)
	}
	job := jobOf(t, srv, m.bulkPost("tags-add", idsOf(open), url.Values{"tags": {"urgent, Call back"}}))
	if job.Done != 3 || job.Skipped != 0 || job.Failed != 0 {
		t.Fatalf("add job: %+v", job)
	}
	for _, o := range open {
		now, _ := srv.Store.Order(ctx, o.ID)
		if !now.HasTag("urgent") || !now.HasTag("call back") {
			t.Errorf("%s: tags %v", o.Number, now.Tags)
		}
	}
	if sets, _ := srv.Store.OrderHistory(ctx, open[1].ID); len(sets) != len(before)+1 {
		t.Errorf("%s: %d change sets after one tag job, had %d", open[1].Number, len(sets), len(before))
	}
	again := jobOf(t, srv, m.bulkPost("tags-add", idsOf(open), url.Values{"tags": {"Urgent"}}))
	if again.Skipped != 3 || again.Done != 0 {
		t.Errorf("adding a tag every order carries: %+v", again)
	}
	removed := jobOf(t, srv, m.bulkPost("tags-remove", idsOf(open[:2]), url.Values{"tags": {"URGENT"}}))
	if removed.Done != 2 {
		t.Errorf("remove job: %+v", removed)
	}
	if now, _ := srv.Store.Order(ctx, open[0].ID); now.HasTag("urgent") || !now.HasTag("call back") {
		t.Errorf("after removing urgent: %v", now.Tags)
	}

	if res := m.bulkPost("tags-add", idsOf(open), url.Values{"tags": {"-late"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad tag name: %d, want 422", res.StatusCode)
	}
	v := newClient(t, srv)
	v.mustLogin("viewer@example.com")
	if job := jobOf(t, srv, v.bulkPost("tags-add", idsOf(open), url.Values{"tags": {"viewer-was-here"}})); job.Failed != 3 || job.Done != 0 {
		t.Errorf("a viewer's tag job: %+v", job)
	}
	for _, o := range open {
		if now, _ := srv.Store.Order(ctx, o.ID); now.HasTag("viewer-was-here") {
			t.Errorf("%s carries the viewer's tag", o.Number)
		}
	}
}
