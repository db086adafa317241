package staff

import (
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"orderdesk/internal/audit"
	"orderdesk/internal/order"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// The payments panel built from plain values, without a database.

var panelTime = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// panelOrder: lines A (3 × 10.00) and B (1 × 50.00), two units of A sent, total 91.00 USD.
// PAY-1 is paid (61.00, captured in full by CAP-1) with a pending refund of 10.00 and a
// processed one of 5.00; PAY-2 is authorized for 30.00, nothing captured. RET-1 returns one
// unit of A at 10.00.
func panelOrder() (*order.CustomerOrder, []order.Return) {
	at := panelTime
	o := &order.CustomerOrder{
		Operation: order.Operation{ID: "o1", Number: "CO-1", Currency: "USD", Status: order.OrderProcessing},
		Total:     dec("91"),
		Items: []order.LineItem{
			{ID: "A", Sku: "SKU-A", OrderID: "o1", Quantity: 3, Price: dec("10"), PlacedPriceWithTax: dec("10")},
			{ID: "B", Sku: "SKU-B", OrderID: "o1", Quantity: 1, Price: dec("50"), PlacedPriceWithTax: dec("50")},
		},
		Shipments: []order.Shipment{{Operation: order.Operation{ID: "s1", Number: "SH-1", Status: order.ShipmentSent},
			Items: []order.ShipmentItem{{ID: "si1", LineItemID: "A", Quantity: 2}}}},
		InPayments: []order.PaymentIn{
			{Operation: order.Operation{ID: "p1", Number: "PAY-1", Currency: "USD", Status: string(order.PaymentPaid), Sum: dec("61")},
				GatewayCode: "Card", AuthorizedDate: &at, CapturedDate: &at,
				Captures: []order.Capture{{Operation: order.Operation{ID: "c1", Number: "CAP-1", Status: string(order.CaptureProcessed)},
					Amount: dec("61"), TransactionID: "tx-1", Items: []order.CaptureItem{{ID: "ci1", LineItemID: "A", Quantity: 1}}}},
				Refunds: []order.Refund{
					{Operation: order.Operation{ID: "r1", Number: "REF-1", Status: string(order.RefundPending)}, Amount: dec("10"),
						ReasonCode: order.ReasonRequestedByCustomer, ReasonMessage: "too big"},
					{Operation: order.Operation{ID: "r2", Number: "REF-2", Status: string(order.RefundProcessed)}, Amount: dec("5"),
						ReasonCode: order.ReasonRequestedByCustomer, Items: []order.RefundItem{{ID: "ri1", LineItemID: "B", Quantity: 1}}},
				},
				Transactions: []order.PaymentGatewayTransaction{{ID: "t1", Amount: dec("61"), Type: "Capture", Status: "Active",
					IsProcessed: true, ProcessedDate: &at, ProcessAttemptCount: 1, RequestData: "amount=61.00", ResponseData: "ok 61.00"}},
			},
			{Operation: order.Operation{ID: "p2", Number: "PAY-2", Currency: "USD", Status: string(order.PaymentAuthorized), Sum: dec("30")},
				GatewayCode: "Invoice", AuthorizedDate: &at},
		},
	}
	returns := []order.Return{{ID: "ret1", Number: "RET-1", OrderID: "o1", Status: order.ReturnNew,
		LineItems: []order.ReturnLineItem{{ID: "rl1", OrderLineItemID: "A", Quantity: 1, Price: dec("10"), Reason: "damaged"}}}}
	return o, returns
}

var everything = paymentsAccess{prices: true, update: true, capture: true, refund: true, returnUpdate: true, returnCreate: true}

func panelInput(o *order.CustomerOrder, returns []order.Return, may paymentsAccess) paymentsInput {
	return paymentsInput{order: o, returns: returns, may: may, statuses: order.DefaultStatusRules(),
		reasons: audit.DefaultReasonRules(), returnReasons: []string{"damaged", "wrong size"}, csrf: "token"}
}

func cardOf(t *testing.T, pv *orderpage.Payments, id string) orderpage.PaymentCard {
	t.Helper()
	for _, c := range pv.Cards {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no card for payment %s", id)
	return orderpage.PaymentCard{}
}

func factOf(facts []orderpage.Fact, label string) (string, bool) {
	for _, f := range facts {
		if f.Label == label {
			return f.Value, true
		}
	}
	return "", false
}

// usd is an amount as the panel shows it.
func usd(s string) string { return order.CurrencyFor("USD").Fixed(dec(s)) + " USD" }

// viewTexts collects every text of the view, however deep.
func viewTexts(v any) []string {
	var out []string
	var walk func(reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.String:
			out = append(out, v.String())
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				walk(it.Key())
				walk(it.Value())
			}
		}
	}
	walk(reflect.ValueOf(v))
	return out
}

