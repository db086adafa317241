package web_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// Tests read an answer's HTML the way a person sees it: parsed, asked through CSS selectors
// and the templates' stable data-testid hooks, instead of matching raw markup, so an attribute
// order or a class added for styling does not break them.

// doc parses the answer's body; HTML parsing does not fail, a broken page parses as well as
// a browser would read it.
func (r response) doc() *goquery.Document {
	d, err := goquery.NewDocumentFromReader(strings.NewReader(r.body))
	if err != nil {
		panic("goquery on a string reader: " + err.Error())
	}
	return d
}

// has says whether anything in the answer matches the selector.
func (r response) has(selector string) bool { return r.doc().Find(selector).Length() > 0 }

// count is how many elements match the selector.
func (r response) count(selector string) int { return r.doc().Find(selector).Length() }

// text is the trimmed text of the first element the selector matches ("" when none).
func (r response) text(selector string) string {
	return strings.TrimSpace(r.doc().Find(selector).First().Text())
}

// testid selects by the templates' data-testid hook.
func testid(id string) string { return `[data-testid="` + id + `"]` }

// duplicateIDs lists the ids the answer's markup uses more than once: a page, or a page with
// an htmx answer swapped in, must have each id once. A <template>'s content is not in the
// document (field mode keeps the cards of the steps ahead there), so its ids do not count.
func duplicateIDs(r response) []string {
	seen := map[string]int{}
	r.doc().Find("[id]").Each(func(_ int, s *goquery.Selection) {
		if s.ParentsFiltered("template").Length() > 0 {
			return
		}
		id, _ := s.Attr("id")
		seen[id]++
	})
	var dups []string
	for id, n := range seen {
		if n > 1 {
			dups = append(dups, id)
		}
	}
	return dups
}

func TestHTMLHelpersReadWhatIsThere(t *testing.T) {
	t.Parallel()
	r := response{body: `<main><p data-testid="note" class="x">  Saved. </p><i id="a"></i><b id="a"></b><p data-testid="note">2</p><template><u id="t"></u></template><u id="t"></u></main>`}
	if !r.has(testid("note")) || r.has(testid("none")) || r.count(testid("note")) != 2 || r.text(testid("note")) != "Saved." {
		t.Errorf("has/count/text read the wrong thing from %s", r.body)
	}
	if !r.hasText(testid("note"), "2") || r.hasText(testid("note"), "Sav") || !r.hasTextStarting(testid("note"), "Sav") {
		t.Errorf("hasText/hasTextStarting read the wrong thing from %s", r.body)
	}
	if d := duplicateIDs(r); len(d) != 1 || d[0] != "a" {
		t.Errorf("duplicate ids %v, want [a]", d)
	}
}

// hasText says whether an element the selector matches reads exactly text (trimmed).
func (r response) hasText(selector, text string) bool {
	found := false
	r.doc().Find(selector).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		found = strings.TrimSpace(s.Text()) == text
		return !found
	})
	return found
}

// hasTextStarting says whether an element the selector matches reads text first (trimmed):
// an amount before its currency code, a price before why it is that price.
func (r response) hasTextStarting(selector, text string) bool {
	found := false
	r.doc().Find(selector).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		found = strings.HasPrefix(strings.TrimSpace(s.Text()), text)
		return !found
	})
	return found
}
