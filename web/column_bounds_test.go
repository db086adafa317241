package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// TestDeskFormsRefuseNumbersTheColumnsCannotHold: a price over 10^15, a price whose price with
// tax would be, a quantity over 2^31, 1e309, too many decimals and invalid UTF-8 are messages at
// the field (422), never a 500, and nothing is saved.
func TestDeskFormsRefuseNumbersTheColumnsCannotHold(t *testing.T) {
	t.Parallel()
	srv, o, ann, _ := editSetup(t)
	li := &o.Items[0]
	linePath := "/orders/" + o.ID + "/lines/" + li.ID + "/edit"
	price := func(v string) map[string]string {
		return map[string]string{"orig.price": li.Price.String(), "price": v, "reason": "test"}
	}
	for _, c := range []struct {
		name    string
		changes map[string]string
		want    string
	}{
		{"price over 10^15", price("10000000000000000"), "an amount can be at most 999,999,999,999,999.9999"},
		{"price whose total overflows", price("999999999999999"), "an amount can be at most 999,999,999,999,999.9999"},
		{"price with five decimals", price("1.23456"), "use at most 4 decimal places"},
		{"price 1e309", price("1e309"), "enter a number"},
		{"quantity over 2^31", map[string]string{"quantity": "3000000000"}, "must be from 1 to 1,000,000"},
		{"quantity times price overflows", map[string]string{"quantity": "1000000", "orig.price": li.Price.String(),
			"price": "999999999999", "reason": "test"}, "an amount can be at most"},
		{"tax rate with too many decimals", map[string]string{"orig.taxPercentRate": li.TaxPercentRate.String(),
			"taxPercentRate": "8.1234567", "reason": "test"}, "use at most 4 decimal places"},
		{"invalid UTF-8 comment", map[string]string{"comment": "gift \xff\xfe wrap"}, "invalid UTF-8"},
		{"invalid UTF-8 reason", map[string]string{"orig.price": li.Price.String(), "price": "1", "reason": "price \xff match"}, "invalid UTF-8"},
	} {
		res := ann.post(linePath, lineForm(ann, o, li, c.changes))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, c.want) {
			t.Errorf("%s: %d, want 422 saying %q\n%s", c.name, res.StatusCode, c.want, flashText(res.body))
		}
	}
	header := url.Values{"gorilla.csrf.Token": {ann.token("/orders/" + o.ID)}, "version": {fmt.Sprint(o.Version)},
		"orig.fee": {o.Fee.String()}, "fee": {"1000000000000000"}, "reason": {"test"}}
	if res := ann.post("/orders/"+o.ID+"/header", header); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.body, "an amount can be at most") {
		t.Errorf("order fee over 10^15: %d", res.StatusCode)
	}
	a := o.Addresses[0]
	addr := url.Values{"gorilla.csrf.Token": {ann.token("/orders/" + o.ID)}, "version": {fmt.Sprint(o.Version)},
		"orig.city": {a.City}, "city": {"K\xf6ln"}}
	if res := ann.post("/orders/"+o.ID+"/addresses/"+a.ID+"/edit", addr); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.body, "invalid UTF-8") {
		t.Errorf("a Latin-1 city: %d", res.StatusCode)
	}
	if got := reload(t, srv, o.ID); got.Version != o.Version {
		t.Fatalf("a refused form was saved: version %d → %d", o.Version, got.Version)
	}
}

// TestMoneyFormsRefuseNumbersTheColumnsCannotHold: the payment form's amounts too.
func TestMoneyFormsRefuseNumbersTheColumnsCannotHold(t *testing.T) {
	t.Parallel()
	srv, o, c := moneySetup(t, 63, demo.ScenarioPaid)
	for _, sum := range []string{"10000000000000000", "0.00001"} {
		res := c.postHX("/orders/"+o.ID+"/payments", moneyForm(c, o, map[string]string{"gatewayCode": "Cash", "sum": sum, "price": "0", "status": "New"}))
		expect422(t, srv, o, res)
	}
	res := c.postHX("/orders/"+o.ID+"/payments", moneyForm(c, o, map[string]string{"gatewayCode": "Cash \xff", "sum": "1", "price": "0", "status": "New"}))
	expect422(t, srv, o, res, "invalid UTF-8")
}

// TestAddLineRefusesNumbersTheColumnsCannotHold: adding a product with a quantity over 2^31
// or a typed price over 10^15 answers at the form.
func TestAddLineRefusesNumbersTheColumnsCannotHold(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	o := orders[0].Order
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	if _, err := srv.Store.ImportCatalog(ctx, admin, "products", strings.NewReader("sku,name,tax_type\nLAMP-1,Desk Lamp,goods\n"), nil); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	token := c.token("/orders/" + o.ID + "/products?q=lamp")
	for _, form := range []url.Values{
		{"gorilla.csrf.Token": {token}, "product": {"LAMP-1"}, "quantity": {"3000000000"}, "price": {"1"}},
		{"gorilla.csrf.Token": {token}, "product": {"LAMP-1"}, "quantity": {"1"}, "price": {"1e309"}},
		{"gorilla.csrf.Token": {token}, "product": {"LAMP-1"}, "quantity": {"1"}, "price": {"10000000000000000"}},
	} {
		if res := c.post("/orders/"+o.ID+"/lines", form); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("add %v: %d, want 422", form, res.StatusCode)
		}
	}
	if got := reload(t, srv, o.ID); got.Version != o.Version {
		t.Fatalf("a refused line was added: version %d → %d", o.Version, got.Version)
	}
}

