package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// bulkFixture is 60 orders assigned to the manager: 59 that a status change can act on and one
// completed (locked) order.
func bulkFixture(t *testing.T) (*testenv.Server, *order.CustomerOrder) {
	t.Helper()
	srv := testenv.NewServer(t, nil)
	m := srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	orders := srv.SeedDemo(t, 21, 150)
	ctx := context.Background()
	system := store.Actor{Label: "test", Source: store.SourceSystem}
	var picked []*order.CustomerOrder
	var locked *order.CustomerOrder
	for _, d := range orders {
		o := d.Order
		switch {
		case locked == nil && o.Status == order.OrderCompleted && !o.IsCancelled:
			locked = o
		case len(picked) < 59 && !o.IsReadOnly() && o.Status != order.OrderProcessing && o.Status != order.OrderReadyToSend:
			picked = append(picked, o)
		default:
			continue
		}
		fresh, err := srv.Store.Order(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		fresh.EmployeeID, fresh.EmployeeName = m.ID, m.Name
		if err := srv.Store.SaveOrder(ctx, system, fresh); err != nil {
			t.Fatal(err)
		}
	}
	if len(picked) != 59 || locked == nil {
		t.Fatalf("the demo data gave %d editable orders and locked %v", len(picked), locked != nil)
	}
	workCtx, stop := context.WithCancel(context.Background())
	t.Cleanup(stop)
	srv.Web.Bulk.Poll = 100 * time.Millisecond
	go srv.Web.Bulk.Run(workCtx)
	return srv, locked
}

// waitJob waits (up to a minute) until the job page says the job ended.
func waitJob(t *testing.T, ctx context.Context) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector("[data-testid=bulk-progress]") || {dataset: {}}).dataset.state || ""`))
		must(t, err)
		if state == "finished" || state == "interrupted" {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatal("the bulk job did not end within a minute")
}

func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, sel)))
	must(t, err)
	return strings.TrimSpace(s)
}

// TestBulkStatusChangeOnSixtyOrders: "all 60 matching" the filter, a status change, the
// progress page following the background job to its end: 59 done and the locked order named as
// failed; the page is intact, and x / shift+x tick rows from the keyboard.
func TestBulkStatusChangeOnSixtyOrders(t *testing.T) {
	t.Parallel()
	srv, locked := bulkFixture(t)
	targets := []string{order.OrderProcessing, order.OrderReadyToSend}
	for i, size := range []struct {
		name          string
		width, height int
	}{{"desktop", 1366, 900}, {"tablet", 820, 1180}} {
		t.Run(size.name, func(t *testing.T) {
			ctx := browser(t, size.width, size.height)
			signIn(t, ctx, srv, "manager@example.com")
			must(t, chromedp.Do(ctx,
				chromedp.Navigate(srv.URL+"/orders?assignee=me&n=25"),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=bulk-actions]`)),
			))
			if got := textOf(t, ctx, "[data-testid=result-count]"); got != "60 orders" {
				t.Fatalf("the filter shows %q, want 60 orders", got)
			}
			if got := textOf(t, ctx, ".bulk-all"); !strings.Contains(got, "All 60 matching") {
				t.Errorf("the all-matching box reads %q", got)
			}
			// x ticks the focused row; shift+x ticks the range from the last ticked one.
			must(t, chromedp.Do(ctx,
				chromedp.Focus(chromedp.CSS(`tr[data-testid=order-row]:nth-child(2) a.row-link`)),
				chromedp.KeyEvent("x"),
				chromedp.Focus(chromedp.CSS(`tr[data-testid=order-row]:nth-child(5) a.row-link`)),
				chromedp.KeyEvent("X", chromedp.KeyModifiers(chromedp.ModifierShift)),
			))
			ticked, err := chromedp.Run(ctx, chromedp.Evaluate[[]bool](`[...document.querySelectorAll("tr[data-testid=order-row] input[name=id]")].slice(0, 6).map(b => b.checked)`))
			must(t, err)
			if want := []bool{false, true, true, true, true, false}; fmt.Sprint(ticked) != fmt.Sprint(want) {
				t.Errorf("after x on row 2 and shift+x on row 5 the ticks are %v, want %v", ticked, want)
			}
			checkFits(t, ctx, "order list with the bulk bar "+size.name)
			noDuplicateIDs(t, ctx, "order list "+size.name)
			screenshot(t, ctx, "bulk-list-"+size.name)
			// All 60 matching, whatever is ticked: the server selects them again by the filter.
			dctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			err = chromedp.Do(dctx,
				chromedp.Click(chromedp.CSS(`[data-testid=bulk-all]`)),
				chromedp.SetValue(chromedp.CSS(`#bulk-status`), targets[i]),
				chromedp.Click(chromedp.CSS(`[data-testid=bulk-status]`)),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid=bulk-progress]`)),
			)
			cancel()
			if err != nil {
				loc, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + " " + document.body.innerText.slice(0, 500)`))
				t.Fatalf("%v at %s", err, loc)
			}
			// The job runs on in the server: follow it in a second tab of its own, so a loaded
			// machine's 60 saves do not eat the first tab's time budget.
			jobURL, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
			must(t, err)
			if !strings.Contains(jobURL, "/bulk-jobs/") {
				t.Fatalf("the form led to %s, not a job page", jobURL)
			}
			ctx = browser(t, size.width, size.height)
			signIn(t, ctx, srv, "manager@example.com")
			must(t, chromedp.Do(ctx, chromedp.Navigate(jobURL), chromedp.WaitVisible(chromedp.CSS(`[data-testid=bulk-progress]`))))
			waitJob(t, ctx)
			if d, f, s, n := textOf(t, ctx, "[data-testid=bulk-done]"), textOf(t, ctx, "[data-testid=bulk-failed]"),
				textOf(t, ctx, "[data-testid=bulk-skipped]"), textOf(t, ctx, "[data-testid=bulk-total]"); d != "59" || f != "1" || s != "0" || n != "60" {
				t.Errorf("job counts: done %s failed %s skipped %s total %s, want 59, 1, 0 of 60", d, f, s, n)
			}
			if got := textOf(t, ctx, "[data-testid=bulk-problems]"); !strings.Contains(got, locked.Number+" — locked: completed") {
				t.Errorf("the result list %q does not name %s as locked", got, locked.Number)
			}
			progress, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(p => [p.value, p.max])(document.querySelector("[data-testid=bulk-progress] progress"))`))
			must(t, err)
			if progress[0] != 60 || progress[1] != 60 {
				t.Errorf("the progress bar stands at %v", progress)
			}
			assertPageIntact(t, ctx, "the job page after polling "+size.name)
			noDuplicateIDs(t, ctx, "job page "+size.name)
			checkFits(t, ctx, "job page "+size.name)
			screenshot(t, ctx, "bulk-job-"+size.name)
		})
	}
}
