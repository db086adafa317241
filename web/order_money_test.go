package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/config"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// moneySetup starts a server (clerk refund limit 20), saves a demo order of the scenario and
// signs in a clerk.
func moneySetup(t *testing.T, seed uint64, sc demo.Scenario) (*testenv.Server, *order.CustomerOrder, *client) {
	t.Helper()
	srv := testenv.NewServer(t, func(c *config.Config) { c.Orders.ClerkRefundLimit = decimal.NewFromInt(20) })
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	o := demo.NewGenerator(seed, srv.Clock.Now(), order.DefaultStatusRules()).Order(demo.Stores[0], sc).Order
	if err := srv.Store.CreateOrder(context.Background(), store.Actor{Label: "storefront", Source: store.SourceSystem}, o); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv)
	c.mustLogin("clerk@example.com")
	return srv, o, c
}

func moneyForm(c *client, o *order.CustomerOrder, fields map[string]string) url.Values {
	f := url.Values{"gorilla.csrf.Token": {c.token("/orders/" + o.ID)}, "version": {strconv.Itoa(o.Version)}}
	for k, v := range fields {
		f.Set(k, v)
	}
	return f
}

// expect422 checks a refused form: 422, every wanted text in the answer, nothing saved.
func expect422(t *testing.T, srv *testenv.Server, o *order.CustomerOrder, res response, wants ...string) {
	t.Helper()
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422; body: %.300s", res.StatusCode, res.body)
	}
	for _, w := range wants {
		if !strings.Contains(res.body, w) {
			t.Errorf("answer lacks %q", w)
		}
	}
	if got := reload(t, srv, o.ID); got.Version != o.Version {
		t.Errorf("a refused form was saved: version %d → %d", o.Version, got.Version)
	}
}

