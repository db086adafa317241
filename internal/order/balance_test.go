package order

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestBalanceOf(t *testing.T) {
	d := decimal.RequireFromString
	tests := []struct {
		name                         string
		total, paid, refunded        string
		wantNet, wantDue, wantCredit string
	}{
		{name: "a refund on a fully paid order makes no debt", total: "966.05", paid: "966.05", refunded: "162.36",
			wantNet: "803.69", wantDue: "0", wantCredit: "0"},
		{name: "nothing paid", total: "100", paid: "0", refunded: "0", wantNet: "0", wantDue: "100", wantCredit: "0"},
		{name: "partly paid", total: "100", paid: "30", refunded: "0", wantNet: "30", wantDue: "70", wantCredit: "0"},
		{name: "partly paid and that refunded: still only what was never paid is due", total: "100", paid: "30", refunded: "30",
			wantNet: "0", wantDue: "70", wantCredit: "0"},
		{name: "paid in full", total: "100", paid: "100", refunded: "0", wantNet: "100", wantDue: "0", wantCredit: "0"},
		{name: "overpaid is a credit, not a negative balance", total: "80", paid: "100", refunded: "0",
			wantNet: "100", wantDue: "0", wantCredit: "20"},
		{name: "an overpayment partly given back", total: "80", paid: "100", refunded: "5", wantNet: "95", wantDue: "0", wantCredit: "15"},
		{name: "an overpayment given back in full", total: "80", paid: "100", refunded: "20", wantNet: "80", wantDue: "0", wantCredit: "0"},
		{name: "refunded beyond the overpayment: no credit, no debt", total: "80", paid: "100", refunded: "50",
			wantNet: "50", wantDue: "0", wantCredit: "0"},
		{name: "zero total", total: "0", paid: "0", refunded: "0", wantNet: "0", wantDue: "0", wantCredit: "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := BalanceOf(d(tt.total), d(tt.paid), d(tt.refunded))
			if !b.NetPaid.Equal(d(tt.wantNet)) || !b.Due.Equal(d(tt.wantDue)) || !b.Credit.Equal(d(tt.wantCredit)) {
				t.Errorf("net %s due %s credit %s, want %s %s %s", b.NetPaid, b.Due, b.Credit, tt.wantNet, tt.wantDue, tt.wantCredit)
			}
			if !b.Paid.Equal(d(tt.paid)) || !b.Refunded.Equal(d(tt.refunded)) || !b.Total.Equal(d(tt.total)) {
				t.Errorf("paid %s refunded %s total %s, want the inputs back", b.Paid, b.Refunded, b.Total)
			}
			if b.Due.IsPositive() && b.Credit.IsPositive() {
				t.Errorf("due %s and credit %s at once", b.Due, b.Credit)
			}
		})
	}
}

// TestOrderBalanceFromDocuments: the worked case as documents, the list's facts and the
// ledger agreeing, and payments in another currency kept out of the order's balance.
func TestOrderBalanceFromDocuments(t *testing.T) {
	d := decimal.RequireFromString
	o := &CustomerOrder{Items: []LineItem{{ID: "a", Quantity: 2}}}
	o.Currency, o.Total = "USD", d("966.05")
	p := PaymentIn{}
	p.ID, p.Status, p.Sum, p.Currency = "p1", "PartiallyRefunded", d("966.05"), "USD"
	p.Captures = []Capture{{Amount: d("966.05")}}
	p.Captures[0].Status = string(CaptureProcessed)
	p.Refunds = []Refund{{Amount: d("162.36")}, {Amount: d("50")}}
	p.Refunds[0].Status = string(RefundProcessed)
	p.Refunds[1].Status = string(RefundPending) // not yet given back: counts for nothing yet
	other := PaymentIn{}
	other.ID, other.Status, other.Sum, other.Currency = "p2", "Paid", d("10"), "EUR"
	o.InPayments = []PaymentIn{p, other}

	b := OrderBalance(o)
	if !b.Paid.Equal(d("966.05")) || !b.Refunded.Equal(d("162.36")) || !b.NetPaid.Equal(d("803.69")) || !b.Due.IsZero() || !b.Credit.IsZero() {
		t.Errorf("balance %+v", b)
	}
	f := FactsOf(o)
	if !f.Paid.Equal(b.Paid) || !f.Refunded.Equal(b.Refunded) || !f.BalanceDue.Equal(b.Due) {
		t.Errorf("facts paid %s refunded %s due %s, balance %+v", f.Paid, f.Refunded, f.BalanceDue, b)
	}
	if f.PaymentState != PayStatePaid {
		t.Errorf("payment state %s, want %s", f.PaymentState, PayStatePaid)
	}
}

func TestPaymentGap(t *testing.T) {
	d := decimal.RequireFromString
	pay := func(id, status, sum string) PaymentIn {
		p := PaymentIn{}
		p.ID, p.Status, p.Sum = id, status, d(sum)
		return p
	}
	captured := pay("c", "Authorized", "100")
	captured.Captures = []Capture{{Amount: d("60")}}
	captured.Captures[0].Status = string(CaptureProcessed)
	cancelled := pay("x", "New", "500")
	cancelled.IsCancelled = true
	tests := []struct {
		name           string
		total          string
		payments       []PaymentIn
		wantGap        bool
		wantDifference string
		wantAdjust     string // payment id, "" for none
	}{
		{name: "no payments, no gap", total: "100"},
		{name: "payments add up", total: "100", payments: []PaymentIn{pay("a", "Paid", "40"), pay("b", "New", "60")}},
		{name: "total raised: the open payment takes it", total: "120", payments: []PaymentIn{pay("a", "Paid", "40"), pay("b", "New", "60")},
			wantGap: true, wantDifference: "20", wantAdjust: "b"},
		{name: "total lowered below what was paid: nothing to adjust", total: "80", payments: []PaymentIn{pay("a", "Paid", "100")},
			wantGap: true, wantDifference: "-20"},
		{name: "an authorized payment may come down to what it captured", total: "60", payments: []PaymentIn{captured},
			wantGap: true, wantDifference: "-40", wantAdjust: "c"},
		{name: "but not below it", total: "50", payments: []PaymentIn{captured}, wantGap: true, wantDifference: "-50"},
		{name: "a cancelled payment asks for nothing", total: "100", payments: []PaymentIn{pay("a", "Paid", "100"), cancelled}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &CustomerOrder{InPayments: tt.payments}
			o.Currency, o.Total = "USD", d(tt.total)
			g, ok := PaymentGapOf(o)
			if ok != tt.wantGap {
				t.Fatalf("gap %v, want %v", ok, tt.wantGap)
			}
			if !ok {
				return
			}
			if !g.Difference.Equal(d(tt.wantDifference)) {
				t.Errorf("difference %s, want %s", g.Difference, tt.wantDifference)
			}
			got := ""
			if g.Adjustable != nil {
				got = g.Adjustable.ID
			}
			if got != tt.wantAdjust {
				t.Fatalf("adjustable %q, want %q", got, tt.wantAdjust)
			}
			if got == "" {
				if err := AdjustPaymentToTotal(o, "a"); err == nil {
					t.Error("adjusted a payment that cannot take the difference")
				}
				return
			}
			if err := AdjustPaymentToTotal(o, got); err != nil {
				t.Fatal(err)
			}
			if _, still := PaymentGapOf(o); still {
				t.Errorf("after the adjustment the payments still do not add up: %+v", o.InPayments)
			}
		})
	}
}
