package e2e

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// pageState is what a person can read on a page, panel by panel: the check that a partial
// update left the page as a fresh load of the same address would show it.
type pageState struct {
	URL        string              `json:"url"`
	Duplicates []string            `json:"duplicates"` // ids carried by more than one element
	Panels     map[string][]string `json:"panels"`     // panel (its heading's id) → the text of each copy
	Stray      []string            `json:"stray"`      // panels found inside another panel's table
}

// readPageState reads the page in the browser. A panel is a section labelled by its heading;
// its text leaves out what legitimately differs from a reload: open forms and what they say
// (a conflict, a field's error), the "Saved" note under a form, and flashes.
const readPageState = `(() => {
	const seen = new Map();
	for (const el of document.querySelectorAll('[id]')) {
		if (el.id) seen.set(el.id, (seen.get(el.id) || 0) + 1);
	}
	const duplicates = [...seen].filter(([, n]) => n > 1).map(([id, n]) => id + ' ×' + n);
	const panels = {};
	const stray = [];
	for (const s of document.querySelectorAll('section[aria-labelledby]')) {
		const key = s.getAttribute('aria-labelledby');
		if (s.parentElement && s.parentElement.closest('table')) stray.push(key);
		const c = s.cloneNode(true);
		c.querySelectorAll('form, dialog, template, script, [data-testid="saved-note"], [role="alert"]').forEach(e => e.remove());
		(panels[key] = panels[key] || []).push(c.textContent.replace(/\s+/g, ' ').trim());
	}
	return {url: location.href.split('#')[0], duplicates, panels, stray};
})()`

// countSwaps counts, in the tab's session storage (kept across page loads), the htmx updates
// a person's action caused that no assertPageIntact has looked at: "e2e-unchecked" on this
// page, "e2e-missed" those left behind when the tab moved on to another page. Polling and
// "load" triggers carry no event and are not counted.
const countSwaps = `(function () {
	function add(key, n) {
		try { sessionStorage.setItem(key, String(Number(sessionStorage.getItem(key) || 0) + n)); } catch (err) {}
	}
	document.addEventListener('htmx:afterSettle', function (e) {
		var cfg = e.detail && e.detail.requestConfig;
		if (cfg && cfg.triggeringEvent) add('e2e-unchecked', 1);
	}, true);
	window.addEventListener('pagehide', function () {
		add('e2e-missed', Number(sessionStorage.getItem('e2e-unchecked') || 0));
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
	n, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[Number(sessionStorage.getItem('e2e-unchecked') || 0), Number(sessionStorage.getItem('e2e-missed') || 0)]`))
	if err == nil && n[0]+n[1] > 0 {
		t.Errorf("htmx updates not followed by assertPageIntact: %d on the last page, %d on pages left before", n[0], n[1])
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
	live, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](readPageState))
	if err != nil {
		t.Fatalf("%s: read the page: %v", what, err)
	}
	must(t, chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`sessionStorage.removeItem('e2e-unchecked')`)))
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	err = chromedp.Do(tab, chromedp.Navigate(live.URL), chromedp.WaitReady(chromedp.CSS(`body`)))
	var fresh pageState
	if err == nil {
		fresh, err = chromedp.Run(tab, chromedp.Evaluate[pageState](readPageState))
	}
	if err != nil {
		t.Fatalf("%s: reload %s in a second tab: %v", what, live.URL, err)
	}
	for _, problem := range comparePageStates(live, fresh) {
		t.Errorf("%s: %s", what, problem)
	}
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
	if strings.Contains(live.URL, "/orders/") {
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
