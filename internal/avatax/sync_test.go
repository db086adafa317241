package avatax_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/db/dbtest"
	"orderdesk/internal/avatax"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// TestSyncQueuesAndSendsOrders: every write of a store with AvaTax on queues the order in its
// transaction; the syncer creates or adjusts, commits at the configured status, sends each
// refund once, voids on cancel; other stores' orders are not sent.
func TestSyncQueuesAndSendsOrders(t *testing.T) {
	t.Parallel()
	f := &fake{sent: map[string]map[string]any{}, t: t}
	srv := httptest.NewServer(f)
	defer srv.Close()
	clock := testenv.NewClock(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
	st := store.New(dbtest.New(t), clock.Now)
	ctx := context.Background()
	by := store.Actor{Label: "test", Source: store.SourceSystem, Reason: "test"}
	shop := demo.Stores[0]
	if err := st.SaveAvaTaxSettings(ctx, by, store.AvaTaxSettings{StoreID: shop.ID, Enabled: true}); err == nil {
		t.Fatal("enabled settings without credentials were saved")
	}
	if err := st.SaveAvaTaxSettings(ctx, by, store.AvaTaxSettings{StoreID: shop.ID, Enabled: true, ServiceURL: srv.URL,
		AccountNumber: "2000123", LicenseKey: "LICENSE", CompanyCode: "ACME", CommitStatus: order.OrderCompleted,
		FromLine1: "1 Depot Rd", FromCity: "Reno", FromCountry: "United States"}); err != nil {
		t.Fatal(err)
	}
	sync := &avatax.Syncer{Store: st, HTTP: srv.Client(), Log: slog.Default(), MaxAttempts: 3, Backoff: time.Millisecond}
	gen := demo.NewGenerator(6, clock.Now(), order.DefaultStatusRules())
	o := gen.Order(shop, demo.ScenarioNew).Order
	if err := st.CreateOrder(ctx, by, o); err != nil {
		t.Fatal(err)
	}
	other := gen.Order(demo.Stores[1], demo.ScenarioNew).Order
	if err := st.CreateOrder(ctx, by, other); err != nil {
		t.Fatal(err)
	}
	if n, err := sync.RunOnce(ctx); err != nil || n != 1 {
		t.Fatalf("first run: %d, %v (only the AvaTax store's order is queued)", n, err)
	}
	model := f.sent["/api/v2/transactions/createoradjust"]["createTransactionModel"].(map[string]any)
	if model["code"] != o.Number || model["commit"] != false {
		t.Errorf("sent %v", model)
	}
	if s, _, _ := st.AvaTaxStatus(ctx, o.ID); s.Status != "synced" || s.LastAction != "createoradjust" {
		t.Errorf("status %+v", s)
	}

	// Completed: committed. A processed refund: sent once as a ReturnInvoice.
	o, _ = st.Order(ctx, o.ID)
	o.Status = order.OrderCompleted
	if len(o.InPayments) == 0 {
		t.Fatal("the new demo order has no payment to refund")
	}
	{
		o.InPayments[0].Status = string(order.PaymentPaid)
		r := order.Refund{Amount: decimal.NewFromInt(1), ReasonCode: "Other"}
		r.Status, r.Currency = string(order.RefundProcessed), o.Currency
		o.InPayments[0].Refunds = append(o.InPayments[0].Refunds, r)
	}
	if err := st.SaveOrder(ctx, by, o); err != nil {
		t.Fatal(err)
	}
	if n, _ := sync.RunOnce(ctx); n != 1 {
		t.Fatalf("after completing: %d", n)
	}
	model = f.sent["/api/v2/transactions/createoradjust"]["createTransactionModel"].(map[string]any)
	if model["commit"] != true {
		t.Error("a completed order was not committed")
	}
	if refunds := f.count("POST /api/v2/transactions/create"); refunds != 1 {
		t.Errorf("%d ReturnInvoices after one refund", refunds)
	}
	o, _ = st.Order(ctx, o.ID)
	o.Comment = "another change"
	if err := st.SaveOrder(ctx, by, o); err != nil {
		t.Fatal(err)
	}
	sync.RunOnce(ctx)
	if again := f.count("POST /api/v2/transactions/create"); again != 1 {
		t.Errorf("the refund was sent %d times", again)
	}

	// Cancelled: voided.
	o, _ = st.Order(ctx, o.ID)
	o.IsCancelled, o.CancelReason, o.Status = true, "customer", order.OrderCancelled
	if err := st.SaveOrder(ctx, by, o); err != nil {
		t.Fatal(err)
	}
	sync.RunOnce(ctx)
	if last := f.calls[len(f.calls)-1]; last != "POST /api/v2/companies/ACME/transactions/"+o.Number+"/void" {
		t.Errorf("last call %s, want the void", last)
	}

	// AvaTax down: retried, then failed, and "send to AvaTax" queues it again.
	srv.Close()
	o2 := gen.Order(shop, demo.ScenarioNew).Order
	if err := st.CreateOrder(ctx, by, o2); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5; i++ {
		sync.RunOnce(ctx)
		clock.Advance(time.Minute) // past the backoff (and the claim's lease) of the last attempt
	}
	if s, _, _ := st.AvaTaxStatus(ctx, o2.ID); s.Status != "failed" || s.Attempts != 3 || s.LastError == "" {
		t.Errorf("unreachable AvaTax: %+v", s)
	}
	if n, err := st.QueueAvaTax(ctx, by, []string{o2.ID, other.ID}); err != nil || n != 1 {
		t.Errorf("send to AvaTax queued %d, %v (the other store has no AvaTax)", n, err)
	}
}

// count says how many calls were exactly call.
func (f *fake) count(call string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		if c == call {
			n++
		}
	}
	return n
}
