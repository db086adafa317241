package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// moneyLines reads the label and value of each line of an amounts list ("Paid" → "12.00 USD").
func moneyLines(t *testing.T, ctx context.Context, testid string) map[string]string {
	t.Helper()
	pairs, err := chromedp.Run(ctx, chromedp.Evaluate[[][]string](`[...document.querySelectorAll('[data-testid="`+testid+`"] > div')]
		.map(d => [d.querySelector('dt').innerText.trim(), d.querySelector('dd').innerText.trim()])`))
	must(t, err)
	out := map[string]string{}
	for _, p := range pairs {
		out[p[0]] = p[1]
	}
	return out
}

// TestRefundLeavesNoBalanceDue refunds part of a fully paid order at 1366×900: the money
// panel and the ledger then read balance due 0.00 with the refund and the net paid beside it,
// and the invoice says the same.
func TestRefundLeavesNoBalanceDue(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	o := moneyOrder(t, srv, 70, demo.ScenarioCompleted)
	p := o.InPayments[0]
	cur := order.CurrencyFor(o.Currency)
	if b := order.OrderBalance(o); !b.Due.IsZero() || !b.Refunded.IsZero() || !b.Paid.Equal(o.Total) {
		t.Fatalf("the completed scenario is not a fully paid order without refunds: %+v", b)
	}
	refund := cur.Round(o.Total.Div(decimal.NewFromInt(3)))
	withCode := func(s string) string { return s + " " + o.Currency }

	ctx := browser(t, 1366, 900)
	signInAs(t, ctx, srv, "clerk@example.com")
	openOrder(t, ctx, srv, o.ID)
	submitMoneyForm(t, ctx, "refund-"+p.ID, map[string]string{"amount": cur.Fixed(refund), "reason": "Goodwill for a late delivery"}, "")

	saved, err := srv.Store.Order(context.Background(), o.ID)
	must(t, err)
	if got := saved.Payment(p.ID).Refunds; len(got) != 1 || !got[0].Amount.Equal(refund) {
		t.Fatalf("stored refunds %+v, want one of %s", got, refund)
	}
	want := map[string]string{
		"Paid":        withCode(cur.Fixed(o.Total)),
		"Refunded":    withCode(cur.Fixed(refund)),
		"Net paid":    withCode(cur.Fixed(o.Total.Sub(refund))),
		"Balance due": withCode(cur.Fixed(decimal.Zero)),
	}
	panel := moneyLines(t, ctx, "money")
	for label, w := range want {
		if panel[label] != w {
			t.Errorf("money panel %s = %q, want %q (panel %v)", label, panel[label], w, panel)
		}
	}
	if got := ledgerText(t, ctx, "ledger-due"); !strings.Contains(got, cur.Fixed(decimal.Zero)) {
		t.Errorf("ledger balance due %q, want %s", got, cur.Fixed(decimal.Zero))
	}
	if got := ledgerText(t, ctx, "ledger-refunded"); !strings.Contains(got, cur.Fixed(refund)) {
		t.Errorf("ledger refunded %q, want %s", got, cur.Fixed(refund))
	}
	screenshot(t, ctx, "money-refund-no-balance")

	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders/"+o.ID+"/invoice"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="invoice-money"]`)),
	))
	invoice := moneyLines(t, ctx, "invoice-money")
	for label, w := range want {
		if invoice[label] != w {
			t.Errorf("invoice %s = %q, want %q (invoice %v)", label, invoice[label], w, invoice)
		}
	}
	screenshot(t, ctx, "money-refund-no-balance-invoice")
}

// TestPaymentGapAdjustedInTheBrowser: the total rose after the payment was made; the payments
// panel says so and the adjustment, pressed at 1366×900, makes the notice go.
func TestPaymentGapAdjustedInTheBrowser(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	o := moneyOrder(t, srv, 71, demo.ScenarioAwaitingPayment)
	o.Items[0].Quantity++
	if err := srv.Store.SaveOrder(context.Background(), store.Actor{Label: "desk@example.com", Source: store.SourceDesk, Reason: "one more"}, o); err != nil {
		t.Fatal(err)
	}
	o, err := srv.Store.Order(context.Background(), o.ID)
	must(t, err)
	p := o.InPayments[0]
	ctx := browser(t, 1366, 900)
	signInAs(t, ctx, srv, "clerk@example.com")
	openOrder(t, ctx, srv, o.ID)
	gap, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="payment-gap"]`)))
	must(t, err)
	if !strings.Contains(gap, "no longer match the order total") {
		t.Errorf("gap notice %q", gap)
	}
	screenshot(t, ctx, "money-payment-gap")
	submitMoneyForm(t, ctx, "adjust-pay-"+p.ID, nil, "")
	left, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="payment-gap"]').length`))
	must(t, err)
	if left != 0 {
		t.Error("the gap notice stays after the adjustment")
	}
	saved, err := srv.Store.Order(context.Background(), o.ID)
	must(t, err)
	if !saved.Payment(p.ID).Sum.Equal(saved.Total) {
		t.Errorf("payment amount %s, total %s", saved.Payment(p.ID).Sum, saved.Total)
	}
}
