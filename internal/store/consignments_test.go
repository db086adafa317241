package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// consignedPair stores two orders of one customer going to one address, without shipments.
func consignedPair(t *testing.T, st *store.Store) (a, b *order.CustomerOrder) {
	t.Helper()
	ctx := context.Background()
	a, b = orderWith(2, 0), orderWith(1, 0)
	for _, o := range []*order.CustomerOrder{a, b} {
		if err := st.CreateOrder(ctx, desk, o); err != nil {
			t.Fatal(err)
		}
	}
	return a, b
}

func withParts(orders []*order.CustomerOrder, id string) {
	rules := order.DefaultStatusRules()
	tmpl := &order.Shipment{ShipmentMethodCode: "UPS", TrackingNumber: "1ZCONSIGN"}
	for _, o := range orders {
		units := map[string]int{}
		for id, ls := range order.Shipping(o) {
			units[id] = ls.Remaining
		}
		o.Shipments = append(o.Shipments, order.ConsignmentPart(o, rules, id, tmpl, units))
	}
}

func TestConsignmentAcrossTwoOrdersIsOneTransactionWithAChangeSetEach(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	a, b := consignedPair(t, st)
	id := order.NewID()
	withParts([]*order.CustomerOrder{a, b}, id)
	if err := st.CreateConsignment(ctx, desk, id, []*order.CustomerOrder{a, b}); err != nil {
		t.Fatalf("CreateConsignment: %v", err)
	}
	for _, o := range []*order.CustomerOrder{a, b} {
		got, err := st.Order(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || len(got.Shipments) != 1 || got.Shipments[0].ConsignmentID != id || got.Shipments[0].Number == "" {
			t.Fatalf("%s after consignment: version %d, shipments %+v", o.Number, got.Version, got.Shipments)
		}
		sets, err := st.OrderHistory(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, cs := range sets {
			for _, c := range cs.Changes {
				if strings.HasSuffix(c.Path, ".consignmentId") || (c.Entity == "Shipment" && c.Op == "added") {
					found = true
				}
			}
		}
		if len(sets) != 2 || !found {
			t.Fatalf("%s: %d change sets, consignment part recorded: %v", o.Number, len(sets), found)
		}
	}
	parts, err := st.ConsignmentParts(ctx, []string{id})
	if err != nil {
		t.Fatal(err)
	}
	if len(parts[id]) != 2 || parts[id][0].OrderNumber != a.Number || parts[id][1].OrderNumber != b.Number {
		t.Fatalf("parts = %+v", parts[id])
	}
	var rows int
	if err := st.DB().Get(&rows, "SELECT COUNT(*) FROM shipment_consignments WHERE id = ?", id); err != nil || rows != 1 {
		t.Fatalf("consignment rows = %d, %v", rows, err)
	}
}

func TestConsignmentToAnotherAddressIsRefusedAndNothingIsSaved(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	a, b := consignedPair(t, st)
	b.Addresses[0].City = "Lyon"
	if err := st.SaveOrder(ctx, desk, b); err != nil {
		t.Fatal(err)
	}
	id := order.NewID()
	withParts([]*order.CustomerOrder{a, b}, id)
	err := st.CreateConsignment(ctx, desk, id, []*order.CustomerOrder{a, b})
	var fe order.Problems
	if !errors.As(err, &fe) || !strings.Contains(fe["orders"], b.Number+" goes elsewhere than "+a.Number) {
		t.Fatalf("err = %v", err)
	}
	for _, o := range []*order.CustomerOrder{a, b} {
		got, err := st.Order(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Shipments) != 0 {
			t.Errorf("%s got a shipment from a refused consignment", o.Number)
		}
	}
	var rows int
	if err := st.DB().Get(&rows, "SELECT COUNT(*) FROM shipment_consignments"); err != nil || rows != 0 {
		t.Fatalf("consignment rows = %d, %v", rows, err)
	}
}

func TestSaveOrdersWritesAllOrNone(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	a, b := consignedPair(t, st)
	a.Comment = "first"
	b.Items[0].Quantity = 0 // invalid: the whole save must fail
	err := st.SaveOrders(ctx, desk, []*order.CustomerOrder{a, b})
	var fe order.Problems
	if !errors.As(err, &fe) || fe[b.Number+": items[0].quantity"] == "" {
		t.Fatalf("err = %v", err)
	}
	got, _ := st.Order(ctx, a.ID)
	if got.Comment != "" || got.Version != 1 {
		t.Fatalf("the valid order was saved although the other failed: %q v%d", got.Comment, got.Version)
	}
	// A stale version of one order fails both too.
	b.Items[0].Quantity = 1
	b.Version = 7
	var conflict *order.ConflictError
	if err := st.SaveOrders(ctx, desk, []*order.CustomerOrder{a, b}); !errors.As(err, &conflict) {
		t.Fatalf("stale version: %v", err)
	}
}

func TestShipTogetherCandidatesMarkTheSameAddress(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	a, b := consignedPair(t, st)
	c := orderWith(1, 0)
	c.Addresses[0].Line1 = "5 Rue Neuve"
	other := orderWith(1, 0)
	other.CustomerID = "cust-2"
	for _, o := range []*order.CustomerOrder{c, other} {
		if err := st.CreateOrder(ctx, desk, o); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.ShipTogetherCandidates(ctx, a, listing.Scope{})
	if err != nil {
		t.Fatal(err)
	}
	same := map[string]bool{}
	for _, g := range got {
		same[g.Number] = g.SameAddress
	}
	if len(got) != 2 || !same[b.Number] || same[c.Number] {
		t.Fatalf("candidates = %+v", got)
	}
	if got, _ := st.ShipTogetherCandidates(ctx, a, listing.Scope{StoreIDs: []string{"elsewhere"}}); len(got) != 0 {
		t.Fatalf("out of scope candidates = %+v", got)
	}
}
