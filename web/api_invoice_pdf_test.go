package web_test

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"orderdesk/db/dbtest"
	"orderdesk/internal/auth"
	"orderdesk/internal/config"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/internal/testenv"
)

// TestAPIInvoicePDF: Virto's invoice PDF is the desk's invoice page printed by Chromium: a PDF
// whose text holds the order number, the store, a line's SKU and the total as the page shows
// them.
// Unknown and out-of-scope numbers are 404; a key that may not see prices is 403.
func TestAPIInvoicePDF(t *testing.T) {
	t.Parallel()
	requireChromium(t)
	srv, orders := listServer(t)
	key := managerKey(t, srv)
	var o, other *order.CustomerOrder
	for _, d := range orders {
		if d.Order.StoreID == "books-uk" && len(d.Order.Items) > 0 && o == nil {
			o = d.Order
		} else if d.Order.StoreID != "books-uk" {
			other = d.Order
		}
	}
	res, pdf := apiGetBytes(t, srv.URL+"/api/order/customerOrders/invoice/"+o.Number, key)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("invoice: %d %s %.60q", res.StatusCode, res.Header.Get("Content-Type"), pdf)
	}
	text := pdfText(t, pdf)
	total := order.CurrencyFor(o.Currency).Fixed(o.Total)
	for _, want := range []string{o.Number, o.StoreName, o.Items[0].Sku, "Total\n" + total + " " + o.Currency} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}

	if res, body := apiGetBytes(t, srv.URL+"/api/order/customerOrders/invoice/CO000000-99999", key); res.StatusCode != http.StatusNotFound || !bytes.Contains(body, []byte(`"message"`)) {
		t.Errorf("unknown number: %d %s", res.StatusCode, body)
	}
	admin := store.Actor{Label: "admin", Source: store.SourceDesk}
	books, _, err := srv.Store.CreateAPIKey(t.Context(), admin, store.NewAPIKey{Name: "Books", RoleCode: auth.RoleManager, StoreIDs: []string{"books-uk"}})
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := apiGetBytes(t, srv.URL+"/api/order/customerOrders/invoice/"+other.Number, books); res.StatusCode != http.StatusNotFound {
		t.Errorf("another store's order with a store key: %d", res.StatusCode)
	}
	field, _, err := srv.Store.CreateAPIKey(t.Context(), admin, store.NewAPIKey{Name: "Warehouse", RoleCode: auth.RoleField})
	if err != nil {
		t.Fatal(err)
	}
	if res, body := apiGetBytes(t, srv.URL+"/api/order/customerOrders/invoice/"+o.Number, field); res.StatusCode != http.StatusForbidden || bytes.HasPrefix(body, []byte("%PDF")) {
		t.Errorf("a key without read-prices: %d", res.StatusCode)
	}
}

// TestAPIInvoicePDFWithoutChromium: a server without Chromium answers 503 with a message that
// says what is missing, never 500 and never a broken PDF.
func TestAPIInvoicePDFWithoutChromium(t *testing.T) {
	t.Parallel()
	srv := testenv.NewServer(t, func(c *config.Config) { c.PDF.Chromium = "/nonexistent/chromium" })
	orders := srv.SeedDemo(t, 5, 3)
	res, body := apiGetBytes(t, srv.URL+"/api/order/customerOrders/invoice/"+orders[0].Order.Number, managerKey(t, srv))
	if res.StatusCode != http.StatusServiceUnavailable || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") ||
		!bytes.Contains(body, []byte("Chromium")) || !bytes.Contains(body, []byte("[pdf] chromium")) {
		t.Errorf("without Chromium: %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), body)
	}
}

func requireChromium(t *testing.T) {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if _, err := exec.LookPath(name); err == nil {
			return
		}
	}
	dbtest.Required(t, "Chromium", "install Debian's chromium package (make test does this when root)")
}

