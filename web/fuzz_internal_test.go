package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/demo"
	"orderdesk/internal/order"
)

// FuzzEditFieldInput: what is typed into a desk edit field is refused with a message or turns
// into a canonical value that the field shows in a way that reads back to the same value, so
// a form re-rendered after a save never changes what was saved. Text is valid UTF-8.
func FuzzEditFieldInput(f *testing.F) {
	kinds := []string{"text", "textarea", "number", "money", "percent", "check", "count", "optmoney", "datetime"}
	for _, s := range []string{"", "12", "1 234,50", "12 %", "1e309", "1000000000000000", "0.00001", "3000000000",
		"true", "2026-12-01 14:30", "0001-01-01", " padded ", "K\xf6ln", "8,1234 %"} {
		f.Add(uint8(3), s)
		f.Add(uint8(4), s)
		f.Add(uint8(8), s)
	}
	f.Fuzz(func(t *testing.T, kind uint8, raw string) {
		fd := editField{name: "x", kind: kinds[int(kind)%len(kinds)]}
		v, err := fd.parseInput(raw)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("%s %q: refused without a message", fd.kind, raw)
			}
			return
		}
		if err := order.CheckText(v); err != nil {
			t.Fatalf("%s %q gave %q: %v", fd.kind, raw, v, err)
		}
		for _, cur := range []order.Currency{order.USD, order.JPY, order.CHF} {
			shown := fd.show(v, cur)
			again, err := fd.parseInput(shown)
			if err != nil || (again != v && !sameDecimal(again, v)) {
				t.Fatalf("%s %q → %q, shown in %s as %q, reads as %q, %v", fd.kind, raw, v, cur.Code, shown, again, err)
			}
		}
	})
}

func sameDecimal(a, b string) bool {
	x, errA := decimal.NewFromString(a)
	y, errB := decimal.NewFromString(b)
	return errA == nil && errB == nil && x.Equal(y)
}

// FuzzSniffPhoto: an uploaded delivery photo is refused with a message, or it is a JPEG, PNG
// or WebP whose header decodes to a size a camera takes.
func FuzzSniffPhoto(f *testing.F) {
	for _, seed := range photoSeeds() {
		f.Add(seed)
	}
	f.Add([]byte("GIF89a\x01\x00\x01\x00"))
	f.Add([]byte("<svg xmlns='http://www.w3.org/2000/svg'/>"))
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "))
	f.Fuzz(func(t *testing.T, body []byte) {
		ct, problem := sniffPhoto(body)
		if problem != "" {
			if ct != "" {
				t.Fatalf("refused (%s) yet typed %q", problem, ct)
			}
			return
		}
		if !photoTypes[ct] {
			t.Fatalf("accepted as %q", ct)
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(body))
		if err != nil || cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxPhotoSide || cfg.Height > maxPhotoSide ||
			cfg.Width*cfg.Height > maxPhotoPixels {
			t.Fatalf("accepted a %d × %d picture (%v)", cfg.Width, cfg.Height, err)
		}
		if again, _ := sniffPhoto(body); again != ct {
			t.Fatalf("sniffed as %q, then as %q", ct, again)
		}
	})
}

// photoSeeds are small real pictures, and a PNG header that claims 20000 × 20000 pixels.
func photoSeeds() [][]byte {
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	var p, j bytes.Buffer
	_ = png.Encode(&p, img)
	_ = jpeg.Encode(&j, img, nil)
	huge := append([]byte(nil), p.Bytes()...)
	// IHDR width and height are bytes 16–23; the CRC no longer matches, which DecodeConfig
	// does not check.
	copy(huge[16:24], []byte{0, 0, 0x4e, 0x20, 0, 0, 0x4e, 0x20})
	return [][]byte{p.Bytes(), j.Bytes(), huge}
}

// FuzzOrderPatch: any JSON Patch on an order (the API's PATCH path: the lenient replace, the
// patch, decoding the result, fitting it to the columns, recalculating) is refused or gives an
// order that its rules can judge, without a panic. The patched id is what the handler checks.
// patchOrder is the API PATCH path without the database: the handler's decodePatch and
// applyPatch, as an unscoped key, on o as stored.
func patchOrder(o *order.CustomerOrder, body []byte) (*order.CustomerOrder, *apiError, error) {
	patch, bad := decodePatch(body)
	if bad != nil {
		return nil, bad, nil
	}
	next, err := applyPatch(patch, o, &auth.User{})
	var refused *apiRefusal
	var conflict *order.ConflictError
	switch {
	case errors.As(err, &refused):
		return nil, &refused.body, nil
	case errors.As(err, &conflict):
		return nil, &apiError{Message: conflict.Error()}, nil
	}
	return next, nil, err
}

func FuzzOrderPatch(f *testing.F) {
	o := demo.NewGenerator(7, time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), order.DefaultStatusRules()).Order(demo.Stores[0], demo.ScenarioPaid).Order
	for _, s := range []string{
		`[{"op":"replace","path":"/comment","value":"via patch"},{"op":"add","path":"/outerId","value":"erp-99"}]`,
		`[{"op":"replace","path":"/items/0/quantity","value":0}]`, `[{"op":"remove","path":"/nope"}]`,
		`[{"op":"replace","path":"/items/0/price","value":1e16}]`, `[{"op":"replace","path":"/items/0/quantity","value":3000000000}]`,
		`[{"op":"add","path":"/items/-","value":{}}]`, `[{"op":"move","from":"/items","path":"/items/0"}]`,
		`[{"op":"copy","from":"/items","path":"/shipments/0/items"}]`, `[{"op":"replace","path":"","value":{}}]`,
		`[{"op":"test","path":"/id","value":"x"}]`, `[{"op":"add","path":"/items/99999999999999999999","value":1}]`,
		`[{"op":"replace","path":"/items/-1/price","value":1}]`, `[{"op":"replace"}]`, `[{}]`, `{}`, `[]`, `[1]`, `null`,
		`[{"op":"replace","path":"/taxPercentRate","value":"1e-10000"}]`, `[{"op":"add","path":"/items/0/~1x","value":1}]`,
		`[{"op":"test","path":"","value":null}]`, `[{"op":"move","path":"/a"}]`, `[{"op":"copy","from":1,"path":"/a"}]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if lenient := lenientReplace(body); json.Valid(body) && !json.Valid(lenient) {
			t.Fatalf("lenientReplace turned valid JSON into %q", lenient)
		}
		next, refused, err := patchOrder(o, body)
		switch {
		case err != nil:
			t.Fatalf("patchOrder: %v", err)
		case refused != nil:
			if refused.Message == "" {
				t.Fatal("a refused patch without a message")
			}
			return
		}
		if fe := order.CheckColumns(next); len(fe) > 0 {
			t.Fatalf("a patched order that its columns cannot hold: %v", fe)
		}
		order.Recalculate(next, order.CurrencyFor(next.Currency))
		_ = order.ValidateOrder(next)
	})
}
