package config

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// reasonFields are the keys of [reasons]: which edits must say why (audit.ReasonRules). The
// store refuses such a save without a reason, and keeps the reason in the change set.
func reasonFields() []field {
	return []field{
		{"reasons", "price_override", boolInto(func(c *Config) *bool { return &c.Reasons.PriceOverride })},
		{"reasons", "refund", boolInto(func(c *Config) *bool { return &c.Reasons.Refund })},
		{"reasons", "cancellation", boolInto(func(c *Config) *bool { return &c.Reasons.Cancellation })},
		{"reasons", "discount_above_percent", func(c *Config, v string) error {
			if v == "" || strings.EqualFold(v, "off") {
				c.Reasons.DiscountAbovePercent = decimal.NullDecimal{}
				return nil
			}
			d, err := decimal.NewFromString(strings.TrimSuffix(strings.TrimSpace(v), "%"))
			if err != nil || d.IsNegative() || d.GreaterThan(decimal.NewFromInt(100)) {
				return fmt.Errorf("want a percentage from 0 to 100 (0: every discount), or off, got %q", v)
			}
			c.Reasons.DiscountAbovePercent = decimal.NewNullDecimal(d)
			return nil
		}},
	}
}
