package avatax_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/avatax"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
)

// fake is a local AvaTax that checks credentials and the request shapes of the v2 endpoints
// orderdesk uses, and records what it was sent.
type fake struct {
	mu    sync.Mutex
	calls []string
	sent  map[string]map[string]any
	t     *testing.T
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	user, pass, ok := r.BasicAuth()
	if !ok || user != "2000123" || pass != "LICENSE" {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":{"code":"AuthenticationException","message":"bad credentials"}}`))
		return
	}
	var body map[string]any
	if r.Method == http.MethodPost {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
	}
	f.mu.Lock()
	f.calls = append(f.calls, r.Method+" "+r.URL.Path)
	f.sent[r.URL.Path] = body
	f.mu.Unlock()
	switch {
	case r.URL.Path == "/api/v2/utilities/ping":
		_, _ = w.Write([]byte(`{"authenticated":true,"version":"22.0"}`))
	case r.URL.Path == "/api/v2/transactions/createoradjust":
		m, _ := body["createTransactionModel"].(map[string]any)
		if m["type"] != "SalesInvoice" || m["code"] == "" || m["companyCode"] != "ACME" || len(m["lines"].([]any)) == 0 {
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":{"message":"bad model"}}`))
			return
		}
		_, _ = w.Write([]byte(`{"id":1,"code":"` + m["code"].(string) + `","status":"Saved"}`))
	case strings.HasSuffix(r.URL.Path, "/void"), strings.HasSuffix(r.URL.Path, "/commit"):
		if !strings.HasPrefix(r.URL.Path, "/api/v2/companies/ACME/transactions/") {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	case r.URL.Path == "/api/v2/transactions/create":
		if body["type"] != "ReturnInvoice" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		_, _ = w.Write([]byte(`{"status":"Committed"}`))
	case r.URL.Path == "/api/v2/addresses/resolve":
		_, _ = w.Write([]byte(`{"validatedAddresses":[{"line1":"1 MAIN ST"}],"messages":[]}`))
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

func TestAvaTaxFlows(t *testing.T) {
	f := &fake{sent: map[string]map[string]any{}, t: t}
	srv := httptest.NewServer(f)
	defer srv.Close()
	settings := avatax.Settings{ServiceURL: srv.URL, AccountNumber: "2000123", LicenseKey: "LICENSE", CompanyCode: "ACME",
		ShipFrom: avatax.Address{Line1: "1 Depot Rd", City: "Reno", Region: "NV", PostalCode: "89501", Country: "United States"}}
	c := &avatax.Client{HTTP: &http.Client{Timeout: 5 * time.Second}, Settings: settings}
	ctx := context.Background()

	if err := c.Ping(ctx); err != nil {
		t.Fatalf("ping: %v", err)
	}
	o := demo.NewGenerator(4, time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), order.DefaultStatusRules()).Order(demo.Stores[0], demo.ScenarioCompleted).Order
	o.Number = "CO261123-00042"
	order.Recalculate(o, order.CurrencyFor(o.Currency))
	tx := avatax.SalesInvoice(o, settings, false)
	if err := c.CreateOrAdjust(ctx, tx); err != nil {
		t.Fatalf("create or adjust: %v", err)
	}
	sent := f.sent["/api/v2/transactions/createoradjust"]["createTransactionModel"].(map[string]any)
	lines := sent["lines"].([]any)
	if len(lines) != len(o.Items)+len(o.Shipments) || sent["code"] != o.Number || sent["currencyCode"] != o.Currency {
		t.Errorf("the SalesInvoice: %v", sent)
	}
	first := lines[0].(map[string]any)
	if first["itemCode"] != o.Items[0].Sku || decimal.NewFromFloat(first["amount"].(float64)).StringFixed(2) != o.Items[0].ExtendedPrice.StringFixed(2) {
		t.Errorf("first line %v, want sku %s amount %s", first, o.Items[0].Sku, o.Items[0].ExtendedPrice)
	}
	if addrs, _ := sent["addresses"].(map[string]any); addrs["shipFrom"] == nil || addrs["shipTo"] == nil {
		t.Errorf("addresses: %v", sent["addresses"])
	}
	if err := c.Commit(ctx, o.Number); err != nil {
		t.Errorf("commit: %v", err)
	}
	if err := c.Void(ctx, o.Number); err != nil {
		t.Errorf("void: %v", err)
	}
	r := &order.Refund{Amount: decimal.NewFromInt(12), ReasonCode: "RequestedByCustomer"}
	r.Number, r.ID = "RF261123-00001", "01RF"
	if err := c.Create(ctx, avatax.RefundOf(o, r, settings)); err != nil {
		t.Errorf("refund: %v", err)
	}
	refund := f.sent["/api/v2/transactions/create"]
	if refund["referenceCode"] != o.Number || refund["lines"].([]any)[0].(map[string]any)["amount"].(float64) != -12 {
		t.Errorf("the ReturnInvoice: %v", refund)
	}
	if _, err := c.ResolveAddress(ctx, avatax.Address{Line1: "1 Main St", City: "Reno", Country: "US"}); err != nil {
		t.Errorf("resolve address: %v", err)
	}
	want := []string{
		"GET /api/v2/utilities/ping",
		"POST /api/v2/transactions/createoradjust",
		"POST /api/v2/companies/ACME/transactions/CO261123-00042/commit",
		"POST /api/v2/companies/ACME/transactions/CO261123-00042/void",
		"POST /api/v2/transactions/create",
		"POST /api/v2/addresses/resolve",
	}
	if strings.Join(f.calls, "\n") != strings.Join(want, "\n") {
		t.Errorf("calls:\n%s", strings.Join(f.calls, "\n"))
	}

	// Wrong credentials: AvaTax's message comes back in the error.
	bad := &avatax.Client{HTTP: http.DefaultClient, Settings: avatax.Settings{ServiceURL: srv.URL, AccountNumber: "x", LicenseKey: "y", CompanyCode: "ACME"}}
	var ae *avatax.Error
	if err := bad.Ping(ctx); !errors.As(err, &ae) || ae.Status != http.StatusUnauthorized || ae.Message != "bad credentials" {
		t.Errorf("bad credentials: %v", err)
	}
}
