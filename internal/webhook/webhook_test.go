package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"orderdesk/db/dbtest"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/webhook"
)

// receiver is a webhook endpoint that checks signatures, fails the first `fail` posts and
// counts the deliveries it accepted, by delivery id.
type receiver struct {
	mu       sync.Mutex
	secret   string
	fail     int
	accepted map[string]int
	events   []string
	bad      int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if r.Header.Get(webhook.HeaderSignature) != webhook.Sign(rc.secret, r.Header.Get(webhook.HeaderTimestamp), body) {
		rc.bad++
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if rc.fail > 0 {
		rc.fail--
		http.Error(w, "try later", http.StatusServiceUnavailable)
		return
	}
	var msg struct {
		Event string `json:"event"`
	}
	_ = json.Unmarshal(body, &msg)
	if msg.Event != r.Header.Get(webhook.HeaderEvent) {
		rc.bad++
	}
	rc.accepted[r.Header.Get(webhook.HeaderDelivery)]++
	rc.events = append(rc.events, msg.Event)
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func newWorker(st *store.Store) *webhook.Worker {
	return &webhook.Worker{Store: st, Client: &http.Client{Timeout: 5 * time.Second}, Log: slog.Default(),
		GiveUpAfter: time.Hour, Backoff: 10 * time.Second, Now: st.Now}
}

var actor = store.Actor{Label: "test", Source: store.SourceSystem}

func TestDeliveriesAreSignedRetriedAndGivenUp(t *testing.T) {
	t.Parallel()
	conn := dbtest.New(t)
	clk := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	st := store.New(conn, clk.Now)
	ctx := context.Background()
	rc := &receiver{fail: 1, accepted: map[string]int{}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	sub, err := st.CreateSubscription(ctx, actor, srv.URL+"/hooks", []string{store.EventOrderCreated, store.EventOrderStatusChanged}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rc.secret = sub.Secret

	gen := demo.NewGenerator(9, clk.Now(), order.DefaultStatusRules())
	o := gen.Order(demo.Stores[0], demo.ScenarioNew).Order
	if err := st.CreateOrder(ctx, actor, o); err != nil {
		t.Fatal(err)
	}
	// A refused save writes no event: the outbox is part of the write's transaction.
	bad, _ := st.Order(ctx, o.ID)
	bad.Items[0].Quantity = 0
	if err := st.SaveOrder(ctx, actor, bad); err == nil {
		t.Fatal("a quantity of 0 was saved")
	}
	w := newWorker(st)
	if n, err := w.RunOnce(ctx); err != nil || n != 1 {
		t.Fatalf("first run posted %d, %v", n, err)
	}
	if len(rc.accepted) != 0 {
		t.Fatal("the failing receiver accepted")
	}
	// Not due again until the backoff has passed.
	if n, _ := w.RunOnce(ctx); n != 0 {
		t.Errorf("retried %d before the backoff", n)
	}
	clk.Add(11 * time.Second)
	if n, _ := w.RunOnce(ctx); n != 1 || len(rc.accepted) != 1 {
		t.Fatalf("retry after the backoff: posted %d, accepted %v", n, rc.accepted)
	}
	// A status change raises order.changed (not subscribed) and order.status_changed.
	o, _ = st.Order(ctx, o.ID)
	o.Status = order.OrderProcessing
	if err := st.SaveOrder(ctx, actor, o); err != nil {
		t.Fatal(err)
	}
	if n, _ := w.RunOnce(ctx); n != 1 {
		t.Errorf("status change: posted %d, want 1", n)
	}
	if len(rc.events) != 2 || rc.events[0] != store.EventOrderCreated || rc.events[1] != store.EventOrderStatusChanged || rc.bad != 0 {
		t.Errorf("events %v, bad %d", rc.events, rc.bad)
	}

	// A receiver that keeps failing: retried with growing waits, then given up.
	rc.mu.Lock()
	rc.fail = 1000
	rc.mu.Unlock()
	o2 := gen.Order(demo.Stores[1], demo.ScenarioNew).Order
	if err := st.CreateOrder(ctx, actor, o2); err != nil {
		t.Fatal(err)
	}
	attempts := 0
	for i := 0; i < 200 && attempts < 50; i++ {
		n, err := w.RunOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		attempts += n
		clk.Add(5 * time.Minute)
	}
	ds, err := st.Deliveries(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if ds[0].Status != "failed" || ds[0].Attempts < 4 || ds[0].Attempts > 12 || ds[0].LastStatus != http.StatusServiceUnavailable {
		t.Errorf("the undeliverable event: %+v", ds[0])
	}
	// Resend puts it back, due now.
	rc.mu.Lock()
	rc.fail = 0
	rc.mu.Unlock()
	if err := st.ResendDelivery(ctx, actor, ds[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := w.RunOnce(ctx); n != 1 || rc.accepted[ds[0].ID] != 1 {
		t.Errorf("resend: posted %d, accepted %v", n, rc.accepted)
	}
}

// TestWorkersShareTheQueue: two workers at once deliver every event exactly once.
func TestWorkersShareTheQueue(t *testing.T) {
	t.Parallel()
	conn := dbtest.New(t)
	st := store.New(conn, nil)
	ctx := context.Background()
	rc := &receiver{accepted: map[string]int{}}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	sub, err := st.CreateSubscription(ctx, actor, srv.URL, []string{store.EventOrderCreated}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rc.secret = sub.Secret
	for _, d := range demo.NewGenerator(2, time.Now(), order.DefaultStatusRules()).Orders(45) {
		if err := st.CreateOrder(ctx, actor, d.Order); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker(st)
			for {
				n, err := w.RunOnce(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				if n == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(rc.accepted) != 45 {
		t.Errorf("%d deliveries accepted, want 45", len(rc.accepted))
	}
	for id, n := range rc.accepted {
		if n != 1 {
			t.Errorf("delivery %s posted %d times", id, n)
		}
	}
}
