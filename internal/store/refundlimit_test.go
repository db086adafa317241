package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/demo"
	"orderdesk/internal/order"
)

// TestRefundLimit: an actor with a refund limit cannot add a refund above it; without one the
// same refund is saved.
func TestRefundLimit(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	o := demo.NewGenerator(3, testDay, order.DefaultStatusRules()).Order(demo.Stores[0], demo.ScenarioCompleted).Order
	if err := st.CreateOrder(ctx, desk, o); err != nil {
		t.Fatal(err)
	}
	addRefund := func(o *order.CustomerOrder) {
		r := order.Refund{Amount: decimal.NewFromInt(20), ReasonCode: order.RefundReasonCode("RequestedByCustomer")}
		r.Currency = o.Currency
		o.InPayments[0].Refunds = append(o.InPayments[0].Refunds, r)
	}
	limit := decimal.NewFromInt(10)
	clerk := desk
	clerk.RefundLimit, clerk.Reason = &limit, "customer asked"
	mine, err := st.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	addRefund(mine)
	var fe order.Problems
	if err := st.SaveOrder(ctx, clerk, mine); !errors.As(err, &fe) || fe["inPayments[0].refunds[0].amount"] == "" {
		t.Fatalf("a refund over the clerk's limit: %v", err)
	}
	manager := desk
	manager.Reason = "customer asked"
	mine, _ = st.Order(ctx, o.ID)
	addRefund(mine)
	if err := st.SaveOrder(ctx, manager, mine); err != nil {
		t.Fatalf("the same refund without a limit: %v", err)
	}
	// The clerk can still edit the order that now holds the larger refund.
	again, _ := st.Order(ctx, o.ID)
	again.Comment = "called the customer"
	if err := st.SaveOrder(ctx, clerk, again); err != nil {
		t.Errorf("a clerk's edit of an order with a manager's refund: %v", err)
	}
}

// TestPricesLockedForThoseWhoCannotSeeThem: field staff can change a quantity but not a price.
func TestPricesLockedForThoseWhoCannotSeeThem(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	o := demo.NewGenerator(4, testDay, order.DefaultStatusRules()).Order(demo.Stores[1], demo.ScenarioNew).Order
	if err := st.CreateOrder(ctx, desk, o); err != nil {
		t.Fatal(err)
	}
	field := desk
	field.HidesPrices = true
	mine, _ := st.Order(ctx, o.ID)
	mine.Items[0].Quantity++
	if err := st.SaveOrder(ctx, field, mine); err != nil {
		t.Fatalf("a quantity change by field staff: %v", err)
	}
	mine, _ = st.Order(ctx, o.ID)
	mine.Items[0].Price = mine.Items[0].Price.Add(decimal.NewFromInt(1))
	var fe order.Problems
	if err := st.SaveOrder(ctx, field, mine); !errors.As(err, &fe) || fe["items[0].price"] == "" {
		t.Fatalf("a price change by field staff: %v", err)
	}
}
