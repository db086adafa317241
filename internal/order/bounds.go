package order

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// What the order's columns can hold (db/migrations/00005_orders.sql). Every number a form or an
// API body gives is held against these before it reaches arithmetic or the database, so a value
// out of range is a message at its field instead of a database error.

// Column is a DECIMAL(precision, scale) column.
type Column struct {
	Name             string // how a message names the kind of number
	Precision, Scale int32
}

var (
	// MoneyColumn holds money, weights and dimensions: DECIMAL(19,4).
	MoneyColumn = Column{"an amount", 19, 4}
	// RateColumn holds a tax rate as a fraction (0.0825 = 8.25 %): DECIMAL(19,6).
	RateColumn = Column{"a rate", 19, 6}
	// ValueColumn holds a custom field's decimal value: DECIMAL(28,8).
	ValueColumn = Column{"a value", 28, 8}
)

// MaxCount is the largest whole number an INT column (quantities, counts, versions) holds.
const MaxCount = math.MaxInt32

// Max is the largest magnitude the column holds, e.g. 999999999999999.9999 for DECIMAL(19,4).
func (c Column) Max() decimal.Decimal {
	return decimal.New(1, c.Precision-c.Scale).Sub(decimal.New(1, -c.Scale))
}

// intDigits is how many digits d has before the decimal point (≤ 0 for |d| < 1), computed from
// the coefficient and exponent so that a value like 1e999999999 is never expanded.
func intDigits(d decimal.Decimal) int64 {
	return int64(d.NumDigits()) + int64(d.Exponent())
}

// Fit returns d rounded to the column's scale (as the store writes it), or an error saying why
// the column cannot hold it. It never expands a huge exponent: 1e309 and 1e-999999999 are
// answered from their digit counts.
func (c Column) Fit(d decimal.Decimal) (decimal.Decimal, error) {
	if d.IsZero() {
		return decimal.Zero, nil
	}
	n := intDigits(d)
	if n > int64(c.Precision-c.Scale) {
		return decimal.Zero, c.tooBig()
	}
	if n < -int64(c.Scale) {
		return decimal.Zero, nil // below half the column's last digit: it is stored as 0
	}
	r := d.Round(c.Scale)
	if r.Abs().GreaterThan(c.Max()) {
		return decimal.Zero, c.tooBig()
	}
	return r, nil
}

// Exact is Fit for what people type: more decimals than the column keeps are refused rather
// than rounded away.
func (c Column) Exact(d decimal.Decimal) (decimal.Decimal, error) {
	if d.IsZero() {
		return decimal.Zero, nil
	}
	// More digits after the point than the coefficient has means a non-zero digit beyond the
	// scale; otherwise truncating costs at most the coefficient's length.
	if extra := -int64(d.Exponent()) - int64(c.Scale); extra > 0 &&
		(extra > int64(d.NumDigits()) || !d.Equal(d.Truncate(c.Scale))) {
		return decimal.Zero, fmt.Errorf("use at most %d decimal places", c.Scale)
	}
	return c.Fit(d)
}

func (c Column) tooBig() error {
	return fmt.Errorf("is too large: %s can be at most %s", c.Name, groupThousands(c.Max().String()))
}

// groupThousands writes 999999999999999.9999 as 999,999,999,999,999.9999.
func groupThousands(s string) string {
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// CheckCount refuses a whole number an INT column cannot hold.
func CheckCount(n int64) error {
	switch {
	case n > MaxCount:
		return fmt.Errorf("is too large: at most %s", groupThousands(strconv.Itoa(MaxCount)))
	case n < math.MinInt32:
		return fmt.Errorf("is too small: at least -%s", groupThousands(strconv.Itoa(MaxCount+1)))
	}
	return nil
}

// CheckDateTime refuses a moment outside what a DATETIME column holds (years 1000 to 9999).
func CheckDateTime(t time.Time) error {
	if y := t.UTC().Year(); y < 1000 || y > 9999 {
		return fmt.Errorf("the year must be from 1000 to 9999")
	}
	return nil
}

// invalidText is the message for text that is not valid UTF-8.
const invalidText = "contains bytes that are not text (invalid UTF-8)"

// CheckText refuses text the utf8mb4 columns cannot store.
func CheckText(s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s", invalidText)
	}
	return nil
}

// FitColumns holds every number and text of the order against the column it is stored in:
// decimals in range, whole numbers within INT, text valid UTF-8, and rounds each decimal to its
// column's scale, as the store would. The API runs it on a decoded body before anything is
// calculated, so no arithmetic ever sees a number like 1e-999999999. Paths are the API's JSON
// names ("items[0].price"). v points to an order or to one of its documents (a payment, a
// shipment, a return).
func FitColumns(v any) Problems {
	fe := Problems{}
	fitValue(fe, "", reflect.ValueOf(v).Elem(), true)
	return fe
}

// CheckColumns is FitColumns without the rounding. ValidateOrder runs it after recalculation,
// so computed totals that would overflow their columns are refused too.
func CheckColumns(v any) Problems {
	fe := Problems{}
	fitValue(fe, "", reflect.ValueOf(v).Elem(), false)
	return fe
}

var (
	decimalKind     = reflect.TypeFor[decimal.Decimal]()
	nullDecimalKind = reflect.TypeFor[decimal.NullDecimal]()
	timeKind        = reflect.TypeFor[time.Time]()
)

// columnOf says which DECIMAL column a decimal field of owner is stored in.
func columnOf(owner reflect.Type, f reflect.StructField) Column {
	switch {
	case f.Name == "TaxPercentRate", owner == reflect.TypeFor[TaxDetail]() && f.Name == "Rate":
		return RateColumn
	case owner == reflect.TypeFor[DynamicPropertyValue]() && f.Name == "Decimal":
		return ValueColumn
	}
	return MoneyColumn
}

func fitValue(fe Problems, path string, v reflect.Value, round bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			fitValue(fe, path, v.Elem(), round)
		}
	case reflect.Slice:
		for i := range v.Len() {
			fitValue(fe, fmt.Sprintf("%s[%d]", path, i), v.Index(i), round)
		}
	case reflect.String:
		if err := CheckText(v.String()); err != nil {
			fe.Add(path, err.Error())
		}
	case reflect.Int:
		// Go's int is 64 bits; the columns of int fields are INT.
		if err := CheckCount(v.Int()); err != nil {
			fe.Add(path, err.Error())
		}
	case reflect.Struct:
		if v.Type() == timeKind {
			return
		}
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			fv := v.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				name = f.Name // not in the API, still stored
			}
			p := path
			if !f.Anonymous {
				if name == "" {
					name = f.Name
				}
				if p != "" {
					p += "."
				}
				p += name
			}
			switch f.Type {
			case decimalKind:
				fitDecimal(fe, p, columnOf(t, f), fv.Addr().Interface().(*decimal.Decimal), round)
			case nullDecimalKind:
				if nd := fv.Addr().Interface().(*decimal.NullDecimal); nd.Valid {
					fitDecimal(fe, p, columnOf(t, f), &nd.Decimal, round)
				}
			default:
				fitValue(fe, p, fv, round)
			}
		}
	}
}

func fitDecimal(fe Problems, path string, c Column, d *decimal.Decimal, round bool) {
	r, err := c.Fit(*d)
	if err != nil {
		fe.Add(path, err.Error())
		return
	}
	if round {
		*d = r
	}
}
