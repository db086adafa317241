package order

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestDefaultTemplates(t *testing.T) {
	at := date(2025, time.November, 23)
	tests := []struct {
		typ  DocumentType
		want string
	}{
		{TypeCustomerOrder, "CO251123-00001"},
		{TypeShipment, "SH251123-00001"},
		{TypePaymentIn, "PI251123-00001"},
		{TypeRefund, "RE251123-00001"},
		{TypeCapture, "CA251123-00001"},
		{TypeReturn, "RET251123-00001"},
		// Virto's fallback for a type without a template: capitals, else first two letters.
		{DocumentType("PurchaseOrder"), "PO251123-00001"},
		{DocumentType("Invoice"), "IN251123-00001"},
	}
	for _, tt := range tests {
		tpl, err := ParseNumberTemplate(DefaultNumberTemplate(tt.typ))
		if err != nil {
			t.Fatalf("%s: %v", tt.typ, err)
		}
		if tpl.Reset != ResetDaily || tpl.Start != 1 || tpl.Increment != 1 {
			t.Errorf("%s: defaults = %s/%d/%d, want Daily/1/1", tt.typ, tpl.Reset, tpl.Start, tpl.Increment)
		}
		if got := tpl.Format(at, 1); got != tt.want {
			t.Errorf("%s: Format = %q, want %q", tt.typ, got, tt.want)
		}
	}
}

func TestTemplateOptions(t *testing.T) {
	tests := []struct {
		in         string
		reset      CounterReset
		start, inc int64
		pattern    string
	}{
		{"PO{0:yyMMdd}-{1:D5}", ResetDaily, 1, 1, "PO{0:yyMMdd}-{1:D5}"},
		{"PO{0:yyMMdd}-{1:D5}@Daily", ResetDaily, 1, 1, "PO{0:yyMMdd}-{1:D5}"},
		{"PO{0:yyMMdd}-{1:D5}@Weekly:1:10", ResetWeekly, 1, 10, "PO{0:yyMMdd}-{1:D5}"},
		{"PO{0:yyMMdd}-{1:D5}@none:1:1", ResetNone, 1, 1, "PO{0:yyMMdd}-{1:D5}"},
		{"PO{1:D5}@MONTHLY:100", ResetMonthly, 100, 1, "PO{1:D5}"},
		{"PO{1:D5}@Yearly:0:2", ResetYearly, 0, 2, "PO{1:D5}"},
		{"A@B{1}@Daily", ResetDaily, 1, 1, "A@B{1}"}, // the last @ starts the options
	}
	for _, tt := range tests {
		tpl, err := ParseNumberTemplate(tt.in)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if tpl.Reset != tt.reset || tpl.Start != tt.start || tpl.Increment != tt.inc || tpl.Pattern != tt.pattern {
			t.Errorf("%q: got %s/%d/%d/%q", tt.in, tpl.Reset, tpl.Start, tpl.Increment, tpl.Pattern)
		}
		if tpl.String() != tt.in {
			t.Errorf("String() = %q", tpl.String())
		}
	}
}

func TestTemplateFormat(t *testing.T) {
	at := time.Date(2025, time.November, 3, 7, 4, 9, 123456789, time.UTC)
	tests := []struct {
		tpl     string
		counter int64
		tenant  string
		want    string
	}{
		{"CO{0:yyMMdd}-{1:D5}", 42, "", "CO251103-00042"},
		{"CO{0:yyMMdd}-{1:D5}", 123456, "", "CO251103-123456"}, // wider than the pad: not cut
		{"{0:yyyy-MM-dd HH:mm:ss.fff}/{1}", 7, "", "2025-11-03 07:04:09.123/7"},
		{"{0:y M d H h m s t}|{1}", 1, "", "25 11 3 7 7 4 9 A|1"},
		{"{0:ddd dd MMM yyyy, dddd MMMM tt hh}-{1}", 1, "", "Mon 03 Nov 2025, Monday November AM 07-1"},
		{"{0:yyyyMMdd'T'HH}{1:D2}", 3, "", "20251103T0703"},
		{`{0:yyyy\-MM}{1}`, 3, "", "2025-113"},
		{"{0:%d}-{1}", 3, "", "3-3"},
		{"N{1:00000}", 42, "", "N00042"},
		{"N{1:D}", 42, "", "N42"},
		{"{2}/{1:D3}", 5, "store-1", "store-1/005"},
		{"{{{1}}}", 7, "", "{7}"},
		{"[{1,5}]", 42, "", "[   42]"},
		{"[{1,-5:D3}]", 42, "", "[042  ]"},
		{"{0}|{1}", 1, "", "11/03/2025 07:04:09|1"},
	}
	for _, tt := range tests {
		tpl, err := ParseNumberTemplate(tt.tpl)
		if err != nil {
			t.Errorf("%q: %v", tt.tpl, err)
			continue
		}
		if got := tpl.FormatTenant(at, tt.counter, tt.tenant); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.tpl, got, tt.want)
		}
	}
}

