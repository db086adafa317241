package demo

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"orderdesk/internal/gtin"

	"orderdesk/internal/pricing"
)

// Catalog is the demo catalog: every product the demo orders sell, a price list per store and
// currency with quantity tiers, a list for the wholesale customer group, sale prices, product
// discounts and the stores' tax rates, so "Add products" on a demo order finds products and
// prices them for that customer.
type Catalog struct {
	Products  []CatalogProduct
	Lists     []pricing.List
	Prices    []CatalogPrice
	Discounts []CatalogDiscount
	TaxRates  []pricing.TaxRate
}

// CatalogProduct is one product of the demo catalog.
type CatalogProduct struct {
	ID, SKU, Name, TaxType string
	Barcode                string // EAN-13 with its check digit (a book's is its ISBN-13)
	Location               string // aisle-bay-shelf, e.g. "A-03-2"
	Weight                 decimal.Decimal
	InStock                int
}

// CatalogPrice is one price of a product in a list.
type CatalogPrice struct {
	ProductID string
	pricing.Tier
}

// CatalogDiscount is a product discount.
type CatalogDiscount struct {
	ProductID string
	pricing.Discount
}

// Tiers of the store lists: the share of the list price paid from a quantity up.
var tierShares = []struct {
	min   int
	share string
}{{1, "1"}, {5, "0.95"}, {10, "0.90"}}

// WholesaleShare is what the wholesale group pays of the list price.
const WholesaleShare = "0.85"

// StoreListID and WholesaleListID name a store's price lists.
func StoreListID(st Store) string     { return st.ID + "-" + st.Currency }
func WholesaleListID(st Store) string { return st.ID + "-" + st.Currency + "-wholesale" }

// DemoCatalog builds the catalog. In each store the third product is on sale (10 % off the
// single-unit price) and the second has a 5 % product discount; every product is in stock
// except the last of each store, which shows "Out of stock".
func DemoCatalog() Catalog {
	var c Catalog
	for si, st := range Stores {
		cur := st.Currency
		c.Lists = append(c.Lists,
			pricing.List{ID: StoreListID(st), Currency: cur, StoreID: st.ID},
			pricing.List{ID: WholesaleListID(st), Currency: cur, StoreID: st.ID, CustomerGroup: CustomerGroupWholesale})
		c.TaxRates = append(c.TaxRates, pricing.TaxRate{Country: st.Country.code, TaxType: "standard", Rate: st.TaxRate})
		for i, p := range st.Products {
			id := ProductID(p.sku)
			stock := 20 + 7*i
			if i == len(st.Products)-1 {
				stock = 0
			}
			c.Products = append(c.Products, CatalogProduct{ID: id, SKU: p.sku, Name: p.name, TaxType: "standard",
				Barcode: Barcode(si, i, p.sku), Location: Location(si, i),
				Weight: decimal.RequireFromString(p.weight), InStock: stock})
			price := decimal.RequireFromString(p.price)
			for _, t := range tierShares {
				tier := pricing.Tier{ListID: StoreListID(st), MinQuantity: t.min, ListPrice: price.Mul(decimal.RequireFromString(t.share)).Round(2)}
				if i == 2 && t.min == 1 {
					sale := price.Mul(decimal.RequireFromString("0.90")).Round(2)
					tier.SalePrice = &sale
				}
				c.Prices = append(c.Prices, CatalogPrice{ProductID: id, Tier: tier})
			}
			c.Prices = append(c.Prices, CatalogPrice{ProductID: id, Tier: pricing.Tier{ListID: WholesaleListID(st), MinQuantity: 1,
				ListPrice: price.Mul(decimal.RequireFromString(WholesaleShare)).Round(2)}})
			if i == 1 {
				c.Discounts = append(c.Discounts, CatalogDiscount{ProductID: id, Discount: pricing.Discount{Percent: decimal.NewFromInt(5), StoreID: st.ID}})
			}
		}
	}
	return c
}

// companyPrefixes are the demo stores' GS1 company prefixes (made up, in the ranges of their
// countries: a US UPC written as EAN-13, France, the United Kingdom, Switzerland).
var companyPrefixes = []string{"0850012", "3760123", "5012345", "7612345"}

// Barcode is the EAN-13 of the i-th product of the si-th demo store: a book's ISBN-13 when its
// SKU carries one, else the store's company prefix, an item reference and the check digit.
func Barcode(si, i int, sku string) string {
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, sku)
	if len(digits) == 13 && strings.HasPrefix(digits, "978") {
		return digits[:12] + string(gtin.CheckDigit(digits[:12]))
	}
	body := companyPrefixes[si%len(companyPrefixes)] + fmt.Sprintf("%05d", 10+i*7)
	return body + string(gtin.CheckDigit(body))
}

// Location is where the i-th product of the si-th demo store is kept: one aisle a store
// (A, B, C, D), two products a bay, shelves 1 to 3.
func Location(si, i int) string {
	return fmt.Sprintf("%c-%02d-%d", 'A'+si, 1+i/2, 1+(i*2)%3)
}
