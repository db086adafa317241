package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/demo"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// TestOrderRoundTrip stores an order in which every field of every entity is set, loads it and
// compares the whole tree; then edits every collection (change, remove, add) and does it again.
// A column forgotten in the schema or the mapping makes a field come back empty and fails here.
func TestOrderRoundTrip(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	// Every field gets a made-up value, statuses too: accept any status text here.
	st.SetRules(store.Rules{})
	ctx := context.Background()
	f := &filler{}
	o := filledOrder(f)
	submitted := o.Clone()

	if err := st.CreateOrder(ctx, desk, o); err != nil {
		t.Fatalf("CreateOrder: %v", err)
	}
	if o.Version != 1 {
		t.Errorf("version after create = %d, want 1", o.Version)
	}
	// What the caller gave is kept: numbers, ids, audit stamps (imports keep their dates).
	if o.Number != submitted.Number || o.CreatedBy != submitted.CreatedBy || !o.CreatedDate.Equal(submitted.CreatedDate.Truncate(time.Microsecond)) {
		t.Errorf("create changed given values: number %q→%q, created %v %q", submitted.Number, o.Number, o.CreatedDate, o.CreatedBy)
	}
	if o.CreatedDate.Location() != time.UTC || o.CreatedDate.Nanosecond()%1000 != 0 {
		t.Errorf("times are not normalized to UTC microseconds: %v", o.CreatedDate)
	}
	got, err := st.Order(ctx, o.ID)
	if err != nil {
		t.Fatalf("Order: %v", err)
	}
	sameTree(t, "loaded order", o, got)
	checkStoredTotals(t, st, o)
	checkStoredColumns(t, st, o)

	byNumber, err := st.OrderByNumber(ctx, o.Number)
	if err != nil {
		t.Fatalf("OrderByNumber: %v", err)
	}
	sameTree(t, "order loaded by number", o, byNumber)

	// Edit every collection and save.
	edited := got.Clone()
	editEverything(f, edited)
	if err := st.SaveOrder(ctx, desk, edited); err != nil {
		t.Fatalf("SaveOrder: %v", err)
	}
	if edited.Version != 2 {
		t.Errorf("version after save = %d, want 2", edited.Version)
	}
	if edited.ModifiedDate == nil || !edited.ModifiedDate.Equal(testDay) || edited.ModifiedBy != desk.Label {
		t.Errorf("modified = %v by %q, want %v by %q", edited.ModifiedDate, edited.ModifiedBy, testDay, desk.Label)
	}
	if !edited.CreatedDate.Equal(o.CreatedDate) {
		t.Errorf("created date changed on save")
	}
	// An added line is stamped as created now; a changed one as modified now; an untouched
	// one keeps its stamps.
	last := edited.Items[len(edited.Items)-1]
	if last.CreatedBy == desk.Label || edited.Items[0].ModifiedBy != desk.Label {
		t.Logf("added line created by %q; changed line modified by %q", last.CreatedBy, edited.Items[0].ModifiedBy)
	}
	got2, err := st.Order(ctx, o.ID)
	if err != nil {
		t.Fatalf("Order after save: %v", err)
	}
	sameTree(t, "order after edit", edited, got2)
	checkStoredTotals(t, st, edited)
	checkStoredColumns(t, st, edited)
	if got2.Comment != "edited" || got2.Shipments[0].DeliveryAddress.City != "Lyon" {
		t.Errorf("edits missing: %q %q", got2.Comment, got2.Shipments[0].DeliveryAddress.City)
	}
	if slices.ContainsFunc(got2.Items, func(li order.LineItem) bool { return li.ID == got.Items[len(got.Items)-1].ID }) {
		t.Errorf("removed line still there")
	}
}

