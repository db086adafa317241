package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

func TestOrderListShowsNewestOrdersAndHidesPrices(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, nil)
	srv.CreateUser(t, "clerk@example.com", auth.RoleClerk)
	srv.CreateUser(t, "field@example.com", auth.RoleField)
	gen := demo.NewGenerator(11, srv.Clock.Now(), order.DefaultStatusRules())
	var created []*order.CustomerOrder
	for i, sc := range []demo.Scenario{demo.ScenarioCompleted, demo.ScenarioNew, demo.ScenarioCancelled} {
		o := gen.Order(demo.Stores[i], sc).Order
		o.CreatedDate = srv.Clock.Now().Add(-time.Duration(3-i) * time.Hour)
		if i == 1 {
			o.CustomerName = `<script>alert("x")</script> Eve`
		}
		if err := srv.Store.CreateOrder(context.Background(), store.Actor{Label: "test", Source: store.SourceSystem}, o); err != nil {
			t.Fatal(err)
		}
		created = append(created, o)
	}

	clerk := newClient(t, srv)
	clerk.mustLogin("clerk@example.com")
	page := clerk.get("/orders")
	if page.StatusCode != http.StatusOK {
		t.Fatalf("orders: %d", page.StatusCode)
	}
	if n := page.count(testid("order-row")); n != 3 {
		t.Errorf("%d rows, want 3", n)
	}
	// Newest first: the cancelled order was created last.
	if strings.Index(page.body, created[2].Number) > strings.Index(page.body, created[0].Number) {
		t.Error("rows are not newest first")
	}
	if strings.Contains(page.body, `<script>alert`) || !strings.Contains(page.body, "&lt;script&gt;") {
		t.Error("customer name is not escaped")
	}
	total := order.CurrencyFor(created[0].Currency).Fixed(created[0].Total)
	if !strings.Contains(page.body, total) || !strings.Contains(page.body, `data-label="Total"`) {
		t.Errorf("clerk does not see the total %s", total)
	}

	field := newClient(t, srv)
	field.mustLogin("field@example.com")
	page = field.get("/orders")
	if strings.Contains(page.body, total) || strings.Contains(page.body, `data-label="Total"`) {
		t.Error("field staff, without read-prices, see money")
	}
	if !strings.Contains(page.body, created[0].Number) {
		t.Error("field staff do not see the orders")
	}
}
