package staff

import (
	"testing"

	"orderdesk/internal/order"
)

// TestShipFigure: units are "shipped" only once their shipment was sent; before that they are
// "in a shipment" (or in several), beside what is left.
func TestShipFigure(t *testing.T) {
	for _, c := range []struct {
		ls   order.LineShipping
		want string
	}{
		{order.LineShipping{Ordered: 3, Remaining: 3}, "3 left"},
		{order.LineShipping{Ordered: 3, Shipped: 2, Remaining: 1, Waiting: 1}, "2 in a shipment · 1 left"},
		{order.LineShipping{Ordered: 3, Shipped: 3, Waiting: 2}, "3 in 2 shipments"},
		{order.LineShipping{Ordered: 3, Shipped: 3, Sent: 1, Waiting: 1}, "1 shipped · 2 in a shipment"},
		{order.LineShipping{Ordered: 3, Shipped: 2, Sent: 2, Remaining: 1}, "2 shipped · 1 left"},
		{order.LineShipping{Ordered: 3, Shipped: 3, Sent: 3}, "all 3 shipped"},
		{order.LineShipping{Ordered: 1, Shipped: 1, Sent: 1}, "all 1 shipped"},
	} {
		if got := shipFigure(c.ls); got != c.want {
			t.Errorf("shipFigure(%+v) = %q, want %q", c.ls, got, c.want)
		}
	}
}