func TestRefundFormBounds(t *testing.T) {
	t.Parallel()
	srv, o, c := moneySetup(t, 61, demo.ScenarioCompleted)
	p := o.InPayments[0]
	li := o.Items[0]
	cur := order.CurrencyFor(o.Currency)
	path := "/orders/" + o.ID + "/payments/" + p.ID + "/refunds"
	qty := "items[" + li.ID + "].quantity"

	over := cur.Fixed(p.Sum.Add(decimal.NewFromInt(1)))
	res := c.postHX(path, moneyForm(c, o, map[string]string{"amount": over, "reason": "test", "reasonMessage": "keep this text"}))
	expect422(t, srv, o, res, "is more than can be refunded on "+p.Number, "at most "+cur.Fixed(p.Sum), `value="`+over+`"`, "keep this text")
	if !res.has("#money-panel") || !res.has("[hx-swap-oob]") {
		t.Error("the htmx answer is not the payments panel with its out-of-band parts")
	}

	res = c.postHX(path, moneyForm(c, o, map[string]string{qty: strconv.Itoa(li.Quantity + 1), "reason": "test"}))
	expect422(t, srv, o, res, "at most "+strconv.Itoa(li.Quantity)+" of "+li.Sku+" can be refunded")

	res = c.postHX(path, moneyForm(c, o, map[string]string{"amount": "ten", "reason": "test"}))
	expect422(t, srv, o, res, "ten")

	res = c.postHX(path, moneyForm(c, o, map[string]string{"amount": "5"}))
	expect422(t, srv, o, res, "Say why")

	res = c.postHX(path, moneyForm(c, o, map[string]string{"amount": "25", "reason": "big one"}))
	expect422(t, srv, o, res, "your role may refund at most 20")

	if o.ShippingTotalWithTax.IsPositive() {
		res = c.postHX(path, moneyForm(c, o, map[string]string{"shipping": cur.Fixed(o.ShippingTotalWithTax.Add(decimal.NewFromInt(1))), "reason": "x"}))
		expect422(t, srv, o, res, "at most the order&#39;s shipping")
	}

	// Computing the amount saves nothing.
	res = c.postHX(path, moneyForm(c, o, map[string]string{qty: "1", "preview": "1"}))
	unit := order.RefundUnitPrice(o, &li)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "Refund amount: "+cur.Fixed(unit)) {
		t.Fatalf("preview: %d %.300s", res.StatusCode, res.body)
	}
	if got := reload(t, srv, o.ID); got.Version != o.Version {
		t.Fatal("the preview saved the order")
	}

	// Without script: a refund of 5 redirects to the payment, with the reason in the history.
	res = c.post(path, moneyForm(c, o, map[string]string{"amount": "5", "reason": "goodwill", "reasonCode": "Other"}))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/orders/"+o.ID+"#pay-"+p.ID {
		t.Fatalf("refund: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	got := reload(t, srv, o.ID)
	gp := got.Payment(p.ID)
	if len(gp.Refunds) != 1 || !gp.Refunds[0].Amount.Equal(decimal.NewFromInt(5)) || gp.Status != "PartiallyRefunded" || gp.Refunds[0].Number == "" {
		t.Fatalf("payment %s with refunds %+v", gp.Status, gp.Refunds)
	}
	sets, err := srv.Store.OrderHistory(context.Background(), o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if last := sets[len(sets)-1]; last.Reason != "goodwill" || last.ActorLabel != "clerk@example.com" {
		t.Errorf("change set reason %q by %q", last.Reason, last.ActorLabel)
	}
	page := c.get("/orders/" + o.ID)
	for _, want := range []string{`data-testid="ledger-refunded">5.00 ` + o.Currency, gp.Refunds[0].Number} {
		if !strings.Contains(page.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestCaptureFormBounds(t *testing.T) {
	t.Parallel()
	srv, o, c := moneySetup(t, 62, demo.ScenarioPartialCapture)
	p := o.InPayments[0]
	cur := order.CurrencyFor(o.Currency)
	remaining := order.CaptureRemaining(&p)
	path := "/orders/" + o.ID + "/payments/" + p.ID + "/captures"
	page := c.get("/orders/" + o.ID)
	if !page.has(`[value="`+order.NextTransactionID(&p)+`"]`) || !page.has(`[value="`+cur.Fixed(remaining)+`"]`) {
		t.Error("the capture form is not prefilled with the next transaction id and what remains")
	}
	res := c.postHX(path, moneyForm(c, o, map[string]string{"amount": cur.Fixed(remaining.Add(decimal.NewFromInt(1)))}))
	expect422(t, srv, o, res, "at most "+cur.Fixed(remaining)+" "+o.Currency+" can still be captured")
	res = c.postHX(path, moneyForm(c, o, map[string]string{"amount": "0"}))
	expect422(t, srv, o, res, "must be more than zero")

	// A refund of an authorized payment is not offered and is refused.
	res = c.postHX("/orders/"+o.ID+"/payments/"+p.ID+"/refunds", moneyForm(c, o, map[string]string{"amount": "1", "reason": "x"}))
	expect422(t, srv, o, res, "only a paid payment can be refunded")

	// The rest, closing the transaction: the payment is paid.
	res = c.postHX(path, moneyForm(c, o, map[string]string{"amount": cur.Fixed(remaining), "closeTransaction": "true", "transactionId": "gw-991"}))
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "Saved.") {
		t.Fatalf("capture: %d %.300s", res.StatusCode, res.body)
	}
	gp := reload(t, srv, o.ID).Payment(p.ID)
	last := gp.Captures[len(gp.Captures)-1]
	if gp.Status != "Paid" || last.TransactionID != "gw-991" || !last.CloseTransaction || !gp.CapturedAmount().Equal(p.Sum) {
		t.Errorf("payment %s captured %s, last capture %+v", gp.Status, gp.CapturedAmount(), last)
	}
}

func TestPaymentFormsOnThePage(t *testing.T) {
	t.Parallel()
	srv, o, c := moneySetup(t, 63, demo.ScenarioPaid)
	billing := o.Addresses[0]

	res := c.postHX("/orders/"+o.ID+"/payments", moneyForm(c, o, map[string]string{"gatewayCode": "Cash", "sum": "-3", "price": "0", "status": "New"}))
	expect422(t, srv, o, res, "must not be negative", `value="Cash"`)
	res = c.postHX("/orders/"+o.ID+"/payments", moneyForm(c, o, map[string]string{"gatewayCode": "Cash", "sum": "12.50", "price": "1",
		"status": "Authorized", "authorizedDate": "2026-11-20T10:30", "billing.city": billing.City, "billing.countryName": billing.CountryName,
		"billing.lastName": billing.LastName}))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("new payment: %d %.300s", res.StatusCode, res.body)
	}
	o = reload(t, srv, o.ID)
	p := o.InPayments[len(o.InPayments)-1]
	if p.GatewayCode != "Cash" || !p.Sum.Equal(decimal.RequireFromString("12.5")) || p.Status != "Authorized" || p.Number == "" ||
		p.AuthorizedDate == nil || p.AuthorizedDate.Format("2006-01-02 15:04") != "2026-11-20 10:30" ||
		p.BillingAddress == nil || p.BillingAddress.City != billing.City {
		t.Fatalf("new payment %+v", p)
	}

	// Edit: field by field, like every edit form.
	res = c.postHX("/orders/"+o.ID+"/payments/"+p.ID+"/edit", moneyForm(c, o, map[string]string{"orig.purpose": "", "purpose": "Deposit"}))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("edit payment: %d", res.StatusCode)
	}
	o = reload(t, srv, o.ID)
	res = c.postHX("/orders/"+o.ID+"/payments/"+p.ID+"/billing", moneyForm(c, o, map[string]string{"orig.city": billing.City, "city": ""}))
	expect422(t, srv, o, res, "is required")
	res = c.postHX("/orders/"+o.ID+"/payments/"+p.ID+"/billing", moneyForm(c, o, map[string]string{"orig.city": billing.City, "city": "Lyon"}))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("billing: %d", res.StatusCode)
	}
	o = reload(t, srv, o.ID)
	if gp := o.Payment(p.ID); gp.Purpose != "Deposit" || gp.BillingAddress.City != "Lyon" {
		t.Errorf("edited payment purpose %q city %q", gp.Purpose, gp.BillingAddress.City)
	}

	// The gateway log: staff add an entry, and read it back with long text folded.
	long := strings.Repeat(`{"step":"authorize"} `, 20)
	res = c.postHX("/orders/"+o.ID+"/payments/"+p.ID+"/transactions", moneyForm(c, o, map[string]string{"amount": "12.50", "type": "Call",
		"status": "Active", "isProcessed": "true", "processAttemptCount": "2", "requestData": long, "processError": "timeout once"}))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("log entry: %d %.300s", res.StatusCode, res.body)
	}
	o = reload(t, srv, o.ID)
	tx := o.Payment(p.ID).Transactions
	if len(tx) != 1 || tx[0].Type != "Call" || tx[0].ProcessAttemptCount != 2 || tx[0].ProcessedDate == nil || tx[0].RequestData != strings.TrimSpace(long) {
		t.Fatalf("transactions %+v", tx)
	}
	if !res.has(".gw-text") || !strings.Contains(res.body, "timeout once") {
		t.Error("the log entry is not shown with its folded request and its error")
	}

	// Cancelling an authorized payment voids it, with the reason.
	res = c.postHX("/orders/"+o.ID+"/payments/"+p.ID+"/cancel", moneyForm(c, o, nil))
	expect422(t, srv, o, res, "Say why")
	res = c.postHX("/orders/"+o.ID+"/payments/"+p.ID+"/cancel", moneyForm(c, o, map[string]string{"reason": "customer paid by card instead"}))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("cancel: %d", res.StatusCode)
	}
	gp := reload(t, srv, o.ID).Payment(p.ID)
	if !gp.IsCancelled || gp.Status != "Voided" || gp.VoidedDate == nil || gp.CancelReason != "customer paid by card instead" {
		t.Errorf("cancelled payment %s cancelled=%v reason %q", gp.Status, gp.IsCancelled, gp.CancelReason)
	}
	// A paid payment holds money: it is refunded before it can be cancelled.
	paid := o.InPayments[0]
	o = reload(t, srv, o.ID)
	res = c.postHX("/orders/"+o.ID+"/payments/"+paid.ID+"/cancel", moneyForm(c, o, map[string]string{"reason": "x"}))
	expect422(t, srv, o, res, "refund it first")
}

