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

// RoundingType is the cash-rounding rule applied after rounding to decimal digits: Virto's
// RoundingType enum (vc-module-core, Enums/RoundingType.cs), with its names, which is what the
// currencies table stores.
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
)

var roundingTypeNames = [...]string{
	"Rounding001", "Rounding005Up", "Rounding005Down", "Rounding01Up", "Rounding01Down",
	"Rounding05", "Rounding1", "Rounding1Up",
}

// RoundingTypeNames are Virto's rounding type names, in its enum's order.
func RoundingTypeNames() []string { return roundingTypeNames[:] }

// MidpointNames are the .NET MidpointRounding names, in their enum's order.
func MidpointNames() []string { return midpointNames[:] }

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
	case Rounding01Up:
		return decimal.New(1, -1), cashUp
	case Rounding01Down:
		return decimal.New(1, -1), cashDown
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
// are rounded (Virto's Currency, one row of the currencies table), with its name and symbol for
// people. No exchange rates: the order module never converts (§4.7).
type Currency struct {
	Code          string
	Name          string
	Symbol        string
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

// CurrencyFor returns the ISO defaults for a currency code: ISO 4217 decimal digits (two when
// unknown), midpoint AwayFromZero and Rounding001, Virto's defaults. They are what the currencies
// table is seeded with; the rules in force are the table's (see Currencies), and this is only
// the fallback for an order no store has given its currencies (one built in memory).
func CurrencyFor(code string) Currency {
	code = strings.ToUpper(strings.TrimSpace(code))
	c := Currency{Code: code, DecimalDigits: 2, Midpoint: AwayFromZero, RoundingType: Rounding001}
	if d, ok := minorUnits[code]; ok {
		c.DecimalDigits = d
	}
	return c
}

var (
	// USD, EUR, GBP, JPY and CHF are the ISO defaults of the commonest currencies.
	USD = CurrencyFor("USD")
	EUR = CurrencyFor("EUR")
	GBP = CurrencyFor("GBP")
	JPY = CurrencyFor("JPY")
	CHF = CurrencyFor("CHF")
)

// Currencies is the set of currencies the desk knows, by code, as the currencies table holds
// them. It is a value read once (per load or save) and never changed afterwards, so orders and
// requests holding one do not see an administrator's later edit halfway through.
type Currencies struct {
	byCode map[string]Currency
}

// NewCurrencies makes the set of list; codes compare case-insensitively.
func NewCurrencies(list ...Currency) Currencies {
	m := make(map[string]Currency, len(list))
	for _, c := range list {
		c.Code = strings.ToUpper(strings.TrimSpace(c.Code))
		m[c.Code] = c
	}
	return Currencies{byCode: m}
}

// Lookup returns the currency with code, and whether the set holds it.
func (cs Currencies) Lookup(code string) (Currency, bool) {
	c, ok := cs.byCode[strings.ToUpper(strings.TrimSpace(code))]
	return c, ok
}

// Of returns the rules of code: the set's, or the ISO defaults (CurrencyFor) for a code it does
// not hold, so that an order stored before its currency was removed from use still shows.
func (cs Currencies) Of(code string) Currency {
	if c, ok := cs.Lookup(code); ok {
		return c
	}
	return CurrencyFor(code)
}

// Len is how many currencies the set holds.
func (cs Currencies) Len() int { return len(cs.byCode) }

// SetCurrencies gives the order the currency rules its totals use (the store does, on every load
// and save, from the currencies table). Without them the ISO defaults apply.
func (o *CustomerOrder) SetCurrencies(cs Currencies) { o.currencies = cs }

// Currencies returns the currency rules the order was given (SetCurrencies).
func (o *CustomerOrder) Currencies() Currencies { return o.currencies }

// CurrencyRule returns the rounding rules of the order's currency.
func (o *CustomerOrder) CurrencyRule() Currency { return o.currencies.Of(o.Currency) }

// RuleFor returns the rounding rules of code for a part of the order (a line, shipment or
// payment): the order's currency when code is empty.
func (o *CustomerOrder) RuleFor(code string) Currency {
	if strings.TrimSpace(code) == "" {
		code = o.Currency
	}
	return o.currencies.Of(code)
}

// UnknownCurrencyError refuses an order in a currency the desk does not know: its Problems name
// each field with such a code. It unwraps to them, so it is handled as any order.Problems (and
// matches ErrValidation); the API answers it 422.
type UnknownCurrencyError struct{ Problems Problems }

func (e *UnknownCurrencyError) Error() string { return e.Problems.Error() }

// Unwrap gives the problems.
func (e *UnknownCurrencyError) Unwrap() error { return e.Problems }

// UnknownCurrencies reports every currency of o (the order's, its lines', shipments' and
// payments') that known does not hold, as field problems with the paths of the API.
func UnknownCurrencies(o *CustomerOrder, known Currencies) Problems {
	fe := Problems{}
	check := func(field, code string) {
		if strings.TrimSpace(code) == "" || !currencyCode.MatchString(code) {
			return // ValidateOrder reports a missing or malformed code
		}
		if _, ok := known.Lookup(code); !ok {
			fe.Add(field, fmt.Sprintf("%s is not a currency of this desk; an administrator can add it under Admin → Currencies",
				strings.ToUpper(strings.TrimSpace(code))))
		}
	}
	check("currency", o.Currency)
	for i := range o.Items {
		check(fmt.Sprintf("items[%d].currency", i), o.Items[i].Currency)
	}
	for i := range o.Shipments {
		check(fmt.Sprintf("shipments[%d].currency", i), o.Shipments[i].Currency)
	}
	for i := range o.InPayments {
		check(fmt.Sprintf("inPayments[%d].currency", i), o.InPayments[i].Currency)
	}
	return fe
}

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
