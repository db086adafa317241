package e2e

import (
	"context"
	"strconv"
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

// moneyOrder saves a demo order of the scenario.
func moneyOrder(t *testing.T, srv *testenv.Server, seed uint64, sc demo.Scenario) *order.CustomerOrder {
	t.Helper()
	o := demo.NewGenerator(seed, srv.Clock.Now(), order.DefaultStatusRules()).Order(demo.Stores[0], sc).Order
	if err := srv.Store.CreateOrder(context.Background(), store.Actor{Label: "ann@example.com", Source: store.SourceDesk}, o); err != nil {
		t.Fatal(err)
	}
	return o
}

// submitMoneyForm opens one form of the payments panel, fills it and sends it with htmx, then
// waits for the panel's saved note (the note of an earlier save is removed first).
func submitMoneyForm(t *testing.T, ctx context.Context, formID string, values map[string]string, button string) {
	t.Helper()
	actions := []chromedp.Action[chromedp.Void]{
		chromedp.Evaluate[chromedp.Void](`document.querySelector('[data-testid="money-saved"]')?.remove()`),
		chromedp.Click(chromedp.CSS(`[data-testid="` + formID + `"] > summary`)),
		chromedp.WaitVisible(chromedp.CSS(`#` + formID + ` button[type="submit"]`)),
	}
	for name, v := range values {
		actions = append(actions, chromedp.SetValue(chromedp.CSS(`#`+formID+` [name="`+name+`"]`), v))
	}
	if button == "" {
		button = `button[type="submit"]`
	}
	actions = append(actions, pressButton(`#`+formID+` `+button),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="money-saved"]`)))
	must(t, chromedp.Do(ctx, actions...))
	assertPageIntact(t, ctx, "after saving "+formID)
}

// pressButton clicks a button where it is now: the refund form's amount preview may grow
// while a response lands, and a click by screen position would then miss the button.
func pressButton(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`document.querySelector(` + strconv.Quote(sel) + `).click()`)
}

func ledgerText(t *testing.T, ctx context.Context, testid string) string {
	t.Helper()
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="`+testid+`"]`)))
	must(t, err)
	return strings.TrimSpace(text)
}

func noReload(t *testing.T, ctx context.Context) {
	t.Helper()
	still, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__noReload === true`))
	must(t, err)
	if !still {
		t.Error("the page reloaded: the form was not a partial update")
	}
}

func openOrder(t *testing.T, ctx context.Context, srv *testenv.Server, id string) {
	t.Helper()
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/orders/"+id),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="payments-panel"]`)),
		chromedp.Evaluate[chromedp.Void](`window.__noReload = true`),
	))
}

// TestPartialCapture captures part of what is left of an authorization: the capture is stored
// with the next transaction id, the payment stays authorized, and the ledger's captured figure
// grows without a page load.
func TestPartialCapture(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	for i, d := range devices[:2] {
		t.Run(d.name, func(t *testing.T) {
			o := moneyOrder(t, srv, uint64(70+i), demo.ScenarioPartialCapture)
			p := o.InPayments[0]
			cur := order.CurrencyFor(o.Currency)
			before := p.CapturedAmount()
			part := cur.Round(order.CaptureRemaining(&p).Div(decimal.NewFromInt(2)))
			ctx := browser(t, d.width, d.height)
			signInAs(t, ctx, srv, "clerk@example.com")
			openOrder(t, ctx, srv, o.ID)
			if got := ledgerText(t, ctx, "ledger-captured"); !strings.Contains(got, cur.Fixed(before)) {
				t.Fatalf("ledger shows captured %q, want %s", got, cur.Fixed(before))
			}
			must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="capture-`+p.ID+`"] > summary`))))
			shown, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`#capture-`+p.ID+` [name="transactionId"]`)))
			must(t, err)
			if want := order.NextTransactionID(&p); shown != want {
				t.Errorf("transaction id prefilled %q, want %q", shown, want)
			}
			checkFits(t, ctx, "capture form")
			screenshot(t, ctx, "money-capture-form-"+d.name)
			must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="capture-`+p.ID+`"] > summary`))))
			submitMoneyForm(t, ctx, "capture-"+p.ID, map[string]string{"amount": cur.Fixed(part)}, "")
			saved, err := srv.Store.Order(context.Background(), o.ID)
			must(t, err)
			sp := saved.Payment(p.ID)
			if len(sp.Captures) != len(p.Captures)+1 || !sp.Captures[len(sp.Captures)-1].Amount.Equal(part) || sp.Status != "Authorized" {
				t.Fatalf("stored payment %s with captures %+v, want one more of %s", sp.Status, sp.Captures, part)
			}
			if got, want := ledgerText(t, ctx, "ledger-captured"), cur.Fixed(before.Add(part)); !strings.Contains(got, want) {
				t.Errorf("ledger shows captured %q, want %s", got, want)
			}
			noReload(t, ctx)
			checkFits(t, ctx, "after the capture")
			screenshot(t, ctx, "money-capture-saved-"+d.name)
			// The gateway log, its long text folded and opened, and the new payment form fit too.
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`#pay-`+p.ID+` [data-testid="gateway-log"] > summary`)),
				chromedp.WaitVisible(chromedp.CSS(`#pay-`+p.ID+` [data-testid="gateway-entry"]`)),
				chromedp.Click(chromedp.CSS(`#pay-`+p.ID+` .gw-text > summary`)),
				chromedp.WaitVisible(chromedp.CSS(`#pay-`+p.ID+` .gw-text pre`)),
				chromedp.Click(chromedp.CSS(`[data-testid="new-payment"] > summary`)),
				chromedp.WaitVisible(chromedp.CSS(`#new-payment [name="gatewayCode"]`)),
			))
			checkFits(t, ctx, "gateway log and new payment form")
			screenshot(t, ctx, "money-log-and-new-payment-"+d.name)
		})
	}
}