func TestTemplateFormatUsesUTC(t *testing.T) {
	tpl := MustParseNumberTemplate("CO{0:yyMMdd}-{1:D5}")
	plus5 := time.FixedZone("+05", 5*3600)
	at := time.Date(2025, time.November, 24, 2, 0, 0, 0, plus5) // 2025-11-23 21:00 UTC
	if got := tpl.Format(at, 1); got != "CO251123-00001" {
		t.Errorf("Format = %q, want the UTC date", got)
	}
	if got := tpl.PeriodKey(at); got != "2025-11-23" {
		t.Errorf("PeriodKey = %q, want the UTC date", got)
	}
}

func TestPeriodKey(t *testing.T) {
	tests := []struct {
		reset CounterReset
		at    time.Time
		want  string
	}{
		{ResetNone, date(2025, 11, 23), ""},
		{ResetDaily, date(2025, 11, 23), "2025-11-23"},
		{ResetMonthly, date(2025, 11, 23), "2025-11"},
		{ResetYearly, date(2025, 11, 23), "2025"},
		// ISO 8601 weeks: Monday to Sunday; week 1 holds the year's first Thursday.
		{ResetWeekly, date(2025, 11, 23), "2025-W47"}, // Sunday: last day of week 47
		{ResetWeekly, date(2025, 11, 24), "2025-W48"}, // Monday
		{ResetWeekly, date(2026, 12, 31), "2026-W53"}, // 2026 starts on a Thursday: 53 weeks
		{ResetWeekly, date(2027, 1, 1), "2026-W53"},   // Friday still in 2026's last week
		{ResetWeekly, date(2027, 1, 3), "2026-W53"},   // Sunday
		{ResetWeekly, date(2027, 1, 4), "2027-W01"},   // Monday
		{ResetWeekly, date(2021, 1, 3), "2020-W53"},   // Sunday after 2020's 53rd Thursday
		{ResetWeekly, date(2021, 1, 4), "2021-W01"},
		{ResetWeekly, date(2024, 12, 30), "2025-W01"}, // Monday before New Year belongs to 2025
	}
	for _, tt := range tests {
		tpl := NumberTemplate{Reset: tt.reset}
		if got := tpl.PeriodKey(tt.at); got != tt.want {
			t.Errorf("%s %s: got %q, want %q", tt.reset, tt.at.Format("2006-01-02"), got, tt.want)
		}
	}
}

func TestNextCounter(t *testing.T) {
	daily := MustParseNumberTemplate("CO{0:yyMMdd}-{1:D5}")
	weekly := MustParseNumberTemplate("CO{1:D5}@Weekly")
	none := MustParseNumberTemplate("CO{1:D5}@None:1000:10")
	custom := MustParseNumberTemplate("CO{1:D5}@Daily:100:5")
	nov23, nov24 := date(2025, 11, 23), date(2025, 11, 24)
	mon, tue := date(2025, 11, 17), date(2025, 11, 18)

	tests := []struct {
		name       string
		tpl        NumberTemplate
		prev       int64
		prevPeriod string
		found      bool
		at         time.Time
		want       int64
		wantPeriod string
	}{
		{"no row yet", daily, 0, "", false, nov23, 1, "2025-11-23"},
		{"same day", daily, 7, "2025-11-23", true, nov23, 8, "2025-11-23"},
		{"next day resets", daily, 7, "2025-11-23", true, nov24, 1, "2025-11-24"},
		{"start and increment", custom, 0, "", false, nov23, 100, "2025-11-23"},
		{"increment", custom, 100, "2025-11-23", true, nov23, 105, "2025-11-23"},
		{"none never resets", none, 1990, "", true, nov24, 2000, ""},
		{"none first", none, 0, "", false, nov24, 1000, ""},
		// Virto resets on every call after a Monday (§16 item 21); ISO weeks do not.
		{"weekly, Tuesday after Monday", weekly, 4, "2025-W47", true, tue, 5, "2025-W47"},
		{"weekly, Monday again", weekly, 4, "2025-W47", true, mon, 5, "2025-W47"},
		{"weekly, new week", weekly, 4, "2025-W47", true, nov24, 1, "2025-W48"},
	}
	for _, tt := range tests {
		got, period := tt.tpl.NextCounter(tt.prev, tt.prevPeriod, tt.found, tt.at)
		if got != tt.want || period != tt.wantPeriod {
			t.Errorf("%s: got %d/%q, want %d/%q", tt.name, got, period, tt.want, tt.wantPeriod)
		}
	}
}

