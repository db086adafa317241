package notes

import (
	"slices"
	"strings"
	"testing"
)

func TestRenderEscapesEverythingAndBuildsOnlyItsOwnElements(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"two\nlines", "two<br>\nlines"},
		{"see https://example.com/a?b=1&c=2.", `see <a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer nofollow" target="_blank">https://example.com/a?b=1&amp;c=2</a>.`},
		{"(https://example.com/x)", `(<a href="https://example.com/x" rel="noopener noreferrer nofollow" target="_blank">https://example.com/x</a>)`},
		{"[the label](http://example.com)", `<a href="http://example.com" rel="noopener noreferrer nofollow" target="_blank">the label</a>`},
		{"[x](javascript:alert(1))", "[x](javascript:alert(1))"},
		{"[x](https://a.example/\"onmouseover=alert(1))", "[x](" + `<a href="https://a.example/" rel="noopener noreferrer nofollow" target="_blank">https://a.example/</a>` + "&#34;onmouseover=alert(1))"},
		{"javascript:alert(1)", "javascript:alert(1)"},
		{"xhttps://example.com", "xhttps://example.com"},
		{"https://", "https://"},
		{"*bold* and *not bold *", "<strong>bold</strong> and *not bold *"},
		{"*<b>*", "<strong>&lt;b&gt;</strong>"},
		{"hi @clerk.one, and ann@example.com", `hi <span class="mention">@clerk.one</span>, and ann@example.com`},
		{"[<img src=x>](https://e.example)", `<a href="https://e.example" rel="noopener noreferrer nofollow" target="_blank">&lt;img src=x&gt;</a>`},
	} {
		if got := Render(tc.in); got != tc.want {
			t.Errorf("Render(%q)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}

func TestMentionsAreNamesAfterAnAtOnceEach(t *testing.T) {
	got := Mentions("@Clerk please ask @manager. Mail ann@example.com, cc @clerk\n@field-1")
	if want := []string{"clerk", "manager", "field-1"}; !slices.Equal(got, want) {
		t.Errorf("Mentions = %v, want %v", got, want)
	}
}

func TestFirstLineSkipsBlankLinesAndStarsAndCuts(t *testing.T) {
	if got := FirstLine("\n  *Call* the customer  \nsecond"); got != "Call the customer" {
		t.Errorf("FirstLine = %q", got)
	}
	long := strings.Repeat("é", 300)
	if got := []rune(FirstLine(long)); len(got) != FirstLineLen || got[len(got)-1] != '…' {
		t.Errorf("FirstLine of a long line: %d runes", len(got))
	}
}

func TestProblem(t *testing.T) {
	if Problem("") == "" || Problem(strings.Repeat("a", MaxLen+1)) == "" || Problem("ok") != "" {
		t.Error("Problem does not judge empty, too long and fine notes")
	}
}
