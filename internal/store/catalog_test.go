package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/pricing"
)

func TestCatalogImportSearchAndPrices(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	products := "\ufeffsku,name,tax_type,weight,track_inventory,in_stock\n" +
		"MUG-1,Blue Mug,goods,0.35,true,12\n" +
		"MUG-2,Red Mug,goods,,false,\n" +
		",No SKU,goods,,,\n" +
		"LAMP-1,Desk Lamp,goods,heavy,,\n" +
		"LAMP-2,Floor Lamp,goods,4,maybe,\n"
	var progress []int
	res, err := st.ImportCatalog(ctx, desk, "products", strings.NewReader(products), func(n int) { progress = append(progress, n) })
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 2 || len(res.Errors) != 3 || res.Errors[0].Line != 4 || res.Errors[1].Line != 5 || res.Errors[2].Line != 6 {
		t.Fatalf("products import: %+v", res)
	}
	if len(progress) == 0 || progress[len(progress)-1] != 5 {
		t.Errorf("progress %v", progress)
	}
	prices := "price_list_id,currency,store_id,customer_group,priority,sku,min_quantity,list_price,sale_price\n" +
		"usd,USD,,,0,MUG-1,1,12.00,\n" +
		"usd,USD,,,0,MUG-1,10,10.00,\n" +
		"usd-volt-vip,USD,electronics,vip,0,MUG-1,1,11.00,9.50\n" +
		"usd,USD,,,0,NOPE-9,1,5,\n" +
		"usd,USD,,,0,MUG-2,1,cheap,\n"
	res, err = st.ImportCatalog(ctx, desk, "prices", strings.NewReader(prices), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 3 || len(res.Errors) != 2 || !strings.Contains(res.Errors[0].Message, "NOPE-9") {
		t.Fatalf("prices import: %+v", res)
	}
	found, err := st.SearchProducts(ctx, "mug", 10)
	if err != nil || len(found) != 2 {
		t.Fatalf("search mug: %v %v", found, err)
	}
	if found, _ := st.SearchProducts(ctx, "MUG-2", 10); len(found) == 0 || found[0].SKU != "MUG-2" {
		t.Errorf("exact sku first: %v", found)
	}
	d := decimal.RequireFromString
	for _, tc := range []struct {
		req             pricing.Request
		found           bool
		price, discount string
	}{
		{pricing.Request{Currency: "USD", StoreID: "books-uk", Quantity: 1}, true, "12", "0"},
		{pricing.Request{Currency: "USD", StoreID: "books-uk", Quantity: 10}, true, "10", "0"},
		{pricing.Request{Currency: "USD", StoreID: "electronics", CustomerGroup: "vip", Quantity: 1}, true, "11", "1.5"},
		{pricing.Request{Currency: "EUR", Quantity: 1}, false, "0", "0"},
	} {
		p, err := st.PriceFor(ctx, found[0].ID, tc.req)
		if err != nil {
			t.Fatal(err)
		}
		if p.Found != tc.found || (p.Found && (!p.ListPrice.Equal(d(tc.price)) || !p.DiscountAmount.Equal(d(tc.discount)))) {
			t.Errorf("%+v: %+v", tc.req, p)
		}
	}
}
