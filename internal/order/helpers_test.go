package order

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// d parses a decimal literal for tests.
func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// money is one expected amount: a label, the value computed by the code, and the expected text.
type money struct {
	name string
	got  decimal.Decimal
	want string
}

func checkMoney(t *testing.T, rows []money) {
	t.Helper()
	for _, r := range rows {
		if !r.got.Equal(d(r.want)) {
			t.Errorf("%s = %s, want %s", r.name, r.got, r.want)
		}
	}
}

func date(y int, m time.Month, day int) time.Time {
	return time.Date(y, m, day, 12, 0, 0, 0, time.UTC)
}
