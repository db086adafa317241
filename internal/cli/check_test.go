package cli

import (
	"context"
	"strings"
	"testing"

	"orderdesk/internal/store"

	"github.com/jmoiron/sqlx"

	"orderdesk/db/dbtest"
)

// seeded migrates a new database and loads n demo orders, as an operator's first run does.
func seeded(t *testing.T, n string) (*sqlx.DB, string) {
	t.Helper()
	_, dsn := dbtest.Empty(t)
	ctx := context.Background()
	if r := run(t, ctx, dsn, "migrate"); r.code != 0 {
		t.Fatalf("migrate: %s%s", r.stdout, r.stderr)
	}
	if r := run(t, ctx, dsn, "seed", "--orders", n); r.code != 0 {
		t.Fatalf("seed: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	return openDSN(t, dsn), dsn
}

// pick returns the id and number of the n-th order by id.
func pick(t *testing.T, conn *sqlx.DB, n int) (id, number string) {
	t.Helper()
	var o struct {
		ID     string `db:"id"`
		Number string `db:"number"`
	}
	if err := conn.Get(&o, `SELECT id, number FROM orders ORDER BY id LIMIT 1 OFFSET ?`, n); err != nil {
		t.Fatal(err)
	}
	return o.ID, o.Number
}

func mustExec(t *testing.T, conn *sqlx.DB, query string, args ...any) {
	t.Helper()
	res, err := conn.Exec(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("%s %v: %d row(s) changed, want 1", query, args, n)
	}
}

// TestCheckFindsEachCorruptionAndRepairsDerivedData corrupts each kind of data the check
// covers straight in SQL and expects one named problem for each; --repair then fixes the
// derived kinds and leaves the order's own totals and history for a person.
func TestCheckFindsEachCorruptionAndRepairsDerivedData(t *testing.T) {
	t.Parallel()
	conn, dsn := seeded(t, "60")
	ctx := context.Background()

	// Small batches, so the keyset paging between them is checked too.
	r := run(t, ctx, dsn, "check", "--batch", "7")
	if r.code != 0 || !strings.Contains(r.stdout, "checked 60 order(s)") || !strings.Contains(r.stdout, ": 0 problem(s)") {
		t.Fatalf("check of a clean database: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	factsID, factsNo := pick(t, conn, 3)
	var paid string
	if err := conn.Get(&paid, `SELECT paid_total FROM orders WHERE id = ?`, factsID); err != nil {
		t.Fatal(err)
	}
	mustExec(t, conn, `UPDATE orders SET paid_total = paid_total + 7, shipping_state = 'bogus' WHERE id = ?`, factsID)

	searchID, searchNo := pick(t, conn, 10)
	mustExec(t, conn, `UPDATE order_search SET items = 'tampered' WHERE order_id = ?`, searchID)
	goneID, goneNo := pick(t, conn, 11)
	mustExec(t, conn, `DELETE FROM order_search WHERE order_id = ?`, goneID)
	mustExec(t, conn, `INSERT INTO order_search (order_id, customer, refs, items, notes) VALUES ('01ZZZZZZZZZZZZZZZZZZZZZZZZ', 'x', 'x', 'x', 'x')`)

	var day struct {
		Day     string `db:"day"`
		StoreID string `db:"store_id"`
		Cur     string `db:"currency"`
	}
	if err := conn.Get(&day, `SELECT CAST(day AS CHAR) AS day, store_id, currency FROM order_daily_stats WHERE orders > 0 ORDER BY day, store_id, currency LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	mustExec(t, conn, `UPDATE order_daily_stats SET orders = orders + 2 WHERE day = ? AND store_id = ? AND currency = ?`, day.Day, day.StoreID, day.Cur)

	totalID, totalNo := pick(t, conn, 20)
	mustExec(t, conn, `UPDATE orders SET sub_total = sub_total + 1 WHERE id = ?`, totalID)

	historyID, historyNo := pick(t, conn, 30)
	mustExec(t, conn, `
		UPDATE order_change_sets SET version = version + 1
		WHERE order_id = ? AND aggregate = 'order'
		ORDER BY version DESC
		LIMIT 1`, historyID)

	r = run(t, ctx, dsn, "check", "--batch", "16")
	if r.code != 1 {
		t.Errorf("check of a corrupted database: exit %d, want 1", r.code)
	}
	for _, want := range []string{
		factsNo + " (" + factsID + "): list facts: orders.paid_total: stored ",
		factsNo + " (" + factsID + "): list facts: orders.shipping_state: stored bogus, expected ",
		searchNo + " (" + searchID + `): search row: order_search.items: stored "tampered", expected "`,
		goneNo + " (" + goneID + "): search row: order_search: stored no row, expected a row",
		"order 01ZZZZZZZZZZZZZZZZZZZZZZZZ: search row: order_search: stored a row, expected no row",
		"-: daily stats: " + day.Day + " " + day.StoreID + " " + day.Cur + " orders: stored ",
		totalNo + " (" + totalID + "): totals: orders.sub_total: stored ",
		historyNo + " (" + historyID + "): history: order versions: stored ",
		": 8 problem(s)",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("check does not report %q in:\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "8 problem(s) found") {
		t.Errorf("stderr: %q", r.stderr)
	}
	// The list facts line names the amount stored and the one the documents give.
	if !strings.Contains(r.stdout, "expected "+paid+"\n") {
		t.Errorf("the paid total line does not give the expected %s:\n%s", paid, r.stdout)
	}

	r = run(t, ctx, dsn, "check", "--repair")
	if r.code != 1 || !strings.Contains(r.stdout, "repaired: list facts and search rows of 3 order(s), 1 search row(s) of missing orders deleted") ||
		!strings.Contains(r.stdout, "re-totalled: 1 order(s)") {
		t.Fatalf("check --repair: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	after := r.stdout[strings.Index(r.stdout, "checking again"):]
	for _, left := range []string{historyNo + " (" + historyID + "): history: order versions", ": 1 problem(s)"} {
		if !strings.Contains(after, left) {
			t.Errorf("after the repair, %q should still be reported (history is never rewritten):\n%s", left, after)
		}
	}
	// The re-total is a change of the order, by the system, with its reason.
	var retotal struct {
		Source string `db:"source"`
		Reason string `db:"reason"`
	}
	if err := conn.Get(&retotal, `SELECT source, reason FROM order_change_sets WHERE order_id = ? AND aggregate = 'order' ORDER BY version DESC LIMIT 1`, totalID); err != nil ||
		retotal.Source != store.SourceSystem || retotal.Reason != store.RetotalReason {
		t.Errorf("the re-total's change set: %+v, %v", retotal, err)
	}
	for _, gone := range []string{"list facts", "search row", "daily stats", "totals"} {
		if strings.Contains(after, gone) {
			t.Errorf("after the repair, %s are still wrong:\n%s", gone, after)
		}
	}

	// Undone by hand, what the repair may not touch: then nothing is wrong.
	mustExec(t, conn, `
		UPDATE order_change_sets SET version = version - 1
		WHERE order_id = ? AND aggregate = 'order'
		ORDER BY version DESC
		LIMIT 1`, historyID)
	if r := run(t, ctx, dsn, "check"); r.code != 0 || !strings.Contains(r.stdout, ": 0 problem(s)") {
		t.Errorf("check after the repair and the undo: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
