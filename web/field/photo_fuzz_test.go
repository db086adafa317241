package field

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

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