func TestReturnFormsOnThePage(t *testing.T) {
	t.Parallel()
	srv, o, _ := moneySetup(t, 64, demo.ScenarioCompleted)
	// A manager: the clerk's refund limit of this server is below the line's price.
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	c := newClient(t, srv)
	c.mustLogin("manager@example.com")
	li := o.Items[0]
	cur := order.CurrencyFor(o.Currency)
	qty, reason := "lines["+li.ID+"].quantity", "lines["+li.ID+"].reason"
	page := c.get("/orders/" + o.ID)
	for _, want := range []string{`action="/orders/` + o.ID + `/returns"`, `<option value="Damaged">`, li.Sku + " (up to " + strconv.Itoa(li.Quantity) + ")"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	res := c.postHX("/orders/"+o.ID+"/returns", moneyForm(c, o, map[string]string{qty: strconv.Itoa(li.Quantity + 1), reason: "Scratched lid"}))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "incorrect quantity") || !strings.Contains(res.body, "Scratched lid") {
		t.Fatalf("too many units: %d %.300s", res.StatusCode, res.body)
	}
	res = c.postHX("/orders/"+o.ID+"/returns", moneyForm(c, o, map[string]string{"resolution": "nothing"}))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "how many units") {
		t.Fatalf("no units: %d", res.StatusCode)
	}
	if rs, _ := srv.Store.Returns(context.Background(), o.ID); len(rs) != 0 {
		t.Fatalf("a refused return was saved: %+v", rs)
	}
	res = c.postHX("/orders/"+o.ID+"/returns", moneyForm(c, o, map[string]string{qty: "1", reason: "Scratched lid"}))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("new return: %d %.300s", res.StatusCode, res.body)
	}
	rs, err := srv.Store.Returns(context.Background(), o.ID)
	if err != nil || len(rs) != 1 {
		t.Fatalf("returns %v %v", rs, err)
	}
	ret := rs[0]
	if ret.LineItems[0].Reason != "Scratched lid" || !ret.Amount().Equal(order.RefundUnitPrice(o, &li)) || ret.Status != "New" {
		t.Errorf("return %+v", ret)
	}

	// Cancelling asks for a reason; editing moves the status.
	res = c.postHX("/orders/"+o.ID+"/returns/"+ret.ID+"/edit", moneyForm(c, o, map[string]string{"status": "Approved", "resolution": "Inspect first"}))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("edit return: %d", res.StatusCode)
	}
	if back, _ := srv.Store.Return(context.Background(), ret.ID); back.Status != "Approved" || back.Resolution != "Inspect first" {
		t.Errorf("edited return %s %q", back.Status, back.Resolution)
	}

	// Someone else set a resolution meanwhile: a form that left it as shown keeps theirs; one
	// that changed it too is stopped with their value, and saving again keeps this one.
	other, _ := srv.Store.Return(context.Background(), ret.ID)
	other.Resolution = "Sent to the lab"
	if err := srv.Store.SaveReturn(context.Background(), store.Actor{Label: "bob"}, other); err != nil {
		t.Fatal(err)
	}
	res = c.postHX("/orders/"+o.ID+"/returns/"+ret.ID+"/edit", moneyForm(c, o, map[string]string{
		"orig.status": "Approved", "status": "Approved", "orig.resolution": "Inspect first", "resolution": "Inspect first"}))
	if back, _ := srv.Store.Return(context.Background(), ret.ID); res.StatusCode != http.StatusOK || back.Resolution != "Sent to the lab" {
		t.Errorf("untouched field overwrote someone else's: %d %q", res.StatusCode, back.Resolution)
	}
	res = c.postHX("/orders/"+o.ID+"/returns/"+ret.ID+"/edit", moneyForm(c, o, map[string]string{
		"orig.status": "Approved", "status": "Approved", "orig.resolution": "Inspect first", "resolution": "Refund in full"}))
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "changed meanwhile to &#34;Sent to the lab&#34;") ||
		!res.has(`[name="orig.resolution"][value="Sent to the lab"]`) {
		t.Fatalf("conflicting edit: %d", res.StatusCode)
	}
	res = c.postHX("/orders/"+o.ID+"/returns/"+ret.ID+"/edit", moneyForm(c, o, map[string]string{
		"orig.status": "Approved", "status": "Approved", "orig.resolution": "Sent to the lab", "resolution": "Refund in full"}))
	if back, _ := srv.Store.Return(context.Background(), ret.ID); res.StatusCode != http.StatusOK || back.Resolution != "Refund in full" {
		t.Errorf("saving again: %d %q", res.StatusCode, back.Resolution)
	}

	// Refund this return: the refund and the return are saved together.
	o = reload(t, srv, o.ID)
	p := o.InPayments[0]
	res = c.postHX("/orders/"+o.ID+"/returns/"+ret.ID+"/refund", moneyForm(c, o, map[string]string{"paymentId": p.ID, "reasonCode": "RequestedByCustomer",
		"reasonMessage": "Return " + ret.Number, "returnStatus": "Completed", "reason": "return received"}))
	if res.StatusCode != http.StatusOK {
		i := strings.Index(res.body, "notice-bad")
		t.Fatalf("refund return: %d %.400s", res.StatusCode, res.body[max(0, i):])
	}
	got := reload(t, srv, o.ID)
	back, _ := srv.Store.Return(context.Background(), ret.ID)
	refunds := got.Payment(p.ID).Refunds
	if len(refunds) != 1 || back.RefundID != refunds[0].ID || !refunds[0].Amount.Equal(ret.Amount()) || back.Status != "Completed" ||
		refunds[0].Items[0].LineItemID != li.ID || refunds[0].Items[0].Quantity != 1 {
		t.Fatalf("refunds %+v, return %+v", refunds, back)
	}
	if !strings.Contains(res.body, "Refunded by "+refunds[0].Number) || !res.hasTextStarting(testid("ledger-refunded"), cur.Fixed(ret.Amount())) {
		t.Error("the answer does not show the return refunded and the ledger moved")
	}
	// Not twice, and a refunded return is not cancelled.
	res = c.postHX("/orders/"+o.ID+"/returns/"+ret.ID+"/refund", moneyForm(c, got, map[string]string{"paymentId": p.ID, "reason": "again"}))
	expect422(t, srv, got, res, "the return was refunded already, with "+refunds[0].Number)
	res = c.postHX("/orders/"+o.ID+"/returns/"+ret.ID+"/cancel", moneyForm(c, got, map[string]string{"reason": "oops"}))
	expect422(t, srv, got, res, "a refunded return cannot be cancelled")
	if n := len(reload(t, srv, o.ID).Payment(p.ID).Refunds); n != 1 {
		t.Errorf("%d refunds after the second try", n)
	}
}

