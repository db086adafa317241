package order

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxDecimalDigits is the most decimal digits a currency may have: money columns keep four.
const MaxDecimalDigits = 4

// CurrencyInput is a currency as typed on the admin page, every field as text; the keys of
// its Problems are these form names.
type CurrencyInput struct {
	Code, Name, Symbol, DecimalDigits, MidpointRounding, RoundingType string
}

var isoCode = regexp.MustCompile(`^[A-Z]{3}$`)

// Parse checks the input and returns the currency it describes: an ISO 4217 style code of three
// capital letters, a name, a symbol of at most 16 characters, 0 to MaxDecimalDigits decimal
// digits, a .NET MidpointRounding name and one of Virto's RoundingType names.
func (in CurrencyInput) Parse() (Currency, Problems) {
	fe := Problems{}
	c := Currency{Code: strings.TrimSpace(in.Code), Name: strings.TrimSpace(in.Name), Symbol: strings.TrimSpace(in.Symbol)}
	if !isoCode.MatchString(c.Code) {
		fe.Add("code", "must be three capital letters, the ISO 4217 code (e.g. CHF)")
	}
	switch {
	case c.Name == "":
		fe.Add("name", "is required")
	case utf8.RuneCountInString(c.Name) > 256:
		fe.Add("name", "must be at most 256 characters")
	}
	if utf8.RuneCountInString(c.Symbol) > 16 {
		fe.Add("symbol", "must be at most 16 characters")
	}
	digits, err := strconv.Atoi(strings.TrimSpace(in.DecimalDigits))
	if err != nil || digits < 0 || digits > MaxDecimalDigits {
		fe.Add("decimal_digits", fmt.Sprintf("must be a whole number from 0 to %d", MaxDecimalDigits))
	}
	c.DecimalDigits = int32(max(0, min(digits, MaxDecimalDigits)))
	if m, err := ParseMidpointRounding(in.MidpointRounding); err != nil {
		fe.Add("midpoint_rounding", "must be one of "+strings.Join(MidpointNames(), ", "))
	} else {
		c.Midpoint = m
	}
	if r, err := ParseRoundingType(in.RoundingType); err != nil {
		fe.Add("rounding_type", "must be one of "+strings.Join(RoundingTypeNames(), ", "))
	} else {
		c.RoundingType = r
	}
	return c, fe
}
