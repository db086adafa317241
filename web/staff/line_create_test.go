package staff

import (
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
	"orderdesk/internal/pricing"
	"orderdesk/internal/store"
)

func TestNewLine(t *testing.T) {
	o := &order.CustomerOrder{}
	o.Currency = "EUR"
	weight := decimal.RequireFromString("0.4")
	product := &store.Product{ID: "prod-1", SKU: "SKU-1", Name: "Mug", Weight: &weight}
	listed := pricing.Price{Found: true, ListPrice: decimal.RequireFromString("12"), DiscountAmount: decimal.RequireFromString("2"), ListID: "eu"}

	li, problem := newLine(o, product, 3, listed, "99", false)
	if problem != "" || !li.Price.Equal(listed.ListPrice) || !li.DiscountAmount.Equal(listed.DiscountAmount) || li.PriceID != "eu" {
		t.Errorf("listed: %q %+v: want the list's price, whatever was typed", problem, li)
	}
	if li.Quantity != 3 || li.Currency != "EUR" || li.CatalogID == "" || !li.Weight.Valid || !li.Weight.Decimal.Equal(weight) {
		t.Errorf("line %+v: want quantity, the order's currency, a catalog and the product's weight", li)
	}
	if _, problem := newLine(o, product, 1, pricing.Price{}, "9.50", false); problem == "" {
		t.Error("no list price and no right to see prices: a line was made")
	}
	li, problem = newLine(o, product, 1, pricing.Price{}, "9.50", true)
	if problem != "" || !li.Price.Equal(decimal.RequireFromString("9.50")) {
		t.Errorf("typed price: %q %s", problem, li.Price)
	}
	if _, problem := newLine(o, product, 1, pricing.Price{}, "cheap", true); problem == "" {
		t.Error("a price that is not a number was taken")
	}
}
