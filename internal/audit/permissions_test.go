package audit

import (
	"slices"
	"testing"
	"time"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
)

// TestNeededPermissions: the change → permission table, row by row, on real diffs of edits.
func TestNeededPermissions(t *testing.T) {
	now := time.Date(2024, 11, 24, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		edit   func(o *order.CustomerOrder)
		want   []auth.Permission
		before func(o *order.CustomerOrder) // the stored order, when not the sample as it is
	}{
		{"comment", func(o *order.CustomerOrder) { o.Comment = "call first" }, []auth.Permission{auth.OrderUpdate}, nil},
		{"quantity (its totals follow)", func(o *order.CustomerOrder) { o.Items[1].Quantity = 2 }, []auth.Permission{auth.OrderUpdate}, nil},
		{"line price", func(o *order.CustomerOrder) { o.Items[0].Price = dec("9") }, []auth.Permission{auth.OrderReadPrices}, nil},
		{"line discount", func(o *order.CustomerOrder) { o.Items[0].DiscountAmount = dec("2") }, []auth.Permission{auth.OrderReadPrices}, nil},
		{"order fee", func(o *order.CustomerOrder) { o.Fee = dec("3") }, []auth.Permission{auth.OrderReadPrices}, nil},
		{"payment sum", func(o *order.CustomerOrder) { o.InPayments[0].Sum = dec("80") }, []auth.Permission{auth.OrderReadPrices}, nil},
		{"order discount added", func(o *order.CustomerOrder) {
			o.Discounts = append(o.Discounts, order.Discount{ID: "OD2", Currency: "EUR", DiscountAmount: dec("1")})
		}, []auth.Permission{auth.OrderReadPrices}, nil},
		{"shipment status", func(o *order.CustomerOrder) { o.Shipments[0].Status = "Sent" }, []auth.Permission{auth.OrderUpdateShipments}, nil},
		{"shipment address", func(o *order.CustomerOrder) { o.Shipments[0].DeliveryAddress.City = "Lille" }, []auth.Permission{auth.OrderUpdateShipments}, nil},
		{"shipment added", func(o *order.CustomerOrder) {
			o.Shipments = append(o.Shipments, order.Shipment{Operation: order.Operation{ID: "S3", Status: "New", Currency: "EUR"}})
		}, []auth.Permission{auth.OrderUpdateShipments}, nil},
		{"new shipment removed", func(o *order.CustomerOrder) { o.Shipments = o.Shipments[:1] }, []auth.Permission{auth.OrderUpdateShipments}, nil},
		{"sent shipment removed", func(o *order.CustomerOrder) { o.Shipments = o.Shipments[:1] }, []auth.Permission{auth.OrderDelete},
			func(o *order.CustomerOrder) { o.Shipments[1].Status = "Sent" }},
		{"cancelled shipment removed", func(o *order.CustomerOrder) { o.Shipments = o.Shipments[:1] }, []auth.Permission{auth.OrderUpdateShipments},
			func(o *order.CustomerOrder) { o.Shipments[1].Status, o.Shipments[1].IsCancelled = "Sent", true }},
		{"payment removed", func(o *order.CustomerOrder) { o.InPayments = nil }, []auth.Permission{auth.OrderDelete}, nil},
		{"payment added", func(o *order.CustomerOrder) {
			o.InPayments = append(o.InPayments, order.PaymentIn{Operation: order.Operation{ID: "P2", Status: "New", Currency: "EUR"}})
		}, []auth.Permission{auth.OrderUpdate}, nil},
		{"processed refund added", func(o *order.CustomerOrder) {
			p := &o.InPayments[0]
			p.Refunds = append(p.Refunds, order.Refund{Operation: order.Operation{ID: "R2", Status: "Processed", Currency: "EUR"}, Amount: dec("10")})
			p.Status = "PartiallyRefunded"
		}, []auth.Permission{auth.OrderRefund}, nil},
		{"refund amount raised", func(o *order.CustomerOrder) { o.InPayments[0].Refunds[0].Amount = dec("50") }, []auth.Permission{auth.OrderRefund}, nil},
		{"refund removed", func(o *order.CustomerOrder) { o.InPayments[0].Refunds = nil }, []auth.Permission{auth.OrderDelete}, nil},
		{"payment added with a processed refund inside", func(o *order.CustomerOrder) {
			o.InPayments = append(o.InPayments, order.PaymentIn{Operation: order.Operation{ID: "P2", Status: "Paid", Currency: "EUR"},
				Refunds: []order.Refund{{Operation: order.Operation{ID: "R9", Status: "Processed", Currency: "EUR"}, Amount: dec("10")}}})
		}, []auth.Permission{auth.OrderUpdate, auth.OrderRefund}, nil},
		{"capture through the flow", func(o *order.CustomerOrder) {
			o.InPayments[0].Status = "Authorized"
			if _, err := order.CapturePayment(o, &o.InPayments[0], order.CaptureRequest{Amount: dec("10")}, now); err != nil {
				panic(err)
			}
		}, []auth.Permission{auth.OrderCapturePayment}, nil},
		{"capture status changed", func(o *order.CustomerOrder) { o.InPayments[0].Captures[0].Status = "Cancelled" }, []auth.Permission{auth.OrderCapturePayment}, nil},
		{"payment status without a capture", func(o *order.CustomerOrder) { o.InPayments[0].Status = "Voided" }, []auth.Permission{auth.OrderUpdate}, nil},
		{"a price and a refund at once", func(o *order.CustomerOrder) {
			o.Items[0].Price = dec("9")
			o.InPayments[0].Refunds[0].Amount = dec("6")
		}, []auth.Permission{auth.OrderReadPrices, auth.OrderRefund}, nil},
	} {
		before := sampleOrder()
		if tc.before != nil {
			tc.before(before)
		}
		after := before.Clone()
		tc.edit(after)
		order.Recalculate(after, order.EUR)
		if got := NeededPermissions(Diff(before, after), false); !slices.Equal(got, tc.want) {
			t.Errorf("%s: needs %v, want %v\n%v", tc.name, got, tc.want, Diff(before, after))
		}
	}
	// A new order needs order:create, plus the permissions of the captures and refunds it brings.
	if got, want := NeededPermissions(Diff(nil, sampleOrder()), true), []auth.Permission{auth.OrderCreate, auth.OrderCapturePayment, auth.OrderRefund}; !slices.Equal(got, want) {
		t.Errorf("a new order with a capture and a refund needs %v, want %v", got, want)
	}
	o := sampleOrder()
	o.InPayments[0].Captures, o.InPayments[0].Refunds = nil, nil
	if got, want := NeededPermissions(Diff(nil, o), true), []auth.Permission{auth.OrderCreate}; !slices.Equal(got, want) {
		t.Errorf("a new order needs %v, want %v", got, want)
	}
}