// pdfText is the text a PDF shows, enough to check what Chromium prints: every object read,
// Flate streams inflated, each font's ToUnicode CMap applied to the glyph ids of its Tj and TJ
// strings (Chromium writes two-byte glyph ids, Identity-H). Text objects are put on lines.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	objects := map[string][]byte{} // number → dictionary, or inflated stream data
	dicts := map[string][]byte{}
	for _, m := range regexp.MustCompile(`(?s)(\d+) 0 obj(.*?)endobj`).FindAllSubmatch(pdf, -1) {
		num, body := string(m[1]), m[2]
		dict, data, isStream := bytes.Cut(body, []byte("stream"))
		dicts[num] = dict
		if !isStream {
			objects[num] = dict
			continue
		}
		data = bytes.TrimLeft(data, "\r\n")
		if l := regexp.MustCompile(`/Length (\d+)[^ 0-9]`).FindSubmatch(dict); l != nil {
			if n, _ := strconv.Atoi(string(l[1])); n <= len(data) {
				data = data[:n]
			}
		}
		if bytes.Contains(dict, []byte("/FlateDecode")) {
			r, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				continue
			}
			data, _ = io.ReadAll(r)
		}
		objects[num] = data
	}
	// Font resource names → their ToUnicode maps.
	cmaps := map[string]map[string]string{}
	for _, fonts := range regexp.MustCompile(`(?s)/Font\s*<<(.*?)>>`).FindAllSubmatch(bytes.Join(mapValues(dicts), nil), -1) {
		for _, f := range regexp.MustCompile(`/(\w+) (\d+) 0 R`).FindAllSubmatch(fonts[1], -1) {
			if tu := regexp.MustCompile(`/ToUnicode (\d+) 0 R`).FindSubmatch(dicts[string(f[2])]); tu != nil {
				cmaps[string(f[1])] = parseCMap(objects[string(tu[1])])
			}
		}
	}
	var out strings.Builder
	ops := regexp.MustCompile(`(?s)/(\w+) [\d.]+ Tf|<([0-9A-Fa-f]*)>|(TJ|Tj|ET)`)
	for num, data := range objects {
		if _, isDict := dicts[num]; !isDict || !bytes.Contains(data, []byte("Tf")) || !bytes.Contains(dicts[num], []byte("Length")) {
			continue
		}
		var font map[string]string
		for _, m := range ops.FindAllSubmatch(data, -1) {
			switch {
			case m[1] != nil:
				font = cmaps[string(m[1])]
			case m[3] != nil:
				if string(m[3]) == "ET" {
					out.WriteByte('\n')
				}
			default:
				glyphs := strings.ToUpper(string(m[2]))
				for i := 0; i+4 <= len(glyphs); i += 4 {
					out.WriteString(font[glyphs[i:i+4]])
				}
			}
		}
	}
	return out.String()
}

func mapValues(m map[string][]byte) [][]byte {
	out := make([][]byte, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// parseCMap reads a ToUnicode CMap's bfchar and bfrange entries: glyph id (4 hex digits) → text.
func parseCMap(b []byte) map[string]string {
	out := map[string]string{}
	utf := func(h string) string {
		raw, err := hex.DecodeString(h)
		if err != nil || len(raw)%2 != 0 {
			return ""
		}
		units := make([]uint16, len(raw)/2)
		for i := range units {
			units[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
		}
		return string(utf16.Decode(units))
	}
	for _, sec := range regexp.MustCompile(`(?s)beginbfchar(.*?)endbfchar`).FindAllSubmatch(b, -1) {
		for _, m := range regexp.MustCompile(`<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>`).FindAllSubmatch(sec[1], -1) {
			out[strings.ToUpper(string(m[1]))] = utf(string(m[2]))
		}
	}
	for _, sec := range regexp.MustCompile(`(?s)beginbfrange(.*?)endbfrange`).FindAllSubmatch(b, -1) {
		for _, m := range regexp.MustCompile(`<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])`).FindAllSubmatch(sec[1], -1) {
			lo, _ := strconv.ParseUint(string(m[1]), 16, 16)
			hi, _ := strconv.ParseUint(string(m[2]), 16, 16)
			dst := string(m[3])
			list := regexp.MustCompile(`<([0-9A-Fa-f]+)>`).FindAllStringSubmatch(dst, -1)
			for g := lo; g <= hi; g++ {
				key := strings.ToUpper(strconv.FormatUint(g+0x10000, 16)[1:])
				if strings.HasPrefix(dst, "[") {
					if int(g-lo) < len(list) {
						out[key] = utf(list[g-lo][1])
					}
					continue
				}
				base, _ := strconv.ParseUint(list[0][1], 16, 32)
				out[key] = string(rune(base + (g - lo)))
			}
		}
	}
	return out
}
