// Package notes is the pure side of staff notes on an order: their Markdown-light text
// rendered safely to HTML, the colleagues they @mention, their first line. No I/O.
package notes

import (
	"html"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxLen is the longest note text, in bytes.
const MaxLen = 8000

// FirstLineLen is the most runes of a note's first line kept as its title.
const FirstLineLen = 120

// Render turns a note's text into HTML. Everything is escaped first; the only elements it
// builds are line breaks, links to http and https addresses (written out, or as
// [text](url)), *bold* and @mentions. No HTML the writer typed ever reaches the page.
func Render(text string) string {
	var b strings.Builder
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i, line := range lines {
		if i > 0 {
			b.WriteString("<br>\n")
		}
		inline(&b, line, true)
	}
	return b.String()
}

// inline renders one line; bold says *bold* may open here (not inside bold itself).
func inline(b *strings.Builder, s string, bold bool) {
	for i := 0; i < len(s); {
		rest := s[i:]
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		atWordStart := i == 0 || !(unicode.IsLetter(prev) || unicode.IsDigit(prev))
		switch {
		case rest[0] == '[':
			if label, href, n, ok := bracketLink(rest); ok {
				writeLink(b, href, label)
				i += n
				continue
			}
		case atWordStart && hasScheme(rest):
			if n := autoLink(rest); n > 0 {
				writeLink(b, rest[:n], rest[:n])
				i += n
				continue
			}
		case rest[0] == '*' && bold:
			if end := strings.IndexByte(rest[1:], '*'); end > 0 {
				inner := rest[1 : 1+end]
				if strings.TrimSpace(inner) == inner {
					b.WriteString("<strong>")
					inline(b, inner, false)
					b.WriteString("</strong>")
					i += end + 2
					continue
				}
			}
		case rest[0] == '@' && atWordStart:
			if name := mentionAt(rest); name != "" {
				b.WriteString(`<span class="mention">@`)
				b.WriteString(html.EscapeString(name))
				b.WriteString("</span>")
				i += 1 + len(name)
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(rest)
		if r == utf8.RuneError && size <= 1 {
			b.WriteString("\uFFFD")
			i++
			continue
		}
		b.WriteString(html.EscapeString(rest[:size]))
		i += size
	}
}

func writeLink(b *strings.Builder, href, label string) {
	b.WriteString(`<a href="`)
	b.WriteString(html.EscapeString(href))
	b.WriteString(`" rel="noopener noreferrer nofollow" target="_blank">`)
	b.WriteString(html.EscapeString(label))
	b.WriteString("</a>")
}

func hasScheme(s string) bool {
	l := strings.ToLower(s[:min(len(s), 8)])
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// autoLink is how long the address starting s is: up to a space or a character no address
// holds, less trailing punctuation (a closing parenthesis only when unbalanced); 0 when what
// is left is not an address with a host.
func autoLink(s string) int {
	n := strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '<' || r == '>' || r == '"' || r == '`' || r == utf8.RuneError
	})
	if n < 0 {
		n = len(s)
	}
	for n > 0 {
		last := s[n-1]
		if strings.IndexByte(".,;:!?'*", last) >= 0 {
			n--
			continue
		}
		if last == ')' && strings.Count(s[:n], "(") < strings.Count(s[:n], ")") {
			n--
			continue
		}
		break
	}
	if !safeURL(s[:n]) {
		return 0
	}
	return n
}

// bracketLink reads [label](url) at the start of s: the label, the address, how many bytes
// it took. Only an http or https address with a host makes a link.
func bracketLink(s string) (label, href string, n int, ok bool) {
	closeLabel := strings.Index(s, "](")
	if closeLabel < 1 {
		return "", "", 0, false
	}
	label = s[1:closeLabel]
	if strings.ContainsAny(label, "[]") || strings.TrimSpace(label) == "" {
		return "", "", 0, false
	}
	rest := s[closeLabel+2:]
	end := strings.IndexByte(rest, ')')
	if end < 1 {
		return "", "", 0, false
	}
	href = rest[:end]
	if strings.ContainsFunc(href, unicode.IsSpace) || !safeURL(href) {
		return "", "", 0, false
	}
	return label, href, closeLabel + 2 + end + 1, true
}

// safeURL: an absolute http or https address with a host, and nothing a quoted attribute
// could be broken out of (it is escaped besides).
func safeURL(s string) bool {
	if !hasScheme(s) || strings.ContainsAny(s, "<>\"'`\\") || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme == "http" || scheme == "https"
}

// mentionAt is the name of an @mention at the start of s ("" when there is none): letters,
// digits, dots, dashes and underscores after the @, not ending in a dot.
func mentionAt(s string) string {
	if len(s) < 2 || s[0] != '@' {
		return ""
	}
	n := 1
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_') || r == utf8.RuneError {
			break
		}
		n += size
	}
	name := strings.TrimRight(s[1:n], ".-_")
	if name == "" || len(name) > 64 {
		return ""
	}
	return name
}

// Mentions lists the names a note @mentions, lower-cased, each once, in the order written.
// An e-mail address (a@b) is not a mention; a link's text is not scanned.
func Mentions(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		for i := 0; i < len(line); i++ {
			if line[i] != '@' {
				continue
			}
			prev, _ := utf8.DecodeLastRuneInString(line[:i])
			if i > 0 && (unicode.IsLetter(prev) || unicode.IsDigit(prev)) {
				continue
			}
			if name := strings.ToLower(mentionAt(line[i:])); name != "" && !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	return out
}

// FirstLine is a note's first non-empty line, without its markup stars, cut to FirstLineLen
// runes: the title of its pin.
func FirstLine(text string) string {
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(strings.ReplaceAll(line, "*", ""))
		if line == "" {
			continue
		}
		if r := []rune(line); len(r) > FirstLineLen {
			return strings.TrimSpace(string(r[:FirstLineLen-1])) + "…"
		}
		return line
	}
	return ""
}

// Clean trims a note's text and normalises its line ends; Problem says what is wrong with it
// ("" when nothing is).
func Clean(text string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"))
}

// Problem says what is wrong with a cleaned note's text, "" when nothing is.
func Problem(text string) string {
	switch {
	case text == "":
		return "Write the note first."
	case len(text) > MaxLen:
		return "A note holds at most 8000 characters; split it in two."
	case !utf8.ValidString(text):
		return "The note holds characters that are not text."
	}
	return ""
}
