package order

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// MidpointRounding is how a value is rounded to a currency's decimal digits. The names are the
// .NET ones Virto stores in its currency registry (reference §4.7). ToEven and AwayFromZero only
// decide exact midpoints; ToZero, ToNegativeInfinity and ToPositiveInfinity are directed roundings
// (as in .NET Core 3+), which is why Virto's test turns 26.25/1.3125 × 3 = 3.9375 into 3.93.
type MidpointRounding int

// The zero value is AwayFromZero, Virto's default.
const (
	AwayFromZero MidpointRounding = iota
	ToEven
	ToZero
	ToNegativeInfinity
	ToPositiveInfinity
)

var midpointNames = [...]string{"AwayFromZero", "ToEven", "ToZero", "ToNegativeInfinity", "ToPositiveInfinity"}

func (m MidpointRounding) String() string {
	if m < 0 || int(m) >= len(midpointNames) {
		return fmt.Sprintf("MidpointRounding(%d)", int(m))
	}
	return midpointNames[m]
}

// ParseMidpointRounding reads a .NET MidpointRounding name (case-insensitive), e.g. from config.
func ParseMidpointRounding(s string) (MidpointRounding, error) {
	for i, n := range midpointNames {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return MidpointRounding(i), nil
		}
	}
	return 0, fmt.Errorf("unknown midpoint rounding %q (want one of %s)", s, strings.Join(midpointNames[:], ", "))
}

// RoundingType is the cash-rounding rule applied after rounding to decimal digits (§4.7,
// Virto's RoundingType enum). Rounding005 and Rounding01 are orderdesk additions: Virto has no
// nearest-0.05 rule (its 0.05 rules always go up or always go down), which Swiss francs need.
//
// Rounding01Up/Rounding01Down follow the reference text (§4.7: up adds 10−d cents, down drops d
// cents, like the 0.05 pair). Virto's actual code instead rounds those two to the nearest 0.10
// (midpoint up, respectively down); Rounding01 gives that nearest-0.10 behaviour if needed.
type RoundingType int

// The zero value is Rounding001 (no cash rounding), Virto's default.
const (
	Rounding001     RoundingType = iota // nothing beyond decimal digits
	Rounding005Up                       // up to the next multiple of 0.05
	Rounding005Down                     // down to the previous multiple of 0.05
	Rounding01Up                        // up to the next multiple of 0.10
	Rounding01Down                      // down to the previous multiple of 0.10
	Rounding05                          // nearest 0.50, midpoint up (x.25 → x.50, x.75 → x+1)
	Rounding1                           // nearest whole unit, midpoint up
	Rounding1Up                         // up to the next whole unit
	Rounding005                         // orderdesk: nearest 0.05, midpoint up (Swiss cash rounding)
	Rounding01                          // orderdesk: nearest 0.10, midpoint up
)

var roundingTypeNames = [...]string{
	"Rounding001", "Rounding005Up", "Rounding005Down", "Rounding01Up", "Rounding01Down",
	"Rounding05", "Rounding1", "Rounding1Up", "Rounding005", "Rounding01",
}

func (r RoundingType) String() string {
	if r < 0 || int(r) >= len(roundingTypeNames) {
		return fmt.Sprintf("RoundingType(%d)", int(r))
	}
	return roundingTypeNames[r]
}

// ParseRoundingType reads a rounding type name (case-insensitive).
func ParseRoundingType(s string) (RoundingType, error) {
	for i, n := range roundingTypeNames {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return RoundingType(i), nil
		}
	}
	return 0, fmt.Errorf("unknown rounding type %q (want one of %s)", s, strings.Join(roundingTypeNames[:], ", "))
}

// cashDirection says which way a value between two cash steps goes.
type cashDirection int

const (
	cashNone    cashDirection = iota
	cashUp                    // away from zero
	cashDown                  // towards zero
	cashNearest               // nearest step, exact midpoint away from zero
)

// Step returns the cash-rounding step (0.05, 0.10, 0.50, 1) or zero for Rounding001.
func (r RoundingType) Step() decimal.Decimal {
	step, _ := r.rule()
	return step
}

func (r RoundingType) rule() (decimal.Decimal, cashDirection) {
	switch r {
	case Rounding005Up:
		return decimal.New(5, -2), cashUp
	case Rounding005Down:
		return decimal.New(5, -2), cashDown
	case Rounding005:
		return decimal.New(5, -2), cashNearest
	case Rounding01Up:
		return decimal.New(1, -1), cashUp
	case Rounding01Down:
		return decimal.New(1, -1), cashDown
	case Rounding01:
		return decimal.New(1, -1), cashNearest
	case Rounding05:
		return decimal.New(5, -1), cashNearest
	case Rounding1:
		return decimal.New(1, 0), cashNearest
	case Rounding1Up:
		return decimal.New(1, 0), cashUp
	default:
		return decimal.Zero, cashNone
	}
}

