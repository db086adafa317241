package order

import (
	"testing"
)

func TestCurrencyRound(t *testing.T) {
	cur := func(digits int32, m MidpointRounding, r RoundingType) Currency {
		return Currency{Code: "TST", DecimalDigits: digits, Midpoint: m, RoundingType: r}
	}
	tests := []struct {
		name string
		cur  Currency
		in   string
		want string
	}{
		// Step 1: decimal digits with the midpoint rule (§4.7).
		{"away from zero", cur(2, AwayFromZero, Rounding001), "2.345", "2.35"},
		{"away from zero negative", cur(2, AwayFromZero, Rounding001), "-2.345", "-2.35"},
		{"to even down", cur(2, ToEven, Rounding001), "2.345", "2.34"},
		{"to even up", cur(2, ToEven, Rounding001), "2.355", "2.36"},
		{"to even not a midpoint", cur(2, ToEven, Rounding001), "2.3451", "2.35"},
		{"to zero is directed", cur(2, ToZero, Rounding001), "2.349", "2.34"},
		{"to zero negative", cur(2, ToZero, Rounding001), "-2.349", "-2.34"},
		{"to -inf", cur(2, ToNegativeInfinity, Rounding001), "-2.341", "-2.35"},
		{"to -inf positive", cur(2, ToNegativeInfinity, Rounding001), "2.349", "2.34"},
		{"to +inf", cur(2, ToPositiveInfinity, Rounding001), "2.341", "2.35"},
		{"zero digits", cur(0, AwayFromZero, Rounding001), "1234.5", "1235"},
		{"zero digits to even", cur(0, ToEven, Rounding001), "1234.5", "1234"},
		{"three digits", cur(3, AwayFromZero, Rounding001), "1.2345", "1.235"},

		// Step 2: cash rounding, as the reference describes each rule.
		{"005Up keeps 0", cur(2, AwayFromZero, Rounding005Up), "1.10", "1.10"},
		{"005Up keeps 5", cur(2, AwayFromZero, Rounding005Up), "1.05", "1.05"},
		{"005Up d<5", cur(2, AwayFromZero, Rounding005Up), "1.02", "1.05"},
		{"005Up d>5", cur(2, AwayFromZero, Rounding005Up), "1.07", "1.10"},
		{"005Down d<5", cur(2, AwayFromZero, Rounding005Down), "1.02", "1.00"},
		{"005Down d>5", cur(2, AwayFromZero, Rounding005Down), "1.07", "1.05"},
		{"005Down keeps 5", cur(2, AwayFromZero, Rounding005Down), "1.05", "1.05"},
		{"01Up", cur(2, AwayFromZero, Rounding01Up), "1.01", "1.10"},
		{"01Up 5", cur(2, AwayFromZero, Rounding01Up), "1.05", "1.10"},
		{"01Up keeps 0", cur(2, AwayFromZero, Rounding01Up), "1.20", "1.20"},
		{"01Down", cur(2, AwayFromZero, Rounding01Down), "1.09", "1.00"},
		{"01Down 5", cur(2, AwayFromZero, Rounding01Down), "1.05", "1.00"},
		{"05 c<25", cur(2, AwayFromZero, Rounding05), "1.24", "1.00"},
		{"05 c=25", cur(2, AwayFromZero, Rounding05), "1.25", "1.50"},
		{"05 c<75", cur(2, AwayFromZero, Rounding05), "1.74", "1.50"},
		{"05 c=75", cur(2, AwayFromZero, Rounding05), "1.75", "2.00"},
		{"1 c<50", cur(2, AwayFromZero, Rounding1), "1.49", "1"},
		{"1 c=50", cur(2, AwayFromZero, Rounding1), "1.50", "2"},
		{"1Up", cur(2, AwayFromZero, Rounding1Up), "1.01", "2"},
		{"1Up whole", cur(2, AwayFromZero, Rounding1Up), "2.00", "2"},
		{"no fraction after digits", cur(2, AwayFromZero, Rounding005Up), "1.004", "1"},
		{"cash rounding after digit rounding", cur(2, AwayFromZero, Rounding005Up), "1.015", "1.05"},
		{"cash on magnitude", cur(2, AwayFromZero, Rounding005Up), "-1.02", "-1.05"},

		// orderdesk's nearest rules.
		{"005 nearest down", cur(2, AwayFromZero, Rounding005), "1.02", "1.00"},
		{"005 nearest up", cur(2, AwayFromZero, Rounding005), "1.03", "1.05"},
		{"005 nearest from 7", cur(2, AwayFromZero, Rounding005), "1.07", "1.05"},
		{"005 nearest from 8", cur(2, AwayFromZero, Rounding005), "1.08", "1.10"},
		{"01 nearest", cur(2, AwayFromZero, Rounding01), "1.05", "1.10"},
		{"01 nearest down", cur(2, AwayFromZero, Rounding01), "1.04", "1.00"},

		// Defaults.
		{"CHF cash", CHF, "12.32", "12.30"},
		{"CHF cash up", CHF, "12.33", "12.35"},
		{"USD", USD, "0.005", "0.01"},
		{"JPY", JPY, "99.5", "100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cur.Round(d(tt.in)); !got.Equal(d(tt.want)) {
				t.Errorf("Round(%s) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestCurrencyFor(t *testing.T) {
	tests := []struct {
		code   string
		digits int32
		cash   RoundingType
	}{
		{"USD", 2, Rounding001}, {"eur", 2, Rounding001}, {"GBP", 2, Rounding001},
		{"JPY", 0, Rounding001}, {"KWD", 3, Rounding001}, {"CHF", 2, Rounding005}, {"XYZ", 2, Rounding001},
	}
	for _, tt := range tests {
		c := CurrencyFor(tt.code)
		if c.DecimalDigits != tt.digits || c.RoundingType != tt.cash || c.Midpoint != AwayFromZero {
			t.Errorf("CurrencyFor(%q) = %+v", tt.code, c)
		}
	}
	if CurrencyFor(" eur ").Code != "EUR" {
		t.Error("code not normalised")
	}
	if got := JPY.Fixed(d("1234.5")); got != "1235" {
		t.Errorf("JPY.Fixed = %q", got)
	}
	if got := USD.Fixed(d("3")); got != "3.00" {
		t.Errorf("USD.Fixed = %q", got)
	}
}

func TestParseRoundingNames(t *testing.T) {
	if m, err := ParseMidpointRounding("toeven"); err != nil || m != ToEven {
		t.Errorf("ParseMidpointRounding = %v, %v", m, err)
	}
	if _, err := ParseMidpointRounding("Bankers"); err == nil {
		t.Error("unknown midpoint accepted")
	}
	if r, err := ParseRoundingType("rounding005up"); err != nil || r != Rounding005Up {
		t.Errorf("ParseRoundingType = %v, %v", r, err)
	}
	if _, err := ParseRoundingType("Rounding3"); err == nil {
		t.Error("unknown rounding type accepted")
	}
	if Rounding05.String() != "Rounding05" || ToPositiveInfinity.String() != "ToPositiveInfinity" {
		t.Error("String names")
	}
	if !Rounding005Up.Step().Equal(d("0.05")) || !Rounding001.Step().IsZero() {
		t.Error("Step")
	}
}
