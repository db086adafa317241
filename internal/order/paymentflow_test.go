package order

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// flowOrder: two lines (A: 3 × 10.00 placed with tax 12.00; B: 1 × 50.00 placed with tax
// 55.00), shipping 9.00 with tax, one payment of amount 91.00 in the given status.
func flowOrder(status PaymentStatus) *CustomerOrder {
	return &CustomerOrder{
		Operation: Operation{ID: "o1", Currency: "USD"},
		Total:     d("91"), ShippingTotalWithTax: d("9"),
		Items: []LineItem{
			{ID: "A", Sku: "SKU-A", OrderID: "o1", Quantity: 3, Price: d("10"), PlacedPriceWithTax: d("12")},
			{ID: "B", Sku: "SKU-B", OrderID: "o1", Quantity: 1, Price: d("50"), PlacedPriceWithTax: d("55")},
		},
		InPayments: []PaymentIn{{Operation: Operation{ID: "p1", Number: "PAY-1", Currency: "USD", Status: string(status), Sum: d("91")}}},
	}
}

func fieldMsg(t *testing.T, err error, field string) string {
	t.Helper()
	var fe Problems
	if !errors.As(err, &fe) {
		t.Fatalf("want field errors, got %v", err)
	}
	if fe[field] == "" {
		t.Fatalf("want a message at %q, got %v", field, fe)
	}
	return fe[field]
}

var now = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func TestCaptureBounds(t *testing.T) {
	cases := []struct {
		name    string
		status  PaymentStatus
		before  []Capture
		req     CaptureRequest
		field   string // "" means accepted
		msg     string
		paidNow bool
	}{
		{name: "partial capture of an authorization", status: PaymentAuthorized, req: CaptureRequest{Amount: d("40")}},
		{name: "the rest makes it paid", status: PaymentAuthorized, before: []Capture{cap("c1", "40", false)},
			req: CaptureRequest{Amount: d("51")}, paidNow: true},
		{name: "close transaction makes it paid", status: PaymentAuthorized, req: CaptureRequest{Amount: d("10"), CloseTransaction: true}, paidNow: true},
		{name: "new payment cannot be captured", status: PaymentNew, req: CaptureRequest{Amount: d("1")}, field: "amount", msg: "only an authorized or paid payment"},
		{name: "zero", status: PaymentAuthorized, req: CaptureRequest{Amount: d("0")}, field: "amount", msg: "more than zero"},
		{name: "above the amount", status: PaymentAuthorized, req: CaptureRequest{Amount: d("91.01")}, field: "amount", msg: "at most 91.00 USD can still be captured"},
		{name: "above what remains", status: PaymentAuthorized, before: []Capture{cap("c1", "90", false)},
			req: CaptureRequest{Amount: d("2")}, field: "amount", msg: "at most 1.00 USD"},
		{name: "rejected and cancelled captures do not count", status: PaymentAuthorized,
			before: []Capture{{Operation: Operation{ID: "c1", Status: "Rejected"}, Amount: d("90")}, {Operation: Operation{ID: "c2", Status: "Processed", IsCancelled: true}, Amount: d("90")}},
			req:    CaptureRequest{Amount: d("91")}, paidNow: true},
		{name: "a closed authorization takes no more", status: PaymentAuthorized, before: []Capture{cap("c1", "10", true)},
			req: CaptureRequest{Amount: d("1")}, field: "amount", msg: "closed this authorization"},
		{name: "items at most the units ordered", status: PaymentAuthorized,
			req: CaptureRequest{Amount: d("10"), Items: []CaptureItem{{LineItemID: "A", Quantity: 4}}}, field: "items[A].quantity", msg: "at most 3 of SKU-A"},
		{name: "items less those captured", status: PaymentAuthorized,
			before: []Capture{{Operation: Operation{ID: "c1", Status: "Processed"}, Amount: d("24"), Items: []CaptureItem{{LineItemID: "A", Quantity: 2}}}},
			req:    CaptureRequest{Amount: d("10"), Items: []CaptureItem{{LineItemID: "A", Quantity: 2}}}, field: "items[A].quantity", msg: "at most 1 of SKU-A"},
		{name: "item of another order", status: PaymentAuthorized,
			req: CaptureRequest{Amount: d("10"), Items: []CaptureItem{{LineItemID: "Z", Quantity: 1}}}, field: "items[Z].quantity", msg: "not a line"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := flowOrder(tc.status)
			p := &o.InPayments[0]
			p.Captures = tc.before
			c, err := CapturePayment(o, p, tc.req, now)
			if tc.field != "" {
				if msg := fieldMsg(t, err, tc.field); !strings.Contains(msg, tc.msg) {
					t.Errorf("message %q, want it to contain %q", msg, tc.msg)
				}
				if len(p.Captures) != len(tc.before) || p.Status != string(tc.status) {
					t.Errorf("a refused capture changed the payment: %+v", p)
				}
				return
			}
			if err != nil {
				t.Fatalf("capture refused: %v", err)
			}
			if c.Status != "Processed" || c.TransactionID == "" || len(p.Captures) != len(tc.before)+1 || p.CapturedDate == nil {
				t.Errorf("capture = %+v, payment = %+v", c, p)
			}
			if got := p.Status == string(PaymentPaid); got != tc.paidNow {
				t.Errorf("payment status %s, paid = %v want %v", p.Status, got, tc.paidNow)
			}
			for k, msg := range p.Validate() {
				if strings.HasSuffix(k, ".amount") {
					t.Errorf("the stored rules refuse what the flow accepted: %s: %s", k, msg)
				}
			}
		})
	}
}

