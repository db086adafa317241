package order

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// FuzzParseMoney: what staff type into a money field is refused with a message or is an
// amount its DECIMAL(19,4) column holds exactly, and reads back the same from its own text.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{
		"1234.50", "1 234,50", "1.234,50", "1,234.50", "12,5", "-3", "", "1e309", "999999999999999.9999",
		"1000000000000000", "0.00001", "1.23456", "١٢٣", "1\u00a0000", "'", ".", ",", "-", "-.5", "00000000000000000001.5",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := ParseAmount(s); err != nil {
			if _, err := ParseMoney(s); err == nil {
				t.Fatalf("ParseMoney(%q) accepts what ParseAmount refuses", s)
			}
		}
		d, err := ParseMoney(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("ParseMoney(%q): an empty message", s)
			}
			return
		}
		if d.IsNegative() || d.Abs().GreaterThan(MoneyColumn.Max()) || d.Exponent() < -MoneyColumn.Scale {
			t.Fatalf("ParseMoney(%q) = %s, which DECIMAL(19,4) does not hold exactly", s, d)
		}
		again, err := ParseMoney(d.String())
		if err != nil || !again.Equal(d) {
			t.Fatalf("ParseMoney(%q) = %s, but its text reads as %s, %v", s, d, again, err)
		}
	})
}

// FuzzParsePercent: a percentage is refused or a fraction from 0 to 1 that DECIMAL(19,6)
// holds exactly, and the percentage shown for it reads back as the same fraction.
func FuzzParsePercent(f *testing.F) {
	for _, s := range []string{"12 %", "7,5", "100", "101", "-1", "8.1234", "8.12345", "0", "%", "1e2", "12%%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParsePercent(s)
		if err != nil {
			return
		}
		if d.IsNegative() || d.GreaterThan(decimal.NewFromInt(1)) || d.Exponent() < -RateColumn.Scale {
			t.Fatalf("ParsePercent(%q) = %s", s, d)
		}
		again, err := ParsePercent(d.Shift(2).String())
		if err != nil || !again.Equal(d) {
			t.Fatalf("ParsePercent(%q) = %s, shown as %s %%, reads as %s, %v", s, d, d.Shift(2), again, err)
		}
	})
}

// FuzzParseQuantity: a quantity is refused or a whole number from 1 to 1,000,000 that reads
// back from its own text.
func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"3", " 3 ", "0", "-2", "1.5", "2000000", "3000000000", "1 000", "+4", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseQuantity(s)
		if err != nil {
			return
		}
		if n < 1 || n > 1_000_000 {
			t.Fatalf("ParseQuantity(%q) = %d", s, n)
		}
		if again, err := ParseQuantity(strconv.Itoa(n)); err != nil || again != n {
			t.Fatalf("ParseQuantity(%q) = %d, reads back as %d, %v", s, n, again, err)
		}
	})
}

// FuzzColumnFit: Fit answers any decimal quickly, and what it accepts is within the column,
// at its scale, and within half a unit of the last place of what was given.
func FuzzColumnFit(f *testing.F) {
	for _, s := range []string{"0", "1e309", "-1e309", "1e-10000", "999999999999999.99995", "999999999999999.99994", "0.00005", "-0.00005", "12.345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := decimal.NewFromString(s)
		if err != nil {
			return
		}
		for _, c := range []Column{MoneyColumn, RateColumn, ValueColumn} {
			r, err := c.Fit(d)
			if err != nil {
				continue
			}
			if r.Abs().GreaterThan(c.Max()) || r.Exponent() < -c.Scale {
				t.Fatalf("%v.Fit(%s) = %s", c, s, r)
			}
			if d.Exponent() > -100 && r.Sub(d).Abs().GreaterThan(decimal.New(5, -c.Scale-1)) {
				t.Fatalf("%v.Fit(%s) = %s, more than half a unit away", c, s, r)
			}
			if e, err := c.Exact(d); err == nil && !e.Equal(d) {
				t.Fatalf("%v.Exact(%s) = %s, not the same amount", c, s, e)
			}
		}
	})
}

