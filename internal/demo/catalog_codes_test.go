package demo

import (
	"regexp"
	"testing"

	"orderdesk/internal/gtin"
)

// TestDemoCatalogBarcodesAndLocations: every demo product has its own EAN-13 with a valid
// check digit (a book's is its ISBN) and a location, so field mode can scan and sort by aisle.
func TestDemoCatalogBarcodesAndLocations(t *testing.T) {
	seen := map[string]string{}
	loc := regexp.MustCompile(`^[A-Z]-\d{2}-[1-3]$`)
	for _, p := range DemoCatalog().Products {
		if len(p.Barcode) != 13 || !gtin.Valid(p.Barcode) {
			t.Errorf("%s: barcode %q is not an EAN-13 with its check digit", p.SKU, p.Barcode)
		}
		if other, ok := seen[p.Barcode]; ok {
			t.Errorf("%s and %s share barcode %s", p.SKU, other, p.Barcode)
		}
		seen[p.Barcode] = p.SKU
		if !loc.MatchString(p.Location) {
			t.Errorf("%s: location %q", p.SKU, p.Location)
		}
	}
	if got := Barcode(2, 0, "PL-978-0141439518"); got != "9780141439518" {
		t.Errorf("a book's barcode is %s, want its ISBN 9780141439518", got)
	}
}
