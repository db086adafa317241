package config

import (
	"strings"
	"testing"
)

func TestReasons(t *testing.T) {
	for _, tc := range []struct {
		name, ini  string
		check      func(c Config) bool
		wantErrKey string
	}{
		{"defaults ask for every reason", "", func(c Config) bool {
			r := c.Reasons
			return r.PriceOverride && r.Refund && r.Cancellation && r.DiscountAbovePercent.Valid && r.DiscountAbovePercent.Decimal.String() == "10"
		}, ""},
		{"switched off", "[reasons]\nprice_override = false\nrefund = no\ncancellation = off\ndiscount_above_percent = off\n", func(c Config) bool {
			r := c.Reasons
			return !r.PriceOverride && !r.Refund && !r.Cancellation && !r.DiscountAbovePercent.Valid
		}, ""},
		{"percent sign and decimals", "[reasons]\ndiscount_above_percent = 12.5%\n", func(c Config) bool {
			return c.Reasons.DiscountAbovePercent.Decimal.String() == "12.5"
		}, ""},
		{"every discount", "[reasons]\ndiscount_above_percent = 0\n", func(c Config) bool {
			return c.Reasons.DiscountAbovePercent.Valid && c.Reasons.DiscountAbovePercent.Decimal.IsZero()
		}, ""},
		{"over 100", "[reasons]\ndiscount_above_percent = 150\n", nil, "[reasons] discount_above_percent"},
		{"not a number", "[reasons]\ndiscount_above_percent = lots\n", nil, "[reasons] discount_above_percent"},
		{"not a boolean", "[reasons]\nrefund = maybe\n", nil, "[reasons] refund"},
		{"unknown key", "[reasons]\ncomment = true\n", nil, `unknown key "comment" in [reasons]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse(tc.ini, func(string) string { return "" })
			if tc.wantErrKey != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErrKey) {
					t.Fatalf("error %v, want one naming %s", err, tc.wantErrKey)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tc.check(c) {
				t.Errorf("got %+v", c.Reasons)
			}
		})
	}
}
