package web_test

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/config"
	"orderdesk/internal/gateways"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// paymentServer is a server with the Test gateway plugged in, its demo orders, a manager key
// and an open order to add payments to.
func paymentServer(t *testing.T) (*testenv.Server, string, *order.CustomerOrder) {
	t.Helper()
	srv := testenv.NewServer(t, func(c *config.Config) { c.Payments.TestGatewaySecret = "test-secret" })
	for _, d := range srv.SeedDemo(t, 5, 12) {
		if !d.Order.IsReadOnly() && len(d.Order.InPayments) < 3 {
			return srv, managerKey(t, srv), d.Order
		}
	}
	t.Fatal("no open demo order")
	return nil, "", nil
}

// addPayment adds a new payment of sum on o through the API and returns its id.
func addPayment(t *testing.T, srv *testenv.Server, key string, o *order.CustomerOrder, gateway string) string {
	t.Helper()
	status, created := apiSend(t, http.MethodPost, srv.URL+"/api/order/payments", key, map[string]any{"orderId": o.ID, "sum": 25, "gatewayCode": gateway})
	if status != http.StatusOK || created["id"] == nil {
		t.Fatalf("new %s payment: %d %v", gateway, status, created)
	}
	return created["id"].(string)
}

func paymentOf(t *testing.T, srv *testenv.Server, orderID, pid string) (*order.CustomerOrder, *order.PaymentIn) {
	t.Helper()
	o, err := srv.Store.Order(context.Background(), orderID)
	if err != nil {
		t.Fatal(err)
	}
	p := o.Payment(pid)
	if p == nil {
		t.Fatalf("payment %s is gone", pid)
	}
	return o, p
}

// TestAPIProcessPayment: Virto's processPayment sends a payment to the gateway its code names
// and records the outcome in one audited save: the manual method marks it paid, the Test
// gateway authorizes a card and declines its magic number (the decline recorded too). A payment
// already authorized is 409, an unknown gateway 422, unknown orders and payments 404, bad card
// details 400, a key without order:update 403.
func TestAPIProcessPayment(t *testing.T) {
	t.Parallel()
	srv, key, o := paymentServer(t)
	process := func(pid string, body any) (int, map[string]any) {
		return apiSend(t, http.MethodPost, srv.URL+"/api/order/customerOrders/"+o.ID+"/processPayment/"+pid, key, body)
	}

	manual := addPayment(t, srv, key, o, gateways.ManualCode)
	_, before := paymentOf(t, srv, o.ID, manual)
	status, body := process(manual, nil)
	if status != http.StatusOK || body["isSuccess"] != true || body["newPaymentStatus"] != "Paid" {
		t.Fatalf("manual: %d %v", status, body)
	}
	after, p := paymentOf(t, srv, o.ID, manual)
	if p.PaymentStatus() != order.PaymentPaid || p.CapturedDate == nil || len(p.Transactions) != len(before.Transactions)+1 || !p.Transactions[len(p.Transactions)-1].IsProcessed {
		t.Errorf("manual payment: %s captured %v, %d transactions", p.Status, p.CapturedDate, len(p.Transactions))
	}
	history, _ := srv.Store.OrderHistory(context.Background(), o.ID)
	audited := false
	for _, cs := range history {
		audited = audited || (cs.Version == after.Version && cs.Source == store.SourceAPI)
	}
	if !audited {
		t.Errorf("no API change set for version %d", after.Version)
	}

	card := addPayment(t, srv, key, o, gateways.TestCode)
	status, body = process(card, map[string]any{"bankCardNumber": "4111 1111 1111 1111", "bankCardMonth": 12, "bankCardYear": 2030, "bankCardCVV2": "123", "cardholderName": "Ava Silva"})
	if status != http.StatusOK || body["isSuccess"] != true || body["newPaymentStatus"] != "Authorized" || !strings.HasPrefix(body["outerId"].(string), "test-") {
		t.Fatalf("test card: %d %v", status, body)
	}
	if _, p := paymentOf(t, srv, o.ID, card); p.PaymentStatus() != order.PaymentAuthorized || p.AuthorizedDate == nil || p.OuterID != body["outerId"] {
		t.Errorf("authorized payment: %s %v %q", p.Status, p.AuthorizedDate, p.OuterID)
	}
	if status, body := process(card, nil); status != http.StatusConflict || !strings.Contains(body["message"].(string), "Authorized") {
		t.Errorf("processing an authorized payment again: %d %v", status, body)
	}

	declined := addPayment(t, srv, key, o, gateways.TestCode)
	status, body = process(declined, map[string]any{"bankCardNumber": gateways.DeclinedCard, "bankCardMonth": 1, "bankCardYear": 2031})
	if status != http.StatusOK || body["isSuccess"] != false || body["errorMessage"] != "The card was declined." || body["newPaymentStatus"] != "Declined" {
		t.Fatalf("declined card: %d %v", status, body)
	}
	if _, p := paymentOf(t, srv, o.ID, declined); p.PaymentStatus() != order.PaymentDeclined || p.Transactions[len(p.Transactions)-1].ProcessError == "" {
		t.Errorf("declined payment: %s, its log %+v", p.Status, p.Transactions)
	}

	// Refusals change nothing.
	stripe := addPayment(t, srv, key, o, "Stripe")
	current, _ := paymentOf(t, srv, o.ID, stripe)
	for name, c := range map[string]struct {
		pid    string
		body   any
		status int
	}{
		"no such gateway":  {stripe, nil, http.StatusUnprocessableEntity},
		"no such payment":  {"nope", nil, http.StatusNotFound},
		"month 13":         {stripe, map[string]any{"bankCardNumber": "4111111111111111", "bankCardMonth": 13, "bankCardYear": 2030}, http.StatusBadRequest},
		"letters for card": {stripe, map[string]any{"bankCardNumber": "4111-abcd", "bankCardMonth": 1, "bankCardYear": 2030}, http.StatusBadRequest},
		"not an object":    {stripe, []int{1}, http.StatusBadRequest},
	} {
		if status, body := process(c.pid, c.body); status != c.status || body["message"] == nil {
			t.Errorf("%s: %d %v, want %d", name, status, body, c.status)
		}
	}
	if status, _ := apiSend(t, http.MethodPost, srv.URL+"/api/order/customerOrders/nope/processPayment/"+stripe, key, nil); status != http.StatusNotFound {
		t.Errorf("unknown order: %d", status)
	}
	field, _, err := srv.Store.CreateAPIKey(context.Background(), store.Actor{Label: "admin", Source: store.SourceDesk}, store.NewAPIKey{Name: "Warehouse", RoleCode: auth.RoleField})
	if err != nil {
		t.Fatal(err)
	}
	if status, body := apiSend(t, http.MethodPost, srv.URL+"/api/order/customerOrders/"+o.ID+"/processPayment/"+stripe, field, nil); status != http.StatusForbidden ||
		!strings.Contains(body["message"].(string), "does not include order:update") {
		t.Errorf("a field key: %d %v, want 403 for order:update", status, body)
	}
	if again, _ := paymentOf(t, srv, o.ID, stripe); again.Version != current.Version {
		t.Errorf("a refused request saved: version %d, was %d", again.Version, current.Version)
	}
}

