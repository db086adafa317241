package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// chfOrder is one CHF line of 10.01 without tax: 10.01 to the cent, 10.05 cash-rounded up.
func chfOrder() *order.CustomerOrder {
	o := orderWith(1, 0)
	o.Currency, o.Items[0].Currency, o.InPayments[0].Currency = "CHF", "CHF", "CHF"
	o.Items[0].Price, o.Items[0].Quantity, o.Items[0].TaxPercentRate = decimal.RequireFromString("10.01"), 1, decimal.Zero
	return o
}

func chfInput(rounding string) order.CurrencyInput {
	return order.CurrencyInput{Code: "CHF", Name: "Swiss franc", Symbol: "CHF", DecimalDigits: "2",
		MidpointRounding: "AwayFromZero", RoundingType: rounding}
}

// TestCurrencyRuleDrivesTotals: an administrator's change of a currency's rounding changes the
// totals of an order in it, on its next load; its next save stores them, so the list shows
// what the order shows.
func TestCurrencyRuleDrivesTotals(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	o := chfOrder()
	if err := st.CreateOrder(ctx, desk, o); err != nil {
		t.Fatal(err)
	}
	if !o.Total.Equal(decimal.RequireFromString("10.01")) {
		t.Fatalf("CHF total %s, want 10.01 (Virto's CHF rounds to the cent)", o.Total)
	}
	listed := func() store.ListRow {
		t.Helper()
		page, err := st.ListOrders(ctx, resolve(t, "q="+o.Number))
		if err != nil || len(page.Rows) != 1 {
			t.Fatalf("list: %v, %+v", err, page.Rows)
		}
		return page.Rows[0]
	}

	admin := store.Actor{UserID: "01JADMIN000000000000000000", Label: "admin@example.com", Source: store.SourceDesk}
	if _, err := st.SaveCurrency(ctx, admin, chfInput("Rounding005Up"), false); err != nil {
		t.Fatal(err)
	}
	got, err := st.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := decimal.RequireFromString("10.05")
	if !got.Total.Equal(want) || got.CurrencyRule().RoundingType != order.Rounding005Up {
		t.Fatalf("after CHF → Rounding005Up the order loads with total %s (rule %v), want %s", got.Total, got.CurrencyRule(), want)
	}
	if p := order.PayableOf(got); !p.Rounding.Equal(decimal.RequireFromString("0.04")) {
		t.Errorf("the rounding line is %s, want 0.04", p.Rounding)
	}
	if r := listed(); !r.Total.Equal(decimal.RequireFromString("10.01")) || r.Value("total") != "10.01" {
		t.Errorf("before its next save the list keeps the stored total, got %s", r.Value("total"))
	}

	got.Items[0].Comment = "saved under the new rule" // a line: the header row is rewritten all the same
	if err := st.SaveOrder(ctx, desk, got); err != nil {
		t.Fatal(err)
	}
	r := listed()
	due := got.CurrencyRule().Fixed(order.OrderBalance(got).Due)
	if !r.Total.Equal(want) || r.Value("total") != got.CurrencyRule().Fixed(got.Total) || r.Value("balance") != due {
		t.Errorf("after the save the list shows total %s, balance %s; the order %s, due %s", r.Value("total"), r.Value("balance"),
			got.CurrencyRule().Fixed(got.Total), due)
	}
	whole, err := st.OrdersWhole(ctx, []string{o.ID})
	if err != nil || len(whole) != 1 || !whole[0].Total.Equal(want) {
		t.Errorf("OrdersWhole: %v, %+v", err, whole)
	}
	var problems []string
	res, err := st.CheckOrders(ctx, store.CheckOptions{Found: func(p store.Problem) { problems = append(problems, p.String()) }})
	if err != nil || res.Problems != 0 {
		t.Errorf("the check after the save: %v, %q", err, problems)
	}

	// Digits too: three digits and ToEven.
	if _, err := st.SaveCurrency(ctx, admin, order.CurrencyInput{Code: "CHF", Name: "Swiss franc", DecimalDigits: "0",
		MidpointRounding: "ToEven", RoundingType: "Rounding001"}, false); err != nil {
		t.Fatal(err)
	}
	if got, err = st.Order(ctx, o.ID); err != nil || !got.Total.Equal(decimal.RequireFromString("10")) {
		t.Errorf("with 0 digits the order loads with total %v (%v), want 10", got.Total, err)
	}

	// Every change is audited, in the same transaction, with who and what.
	var details []string
	if err := st.DB().Select(&details, `SELECT detail FROM security_events WHERE action = 'currency.updated' ORDER BY occurred_at, id`); err != nil {
		t.Fatal(err)
	}
	if len(details) != 2 || !strings.Contains(details[0], "Rounding001 → CHF") || !strings.Contains(details[0], "Rounding005Up") {
		t.Errorf("audit %q", details)
	}
	// Saving the same values changes nothing and audits nothing.
	if _, err := st.SaveCurrency(ctx, admin, order.CurrencyInput{Code: "CHF", Name: "Swiss franc", DecimalDigits: "0",
		MidpointRounding: "ToEven", RoundingType: "Rounding001"}, false); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := st.DB().Get(&n, `SELECT COUNT(*) FROM security_events WHERE action LIKE 'currency.%'`); err != nil || n != 2 {
		t.Errorf("%d currency events after an unchanged save (%v), want 2", n, err)
	}
}