var amountText = regexp.MustCompile(`\d\.\d\d|\d USD`)

// TestPaymentsViewPrices: a viewer who may not read prices sees no amount anywhere in the
// panel (figures, facts, documents, gateway text, return lines, form hints and fields), and
// is offered no form that is about amounts; one who may sees the ledger's figures.
func TestPaymentsViewPrices(t *testing.T) {
	for _, prices := range []bool{false, true} {
		may := everything
		may.prices = prices
		o, returns := panelOrder()
		o.InPayments[1].Sum = dec("20") // a gap of 10.00, so its text and form are in play too
		pv := paymentsView(panelInput(o, returns, may))
		var found []string
		for _, s := range viewTexts(pv) {
			if amountText.MatchString(s) {
				found = append(found, s)
			}
		}
		if pv.ShowPrices != prices {
			t.Errorf("prices %v: ShowPrices = %v", prices, pv.ShowPrices)
		}
		if !prices {
			if len(found) > 0 {
				t.Errorf("without prices the panel shows amounts: %q", found)
			}
			if pv.NewPayment != nil || pv.AdjustPayment != nil || pv.Gap != "" {
				t.Errorf("without prices: new payment %v, adjust %v, gap %q; want none", pv.NewPayment != nil, pv.AdjustPayment != nil, pv.Gap)
			}
			for _, c := range pv.Cards {
				if c.Capture != nil || c.Refund != nil || c.CaptureNote != "" || c.RefundNote != "" {
					t.Errorf("without prices %s offers capture %v / refund %v (%q, %q)", c.Number, c.Capture != nil, c.Refund != nil, c.CaptureNote, c.RefundNote)
				}
				if c.Edit != nil {
					for _, in := range c.Edit.Inputs {
						if in.Name == "sum" || in.Name == "price" {
							t.Errorf("without prices the edit form of %s has the field %s", c.Number, in.Name)
						}
					}
				}
			}
			for _, r := range pv.Returns {
				if r.Refund != nil {
					t.Errorf("without prices return %s offers a refund", r.Number)
				}
			}
			continue
		}
		if len(found) == 0 {
			t.Fatal("with prices the panel shows no amount at all")
		}
		if pv.Gap != paymentGapText(o, mustGap(t, o)) || !strings.Contains(pv.Gap, usd("10")+" less") {
			t.Errorf("gap = %q", pv.Gap)
		}
		c := cardOf(t, pv, "p1")
		if c.Transactions[0].Request != "amount=61.00" || c.Transactions[0].Amount != usd("61") {
			t.Errorf("with prices the gateway log reads %+v", c.Transactions[0])
		}
		if pv.Returns[0].Lines[0] != "SKU-A × 1 at 10.00 (damaged)" || pv.Returns[0].Amount != usd("10") {
			t.Errorf("return: lines %q, amount %q", pv.Returns[0].Lines, pv.Returns[0].Amount)
		}
	}
}

func mustGap(t *testing.T, o *order.CustomerOrder) order.PaymentGap {
	t.Helper()
	g, ok := order.PaymentGapOf(o)
	if !ok {
		t.Fatal("the fixture has no payment gap")
	}
	return g
}