// checkStoredTotals compares the totals columns lists read with the order's computed totals,
// and a line's stored computed values with the exact ones rounded to four places.
func checkStoredTotals(t *testing.T, st *store.Store, o *order.CustomerOrder) {
	t.Helper()
	var row struct {
		Total, SubTotal, SubTotalWithTax, ShippingTotal, ShippingTotalWithTax, PaymentTotal,
		PaymentTotalWithTax, DiscountTotal, DiscountTotalWithTax, TaxTotal, FeeTotal,
		FeeTotalWithTax, FeeWithTax, Sum decimal.Decimal
	}
	err := st.DB().QueryRow(`
		SELECT total, sub_total, sub_total_with_tax, shipping_total, shipping_total_with_tax,
		       payment_total, payment_total_with_tax, discount_total, discount_total_with_tax,
		       tax_total, fee_total, fee_total_with_tax, fee_with_tax, sum
		FROM orders WHERE id = ?`, o.ID).Scan(&row.Total, &row.SubTotal, &row.SubTotalWithTax,
		&row.ShippingTotal, &row.ShippingTotalWithTax, &row.PaymentTotal, &row.PaymentTotalWithTax,
		&row.DiscountTotal, &row.DiscountTotalWithTax, &row.TaxTotal, &row.FeeTotal, &row.FeeTotalWithTax,
		&row.FeeWithTax, &row.Sum)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want decimal.Decimal
	}{
		{"total", row.Total, o.Total}, {"sub_total", row.SubTotal, o.SubTotal},
		{"sub_total_with_tax", row.SubTotalWithTax, o.SubTotalWithTax},
		{"shipping_total", row.ShippingTotal, o.ShippingTotal},
		{"shipping_total_with_tax", row.ShippingTotalWithTax, o.ShippingTotalWithTax},
		{"payment_total", row.PaymentTotal, o.PaymentTotal},
		{"payment_total_with_tax", row.PaymentTotalWithTax, o.PaymentTotalWithTax},
		{"discount_total", row.DiscountTotal, o.DiscountTotal},
		{"discount_total_with_tax", row.DiscountTotalWithTax, o.DiscountTotalWithTax},
		{"tax_total", row.TaxTotal, o.TaxTotal}, {"fee_total", row.FeeTotal, o.FeeTotal},
		{"fee_total_with_tax", row.FeeTotalWithTax, o.FeeTotalWithTax},
		{"fee_with_tax", row.FeeWithTax, o.FeeWithTax}, {"sum", row.Sum, o.Sum},
	} {
		if !c.got.Equal(c.want) {
			t.Errorf("stored %s = %s, computed %s", c.name, c.got, c.want)
		}
	}
	li := o.Items[0]
	var pwt, tax decimal.Decimal
	if err := st.DB().QueryRow(`SELECT price_with_tax, tax_total FROM order_line_items WHERE order_id = ? AND id = ?`,
		o.ID, li.ID).Scan(&pwt, &tax); err != nil {
		t.Fatal(err)
	}
	if !pwt.Equal(li.PriceWithTax.Round(4)) || !tax.Equal(li.TaxTotal.Round(4)) {
		t.Errorf("stored line price_with_tax %s tax_total %s, computed %s %s", pwt, tax, li.PriceWithTax, li.TaxTotal)
	}
}

// checkStoredColumns compares every stored column of the order, computed ones included, with
// the order in memory.
func checkStoredColumns(t *testing.T, st *store.Store, o *order.CustomerOrder) {
	t.Helper()
	diffs, err := store.StoredColumnDiffs(context.Background(), st, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) > 0 {
		t.Errorf("stored columns differ:\n  %s", strings.Join(diffs, "\n  "))
	}
}

func TestOrderNotFound(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	if _, err := st.Order(ctx, order.NewID()); !errors.Is(err, order.ErrNotFound) {
		t.Errorf("Order of a missing id: %v, want ErrNotFound", err)
	}
	if _, err := st.OrderByNumber(ctx, "CO000000-00000"); !errors.Is(err, order.ErrNotFound) {
		t.Errorf("OrderByNumber of a missing number: %v, want ErrNotFound", err)
	}
	o := simpleOrder(1)
	o.ID = order.NewID()
	if err := st.SaveOrder(ctx, desk, o); !errors.Is(err, order.ErrNotFound) {
		t.Errorf("SaveOrder of a missing order: %v, want ErrNotFound", err)
	}
}

