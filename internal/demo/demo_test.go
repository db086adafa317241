package demo

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"orderdesk/internal/order"
	"orderdesk/internal/pricing"
)

var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// check prepares a demo order as the store does on save (ids, numbers from a counter that never
// repeats, transaction ids, totals) and returns every rule it breaks: the domain's validation,
// the document count, its returns' validation, and dates — none after now, none before the
// order was placed.
func check(d Order, now time.Time, next func(order.DocumentType) (string, error)) []string {
	o := d.Order
	o.EnsureIDs()
	if err := o.AssignNumbers(next); err != nil {
		return []string{err.Error()}
	}
	order.FillTransactionIDs(o)
	order.Recalculate(o, order.CurrencyFor(o.Currency))
	var problems []string
	for _, err := range []error{order.ValidateOrder(o), order.ValidateDocumentCount(o, 20)} {
		if err != nil {
			problems = append(problems, err.Error())
		}
	}
	var before []order.Return
	for i := range d.Returns {
		r := &d.Returns[i]
		r.EnsureIDs()
		r.Number, _ = next(order.TypeReturn)
		if err := order.ValidateReturn(r, o, before); err != nil {
			problems = append(problems, "return: "+err.Error())
		}
		if r.RefundID != "" && order.ReturnRefunded(o, r) == nil {
			problems = append(problems, "return: its refund "+r.RefundID+" is not on the order")
		}
		before = append(before, *r)
	}
	walkTimes(reflect.ValueOf(d), "order", func(path string, t time.Time) {
		if t.After(now) {
			problems = append(problems, fmt.Sprintf("%s is %s, after now (%s)", path, t.Format(time.RFC3339), now.Format(time.RFC3339)))
		}
		if t.Before(o.CreatedDate) {
			problems = append(problems, fmt.Sprintf("%s is %s, before the order was placed (%s)", path, t.Format(time.RFC3339), o.CreatedDate.Format(time.RFC3339)))
		}
	})
	return problems
}

// walkTimes calls fn with every non-zero time.Time reachable from v (fields, pointers, slices).
func walkTimes(v reflect.Value, path string, fn func(string, time.Time)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkTimes(v.Elem(), path, fn)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkTimes(v.Index(i), fmt.Sprintf("%s[%d]", path, i), fn)
		}
	case reflect.Struct:
		if t, ok := v.Interface().(time.Time); ok {
			if !t.IsZero() {
				fn(path, t)
			}
			return
		}
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				walkTimes(v.Field(i), path+"."+f.Name, fn)
			}
		}
	}
}

// counter numbers documents the way the store does: never the same number twice.
func counter() func(order.DocumentType) (string, error) {
	n := 0
	return func(dt order.DocumentType) (string, error) { n++; return fmt.Sprintf("%s-%d", dt, n), nil }
}

// TestEveryGeneratedOrderIsValid is a property of the generator over many seeds and counts,
// the seed command's included: every order it makes passes the domain's validation, with its
// returns, and is dated between its creation and now. (`orderdesk seed --orders 5000` once
// stopped at order 532: a return refunded more than the Swiss cash-rounded total captured.)
func TestEveryGeneratedOrderIsValid(t *testing.T) {
	runs := []struct {
		seed  uint64
		count int
	}{{20261123, 5000}, {7, 200}, {1, 1}, {2, 11}}
	for seed := uint64(100); seed < 130; seed++ {
		runs = append(runs, struct {
			seed  uint64
			count int
		}{seed, 400})
	}
	for _, run := range runs {
		now := testNow.Add(time.Duration(run.seed%1000) * 37 * time.Minute)
		next := counter()
		for i, d := range NewGenerator(run.seed, now, order.DefaultStatusRules()).Orders(run.count) {
			if problems := check(d, now, next); len(problems) > 0 {
				t.Fatalf("seed %d, order %d of %d (%s, %s): %v", run.seed, i+1, run.count, d.Scenario, d.Order.StoreID, problems)
			}
		}
	}
}

