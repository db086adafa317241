package listing

import (
	"net/url"
	"slices"
	"testing"
	"time"
)

// TestCustomerIDFilter: ?customer_id= names one customer's orders exactly, survives the trip
// back to the URL, and resolves to the store's customer id filter; without it there is none.
func TestCustomerIDFilter(t *testing.T) {
	f := FromValues(url.Values{"customer_id": {" cust-42 "}, "status": {"New"}})
	if f.CustomerID != "cust-42" {
		t.Fatalf("CustomerID %q", f.CustomerID)
	}
	if got := f.Values().Get("customer_id"); got != "cust-42" {
		t.Errorf("Values customer_id %q", got)
	}
	q, probs := Resolve(f, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), Viewer{})
	if len(probs) > 0 || !slices.Equal(q.CustomerIDs, []string{"cust-42"}) || q.CustomerText != "" {
		t.Errorf("resolved %v %q, problems %v", q.CustomerIDs, q.CustomerText, probs)
	}
	if q, _ := Resolve(FromValues(url.Values{}), time.Now(), Viewer{}); q.CustomerIDs != nil {
		t.Errorf("no filter resolved to %v", q.CustomerIDs)
	}
}
