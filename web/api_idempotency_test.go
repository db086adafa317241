package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

type rawAnswer struct {
	status int
	header http.Header
	body   []byte
}

// apiRaw sends body as it is with the API key and, when set, an Idempotency-Key.
func apiRaw(t *testing.T, method, url, key, idemKey, body string) rawAnswer {
	t.Helper()
	req, _ := http.NewRequest(method, url, bytes.NewReader([]byte(body)))
	req.Header.Set("api_key", key)
	req.Header.Set("Content-Type", "application/json")
	if idemKey != "" {
		req.Header.Set("Idempotency-Key", idemKey)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return rawAnswer{}
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return rawAnswer{status: res.StatusCode, header: res.Header, body: b}
}

// openOrder is an order of the fixture that is not cancelled, reloaded from the store.
func openOrder(t *testing.T, srv *testenv.Server, orders []order.CustomerOrder) *order.CustomerOrder {
	t.Helper()
	for _, o := range orders {
		if !o.IsCancelled {
			got, err := srv.Store.Order(context.Background(), o.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
	}
	t.Fatal("no open order in the fixture")
	return nil
}

func countPayments(t *testing.T, srv *testenv.Server, id string) (payments, changeSets int) {
	t.Helper()
	o, err := srv.Store.Order(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	h, err := srv.Store.OrderHistory(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return len(o.InPayments), len(h)
}

// TestAPIIdempotencyKeyMakesRetriesSafe: a payment POSTed twice with one Idempotency-Key is
// made once and answered twice the same; the key with another body is 422 and changes nothing;
// another API key's same key is its own; parallel repeats make one payment; after 24 hours
// the key is free again.
func TestAPIIdempotencyKeyMakesRetriesSafe(t *testing.T) {
	t.Parallel()
	srv, demoOrders := listServer(t)
	ctx := context.Background()
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	erp, _, err := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "ERP", RoleCode: auth.RoleManager})
	if err != nil {
		t.Fatal(err)
	}
	shop, _, err := srv.Store.CreateAPIKey(ctx, admin, store.NewAPIKey{Name: "Shop", RoleCode: auth.RoleManager})
	if err != nil {
		t.Fatal(err)
	}
	var plain []order.CustomerOrder
	for _, d := range demoOrders {
		plain = append(plain, *d.Order)
	}
	o := openOrder(t, srv, plain)
	url := srv.URL + "/api/order/payments"
	body := `{"orderId":"` + o.ID + `","gatewayCode":"invoice","sum":5,"currency":"` + o.Currency + `"}`
	payments0, sets0 := countPayments(t, srv, o.ID)

	first := apiRaw(t, http.MethodPost, url, erp, "pay-0001", body)
	if first.status != http.StatusOK || first.header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("first: %d %s", first.status, first.body)
	}
	again := apiRaw(t, http.MethodPost, url, erp, "pay-0001", body)
	if again.status != http.StatusOK || !bytes.Equal(again.body, first.body) || again.header.Get("Idempotent-Replayed") != "true" ||
		again.header.Get("Content-Type") != first.header.Get("Content-Type") {
		t.Errorf("repeat: %d %q %s, want the first answer %s", again.status, again.header.Get("Idempotent-Replayed"), again.body, first.body)
	}
	if p, s := countPayments(t, srv, o.ID); p != payments0+1 || s != sets0+1 {
		t.Errorf("after a repeat: %d payments, %d change sets; want %d and %d", p, s, payments0+1, sets0+1)
	}

	// The same key with another request: refused, nothing done.
	other := apiRaw(t, http.MethodPost, url, erp, "pay-0001", `{"orderId":"`+o.ID+`","gatewayCode":"invoice","sum":6,"currency":"`+o.Currency+`"}`)
	var refusal struct {
		Message string            `json:"message"`
		Errors  map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(other.body, &refusal); err != nil || other.status != http.StatusUnprocessableEntity ||
		refusal.Message == "" || refusal.Errors["Idempotency-Key"] == "" {
		t.Errorf("same key, other body: %d %s", other.status, other.body)
	}
	if p, _ := countPayments(t, srv, o.ID); p != payments0+1 {
		t.Errorf("a refused repeat made a payment: %d", p)
	}

	// Another API key's same key is its own.
	if res := apiRaw(t, http.MethodPost, url, shop, "pay-0001", body); res.status != http.StatusOK || res.header.Get("Idempotent-Replayed") != "" {
		t.Errorf("another key's same Idempotency-Key: %d %q", res.status, res.header.Get("Idempotent-Replayed"))
	}
	if p, _ := countPayments(t, srv, o.ID); p != payments0+2 {
		t.Errorf("another key's request: %d payments, want %d", p, payments0+2)
	}

	// Parallel repeats while the first is running: one payment, one answer.
	const parallel = 8
	answers := make([]rawAnswer, parallel)
	var wg sync.WaitGroup
	for i := range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers[i] = apiRaw(t, http.MethodPost, url, erp, "pay-0002", body)
		}()
	}
	wg.Wait()
	for i, a := range answers {
		if a.status != http.StatusOK || !bytes.Equal(a.body, answers[0].body) {
			t.Errorf("parallel repeat %d: %d %s, want %s", i, a.status, a.body, answers[0].body)
		}
	}
	if p, s := countPayments(t, srv, o.ID); p != payments0+3 || s != sets0+3 {
		t.Errorf("after %d parallel repeats: %d payments, %d change sets; want %d and %d", parallel, p, s, payments0+3, sets0+3)
	}

	// A PATCH replays its 204 and version header.
	patchURL := srv.URL + "/api/order/customerOrders/" + o.ID
	ops := `[{"op":"replace","path":"/comment","value":"once"}]`
	p1 := apiRaw(t, http.MethodPatch, patchURL, erp, "patch-1", ops)
	p2 := apiRaw(t, http.MethodPatch, patchURL, erp, "patch-1", ops)
	if p1.status != http.StatusNoContent || p2.status != http.StatusNoContent || p1.header.Get("X-Order-Version") == "" ||
		p2.header.Get("X-Order-Version") != p1.header.Get("X-Order-Version") || p2.header.Get("Idempotent-Replayed") != "true" {
		t.Errorf("patch twice: %d v%s, %d v%s replayed %q", p1.status, p1.header.Get("X-Order-Version"),
			p2.status, p2.header.Get("X-Order-Version"), p2.header.Get("Idempotent-Replayed"))
	}

	// A key that is not one: 400.
	if res := apiRaw(t, http.MethodPost, url, erp, string(bytes.Repeat([]byte("k"), 256)), body); res.status != http.StatusBadRequest {
		t.Errorf("a 256-character key: %d %s", res.status, res.body)
	}

	// After the window the key is free again: a new payment.
	srv.Clock.Advance(store.IdempotencyWindow + time.Minute)
	if res := apiRaw(t, http.MethodPost, url, erp, "pay-0001", body); res.status != http.StatusOK || res.header.Get("Idempotent-Replayed") != "" {
		t.Errorf("the key after 24 h: %d %q", res.status, res.header.Get("Idempotent-Replayed"))
	}
	if p, _ := countPayments(t, srv, o.ID); p != payments0+4 {
		t.Errorf("after 24 h: %d payments, want %d", p, payments0+4)
	}
}

// TestAPIIdempotencyKeyOnCapture: a capture retried with its key is recorded once.
func TestAPIIdempotencyKeyOnCapture(t *testing.T) {
	t.Parallel()
	srv, demoOrders := listServer(t)
	ctx := context.Background()
	key, _, _ := srv.Store.CreateAPIKey(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, store.NewAPIKey{Name: "Gateway", RoleCode: auth.RoleManager})
	var o *order.CustomerOrder
	for _, d := range demoOrders {
		if !d.Order.IsCancelled && len(d.Order.InPayments) == 1 && len(d.Order.InPayments[0].Captures) == 0 && len(d.Order.InPayments[0].Refunds) == 0 {
			o = d.Order
			break
		}
	}
	if o == nil {
		t.Fatal("no order with one plain payment")
	}
	stored, _ := srv.Store.Order(ctx, o.ID)
	stored.InPayments[0].Status = "Authorized"
	if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "setup", Source: store.SourceSystem, Reason: "test setup"}, stored); err != nil {
		t.Fatal(err)
	}
	body := `{"paymentId":"` + stored.InPayments[0].ID + `","amount":1,"transactionId":"gw-7"}`
	url := srv.URL + "/api/order/payments/payment/capture"
	for i := range 3 {
		if res := apiRaw(t, http.MethodPost, url, key, "capture-gw-7", body); res.status != http.StatusOK {
			t.Fatalf("capture %d: %d %s", i, res.status, res.body)
		}
	}
	after, _ := srv.Store.Order(ctx, o.ID)
	if n := len(after.InPayments[0].Captures); n != 1 {
		t.Errorf("three tries with one key made %d captures", n)
	}
}
