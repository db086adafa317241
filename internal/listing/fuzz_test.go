package listing

import (
	"net/url"
	"regexp"
	"slices"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

// FuzzDecodeCursor: a cursor from a URL either is refused or decodes to one whose encoding
// decodes to it again (so a page link made from it leads to the same page).
func FuzzDecodeCursor(f *testing.F) {
	f.Add(Cursor{Value: "1234", Created: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), ID: "01JD0000000000000000000000"}.Encode())
	for _, s := range []string{"", "x", "e30", "eyJpIjoiIn0", "eyJ2IjoxfQ", "!!!", "eyJpIjoiYSIsImMiOiIxMDAwMC0wMS0wMVQwMDowMDowMFoifQ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := DecodeCursor(s)
		if err != nil {
			if c != nil {
				t.Fatalf("DecodeCursor(%q) returned a cursor with error %v", s, err)
			}
			return
		}
		again, err := DecodeCursor(c.Encode())
		if err != nil {
			t.Fatalf("cursor %+v from %q does not survive its own encoding: %v", c, s, err)
		}
		if again.Value != c.Value || again.ID != c.ID || !again.Created.Equal(c.Created) {
			t.Fatalf("cursor %q: %+v re-encodes to %+v", s, c, again)
		}
	})
}

// FuzzCursorRoundTrip: every cursor a list page can make (a column value, a created date, an
// id) decodes back to itself.
func FuzzCursorRoundTrip(f *testing.F) {
	f.Add("1234.5000", int64(1_790_000_000), int64(0), "01JD0000000000000000000000")
	f.Add("", int64(0), int64(999_999_999), "x")
	f.Add("Hugo \"the\" Fischer", int64(-1), int64(1), "01")
	f.Fuzz(func(t *testing.T, value string, sec, nsec int64, id string) {
		if id == "" || !utf8.ValidString(value) || !utf8.ValidString(id) {
			return // list rows always have an id, and the database holds only UTF-8
		}
		// DATETIME(6) values: years 1000 to 9999, microseconds.
		lo, hi := time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC).Unix()
		sec = lo + (sec%(hi-lo)+(hi-lo))%(hi-lo)
		created := time.Unix(sec, (nsec%1_000_000+1_000_000)%1_000_000*1000).UTC()
		c := Cursor{Value: value, Created: created, ID: id}
		got, err := DecodeCursor(c.Encode())
		if err != nil || got.Value != c.Value || got.ID != c.ID || !got.Created.Equal(c.Created) {
			t.Fatalf("%+v → %q → %+v, %v", c, c.Encode(), got, err)
		}
	})
}

// safeBoolean is the shape of the full-text expressions Resolve hands the store.
var safeBoolean = regexp.MustCompile(`^(?:(?:\+[\pL\pN]+\*|\+"[\pL\pN]+(?: [\pL\pN]+)+")(?: |$))*$`)

// FuzzFilter: any list URL reads into a filter whose own URL reads back to the same URL (links
// are stable), and resolves to a query the store can run: a page size it offers, a sort it
// knows, full-text expressions without stray operators, amounts the total column can hold.
func FuzzFilter(f *testing.F) {
	for _, s := range []string{
		"", "q=Martin", "status=New,Processing&store=electronics&n=100&sort=-total",
		"min=100&max=50", "min=1e999999999", "max=-1e-999999999", "q=total:1e20..", "q=total:>1e309",
		"q=created:2026-11-01..2026-11-20&from=2026-13-01", "created=today&from=2026-01-01",
		"col=number&col=total&col=number", "sort=relevance&q=lamp", "n=7", "q=%22a+b%22+is:cancelled+has:returns",
		"customer=Hugo&org=ACME&assignee=me&unpaid=1&unshipped=1&returns=open&cancelled=only",
	} {
		f.Add(s, true)
	}
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, raw string, prices bool) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		fl := FromValues(v)
		link := fl.Values().Encode()
		if again := FromValues(fl.Values()).Values().Encode(); again != link {
			t.Fatalf("%q: the filter's URL %q reads back as %q", raw, link, again)
		}
		q, _ := Resolve(fl, now, Viewer{UserID: "u1", ShowPrices: prices})
		if !slices.Contains(PageSizes, q.PageSize) {
			t.Fatalf("%q: page size %d", raw, q.PageSize)
		}
		if _, ok := ColumnByKey(q.Sort); !ok && q.Sort != "relevance" && q.Sort != "created" {
			t.Fatalf("%q: sort %q", raw, q.Sort)
		}
		for _, expr := range []string{q.Text, q.CustomerText, q.ProductText} {
			if !safeBoolean.MatchString(expr) {
				t.Fatalf("%q: full-text expression %q", raw, expr)
			}
		}
		if !prices && (q.TotalMin != nil || q.TotalMax != nil) {
			t.Fatalf("%q: an amount filter for a viewer who may not see prices", raw)
		}
		for _, d := range []*decimal.Decimal{q.TotalMin, q.TotalMax} {
			if d == nil {
				continue
			}
			if _, err := order.MoneyColumn.Fit(*d); err != nil || d.Exponent() < -order.MoneyColumn.Scale {
				t.Fatalf("%q: a total bound of %d digits, exponent %d, that the total column cannot hold", raw, d.NumDigits(), d.Exponent())
			}
		}
	})
}