// FuzzParseNumberTemplate: a template is refused with ErrInvalidTemplate or parses the same
// from its own text, and at any moment different counter values give different numbers.
func FuzzParseNumberTemplate(f *testing.F) {
	for _, s := range []string{
		"CO{0:yyMMdd}-{1:D5}", "PE{0:yyMMdd}-{1:D5}@Monthly:100:10", "{1}", "{2}-{1,-8:00000}", "{{{1}}}",
		"{0:dddd MMMM 'q' \\x %f}-{1}", "{1:D21}", "{1,65}", "{3}", "{1}@Never", "{1}@None:-1", "{1}@Daily:1:0",
		"{0:yyyy}", "{", "}", "{1:X}", "{0:d}{1}", "{0:fffffff tt hh h H m s}{1}", "a@b@{1}",
	} {
		f.Add(s, int64(1), int64(1_790_000_000))
	}
	f.Fuzz(func(t *testing.T, s string, counter, sec int64) {
		tpl, err := ParseNumberTemplate(s)
		if err != nil {
			if !strings.Contains(err.Error(), ErrInvalidTemplate.Error()) {
				t.Fatalf("ParseNumberTemplate(%q): %v does not wrap ErrInvalidTemplate", s, err)
			}
			return
		}
		again, err := ParseNumberTemplate(tpl.String())
		if err != nil || !reflect.DeepEqual(again, tpl) {
			t.Fatalf("%q does not parse the same from its own text: %v", s, err)
		}
		at := time.Unix(sec%253402300799, 0) // within year 9999
		if tpl.Start < 0 || tpl.Increment < 1 {
			t.Fatalf("%q: start %d, increment %d", s, tpl.Start, tpl.Increment)
		}
		if a, b := tpl.Format(at, counter), tpl.Format(at, counter+1); a == b && counter+1 > counter {
			t.Fatalf("%q at %s: counters %d and %d both give %q", s, at, counter, counter+1, a)
		}
		period := tpl.PeriodKey(at)
		if next, p := tpl.NextCounter(counter, period, true, at); next != counter+tpl.Increment || p != period {
			t.Fatalf("%q: within a period the counter after %d is %d (%q)", s, counter, next, p)
		}
		if next, _ := tpl.NextCounter(counter, "another period", false, at); next != tpl.Start {
			t.Fatalf("%q: a new counter starts at %d, not %d", s, next, tpl.Start)
		}
	})
}

// FuzzParseDynamicValue: a custom field's typed text is refused or a value its column holds,
// whose own text reads back to the same text.
func FuzzParseDynamicValue(f *testing.F) {
	for _, s := range []string{"12", "-9223372036854775808", "9223372036854775808", "1.5", "1e30", "1e-30", "true", "x",
		"2026-11-23", "2026-11-23T10:30:00Z", "0000-01-01", "9999-12-31T23:59:59.999999999+14:00", "\xff", "<b>x</b>"} {
		for i := range DynamicValueTypes {
			f.Add(uint8(i), s)
		}
	}
	f.Fuzz(func(t *testing.T, kind uint8, s string) {
		typ := DynamicValueTypes[int(kind)%len(DynamicValueTypes)]
		v, err := ParseDynamicValue(typ, s)
		if err != nil {
			return
		}
		if v.DateTime != nil && (v.DateTime.Year() < 1000 || v.DateTime.Year() > 9999) {
			t.Fatalf("ParseDynamicValue(%s, %q) = %s, outside what DATETIME holds", typ, s, v.DateTime)
		}
		if _, err := ValueColumn.Exact(v.Decimal); err != nil {
			t.Fatalf("ParseDynamicValue(%s, %q) = %s: %v", typ, s, v.Decimal, err)
		}
		text := v.Text(typ)
		again, err := ParseDynamicValue(typ, text)
		if err != nil || again.Text(typ) != text {
			t.Fatalf("ParseDynamicValue(%s, %q) shows as %q, which reads as %q, %v", typ, s, text, again.Text(typ), err)
		}
	})
}

// FuzzOrderJSON: an API order body either fails to decode, is refused by FitColumns with
// messages, or is one whose totals calculate and whose rules validate without a panic, and
// whose JSON decodes to the same order again.
func FuzzOrderJSON(f *testing.F) {
	seed, _ := json.Marshal(fullOrder())
	f.Add(seed)
	for _, s := range []string{
		`{}`, `{"currency":"USD","items":[{"price":1e16,"quantity":1}]}`, `{"items":[{"quantity":2147483648}]}`,
		`{"fee":1e309}`, `{"taxPercentRate":0.1234567,"items":[{"price":"1.5","quantity":3,"taxPercentRate":0.2}]}`,
		`{"currency":"JPY","items":[{"price":999999999999999,"quantity":1000000}]}`, `{"comment":"\ud800"}`,
		`{"inPayments":[{"sum":1,"captures":[{"amount":1e-10000}]}]}`, `{"items":[{"weight":-1e20}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var o CustomerOrder
		if err := json.Unmarshal(body, &o); err != nil {
			return
		}
		if fe := FitColumns(&o); len(fe) > 0 {
			for k, m := range fe {
				if m == "" {
					t.Fatalf("FitColumns: no message for %q", k)
				}
			}
			return
		}
		if fe := CheckColumns(&o); len(fe) > 0 {
			t.Fatalf("after FitColumns, CheckColumns still finds %v", fe)
		}
		Recalculate(&o, CurrencyFor(o.Currency))
		_ = ValidateOrder(&o)
		out, err := json.Marshal(&o)
		if err != nil {
			t.Fatalf("a recalculated order does not encode: %v", err)
		}
		var back CustomerOrder
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("an order's own JSON does not decode: %v\n%s", err, out)
		}
		again, _ := json.Marshal(&back)
		if string(again) != string(out) {
			t.Fatalf("an order's JSON changes on a round trip:\n%s\n%s", out, again)
		}
	})
}