// TestReturnRefundWithoutPayment: a return of an order whose payment is only authorized says
// that no payment can take the refund, and why.
func TestReturnRefundWithoutPayment(t *testing.T) {
	t.Parallel()
	srv, o, c := moneySetup(t, 65, demo.ScenarioPartialCapture)
	ret := order.NewReturn(o, order.DefaultStatusRules())
	var line *order.LineItem
	sent := order.SentQuantities(o)
	for i := range o.Items {
		if sent[o.Items[i].ID] > 0 {
			line = &o.Items[i]
		}
	}
	ret.LineItems = []order.ReturnLineItem{order.NewReturnLine(line, 1)}
	if err := srv.Store.CreateReturn(context.Background(), store.Actor{Label: "test"}, &ret); err != nil {
		t.Fatal(err)
	}
	page := c.get("/orders/" + o.ID)
	if !strings.Contains(page.body, "No payment can take this refund") || !strings.Contains(page.body, "is authorized, not paid yet: capture it first") {
		t.Error("the return does not say why it cannot be refunded")
	}
	res := c.postHX("/orders/"+o.ID+"/returns/"+ret.ID+"/refund", moneyForm(c, o, map[string]string{"paymentId": o.InPayments[0].ID, "reason": "x"}))
	if res.StatusCode != http.StatusConflict || !res.has(testid("money-error")) || !strings.Contains(res.body, "can no longer take it") {
		t.Errorf("refund of a return no payment can take: %d", res.StatusCode)
	}
	if rs, _ := srv.Store.Returns(context.Background(), o.ID); rs[0].RefundID != "" || len(reload(t, srv, o.ID).InPayments[0].Refunds) != 0 {
		t.Error("a refused refund of a return was saved")
	}
}

