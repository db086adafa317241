package store_test

import (
	"context"
	"strings"
	"testing"
)

// TestProductBarcodesAndLocations: the products import takes a bar code and a location, refuses
// a GTIN with a wrong check digit, a code with a space and one another product holds, keeps
// both when a later file lacks the columns, and ProductCodesFor finds them by product id or SKU.
func TestProductBarcodesAndLocations(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	res, err := st.ImportCatalog(ctx, desk, "products", strings.NewReader("sku,name,barcode,location\n"+
		"CAM-1,HD webcam,4006381333931,A-03-2\n"+
		"CAM-2,4K webcam,4006381333932,A-03-3\n"+ // wrong check digit
		"CAM-3,Webcam cover,WH 001,A-03-4\n"+ // a space
		"CAM-4,Webcam stand,4006381333931,A-03-5\n"+ // CAM-1's code
		"CAM-5,Webcam light,WH-CL-0005,B-01-1\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 2 || len(res.Errors) != 3 ||
		!strings.Contains(res.Errors[0].Message, "wrong check digit") ||
		!strings.Contains(res.Errors[1].Message, "without spaces") ||
		!strings.Contains(res.Errors[2].Message, "belongs to product CAM-1") {
		t.Fatalf("import: %+v", res)
	}
	// A file without the columns updates the rest and keeps the codes.
	if res, err := st.ImportCatalog(ctx, desk, "products", strings.NewReader("sku,name\nCAM-1,HD webcam (black)\n"), nil); err != nil || res.Imported != 1 {
		t.Fatalf("second import: %+v %v", res, err)
	}
	p, err := st.ProductByID(ctx, "CAM-1")
	if err != nil || p.Name != "HD webcam (black)" || p.Barcode != "4006381333931" || p.Location != "A-03-2" {
		t.Fatalf("after an import without the columns: %+v %v", p, err)
	}
	codes, err := st.ProductCodesFor(ctx, []string{"CAM-1", "unknown-id"}, []string{"cam-5", "NOPE"})
	if err != nil {
		t.Fatal(err)
	}
	if c := codes.Of("CAM-1", ""); c.Barcode != "4006381333931" || c.Location != "A-03-2" {
		t.Errorf("by id: %+v", c)
	}
	if c := codes.Of("unknown-id", "CAM-5"); c.Barcode != "WH-CL-0005" || c.Location != "B-01-1" {
		t.Errorf("by SKU when the id is unknown: %+v", c)
	}
	if c := codes.Of("", "NOPE"); c.Barcode != "" || c.Location != "" {
		t.Errorf("a product not in the catalog: %+v", c)
	}
	if _, err := st.ProductCodesFor(ctx, nil, nil); err != nil {
		t.Errorf("nothing asked: %v", err)
	}
}
