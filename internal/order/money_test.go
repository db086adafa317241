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

		// Defaults.
		{"CHF to the cent, as Virto's default", CHF, "12.325", "12.33"},
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

// TestRoundingRulesBetweenSteps: each rule from below a step, above it and on it, two decimal
// digits as Virto's Currency defaults to. Virto's own rows are in TestVirtoCanRound.
func TestRoundingRulesBetweenSteps(t *testing.T) {
	tests := []struct {
		in, want string
		r        RoundingType
		m        MidpointRounding
	}{
		// Each rule from below a step, above it, and on it (Virto's arithmetic worked by hand).
		{"2.31", "2.31", Rounding001, AwayFromZero},
		{"2.32", "2.35", Rounding005Up, AwayFromZero},
		{"2.37", "2.40", Rounding005Up, AwayFromZero},
		{"2.35", "2.35", Rounding005Up, AwayFromZero},
		{"2.32", "2.30", Rounding005Down, AwayFromZero},
		{"2.37", "2.35", Rounding005Down, AwayFromZero},
		{"2.35", "2.35", Rounding005Down, AwayFromZero},
		{"2.31", "2.40", Rounding01Up, AwayFromZero},
		{"2.35", "2.40", Rounding01Up, AwayFromZero},
		{"2.30", "2.30", Rounding01Up, AwayFromZero},
		{"2.39", "2.30", Rounding01Down, AwayFromZero},
		{"2.35", "2.30", Rounding01Down, AwayFromZero},
		{"2.24", "2.00", Rounding05, AwayFromZero},
		{"2.25", "2.50", Rounding05, AwayFromZero},
		{"2.74", "2.50", Rounding05, AwayFromZero},
		{"2.75", "3.00", Rounding05, AwayFromZero},
		{"2.49", "2", Rounding1, AwayFromZero},
		{"2.50", "3", Rounding1, AwayFromZero},
		{"2.01", "3", Rounding1Up, AwayFromZero},
		{"2.00", "2", Rounding1Up, AwayFromZero},
	}
	seen := map[RoundingType]bool{}
	for _, tt := range tests {
		seen[tt.r] = true
		c := Currency{Code: "TST", DecimalDigits: 2, Midpoint: tt.m, RoundingType: tt.r}
		if got := c.Round(d(tt.in)); !got.Equal(d(tt.want)) {
			t.Errorf("%s %s: Round(%s) = %s, want %s", tt.r, tt.m, tt.in, got, tt.want)
		}
	}
	for _, name := range RoundingTypeNames() {
		r, err := ParseRoundingType(name)
		if err != nil || !seen[r] {
			t.Errorf("rounding type %s has no row (%v)", name, err)
		}
	}
}

func TestCurrenciesSet(t *testing.T) {
	chf := Currency{Code: "chf", Name: "Swiss franc", DecimalDigits: 2, RoundingType: Rounding005Up}
	cs := NewCurrencies(chf, USD)
	if c, ok := cs.Lookup(" CHF "); !ok || c.RoundingType != Rounding005Up || c.Code != "CHF" {
		t.Errorf("Lookup(CHF) = %+v, %v", c, ok)
	}
	if _, ok := cs.Lookup("EUR"); ok {
		t.Error("EUR found in a set without it")
	}
	if c := cs.Of("JPY"); c != JPY {
		t.Errorf("Of(JPY) outside the set = %+v, want the ISO default", c)
	}
	o := &CustomerOrder{Operation: Operation{Currency: "CHF"}}
	if o.CurrencyRule() != CHF {
		t.Errorf("an order without currencies rounds with %+v, want the ISO default", o.CurrencyRule())
	}
	o.SetCurrencies(cs)
	if o.CurrencyRule().RoundingType != Rounding005Up || o.RuleFor("").RoundingType != Rounding005Up || o.RuleFor("usd") != USD {
		t.Errorf("rules %+v, %+v", o.CurrencyRule(), o.RuleFor("usd"))
	}
	o.Items = []LineItem{{Currency: "CHF"}, {Currency: "XTS"}}
	o.InPayments = []PaymentIn{{Operation: Operation{Currency: "EUR"}}}
	fe := UnknownCurrencies(o, cs)
	if len(fe) != 2 || fe["items[1].currency"] == "" || fe["inPayments[0].currency"] == "" {
		t.Errorf("UnknownCurrencies = %v", fe)
	}
	if len(UnknownCurrencies(&CustomerOrder{Operation: Operation{Currency: "USD"}}, cs)) != 0 {
		t.Error("a known currency reported")
	}
}

func TestCurrencyFor(t *testing.T) {
	tests := []struct {
		code   string
		digits int32
		cash   RoundingType
	}{
		{"USD", 2, Rounding001}, {"eur", 2, Rounding001}, {"GBP", 2, Rounding001},
		{"JPY", 0, Rounding001}, {"KWD", 3, Rounding001}, {"CHF", 2, Rounding001}, {"XYZ", 2, Rounding001},
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

func TestCurrencyInput(t *testing.T) {
	ok := CurrencyInput{Code: "CHF", Name: "Swiss franc", Symbol: "Fr.", DecimalDigits: "2", MidpointRounding: "ToEven", RoundingType: "Rounding005Up"}
	c, fe := ok.Parse()
	if len(fe) != 0 || c != (Currency{Code: "CHF", Name: "Swiss franc", Symbol: "Fr.", DecimalDigits: 2, Midpoint: ToEven, RoundingType: Rounding005Up}) {
		t.Fatalf("Parse = %+v, %v", c, fe)
	}
	for _, tt := range []struct {
		field string
		edit  func(*CurrencyInput)
	}{
		{"code", func(in *CurrencyInput) { in.Code = "chf" }},
		{"code", func(in *CurrencyInput) { in.Code = "CHFX" }},
		{"code", func(in *CurrencyInput) { in.Code = "C1F" }},
		{"name", func(in *CurrencyInput) { in.Name = " " }},
		{"symbol", func(in *CurrencyInput) { in.Symbol = "12345678901234567" }},
		{"decimal_digits", func(in *CurrencyInput) { in.DecimalDigits = "5" }},
		{"decimal_digits", func(in *CurrencyInput) { in.DecimalDigits = "-1" }},
		{"decimal_digits", func(in *CurrencyInput) { in.DecimalDigits = "two" }},
		{"midpoint_rounding", func(in *CurrencyInput) { in.MidpointRounding = "Bankers" }},
		{"rounding_type", func(in *CurrencyInput) { in.RoundingType = "Rounding005" }},
	} {
		in := ok
		tt.edit(&in)
		if _, fe := in.Parse(); len(fe) != 1 || fe[tt.field] == "" {
			t.Errorf("%+v: problems %v, want one for %s", in, fe, tt.field)
		}
	}
	if _, fe := (CurrencyInput{Code: "JPY", Name: "Yen", DecimalDigits: "4", MidpointRounding: "AwayFromZero", RoundingType: "Rounding1Up"}).Parse(); len(fe) != 0 {
		t.Errorf("4 digits refused: %v", fe)
	}
}
