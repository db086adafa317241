package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// TestAdminCurrencies: an administrator lists, adds and edits currencies, bad input comes back
// at its field (422, nothing saved), a clerk (without admin:settings) may not (403), and an
// edited rule is what the order page, the list and the API show an order's total with.
func TestAdminCurrencies(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	srv.CreateUser(t, "admin@example.com", auth.RoleAdministrator)
	ctx := context.Background()
	a := newClient(t, srv)
	a.mustLogin("admin@example.com")

	page := a.get("/admin/currencies")
	if page.StatusCode != http.StatusOK || !page.has(testid("currency-CHF")) || !page.hasText(testid("currency-CHF")+" td", "Rounding001") {
		t.Fatalf("the list: %d, CHF row %q", page.StatusCode, page.text(testid("currency-CHF")))
	}
	if !a.get("/admin").has(`a[href="/admin/currencies"]`) {
		t.Error("the admin index does not link the currencies")
	}
	token := a.token("/admin/currencies")
	add := func(fields map[string]string) response {
		f := url.Values{"gorilla.csrf.Token": {token}, "code": {"XTS"}, "name": {"Test currency"}, "symbol": {"¤"},
			"decimal_digits": {"3"}, "midpoint_rounding": {"ToEven"}, "rounding_type": {"Rounding001"}}
		for k, v := range fields {
			f.Set(k, v)
		}
		return a.post("/admin/currencies", f)
	}
	for _, bad := range []struct {
		field, value, says string
	}{
		{"code", "xts", "three capital letters"},
		{"code", "XT", "three capital letters"},
		{"decimal_digits", "5", "from 0 to 4"},
		{"decimal_digits", "x", "from 0 to 4"},
		{"midpoint_rounding", "Bankers", "must be one of AwayFromZero"},
		{"rounding_type", "Rounding005", "must be one of Rounding001"},
		{"name", "", "is required"},
		{"code", "CHF", "CHF is a currency already"},
	} {
		res := add(map[string]string{bad.field: bad.value})
		if res.StatusCode != http.StatusUnprocessableEntity || !res.has(`[name="`+bad.field+`"][aria-invalid="true"]`) ||
			!strings.Contains(res.text(`.has-error .error`), bad.says) {
			t.Errorf("%s %q: %d, field message %q, want %q", bad.field, bad.value, res.StatusCode, res.text(`.has-error .error`), bad.says)
		}
	}
	if _, ok := currencies(t, srv).Lookup("XTS"); ok {
		t.Fatal("a refused form added XTS")
	}
	if res := add(nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add XTS: %d %s", res.StatusCode, flashText(res.body))
	}
	if c, ok := currencies(t, srv).Lookup("XTS"); !ok || c.DecimalDigits != 3 || c.Midpoint != order.ToEven || c.Symbol != "¤" {
		t.Fatalf("XTS stored as %+v (%v)", c, ok)
	}

	// Edit the currency of an order to whole units, rounded up.
	o := orders[0].Order
	code := o.Currency
	edit := a.get("/admin/currencies/" + code)
	if edit.StatusCode != http.StatusOK || !edit.has(`form[action="/admin/currencies/`+code+`"]`) {
		t.Fatalf("the edit page of %s: %d", code, edit.StatusCode)
	}
	editForm := url.Values{"gorilla.csrf.Token": {token}, "name": {"Renamed"}, "symbol": {"S"},
		"decimal_digits": {"2"}, "midpoint_rounding": {"AwayFromZero"}, "rounding_type": {"Rounding7"}}
	if res := a.post("/admin/currencies/"+code, editForm); res.StatusCode != http.StatusUnprocessableEntity ||
		!res.has(`[name="rounding_type"][aria-invalid="true"]`) {
		t.Errorf("an unknown rounding type: %d", res.StatusCode)
	}
	editForm.Set("rounding_type", "Rounding1Up")
	if res := a.post("/admin/currencies/"+code, editForm); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit %s: %d %s", code, res.StatusCode, flashText(res.body))
	}
	if res := a.post("/admin/currencies/QQQ", editForm); res.StatusCode != http.StatusNotFound {
		t.Errorf("editing a currency that does not exist: %d", res.StatusCode)
	}
	if a.get("/admin/currencies/QQQ").StatusCode != http.StatusNotFound {
		t.Error("the page of a currency that does not exist")
	}
	var audited int
	if err := srv.Store.DB().Get(&audited, `SELECT COUNT(*) FROM security_events WHERE action IN ('currency.created', 'currency.updated') AND actor_label = 'admin@example.com'`); err != nil || audited != 2 {
		t.Errorf("%d currency changes audited (%v), want 2", audited, err)
	}

	// The order's total follows: the store, the order page, the API and, once saved, the list.
	got := reload(t, srv, o.ID)
	if !got.Total.Equal(got.Total.Ceil()) || got.CurrencyRule().RoundingType != order.Rounding1Up {
		t.Fatalf("with Rounding1Up the order's total is %s", got.Total)
	}
	shown := got.CurrencyRule().Fixed(got.Total) + " " + code
	if !strings.Contains(a.get("/orders/"+o.ID).body, shown) {
		t.Errorf("the order page does not show the total %s", shown)
	}
	key := managerKey(t, srv)
	if status, body := apiGet(t, srv.URL+"/api/order/customerOrders/"+o.ID, key); status != http.StatusOK ||
		!decimalOf(body["total"].(float64)).Equal(got.Total) {
		t.Errorf("the API's total %v, the order's %s", body["total"], got.Total)
	}
	got.Items[0].Comment = "saved under the new rule"
	if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "test", Source: store.SourceDesk}, got); err != nil {
		t.Fatal(err)
	}
	if list := a.get("/orders?q=" + url.QueryEscape(o.Number) + "&col=number&col=total"); !strings.Contains(list.body, got.CurrencyRule().Fixed(got.Total)) {
		t.Errorf("the list does not show the total %s", got.CurrencyRule().Fixed(got.Total))
	}

	// Not for a clerk.
	m := newClient(t, srv)
	m.mustLogin("clerk@example.com")
	if res := m.get("/admin/currencies"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a clerk reads the currencies: %d", res.StatusCode)
	}
	if res := m.post("/admin/currencies/"+code, url.Values{"gorilla.csrf.Token": {m.token("/orders")}, "name": {"x"},
		"decimal_digits": {"0"}, "midpoint_rounding": {"AwayFromZero"}, "rounding_type": {"Rounding001"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a clerk edits a currency: %d", res.StatusCode)
	}
	if c, _ := currencies(t, srv).Lookup(code); c.Name != "Renamed" {
		t.Errorf("after the clerk's try %s is %+v", code, c)
	}
}

func currencies(t *testing.T, srv *testenv.Server) order.Currencies {
	t.Helper()
	cs, err := srv.Store.Currencies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// TestAPIRefusesUnknownCurrency: an order created, replaced or patched into a currency that is
// not one of the desk's is 422 with the field named; nothing is saved.
func TestAPIRefusesUnknownCurrency(t *testing.T) {
	t.Parallel()
	srv, orders := listServer(t)
	key := managerKey(t, srv)
	base := srv.URL + "/api/order/customerOrders"
	says := func(what string, status int, body map[string]any, field string) {
		t.Helper()
		errs, _ := body["errors"].(map[string]any)
		msg, _ := errs[field].(string)
		if status != http.StatusUnprocessableEntity || !strings.Contains(msg, "XTS is not a currency of this desk") ||
			!strings.Contains(fmt.Sprint(body["message"]), "currency") {
			t.Errorf("%s: %d %v", what, status, body)
		}
	}

	fresh := orders[1].Order.Clone()
	fresh.ID, fresh.Number = "", ""
	fresh.Currency = "XTS"
	status, body := apiSend(t, http.MethodPost, base, key, fresh)
	says("POST in XTS", status, body, "currency")

	o := reload(t, srv, orders[2].Order.ID)
	put := o.Clone()
	put.Items[0].Currency = "xts"
	status, body = apiSend(t, http.MethodPut, base, key, put)
	says("PUT with a line in XTS", status, body, "items[0].currency")

	req, _ := http.NewRequest(http.MethodPatch, base+"/"+o.ID, strings.NewReader(`[{"op":"replace","path":"/currency","value":"XTS"}]`))
	req.Header.Set("api_key", key)
	req.Header.Set("Content-Type", "application/json-patch+json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("PATCH to XTS: %d", res.StatusCode)
	}
	if got := reload(t, srv, o.ID); got.Version != o.Version || got.Currency != o.Currency {
		t.Errorf("a refused write was saved: v%d %s", got.Version, got.Currency)
	}

	// Once the currency exists, the same order is taken.
	if _, err := srv.Store.SaveCurrency(context.Background(), store.Actor{Label: "admin", Source: store.SourceDesk},
		order.CurrencyInput{Code: "XTS", Name: "Test", DecimalDigits: "2", MidpointRounding: "AwayFromZero", RoundingType: "Rounding001"}, true); err != nil {
		t.Fatal(err)
	}
	if status, body := apiSend(t, http.MethodPost, base, key, fresh); status != http.StatusOK {
		t.Errorf("POST in XTS once it is a currency: %d %v", status, body)
	}
}

// TestDeskRefusesUnknownCurrency: an order whose currency is no longer one of the desk's (here
// removed by hand) cannot be saved from the desk; the form says why.
func TestDeskRefusesUnknownCurrency(t *testing.T) {
	t.Parallel()
	srv, o, ann, _ := editSetup(t)
	if _, err := srv.Store.DB().Exec(`DELETE FROM currencies WHERE code = ?`, o.Currency); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"gorilla.csrf.Token": {ann.token("/orders/" + o.ID)}, "version": {fmt.Sprint(o.Version)},
		"orig.comment": {o.Comment}, "comment": {"a new note"}}
	res := ann.post("/orders/"+o.ID+"/header", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, o.Currency+" is not a currency of this desk") {
		t.Errorf("saving an order in a removed currency: %d\n%s", res.StatusCode, flashText(res.body))
	}
	if got := reload(t, srv, o.ID); got.Version != o.Version {
		t.Errorf("saved anyway: v%d", got.Version)
	}
}