// TestOrderLoadQueryCount checks loading costs the same statements for 1 or 30 lines and
// shipments (no query per child), and that saving an unchanged order writes one row.
func TestOrderLoadQueryCount(t *testing.T) {
	t.Parallel()
	st, stmts := orderStore(t)
	ctx := context.Background()
	counts := map[int]int{}
	for _, n := range []int{1, 30} {
		// At most 20 documents: the order, 18 shipments, a payment.
		o := orderWith(n, min(n, 18))
		if err := st.CreateOrder(ctx, desk, o); err != nil {
			t.Fatalf("CreateOrder(%d): %v", n, err)
		}
		mark := stmts.count()
		start := time.Now()
		got, err := st.Order(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		if len(got.Items) != n || len(got.Shipments) != len(o.Shipments) {
			t.Fatalf("loaded %d lines %d shipments, want %d and %d", len(got.Items), len(got.Shipments), n, len(o.Shipments))
		}
		counts[n] = len(stmts.since(mark))
		t.Logf("load of an order with %d lines and %d shipments: %d statements, %v", n, len(o.Shipments), counts[n], took)

		// Saving it unchanged: the header lock and the loads; nothing is written, not even a
		// new version or an empty change set.
		mark = stmts.count()
		if err := st.SaveOrder(ctx, desk, got); err != nil {
			t.Fatal(err)
		}
		k := kinds(stmts.since(mark))
		t.Logf("unchanged save (%d lines): %v", n, k)
		if k["UPDATE"] != 0 || k["INSERT"] != 0 || k["DELETE"] != 0 {
			t.Errorf("an unchanged save wrote %v, want no writes", k)
		}

		// Changing one line's quantity writes that line, the order row, its list facts, its
		// day's and its customer's figures, nothing else: the search document (no searchable
		// text changed) stays.
		got.Items[0].Quantity++
		mark = stmts.count()
		if err := st.SaveOrder(ctx, desk, got); err != nil {
			t.Fatal(err)
		}
		// The change set is two INSERTs: its header and one multi-row insert of its changes.
		if k := kinds(stmts.since(mark)); k["UPDATE"] != 3 || k["INSERT"] != 4 || k["DELETE"] != 0 || k["REPLACE"] != 0 {
			t.Errorf("changing one quantity wrote %v, want three UPDATEs and four INSERTs (the change set's two, the day's and the customer's figures)", k)
		}
	}
	if counts[1] != counts[30] {
		t.Errorf("statements per load: %d for 1 line, %d for 30: a query per child", counts[1], counts[30])
	}
	// Header, lines, shipments, payments, addresses, discounts, taxes, fees, custom fields,
	// configuration items, shipment items and packages, transactions, captures, refunds.
	if counts[1] > 18 {
		t.Errorf("a load took %d statements, more than one per table", counts[1])
	}
}

// TestOrderOptimisticLocking: two copies are loaded; the first save wins; the second gets a
// *ConflictError and nothing of it is written.
func TestOrderOptimisticLocking(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	o := simpleOrder(2)
	if err := st.CreateOrder(ctx, desk, o); err != nil {
		t.Fatal(err)
	}
	a, err := st.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	a.Comment = "first"
	if err := st.SaveOrder(ctx, desk, a); err != nil {
		t.Fatalf("first save: %v", err)
	}
	b.Comment = "second"
	b.Items = b.Items[:1]
	b.Shipments = append(b.Shipments, order.Shipment{Operation: order.Operation{Currency: "EUR"}})
	before := b.Clone()
	err = st.SaveOrder(ctx, desk, b)
	var ce *order.ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, order.ErrConflict) {
		t.Fatalf("second save: %v, want a *ConflictError", err)
	}
	if ce.OrderID != o.ID || ce.Expected != 1 || ce.Actual != 2 {
		t.Errorf("conflict = %+v, want order %s expected 1 actual 2", ce, o.ID)
	}
	sameTree(t, "the rejected copy", before, b)
	got, err := st.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameTree(t, "stored order after the conflict", a, got)
	if got.Version != 2 || got.Comment != "first" || len(got.Items) != 2 || len(got.Shipments) != 2 {
		t.Errorf("stored: version %d comment %q, %d lines, %d shipments", got.Version, got.Comment, len(got.Items), len(got.Shipments))
	}
}

