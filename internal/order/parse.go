package order

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Strict parsing of what staff type into edit forms. Errors are messages for the field.

var errNumber = errors.New("enter a number, such as 1234.50")

// ParseAmount reads a decimal amount. Besides "1234.50" it accepts the locale styles people
// type: "1 234,50", "1.234,50" and "1,234.50". A single comma with no point is a decimal comma.
// Anything else (letters, two decimal separators, exponents) is refused, never guessed.
func ParseAmount(s string) (decimal.Decimal, error) {
	s = strings.TrimSpace(s)
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", "'", "").Replace(s)
	if s == "" {
		return decimal.Zero, errors.New("enter an amount")
	}
	comma, point := strings.LastIndex(s, ","), strings.LastIndex(s, ".")
	switch {
	case comma >= 0 && point >= 0 && comma > point: // 1.234,50
		s = strings.ReplaceAll(s[:comma], ".", "") + "." + s[comma+1:]
	case comma >= 0 && point >= 0: // 1,234.50
		s = strings.ReplaceAll(s[:point], ",", "") + s[point:]
	case comma >= 0 && strings.Count(s, ",") == 1: // 12,5
		s = strings.Replace(s, ",", ".", 1)
	case comma >= 0: // 1,234,567
		s = strings.ReplaceAll(s, ",", "")
	}
	for i, r := range s {
		if (r < '0' || r > '9') && r != '.' && !(i == 0 && r == '-') {
			return decimal.Zero, errNumber
		}
	}
	if strings.Count(s, ".") > 1 {
		return decimal.Zero, errNumber
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Zero, errNumber
	}
	return d, nil
}

// ParseMoney reads a non-negative amount of money that its column holds: at most
// 999,999,999,999,999.9999, with at most four decimal places.
func ParseMoney(s string) (decimal.Decimal, error) {
	d, err := ParseAmount(s)
	if err != nil {
		return decimal.Zero, err
	}
	if d.IsNegative() {
		return decimal.Zero, errors.New("must not be negative")
	}
	return MoneyColumn.Exact(d)
}

// ParsePercent reads a percentage as typed ("12", "7,5", "12 %") and returns it as the
// fraction the model stores (0.12). It must lie between 0 and 100.
func ParsePercent(s string) (decimal.Decimal, error) {
	d, err := ParseAmount(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if err != nil {
		return decimal.Zero, err
	}
	if d.IsNegative() || d.GreaterThan(decimal.NewFromInt(100)) {
		return decimal.Zero, errors.New("must be between 0 and 100 %")
	}
	f, err := RateColumn.Exact(d.Shift(-2))
	if err != nil {
		return decimal.Zero, fmt.Errorf("use at most %d decimal places", RateColumn.Scale-2)
	}
	return f, nil
}

// ParseQuantity reads a line quantity: a whole number from 1 to 1,000,000.
func ParseQuantity(s string) (int, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, errors.New("enter a whole number, such as 3")
	}
	if n < 1 || n > 1_000_000 {
		return 0, errors.New("must be from 1 to 1,000,000")
	}
	return n, nil
}
