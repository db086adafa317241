package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// The demo data `orderdesk seed` loads: its generator seed and order count.
const seedDemoSeed, seedDemoOrders = 20261123, 240

var (
	amountPair = regexp.MustCompile(`(?s)<dt>(.*?)</dt>\s*<dd class="num">(.*?)</dd>`)
	orderRow   = regexp.MustCompile(`(?s)<tr data-testid="order-row".*?</tr>`)
	rowLink    = regexp.MustCompile(`class="mono row-link" href="/orders/([^"]+)"`)
	rowBalance = regexp.MustCompile(`(?s)data-label="Balance due"[^>]*>\s*<span>\s*([^<\s]+)`)
	nextPage   = regexp.MustCompile(`rel="next" href="([^"]+)"`)
)

// amountsOf reads the label → value pairs of the amounts list with the given test id.
func amountsOf(t *testing.T, body, testid string) map[string]string {
	t.Helper()
	start := strings.Index(body, `data-testid="`+testid+`"`)
	if start < 0 {
		t.Fatalf("no %s on the page", testid)
	}
	end := strings.Index(body[start:], "</dl>")
	out := map[string]string{}
	for _, m := range amountPair.FindAllStringSubmatch(body[start:start+end], -1) {
		out[html.UnescapeString(m[1])] = html.UnescapeString(m[2])
	}
	return out
}