// TestPaymentsViewLedger: the ledger rows are the order's ledger, payment by payment and in
// total, and a payment's card says what is left to capture or refund.
func TestPaymentsViewLedger(t *testing.T) {
	for _, tc := range []struct {
		name        string
		change      func(o *order.CustomerOrder)
		net1, due   string
		dueLabel    string
		leftRefund1 string
	}{
		{name: "as placed", net1: "56", due: "30", dueLabel: "Balance due (charged − paid)", leftRefund1: "46"},
		{name: "the pending refund processed", change: func(o *order.CustomerOrder) {
			o.InPayments[0].Refunds[0].Status = string(order.RefundProcessed)
		}, net1: "46", due: "30", dueLabel: "Balance due (charged − paid)", leftRefund1: "46"},
		{name: "paid more than the total", change: func(o *order.CustomerOrder) {
			o.Total = dec("40")
		}, net1: "56", due: "16", dueLabel: "Credit (overpaid) (net paid − charged)", leftRefund1: "46"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, returns := panelOrder()
			if tc.change != nil {
				tc.change(o)
			}
			pv := paymentsView(panelInput(o, returns, everything))
			l := order.LedgerOf(o)
			if len(pv.Ledger) != len(l.Payments) || len(pv.Totals) != len(l.Totals) {
				t.Fatalf("%d ledger rows and %d totals, want %d and %d", len(pv.Ledger), len(pv.Totals), len(l.Payments), len(l.Totals))
			}
			for i, pl := range l.Payments {
				row := pv.Ledger[i]
				fx := func(d interface{ String() string }) string { return usd(d.String()) }
				want := orderpage.LedgerRow{Label: pl.Number, Anchor: pl.PaymentID, Authorized: fx(pl.Authorized), Captured: fx(pl.Captured),
					Paid: fx(pl.Paid), Refunded: fx(pl.Refunded), Net: fx(pl.Net), Status: row.Status, StatusTone: row.StatusTone}
				if !reflect.DeepEqual(row, want) {
					t.Errorf("ledger row %d = %+v, want %+v", i, row, want)
				}
			}
			if pv.Ledger[0].Net != usd(tc.net1) {
				t.Errorf("PAY-1 net = %q, want %q", pv.Ledger[0].Net, usd(tc.net1))
			}
			tot := pv.Totals[0]
			if tot.Charged != usd(o.Total.String()) || tot.Due != usd(tc.due) || tot.DueLabel != tc.dueLabel {
				t.Errorf("totals = %+v, want charged %s, %q %s", tot, o.Total, tc.dueLabel, usd(tc.due))
			}
			if got, _ := factOf(cardOf(t, pv, "p1").Facts, "Left to refund"); got != usd(order.RefundRemaining(&o.InPayments[0]).String()) || got != usd(tc.leftRefund1) {
				t.Errorf("PAY-1 left to refund = %q, want %s", got, usd(tc.leftRefund1))
			}
			if got, _ := factOf(cardOf(t, pv, "p2").Facts, "Left to capture"); got != usd(order.CaptureRemaining(&o.InPayments[1]).String()) {
				t.Errorf("PAY-2 left to capture = %q", got)
			}
			// A payment that keeps money cannot be cancelled; one that keeps none can.
			for i, c := range pv.Cards {
				if keeps := l.Payments[i].Net.IsPositive(); (c.Cancel != nil) == keeps {
					t.Errorf("%s keeps money %v but its cancel form is offered: %v", c.Number, keeps, c.Cancel != nil)
				}
			}
		})
	}
}

// TestPaymentsViewAccess: every combination of permissions gets exactly the forms it may use.
func TestPaymentsViewAccess(t *testing.T) {
	for mask := range 1 << 6 {
		may := paymentsAccess{prices: mask&1 != 0, update: mask&2 != 0, capture: mask&4 != 0,
			refund: mask&8 != 0, returnUpdate: mask&16 != 0, returnCreate: mask&32 != 0}
		o, returns := panelOrder()
		pv := paymentsView(panelInput(o, returns, may))
		paid, auth := cardOf(t, pv, "p1"), cardOf(t, pv, "p2")
		ret := pv.Returns[0]
		for _, c := range []struct {
			what string
			got  bool
			want bool
		}{
			{"new payment", pv.NewPayment != nil, may.update && may.prices},
			{"edit the authorized payment", auth.Edit != nil, may.update},
			{"edit the paid payment (locked)", paid.Edit != nil, false},
			{"billing", paid.EditBilling != nil && auth.EditBilling != nil, may.update},
			{"log entry", paid.AddLog != nil && auth.AddLog != nil, may.update},
			{"cancel the authorized payment", auth.Cancel != nil, may.update},
			{"capture the authorized payment", auth.Capture != nil, may.capture && may.prices},
			{"capture the paid payment (all captured)", paid.Capture != nil, false},
			{"why the paid payment takes no capture", paid.CaptureNote == "No capture: the whole amount of PAY-1 has been captured.", may.capture && may.prices},
			{"refund the paid payment", paid.Refund != nil, may.refund && may.prices},
			{"why the authorized payment takes no refund", strings.HasPrefix(auth.RefundNote, "Refunds start once the payment is paid"), may.refund && may.prices},
			{"cancel the capture", paid.Captures[0].Cancel != nil, may.capture},
			{"cancel the pending refund", paid.Refunds[0].Cancel != nil, may.refund},
			{"cancel the processed refund", paid.Refunds[1].Cancel != nil, false},
			{"edit the return", ret.Edit != nil, may.returnUpdate},
			{"cancel the return", ret.Cancel != nil, may.returnUpdate},
			{"refund the return", ret.Refund != nil, may.refund && may.returnUpdate && may.prices},
			{"new return", pv.NewReturn != nil, may.returnCreate},
		} {
			if c.got != c.want {
				t.Errorf("%+v: %s offered %v, want %v", may, c.what, c.got, c.want)
			}
		}
	}
}