// TestMoneyPermissions: each form needs its permission; those who may not see prices get no
// money figures and no money forms.
func TestMoneyPermissions(t *testing.T) {
	t.Parallel()
	srv, o, _ := moneySetup(t, 66, demo.ScenarioCompleted)
	srv.CreateUser(t, "viewer@example.com", auth.RoleViewer)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	p := o.InPayments[0]
	cur := order.CurrencyFor(o.Currency)
	viewer := newClient(t, srv)
	viewer.mustLogin("viewer@example.com")
	field := newClient(t, srv)
	field.mustLogin("field@example.com")

	vp := viewer.get("/orders/" + o.ID)
	if !vp.has(testid("ledger")) || vp.has(`[action$="/refunds"],[formaction$="/refunds"],[hx-post$="/refunds"]`) || vp.has(`[action="/orders/`+o.ID+`/payments"]`) {
		t.Error("a viewer should see the ledger and no money forms")
	}
	fp := field.get("/orders/" + o.ID)
	if fp.has(testid("ledger")) || strings.Contains(fp.body, cur.Fixed(p.Sum)) || strings.Contains(fp.body, `/captures"`) {
		t.Error("a user without read-prices sees money on the payments panel")
	}
	for _, tc := range []struct {
		who  *client
		path string
	}{
		{viewer, "/orders/" + o.ID + "/payments/" + p.ID + "/refunds"},
		{viewer, "/orders/" + o.ID + "/payments/" + p.ID + "/captures"},
		{viewer, "/orders/" + o.ID + "/payments"},
		{viewer, "/orders/" + o.ID + "/returns"},
		{field, "/orders/" + o.ID + "/payments/" + p.ID + "/refunds"},
		{field, "/orders/" + o.ID + "/payments/" + p.ID + "/transactions"},
	} {
		res := tc.who.postHX(tc.path, moneyForm(tc.who, o, map[string]string{"amount": "1", "reason": "x"}))
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s: %d, want 403", tc.path, res.StatusCode)
		}
	}
	if got := reload(t, srv, o.ID); got.Version != o.Version {
		t.Error("a forbidden form changed the order")
	}
}

