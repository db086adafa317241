package listing

import (
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 11, 23, 15, 4, 5, 0, time.UTC)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestPresetRange(t *testing.T) {
	tests := []struct {
		key      string
		from, to time.Time
	}{
		{"today", day(2026, 11, 23), day(2026, 11, 24)},
		{"yesterday", day(2026, 11, 22), day(2026, 11, 23)},
		{"7d", day(2026, 11, 17), day(2026, 11, 24)},
		{"this-month", day(2026, 11, 1), day(2026, 12, 1)},
		{"last-month", day(2026, 10, 1), day(2026, 11, 1)},
		{"last-year", day(2025, 1, 1), day(2026, 1, 1)},
	}
	for _, tt := range tests {
		from, to := PresetRange(tt.key, now)
		if !from.Equal(tt.from) || !to.Equal(tt.to) {
			t.Errorf("%s = %v..%v, want %v..%v", tt.key, from, to, tt.from, tt.to)
		}
	}
	if from, _ := PresetRange("last-month", time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC)); !from.Equal(day(2026, 12, 1)) {
		t.Errorf("last month in January starts %v", from)
	}
}

func TestFilterValuesRoundTrip(t *testing.T) {
	for _, raw := range []string{
		"",
		"q=jane&status=New&status=Processing&store=s1&pay=paid&unshipped=1&cancelled=no",
		"created=7d&col=number&col=total&sort=-total&n=100",
		"from=2026-11-01&to=2026-11-20&min=10&max=99.5&returns=open&assignee=me",
	} {
		v, _ := url.ParseQuery(raw)
		f := FromValues(v)
		if got := FromValues(f.Values()); !reflect.DeepEqual(got, f) {
			t.Errorf("%q: round trip %+v != %+v", raw, got, f)
		}
	}
	// Defaults and junk are left out of URLs.
	v, _ := url.ParseQuery("col=number&col=customer&col=store&col=total&col=status&col=payment&col=shipping&col=created&n=50&sort=bogus&pay=free&assignee=you")
	if got := FromValues(v).Values().Encode(); got != "" {
		t.Errorf("default filter encodes as %q", got)
	}
}

func TestResolve(t *testing.T) {
	who := Viewer{UserID: "u1", ShowPrices: true}
	resolve := func(raw string, w Viewer) (Query, []Problem) {
		v, _ := url.ParseQuery(raw)
		return Resolve(FromValues(v), now, w)
	}

	q, probs := resolve("q=status:New+sku:ABC-1+customer:%22Jane+Doe%22+created:2026-11-01..2026-11-20+total:>100+blue", who)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if !reflect.DeepEqual(q.Statuses, []string{"New"}) || !reflect.DeepEqual(q.SKUs, []string{"ABC-1"}) ||
		q.CustomerText != "+jane* +doe*" || q.Text != "+blue*" ||
		!q.CreatedFrom.Equal(day(2026, 11, 1)) || !q.CreatedTo.Equal(day(2026, 11, 21)) ||
		q.TotalMin == nil || q.TotalMin.String() != "100" || q.TotalMax != nil {
		t.Errorf("field syntax resolved to %+v", q)
	}
	if q.Sort != "relevance" || !q.Desc {
		t.Errorf("a text search sorts by relevance, got %s desc=%v", q.Sort, q.Desc)
	}

	q, _ = resolve("", who)
	if q.Sort != "created" || !q.Desc || q.PageSize != DefaultPageSize {
		t.Errorf("default sort %s desc=%v size %d", q.Sort, q.Desc, q.PageSize)
	}

	// Without prices, money neither filters nor sorts.
	q, probs = resolve("min=100&sort=-total&q=total:>5", Viewer{UserID: "u1"})
	if q.TotalMin != nil || q.Sort != "created" || len(probs) != 0 {
		t.Errorf("a viewer without prices got total filters or sort: %+v %v", q, probs)
	}

	// Bad values are reported at their field; the rest still applies.
	_, probs = resolve("from=23.11.2026&min=lots&status=New&q=stauts:New+created:soon", who)
	fields := map[string]int{}
	for _, p := range probs {
		fields[p.Field]++
	}
	if fields["from"] != 1 || fields["min"] != 1 || fields["q"] != 2 {
		t.Errorf("problems %+v", probs)
	}

	q, _ = resolve("assignee=me", who)
	if q.AssigneeID != "u1" {
		t.Errorf("mine = %q", q.AssigneeID)
	}
	q, _ = resolve("q=assignee:none+is:unpaid+has:returns", who)
	if q.AssigneeID != "-" || !q.Unpaid || !q.OpenReturns {
		t.Errorf("is/has/assignee fields: %+v", q)
	}
}

func TestCursor(t *testing.T) {
	c := Cursor{Value: "Jane", Created: now, ID: "01J"}
	got, err := DecodeCursor(c.Encode())
	if err != nil || !reflect.DeepEqual(*got, c) {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	for _, bad := range []string{"", "!!", "e30"} {
		if _, err := DecodeCursor(bad); err != ErrBadCursor {
			t.Errorf("DecodeCursor(%q) = %v", bad, err)
		}
	}
}

// TestViewDeletableBy: owners delete their views, administrators also shared ones; nobody
// deletes another's private view or a built-in queue.
func TestViewDeletableBy(t *testing.T) {
	own := View{ID: "v1", Owner: "ann"}
	shared := View{ID: "v2", Owner: "ann", Shared: true}
	for _, c := range []struct {
		v     View
		user  string
		admin bool
		want  bool
	}{
		{own, "ann", false, true},
		{own, "bob", false, false},
		{own, "bob", true, false}, // private stays private, even to administrators
		{shared, "ann", false, true},
		{shared, "bob", false, false},
		{shared, "bob", true, true},
		{BuiltinViews[0], "ann", true, false},
		{BuiltinViews[0], "", false, false},
	} {
		if got := c.v.DeletableBy(c.user, c.admin); got != c.want {
			t.Errorf("%+v DeletableBy(%q, admin=%v) = %v, want %v", c.v, c.user, c.admin, got, c.want)
		}
	}
}

// Tags travel in the URL as tag=name (tag=-name without it) and in the keyword box as tag: and
// -tag:, into the query's Tags and NotTags.
func TestTagFilters(t *testing.T) {
	f := FromValues(url.Values{"tag": {"urgent", "-on hold"}, "q": {`tag:vip -tag:"late one"`}})
	if got := f.Values(); !slices.Equal(got["tag"], []string{"urgent", "-on hold"}) {
		t.Errorf("URL tags = %q", got["tag"])
	}
	q, probs := Resolve(f, time.Now(), Viewer{})
	if len(probs) > 0 || !slices.Equal(q.Tags, []string{"urgent", "vip"}) || !slices.Equal(q.NotTags, []string{"on hold", "late one"}) {
		t.Errorf("tags %q, not %q, problems %v", q.Tags, q.NotTags, probs)
	}
	if _, probs := Resolve(FromValues(url.Values{"q": {"-status:New"}}), time.Now(), Viewer{}); len(probs) != 1 || !strings.Contains(probs[0].Message, "only tag:") {
		t.Errorf("-status: problems %v", probs)
	}
}