// TestPaymentsViewCancelled: cancelled payments and documents offer nothing that changes them.
func TestPaymentsViewCancelled(t *testing.T) {
	o, returns := panelOrder()
	o.InPayments[1].IsCancelled, o.InPayments[1].CancelReason = true, "customer paid by card"
	o.InPayments[0].Captures[0].IsCancelled = true
	o.InPayments[0].Refunds[0].IsCancelled = true
	pv := paymentsView(panelInput(o, returns, everything))
	c := cardOf(t, pv, "p2")
	if !c.Cancelled || c.CancelReason != "customer paid by card" {
		t.Errorf("card: cancelled %v, reason %q", c.Cancelled, c.CancelReason)
	}
	if c.Cancel != nil || c.Edit != nil || c.EditBilling != nil || c.Capture != nil || c.Refund != nil || c.CaptureNote != "" || c.RefundNote != "" {
		t.Errorf("a cancelled payment offers cancel %v, edit %v, billing %v, capture %v, refund %v, notes %q %q",
			c.Cancel != nil, c.Edit != nil, c.EditBilling != nil, c.Capture != nil, c.Refund != nil, c.CaptureNote, c.RefundNote)
	}
	if !pv.Ledger[1].Cancelled {
		t.Error("the ledger row of the cancelled payment is not marked cancelled")
	}
	paid := cardOf(t, pv, "p1")
	if d := paid.Captures[0]; !d.Cancelled || d.Cancel != nil {
		t.Errorf("cancelled capture: cancelled %v, cancel form %v", d.Cancelled, d.Cancel != nil)
	}
	if d := paid.Refunds[0]; !d.Cancelled || d.Cancel != nil {
		t.Errorf("cancelled refund: cancelled %v, cancel form %v", d.Cancelled, d.Cancel != nil)
	}

	// The captures of a cancelled payment are settled with it: none is offered a cancel.
	o, returns = panelOrder()
	o.InPayments[0].IsCancelled = true
	if d := cardOf(t, paymentsView(panelInput(o, returns, everything)), "p1").Captures[0]; d.Cancelled || d.Cancel != nil {
		t.Errorf("capture of a cancelled payment: cancelled %v, cancel form %v", d.Cancelled, d.Cancel != nil)
	}

	// A payment with a cancel request pending is not offered another one.
	o, returns = panelOrder()
	o.InPayments[1].CancelledState = order.CancelRequested
	if c := cardOf(t, paymentsView(panelInput(o, returns, everything)), "p2"); c.Cancel != nil || c.Edit != nil {
		t.Errorf("cancel requested: cancel %v, edit %v; want neither", c.Cancel != nil, c.Edit != nil)
	}
}

// TestPaymentsViewReadOnlyOrder: a completed order takes no new or changed payments (billing,
// log and returns stay open); a cancelled one takes no billing change and no return either.
func TestPaymentsViewReadOnlyOrder(t *testing.T) {
	for _, tc := range []struct {
		name                    string
		change                  func(o *order.CustomerOrder)
		open, billing, newRet   bool
		adjustWithGap, hasNotes bool
	}{
		{name: "processing", change: func(*order.CustomerOrder) {}, open: true, billing: true, newRet: true},
		{name: "completed", change: func(o *order.CustomerOrder) { o.Status = order.OrderCompleted }, billing: true, newRet: true},
		{name: "cancelled", change: func(o *order.CustomerOrder) { o.IsCancelled, o.Status = true, order.OrderCancelled }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, returns := panelOrder()
			tc.change(o)
			o.InPayments[1].Sum = dec("20")
			pv := paymentsView(panelInput(o, returns, everything))
			auth := cardOf(t, pv, "p2")
			for _, c := range []struct {
				what      string
				got, want bool
			}{
				{"new payment", pv.NewPayment != nil, tc.open},
				{"adjust payment", pv.AdjustPayment != nil, tc.open},
				{"edit payment", auth.Edit != nil, tc.open},
				{"cancel payment", auth.Cancel != nil, tc.open},
				{"billing", auth.EditBilling != nil, tc.billing},
				{"log entry", auth.AddLog != nil, true},
				{"new return", pv.NewReturn != nil, tc.newRet},
				{"capture", auth.Capture != nil, true},
			} {
				if c.got != c.want {
					t.Errorf("%s offered %v, want %v", c.what, c.got, c.want)
				}
			}
			if pv.Gap == "" {
				t.Error("the gap is not shown")
			}
		})
	}
}