// Currency carries what the totals need to know about a currency: its code and how amounts in it
// are rounded. No exchange rates: the order module never converts (§4.7).
type Currency struct {
	Code          string
	DecimalDigits int32
	Midpoint      MidpointRounding
	RoundingType  RoundingType
}

// Round applies the currency's rounding policy (Virto's DefaultMoneyRoundingPolicy, §4.7): first
// to DecimalDigits with the midpoint rule, then, if a fraction is left, the cash rounding rule.
//
// Two deliberate differences from Virto's code, which assumes positive two-decimal amounts: cash
// rounding works on the magnitude (so -1.02 with Rounding005Up gives -1.05, not -0.95), and it
// rounds to a true multiple of the step whatever the number of decimal digits.
func (c Currency) Round(v decimal.Decimal) decimal.Decimal {
	r := roundDigits(v, c.DecimalDigits, c.Midpoint)
	if r.Equal(r.Truncate(0)) {
		return r // no fraction: nothing for cash rounding to do
	}
	step, dir := c.RoundingType.rule()
	if dir == cashNone {
		return r
	}
	neg := r.IsNegative()
	units := r.Abs().Div(step) // exact: steps are 5·10^k or 10^k
	switch dir {
	case cashUp:
		units = units.Ceil()
	case cashDown:
		units = units.Floor()
	case cashNearest:
		units = units.Round(0)
	}
	out := units.Mul(step)
	if neg {
		out = out.Neg()
	}
	return out
}

// Fixed renders an amount rounded by the policy with exactly DecimalDigits decimals, for display.
func (c Currency) Fixed(v decimal.Decimal) string {
	return c.Round(v).StringFixed(c.DecimalDigits)
}

func roundDigits(v decimal.Decimal, places int32, m MidpointRounding) decimal.Decimal {
	switch m {
	case ToEven:
		return v.RoundBank(places)
	case ToZero:
		return v.RoundDown(places)
	case ToNegativeInfinity:
		return v.RoundFloor(places)
	case ToPositiveInfinity:
		return v.RoundCeil(places)
	default:
		return v.Round(places) // shopspring's Round is half away from zero
	}
}

// minorUnits holds ISO 4217 decimal digits for currencies a desk is likely to see. Codes not
// listed get two digits.
var minorUnits = map[string]int32{
	"BHD": 3, "CLP": 0, "IQD": 3, "ISK": 0, "JOD": 3, "JPY": 0, "KRW": 0, "KWD": 3, "LYD": 3,
	"OMR": 3, "PYG": 0, "TND": 3, "UGX": 0, "VND": 0, "XAF": 0, "XOF": 0,
}

// cashRounded lists currencies whose sensible default is cash rounding.
var cashRounded = map[string]RoundingType{
	"CHF": Rounding005, // Swiss "Rappenrundung" to 0.05
}

// CurrencyFor returns the default rounding rules for a currency code: ISO 4217 decimal digits
// (two when unknown), midpoint AwayFromZero (Virto's default), and no cash rounding except for
// CHF, which rounds to the nearest 0.05. Configuration can override any of this by building its
// own Currency values. Unlike Virto, an unknown code does not make the calculation fail.
func CurrencyFor(code string) Currency {
	code = strings.ToUpper(strings.TrimSpace(code))
	c := Currency{Code: code, DecimalDigits: 2, Midpoint: AwayFromZero, RoundingType: Rounding001}
	if d, ok := minorUnits[code]; ok {
		c.DecimalDigits = d
	}
	if r, ok := cashRounded[code]; ok {
		c.RoundingType = r
	}
	return c
}

var (
	// USD, EUR, GBP, JPY and CHF are ready-made defaults for the commonest currencies.
	USD = CurrencyFor("USD")
	EUR = CurrencyFor("EUR")
	GBP = CurrencyFor("GBP")
	JPY = CurrencyFor("JPY")
	CHF = CurrencyFor("CHF")
)

// sameCurrency compares codes the way Virto's bucket grouping does: case-insensitively.
func sameCurrency(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// Digits is c without cash rounding: decimal digits and the midpoint rule only. Figures that
// are not an amount to pay (a line's price, discount or tax) are shown this way, so a column
// of them adds up; cash rounding applies to the amount payable (PayableOf).
func (c Currency) Digits() Currency {
	c.RoundingType = Rounding001
	return c
}