func TestDemoOrdersCoverEveryDocumentType(t *testing.T) {
	orders := NewGenerator(7, testNow, order.DefaultStatusRules()).Orders(200)
	seen := map[Scenario]int{}
	counts := map[string]int{}
	stores := map[string]bool{}
	for _, d := range orders {
		o := d.Order
		seen[d.Scenario]++
		stores[o.StoreID+"/"+o.Currency] = true
		order.Recalculate(o, order.CurrencyFor(o.Currency))
		if !o.Total.IsPositive() {
			t.Errorf("%s: total %s", d.Scenario, o.Total)
		}
		if o.CreatedDate.Before(testNow.AddDate(0, 0, -121)) {
			t.Errorf("%s: created %s, outside the last 120 days", d.Scenario, o.CreatedDate)
		}
		if o.CreatedBy != "storefront" {
			t.Errorf("%s: created by %q, want the storefront", d.Scenario, o.CreatedBy)
		}
		counts["shipment"] += len(o.Shipments)
		if len(o.Shipments) > 1 {
			counts["split"]++
		}
		for _, p := range o.InPayments {
			counts["payment"]++
			counts["capture"] += len(p.Captures)
			counts["refund"] += len(p.Refunds)
			counts["transaction"] += len(p.Transactions)
			if p.CapturedAmount().IsPositive() && p.CapturedAmount().LessThan(p.Sum) {
				counts["partial capture"]++
			}
		}
		if o.IsCancelled {
			counts["cancelled"]++
		}
		if groupOf(o) == CustomerGroupWholesale {
			counts["customer group"]++
		}
		for _, r := range d.Returns {
			counts["return"]++
			if r.RefundID != "" {
				counts["refunded return"]++
			}
		}
	}
	if len(seen) != len(scenarios) {
		t.Errorf("scenarios seen %v, want all %d", seen, len(scenarios))
	}
	if len(stores) != len(Stores) {
		t.Errorf("stores/currencies %v, want %d", stores, len(Stores))
	}
	for _, k := range []string{"shipment", "split", "payment", "capture", "partial capture", "refund", "transaction", "cancelled", "return", "refunded return", "customer group"} {
		if counts[k] == 0 {
			t.Errorf("no %s in 200 demo orders (%v)", k, counts)
		}
	}

	again := NewGenerator(7, testNow, order.DefaultStatusRules()).Orders(200)
	for i := range again {
		a, b := again[i].Order, orders[i].Order
		if a.CustomerName != b.CustomerName || !a.CreatedDate.Equal(b.CreatedDate) || !reflect.DeepEqual(again[i].Scenario, orders[i].Scenario) {
			t.Fatalf("order %d differs between two runs with the same seed: the generator is not deterministic", i)
		}
		if i > 0 && a.CreatedDate.Before(again[i-1].Order.CreatedDate) {
			t.Fatalf("order %d is older than order %d: not oldest first", i, i-1)
		}
	}
}

func groupOf(o *order.CustomerOrder) string {
	for _, p := range o.DynamicProperties {
		if p.Name == "CustomerGroup" && len(p.Values) > 0 {
			return p.Values[0].ShortText
		}
	}
	return ""
}

// TestDemoCatalogPricesEveryDemoLine: every SKU the demo orders sell is in the catalog, and the
// catalog prices it for the order's store, currency and customer group (the group's list for
// wholesale customers), with tiers that lower the price for more units.
func TestDemoCatalogPricesEveryDemoLine(t *testing.T) {
	c := DemoCatalog()
	products := map[string]CatalogProduct{}
	for _, p := range c.Products {
		products[p.ID] = p
	}
	priceOf := func(o *order.CustomerOrder, productID string, qty int) pricing.Price {
		var tiers []pricing.Tier
		for _, p := range c.Prices {
			if p.ProductID == productID {
				tiers = append(tiers, p.Tier)
			}
		}
		var discounts []pricing.Discount
		for _, d := range c.Discounts {
			if d.ProductID == productID {
				discounts = append(discounts, d.Discount)
			}
		}
		req := pricing.Request{Currency: o.Currency, StoreID: o.StoreID, CustomerGroup: groupOf(o), Quantity: qty, At: testNow}
		return pricing.Resolve(req, c.Lists, tiers, discounts)
	}
	lines := 0
	for _, d := range NewGenerator(7, testNow, order.DefaultStatusRules()).Orders(400) {
		o := d.Order
		for _, li := range o.Items {
			lines++
			p, ok := products[li.ProductID]
			if !ok || p.SKU != li.Sku {
				t.Fatalf("%s of %s is not in the catalog (as %s)", li.Sku, o.StoreID, li.ProductID)
			}
			price := priceOf(o, li.ProductID, li.Quantity)
			st := storeOf(o.StoreID)
			wantList := StoreListID(st)
			if groupOf(o) == CustomerGroupWholesale {
				wantList = WholesaleListID(st)
			}
			if !price.Found || price.ListID != wantList {
				t.Fatalf("%s in %s (%s, group %q): price %+v, want one from %s", li.Sku, o.StoreID, o.Currency, groupOf(o), price, wantList)
			}
			if groupOf(o) == "" {
				one, ten := priceOf(o, li.ProductID, 1), priceOf(o, li.ProductID, 10)
				if !ten.ListPrice.LessThan(one.ListPrice) {
					t.Errorf("%s: 10 units cost %s each, 1 unit %s: no quantity tier", li.Sku, ten.ListPrice, one.ListPrice)
				}
			}
		}
	}
	if lines == 0 {
		t.Fatal("no lines")
	}
	if len(c.Discounts) == 0 {
		t.Error("no product discount in the demo catalog")
	}
}

func storeOf(id string) Store {
	for _, st := range Stores {
		if st.ID == id {
			return st
		}
	}
	return Store{}
}