func cap(id, amount string, closes bool) Capture {
	return Capture{Operation: Operation{ID: id, Status: "Processed"}, Amount: d(amount), TransactionID: "PAY-1-00" + id[1:], CloseTransaction: closes}
}

func TestCaptureTransactionIDs(t *testing.T) {
	o := flowOrder(PaymentAuthorized)
	p := &o.InPayments[0]
	first, _ := CapturePayment(o, p, CaptureRequest{Amount: d("10")}, now)
	second, _ := CapturePayment(o, p, CaptureRequest{Amount: d("10")}, now)
	own, _ := CapturePayment(o, p, CaptureRequest{Amount: d("10"), TransactionID: " gw-77 "}, now)
	if first.TransactionID != "PAY-1-001" || second.TransactionID != "PAY-1-002" || own.TransactionID != "gw-77" {
		t.Errorf("transaction ids %q %q %q", first.TransactionID, second.TransactionID, own.TransactionID)
	}
}

func TestRefundBounds(t *testing.T) {
	captured := []Capture{cap("c1", "60", false)}
	cases := []struct {
		name     string
		status   PaymentStatus
		captures []Capture
		refunds  []Refund
		req      RefundRequest
		field    string
		msg      string
		amount   string // accepted: the refund's amount
		after    PaymentStatus
	}{
		{name: "partial refund of a paid payment", status: PaymentPaid, req: RefundRequest{Amount: d("20")}, amount: "20", after: PaymentPartiallyRefunded},
		{name: "all of it", status: PaymentPaid, req: RefundRequest{Amount: d("91")}, amount: "91", after: PaymentRefunded},
		{name: "an authorized payment cannot be refunded", status: PaymentAuthorized, req: RefundRequest{Amount: d("1")}, field: "amount", msg: "only a paid payment"},
		{name: "above what was paid", status: PaymentPaid, req: RefundRequest{Amount: d("91.01")}, field: "amount", msg: "at most 91.00 USD (paid 91.00, refunded 0.00)"},
		{name: "above what was captured", status: PaymentPaid, captures: captured, req: RefundRequest{Amount: d("61")}, field: "amount", msg: "at most 60.00 USD"},
		{name: "above what is left after refunds", status: PartiallyRefunded(), refunds: []Refund{refund("r1", "50", "Processed")},
			req: RefundRequest{Amount: d("42")}, field: "amount", msg: "at most 41.00 USD (paid 91.00, refunded 50.00)"},
		{name: "pending refunds count, rejected do not", status: PartiallyRefunded(),
			refunds: []Refund{refund("r1", "50", "Pending"), refund("r2", "41", "Rejected")},
			req:     RefundRequest{Amount: d("41")}, amount: "41", after: PaymentPartiallyRefunded},
		{name: "zero", status: PaymentPaid, req: RefundRequest{}, field: "amount", msg: "more than zero"},
		{name: "by lines: amount computed", status: PaymentPaid,
			req: RefundRequest{Items: []RefundItem{{LineItemID: "A", Quantity: 2}, {LineItemID: "B", Quantity: 0}}}, amount: "24", after: PaymentPartiallyRefunded},
		{name: "by lines with shipping", status: PaymentPaid,
			req: RefundRequest{Items: []RefundItem{{LineItemID: "B", Quantity: 1}}, Shipping: d("9")}, amount: "64", after: PaymentPartiallyRefunded},
		{name: "shipping above the order's", status: PaymentPaid, req: RefundRequest{Shipping: d("9.01")}, field: "shipping", msg: "at most the order's shipping, 9.00 USD"},
		{name: "negative shipping", status: PaymentPaid, req: RefundRequest{Amount: d("1"), Shipping: d("-1")}, field: "shipping", msg: "negative"},
		{name: "units above the line's", status: PaymentPaid,
			req: RefundRequest{Items: []RefundItem{{LineItemID: "A", Quantity: 4}}}, field: "items[A].quantity", msg: "at most 3 of SKU-A"},
		{name: "units less those refunded before", status: PartiallyRefunded(),
			refunds: []Refund{{Operation: Operation{ID: "r1", Status: "Processed"}, Amount: d("24"), Items: []RefundItem{{LineItemID: "A", Quantity: 2}}}},
			req:     RefundRequest{Items: []RefundItem{{LineItemID: "A", Quantity: 2}}}, field: "items[A].quantity", msg: "at most 1 of SKU-A"},
		{name: "units at most those captured when captures name lines", status: PaymentPaid,
			captures: []Capture{{Operation: Operation{ID: "c1", Status: "Processed"}, Amount: d("12"), Items: []CaptureItem{{LineItemID: "A", Quantity: 1}}}},
			req:      RefundRequest{Items: []RefundItem{{LineItemID: "A", Quantity: 2}}}, field: "items[A].quantity", msg: "at most 1 of SKU-A"},
		{name: "lines worth more than is left", status: PaymentPaid, captures: []Capture{cap("c1", "30", false)},
			req: RefundRequest{Items: []RefundItem{{LineItemID: "B", Quantity: 1}}}, field: "amount", msg: "55.00 USD is more than can be refunded"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := flowOrder(tc.status)
			p := &o.InPayments[0]
			p.Captures, p.Refunds = tc.captures, tc.refunds
			rf, err := RefundPayment(o, p, tc.req)
			if tc.field != "" {
				if msg := fieldMsg(t, err, tc.field); !strings.Contains(msg, tc.msg) {
					t.Errorf("message %q, want it to contain %q", msg, tc.msg)
				}
				if len(p.Refunds) != len(tc.refunds) || p.Status != string(tc.status) {
					t.Errorf("a refused refund changed the payment: %+v", p)
				}
				return
			}
			if err != nil {
				t.Fatalf("refund refused: %v", err)
			}
			if !rf.Amount.Equal(d(tc.amount)) || p.Status != string(tc.after) || rf.ReasonCode != ReasonOther || rf.TransactionID == "" {
				t.Errorf("refund %s (%s), payment %s; want %s, %s", rf.Amount, rf.ReasonCode, p.Status, tc.amount, tc.after)
			}
			for k, msg := range p.Validate() {
				if strings.HasSuffix(k, ".amount") {
					t.Errorf("the stored rules refuse what the flow accepted: %s: %s", k, msg)
				}
			}
		})
	}
}

