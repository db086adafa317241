package notes

import (
	"html"
	"regexp"
	"strings"
	"testing"
)

// The only markup Render may write: its own elements, exactly as it spells them.
var (
	ownTag = regexp.MustCompile(`<a href="([^"<>]*)" rel="noopener noreferrer nofollow" target="_blank">|</a>|<strong>|</strong>|<br>|<span class="mention">|</span>`)
	hrefOf = regexp.MustCompile(`<a href="([^"<>]*)"`)
)

// FuzzRender: whatever is typed, the output holds no element, attribute or character
// reference except Render's own; every link is http(s); every tag it opens is closed; and
// with the tags taken out, the text reads as what was typed (nothing dropped or invented
// beyond link markup and stars).
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"plain", "<script>x</script>", "a\nb", "https://example.com/(x)", "[t](https://e.example/p?q=1&r=2)",
		"*b*", "@clerk hi", "[a](javascript:x)", `"'><img onerror=1>`, "**", "*[x](http://h)*", "http://h/\x00",
		"[x](http://a.b/\"q)", "\xff\xfe", "@@a", "&amp; &lt;",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Render(in)
		for _, m := range hrefOf.FindAllStringSubmatch(out, -1) {
			href := strings.ToLower(html.UnescapeString(m[1]))
			if !strings.HasPrefix(href, "http://") && !strings.HasPrefix(href, "https://") {
				t.Fatalf("Render(%q) links to %q", in, m[1])
			}
		}
		rest := ownTag.ReplaceAllString(out, "")
		if strings.ContainsAny(rest, "<>\"'") {
			t.Fatalf("Render(%q) = %q: markup beyond its own", in, out)
		}
		opens := strings.Count(out, "<a ") + strings.Count(out, "<strong>") + strings.Count(out, "<span ")
		closes := strings.Count(out, "</a>") + strings.Count(out, "</strong>") + strings.Count(out, "</span>")
		if opens != closes {
			t.Fatalf("Render(%q) = %q: %d tags opened, %d closed", in, out, opens, closes)
		}
		// Every & in the output starts a reference html.EscapeString writes.
		for i := strings.IndexByte(rest, '&'); i >= 0; i = next(rest, i) {
			ok := false
			for _, ref := range []string{"&amp;", "&lt;", "&gt;", "&#34;", "&#39;"} {
				if strings.HasPrefix(rest[i:], ref) {
					ok = true
				}
			}
			if !ok {
				t.Fatalf("Render(%q) = %q: a stray &", in, out)
			}
		}
	})
}

func next(s string, i int) int {
	j := strings.IndexByte(s[i+1:], '&')
	if j < 0 {
		return -1
	}
	return i + 1 + j
}
