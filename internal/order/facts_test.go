package order

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestFactsOf(t *testing.T) {
	d := decimal.RequireFromString
	lines := func() []LineItem {
		return []LineItem{
			{ID: "a", Quantity: 3},
			{ID: "b", Quantity: 2},
			{ID: "x", Quantity: 7, IsCancelled: true},
		}
	}
	pay := func(status string, sum string) PaymentIn {
		p := PaymentIn{}
		p.Status, p.Sum = status, d(sum)
		return p
	}
	sent := func(status string, cancelled bool, items ...ShipmentItem) Shipment {
		s := Shipment{Items: items}
		s.Status, s.IsCancelled = status, cancelled
		return s
	}
	captured := pay("Authorized", "100")
	captured.Captures = []Capture{{Amount: d("40")}}
	captured.Captures[0].Status = string(CaptureProcessed)
	refunded := pay("Refunded", "100")
	refunded.Refunds = []Refund{{Amount: d("100")}}
	refunded.Refunds[0].Status = string(RefundProcessed)
	partRefunded := pay("Refunded", "30")
	partRefunded.Refunds = []Refund{{Amount: d("30")}}
	partRefunded.Refunds[0].Status = string(RefundProcessed)
	cancelledPaid := pay("Paid", "100")
	cancelledPaid.IsCancelled = true

	tests := []struct {
		name          string
		total         string
		payments      []PaymentIn
		shipments     []Shipment
		wantPay       string
		wantShip      string
		wantBalance   string
		wantPaid      string
		wantItemCount int
	}{
		{name: "nothing paid or sent", total: "100", wantPay: PayStateUnpaid, wantShip: ShipStateUnshipped, wantBalance: "100", wantPaid: "0", wantItemCount: 5},
		{name: "paid in full", total: "100", payments: []PaymentIn{pay("Paid", "100")}, wantPay: PayStatePaid, wantShip: ShipStateUnshipped, wantBalance: "0", wantPaid: "100", wantItemCount: 5},
		{name: "partly paid", total: "100", payments: []PaymentIn{pay("Paid", "30"), pay("New", "70")}, wantPay: PayStatePartial, wantShip: ShipStateUnshipped, wantBalance: "70", wantPaid: "30", wantItemCount: 5},
		{name: "authorized", total: "100", payments: []PaymentIn{pay("Authorized", "100")}, wantPay: PayStateAuthorized, wantShip: ShipStateUnshipped, wantBalance: "100", wantPaid: "0", wantItemCount: 5},
		{name: "authorized, partly captured", total: "100", payments: []PaymentIn{captured}, wantPay: PayStateAuthorized, wantShip: ShipStateUnshipped, wantBalance: "60", wantPaid: "40", wantItemCount: 5},
		{name: "a cancelled payment pays nothing", total: "100", payments: []PaymentIn{cancelledPaid}, wantPay: PayStateUnpaid, wantShip: ShipStateUnshipped, wantBalance: "100", wantPaid: "0", wantItemCount: 5},
		{name: "refunded", total: "100", payments: []PaymentIn{refunded}, wantPay: PayStateRefunded, wantShip: ShipStateUnshipped, wantBalance: "0", wantPaid: "100", wantItemCount: 5},
		{name: "partly paid and that refunded: the rest is still due, so it is in the Unpaid queue", total: "100", payments: []PaymentIn{partRefunded}, wantPay: PayStatePartial, wantShip: ShipStateUnshipped, wantBalance: "70", wantPaid: "30", wantItemCount: 5},
		{name: "zero total", total: "0", wantPay: PayStateNone, wantShip: ShipStateUnshipped, wantBalance: "0", wantPaid: "0", wantItemCount: 5},
		{
			name: "partly sent; unsent and cancelled shipments do not count", total: "100",
			shipments: []Shipment{
				sent(ShipmentSent, false, ShipmentItem{LineItemID: "a", Quantity: 3}),
				sent(ShipmentReadyToSend, false, ShipmentItem{LineItemID: "b", Quantity: 2}),
				sent(ShipmentSent, true, ShipmentItem{LineItemID: "b", Quantity: 2}),
			},
			wantPay: PayStateUnpaid, wantShip: ShipStatePartial, wantBalance: "100", wantPaid: "0", wantItemCount: 5,
		},
		{
			name: "all sent, over-shipping a line does not cover another", total: "100",
			shipments: []Shipment{
				sent(ShipmentSent, false, ShipmentItem{LineItemID: "a", Quantity: 5}),
			},
			wantPay: PayStateUnpaid, wantShip: ShipStatePartial, wantBalance: "100", wantPaid: "0", wantItemCount: 5,
		},
		{
			name: "all sent", total: "100",
			shipments: []Shipment{
				sent(ShipmentSent, false, ShipmentItem{LineItemID: "a", Quantity: 3}, ShipmentItem{LineItemID: "b", Quantity: 1}),
				sent(ShipmentSent, false, ShipmentItem{LineItemID: "b", Quantity: 1}),
			},
			wantPay: PayStateUnpaid, wantShip: ShipStateShipped, wantBalance: "100", wantPaid: "0", wantItemCount: 5,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := &CustomerOrder{Items: lines(), InPayments: tt.payments, Shipments: tt.shipments}
			o.Total = d(tt.total)
			f := FactsOf(o)
			if f.PaymentState != tt.wantPay || f.ShippingState != tt.wantShip {
				t.Errorf("states = %s/%s, want %s/%s", f.PaymentState, f.ShippingState, tt.wantPay, tt.wantShip)
			}
			if !f.BalanceDue.Equal(d(tt.wantBalance)) || !f.Paid.Equal(d(tt.wantPaid)) {
				t.Errorf("balance %s paid %s, want %s and %s", f.BalanceDue, f.Paid, tt.wantBalance, tt.wantPaid)
			}
			if f.ItemCount != tt.wantItemCount {
				t.Errorf("item count %d, want %d", f.ItemCount, tt.wantItemCount)
			}
		})
	}
	if f := FactsOf(&CustomerOrder{}); f.ShippingState != ShipStateNone || f.ItemCount != 0 {
		t.Errorf("an order without lines: %+v", f)
	}
}
