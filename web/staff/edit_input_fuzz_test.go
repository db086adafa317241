package staff

import (
	"testing"

	"github.com/shopspring/decimal"

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
		fd := input{name: "x", kind: kinds[int(kind)%len(kinds)]}
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