func PartiallyRefunded() PaymentStatus { return PaymentPartiallyRefunded }

func refund(id, amount, status string) Refund {
	return Refund{Operation: Operation{ID: id, Status: status}, Amount: d(amount), TransactionID: "t-" + id}
}

func TestLedger(t *testing.T) {
	o := flowOrder(PaymentAuthorized)
	o.InPayments[0].Sum = d("60")
	o.InPayments = append(o.InPayments,
		PaymentIn{Operation: Operation{ID: "p2", Number: "PAY-2", Currency: "USD", Status: "Paid", Sum: d("31")},
			Refunds: []Refund{refund("r1", "5", "Processed"), refund("r2", "9", "Pending")}},
		PaymentIn{Operation: Operation{ID: "p3", Number: "PAY-3", Currency: "USD", Status: "Paid", Sum: d("500"), IsCancelled: true}},
		PaymentIn{Operation: Operation{ID: "p4", Number: "PAY-4", Currency: "EUR", Status: "Paid", Sum: d("7")}},
	)
	p1 := &o.InPayments[0]
	if _, err := CapturePayment(o, p1, CaptureRequest{Amount: d("40")}, now); err != nil {
		t.Fatal(err)
	}
	l := LedgerOf(o)
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"p1 authorized", l.Payments[0].Authorized.String(), "60"},
		{"p1 captured", l.Payments[0].Captured.String(), "40"},
		{"p1 capture remaining", l.Payments[0].CaptureRemaining.String(), "20"},
		{"p1 refund remaining (authorized, not paid)", l.Payments[0].RefundRemaining.String(), "40"},
		{"p2 authorized (paid without authorization)", l.Payments[1].Authorized.String(), "0"},
		{"p2 paid", l.Payments[1].Paid.String(), "31"},
		{"p2 refunded (processed only)", l.Payments[1].Refunded.String(), "5"},
		{"p2 refund remaining (pending counts)", l.Payments[1].RefundRemaining.String(), "17"},
		{"p2 net", l.Payments[1].Net.String(), "26"},
		{"total charged", l.Total().Charged.String(), "91"},
		{"total authorized", l.Total().Authorized.String(), "60"},
		{"total captured", l.Total().Captured.String(), "40"},
		{"total paid (cancelled payment left out)", l.Total().Paid.String(), "71"},
		{"total refunded", l.Total().Refunded.String(), "5"},
		{"balance due (refunds make no debt)", l.Total().Balance.Due.String(), "20"},
		{"other currency apart", l.Totals[1].Currency + " " + l.Totals[1].Paid.String() + " " + l.Totals[1].Charged.String(), "EUR 7 0"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %s, want %s", c.name, c.got, c.want)
		}
	}
	if len(l.Payments) != 4 || !l.Payments[2].Cancelled {
		t.Errorf("payments %+v", l.Payments)
	}
}