// TestMoneyFiguresAgreeEverywhere loads the demo data and checks, for every order, that the
// list's balance column, the CSV export, the order page's money panel, the invoice and the
// API show the same paid, refunded, net paid and balance due (or credit) as order.OrderBalance,
// and that the Unpaid view, is:unpaid and the dashboard's Unpaid queue hold exactly the
// orders with a balance due. Swiss francs are cash-rounded (down to 0.05, set on the currencies
// table before the orders are made), so the rounding line shows too.
func TestMoneyFiguresAgreeEverywhere(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	if _, err := srv.Store.SaveCurrency(context.Background(), store.Actor{Label: "admin", Source: store.SourceDesk},
		order.CurrencyInput{Code: "CHF", Name: "Swiss franc", Symbol: "CHF", DecimalDigits: "2", MidpointRounding: "AwayFromZero", RoundingType: "Rounding005Down"}, false); err != nil {
		t.Fatal(err)
	}
	seeded := srv.SeedDemo(t, seedDemoSeed, seedDemoOrders)
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	clerk := newClient(t, srv)
	clerk.mustLogin("manager@example.com")
	ctx := context.Background()
	key, _, err := srv.Store.CreateAPIKey(ctx, store.Actor{Label: "admin", Source: store.SourceDesk}, store.NewAPIKey{Name: "ERP", RoleCode: auth.RoleManager})
	if err != nil {
		t.Fatal(err)
	}

	// The list: every page of the balance column.
	listed := map[string]string{}
	for path := "/orders?col=number&col=balance&n=200"; path != ""; {
		page := clerk.get(path)
		if page.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, page.StatusCode)
		}
		for _, row := range orderRow.FindAllString(page.body, -1) {
			id, bal := rowLink.FindStringSubmatch(row), rowBalance.FindStringSubmatch(row)
			if id == nil || bal == nil {
				t.Fatalf("a list row without link or balance:\n%s", row)
			}
			listed[id[1]] = bal[1]
		}
		path = ""
		if m := nextPage.FindStringSubmatch(page.body); m != nil {
			path = htmlUnescape(m[1])
		}
	}
	// The CSV export (order numbers are per store, so a row is known by both).
	exported := map[string]string{}
	res := clerk.get("/orders/export.csv?col=number&col=store&col=balance")
	records, err := csv.NewReader(strings.NewReader(res.body)).ReadAll()
	if err != nil || len(records) < 1 || !slices.Equal(records[0], []string{"Number", "Store", "Balance due", "Balance due currency", "Tags"}) {
		t.Fatalf("CSV export: %v\n%.300s", err, res.body)
	}
	for _, r := range records[1:] {
		exported[r[0]+" "+r[1]] = r[2]
	}
	unpaidIn := func(path string) map[string]bool {
		got := map[string]bool{}
		for path != "" {
			page := clerk.get(path)
			for _, row := range orderRow.FindAllString(page.body, -1) {
				got[rowLink.FindStringSubmatch(row)[1]] = true
			}
			path = ""
			if m := nextPage.FindStringSubmatch(page.body); m != nil {
				path = htmlUnescape(m[1])
			}
		}
		return got
	}
	unpaidView := unpaidIn("/orders?" + listing.BuiltinViews[1].Query + "&col=number&n=200")
	unpaidWord := unpaidIn("/orders?q=is%3Aunpaid&col=number&n=200")

	ids := make([]string, 0, len(seeded))
	for _, d := range seeded {
		ids = append(ids, d.Order.ID)
	}
	if len(ids) != seedDemoOrders || len(listed) != seedDemoOrders || len(exported) != seedDemoOrders {
		t.Fatalf("%d orders, %d listed, %d exported", len(ids), len(listed), len(exported))
	}
	withCredit, withRefund, due, dueOpen, rounded := 0, 0, 0, 0, 0
	for _, id := range ids {
		o, err := srv.Store.Order(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		b := order.OrderBalance(o)
		cur := o.CurrencyRule()
		fixed := func(d decimal.Decimal) string { return cur.Fixed(d) }
		withCode := func(d decimal.Decimal) string { return cur.Fixed(d) + " " + o.Currency }
		if b.Credit.IsPositive() {
			withCredit++
		}
		if b.Refunded.IsPositive() {
			withRefund++
		}
		if b.Due.IsPositive() {
			due++
			if !o.IsCancelled {
				dueOpen++
			}
		}
		if listed[o.ID] != fixed(b.Due) {
			t.Errorf("%s: the list shows balance %s, the order's balance due is %s", o.Number, listed[o.ID], fixed(b.Due))
		}
		if got := exported[o.Number+" "+o.StoreName]; got != fixed(b.Due) {
			t.Errorf("%s: the CSV says balance %s, the order's balance due is %s", o.Number, got, fixed(b.Due))
		}
		if unpaidView[o.ID] != (b.Due.IsPositive() && !o.IsCancelled) {
			t.Errorf("%s: in the Unpaid view %v with balance due %s (cancelled %v)", o.Number, unpaidView[o.ID], b.Due, o.IsCancelled)
		}
		if unpaidWord[o.ID] != b.Due.IsPositive() {
			t.Errorf("%s: found by is:unpaid %v with balance due %s", o.Number, unpaidWord[o.ID], b.Due)
		}

		wantLast, wantLabel := withCode(b.Due), "Balance due"
		if b.Credit.IsPositive() {
			wantLast, wantLabel = withCode(b.Credit), "Credit (overpaid)"
		}
		want := map[string]string{"Paid": withCode(b.Paid), "Refunded": withCode(b.Refunded), "Net paid": withCode(b.NetPaid), wantLabel: wantLast}
		pageBody, invoiceBody := clerk.get("/orders/"+o.ID).body, clerk.get("/orders/"+o.ID+"/invoice").body
		page, invoice := amountsOf(t, pageBody, "money"), amountsOf(t, invoiceBody, "invoice-money")
		for where, totals := range map[string]map[string]string{"totals panel": amountsOf(t, pageBody, "totals"), "invoice": amountsOf(t, invoiceBody, "invoice-totals")} {
			checkTotalsAddUp(t, o, where, totals)
			if _, ok := totals["Rounding"]; ok {
				rounded++
			}
		}
		for label, w := range want {
			if page[label] != w {
				t.Errorf("%s: the money panel's %s is %q, want %q", o.Number, label, page[label], w)
			}
			if invoice[label] != w {
				t.Errorf("%s: the invoice's %s is %q, want %q", o.Number, label, invoice[label], w)
			}
		}
		if _, both := page["Balance due"]; both && b.Credit.IsPositive() {
			t.Errorf("%s: the money panel shows a balance due beside a credit", o.Number)
		}

		got := apiBalanceOf(t, srv.URL+"/api/order/customerOrders/"+o.ID, key)
		for name, w := range map[string]decimal.Decimal{"paidAmount": b.Paid, "refundedAmount": b.Refunded,
			"netPaidAmount": b.NetPaid, "balanceDueAmount": b.Due, "creditAmount": b.Credit} {
			if g, err := decimal.NewFromString(got[name].String()); err != nil || !g.Equal(w) {
				t.Errorf("%s: the API's balance.%s is %s, want %s", o.Number, name, got[name], w)
			}
		}
	}
	if listing.BuiltinViews[1].ID != "unpaid" {
		t.Fatalf("the second built-in view is %q, not the Unpaid queue", listing.BuiltinViews[1].ID)
	}
	if withRefund == 0 || due == 0 || due == len(ids) {
		t.Fatalf("the demo data does not exercise the cases: %d refunded, %d with a balance due", withRefund, due)
	}
	if rounded == 0 {
		t.Error("no demo order shows a cash rounding line")
	}
	t.Logf("%d orders: %d with refunds, %d with a balance due, %d with a credit, %d rounding lines", len(ids), withRefund, due, withCredit, rounded)

	// The dashboard's Unpaid queue counts the same orders as the Unpaid view.
	dash := clerk.get("/dashboard")
	if !regexp.MustCompile(`(?s)>Unpaid<.{0,200}?>` + strconv.Itoa(dueOpen) + `<`).MatchString(dash.body) {
		t.Errorf("the dashboard's Unpaid queue does not say %d", dueOpen)
	}
}

