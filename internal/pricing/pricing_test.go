package pricing

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestResolve(t *testing.T) {
	d := decimal.RequireFromString
	ptr := func(s string) *decimal.Decimal { v := d(s); return &v }
	day := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	lists := []List{
		{ID: "usd", Currency: "USD"},
		{ID: "usd-volt", Currency: "USD", StoreID: "volt"},
		{ID: "usd-volt-vip", Currency: "USD", StoreID: "volt", CustomerGroup: "vip"},
		{ID: "eur", Currency: "EUR"},
	}
	tiers := []Tier{
		{ListID: "usd", MinQuantity: 1, ListPrice: d("20")},
		{ListID: "usd-volt", MinQuantity: 1, ListPrice: d("18")},
		{ListID: "usd-volt", MinQuantity: 10, ListPrice: d("15")},
		{ListID: "usd-volt-vip", MinQuantity: 5, ListPrice: d("14"), SalePrice: ptr("12")},
		{ListID: "eur", MinQuantity: 1, ListPrice: d("17"), SalePrice: ptr("19")},
	}
	tests := []struct {
		name      string
		req       Request
		discounts []Discount
		found     bool
		list      string
		price     string
		discount  string
	}{
		{"general list elsewhere", Request{Currency: "USD", StoreID: "other", Quantity: 1}, nil, true, "usd", "20", "0"},
		{"store list beats general", Request{Currency: "USD", StoreID: "volt", Quantity: 1}, nil, true, "usd-volt", "18", "0"},
		{"quantity tier", Request{Currency: "USD", StoreID: "volt", Quantity: 12}, nil, true, "usd-volt", "15", "0"},
		{"group list needs its tier", Request{Currency: "USD", StoreID: "volt", CustomerGroup: "vip", Quantity: 2}, nil, true, "usd-volt", "18", "0"},
		{"group list with sale price", Request{Currency: "USD", StoreID: "volt", CustomerGroup: "vip", Quantity: 5}, nil, true, "usd-volt-vip", "14", "2"},
		{"a sale price above the list price is ignored", Request{Currency: "EUR", Quantity: 1}, nil, true, "eur", "17", "0"},
		{"no list in the currency", Request{Currency: "GBP", Quantity: 1}, nil, false, "", "0", "0"},
		{"best discount, percent", Request{Currency: "USD", StoreID: "other", Quantity: 1, At: day},
			[]Discount{{Percent: d("10")}, {Amount: d("1")}}, true, "usd", "20", "2"},
		{"expired and other-store discounts do not count", Request{Currency: "USD", StoreID: "other", Quantity: 1, At: day},
			[]Discount{{Amount: d("5"), EndsAt: &day}, {Amount: d("3"), StoreID: "volt"}}, true, "usd", "20", "0"},
		{"never below zero", Request{Currency: "USD", StoreID: "other", Quantity: 1, At: day},
			[]Discount{{Amount: d("50")}}, true, "usd", "20", "20"},
	}
	for _, tt := range tests {
		p := Resolve(tt.req, lists, tiers, tt.discounts)
		if p.Found != tt.found || p.ListID != tt.list || (tt.found && (!p.ListPrice.Equal(d(tt.price)) || !p.DiscountAmount.Equal(d(tt.discount)))) {
			t.Errorf("%s: %+v", tt.name, p)
		}
	}
}

func TestRateFor(t *testing.T) {
	d := decimal.RequireFromString
	table := []TaxRate{
		{Country: "US", Rate: d("0")},
		{Country: "US", Region: "NV", Rate: d("0.0825")},
		{Country: "US", Region: "NV", TaxType: "food", Rate: d("0")},
		{Country: "GB", Rate: d("0.20")},
		{Country: "GB", TaxType: "books", Rate: d("0")},
	}
	for _, tc := range []struct {
		country, region, taxType string
		rate                     string
		found                    bool
	}{
		{"US", "NV", "goods", "0.0825", true},
		{"us", "nv", "food", "0", true},
		{"US", "CA", "goods", "0", true},
		{"GB", "", "books", "0", true},
		{"GB", "Wales", "goods", "0.2", true},
		{"FR", "", "goods", "0", false},
	} {
		rate, found := RateFor(table, tc.country, tc.region, tc.taxType)
		if found != tc.found || (found && !rate.Equal(d(tc.rate))) {
			t.Errorf("%s/%s/%s: %s %v", tc.country, tc.region, tc.taxType, rate, found)
		}
	}
}