// TestOrderConcurrentWriters: 50 writers each load, add one to a line's quantity and append to
// the comment, and save, retrying on conflict. Every update must be there at the end.
func TestOrderConcurrentWriters(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	o := simpleOrder(1)
	if err := st.CreateOrder(ctx, desk, o); err != nil {
		t.Fatal(err)
	}
	const writers = 50
	start := o.Items[0].Quantity
	var wg sync.WaitGroup
	var mu sync.Mutex
	conflicts := 0
	errs := make(chan error, writers)
	began := time.Now()
	for w := range writers {
		wg.Go(func() {
			for attempt := 0; ; attempt++ {
				cur, err := st.Order(ctx, o.ID)
				if err != nil {
					errs <- err
					return
				}
				cur.Items[0].Quantity++
				cur.Comment += fmt.Sprintf("[%d]", w)
				err = st.SaveOrder(ctx, desk, cur)
				if errors.Is(err, order.ErrConflict) {
					mu.Lock()
					conflicts++
					mu.Unlock()
					time.Sleep(time.Duration(attempt%5) * time.Millisecond)
					continue
				}
				if err != nil {
					errs <- err
				}
				return
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got, err := st.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d writers: %d conflicts retried, %v", writers, conflicts, time.Since(began))
	if got.Version != 1+writers {
		t.Errorf("version = %d, want %d", got.Version, 1+writers)
	}
	if got.Items[0].Quantity != start+writers {
		t.Errorf("quantity = %d, want %d", got.Items[0].Quantity, start+writers)
	}
	for w := range writers {
		if !strings.Contains(got.Comment, fmt.Sprintf("[%d]", w)) {
			t.Errorf("comment lacks writer %d: %q", w, got.Comment)
		}
	}
}

// TestOrderNumbers: documents without numbers get them from the default templates, and
// concurrent creates get distinct consecutive numbers.
func TestOrderNumbers(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	o := simpleOrder(2)
	p := &o.InPayments[0]
	p.Status = string(order.PaymentPaid)
	p.Captures = []order.Capture{{Operation: order.Operation{Currency: "EUR", Status: string(order.CaptureProcessed)}, Amount: decimal.NewFromInt(30)}}
	p.Refunds = []order.Refund{{Operation: order.Operation{Currency: "EUR", Status: string(order.RefundProcessed)}, Amount: decimal.NewFromInt(10)}}
	if err := st.CreateOrder(ctx, desk, o); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"order": "CO261123-00001", "shipment 0": "SH261123-00001", "shipment 1": "SH261123-00002",
		"payment": "PI261123-00001", "capture": "CA261123-00001", "refund": "RE261123-00001",
	}
	got := map[string]string{
		"order": o.Number, "shipment 0": o.Shipments[0].Number, "shipment 1": o.Shipments[1].Number,
		"payment": o.InPayments[0].Number, "capture": o.InPayments[0].Captures[0].Number,
		"refund": o.InPayments[0].Refunds[0].Number,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s number %q, want %q", k, got[k], w)
		}
	}
	if tid := o.InPayments[0].Captures[0].TransactionID; tid != "PI261123-00001-001" {
		t.Errorf("capture transaction id %q", tid)
	}
	// A later save keeps numbers and numbers only what is new.
	o.Shipments = append(o.Shipments, order.Shipment{Operation: order.Operation{Currency: "EUR"}})
	if err := st.SaveOrder(ctx, desk, o); err != nil {
		t.Fatal(err)
	}
	if o.Number != "CO261123-00001" || o.Shipments[2].Number != "SH261123-00003" {
		t.Errorf("after save: %s, new shipment %s", o.Number, o.Shipments[2].Number)
	}

	const creators = 50
	numbers := make(chan string, creators)
	var wg sync.WaitGroup
	for range creators {
		wg.Go(func() {
			o := simpleOrder(1)
			if err := st.CreateOrder(ctx, desk, o); err != nil {
				t.Error(err)
				return
			}
			numbers <- o.Number
		})
	}
	wg.Wait()
	close(numbers)
	var all []string
	for n := range numbers {
		all = append(all, n)
	}
	slices.Sort(all)
	for i, n := range all {
		if w := fmt.Sprintf("CO261123-%05d", i+2); n != w {
			t.Fatalf("concurrent numbers %v: #%d is %s, want %s", all, i, n, w)
		}
	}
	if len(all) != creators {
		t.Errorf("%d numbers, want %d", len(all), creators)
	}
}

// TestOrderDuplicateNumber: a number already used in the store is a field error; another store
// may use it.
func TestOrderDuplicateNumber(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	a := simpleOrder(1)
	a.Number = "CO-1"
	if err := st.CreateOrder(ctx, desk, a); err != nil {
		t.Fatal(err)
	}
	b := simpleOrder(1)
	b.Number = "CO-1"
	var fe order.Problems
	if err := st.CreateOrder(ctx, desk, b); !errors.As(err, &fe) || fe["number"] == "" {
		t.Errorf("duplicate number: %v, want a field error on number", err)
	}
	c := simpleOrder(1)
	c.Number, c.StoreID = "CO-1", "games"
	if err := st.CreateOrder(ctx, desk, c); err != nil {
		t.Errorf("same number in another store: %v", err)
	}
}

// TestOrderIntegrityRules: broken rules come back as field errors and nothing is written.
func TestOrderIntegrityRules(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()

	paid := func(o *order.CustomerOrder) *order.PaymentIn {
		p := &o.InPayments[0]
		p.Status = string(order.PaymentAuthorized)
		p.Captures = []order.Capture{{Operation: order.Operation{Currency: "EUR", Status: string(order.CaptureProcessed)}, Amount: decimal.NewFromInt(40)}}
		return p
	}
	cases := []struct {
		name  string
		edit  func(o *order.CustomerOrder)
		field string
	}{
		{"shipping more than ordered", func(o *order.CustomerOrder) {
			o.Shipments[0].Items[0].Quantity = 3 // two ordered
		}, "shipments[0].items[0].quantity"},
		{"refunding more than captured", func(o *order.CustomerOrder) {
			p := paid(o)
			p.Refunds = []order.Refund{{Operation: order.Operation{Currency: "EUR"}, Amount: decimal.NewFromInt(41)}}
		}, "inPayments[0].refunds[0].amount"},
		{"more than 20 documents", func(o *order.CustomerOrder) {
			for range 20 {
				o.Shipments = append(o.Shipments, order.Shipment{Operation: order.Operation{Currency: "EUR"}})
			}
		}, "documents"},
		{"a line quantity of zero", func(o *order.CustomerOrder) { o.Items[0].Quantity = 0 }, "items[0].quantity"},
	}
	for _, tc := range cases {
		// On create: nothing at all is written, no number is used up.
		o := simpleOrder(1)
		tc.edit(o)
		submitted := o.Clone()
		err := st.CreateOrder(ctx, desk, o)
		var fe order.Problems
		if !errors.As(err, &fe) || fe[tc.field] == "" {
			t.Errorf("create, %s: %v, want a field error on %s", tc.name, err, tc.field)
			continue
		}
		sameTree(t, tc.name+": the rejected order", submitted, o)
		for table, n := range countRows(t, st) {
			if n != 0 {
				t.Errorf("create, %s: %d rows in %s", tc.name, n, table)
			}
		}
	}

	// On save: the stored order stays as it was.
	o := simpleOrder(1)
	if err := st.CreateOrder(ctx, desk, o); err != nil {
		t.Fatal(err)
	}
	if o.Number != "CO261123-00001" {
		t.Errorf("rejected creates used up numbers: first stored order is %s", o.Number)
	}
	rows := countRows(t, st)
	for _, tc := range cases {
		edit := o.Clone()
		edit.Comment = "must not be saved"
		tc.edit(edit)
		err := st.SaveOrder(ctx, desk, edit)
		var fe order.Problems
		if !errors.As(err, &fe) || fe[tc.field] == "" {
			t.Errorf("save, %s: %v, want a field error on %s", tc.name, err, tc.field)
		}
		got, err := st.Order(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameTree(t, "save, "+tc.name+": stored order", o, got)
		if after := countRows(t, st); !equalCounts(rows, after) {
			t.Errorf("save, %s: row counts %v → %v", tc.name, rows, after)
		}
	}
}

func equalCounts(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}

// TestOrderDemoData stores the demo generator's orders and returns (what `orderdesk seed`
// does) and reads each back unchanged.
func TestOrderDemoData(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	by := store.Actor{Label: "demo data", Source: store.SourceCLI}
	orders := demo.NewGenerator(7, testDay, order.DefaultStatusRules()).Orders(60)
	start := time.Now()
	for i, d := range orders {
		if err := st.CreateOrder(ctx, by, d.Order); err != nil {
			t.Fatalf("demo order %d (%s): %v", i, d.Scenario, err)
		}
		for _, r := range d.Returns {
			if err := st.CreateReturn(ctx, by, &r); err != nil {
				t.Fatalf("return of demo order %d: %v", i, err)
			}
		}
	}
	created := time.Since(start)
	start = time.Now()
	for _, d := range orders {
		got, err := st.Order(ctx, d.Order.ID)
		if err != nil {
			t.Fatal(err)
		}
		sameTree(t, "demo order "+d.Order.Number, d.Order, got)
	}
	t.Logf("%d demo orders: created in %v, loaded in %v (%v per order)", len(orders), created,
		time.Since(start), time.Since(start)/time.Duration(len(orders)))
}