// checkTotalsAddUp: the totals as shown (each "12.34 CHF") add up to the Total shown under
// them, and that Total is the order's stored one.
func checkTotalsAddUp(t *testing.T, o *order.CustomerOrder, where string, shown map[string]string) {
	t.Helper()
	value := func(label string) decimal.Decimal {
		v, ok := shown[label]
		if !ok {
			return decimal.Zero
		}
		d, err := decimal.NewFromString(strings.TrimSuffix(strings.ReplaceAll(v, "−", "-"), " "+o.Currency))
		if err != nil {
			t.Fatalf("%s: %s %q is not an amount", o.Number, label, v)
		}
		return d
	}
	sum := decimal.Zero
	for _, label := range []string{"Subtotal", "Shipping", "Payment fees", "Discounts", "Tax", "Fees", "Rounding"} {
		sum = sum.Add(value(label))
	}
	if total := value("Total"); !sum.Equal(total) || !total.Equal(o.Total) {
		t.Errorf("%s: the %s's figures add up to %s, the Total under them is %s, the order's %s: %v", o.Number, where, sum, total, o.Total, shown)
	}
}

// apiBalanceOf reads an order's balance from the API, its numbers kept exact.
func apiBalanceOf(t *testing.T, url, key string) map[string]json.Number {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("api_key", key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct {
		Balance map[string]json.Number `json:"balance"`
	}
	dec := json.NewDecoder(res.Body)
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, res.StatusCode, err)
	}
	return body.Balance
}

// TestPaymentGapAdjusted: once the total changes after a payment was made, the payments panel
// says the payments no longer match it and offers to adjust the open payment; adjusting makes
// them add up, and the notice goes.
func TestPaymentGapAdjusted(t *testing.T) {
	t.Parallel()
	srv, o, c := moneySetup(t, 64, demo.ScenarioAwaitingPayment)
	ctx := context.Background()
	if len(o.InPayments) != 1 || !o.InPayments[0].Sum.Equal(o.Total) {
		t.Fatalf("the awaiting-payment scenario has payments %+v for total %s", o.InPayments, o.Total)
	}
	page := c.get("/orders/" + o.ID)
	if page.has(testid("payment-gap")) {
		t.Fatal("a gap shown while the payment matches the total")
	}
	o.Items[0].Quantity++
	if err := srv.Store.SaveOrder(ctx, store.Actor{Label: "desk@example.com", Source: store.SourceDesk, Reason: "one more"}, o); err != nil {
		t.Fatal(err)
	}
	o = reload(t, srv, o.ID)
	p := o.InPayments[0]
	cur := order.CurrencyFor(o.Currency)
	page = c.get("/orders/" + o.ID)
	for _, want := range []string{`data-testid="payment-gap"`, "The payments no longer match the order total",
		"Adjust " + p.Number + " to " + cur.Fixed(o.Total) + " " + o.Currency, `action="/orders/` + o.ID + `/payments/` + p.ID + `/adjust"`} {
		if !strings.Contains(html.UnescapeString(page.body), want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if money := amountsOf(t, page.body, "money"); money["Payments ask for (not the total)"] != cur.Fixed(p.Sum)+" "+o.Currency {
		t.Errorf("the money panel does not say what the payments ask for: %v", money)
	}

	res := c.postHX("/orders/"+o.ID+"/payments/"+p.ID+"/adjust", moneyForm(c, o, nil))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("adjust: %d %.300s", res.StatusCode, res.body)
	}
	after := reload(t, srv, o.ID)
	if got := after.Payment(p.ID).Sum; !got.Equal(after.Total) || after.Version <= o.Version {
		t.Errorf("payment amount %s after adjusting, want the total %s (version %d → %d)", got, after.Total, o.Version, after.Version)
	}
	if res.has(testid("payment-gap")) {
		t.Error("the notice stays after the adjustment")
	}
	// Nothing left to adjust: the form is refused, not a crash.
	if res := c.postHX("/orders/"+o.ID+"/payments/"+p.ID+"/adjust", moneyForm(c, after, nil)); res.StatusCode != http.StatusConflict {
		t.Errorf("adjusting again: %d, want 409", res.StatusCode)
	}
}
