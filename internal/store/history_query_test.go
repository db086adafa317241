package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/db/dbtest"
	"orderdesk/internal/audit"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestReasonRulesOnSave: a price override without a reason is refused with a "reason" field
// error and leaves nothing behind; with a reason it is saved and the reason kept.
func TestReasonRulesOnSave(t *testing.T) {
	t.Parallel()
	st := store.New(dbtest.New(t), nil)
	ctx := context.Background()
	o := demo.NewGenerator(9, time.Now(), order.DefaultStatusRules()).Order(demo.Stores[0], demo.ScenarioPaid).Order
	clerk := store.Actor{UserID: "u1", Label: "clerk@example.com", Source: store.SourceDesk}
	if err := st.CreateOrder(ctx, clerk, o); err != nil {
		t.Fatal(err)
	}
	cur := mustLoad(t, st, o.ID)
	cur.Items[0].Price = cur.Items[0].Price.Add(decimal.NewFromInt(5))
	var fe order.Problems
	if err := st.SaveOrder(ctx, clerk, cur); !errors.As(err, &fe) || fe["reason"] == "" {
		t.Fatalf("price override without a reason: %v", err)
	}
	if got := mustLoad(t, st, o.ID); got.Version != 1 || !got.Items[0].Price.Equal(o.Items[0].Price) {
		t.Errorf("the refused save changed the order: version %d, price %s", got.Version, got.Items[0].Price)
	}
	if sets, _ := st.OrderHistory(ctx, o.ID); len(sets) != 1 {
		t.Errorf("%d change sets after a refused save, want 1", len(sets))
	}
	// A comment needs no reason; the rules can be switched off.
	cur.Items[0].Price = o.Items[0].Price
	cur.Comment = "call before delivery"
	if err := st.SaveOrder(ctx, clerk, cur); err != nil {
		t.Fatalf("comment: %v", err)
	}
	cur.Items[0].Price = cur.Items[0].Price.Add(decimal.NewFromInt(5))
	withReason := clerk
	withReason.Reason = "  loyal customer  "
	if err := st.SaveOrder(ctx, withReason, cur); err != nil {
		t.Fatalf("price override with a reason: %v", err)
	}
	sets, err := st.OrderHistory(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := sets[len(sets)-1]; last.Reason != "loyal customer" {
		t.Errorf("reason kept as %q", last.Reason)
	}
	rules := store.DefaultRules()
	rules.Reasons = audit.ReasonRules{}
	st.SetRules(rules)
	cur.Items[0].Price = cur.Items[0].Price.Add(decimal.NewFromInt(1))
	if err := st.SaveOrder(ctx, clerk, cur); err != nil {
		t.Errorf("price override with reasons switched off: %v", err)
	}
}

// TestHistoryFilters saves edits of two orders by two people and checks each filter of the
// managers' history, the sentence names kept with each change set, and keyset paging.
func TestHistoryFilters(t *testing.T) {
	t.Parallel()
	clock := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	st := store.New(dbtest.New(t), func() time.Time { return clock })
	ctx := context.Background()
	gen := demo.NewGenerator(21, clock, order.DefaultStatusRules())
	ann := store.Actor{UserID: "u-ann", Label: "ann@example.com", Source: store.SourceDesk}
	bob := store.Actor{UserID: "u-bob", Label: "bob@example.com", Source: store.SourceTablet}
	a := gen.Order(demo.Stores[0], demo.ScenarioPaid).Order
	b := gen.Order(demo.Stores[1], demo.ScenarioPaid).Order
	for _, o := range []*order.CustomerOrder{a, b} {
		if err := st.CreateOrder(ctx, ann, o); err != nil {
			t.Fatal(err)
		}
	}
	clock = clock.Add(24 * time.Hour)
	// Ann overrides a price on order a, with a reason.
	cur := mustLoad(t, st, a.ID)
	cur.Items[0].Price = cur.Items[0].Price.Add(decimal.NewFromInt(3))
	ann.Reason = "damaged packaging"
	if err := st.SaveOrder(ctx, ann, cur); err != nil {
		t.Fatal(err)
	}
	// Bob refunds 120 (or what was paid) on order b, with a reason.
	cur = mustLoad(t, st, b.ID)
	p := &cur.InPayments[0]
	amount := decimal.Min(p.Refundable(), decimal.NewFromInt(120))
	p.Refunds = append(p.Refunds, order.Refund{Operation: order.Operation{Currency: cur.Currency}, Amount: amount, ReasonCode: order.ReasonRequestedByCustomer})
	bob.Reason = "customer changed mind"
	if err := st.SaveOrder(ctx, bob, cur); err != nil {
		t.Fatal(err)
	}
	// Bob changes the comment of order a: no reason needed.
	clock = clock.Add(time.Hour)
	cur = mustLoad(t, st, a.ID)
	cur.Comment = "leave at the door"
	bob.Reason = ""
	if err := st.SaveOrder(ctx, bob, cur); err != nil {
		t.Fatal(err)
	}

	day := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	count := func(f store.HistoryFilter) int {
		t.Helper()
		page, err := st.History(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return len(page.Sets)
	}

	for _, tc := range []struct {
		name string
		f    store.HistoryFilter
		want int
	}{
		{"everything", store.HistoryFilter{}, 5},
		{"one order", store.HistoryFilter{OrderID: a.ID}, 3},
		{"one person", store.HistoryFilter{ActorID: "u-bob"}, 2},
		{"one store", store.HistoryFilter{StoreID: b.StoreID}, 2},
		{"price changes", store.HistoryFilter{Topic: audit.TopicPrice}, 1},
		{"price changes by bob", store.HistoryFilter{Topic: audit.TopicPrice, ActorID: "u-bob"}, 0},
		{"refunds", store.HistoryFilter{Topic: audit.TopicRefund}, 1},
		{"refunds of at least the amount", store.HistoryFilter{Topic: audit.TopicRefund, MinAmount: decimal.NewNullDecimal(amount)}, 1},
		{"refunds above the amount", store.HistoryFilter{Topic: audit.TopicRefund, MinAmount: decimal.NewNullDecimal(amount.Add(decimal.NewFromInt(1)))}, 0},
		{"refund documents", store.HistoryFilter{DocType: audit.DocRefund}, 1},
		{"comments edited", store.HistoryFilter{Topic: audit.TopicComment, From: day}, 1},
		{"the day after", store.HistoryFilter{From: day, To: day.Add(24 * time.Hour)}, 3},
		{"creation day only", store.HistoryFilter{To: day}, 2},
		{"with a reason", store.HistoryFilter{HasReason: true}, 2},
		{"reason words", store.HistoryFilter{Reason: "damag pack"}, 1},
		{"reason words that are not there", store.HistoryFilter{Reason: "fraud"}, 0},
	} {
		if got := count(tc.f); got != tc.want {
			t.Errorf("%s: %d change sets, want %d", tc.name, got, tc.want)
		}
	}

	// Paging: two per page, newest first, no repeats, nothing missed.
	var seen []string
	f := store.HistoryFilter{Limit: 2}
	for range 5 {
		page, err := st.History(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, cs := range page.Sets {
			if len(seen) > 0 && cs.ID >= seen[len(seen)-1] {
				t.Fatalf("page not newest first: %s after %s", cs.ID, seen[len(seen)-1])
			}
			seen = append(seen, cs.ID)
		}
		if page.Next == "" {
			break
		}
		f.Before = page.Next
	}
	if len(seen) != 5 {
		t.Errorf("paging saw %d change sets, want 5", len(seen))
	}

	// The price change set describes itself from its own names, and is capped when asked.
	page, err := st.History(ctx, store.HistoryFilter{Topic: audit.TopicPrice, ChangesPerSet: 1})
	if err != nil {
		t.Fatal(err)
	}
	cs := page.Sets[0]
	if cs.OrderNumber != a.Number || len(cs.Changes) != 1 || cs.ChangeCount < 2 {
		t.Fatalf("price change set: number %q, %d changes loaded of %d", cs.OrderNumber, len(cs.Changes), cs.ChangeCount)
	}
	full, err := st.ChangeSet(ctx, a.ID, cs.ID)
	if err != nil {
		t.Fatal(err)
	}
	var sentence string
	for _, c := range full.Changes {
		if audit.TopicOf(c) == audit.TopicPrice {
			sentence = audit.Describe(c, full.Names())
		}
	}
	if want := a.Items[0].Sku; sentence == "" || !strings.Contains(sentence, want) {
		t.Errorf("price sentence %q does not name the line %s", sentence, want)
	}
	if _, err := st.ChangeSet(ctx, b.ID, cs.ID); !errors.Is(err, order.ErrNotFound) {
		t.Errorf("change set of another order: %v", err)
	}
}

// TestOrderVersionRebuildsReturns: a past version shows the returns as they were then: none
// before the return was made, the first status after it, the later one after its edit.
func TestOrderVersionRebuildsReturns(t *testing.T) {
	t.Parallel()
	st := store.New(dbtest.New(t), nil)
	ctx := context.Background()
	d := demo.NewGenerator(5, time.Now(), order.DefaultStatusRules()).Order(demo.Stores[2], demo.ScenarioReturned)
	if len(d.Returns) == 0 {
		t.Fatal("demo order without returns")
	}
	by := store.Actor{UserID: "u1", Label: "clerk@example.com", Source: store.SourceDesk}
	if err := st.CreateOrder(ctx, by, d.Order); err != nil {
		t.Fatal(err)
	}
	r := d.Returns[0]
	r.OrderID = d.Order.ID
	r.Status = "New"
	if err := st.CreateReturn(ctx, by, &r); err != nil {
		t.Fatal(err)
	}
	r.Status = "Approved"
	if err := st.SaveReturn(ctx, by, &r); err != nil {
		t.Fatal(err)
	}
	// Cancelling a return needs a reason; refused, it leaves nothing behind.
	cancelled := r
	cancelled.Status = "Canceled"
	var fe order.Problems
	if err := st.SaveReturn(ctx, by, &cancelled); !errors.As(err, &fe) || fe["reason"] == "" {
		t.Errorf("cancelling a return without a reason: %v", err)
	}
	sets, err := st.OrderHistory(ctx, d.Order.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sets) != 3 || sets[1].Aggregate != store.AggregateReturn || sets[1].OrderNumber != d.Order.Number {
		t.Fatalf("%d change sets; the return's: %+v", len(sets), sets[min(1, len(sets)-1)])
	}
	for i, want := range []string{"", "New", "Approved"} {
		o, returns, err := st.OrderVersion(ctx, d.Order.ID, sets[i].ID)
		if err != nil {
			t.Fatalf("version %d: %v", i, err)
		}
		if o.ID != d.Order.ID || o.Version != 1 {
			t.Errorf("version %d: order %s v%d", i, o.ID, o.Version)
		}
		got := ""
		if len(returns) > 0 {
			got = returns[0].Status
			if len(returns[0].LineItems) != len(r.LineItems) {
				t.Errorf("version %d: %d return lines, want %d", i, len(returns[0].LineItems), len(r.LineItems))
			}
		}
		if got != want {
			t.Errorf("version %d: return status %q, want %q", i, got, want)
		}
	}
}