// TestPartialRefundByLine refunds one unit of a line of a paid order: the amount is computed
// before saving, a refund above what was paid is refused at the field, and the saved refund
// moves the ledger.
func TestPartialRefundByLine(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	for i, d := range devices[:2] {
		t.Run(d.name, func(t *testing.T) {
			o := moneyOrder(t, srv, uint64(80+i), demo.ScenarioCompleted)
			p := o.InPayments[0]
			li := o.Items[0]
			cur := order.CurrencyFor(o.Currency)
			unit := cur.Round(order.RefundUnitPrice(o, &li))
			ctx := browser(t, d.width, d.height)
			signInAs(t, ctx, srv, "clerk@example.com")
			openOrder(t, ctx, srv, o.ID)
			form := "refund-" + p.ID
			qty := `[name="items[` + li.ID + `].quantity"]`
			// Too much: the message sits at the amount, nothing is saved.
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`[data-testid="`+form+`"] > summary`)),
				chromedp.SetValue(chromedp.CSS(`#`+form+` [name="amount"]`), cur.Fixed(p.Sum.Add(cur.Round(unit)))),
				chromedp.SetValue(chromedp.CSS(`#`+form+` [name="reason"]`), "Test of the bound"),
				pressButton(`#`+form+` button[type="submit"]`),
				chromedp.WaitVisible(chromedp.CSS(`#`+form+` .field.has-error .error`)),
			))
			assertPageIntact(t, ctx, "after a refund refused at the field")
			msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#`+form+` .field.has-error .error`)))
			must(t, err)
			if !strings.Contains(msg, "more than can be refunded") || !strings.Contains(msg, cur.Fixed(p.Sum)) {
				t.Errorf("over-refund message %q", msg)
			}
			screenshot(t, ctx, "money-refund-too-much-"+d.name)
			// By line: the amount shows as the units are typed, before anything is saved.
			must(t, chromedp.Do(ctx,
				chromedp.Evaluate[chromedp.Void](`document.querySelector('#`+form+` [name="amount"]').value = ""`),
				chromedp.SetValue(chromedp.CSS(`#`+form+` `+qty), "1"),
				chromedp.WaitVisible(chromedp.CSS(`#`+form+` [data-testid="refund-preview"].has-amount`)),
			))
			assertPageIntact(t, ctx, "after the refund preview")
			preview, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#`+form+` [data-testid="refund-preview"]`)))
			must(t, err)
			if !strings.Contains(preview, cur.Fixed(unit)) {
				t.Errorf("preview %q, want %s", preview, cur.Fixed(unit))
			}
			if stored, _ := srv.Store.Order(context.Background(), o.ID); len(stored.InPayments[0].Refunds) != 0 {
				t.Fatal("computing the amount saved a refund")
			}
			checkFits(t, ctx, "refund form")
			screenshot(t, ctx, "money-refund-preview-"+d.name)
			must(t, chromedp.Do(ctx,
				chromedp.SetValue(chromedp.CSS(`#`+form+` [name="reason"]`), "One unit arrived broken"),
				pressButton(`#`+form+` button[type="submit"]`),
				chromedp.WaitVisible(chromedp.CSS(`[data-testid="money-saved"]`)),
			))
			assertPageIntact(t, ctx, "after the refund")
			saved, err := srv.Store.Order(context.Background(), o.ID)
			must(t, err)
			sp := saved.Payment(p.ID)
			if len(sp.Refunds) != 1 || !sp.Refunds[0].Amount.Equal(unit) || sp.Status != "PartiallyRefunded" || len(sp.Refunds[0].Items) != 1 {
				t.Fatalf("stored payment %s, refunds %+v", sp.Status, sp.Refunds)
			}
			if got := ledgerText(t, ctx, "ledger-refunded"); !strings.Contains(got, cur.Fixed(unit)) {
				t.Errorf("ledger shows refunded %q, want %s", got, cur.Fixed(unit))
			}
			// A refund gives money back; it does not make the customer owe it again.
			if got, want := ledgerText(t, ctx, "ledger-due"), cur.Fixed(order.OrderBalance(saved).Due); !strings.Contains(got, want) {
				t.Errorf("ledger shows balance due %q, want %s", got, want)
			}
			// In the tree, folded under its payment (one click away).
			docs, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="documents"]').textContent`))
			must(t, err)
			if !strings.Contains(docs, sp.Refunds[0].Number) {
				t.Errorf("documents tree lacks refund %s", sp.Refunds[0].Number)
			}
			noReload(t, ctx)
			screenshot(t, ctx, "money-refund-saved-"+d.name)
		})
	}
}