// TestRefundReasonFollowsTheRules: with [reasons] refund off, the refund form asks for no
// reason and a refund without one is saved.
func TestRefundReasonFollowsTheRules(t *testing.T) {
	t.Parallel()
	srv, o, c := moneySetup(t, 67, demo.ScenarioCompleted)
	rules := store.DefaultRules()
	rules.Reasons.Refund = false
	srv.Store.SetRules(rules)
	p := o.InPayments[0]
	page := c.get("/orders/" + o.ID)
	if page.has("#refund-" + p.ID + "-reason") {
		t.Error("the refund form asks for a reason the rules do not want")
	}
	res := c.postHX("/orders/"+o.ID+"/payments/"+p.ID+"/refunds", moneyForm(c, o, map[string]string{"amount": "2"}))
	if res.StatusCode != http.StatusOK || len(reload(t, srv, o.ID).Payment(p.ID).Refunds) != 1 {
		t.Fatalf("refund without a reason: %d", res.StatusCode)
	}
}

// TestPriceHiddenStaffOnThePaymentsPanel: staff who may update orders, capture and refund but
// not see prices edit a payment's other fields and its log, and move no money.
func TestPriceHiddenStaffOnThePaymentsPanel(t *testing.T) {
	t.Parallel()
	srv, o, _ := moneySetup(t, 68, demo.ScenarioPartialCapture)
	if err := srv.Store.SaveRole(context.Background(), store.Actor{Label: "test"}, auth.Role{Code: "desk-blind", Name: "Desk without prices",
		Permissions: []auth.Permission{auth.OrderRead, auth.OrderUpdate, auth.OrderCapturePayment, auth.OrderRefund}}); err != nil {
		t.Fatal(err)
	}
	srv.CreateUser(t, "blind@example.com", "desk-blind")
	c := newClient(t, srv)
	c.mustLogin("blind@example.com")
	p := o.InPayments[0]
	cur := order.CurrencyFor(o.Currency)
	page := c.get("/orders/" + o.ID)
	if !page.has("#edit-pay-"+p.ID) || !page.has("#log-"+p.ID) {
		t.Fatal("no payment edit or log form")
	}
	for _, leak := range []string{`name="sum"`, `id="capture-`, `id="refund-`, `id="new-payment"`, `data-testid="ledger"`, cur.Fixed(p.Sum)} {
		if i := strings.Index(page.body, leak); i >= 0 {
			t.Errorf("the page shows %q: %s", leak, page.body[max(0, i-300):i+50])
		}
	}
	res := c.postHX("/orders/"+o.ID+"/payments/"+p.ID+"/captures", moneyForm(c, o, map[string]string{"amount": "1"}))
	if res.StatusCode != http.StatusConflict || reload(t, srv, o.ID).Version != o.Version {
		t.Errorf("capture by a price-hidden user: %d", res.StatusCode)
	}
	res = c.postHX("/orders/"+o.ID+"/payments/"+p.ID+"/edit", moneyForm(c, o, map[string]string{
		"orig.purpose": p.Purpose, "purpose": "Checked", "orig.sum": p.Sum.String(), "sum": "1"}))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	o2 := reload(t, srv, o.ID)
	res = c.postHX("/orders/"+o.ID+"/payments/"+p.ID+"/transactions", moneyForm(c, o2, map[string]string{"amount": "99", "type": "Call", "note": "customer called"}))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("log: %d", res.StatusCode)
	}
	got := reload(t, srv, o.ID).Payment(p.ID)
	if got.Purpose != "Checked" || !got.Sum.Equal(p.Sum) {
		t.Errorf("payment purpose %q sum %s: the amount must not change", got.Purpose, got.Sum)
	}
	if last := got.Transactions[len(got.Transactions)-1]; last.Note != "customer called" || !last.Amount.IsZero() {
		t.Errorf("log entry %+v: no amount from a price-hidden user", last)
	}
}

