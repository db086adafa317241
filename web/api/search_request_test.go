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
		sort   string
		prices bool
		keys   string // column and direction of each key, "created:desc,number:asc"
		fail   bool
	}{
		{"", false, "created:desc", false},
		{"number", false, "number:asc", false},
		{"createdDate:desc;number", false, "created:desc,number:asc", false},
		{" CustomerName : DESC ", false, "customer:desc", false},
		{"employeeName:asc", false, "assignee:asc", false},
		{"status;modifiedDate:desc;outerId", false, "status:asc,modified:desc,outerid:asc", false},
		{"total:desc", true, "total:desc", false},
		{"total:desc", false, "", true},
		{"number;subTotal", false, "", true},
		{"colour", true, "", true},
		{";;", false, "created:desc", false},
	} {
		keys, problem := searchSort(c.sort, c.prices)
		var got []string
		for _, k := range keys {
			got = append(got, k.Column+map[bool]string{false: ":asc", true: ":desc"}[k.Desc])
		}
		if strings.Join(got, ",") != c.keys || (problem != "") != c.fail {
			t.Errorf("sort %q (prices %v) = %v problem %q; want %q failing %v", c.sort, c.prices, got, problem, c.keys, c.fail)
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
		{"defaults: Virto's Full", searchCriteria{}, false, 20, true, nil},
		{"take 0", searchCriteria{Take: n(0)}, false, 0, true, nil},
		{"headers take 100", searchCriteria{Take: n(100), ResponseGroup: "Default"}, false, 100, false, nil},
		{"headers take no more", searchCriteria{Take: n(101), ResponseGroup: "Default"}, false, 101, false, []string{"take"}},
		{"whole orders take 100", searchCriteria{Take: n(100)}, false, 100, true, nil},
		{"full takes 100", searchCriteria{Take: n(100), ResponseGroup: "WithItems,Full"}, false, 100, true, nil},
		{"full takes no more", searchCriteria{Take: n(101), ResponseGroup: "full"}, false, 101, true, []string{"take"}},
		{"negative take and skip", searchCriteria{Take: n(-1), Skip: -1}, false, -1, true, []string{"take", "skip"}},
		{"skip beyond", searchCriteria{Skip: 10001}, false, 20, true, []string{"skip"}},
		{"total without prices", searchCriteria{Sort: "total"}, false, 20, true, []string{"sort"}},
		{"bad keyword", searchCriteria{Keyword: "nosuchfield:x"}, true, 20, true, []string{"keyword"}},
		{"numbers leave the keyword out", searchCriteria{Keyword: "nosuchfield:x", Number: "CO1"}, true, 20, true, nil},
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
	if !q.CreatedFrom.Equal(start) || q.CreatedFrom.Location() != time.UTC || !q.CreatedTo.Equal(end.Add(time.Microsecond)) || q.CreatedTo.Location() != time.UTC {
		t.Errorf("dates %v..%v, want %v..%v (inclusive) in UTC", q.CreatedFrom, q.CreatedTo, start, end)
	}
	if !q.WithoutPrototypes {
		t.Error("prototypes are searched without withPrototypes")
	}
	if q.Sort != "number" || !q.Desc || strings.Join(q.CustomerIDs, ",") != "c1,c2" || strings.Join(q.Statuses, ",") != "New" || strings.Join(q.StoreIDs, ",") != "s1" || req.skip != 40 {
		t.Errorf("query %+v", q)
	}
}

// TestSearchRequestCarriesVirtosCriteria: every criterion of Virto's CustomerOrderSearchCriteria
// reaches the query; the single-value twins join their lists.
func TestSearchRequestCarriesVirtosCriteria(t *testing.T) {
	yes := true
	req, bad := searchRequestOf(searchCriteria{
		IDs: []string{"o1"}, OuterIDs: []string{"x1"}, Number: "CO2", Numbers: []string{"CO1"},
		Status: "Paid", Statuses: []string{"New"}, CustomerID: "c2", CustomerIDs: []string{"c1"},
		EmployeeID: " e1 ", OrganizationID: "g2", OrganizationIDs: []string{"g1"}, WithPrototypes: true,
		OnlyRecurring: true, SubscriptionID: "s2", SubscriptionIDs: []string{"s1"}, ProductID: "p1",
		PromotionID: "pr1", HasParentOperation: &yes, ParentOperationID: "op1", Sort: "number;createdDate:desc",
	}, time.Now(), listing.Viewer{})
	if bad != nil {
		t.Fatalf("error %+v", bad)
	}
	q := req.q
	for name, got := range map[string][]string{
		"ids o1": q.IDs, "outer x1": q.OuterIDs, "numbers CO1,CO2": q.Numbers, "statuses New,Paid": q.Statuses,
		"customers c1,c2": q.CustomerIDs, "organizations g1,g2": q.OrganizationIDs, "subscriptions s1,s2": q.SubscriptionIDs,
		"promotions pr1": q.PromotionIDs,
	} {
		want := strings.Fields(name)[1]
		if strings.Join(got, ",") != want {
			t.Errorf("%s: got %v", name, got)
		}
	}
	if q.EmployeeID != "e1" || q.WithoutPrototypes || !q.OnlyRecurring || q.ProductID != "p1" ||
		q.HasParentOperation == nil || !*q.HasParentOperation || q.ParentOperationID != "op1" {
		t.Errorf("query %+v", q)
	}
	if q.Sort != "number" || q.Desc || len(q.ThenBy) != 1 || q.ThenBy[0] != (listing.SortKey{Column: "created", Desc: true}) {
		t.Errorf("sort %q desc %v then %v", q.Sort, q.Desc, q.ThenBy)
	}
}

func TestRowVersionRoundTrips(t *testing.T) {
	for _, v := range []int{0, 1, 2, 255, 256, 1 << 20} {
		got, ok := versionOfRow(rowVersion(v))
		if !ok || got != v {
			t.Errorf("version %d: row version %q reads back as %d %v", v, rowVersion(v), got, ok)
		}
	}
	for _, bad := range []string{"", "AAAA", "not base64!", "AAAAAAAAAAAAAAAA", "/////////w=="} {
		if v, ok := versionOfRow(bad); ok {
			t.Errorf("%q read as version %d", bad, v)
		}
	}
}
