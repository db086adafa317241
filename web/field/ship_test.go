package field

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/code128"

	views "orderdesk/templates/field"
)

// TestLabelBarcodeIsCode128: the bars the label's SVG draws, read back module by module, are the
// library's Code 128 symbol for the shipment number with quiet zones; split into symbols they
// start with a start code and end with the stop pattern, the check symbol is the weighted sum
// the standard defines (computed here, not taken from the library), and decoding the symbols
// with Code 128's code sets gives the shipment number back.
func TestLabelBarcodeIsCode128(t *testing.T) {
	table := symbolTable(t)
	for _, number := range []string{"SH261203-00001", "CO260906-00001260906", "SH-7", "PKG7700112233", "ab12cd3456"} {
		code, err := Code128(number)
		if err != nil {
			t.Fatal(err)
		}
		var page bytes.Buffer
		if err := views.LabelPage(views.Label{ShipmentNumber: number, Barcode: code, Packages: 1}).Render(context.Background(), &page); err != nil {
			t.Fatal(err)
		}
		modules := drawnModules(t, page.String())
		if len(modules) != code.Width {
			t.Fatalf("%s: %d modules drawn, the view says %d", number, len(modules), code.Width)
		}
		if strings.Contains(modules[:quietZone], "1") || strings.Contains(modules[len(modules)-quietZone:], "1") {
			t.Errorf("%s: no quiet zone: %s", number, modules)
		}
		symbol := modules[quietZone : len(modules)-quietZone]
		lib, err := code128.Encode(number)
		if err != nil {
			t.Fatal(err)
		}
		if want := bits(lib); symbol != want {
			t.Fatalf("%s: the SVG draws\n%s\nthe library encodes\n%s", number, symbol, want)
		}
		if (len(symbol)-13)%11 != 0 || symbol[len(symbol)-13:] != "1100011101011" {
			t.Fatalf("%s: %d modules, not symbols of 11 and the 13-module stop pattern: %s", number, len(symbol), symbol)
		}
		var values []int
		for i := 0; i+13 < len(symbol); i += 11 {
			v, ok := table[symbol[i:i+11]]
			if !ok {
				t.Fatalf("%s: symbol %d (%s) is no Code 128 symbol", number, i/11, symbol[i:i+11])
			}
			values = append(values, v)
		}
		data, check := values[:len(values)-1], values[len(values)-1]
		sum := data[0]
		for i, v := range data[1:] {
			sum += (i + 1) * v
		}
		if sum%103 != check || lib.CheckSum() != check {
			t.Errorf("%s: check symbol %d, weighted sum mod 103 is %d, library says %d", number, check, sum%103, lib.CheckSum())
		}
		if got := decode(t, data); got != number {
			t.Errorf("decoded %q, want %q (values %v)", got, number, data)
		}
	}
	for _, bad := range []string{"", "SH-ä", strings.Repeat("9", 81)} {
		if _, err := Code128(bad); err == nil {
			t.Errorf("%q has a Code 128 bar code", bad)
		}
	}
}

// symbolTable maps each symbol's 11 modules to its value, read off the library's encodings of
// strings whose symbol values the standard fixes: a character c of code set B is c−32, and the
// start, shift and code-set symbols sit where the standard puts them.
func symbolTable(t *testing.T) map[string]int {
	t.Helper()
	table := map[string]int{}
	learn := func(text string, index, value int) {
		bc, err := code128.Encode(text)
		if err != nil {
			t.Fatal(err)
		}
		p := bits(bc)[index*11 : index*11+11]
		if old, ok := table[p]; ok && old != value {
			t.Fatalf("pattern %s is %d and %d", p, old, value)
		}
		table[p] = value
	}
	for c := 32; c < 127; c++ {
		learn(string(rune(c)), 1, c-32) // START B (or A), c, check, stop
	}
	learn("a", 0, 104)    // START B
	learn("1234", 0, 105) // START C
	learn("\x01", 0, 103) // START A: control characters are in code set A only
	learn("a1234", 2, 99) // CODE C after "a"
	learn("1234a", 3, 100)
	for v := 95; v < 100; v++ {
		learn(strconv.Itoa(v)+"00", 1, v) // START C, v, 00
	}
	return table
}

// decode reads symbol values (start first, without the check symbol) as text with Code 128's
// code sets A, B and C.
func decode(t *testing.T, values []int) string {
	t.Helper()
	set := map[int]byte{103: 'A', 104: 'B', 105: 'C'}[values[0]]
	if set == 0 {
		t.Fatalf("starts with %d, not a start symbol", values[0])
	}
	var out strings.Builder
	for _, v := range values[1:] {
		switch {
		case set == 'C' && v < 100:
			out.WriteString(strconv.Itoa(v/10) + strconv.Itoa(v%10))
		case set != 'C' && v < 64:
			out.WriteByte(byte(v + 32))
		case set == 'B' && v < 96:
			out.WriteByte(byte(v + 32))
		case set == 'A' && v < 96:
			out.WriteByte(byte(v - 64))
		case v == 99:
			set = 'C'
		case v == 100 && set != 'B':
			set = 'B'
		case v == 101 && set != 'A':
			set = 'A'
		default:
			t.Fatalf("value %d in code set %c is not text", v, set)
		}
	}
	return out.String()
}

// bits is a one-dimensional bar code as 1 (bar) and 0 (space) per module.
func bits(bc barcode.Barcode) string {
	var b strings.Builder
	for x := 0; x < bc.Bounds().Dx(); x++ {
		if dark(bc.At(x, 0)) {
			b.WriteByte('1')
		} else {
			b.WriteByte('0')
		}
	}
	return b.String()
}

var (
	svgWidth = regexp.MustCompile(`data-modules="(\d+)"`)
	svgBar   = regexp.MustCompile(`<rect class="bar" x="(\d+)" y="0" width="(\d+)"`)
)

// drawnModules reads the label's SVG back as modules: 1 where a bar rectangle covers it.
func drawnModules(t *testing.T, page string) string {
	t.Helper()
	m := svgWidth.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no bar code on the label")
	}
	n, _ := strconv.Atoi(m[1])
	mods := bytes.Repeat([]byte{'0'}, n)
	for _, bar := range svgBar.FindAllStringSubmatch(page, -1) {
		x, _ := strconv.Atoi(bar[1])
		w, _ := strconv.Atoi(bar[2])
		for i := x; i < x+w; i++ {
			if i >= n || mods[i] == '1' {
				t.Fatalf("bar at %d+%d overlaps another or leaves the symbol (%d modules)", x, w, n)
			}
			mods[i] = '1'
		}
	}
	return string(mods)
}