// TestAPIRefusesNumbersTheColumnsCannotHold: PUT, PATCH, POST of an order and a payment, and a
// capture, with numbers over what their columns hold: 400 naming the field, never 500.
func TestAPIRefusesNumbersTheColumnsCannotHold(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	ctx := context.Background()
	key, _, err := srv.Store.CreateAPIKey(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, store.NewAPIKey{Name: "ERP", RoleCode: auth.RoleManager})
	if err != nil {
		t.Fatal(err)
	}
	o := orders[2].Order
	send := func(method, path, contentType, body string) (int, string) {
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("api_key", key)
		req.Header.Set("Content-Type", contentType)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	base := "/api/order/customerOrders"
	for _, c := range []struct{ ops, field string }{
		{`[{"op":"replace","path":"/items/0/price","value":1e16}]`, "items[0].price"},
		{`[{"op":"replace","path":"/items/0/price","value":1e309}]`, "items[0].price"},
		{`[{"op":"replace","path":"/items/0/price","value":1e-999999999}]`, ""},
		{`[{"op":"replace","path":"/items/0/quantity","value":3000000000}]`, "items[0].quantity"},
		{`[{"op":"replace","path":"/items/0/quantity","value":1000000},{"op":"replace","path":"/items/0/price","value":999999999999}]`, "items[0].extendedPrice"},
		{`[{"op":"replace","path":"/taxPercentRate","value":1e14}]`, "taxPercentRate"},
		// Found by FuzzOrderPatch: the patch library dereferences the missing value.
		{`[{"op":"test","path":""}]`, ""},
	} {
		status, body := send(http.MethodPatch, base+"/"+o.ID, "application/json-patch+json", c.ops)
		if status >= 500 || (c.field != "" && (status != http.StatusBadRequest || !strings.Contains(body, `"`+c.field+`"`))) {
			t.Errorf("PATCH %s: %d %s, want 400 naming %s", c.ops, status, body, c.field)
		}
	}
	whole, _ := srv.Store.Order(ctx, o.ID)
	for _, c := range []struct{ from, to, field string }{
		{`"quantity":` + fmt.Sprint(whole.Items[0].Quantity), `"quantity":2147483648`, "items[0].quantity"},
		{`"fee":`, `"fee":1e309,"x":`, "fee"},
	} {
		doc, _ := jsonOf(whole)
		if !strings.Contains(doc, c.from) {
			t.Fatalf("the order's JSON lacks %s", c.from)
		}
		doc = strings.Replace(doc, c.from, c.to, 1)
		for _, method := range []string{http.MethodPut, http.MethodPost} {
			status, body := send(method, base, "application/json", doc)
			if status != http.StatusBadRequest || !strings.Contains(body, `"`+c.field+`"`) {
				t.Errorf("%s with %s: %d %.300s, want 400 naming %s", method, c.to, status, body, c.field)
			}
		}
	}
	if status, body := send(http.MethodPost, "/api/order/payments", "application/json",
		`{"orderId":"`+o.ID+`","sum":1e16,"currency":"`+o.Currency+`"}`); status != http.StatusBadRequest || !strings.Contains(body, `"sum"`) {
		t.Errorf("a payment of 10^16: %d %s", status, body)
	}
	p := whole.InPayments[0]
	if status, body := send(http.MethodPost, "/api/order/payments/payment/capture", "application/json",
		`{"paymentId":"`+p.ID+`","amount":1e309}`); status != http.StatusBadRequest || !strings.Contains(body, "too large") {
		t.Errorf("a capture of 1e309: %d %s", status, body)
	}
	if got := reload(t, srv, o.ID); got.Version != o.Version {
		t.Fatalf("a refused body was saved: version %d → %d", o.Version, got.Version)
	}
}

func jsonOf(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// TestAdminFormsRefuseInvalidUTF8: a name or e-mail address that is not UTF-8 is a message at
// the field, not a database error (500), and nothing is created.
func TestAdminFormsRefuseInvalidUTF8(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "admin@example.com", auth.RoleAdministrator)
	kim := srv.CreateUser(t, "kim@example.com", auth.RoleClerk)
	a := newClient(t, srv)
	a.mustLogin("admin@example.com")
	token := a.token("/admin/users")
	for _, c := range []struct {
		path string
		form url.Values
	}{
		{"/admin/users", url.Values{"email": {"lee@example.com"}, "name": {"K\xf6ln"}, "password": {"a-long-password"}, "role": {"clerk"}}},
		{"/admin/users", url.Values{"email": {"l\xf6e@example.com"}, "name": {"Lee"}, "password": {"a-long-password"}, "role": {"clerk"}}},
		{"/admin/users/" + kim.ID, url.Values{"name": {"K\xf6ln"}, "role": {"clerk"}}},
		{"/admin/api-keys", url.Values{"name": {"K\xf6ln"}, "role": {"viewer"}}},
	} {
		c.form.Set("gorilla.csrf.Token", token)
		if res := a.post(c.path, c.form); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "invalid UTF-8") {
			t.Errorf("%s %v: %d, want 422 saying invalid UTF-8", c.path, c.form, res.StatusCode)
		}
	}
	users, err := srv.Store.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 2 {
		t.Errorf("%d users after refused forms, want 2", len(users))
	}
}
