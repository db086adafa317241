package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"orderdesk/db/dbtest"
	"orderdesk/internal/audit"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// historyOrder creates a demo order with split shipments and makes edits of the kinds desk
// staff make (TestHistoryRebuildsEverySavedVersion's mix), each through SaveOrder with a
// reason; it stops after n saved versions and returns the store and the order's id.
func historyOrder(b *testing.B, n int) (*store.Store, string) {
	st := store.New(dbtest.New(b), nil)
	ctx := context.Background()
	o := demo.NewGenerator(3, time.Now(), order.DefaultStatusRules()).Order(demo.Stores[0], demo.ScenarioSplitShipment).Order
	by := store.Actor{UserID: "u-bench", Label: "bench@example.com", Source: store.SourceDesk, Reason: "benchmark"}
	if err := st.CreateOrder(ctx, by, o); err != nil {
		b.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(7, 8))
	for i := 0; saved(b, st, o.ID) < n+1; i++ {
		if err := editOnce(ctx, st, by, o.ID, rnd, i); err != nil {
			b.Fatal(err)
		}
	}
	return st, o.ID
}

// editOnce loads the order, edits it once and saves it; refused edits are skipped.
func editOnce(ctx context.Context, st *store.Store, by store.Actor, id string, rnd *rand.Rand, i int) error {
	cur, err := st.Order(ctx, id)
	if err != nil {
		return err
	}
	edit(rnd, cur, i)
	var fe order.Problems
	if err := st.SaveOrder(ctx, by, cur); err != nil && !errors.As(err, &fe) {
		return err
	}
	return nil
}

func saved(b *testing.B, st *store.Store, id string) int {
	var v int
	if err := st.DB().Get(&v, `SELECT version FROM orders WHERE id = ?`, id); err != nil {
		b.Fatal(err)
	}
	return v
}

// BenchmarkHistoryStorage makes b.N edits of one order and reports what their history takes:
// the bytes of every change set, change and checkpoint row (column data, counted exactly) and
// InnoDB's own size of the three tables (data and indexes), per 1,000 edits. The order's
// creation is measured apart and left out.
func BenchmarkHistoryStorage(b *testing.B) {
	st, id := historyOrder(b, 0)
	ctx := context.Background()
	by := store.Actor{UserID: "u-bench", Label: "bench@example.com", Source: store.SourceDesk, Reason: "benchmark"}
	rnd := rand.New(rand.NewPCG(9, 10))
	before := historyBytes(b, st, id)
	v0 := saved(b, st, id)
	i := 0
	for b.Loop() {
		if err := editOnce(ctx, st, by, id, rnd, i); err != nil {
			b.Fatal(err)
		}
		i++
	}
	edits := saved(b, st, id) - v0
	if edits == 0 {
		b.Skip("no edit was saved")
	}
	after := historyBytes(b, st, id)
	b.ReportMetric(float64(after.logical-before.logical)/float64(edits)*1000, "bytes/1000edits")
	b.ReportMetric(float64(after.innodb)/float64(edits+1)*1000, "innodb-bytes/1000edits")
	b.ReportMetric(float64(after.checkpoints-before.checkpoints)/float64(edits)*1000, "checkpoint-bytes/1000edits")
	b.ReportMetric(float64(after.names-before.names)/float64(edits)*1000, "names-bytes/1000edits")
	b.ReportMetric(float64(after.changes-before.changes)/float64(edits), "changes/edit")
}

type sizes struct{ logical, checkpoints, names, innodb, changes int64 }

func historyBytes(b *testing.B, st *store.Store, id string) sizes {
	var s sizes
	q := func(dst *int64, query string, args ...any) {
		b.Helper()
		if err := st.DB().Get(dst, query, args...); err != nil {
			b.Fatal(err)
		}
	}
	var sets, changes, checkpoints int64
	q(&sets, `
		SELECT COALESCE(SUM(26 + 26 + LENGTH(order_number) + LENGTH(store_id) + LENGTH(aggregate) + 26 + 4 + 8
		       + LENGTH(actor_id) + LENGTH(actor_label) + LENGTH(source) + LENGTH(reason) + 4 + COALESCE(LENGTH(names), 0)), 0)
		FROM order_change_sets
		WHERE order_id = ?`, id)
	q(&changes, `
		SELECT COALESCE(SUM(26 + 4 + 26 + LENGTH(entity) + LENGTH(entity_id) + LENGTH(path) + LENGTH(field) + LENGTH(op)
		       + COALESCE(LENGTH(old_value), 0) + COALESCE(LENGTH(new_value), 0) + 4 + COALESCE(LENGTH(fields), 0) + 1
		       + LENGTH(topic) + LENGTH(doc_type) + LENGTH(doc_id) + 9), 0)
		FROM order_changes
		WHERE order_id = ?`, id)
	q(&checkpoints, `
		SELECT COALESCE(SUM(26 + 26 + LENGTH(state)), 0)
		FROM order_checkpoints
		WHERE order_id = ?`, id)
	q(&s.changes, `SELECT COUNT(*) FROM order_changes WHERE order_id = ?`, id)
	s.logical = sets + changes + checkpoints
	s.checkpoints = checkpoints
	q(&s.names, `SELECT COALESCE(SUM(LENGTH(names)), 0) FROM order_change_sets WHERE order_id = ?`, id)
	for _, t := range []string{"order_change_sets", "order_changes", "order_checkpoints"} {
		if _, err := st.DB().Exec("ANALYZE TABLE " + t); err != nil {
			b.Fatal(err)
		}
	}
	q(&s.innodb, `
		SELECT COALESCE(SUM(data_length + index_length), 0)
		FROM information_schema.tables
		WHERE table_schema = DATABASE() AND table_name IN ('order_change_sets', 'order_changes', 'order_checkpoints')`)
	return s
}

// BenchmarkRebuild500 rebuilds an order that has 500 change sets as of its worst version for
// the checkpoints (49 change sets after the nearest one), as of its newest, and, for
// comparison, by replaying all 500 from creation as history would without checkpoints.
func BenchmarkRebuild500(b *testing.B) {
	st, id := historyOrder(b, 500)
	ctx := context.Background()
	sets, err := st.OrderHistory(ctx, id)
	if err != nil {
		b.Fatal(err)
	}
	if len(sets) < 500 {
		b.Fatalf("%d change sets", len(sets))
	}
	worst := sets[len(sets)-1]
	for _, cs := range sets {
		if cs.Version%store.CheckpointEvery == store.CheckpointEvery-1 {
			worst = cs // the last version before a checkpoint: the longest replay
		}
	}
	for _, tc := range []struct {
		name string
		cs   store.ChangeSet
	}{{fmt.Sprintf("version-%d", worst.Version), worst}, {"newest", sets[len(sets)-1]}} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.OrderAsOf(ctx, id, tc.cs.ID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("from-creation-no-checkpoints", func(b *testing.B) {
		for b.Loop() {
			all, err := st.OrderHistory(ctx, id)
			if err != nil {
				b.Fatal(err)
			}
			var o *order.CustomerOrder
			for _, cs := range all {
				if o, err = audit.Apply(o, cs.Changes); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