// TestReturnTurnedIntoRefund creates a return of one sent unit from the order page, then
// refunds it in one step: the refund matches the return, the return says it was refunded, and
// the ledger's refunded figure grows.
func TestReturnTurnedIntoRefund(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	for i, d := range devices[:2] {
		t.Run(d.name, func(t *testing.T) {
			o := moneyOrder(t, srv, uint64(90+i), demo.ScenarioCompleted)
			li := o.Items[0]
			cur := order.CurrencyFor(o.Currency)
			unit := order.RefundUnitPrice(o, &li)
			if !unit.Equal(cur.Round(unit)) {
				t.Fatalf("unit refund price %s is not rounded to the currency", unit)
			}
			ctx := browser(t, d.width, d.height)
			signInAs(t, ctx, srv, "clerk@example.com")
			openOrder(t, ctx, srv, o.ID)
			must(t, chromedp.Do(ctx,
				chromedp.Click(chromedp.CSS(`[data-testid="new-return"] > summary`)),
				chromedp.WaitVisible(chromedp.CSS(`#new-return [name="lines[`+li.ID+`].quantity"]`)),
			))
			checkFits(t, ctx, "new return form")
			screenshot(t, ctx, "money-return-form-"+d.name)
			must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="new-return"] > summary`))))
			submitMoneyForm(t, ctx, "new-return", map[string]string{
				`lines[` + li.ID + `].quantity`: "1", `lines[` + li.ID + `].reason`: "Damaged",
			}, "")
			returns, err := srv.Store.Returns(context.Background(), o.ID)
			must(t, err)
			if len(returns) != 1 || returns[0].LineItems[0].Quantity != 1 || returns[0].LineItems[0].Reason != "Damaged" {
				t.Fatalf("returns %+v", returns)
			}
			ret := returns[0]
			screenshot(t, ctx, "money-return-created-"+d.name)
			must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="refund-ret-`+ret.ID+`"] > summary`))))
			checkFits(t, ctx, "refund this return form")
			screenshot(t, ctx, "money-return-refund-form-"+d.name)
			must(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="refund-ret-`+ret.ID+`"] > summary`))))
			submitMoneyForm(t, ctx, "refund-ret-"+ret.ID, map[string]string{"reason": "Return received"}, "")
			saved, err := srv.Store.Order(context.Background(), o.ID)
			must(t, err)
			refunds := saved.InPayments[0].Refunds
			if len(refunds) != 1 || !refunds[0].Amount.Equal(unit) || refunds[0].Items[0].LineItemID != li.ID {
				t.Fatalf("refunds %+v, want one of %s for line %s", refunds, unit, li.ID)
			}
			back, err := srv.Store.Return(context.Background(), ret.ID)
			must(t, err)
			if back.RefundID != refunds[0].ID || back.Status != order.ReturnCompleted {
				t.Errorf("return refund id %q status %s, want %q Completed", back.RefundID, back.Status, refunds[0].ID)
			}
			badge := ledgerText(t, ctx, "return-refunded")
			if !strings.Contains(badge, refunds[0].Number) {
				t.Errorf("return badge %q, want refund %s", badge, refunds[0].Number)
			}
			if got := ledgerText(t, ctx, "ledger-refunded"); !strings.Contains(got, cur.Fixed(unit)) {
				t.Errorf("ledger shows refunded %q, want %s", got, cur.Fixed(unit))
			}
			noReload(t, ctx)
			checkFits(t, ctx, "after refunding the return")
			screenshot(t, ctx, "money-return-refunded-"+d.name)
		})
	}
}
