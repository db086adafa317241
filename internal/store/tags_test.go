package store_test

import (
	"context"
	"slices"
	"testing"

	"orderdesk/internal/store"
)

// TestTagListPaging: a tag's orders read from order_tags' key page forwards and back by keyset
// to exactly the rows a full read gives, newest first, and -tag: gives the rest.
func TestTagListPaging(t *testing.T) {
	t.Parallel()
	st, orders := listFixture(t)
	ctx := context.Background()
	by := store.Actor{Label: "test", Source: store.SourceCLI}
	var tagged []string
	for i, d := range orders {
		if i%3 != 0 {
			continue
		}
		o, err := st.Order(ctx, d.Order.ID)
		if err != nil {
			t.Fatal(err)
		}
		o.Tags = []string{"Picked", "late"}
		if err := st.SaveOrder(ctx, by, o); err != nil {
			t.Fatal(err)
		}
		tagged = append(tagged, o.ID)
	}
	all := allRows(t, st, resolve(t, "q=tag:picked"))
	if len(all) != len(tagged) {
		t.Fatalf("tag:picked lists %d, want %d", len(all), len(tagged))
	}
	for i := 1; i < len(all); i++ {
		if all[i].CreatedDate.After(all[i-1].CreatedDate) {
			t.Fatalf("not newest first at %d", i)
		}
	}
	if len(all[0].Tags) != 2 || all[0].Tags[0].Name != "late" {
		t.Errorf("chips = %+v", all[0].Tags)
	}
	q := resolve(t, "q=tag:picked+tag:LATE&n=25")
	q.PageSize = 7
	var forward []string
	page, err := st.ListOrders(ctx, q)
	for ; err == nil; page, err = st.ListOrders(ctx, q) {
		for _, r := range page.Rows {
			forward = append(forward, r.ID)
		}
		if page.Next == nil {
			break
		}
		q.After, q.Before = page.Next, nil
	}
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(forward, idsOf(all)) {
		t.Fatalf("paged forwards %d rows, not the full read's %d in order", len(forward), len(all))
	}
	// Back from the last page.
	var back []string
	for page.Prev != nil {
		q.After, q.Before = nil, page.Prev
		if page, err = st.ListOrders(ctx, q); err != nil {
			t.Fatal(err)
		}
		back = append(slices.Clone(idsOf(page.Rows)), back...)
	}
	if want := idsOf(all)[:len(back)]; !slices.Equal(back, want) {
		t.Errorf("paged back to %d rows, not the start of the full read", len(back))
	}
	n, _, err := st.CountOrders(ctx, resolve(t, "q=-tag:picked"), 1000)
	if err != nil || n != len(orders)-len(tagged) {
		t.Errorf("-tag:picked counts %d, %v; want %d", n, err, len(orders)-len(tagged))
	}
	if n, _, err := st.CountOrders(ctx, resolve(t, "q=tag:picked+tag:nosuch"), 1000); err != nil || n != 0 {
		t.Errorf("an unknown tag counts %d, %v", n, err)
	}
}

func idsOf(rows []store.ListRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out
}
