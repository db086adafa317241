package staff

import (
	"net/url"
	"testing"

	"github.com/shopspring/decimal"

	"orderdesk/internal/merge"
	"orderdesk/internal/order"
)

// The line form read and merged without a database.

func lineFormOrder() (*order.CustomerOrder, editForm) {
	o := &order.CustomerOrder{}
	o.ID, o.Currency = "O1", "EUR"
	o.Items = []order.LineItem{{ID: "L1", Quantity: 2, Price: decimal.RequireFromString("10.50")}}
	return o, lineForm(o, "L1", editOptions{}, true)
}

func emptyState() *formState {
	return &formState{raw: map[string]string{}, errs: map[string]string{}, orig: map[string]string{}}
}

func TestReadEditValues(t *testing.T) {
	o, ef := lineFormOrder()
	cur := order.CurrencyFor(o.Currency)
	st := emptyState()
	mine := readEditValues(ef, url.Values{
		"quantity": {"3"}, "orig.quantity": {"2"},
		"price": {"10.50"}, "orig.price": {"10.5"}, // left as shown: the original is kept as it is
		"fee": {"lots"},
	}, st, cur)
	if mine["quantity"] != "3" || mine["price"] != "10.5" {
		t.Errorf("mine %v: want quantity 3 and the untouched price as its original", mine)
	}
	if _, sent := mine["discountAmount"]; sent {
		t.Error("a field not sent is read")
	}
	if st.errs["fee"] == "" || st.raw["fee"] != "lots" || st.orig["quantity"] != "2" {
		t.Errorf("state: errs %v raw %v orig %v", st.errs, st.raw, st.orig)
	}
}

func TestMergeFieldsAndApply(t *testing.T) {
	o, ef := lineFormOrder()
	o.Items[0].Quantity = 5 // someone else saved 5 since the form showed 2
	form := url.Values{"seen.price": {"10.5"}}
	fields := mergeFields(ef, o, map[string]string{"quantity": "3", "price": "12"}, map[string]string{"quantity": "2", "price": "10.5"}, form)
	if len(fields) != 2 {
		t.Fatalf("fields %+v", fields)
	}
	res := merge.Decide(fields, merge.Ask)
	if len(res.Conflicts) != 1 || res.Conflicts[0].Name != "quantity" || res.Conflicts[0].Theirs != "5" {
		t.Errorf("conflicts %+v: want quantity, both changed", res.Conflicts)
	}
	if len(res.Apply) != 1 || res.Apply[0].Name != "price" {
		t.Fatalf("apply %+v: want price, changed only here", res.Apply)
	}
	applyFields(ef, o, res.Apply)
	if !o.Items[0].Price.Equal(decimal.RequireFromString("12")) || o.Items[0].Quantity != 5 {
		t.Errorf("line after apply: price %s quantity %d", o.Items[0].Price, o.Items[0].Quantity)
	}
	for form, want := range map[string]merge.Prefer{"mine": merge.Mine, "theirs": merge.Theirs, "": merge.Ask, "other": merge.Ask} {
		if got := preferOf(url.Values{"resolve": {form}}); got != want {
			t.Errorf("resolve=%q: %v", form, got)
		}
	}
}
