package e2e

import (
	"context"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// pageState is what a person can read on a page, panel by panel: the check that a partial
// update left the page as a fresh load of the same address would show it.
type pageState struct {
	URL        string              `json:"url"`
	Duplicates []string            `json:"duplicates"` // ids carried by more than one element
	Panels     map[string][]string `json:"panels"`     // panel (its heading's id) → the text of each copy
	Stray      []string            `json:"stray"`      // panels found inside another panel's table
	LiveOrder  bool                `json:"liveOrder"`  // the order page of the order as it is now
}

// readPageState reads the page in the browser. A panel is a section labelled by its heading;
// its text leaves out what legitimately differs from a reload: the edit forms and what they
// say (a conflict, a field's error), the "Saved" note an answer carries, and alerts.
const readPageState = `(() => {
	const seen = new Map();
	for (const el of document.querySelectorAll('[id]')) {
		if (el.id) seen.set(el.id, (seen.get(el.id) || 0) + 1);
	}
	const duplicates = [...seen].filter(([, n]) => n > 1).map(([id, n]) => id + ' ×' + n);
	const panels = {};
	const stray = [];
	const text = el => {
		const c = el.cloneNode(true);
		c.querySelectorAll('details.edit > form, dialog, template, script, .saved-note, [role="alert"]').forEach(e => e.remove());
		return c.textContent.replace(/\s+/g, ' ').trim();
	};
	for (const s of document.querySelectorAll('section[aria-labelledby]')) {
		const key = s.getAttribute('aria-labelledby');
		if (s.parentElement && s.parentElement.closest('table')) stray.push(key);
		(panels[key] = panels[key] || []).push(text(s));
	}
	const liveOrder = !!document.querySelector('[data-testid="order-page"]') && !document.querySelector('[data-testid="asof-banner"]');
	// Other pages (the list, the history) are compared whole.
	const main = document.querySelector('main');
	if (!liveOrder && main) panels['(the whole page)'] = [text(main)];
	return {url: location.href.split('#')[0], duplicates, panels, stray, liveOrder};
})()`

// countSwaps notes, in the tab's session storage (kept across page loads), the htmx updates
// a person's action caused that no assertPageIntact has looked at since: "e2e-unchecked" on
// this page, "e2e-missed" those left behind when the tab moved on to another page. Polling and
// "load" triggers carry no event and are not noted.
const countSwaps = `(function () {
	function list(key) {
		try { return JSON.parse(sessionStorage.getItem(key) || "[]"); } catch (err) { return []; }
	}
	function put(key, items) {
		try { sessionStorage.setItem(key, JSON.stringify(items.slice(-20))); } catch (err) {}
	}
	document.addEventListener('htmx:afterSettle', function (e) {
		var cfg = e.detail && e.detail.requestConfig;
		if (!cfg || !cfg.triggeringEvent) return;
		put('e2e-unchecked', list('e2e-unchecked').concat([cfg.triggeringEvent.type + ' ' + cfg.verb + ' ' + cfg.path]));
	}, true);
	window.addEventListener('pagehide', function () {
		put('e2e-missed', list('e2e-missed').concat(list('e2e-unchecked')));
		sessionStorage.removeItem('e2e-unchecked');
	});
})();`

// assertEverySwapChecked fails a browser test that made an htmx update without checking the
// page after it.
func assertEverySwapChecked(t *testing.T, ctx context.Context) {
	t.Helper()
	if t.Failed() || ctx.Err() != nil {
		return
	}
	left, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[sessionStorage.getItem('e2e-missed') || '[]', sessionStorage.getItem('e2e-unchecked') || '[]']`))
	if err == nil && (left[0] != "[]" || left[1] != "[]") {
		t.Errorf("htmx updates not followed by assertPageIntact: %s on pages left, %s on the last page", left[0], left[1])
	}
}

// orderPanels are the panels every live order page has, whatever its documents.
var orderPanels = []string{"p-header", "p-lines", "p-docs", "p-recent"}

// assertPageIntact checks the whole page after a partial (htmx) update: no id twice, every
// panel exactly once and none inside another's table, and each panel's text equal to what a
// fresh load of the same address shows (read in a second tab of the same browser, so the
// page under test keeps its state). Call it after every htmx action in a browser test.
func assertPageIntact(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	live, err := settledState(ctx)
	if err != nil {
		t.Fatalf("%s: read the page: %v", what, err)
	}
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`sessionStorage.removeItem('e2e-unchecked')`)))
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	err = chromedp.Do(tab, chromedp.Navigate(live.URL), chromedp.WaitReady(chromedp.CSS(`body`)))
	var fresh pageState
	if err == nil {
		fresh, err = settledState(tab)
	}
	if err != nil {
		t.Fatalf("%s: reload %s in a second tab: %v", what, live.URL, err)
	}
	for _, problem := range comparePageStates(live, fresh) {
		t.Errorf("%s: %s", what, problem)
	}
}

// settledState reads the page once htmx is done with it: no request out, nothing swapping or
// settling (a page's own "load" requests included), and two readings a moment apart agree.
func settledState(ctx context.Context) (pageState, error) {
	const busy = `!!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')`
	var last pageState
	for i := 0; i < 40; i++ {
		b, err := chromedp.Run(ctx, chromedp.Evaluate[bool](busy))
		if err != nil {
			return last, err
		}
		if !b {
			st, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](readPageState))
			if err != nil {
				return last, err
			}
			if i > 0 && reflect.DeepEqual(st, last) {
				return st, nil
			}
			last = st
		}
		time.Sleep(150 * time.Millisecond)
	}
	return last, nil
}

// comparePageStates lists how the page after an update differs from a fresh load of it.
func comparePageStates(live, fresh pageState) []string {
	var problems []string
	if len(live.Duplicates) > 0 {
		problems = append(problems, "ids used more than once: "+strings.Join(live.Duplicates, ", "))
	}
	if len(live.Stray) > 0 {
		problems = append(problems, "panels inside a table: "+strings.Join(live.Stray, ", "))
	}
	if fresh.LiveOrder {
		for _, p := range orderPanels {
			if len(fresh.Panels[p]) == 0 {
				problems = append(problems, "a fresh load of the order page has no panel "+p)
			}
		}
	}
	keys := make([]string, 0, len(fresh.Panels)+len(live.Panels))
	for k := range fresh.Panels {
		keys = append(keys, k)
	}
	for k := range live.Panels {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range slices.Compact(keys) {
		got, want := live.Panels[k], fresh.Panels[k]
		switch {
		case len(got) != len(want):
			problems = append(problems, k+": shown "+count(len(got))+", a fresh load shows it "+count(len(want)))
		case len(got) > 1:
			problems = append(problems, k+": shown "+count(len(got)))
		case len(got) == 1 && got[0] != want[0]:
			problems = append(problems, k+": text differs from a fresh load\n  page:   "+got[0]+"\n  reload: "+want[0])
		}
	}
	return problems
}

func count(n int) string {
	switch n {
	case 0:
		return "nowhere"
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return strconv.Itoa(n) + " times"
}
