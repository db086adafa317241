package store

import (
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

// FuzzCatalogCSV: any uploaded catalog file is refused at its header, or each row is refused
// with a message or gives values its columns hold: text in UTF-8 within the column's length,
// amounts and rates within their DECIMAL columns, counts within INT. What reaches the database
// is then never a database error.
func FuzzCatalogCSV(f *testing.F) {
	for _, s := range []struct {
		kind uint8
		csv  string
	}{
		{0, "sku,name,tax_type,weight,in_stock,track_inventory\nMUG-1,Blue Mug,goods,0.35,12,true\n"},
		{0, "\ufeffSKU , Name\nA,B\n\"unclosed,x\n"},
		{0, "sku,name,weight,in_stock\nA,B,1e309,1\nC,D,0.1,3000000000\nE,F,-1,x\n"},
		{0, "sku,name\nK\xf6ln,x\n" + strings.Repeat("s", 129) + ",y\n"},
		{1, "price_list_id,currency,store_id,sku,min_quantity,list_price,sale_price,priority\nuk,GBP,books-uk,MUG-1,1,8.00,,1\n"},
		{1, "price_list_id,currency,sku,list_price,min_quantity,priority\nuk,gbp,A,1e16,0,x\nuk,€€€,A,1,1,99999999999\n"},
		{2, "country,region,tax_type,rate\nGB,,,0.20\nGB,,books,0\nFR,,,1.0000001\nDE,,,1e-10000\n"},
		{2, "country\nGB\n"},
	} {
		f.Add(s.kind, []byte(s.csv))
	}
	kinds := []string{"products", "prices", "tax_rates"}
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		k := kinds[int(kind)%len(kinds)]
		cr, get, err := openCatalogCSV(k, strings.NewReader(string(data)))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("a refused header without a message")
			}
			return
		}
		for range 1000 {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				continue // reported as not valid CSV
			}
			var rowErr error
			switch k {
			case "products":
				var p Product
				if p, rowErr = parseProductRow(rec, get); rowErr == nil {
					checkText(t, p.ID, 128, p.SKU, 128, p.Name, 1024, p.ImageURL, 1024, p.TaxType, 64)
					if p.Weight != nil {
						checkFits(t, *p.Weight, order.MoneyColumn)
					}
					checkCount(t, int64(p.InStock))
				}
			case "prices":
				var p priceRow
				if p, rowErr = parsePriceRow(rec, get); rowErr == nil {
					checkText(t, p.ListID, 128, p.ListName, 255, p.Currency, 3, p.StoreID, 128, p.CustomerGroup, 128, p.SKU, 128)
					checkFits(t, p.ListPrice, order.MoneyColumn)
					if p.SalePrice != nil {
						checkFits(t, *p.SalePrice, order.MoneyColumn)
					}
					if p.MinQuantity < 1 {
						t.Fatalf("min quantity %d", p.MinQuantity)
					}
					checkCount(t, int64(p.MinQuantity))
					checkCount(t, int64(p.Priority))
				}
			default:
				tr, err := parseTaxRateRow(rec, get)
				if rowErr = err; err == nil {
					checkText(t, tr.Country, 64, tr.Region, 128, tr.TaxType, 64)
					checkFits(t, tr.Rate, catalogRateColumn)
					if tr.Rate.IsNegative() || tr.Rate.GreaterThan(decimal.NewFromInt(1)) {
						t.Fatalf("tax rate %s", tr.Rate)
					}
				}
			}
			if rowErr != nil && rowErr.Error() == "" {
				t.Fatal("a refused row without a message")
			}
		}
	})
}

// checkText takes pairs of a value and its column's length.
func checkText(t *testing.T, pairs ...any) {
	t.Helper()
	for i := 0; i < len(pairs); i += 2 {
		s, n := pairs[i].(string), pairs[i+1].(int)
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > n {
			t.Fatalf("%q does not fit VARCHAR(%d)", s, n)
		}
	}
}

func checkFits(t *testing.T, d decimal.Decimal, c order.Column) {
	t.Helper()
	if d.Abs().GreaterThan(c.Max()) || d.Exponent() < -c.Scale {
		t.Fatalf("%s does not fit DECIMAL(%d,%d)", d, c.Precision, c.Scale)
	}
}

func checkCount(t *testing.T, n int64) {
	t.Helper()
	if order.CheckCount(n) != nil {
		t.Fatalf("%d does not fit INT", n)
	}
}
