package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/gtin"
)

// ProductCode is what a picker needs of a catalog product: its bar code and where it is kept.
type ProductCode struct {
	ID       string `db:"id"`
	SKU      string `db:"sku"`
	Barcode  string `db:"barcode"`
	Location string `db:"location"`
}

// ProductCodes are the codes of the catalog products order lines refer to, by product id or,
// for a line whose product id the catalog does not know, by SKU: one query for a whole page of
// orders. A line whose product is in neither way gets nothing.
type ProductCodes struct {
	byID, bySKU map[string]ProductCode
}

// Of is the code of a line's product (its product id first, its SKU second).
func (c ProductCodes) Of(productID, sku string) ProductCode {
	if p, ok := c.byID[productID]; ok && productID != "" {
		return p
	}
	return c.bySKU[strings.ToLower(sku)]
}

// ProductCodesFor reads the bar codes and locations of the products with these ids or SKUs.
func (s *Store) ProductCodesFor(ctx context.Context, productIDs, skus []string) (ProductCodes, error) {
	out := ProductCodes{byID: map[string]ProductCode{}, bySKU: map[string]ProductCode{}}
	productIDs, skus = nonEmptyStrings(productIDs), nonEmptyStrings(skus)
	if len(productIDs) == 0 && len(skus) == 0 {
		return out, nil
	}
	// IN () is not SQL: an empty list stands in as one value no product has.
	if len(productIDs) == 0 {
		productIDs = []string{""}
	}
	if len(skus) == 0 {
		skus = []string{""}
	}
	q, args, err := sqlx.In(`
		SELECT id, sku, barcode, location
		FROM products
		WHERE id IN (?) OR sku IN (?)`, productIDs, skus)
	if err != nil {
		return out, fmt.Errorf("store: product codes: %w", err)
	}
	var rows []ProductCode
	if err := s.db.SelectContext(ctx, &rows, q, args...); err != nil {
		return out, fmt.Errorf("store: product codes: %w", err)
	}
	for _, p := range rows {
		out.byID[p.ID] = p
		out.bySKU[strings.ToLower(p.SKU)] = p
	}
	return out, nil
}

func nonEmptyStrings(in []string) []string {
	var out []string
	for _, v := range in {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// CheckBarcode refuses a bar code a scanner could not type back: anything but printable ASCII
// without spaces, and a GTIN (8, 12, 13 or 14 digits: EAN-8, UPC-A, EAN-13, GTIN-14) whose check
// digit is wrong. Other codes (a warehouse's own Code 128 labels) are taken as they are.
func CheckBarcode(code string) error {
	for _, c := range []byte(code) {
		if c <= ' ' || c > '~' {
			return fmt.Errorf("barcode %q may hold only letters, digits and punctuation, without spaces", code)
		}
	}
	if !allDigits(code) {
		return nil
	}
	switch len(code) {
	case 8, 12, 13, 14:
		if want := gtin.CheckDigit(code[:len(code)-1]); code[len(code)-1] != want {
			return fmt.Errorf("barcode %s has a wrong check digit: a GTIN-%d starting %s ends in %c", code, len(code), code[:len(code)-1], want)
		}
	}
	return nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
