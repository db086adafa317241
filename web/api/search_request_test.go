package api

import (
	"strings"
	"testing"
	"time"

	"orderdesk/internal/listing"
)

// The search API's criteria checked without a database.

func TestSearchSort(t *testing.T) {
	for _, c := range []struct {
		sort       string
		prices     bool
		col        string
		desc, fail bool
	}{
		{"", false, "created", true, false},
		{"number", false, "number", false, false},
		{"createdDate:desc;number", false, "created", true, false},
		{" CustomerName : DESC ", false, "customer", true, false},
		{"employeeName:asc", false, "assignee", false, false},
		{"total:desc", true, "total", true, false},
		{"total:desc", false, "total", true, true},
		{"colour", true, "", false, true},
	} {
		col, desc, problem := searchSort(c.sort, c.prices)
		if col != c.col || desc != c.desc || (problem != "") != c.fail {
			t.Errorf("sort %q (prices %v) = %q desc %v problem %q; want %q desc %v failing %v", c.sort, c.prices, col, desc, problem, c.col, c.desc, c.fail)
		}
	}
}

func TestSearchRequestOf(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	n := func(i int) *int { return &i }
	start := time.Date(2026, 1, 1, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	for _, c := range []struct {
		name      string
		c         searchCriteria
		prices    bool
		take      int
		full      bool
		badFields []string // the errors' keys, in no particular order; empty when valid
	}{
		{"defaults", searchCriteria{}, false, 20, false, nil},
		{"take 0", searchCriteria{Take: n(0)}, false, 0, false, nil},
		{"take 100", searchCriteria{Take: n(100)}, false, 100, false, nil},
		{"take 101", searchCriteria{Take: n(101)}, false, 101, false, []string{"take"}},
		{"full takes 50", searchCriteria{Take: n(50), ResponseGroup: "WithItems,Full"}, false, 50, true, nil},
		{"full takes no more", searchCriteria{Take: n(51), ResponseGroup: "full"}, false, 51, true, []string{"take"}},
		{"negative take and skip", searchCriteria{Take: n(-1), Skip: -1}, false, -1, false, []string{"take", "skip"}},
		{"skip beyond", searchCriteria{Skip: 10001}, false, 20, false, []string{"skip"}},
		{"total without prices", searchCriteria{Sort: "total"}, false, 20, false, []string{"sort"}},
		{"bad keyword", searchCriteria{Keyword: "nosuchfield:x"}, true, 20, false, []string{"keyword"}},
	} {
		req, bad := searchRequestOf(c.c, now, listing.Viewer{ShowPrices: c.prices})
		if (bad != nil) != (len(c.badFields) > 0) {
			t.Errorf("%s: error %+v, want errors on %v", c.name, bad, c.badFields)
			continue
		}
		if bad != nil {
			if len(bad.Errors) != len(c.badFields) || bad.Message == "" {
				t.Errorf("%s: errors %v, want on %v", c.name, bad.Errors, c.badFields)
			}
			for _, f := range c.badFields {
				if bad.Errors[f] == "" {
					t.Errorf("%s: no error on %s in %v", c.name, f, bad.Errors)
				}
			}
			continue
		}
		if req.take != c.take || req.full != c.full || req.skip != c.c.Skip {
			t.Errorf("%s: take %d full %v skip %d, want %d %v %d", c.name, req.take, req.full, req.skip, c.take, c.full, c.c.Skip)
		}
	}

	// A valid search carries its criteria into the list's query, dates in UTC.
	end := start.AddDate(0, 1, 0)
	req, bad := searchRequestOf(searchCriteria{Keyword: "  anna  ", Statuses: []string{"New"}, StoreIDs: []string{"s1"}, CustomerIDs: []string{"c1", "c2"},
		StartDate: &start, EndDate: &end, Sort: "number:desc", Skip: 40}, now, listing.Viewer{})
	if bad != nil {
		t.Fatalf("error %+v", bad)
	}
	q := req.q
	if !q.CreatedFrom.Equal(start) || q.CreatedFrom.Location() != time.UTC || !q.CreatedTo.Equal(end) || q.CreatedTo.Location() != time.UTC {
		t.Errorf("dates %v..%v, want %v..%v in UTC", q.CreatedFrom, q.CreatedTo, start, end)
	}
	if q.Sort != "number" || !q.Desc || strings.Join(q.CustomerIDs, ",") != "c1,c2" || strings.Join(q.Statuses, ",") != "New" || strings.Join(q.StoreIDs, ",") != "s1" || req.skip != 40 {
		t.Errorf("query %+v", q)
	}
}
