package web_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"orderdesk/internal/gateways"
	"orderdesk/internal/order"
)

// TestAPIWritesUnderConcurrency: many API clients at once on one order — adding products
// (the Order management module's add-items), adding payments and processing them with the
// manual gateway — beside readers of the order and of the search. Every write is answered
// 200 (the desk's edit retries on a version race, so nobody sees the race), no answer is a
// 5xx, and every acknowledged write is in the order afterwards, each in its own change set.
func TestAPIWritesUnderConcurrency(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	key := managerKey(t, srv)
	o := newBookShopOrder(t, orders)
	importCatalog(t, srv, "products", "sku,name,tax_type\nPEN-1,Red Pen,goods\n")
	importCatalog(t, srv, "prices", "price_list_id,currency,store_id,sku,min_quantity,list_price\nuk,GBP,books-uk,PEN-1,1,1.20\n")
	ctx := context.Background()
	before, err := srv.Store.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}

	const adders, payers, readers = 6, 4, 3
	var (
		mu       sync.Mutex
		failures []string
		paid     []string
		wg       sync.WaitGroup
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		failures = append(failures, fmt.Sprintf(format, args...))
	}
	done := make(chan struct{})
	for range adders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, body := apiSend(t, http.MethodPut, srv.URL+"/api/order-management/add-items/"+o.ID, key, []any{"PEN-1"})
			if status != http.StatusOK {
				fail("add-items: %d %v", status, body)
			}
		}()
	}
	for range payers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, created := apiSend(t, http.MethodPost, srv.URL+"/api/order/payments", key, map[string]any{"orderId": o.ID, "sum": 1, "gatewayCode": gateways.ManualCode})
			id, _ := created["id"].(string)
			if status != http.StatusOK || id == "" {
				fail("new payment: %d %v", status, created)
				return
			}
			status, body := apiSend(t, http.MethodPost, srv.URL+"/api/order/customerOrders/"+o.ID+"/processPayment/"+id, key, nil)
			if status != http.StatusOK || body["isSuccess"] != true {
				fail("process payment %s: %d %v", id, status, body)
				return
			}
			mu.Lock()
			paid = append(paid, id)
			mu.Unlock()
		}()
	}
	var readerWG sync.WaitGroup
	for i := range readers {
		readerWG.Add(1)
		go func() {
			defer readerWG.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				var status int
				if i%2 == 0 {
					status, _ = apiGet(t, srv.URL+"/api/order/customerOrders/"+o.ID, key)
				} else {
					status, _ = apiSend(t, http.MethodPost, srv.URL+"/api/order/customerOrders/search", key, map[string]any{"number": o.Number})
				}
				if status != http.StatusOK {
					fail("reader %d: %d", i, status)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(done)
	readerWG.Wait()
	for _, f := range failures {
		t.Error(f)
	}

	after, err := srv.Store.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	pens := 0
	for _, li := range after.Items {
		if li.Sku == "PEN-1" {
			pens += li.Quantity
		}
	}
	if pens != adders {
		t.Errorf("%d pens on the order after %d acknowledged add-items", pens, adders)
	}
	if len(paid) != payers {
		t.Fatalf("%d of %d payments went through", len(paid), payers)
	}
	for _, id := range paid {
		if p := after.Payment(id); p == nil || p.PaymentStatus() != order.PaymentPaid {
			t.Errorf("payment %s: %+v, want it paid", id, p)
		}
	}
	// Each acknowledged write is one saved version with its own change set: adders, plus a
	// new payment and its processing per payer.
	if want := before.Version + adders + 2*payers; after.Version != want {
		t.Errorf("version %d, want %d (%d before)", after.Version, want, before.Version)
	}
	history, err := srv.Store.OrderHistory(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	versions := map[int]int{}
	for _, cs := range history {
		versions[cs.Version]++
	}
	for v := before.Version + 1; v <= after.Version; v++ {
		if versions[v] != 1 {
			t.Errorf("version %d has %d change sets, want 1", v, versions[v])
		}
	}
}