// TestUnknownCurrencyRefused: an order, a line, a shipment or a payment in a currency the table
// does not hold is refused, on create and on save, with the field named.
func TestUnknownCurrencyRefused(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	o := orderWith(1, 1)
	o.Currency = "XTS"
	err := st.CreateOrder(ctx, desk, o)
	var unknown *order.UnknownCurrencyError
	var fe order.Problems
	if !errors.As(err, &unknown) || !errors.As(err, &fe) || !strings.Contains(fe["currency"], "XTS is not a currency of this desk") {
		t.Fatalf("an order in XTS: %v", err)
	}
	o.Currency = "EUR"
	if err := st.CreateOrder(ctx, desk, o); err != nil {
		t.Fatal(err)
	}
	o.Shipments[0].Currency = "ZZZ"
	if err := st.SaveOrder(ctx, desk, o); !errors.As(err, &fe) || fe["shipments[0].currency"] == "" {
		t.Fatalf("a shipment in ZZZ: %v", err)
	}
	// Added, the currency is accepted.
	if _, err := st.SaveCurrency(ctx, desk, order.CurrencyInput{Code: "ZZZ", Name: "Test", DecimalDigits: "3",
		MidpointRounding: "AwayFromZero", RoundingType: "Rounding001"}, true); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveOrder(ctx, desk, o); err != nil {
		t.Fatalf("a shipment in ZZZ once it is a currency: %v", err)
	}
}

// TestSaveCurrencyInput: bad input and duplicate or missing codes come back as field problems or
// not-found, never as a database error.
func TestSaveCurrencyInput(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	var fe order.Problems
	if _, err := st.SaveCurrency(ctx, desk, chfInput("Rounding005Up"), true); !errors.As(err, &fe) || fe["code"] == "" {
		t.Errorf("adding CHF again: %v", err)
	}
	bad := chfInput("Rounding3")
	bad.DecimalDigits = "9"
	if _, err := st.SaveCurrency(ctx, desk, bad, false); !errors.As(err, &fe) || fe["rounding_type"] == "" || fe["decimal_digits"] == "" {
		t.Errorf("bad rounding and digits: %v", err)
	}
	missing := chfInput("Rounding001")
	missing.Code = "XTS"
	if _, err := st.SaveCurrency(ctx, desk, missing, false); !errors.Is(err, store.ErrCurrencyNotFound) {
		t.Errorf("editing a missing currency: %v", err)
	}
}

// TestSeededCurrenciesAreISO: the migration seeds each currency with the ISO digits the domain
// falls back to and Virto's defaults, CHF to the cent as Virto has it.
func TestSeededCurrenciesAreISO(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	list, err := st.CurrencyList(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 40 {
		t.Fatalf("%d currencies seeded", len(list))
	}
	seen := map[string]bool{}
	for _, c := range list {
		seen[c.Code] = true
		iso := order.CurrencyFor(c.Code)
		if c.DecimalDigits != iso.DecimalDigits || c.Midpoint != order.AwayFromZero || c.RoundingType != order.Rounding001 || c.Name == "" {
			t.Errorf("seeded %+v, ISO default %+v", c, iso)
		}
	}
	for _, code := range []string{"USD", "EUR", "GBP", "CHF", "JPY", "KWD"} {
		if !seen[code] {
			t.Errorf("%s not seeded", code)
		}
	}
}

// TestRetotalAfterCurrencyRuleChange: after a currency's rounding changed, the check finds the
// orders stored under the old rule and RetotalOrders rewrites their totals with the rule in
// force — one change set by the system with its reason each, the list showing what the order
// shows, the check clean — and a second run changes nothing.
func TestRetotalAfterCurrencyRuleChange(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	o := chfOrder()
	if err := st.CreateOrder(ctx, desk, o); err != nil {
		t.Fatal(err)
	}
	admin := store.Actor{UserID: "01JADMIN000000000000000000", Label: "admin@example.com", Source: store.SourceDesk}
	if _, err := st.SaveCurrency(ctx, admin, chfInput("Rounding005Up"), false); err != nil {
		t.Fatal(err)
	}
	res, err := st.CheckOrders(ctx, store.CheckOptions{})
	if err != nil || len(res.Retotal) != 1 || res.Retotal[0] != o.ID {
		t.Fatalf("check after the rule change: %v, re-total %v, want [%s]", err, res.Retotal, o.ID)
	}
	n, err := st.RetotalOrders(ctx, res.Retotal)
	if err != nil || n != 1 {
		t.Fatalf("re-total: %d, %v", n, err)
	}
	page, err := st.ListOrders(ctx, resolve(t, "q="+o.Number))
	if err != nil || len(page.Rows) != 1 || page.Rows[0].Value("total") != "10.05" {
		t.Fatalf("list after the re-total: %v, %+v, want 10.05", err, page.Rows)
	}
	got, err := st.Order(ctx, o.ID)
	if err != nil || got.Version != o.Version+1 || !got.Total.Equal(decimal.RequireFromString("10.05")) {
		t.Fatalf("order after the re-total: version %d (was %d), total %s, %v", got.Version, o.Version, got.Total, err)
	}
	history, err := st.OrderHistory(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := history[len(history)-1]
	if last.Version != got.Version || last.Source != store.SourceSystem || last.Reason != store.RetotalReason {
		t.Errorf("last change set: version %d, source %q, reason %q", last.Version, last.Source, last.Reason)
	}
	var problems []string
	if res, err := st.CheckOrders(ctx, store.CheckOptions{Found: func(p store.Problem) { problems = append(problems, p.String()) }}); err != nil || res.Problems != 0 {
		t.Errorf("check after the re-total: %v, %q", err, problems)
	}
	if n, err := st.RetotalOrders(ctx, []string{o.ID}); err != nil || n != 0 {
		t.Errorf("a second re-total: %d, %v; want nothing changed", n, err)
	}
}
