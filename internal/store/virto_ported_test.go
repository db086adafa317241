package store_test

// Virto's NumberGeneratorTest (VirtoCommerce/vc-module-core tests/VirtoCommerce.CoreModule.Tests),
// ported through the real counter table: each row names its source test and its inline values.
// Virto mocks its sequence row (value 777); here the row is written into number_counters and the
// number is taken with NextNumber, as every save takes one. The pure half (parsing the options,
// NextCounter) is ported in internal/order.

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/db/dbtest"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

const vcCoreNumbers = "vc-module-core NumberGeneratorTest."

// setCounter makes the counter of template stand at value for the period at falls in, alone:
// other periods of the same counter are removed, as Virto's test has one sequence row.
func setCounter(t *testing.T, conn *sqlx.DB, template string, value int64, at time.Time) {
	t.Helper()
	tmpl := order.MustParseNumberTemplate(template)
	if _, err := conn.Exec(`DELETE FROM number_counters WHERE counter_key = ?`, tmpl.CounterKey()); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(`
		INSERT INTO number_counters (counter_key, period, value, updated_at)
		VALUES (?, ?, ?, ?)`, tmpl.CounterKey(), tmpl.PeriodKey(at), value, at); err != nil {
		t.Fatal(err)
	}
}

// NumberGeneratorTest.IntegrationTestWithSqlServer: a number from a template on a real database
// (Virto only checks it is not null; here it is the first of its day).
func TestVirtoNumberGeneratorIntegration(t *testing.T) {
	t.Parallel()
	const source = vcCoreNumbers + "IntegrationTestWithSqlServer"
	st := store.New(dbtest.New(t), nil)
	if err := st.SetNumberTemplate(context.Background(), order.TypeCustomerOrder, "s1", "PO{0:yyMMdd}-{1:D5}"); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 1, 26, 10, 0, 0, 0, time.UTC)
	if got, want := takeNumber(t, st, order.TypeCustomerOrder, "s1", at), "PO240126-00001"; got != want {
		t.Errorf("%s: %q, want %q", source, got, want)
	}
}

// NumberGeneratorTest.GenerateNumber_ShouldGenerateUniqueNumbersWithDifferentParameters: the
// counter stands at 777; the next number follows the template's increment. Virto's row was last
// touched "now" and its clock is set to 2024-01-26, so a daily counter does not reset; here the
// row is in the period of the number being taken.
func TestVirtoGenerateUniqueNumbers(t *testing.T) {
	t.Parallel()
	const src = vcCoreNumbers + "GenerateNumber_ShouldGenerateUniqueNumbersWithDifferentParameters"
	conn := dbtest.New(t)
	st := store.New(conn, nil)
	at := time.Date(2024, 1, 26, 0, 0, 0, 0, time.UTC)
	rows := []struct{ template, want string }{
		{"{1}", "778"},
		{"PO-{1:D5}", "PO-00778"},
		{"CO{0:yyMMdd}-{1:D5}", "CO240126-00778"},
		{"CO{0:yyMMdd}-{1:D5}@None", "CO240126-00778"},
		{"CO{0:yyMMdd}-{1:D5}@None:1", "CO240126-00778"},
		{"CO{0:yyMMdd}-{1:D5}@None:1:1", "CO240126-00778"},
		{"CO{0:yyMMdd}-{1:D5}@None:1:10", "CO240126-00787"},
		{"CO{0:yyMMdd}-{1:D5}@None:1:100", "CO240126-00877"},
	}
	for i, r := range rows {
		source := fmt.Sprintf("%s(%q, %q)", src, r.template, r.want)
		storeID := fmt.Sprintf("s%d", i)
		if err := st.SetNumberTemplate(context.Background(), order.TypeCustomerOrder, storeID, r.template); err != nil {
			t.Fatalf("%s: %v", source, err)
		}
		setCounter(t, conn, r.template, 777, at)
		if got := takeNumber(t, st, order.TypeCustomerOrder, storeID, at); got != r.want {
			t.Errorf("%s: %q, want %q", source, got, r.want)
		}
	}
}