// TestPaymentsViewReturns: what a return offers follows from the sent units, the other
// returns and the payments able to take its refund.
func TestPaymentsViewReturns(t *testing.T) {
	t.Run("nothing left to return", func(t *testing.T) {
		o, returns := panelOrder()
		returns[0].LineItems[0].Quantity = 2 // both units sent
		pv := paymentsView(panelInput(o, returns, everything))
		if pv.NewReturn != nil || !strings.HasPrefix(pv.NewReturnNote, "Nothing can be returned now") {
			t.Errorf("new return %v, note %q", pv.NewReturn != nil, pv.NewReturnNote)
		}
	})
	t.Run("some left to return", func(t *testing.T) {
		o, returns := panelOrder()
		pv := paymentsView(panelInput(o, returns, everything))
		if pv.NewReturn == nil || pv.NewReturnNote != "" {
			t.Fatalf("new return %v, note %q", pv.NewReturn != nil, pv.NewReturnNote)
		}
		var labels []string
		for _, in := range pv.NewReturn.Inputs {
			labels = append(labels, in.Label)
		}
		avail := order.AvailableReturnQuantities(o, returns, "")["A"]
		if want := "Units of SKU-A (up to " + strconv.Itoa(avail) + ")"; !strings.Contains(strings.Join(labels, "|"), want) {
			t.Errorf("new return fields %q, want %q", labels, want)
		}
	})
	t.Run("no payment can take the refund", func(t *testing.T) {
		o, returns := panelOrder()
		returns[0].LineItems[0].Price = dec("100")
		pv := paymentsView(panelInput(o, returns, everything))
		r := pv.Returns[0]
		if r.Refund != nil || r.RefundNote != noPaymentForReturn(o, &returns[0]) ||
			!strings.HasPrefix(r.RefundNote, "No payment can take this refund of "+usd("100")) {
			t.Errorf("refund %v, note %q", r.Refund != nil, r.RefundNote)
		}
	})
	t.Run("refunded", func(t *testing.T) {
		o, returns := panelOrder()
		returns[0].RefundID = "r2"
		pv := paymentsView(panelInput(o, returns, everything))
		r := pv.Returns[0]
		if r.RefundedBy != "REF-2" || r.Refund != nil || r.Cancel != nil || r.Edit == nil {
			t.Errorf("refunded by %q, refund %v, cancel %v, edit %v", r.RefundedBy, r.Refund != nil, r.Cancel != nil, r.Edit != nil)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		o, returns := panelOrder()
		returns[0].Status = order.ReturnCanceled
		r := paymentsView(panelInput(o, returns, everything)).Returns[0]
		if r.Refund != nil || r.Cancel != nil || r.Edit != nil {
			t.Errorf("a cancelled return offers refund %v, cancel %v, edit %v", r.Refund != nil, r.Cancel != nil, r.Edit != nil)
		}
	})
}

// TestPaymentsViewFormState: the form the viewer left comes back in its place, with its
// messages; when it is no longer offered its messages go to the top of the panel.
func TestPaymentsViewFormState(t *testing.T) {
	for _, tc := range []struct {
		name      string
		may       paymentsAccess
		st        *formState
		placed    func(pv *orderpage.Payments) *orderpage.ActionForm
		wantError string
		wantSaved string
	}{
		{name: "capture with an error", may: everything,
			st:     &formState{key: "money:capture:p2", errs: map[string]string{"amount": "at most 30.00 USD"}},
			placed: func(pv *orderpage.Payments) *orderpage.ActionForm { return pv.Cards[1].Capture }},
		{name: "capture no longer allowed", may: paymentsAccess{prices: true, update: true},
			st:        &formState{key: "money:capture:p2", formErr: "the gateway said no", errs: map[string]string{"b": "two", "a": "one"}},
			wantError: "Not saved: the gateway said no; one; two."},
		{name: "a refund preview", may: everything,
			st:     &formState{key: "money:refund:p1", preview: "7.00 USD"},
			placed: func(pv *orderpage.Payments) *orderpage.ActionForm { return pv.Cards[0].Refund }},
		{name: "saved", may: everything, st: &formState{key: "money:newpay", saved: "Payment added."}, wantSaved: "Payment added."},
		{name: "another panel's form", may: everything, st: &formState{key: "ship:s1", formErr: "no"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, returns := panelOrder()
			in := panelInput(o, returns, tc.may)
			in.form = tc.st
			pv := paymentsView(in)
			if pv.Error != tc.wantError || pv.Saved != tc.wantSaved {
				t.Errorf("error %q, saved %q; want %q, %q", pv.Error, pv.Saved, tc.wantError, tc.wantSaved)
			}
			if tc.placed == nil {
				return
			}
			f := tc.placed(pv)
			if f == nil {
				t.Fatal("the form is not offered")
			}
			if !f.Open || f.Preview != tc.st.preview {
				t.Errorf("open %v, preview %q; want open, %q", f.Open, f.Preview, tc.st.preview)
			}
			for _, inp := range f.Inputs {
				if inp.Error != tc.st.errs[inp.Name] {
					t.Errorf("field %s: error %q, want %q", inp.Name, inp.Error, tc.st.errs[inp.Name])
				}
			}
		})
	}
}

// TestPaymentsViewReasons: refunds and cancellations ask for a reason up front exactly when
// the reason rules want one.
func TestPaymentsViewReasons(t *testing.T) {
	for _, rules := range []audit.ReasonRules{{}, {Refund: true}, {Cancellation: true}, {Refund: true, Cancellation: true}} {
		o, returns := panelOrder()
		in := panelInput(o, returns, everything)
		in.reasons = rules
		pv := paymentsView(in)
		paid, auth := cardOf(t, pv, "p1"), cardOf(t, pv, "p2")
		for _, c := range []struct {
			what string
			f    *orderpage.ActionForm
			want bool
		}{
			{"refund", paid.Refund, rules.Refund},
			{"refund of the return", pv.Returns[0].Refund, rules.Refund},
			{"cancel payment", auth.Cancel, rules.Cancellation},
			{"cancel refund", paid.Refunds[0].Cancel, rules.Cancellation},
			{"cancel return", pv.Returns[0].Cancel, rules.Cancellation},
			{"capture", auth.Capture, false},
		} {
			if c.f == nil {
				t.Fatalf("%+v: no %s form", rules, c.what)
			}
			if c.f.NeedReason != c.want {
				t.Errorf("%+v: %s needs a reason %v, want %v", rules, c.what, c.f.NeedReason, c.want)
			}
		}
	}
}

// TestPaymentsViewDocuments: a payment's documents show their own figures and facts.
func TestPaymentsViewDocuments(t *testing.T) {
	o, returns := panelOrder()
	pv := paymentsView(panelInput(o, returns, everything))
	c := cardOf(t, pv, "p1")
	if got, _ := factOf(c.Facts, "Amount"); got != usd("61") {
		t.Errorf("amount fact %q", got)
	}
	if got, _ := factOf(c.Facts, "Authorized"); got != base.When(panelTime) {
		t.Errorf("authorized fact %q, want %q", got, base.When(panelTime))
	}
	if _, ok := factOf(c.Facts, "Left to capture"); ok {
		t.Error("a payment captured in full shows what is left to capture")
	}
	cp := c.Captures[0]
	if cp.Amount != usd("61") || cp.Number != "CAP-1" || cp.Kind != "Capture" {
		t.Errorf("capture %+v", cp)
	}
	if got, _ := factOf(cp.Facts, "Items"); got != "SKU-A × 1" {
		t.Errorf("capture items %q", got)
	}
	rf := c.Refunds[0]
	if got, _ := factOf(rf.Facts, "Reason"); !strings.HasSuffix(got, ": too big") {
		t.Errorf("refund reason %q", got)
	}
	if got, _ := factOf(c.Refunds[1].Facts, "Items"); got != "SKU-B × 1" {
		t.Errorf("refund items %q", got)
	}
	if tx := c.Transactions[0]; tx.When != base.When(panelTime) || tx.Attempts != "1" || !tx.Processed {
		t.Errorf("transaction %+v", tx)
	}
}
