package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/db/dbtest"
	"orderdesk/internal/audit"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestHistoryRebuildsEverySavedVersion saves a demo order, then hundreds of random edits, each
// through SaveOrder, and checks that the order rebuilt from the change sets as of each one (from
// the nearest checkpoint) equals what was loaded from the tables right after that save.
func TestHistoryRebuildsEverySavedVersion(t *testing.T) {
	t.Parallel()
	st := store.New(dbtest.New(t), nil)
	ctx := context.Background()
	gen := demo.NewGenerator(3, time.Now(), order.DefaultStatusRules())
	d := gen.Order(demo.Stores[0], demo.ScenarioSplitShipment)
	o := d.Order
	clerk := store.Actor{UserID: "u-clerk", Label: "clerk@example.com", Source: store.SourceDesk}
	if err := st.CreateOrder(ctx, clerk, o); err != nil {
		t.Fatal(err)
	}
	snapshots := []*order.CustomerOrder{mustLoad(t, st, o.ID)}

	rnd := rand.New(rand.NewPCG(1, 2))
	const edits = 320
	for i := 0; i < edits; i++ {
		cur := mustLoad(t, st, o.ID)
		edit(rnd, cur, i)
		by := clerk
		by.Reason = fmt.Sprintf("edit %d", i)
		if err := st.SaveOrder(ctx, by, cur); err != nil {
			var fe order.Problems
			if errors.As(err, &fe) {
				continue // an edit the rules refuse: nothing saved, nothing recorded
			}
			t.Fatalf("edit %d: %v", i, err)
		}
		saved := mustLoad(t, st, o.ID)
		if saved.Version > snapshots[len(snapshots)-1].Version { // a no-op edit saves nothing
			snapshots = append(snapshots, saved)
		}
	}

	sets, err := st.OrderHistory(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != len(snapshots) {
		t.Fatalf("%d change sets for %d saved versions", len(sets), len(snapshots))
	}
	if sets[0].ActorLabel != "clerk@example.com" || sets[0].Source != store.SourceDesk || sets[0].Version != 1 {
		t.Errorf("first change set %+v", sets[0])
	}
	for i, cs := range sets {
		if cs.ChangeCount != len(cs.Changes) || len(cs.Changes) == 0 {
			t.Errorf("change set %d: count %d, %d changes loaded", i, cs.ChangeCount, len(cs.Changes))
		}
		if i > 0 && cs.Reason == "" {
			t.Errorf("change set %d lost its reason", i)
		}
		asOf, err := st.OrderAsOf(ctx, o.ID, cs.ID)
		if err != nil {
			t.Fatalf("as of change set %d: %v", i, err)
		}
		if diff := audit.Diff(snapshots[i], asOf); len(diff) > 0 {
			t.Fatalf("order rebuilt as of change set %d differs from the saved state: %s", i, audit.Describe(diff[0], nil))
		}
	}
	if len(sets) < 2*store.CheckpointEvery+1 {
		t.Fatalf("only %d versions saved: too few to pass two checkpoints", len(sets))
	}
	var checkpoints int
	if err := st.DB().Get(&checkpoints, `SELECT COUNT(*) FROM order_checkpoints WHERE order_id = ?`, o.ID); err != nil {
		t.Fatal(err)
	}
	if want := sets[len(sets)-1].Version / store.CheckpointEvery; checkpoints != want {
		t.Errorf("%d checkpoints for %d versions, want %d", checkpoints, sets[len(sets)-1].Version, want)
	}
}

func TestRefusedSaveRecordsNothing(t *testing.T) {
	t.Parallel()
	st := store.New(dbtest.New(t), nil)
	ctx := context.Background()
	o := demo.NewGenerator(5, time.Now(), order.DefaultStatusRules()).Order(demo.Stores[1], demo.ScenarioCompleted).Order
	by := store.Actor{Label: "test", Source: store.SourceCLI}
	if err := st.CreateOrder(ctx, by, o); err != nil {
		t.Fatal(err)
	}
	cur := mustLoad(t, st, o.ID)
	cur.Items[0].Quantity = 0
	var fe order.Problems
	if err := st.SaveOrder(ctx, by, cur); !errors.As(err, &fe) {
		t.Fatalf("quantity 0 saved: %v", err)
	}
	sets, err := st.OrderHistory(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 1 {
		t.Errorf("%d change sets after a create and a refused save, want 1", len(sets))
	}
}

// edit makes one random change of the kinds desk staff make.
func edit(rnd *rand.Rand, o *order.CustomerOrder, i int) {
	switch rnd.IntN(12) {
	case 0:
		li := &o.Items[rnd.IntN(len(o.Items))]
		li.Quantity += 1
	case 1:
		li := &o.Items[rnd.IntN(len(o.Items))]
		li.Price = li.Price.Add(decimal.New(int64(rnd.IntN(500)), -2))
	case 2:
		o.Comment = fmt.Sprintf("note %d", i)
	case 3:
		o.Status = []string{order.OrderProcessing, order.OrderReadyToSend, order.OrderPending}[rnd.IntN(3)]
	case 4:
		o.Items = append(o.Items, order.LineItem{Currency: o.Currency, Price: decimal.New(999, -2), Quantity: 1,
			ProductID: "p-extra", Sku: fmt.Sprintf("EXTRA-%d", i), Name: "Extra", CatalogID: "c"})
	case 5:
		if len(o.Addresses) > 0 {
			o.Addresses[0].City = fmt.Sprintf("City %d", i)
		}
	case 6:
		if len(o.Shipments) > 0 {
			s := &o.Shipments[rnd.IntN(len(o.Shipments))]
			s.TrackingNumber = fmt.Sprintf("TRK%06d", i)
		}
	case 7:
		// Remove an unshipped extra line, if any.
		for k := len(o.Items) - 1; k >= 0; k-- {
			if o.Items[k].ProductID == "p-extra" {
				o.Items = append(o.Items[:k], o.Items[k+1:]...)
				break
			}
		}
	case 8:
		li := &o.Items[rnd.IntN(len(o.Items))]
		li.DiscountAmount = li.Price.Mul(decimal.New(int64(rnd.IntN(30)), -2)).Round(2)
	case 9:
		if len(o.Items) > 1 {
			j, k := rnd.IntN(len(o.Items)), rnd.IntN(len(o.Items))
			o.Items[j], o.Items[k] = o.Items[k], o.Items[j]
		}
	case 10:
		o.Comment = ""
		o.PurchaseOrderNumber = fmt.Sprintf("PO-%d", i)
	case 11:
		if len(o.Addresses) > 0 {
			a := &o.Addresses[rnd.IntN(len(o.Addresses))]
			a.Line2 = []string{"", "Floor 2", "Back door"}[rnd.IntN(3)]
		}
	}
}

func mustLoad(t *testing.T, st *store.Store, id string) *order.CustomerOrder {
	t.Helper()
	o, err := st.Order(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}
