package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// rewriteComments saves random orders of the fixture with a new comment (searchable text)
// until stop is closed, from writers goroutines. It returns, once stop is closed and every
// writer has finished, the saves made and the errors other than a stale version (which a
// concurrent save of the same order legitimately causes).
func rewriteComments(t *testing.T, st *store.Store, orders []demo.Order, writers int, stop <-chan struct{}) func() (saves int64, errs []error) {
	t.Helper()
	ctx := context.Background()
	by := store.Actor{Label: "writer", Source: store.SourceCLI}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		errs  []error
		saves atomic.Int64
	)
	for w := range writers {
		wg.Go(func() {
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				id := orders[rand.IntN(len(orders))].Order.ID
				o, err := st.Order(ctx, id)
				if err == nil {
					o.Comment = fmt.Sprintf("Martin called again, writer %d note %d %x", w, n, rand.Uint64())
					err = st.SaveOrder(ctx, by, o)
				}
				var conflict *order.ConflictError
				switch {
				case errors.As(err, &conflict):
				case err != nil:
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				default:
					saves.Add(1)
				}
			}
		})
	}
	return func() (int64, []error) {
		wg.Wait()
		return saves.Load(), errs
	}
}

// TestKeywordSearchBesideWriters runs 300 keyword searches of the order list, sorted by
// relevance and paged by keyset, while 20 writers rewrite the searchable text. InnoDB's
// full-text score can read as 1.8e308 while the index is being updated; no search may fail
// because of it.
func TestKeywordSearchBesideWriters(t *testing.T) {
	t.Parallel()
	st, orders := listFixture(t)
	ctx := context.Background()
	stop := make(chan struct{})
	wait := rewriteComments(t, st, orders, 20, stop)

	const searches, readers = 300, 4
	var (
		mu     sync.Mutex
		failed []error
		done   atomic.Int64
		wg     sync.WaitGroup
	)
	deadline := time.Now().Add(4 * time.Minute) // a shared 2-core machine is slow
	for range readers {
		wg.Go(func() {
			for done.Add(1) <= searches && time.Now().Before(deadline) {
				q := resolve(t, "q=Martin")
				q.PageSize = 5
				// The first page and the one after it: the cursor carries the score.
				page, err := st.ListOrders(ctx, q)
				if err == nil && page.Next != nil {
					q.After = page.Next
					_, err = st.ListOrders(ctx, q)
				}
				if err != nil {
					mu.Lock()
					failed = append(failed, err)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	saves, writeErrs := wait()
	if n := done.Load(); n < searches {
		t.Fatalf("only %d of %d searches ran before the deadline", n, searches)
	}
	t.Logf("%d searches beside %d saves (%d failed writes)", searches, saves, len(writeErrs))
	if saves == 0 {
		t.Fatal("no save went through beside the searches")
	}
	if len(failed) > 0 {
		t.Errorf("%d of %d searches failed; first: %v", len(failed), searches, failed[0])
	}
}
