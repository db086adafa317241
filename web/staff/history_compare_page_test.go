package staff

import (
	"strings"
	"testing"
	"time"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/history"
	"orderdesk/web/base"
)

// Which versions the comparison shows and how it names and links them, without a database.

func TestVersionBefore(t *testing.T) {
	sets := func(ids ...string) []store.ChangeSet {
		var out []store.ChangeSet
		for _, id := range ids {
			out = append(out, store.ChangeSet{ID: id})
		}
		return out
	}
	for _, c := range []struct {
		name string
		sets []store.ChangeSet
		toID string
		want string
	}{
		{"to a version: the newest older one", sets("cs2", "cs1"), "cs3", "cs2"},
		{"to the first version: none before", nil, "cs1", ""},
		{"to now: the one before the newest", sets("cs3", "cs2"), "", "cs2"},
		{"to now with one version: none before", sets("cs1"), "", ""},
		{"to now without history", nil, "", ""},
	} {
		if got := versionBefore(c.sets, c.toID); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestCompareSides(t *testing.T) {
	cur := &order.CustomerOrder{Operation: order.Operation{ID: "o1", Number: "CO-1", Currency: "EUR", Status: order.OrderNew}, Version: 7}
	rs := []order.Return{{}}
	now := compareNow("o1", cur, rs)
	if now.o != cur || len(now.returns) != 1 || now.ver.Label != "Now (version 7)" || now.ver.URL != "/orders/o1" || now.ver.Detail != "" {
		t.Errorf("now: %+v", now)
	}
	old := &order.CustomerOrder{Operation: order.Operation{ID: "o1"}, Version: 4}
	cs := store.ChangeSet{ID: "cs4", OccurredAt: time.Date(2026, 2, 3, 10, 0, 0, 0, time.UTC), ActorName: "Ann", ActorLabel: "ann@example.com"}
	past := versionSide("o1", old, nil, cs)
	if past.o != old || past.ver.Label != "Version 4" || past.ver.URL != "/orders/o1/versions/cs4" ||
		past.ver.Detail != base.When(cs.OccurredAt)+" · Ann" {
		t.Errorf("past: %+v", past)
	}
}

func TestComparePage(t *testing.T) {
	a, b := compareVersions()
	rules := order.DefaultStatusRules()
	sideA := compareSide{o: a, ver: history.Version{Label: "Version 1"}}
	sideB := compareSide{o: b, ver: history.Version{Label: "Now"}}
	for _, c := range []struct {
		fromID, toID, swap string
		prices             bool
	}{
		{"cs1", "cs2", "/orders/o1/compare?from=cs2&to=cs1", true},
		{"cs1", "", "/orders/o1/compare?from=&to=cs1", false},
		{"", "cs2", "/orders/o1/compare?from=cs2&to=", true},
	} {
		v := comparePage("o1", b, sideA, sideB, c.fromID, c.toID, c.prices, rules)
		if v.SwapURL != c.swap || v.Action != "/orders/o1/compare" {
			t.Errorf("from %q to %q: swap %q action %q, want %q", c.fromID, c.toID, v.SwapURL, v.Action, c.swap)
		}
		if v.A.Label != "Version 1" || v.B.Label != "Now" || v.Order.Number != "CO-1" || v.Order.Tab != "history" || v.ShowPrices != c.prices || v.Order.ShowPrices != c.prices {
			t.Errorf("from %q to %q: sides %+v %+v head %+v prices %v", c.fromID, c.toID, v.A, v.B, v.Order, v.ShowPrices)
		}
		// The body is compareView's: the lines A, B and C, whatever the sides are called.
		want := compareView(a, b, nil, nil, c.prices, rules)
		if len(v.Lines) != len(want.Lines) || len(v.Lines) != 3 || strings.Join(v.Sentences, "|") != strings.Join(want.Sentences, "|") {
			t.Errorf("lines %d sentences %v, want %d and %v", len(v.Lines), v.Sentences, len(want.Lines), want.Sentences)
		}
	}
}