// TestShippingRefundsUnderConcurrency: eight managers refund the whole shipping of one order at
// the same moment; one refund is saved, the others are told the shipping is refunded already,
// none answers 5xx, and the order gives shipping back once.
func TestShippingRefundsUnderConcurrency(t *testing.T) {
	t.Parallel()
	srv, o, _ := moneySetup(t, 61, demo.ScenarioCompleted)
	if !o.ShippingTotalWithTax.IsPositive() {
		t.Fatal("the demo order has no shipping to refund")
	}
	srv.CreateUser(t, "manager@example.com", auth.RoleManager)
	cur := order.CurrencyFor(o.Currency)
	path := "/orders/" + o.ID + "/payments/" + o.InPayments[0].ID + "/refunds"
	const managers = 8
	statuses := make([]int, managers)
	var wg sync.WaitGroup
	for i := range managers {
		c := newClient(t, srv)
		c.mustLogin("manager@example.com")
		form := moneyForm(c, o, map[string]string{"shipping": cur.Fixed(o.ShippingTotalWithTax), "reason": "parcel lost"})
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = c.postHX(path, form).StatusCode
		}()
	}
	wg.Wait()
	saved := 0
	for _, s := range statuses {
		switch {
		case s >= 500:
			t.Errorf("a refund answered %d", s)
		case s < 300:
			saved++
		}
	}
	got := reload(t, srv, o.ID)
	if saved != 1 || !order.ShippingRefunded(got).Equal(o.ShippingTotalWithTax) {
		t.Errorf("statuses %v: %d saved, shipping refunded %s of %s; want one refund of it all", statuses, saved, order.ShippingRefunded(got), o.ShippingTotalWithTax)
	}
}
