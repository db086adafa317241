package pricing

import (
	"strings"

	"github.com/shopspring/decimal"
)

// TaxRate is one row of the built-in tax table: a rate (0.2 = 20 %) for a country, a region
// ("" for the whole country) and a tax type ("" for every type).
type TaxRate struct {
	Country, Region, TaxType string
	Rate                     decimal.Decimal
}

// RateFor picks the most specific row for a destination and a tax type: region and type over
// region only over type only over the country's general rate. Countries match by name or code,
// ignoring case. found is false when the table has nothing for the country.
func RateFor(table []TaxRate, country, region, taxType string) (rate decimal.Decimal, found bool) {
	best := -1
	for _, r := range table {
		if !strings.EqualFold(r.Country, country) {
			continue
		}
		if r.Region != "" && !strings.EqualFold(r.Region, region) || r.TaxType != "" && !strings.EqualFold(r.TaxType, taxType) {
			continue
		}
		score := 0
		if r.Region != "" {
			score += 2
		}
		if r.TaxType != "" {
			score++
		}
		if score > best {
			best, rate = score, r.Rate
		}
	}
	return rate, best >= 0
}