func TestCounterKey(t *testing.T) {
	for _, tc := range []struct{ a, b string }{
		{"CO{0:yyMMdd}-{1:D5}@Daily:1:1", "CO{0:yyMMdd}-{1:D5}"},
		{"CO{0:yyMMdd}-{1:D5}@Monthly", "CO{0:yyMMdd}-{1:D5}@Daily:5"},
		{"{2}-{1:D6}", "{2}-{1:D6}@None"},
	} {
		a, b := MustParseNumberTemplate(tc.a), MustParseNumberTemplate(tc.b)
		if a.CounterKey() != b.CounterKey() {
			t.Errorf("%q and %q count apart (%q, %q): the @options must not split a counter", tc.a, tc.b, a.CounterKey(), b.CounterKey())
		}
	}
	if a, b := MustParseNumberTemplate("CO{1:D5}"), MustParseNumberTemplate("SO{1:D5}"); a.CounterKey() == b.CounterKey() {
		t.Errorf("different formats share the counter %q", a.CounterKey())
	}
}

func TestInvalidTemplates(t *testing.T) {
	tests := []struct {
		in, wantErr string
	}{
		{"", "empty"},
		{"   ", "empty"},
		{"CO{0:yyMMdd}", "counter placeholder {1} is missing"},
		{"CO{1:X5}", `counter format "X5" is not supported`},
		{"CO{1:Dx}", "width"},
		{"CO{3}", "{3} is not a placeholder"},
		{"CO{a}{1}", "{a} is not a placeholder"},
		{"CO{1", "never closed"},
		{"CO{{1}", "'}' at position 6 has no matching '{'"},
		{"CO}{1}", "'}' at position 3 has no matching '{'"},
		{"CO{0:yyQQ}-{1}", `"Q" is not a supported specifier`},
		{"CO{0:d}-{1}", "standard format"},
		{"{0:'abc}{1}", "never closed"},
		{`{0:yy\}{1}`, "lone backslash"},
		{"{0:fffffffff}{1}", "at most 7"},
		{"CO{1,x}", "alignment"},
		{"CO{1}@Hourly", `unknown counter reset "Hourly"`},
		{"CO{1}@Daily:x", "counter start"},
		{"CO{1}@Daily:-1", "counter start"},
		{"CO{1}@Daily:1:0", "counter increment"},
		{"CO{1}@Daily:1:1:1", "Reset[:start[:increment]]"},
	}
	for _, tt := range tests {
		_, err := ParseNumberTemplate(tt.in)
		if err == nil {
			t.Errorf("%q: no error", tt.in)
			continue
		}
		if !errors.Is(err, ErrInvalidTemplate) {
			t.Errorf("%q: %v does not wrap ErrInvalidTemplate", tt.in, err)
		}
		if !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%q: error %q does not mention %q", tt.in, err, tt.wantErr)
		}
	}
}

func TestMustParsePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustParseNumberTemplate did not panic")
		}
	}()
	MustParseNumberTemplate("no counter")
}

func TestFillTransactionIDs(t *testing.T) {
	o := &CustomerOrder{InPayments: []PaymentIn{{
		Operation: Operation{Number: "PI261123-00007"},
		Captures:  []Capture{{TransactionID: "PI261123-00007-002"}, {}},
		Refunds:   []Refund{{}, {TransactionID: "gateway-abc"}},
	}}}
	FillTransactionIDs(o)
	p := o.InPayments[0]
	got := []string{p.Captures[0].TransactionID, p.Captures[1].TransactionID, p.Refunds[0].TransactionID, p.Refunds[1].TransactionID}
	want := []string{"PI261123-00007-002", "PI261123-00007-003", "PI261123-00007-004", "gateway-abc"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("transaction ids %v, want %v", got, want)
			break
		}
	}
}