func TestRefundReturn(t *testing.T) {
	mk := func() (*CustomerOrder, *Return) {
		o := flowOrder(PaymentPaid)
		r := &Return{ID: "ret1", OrderID: "o1", Number: "RET-1", Status: ReturnNew, LineItems: []ReturnLineItem{
			{OrderLineItemID: "A", Quantity: 2, Price: d("12")}, {OrderLineItemID: "B", Quantity: 1, Price: d("55")}}}
		return o, r
	}
	o, r := mk()
	if got := PaymentsForReturn(o, r); len(got) != 1 || got[0].ID != "p1" {
		t.Fatalf("payments for return: %v", got)
	}
	rf, err := RefundReturn(o, &o.InPayments[0], r, ReasonRequestedByCustomer, "")
	if err != nil {
		t.Fatal(err)
	}
	if !rf.Amount.Equal(d("79")) || len(rf.Items) != 2 || rf.Items[0].Quantity != 2 || r.RefundID != rf.ID ||
		rf.ReasonMessage != "Return RET-1" || rf.ReasonCode != ReasonRequestedByCustomer {
		t.Errorf("refund %+v, return refund id %q", rf, r.RefundID)
	}
	if _, err := RefundReturn(o, &o.InPayments[0], r, ReasonOther, ""); !strings.Contains(fieldMsg(t, err, "return"), "refunded already") {
		t.Errorf("second refund of a return: %v", err)
	}

	bounds := []struct {
		name  string
		setup func(o *CustomerOrder, r *Return)
		field string
		msg   string
	}{
		{"cancelled return", func(_ *CustomerOrder, r *Return) { r.Status = ReturnCanceled }, "return", "cancelled"},
		{"another order's return", func(_ *CustomerOrder, r *Return) { r.OrderID = "o2" }, "return", "not a return of this order"},
		{"no money", func(_ *CustomerOrder, r *Return) { r.LineItems[0].Price, r.LineItems[1].Price = d("0"), d("0") }, "return", "no money"},
		{"more than the payment has left", func(o *CustomerOrder, _ *Return) { o.InPayments[0].Refunds = []Refund{refund("r1", "20", "Processed")} }, "amount", "at most 71.00 USD"},
		{"units refunded before", func(o *CustomerOrder, _ *Return) {
			o.InPayments[0].Refunds = []Refund{{Operation: Operation{ID: "r1", Status: "Processed"}, Amount: d("1"), Items: []RefundItem{{LineItemID: "B", Quantity: 1}}}}
		}, "items[B].quantity", "at most 0 of SKU-B"},
	}
	for _, b := range bounds {
		t.Run(b.name, func(t *testing.T) {
			o, r := mk()
			b.setup(o, r)
			_, err := RefundReturn(o, &o.InPayments[0], r, ReasonOther, "")
			if msg := fieldMsg(t, err, b.field); !strings.Contains(msg, b.msg) {
				t.Errorf("message %q, want %q", msg, b.msg)
			}
			if r.RefundID != "" {
				t.Error("a refused refund marked the return refunded")
			}
		})
	}
	o, r = mk()
	o.InPayments[0].Refunds = []Refund{refund("r1", "20", "Processed")}
	if got := PaymentsForReturn(o, r); len(got) != 0 {
		t.Errorf("a payment with 71 left can take a return of 79: %v", got)
	}
	// A refund of the return that was rejected no longer counts: the return can be refunded again.
	o, r = mk()
	rf, _ = RefundReturn(o, &o.InPayments[0], r, ReasonOther, "")
	o.InPayments[0].Refunds[0].Status = "Rejected"
	o.InPayments[0].Status = "Paid"
	if _, err := RefundReturn(o, &o.InPayments[0], r, ReasonOther, ""); err != nil {
		t.Errorf("refunding a return whose refund %s was rejected: %v", rf.Number, err)
	}
}
