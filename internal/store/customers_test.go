package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/demo"
	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// customerFromList sums a customer's figures the way a person would from the order list
// filtered to them: the list's own total and balance-due figures of the orders not cancelled,
// per currency, and the returns of those orders that are not cancelled.
func customerFromList(t *testing.T, st *store.Store, customerID string, scope listing.Scope) string {
	t.Helper()
	ctx := context.Background()
	rows := allRows(t, st, listing.Query{CustomerIDs: []string{customerID}, Scope: scope, Sort: "created", Desc: true})
	type fig struct {
		orders, cancelled, returns int
		spend, balance             decimal.Decimal
	}
	per := map[string]*fig{}
	var first, last time.Time
	for _, r := range rows {
		f := per[r.Currency]
		if f == nil {
			f = &fig{}
			per[r.Currency] = f
		}
		f.orders++
		if r.IsCancelled {
			f.cancelled++
		} else {
			f.spend, f.balance = f.spend.Add(r.Total), f.balance.Add(r.BalanceDue)
		}
		rets, err := st.Returns(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, ret := range rets {
			if ret.Status != order.ReturnCanceled {
				f.returns++
			}
		}
		if first.IsZero() || r.CreatedDate.Before(first) {
			first = r.CreatedDate
		}
		if r.CreatedDate.After(last) {
			last = r.CreatedDate
		}
	}
	var out []string
	for _, c := range slices.Sorted(func(yield func(string) bool) {
		for k := range per {
			if !yield(k) {
				return
			}
		}
	}) {
		f := per[c]
		out = append(out, fmt.Sprintf("%s %d/%d %s %s r%d", c, f.orders, f.cancelled, f.spend.StringFixed(4), f.balance.StringFixed(4), f.returns))
	}
	if len(rows) > 0 {
		out = append(out, first.UTC().Format(time.RFC3339Nano)+" .. "+last.UTC().Format(time.RFC3339Nano))
	}
	return strings.Join(out, "; ")
}

func customerFromPanel(t *testing.T, st *store.Store, customerID string, scope listing.Scope) string {
	t.Helper()
	sum, err := st.CustomerSummary(context.Background(), customerID, scope)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range sum.Figures {
		out = append(out, fmt.Sprintf("%s %d/%d %s %s r%d", f.Currency, f.Orders, f.Cancelled, f.Spend.StringFixed(4), f.Balance.StringFixed(4), f.Returns))
	}
	if len(sum.Figures) > 0 {
		out = append(out, sum.First.UTC().Format(time.RFC3339Nano)+" .. "+sum.Last.UTC().Format(time.RFC3339Nano))
	}
	return strings.Join(out, "; ")
}

// customerFixture is 80 demo orders as listFixture makes them, a third of them assigned to a
// clerk, but with every third order by one regular customer across the stores.
func customerFixture(t *testing.T) *store.Store {
	t.Helper()
	st, _ := orderStore(t)
	ctx := context.Background()
	by := store.Actor{Label: "demo data", Source: store.SourceCLI}
	for i, d := range demo.NewGenerator(11, testDay, order.DefaultStatusRules()).Orders(80) {
		if i%3 == 0 {
			d.Order.EmployeeID, d.Order.EmployeeName = "01JCLERK00000000000000000", "Carl Clerk"
		}
		if i%3 == 1 {
			d.Order.CustomerID = "cust-regular"
		}
		if err := st.CreateOrder(ctx, by, d.Order); err != nil {
			t.Fatalf("order %d: %v", i, err)
		}
		for _, r := range d.Returns {
			if err := st.CreateReturn(ctx, by, &r); err != nil {
				t.Fatalf("return of order %d: %v", i, err)
			}
		}
	}
	return st
}

// sameAsList compares the panel's figures with the list's for every customer, in scope.
func sameAsList(t *testing.T, st *store.Store, when string, customers []string, scope listing.Scope) {
	t.Helper()
	for _, c := range customers {
		if g, w := customerFromPanel(t, st, c, scope), customerFromList(t, st, c, scope); g != w {
			t.Errorf("%s: customer %s in scope %+v:\n panel %s\n  list %s", when, c, scope, g, w)
		}
	}
}

func customersOf(t *testing.T, st *store.Store) (ids []string, busiest string) {
	t.Helper()
	n := map[string]int{}
	for _, r := range allRows(t, st, listing.Query{Sort: "created", Desc: true}) {
		o, err := st.Order(context.Background(), r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n[o.CustomerID] == 0 {
			ids = append(ids, o.CustomerID)
		}
		n[o.CustomerID]++
		if n[o.CustomerID] > n[busiest] {
			busiest = o.CustomerID
		}
	}
	return ids, busiest
}

// TestCustomerFiguresFollowEveryWrite checks the maintained customer figures against a sum over
// the list's own figures, after creates, an edit of a total, a cancellation, a return created
// and cancelled, a reassignment, a move to another customer and a deletion; then within store
// and assignment scopes; then that a rebuild gives the same and the check finds a corruption.
func TestCustomerFiguresFollowEveryWrite(t *testing.T) {
	t.Parallel()
	st := customerFixture(t)
	ctx := context.Background()
	customers, busiest := customersOf(t, st)
	if len(customers) < 5 {
		t.Fatalf("only %d customers in the fixture", len(customers))
	}
	all := listing.Scope{}
	sameAsList(t, st, "after creating", customers, all)

	rows := allRows(t, st, listing.Query{CustomerIDs: []string{busiest}, Sort: "created", Desc: true})
	if len(rows) < 3 {
		t.Fatalf("the busiest customer has %d orders", len(rows))
	}
	before := customerFromPanel(t, st, busiest, all)
	var open *order.CustomerOrder
	for _, r := range rows {
		o, err := st.Order(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !o.IsCancelled && !o.IsReadOnly() && len(o.Items) > 0 {
			open = o
			break
		}
	}
	if open == nil {
		t.Fatal("no editable order of the busiest customer")
	}
	open.Items[0].Quantity += 3
	if err := st.SaveOrder(ctx, desk, open); err != nil {
		t.Fatal(err)
	}
	if after := customerFromPanel(t, st, busiest, all); after == before {
		t.Fatalf("an edit of a total left the figures as they were: %s", after)
	}
	sameAsList(t, st, "after an edit", []string{busiest}, all)

	// A return of a line that was sent, then its cancellation.
	var sent *order.CustomerOrder
	for _, r := range allRows(t, st, listing.Query{Sort: "created", Desc: true}) {
		o, err := st.Order(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !o.IsCancelled && r.ShippingState == order.ShipStateShipped {
			if rets, _ := st.Returns(ctx, o.ID); len(rets) == 0 {
				sent = o
				break
			}
		}
	}
	if sent == nil {
		t.Fatal("no shipped order without returns")
	}
	ret := &order.Return{OrderID: sent.ID, Status: order.ReturnNew, LineItems: []order.ReturnLineItem{{
		OrderLineItemID: sent.Items[0].ID, Quantity: 1, Reason: "Damaged",
	}}}
	if err := st.CreateReturn(ctx, desk, ret); err != nil {
		t.Fatalf("return: %v", err)
	}
	sameAsList(t, st, "after a return", []string{sent.CustomerID}, all)
	if !strings.Contains(customerFromPanel(t, st, sent.CustomerID, all), " r") {
		t.Fatal("no returns counted")
	}
	ret.Status = order.ReturnCanceled
	why := desk
	why.Reason = "customer asked"
	if err := st.SaveReturn(ctx, why, ret); err != nil {
		t.Fatalf("cancel the return: %v", err)
	}
	sameAsList(t, st, "after cancelling a return", []string{sent.CustomerID}, all)

	// Cancelled, reassigned, moved to another customer, deleted.
	o, err := st.Order(ctx, open.ID)
	if err != nil {
		t.Fatal(err)
	}
	o.EmployeeID, o.EmployeeName = "01JOTHER00000000000000000", "Olga Other"
	if err := st.SaveOrder(ctx, desk, o); err != nil {
		t.Fatal(err)
	}
	o.IsCancelled, o.CancelReason, o.Status = true, "customer asked", order.OrderCancelled
	if err := st.SaveOrder(ctx, why, o); err != nil {
		t.Fatal(err)
	}
	sameAsList(t, st, "after a reassignment and a cancellation", customers, all)
	moved, err := st.Order(ctx, rows[len(rows)-1].ID)
	if err != nil {
		t.Fatal(err)
	}
	other := customers[0]
	if other == busiest {
		other = customers[1]
	}
	moved.CustomerID = other
	if err := st.SaveOrder(ctx, desk, moved); err != nil {
		t.Fatal(err)
	}
	if err := st.DeleteOrder(ctx, desk, sent.ID); err != nil {
		t.Fatal(err)
	}
	sameAsList(t, st, "after a move and a deletion", customers, all)

	// Scopes: one store; only the orders assigned to one person; both.
	var stores []string
	for _, r := range allRows(t, st, listing.Query{Sort: "created", Desc: true}) {
		o, _ := st.Order(ctx, r.ID)
		if !slices.Contains(stores, o.StoreID) {
			stores = append(stores, o.StoreID)
		}
	}
	if len(stores) < 3 {
		t.Fatalf("stores %v", stores)
	}
	for _, sc := range []listing.Scope{
		{StoreIDs: []string{stores[0]}},
		{StoreIDs: []string{stores[1], stores[2]}},
		{AssignedTo: "01JCLERK00000000000000000"},
		{StoreIDs: []string{stores[0]}, AssignedTo: "01JCLERK00000000000000000"},
	} {
		sameAsList(t, st, "in scope", customers, sc)
	}
	// A scope narrows the figures: the busiest customer's orders in one store are fewer.
	narrowed := false
	for _, s := range stores {
		sum, _ := st.CustomerSummary(ctx, busiest, listing.Scope{StoreIDs: []string{s}})
		whole, _ := st.CustomerSummary(ctx, busiest, all)
		if sum.Orders < whole.Orders {
			narrowed = true
		}
	}
	if !narrowed {
		t.Error("no store scope narrows the busiest customer's figures")
	}
	if sum, err := st.CustomerSummary(ctx, "cust-nobody", all); err != nil || len(sum.Figures) != 0 || sum.Latest.ID != "" {
		t.Errorf("an unknown customer: %+v, %v", sum, err)
	}

	// A rebuild gives what the writes maintained; the check sees a tampered row and --repair
	// puts it right.
	maintained := customerFromPanel(t, st, busiest, all)
	if err := st.RebuildCustomerStats(ctx); err != nil {
		t.Fatal(err)
	}
	if rebuilt := customerFromPanel(t, st, busiest, all); rebuilt != maintained {
		t.Errorf("rebuilt figures differ from maintained ones:\n%s\n%s", rebuilt, maintained)
	}
	problems := func() []string {
		var found []string
		if _, err := st.CheckOrders(ctx, store.CheckOptions{Found: func(p store.Problem) {
			if p.Kind == store.ProblemCustomerStats {
				found = append(found, p.String())
			}
		}}); err != nil {
			t.Fatal(err)
		}
		return found
	}
	if p := problems(); len(p) != 0 {
		t.Fatalf("the check finds problems in maintained figures: %v", p)
	}
	if _, err := st.DB().ExecContext(ctx, `
		UPDATE customer_stats SET spend = spend + 5, returns = returns + 1
		WHERE customer_id = ?
		LIMIT 1`, busiest); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().ExecContext(ctx, `UPDATE orders SET return_count = return_count + 2 WHERE id = ?`, rows[0].ID); err != nil {
		t.Fatal(err)
	}
	p := problems()
	if len(p) != 3 || !strings.Contains(strings.Join(p, "\n"), "orders.return_count: stored ") ||
		!strings.Contains(strings.Join(p, "\n"), "customer stats: "+busiest+" ") {
		t.Fatalf("the check after tampering found:\n%s", strings.Join(p, "\n"))
	}
	if _, err := st.RepairDerived(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if p := problems(); len(p) != 0 {
		t.Fatalf("problems left after the repair: %v", p)
	}
	if g := customerFromPanel(t, st, busiest, all); g != maintained {
		t.Errorf("repaired figures %s, want %s", g, maintained)
	}
}