// TestAPIPaymentCallback: the Test gateway's payment page posts a signed callback that marks
// the payment paid; a forged one (a status, amount or payment changed, or no signature) changes
// nothing and is answered as Virto answers a callback no gateway takes; a replay is 409; a key
// without order:payment:execute_callback is 403.
func TestAPIPaymentCallback(t *testing.T) {
	t.Parallel()
	srv, key, o := paymentServer(t)
	pid := addPayment(t, srv, key, o, gateways.TestCode)
	status, body := apiSend(t, http.MethodPost, srv.URL+"/api/order/customerOrders/"+o.ID+"/processPayment/"+pid, key, nil)
	if status != http.StatusOK || body["newPaymentStatus"] != "Pending" || body["htmlForm"] == nil {
		t.Fatalf("payment page: %d %v", status, body)
	}
	form := map[string]string{}
	for _, m := range regexp.MustCompile(`name="(\w+)" value="([^"]*)"`).FindAllStringSubmatch(body["htmlForm"].(string), -1) {
		form[m[1]] = html.UnescapeString(m[2])
	}
	if form["signature"] == "" || form["paymentid"] != pid || form["orderid"] != o.Number {
		t.Fatalf("the payment page's form: %v", form)
	}
	callback := func(key string, params map[string]string) (int, map[string]any) {
		var list []map[string]string
		for k, v := range params {
			list = append(list, map[string]string{"key": k, "value": v})
		}
		return apiSend(t, http.MethodPost, srv.URL+"/api/paymentcallback", key, map[string]any{"parameters": list})
	}
	with := func(k, v string) map[string]string {
		out := map[string]string{}
		for a, b := range form {
			out[a] = b
		}
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
		return out
	}
	pending, _ := paymentOf(t, srv, o.ID, pid)
	for name, forged := range map[string]map[string]string{
		"status changed":    with("status", "Authorized"),
		"amount changed":    with("amount", "2.50"),
		"other signature":   with("signature", strings.Repeat("ab", 32)),
		"no signature":      with("signature", ""),
		"other payment":     with("paymentid", o.InPayments[0].ID),
		"another gateway's": with("code", gateways.ManualCode),
	} {
		status, body := callback(key, forged)
		if status != http.StatusOK || body["isSuccess"] != false || body["errorMessage"] != "Payment method not found" {
			t.Errorf("%s: %d %v", name, status, body)
		}
	}
	if now, p := paymentOf(t, srv, o.ID, pid); now.Version != pending.Version || p.PaymentStatus() != order.PaymentPending {
		t.Fatalf("a forged callback changed the payment: %s, order version %d (was %d)", p.Status, now.Version, pending.Version)
	}
	if status, body := callback(key, with("orderid", "")); status != http.StatusBadRequest || body["message"] == nil {
		t.Errorf("no orderid: %d %v", status, body)
	}
	clerk, _, err := srv.Store.CreateAPIKey(context.Background(), store.Actor{Label: "admin", Source: store.SourceDesk}, store.NewAPIKey{Name: "Desk", RoleCode: auth.RoleClerk})
	if err != nil {
		t.Fatal(err)
	}
	if status, body := callback(clerk, form); status != http.StatusForbidden || !strings.Contains(body["message"].(string), string(auth.PaymentExecuteCallback)) {
		t.Errorf("a clerk's key: %d %v, want 403", status, body)
	}

	// The genuine callback, as the page's form posts it.
	values := url.Values{}
	for k, v := range form {
		values.Set(k, v)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/paymentcallback-form", strings.NewReader(values.Encode()))
	req.Header.Set("api_key", key)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(raw), `"isSuccess":true`) || !strings.Contains(string(raw), `"orderId":"`+o.Number+`"`) {
		t.Fatalf("the genuine callback: %d %s", res.StatusCode, raw)
	}
	if _, p := paymentOf(t, srv, o.ID, pid); p.PaymentStatus() != order.PaymentPaid || p.CapturedDate == nil {
		t.Errorf("after the callback the payment is %s", p.Status)
	}
	if status, body := callback(key, form); status != http.StatusConflict || body["message"] == nil {
		t.Errorf("the callback replayed: %d %v", status, body)
	}
}
