package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// A line in another currency is totalled in its own bucket, shown apart from the order's totals.
func TestOrderPageShowsOtherCurrencyTotals(t *testing.T) {
	t.Parallel()
	srv, o, ann, _ := editSetup(t)
	page := ann.get("/orders/" + o.ID)
	if page.has(testid("currency-totals")) {
		t.Fatal("a single-currency order shows a currency panel")
	}
	other := "USD"
	if o.Currency == "USD" {
		other = "CHF"
	}
	li := o.Items[0]
	li.ID, li.Sku, li.Currency, li.Price, li.DiscountAmount, li.Quantity = order.NewID(), "FX-1", other, decimal.RequireFromString("12.345"), decimal.Zero, 2
	li.TaxPercentRate = decimal.RequireFromString("0.1")
	o.Items = append(o.Items, li)
	if err := srv.Store.SaveOrder(context.Background(), store.Actor{Label: "api", Source: store.SourceAPI}, o); err != nil {
		t.Fatal(err)
	}
	got := reload(t, srv, o.ID)
	var bucket *order.OrderTotal
	for i := range got.OrderTotals {
		if got.OrderTotals[i].CurrencyCode == other {
			bucket = &got.OrderTotals[i]
		}
	}
	if bucket == nil {
		t.Fatalf("no %s bucket in %+v", other, got.OrderTotals)
	}
	page = ann.get("/orders/" + o.ID)
	i := strings.Index(page.body, `data-testid="currency-totals"`)
	if i < 0 {
		t.Fatal("no currency panel for an order with a line in " + other)
	}
	panel := page.body[i:]
	panel = panel[:strings.Index(panel, "</table>")]
	cur := order.CurrencyFor(other)
	for _, want := range []string{other, cur.Fixed(bucket.SubTotal), cur.Fixed(bucket.TaxTotal), cur.Fixed(bucket.Total)} {
		if !strings.Contains(panel, want) {
			t.Errorf("currency panel lacks %q:\n%s", want, panel)
		}
	}
}
