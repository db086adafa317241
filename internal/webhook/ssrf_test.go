package webhook_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"orderdesk/db/dbtest"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/policy"
	"orderdesk/internal/store"
	"orderdesk/internal/webhook"
)

// TestDeliveriesReachNoPrivateAddress: the delivery client refuses loopback, private,
// link-local, unspecified and multicast addresses when it dials (so no DNS answer can point it
// inside), unless private addresses are allowed; it follows no redirect.
func TestDeliveriesReachNoPrivateAddress(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	inside := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer inside.Close()
	post := func(c *http.Client, url string) (*http.Response, error) {
		res, err := c.Post(url, "application/json", strings.NewReader("{}"))
		if err == nil {
			res.Body.Close()
		}
		return res, err
	}
	strict := webhook.NewClient(5*time.Second, false)
	for _, url := range []string{inside.URL, "http://localhost:" + inside.URL[strings.LastIndex(inside.URL, ":")+1:],
		"http://10.0.0.1:3307/", "http://169.254.169.254/latest/meta-data", "http://[::1]:3307/", "http://0.0.0.0:3307/", "http://224.0.0.1/"} {
		if _, err := post(strict, url); err == nil || !strings.Contains(err.Error(), "not allowed") {
			t.Errorf("POST %s: %v, want it refused", url, err)
		}
	}
	if hits.Load() != 0 {
		t.Fatalf("the internal server was reached %d times", hits.Load())
	}
	open := webhook.NewClient(5*time.Second, true)
	if res, err := post(open, inside.URL); err != nil || res.StatusCode != http.StatusOK || hits.Load() != 1 {
		t.Fatalf("allow_private: %v %v, hits %d", res, err, hits.Load())
	}
	// No redirects: the 3xx is the answer.
	redirector := httptest.NewServer(http.RedirectHandler(inside.URL+"/internal", http.StatusFound))
	defer redirector.Close()
	if res, err := post(open, redirector.URL); err != nil || res.StatusCode != http.StatusFound || hits.Load() != 1 {
		t.Errorf("a redirect: %v %v, hits %d (followed)", res, err, hits.Load())
	}
}

// TestDeliveryLogShowsNoAnswer: the delivery log keeps the status code and timing, never what
// the subscriber's server answered.
func TestDeliveryLogShowsNoAnswer(t *testing.T) {
	t.Parallel()
	conn := dbtest.New(t)
	clk := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	st := store.New(conn, clk.Now)
	ctx := context.Background()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte("root:x:0:0 internal-secret"))
	}))
	defer srv.Close()
	if _, err := st.CreateSubscription(ctx, actor, srv.URL+"/hooks", []string{store.EventOrderCreated}, nil); err != nil {
		t.Fatal(err)
	}
	o := demo.NewGenerator(9, clk.Now(), order.DefaultStatusRules()).Order(demo.Stores[0], demo.ScenarioNew).Order
	if err := st.CreateOrder(ctx, actor, o); err != nil {
		t.Fatal(err)
	}
	if n, err := newWorker(st).RunOnce(ctx); err != nil || n != 1 {
		t.Fatalf("posted %d, %v", n, err)
	}
	ds, err := st.Deliveries(ctx, 10)
	if err != nil || len(ds) != 1 {
		t.Fatalf("deliveries %v %v", ds, err)
	}
	if d := ds[0]; strings.Contains(d.LastError, "secret") || !strings.Contains(d.LastError, "500") {
		t.Errorf("the delivery log says %q", d.LastError)
	}
}

// TestSubscriptionsKeepTheirMakersScope: a subscription made by someone limited to one store
// and without read-prices gets only that store's events, without money; one whose unlimited
// maker chose a store gets only that store's; a store outside the maker's scope is refused.
func TestSubscriptionsKeepTheirMakersScope(t *testing.T) {
	t.Parallel()
	conn := dbtest.New(t)
	clk := &clock{t: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	st := store.New(conn, clk.Now)
	ctx := context.Background()
	books := store.Actor{UserID: "01JBOOKS000000000000000000", Label: "books@example.com", Source: store.SourceDesk,
		ScopeStores: "books-uk", Limits: policy.Limits{HidesPrices: true}}
	if _, err := st.CreateSubscription(ctx, books, "https://hooks.example/books", []string{store.EventOrderCreated}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateSubscription(ctx, actor, "https://hooks.example/all", []string{store.EventOrderCreated}, nil); err != nil {
		t.Fatal(err)
	}
	chosen := demo.Stores[len(demo.Stores)-1].ID
	if _, err := st.CreateSubscription(ctx, actor, "https://hooks.example/chosen", []string{store.EventOrderCreated}, []string{chosen}); err != nil {
		t.Fatal(err)
	}
	var fe order.Problems
	if _, err := st.CreateSubscription(ctx, books, "https://hooks.example/wider", []string{store.EventOrderCreated}, []string{chosen}); !errors.As(err, &fe) || fe["stores"] == "" {
		t.Errorf("a books-uk maker choosing %s: %v, want a message at stores", chosen, err)
	}
	gen := demo.NewGenerator(9, clk.Now(), order.DefaultStatusRules())
	for _, s := range demo.Stores {
		if err := st.CreateOrder(ctx, actor, gen.Order(s, demo.ScenarioNew).Order); err != nil {
			t.Fatal(err)
		}
	}
	ds, err := st.Deliveries(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	perURL := map[string]int{}
	for _, d := range ds {
		perURL[d.URL]++
		if d.URL == "https://hooks.example/chosen" && !strings.Contains(d.Payload, `"storeId":"`+chosen+`"`) {
			t.Errorf("the subscription narrowed to %s got another store's order: %.200s", chosen, d.Payload)
		}
		if d.URL != "https://hooks.example/books" {
			if !strings.Contains(d.Payload, `"total"`) {
				t.Errorf("the unlimited subscription lost the money: %s", d.Payload)
			}
			continue
		}
		if !strings.Contains(d.Payload, `"storeId":"books-uk"`) {
			t.Errorf("the books-uk subscription got another store's order: %.200s", d.Payload)
		}
		if strings.Contains(d.Payload, `"total"`) || strings.Contains(d.Payload, `"price"`) {
			t.Errorf("the price-hidden subscription got money: %.300s", d.Payload)
		}
	}
	if perURL["https://hooks.example/books"] != 1 || perURL["https://hooks.example/all"] != len(demo.Stores) ||
		perURL["https://hooks.example/chosen"] != 1 || perURL["https://hooks.example/wider"] != 0 {
		t.Errorf("deliveries per subscription: %v", perURL)
	}
}