// NumberGeneratorTest.GenerateNumber_ResetCounter_LoadSettingsFromTemplate: the counter stood
// at 777 when last taken; the reset rule comes from the template ("{1:D5}@Weekly"), the store
// is the tenant. Virto's ResetCounterCases.
//
// Weekly periods are ISO 8601 weeks, starting on Monday as Virto's weekly reset does; they
// differ only when the last number was taken on a Monday (Virto then resets on every number),
// which none of these rows does.
func TestVirtoResetCounterLoadSettingsFromTemplate(t *testing.T) {
	t.Parallel()
	const src = vcCoreNumbers + "GenerateNumber_ResetCounter_LoadSettingsFromTemplate"
	conn := dbtest.New(t)
	st := store.New(conn, nil)
	at := func(y int, m time.Month, day, h, mi, s int) time.Time {
		return time.Date(y, m, day, h, mi, s, 0, time.UTC)
	}
	rows := []struct {
		last, now time.Time
		reset     order.CounterReset
		want      string
	}{
		// Daily
		{at(2024, 1, 26, 23, 59, 58), at(2024, 1, 26, 23, 59, 59), order.ResetDaily, "00778"},
		{at(2024, 1, 26, 23, 59, 59), at(2024, 1, 27, 0, 0, 0), order.ResetDaily, "00001"},
		// Weekly
		{at(2024, 1, 26, 23, 59, 58), at(2024, 1, 28, 23, 59, 59), order.ResetWeekly, "00778"},
		{at(2024, 1, 26, 23, 59, 59), at(2024, 1, 29, 0, 0, 0), order.ResetWeekly, "00001"},
		{at(2024, 1, 26, 23, 59, 59), at(2024, 1, 30, 0, 0, 0), order.ResetWeekly, "00001"},
		{at(2024, 1, 26, 23, 59, 59), at(2024, 5, 30, 0, 0, 0), order.ResetWeekly, "00001"},
		// Monthly
		{at(2024, 1, 26, 23, 59, 58), at(2024, 1, 31, 23, 59, 59), order.ResetMonthly, "00778"},
		{at(2024, 1, 26, 23, 59, 59), at(2024, 2, 1, 0, 0, 0), order.ResetMonthly, "00001"},
		{at(2024, 1, 26, 23, 59, 59), at(2025, 1, 1, 23, 59, 59), order.ResetMonthly, "00001"},
		// Yearly
		{at(2024, 1, 26, 23, 59, 58), at(2024, 12, 31, 23, 59, 59), order.ResetYearly, "00778"},
		{at(2024, 1, 26, 23, 59, 59), at(2025, 2, 1, 0, 0, 0), order.ResetYearly, "00001"},
		{at(2024, 1, 26, 23, 59, 59), at(2030, 1, 1, 23, 59, 59), order.ResetYearly, "00001"},
		// Never
		{at(2024, 1, 26, 23, 59, 59), at(2025, 2, 1, 0, 0, 0), order.ResetNone, "00778"},
		{at(2024, 1, 26, 23, 59, 59), at(2030, 1, 1, 23, 59, 59), order.ResetNone, "00778"},
	}
	for _, r := range rows {
		source := fmt.Sprintf("%s(%s, %s, ResetCounterType.%s, %q)", src,
			r.last.Format("2006-01-02 15:04:05"), r.now.Format("2006-01-02 15:04:05"), r.reset, r.want)
		template := "{1:D5}@" + string(r.reset)
		if err := st.SetNumberTemplate(context.Background(), order.TypeCustomerOrder, "TEST", template); err != nil {
			t.Fatalf("%s: %v", source, err)
		}
		setCounter(t, conn, template, 777, r.last)
		if got := takeNumber(t, st, order.TypeCustomerOrder, "TEST", r.now); got != r.want {
			t.Errorf("%s: %q, want %q", source, got, r.want)
		}
	}
}
