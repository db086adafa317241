package search

import (
	"slices"
	"strings"
	"unicode"
)

// FieldNames are the names the keyword box understands before a colon, e.g. status:New.
var FieldNames = []string{
	"number", "status", "store", "customer", "email", "phone", "org", "sku", "product",
	"po", "outer", "tracking", "currency", "assignee", "total", "created", "is", "has",
	"note",
	"tag",
}

// Negatable are the fields a leading "-" turns around: -tag:urgent is every order without it.
var Negatable = []string{"tag"}

// MinWordLen is the shortest word the full-text index keeps (innodb_ft_min_token_size of the
// private database); shorter words cannot narrow a search and are left out of it.
const MinWordLen = 2

// Query is what was typed into the keyword box.
type Query struct {
	Terms   []Term  // free text: words and "quoted phrases"
	Fields  []Field // name:value pairs, in the order typed
	Unknown []string
	// Exact is the whole box when it is one token that may be an order, document or tracking
	// number or an outer id: those are looked up exactly and listed first.
	Exact string
}

// Term is a free word or a quoted phrase, compacted into index words.
type Term struct {
	Words  []string
	Phrase bool
}

// Field is a name:value pair; Value is unquoted. A negated field (-tag:urgent, see
// Negatable) keeps its "-" in Name.
type Field struct {
	Name, Value string
}

// Parse reads the keyword box. Field syntax is name:value or name:"quoted value"; a word with a
// colon whose name is not a field stays free text and is reported in Unknown.
func Parse(s string) Query {
	var q Query
	toks := tokens(s)
	// An unclosed quote makes one token of the rest of the box; no number holds a quote or a
	// space, so such a token is not looked up exactly.
	if len(toks) == 1 && !toks[0].quoted && !strings.ContainsAny(toks[0].text, `:"`) &&
		!strings.ContainsFunc(toks[0].text, unicode.IsSpace) {
		q.Exact = toks[0].text
	}
	for _, t := range toks {
		if name, value, ok := strings.Cut(t.text, ":"); ok && !t.quoted && name != "" {
			name = strings.ToLower(name)
			plain, not := strings.CutPrefix(name, "-")
			if slices.Contains(FieldNames, plain) && (!not || slices.Contains(Negatable, plain)) {
				// status:"" is as empty as status: and filters nothing.
				if value := unquote(value); value != "" {
					q.Fields = append(q.Fields, Field{Name: name, Value: value})
				}
				continue
			}
			if not && slices.Contains(FieldNames, plain) {
				q.Unknown = append(q.Unknown, name) // -status: and the like: only tag: negates
				continue
			}
			if !strings.ContainsFunc(name, unicode.IsDigit) {
				q.Unknown = append(q.Unknown, name)
			}
		}
		var words []string
		for _, raw := range strings.Fields(t.text) {
			if w := Compact(raw); len([]rune(w)) >= MinWordLen {
				words = append(words, w)
			}
		}
		if len(words) > 0 {
			q.Terms = append(q.Terms, Term{Words: words, Phrase: t.quoted && len(words) > 1})
		}
	}
	return q
}

// Field returns the values given for a field name.
func (q Query) Field(name string) []string {
	var out []string
	for _, f := range q.Fields {
		if f.Name == name {
			out = append(out, f.Value)
		}
	}
	return out
}

// Boolean spells terms as an InnoDB boolean-mode expression: every word required, words
// matched as prefixes (so "jan" finds "jane" while typing), phrases matched whole.
// It returns "" when no term can be searched.
func Boolean(terms []Term) string {
	var parts []string
	for _, t := range terms {
		if t.Phrase {
			parts = append(parts, `+"`+strings.Join(t.Words, " ")+`"`)
			continue
		}
		for _, w := range t.Words {
			parts = append(parts, "+"+w+"*")
		}
	}
	return strings.Join(parts, " ")
}

// TextTerms turns a plain value (a customer: or product: field) into terms.
func TextTerms(value string) []Term {
	var words []string
	for _, raw := range strings.Fields(value) {
		if w := Compact(raw); len([]rune(w)) >= MinWordLen {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return nil
	}
	return []Term{{Words: words}}
}

type token struct {
	text   string
	quoted bool
}

// tokens splits on spaces, keeping "quoted text" (also after name:) together.
func tokens(s string) []token {
	var out []token
	var cur strings.Builder
	inQuote, quoted := false, false
	flush := func() {
		if t := strings.TrimSpace(cur.String()); t != "" {
			// A fully quoted token is a phrase; name:"value" is a field with a quoted value.
			if quoted && strings.HasPrefix(t, `"`) {
				out = append(out, token{text: strings.Trim(t, `"`), quoted: true})
			} else {
				out = append(out, token{text: t})
			}
		}
		cur.Reset()
		quoted = false
	}
	for _, r := range s {
		switch {
		case r == '"':
			inQuote = !inQuote
			quoted = true
			cur.WriteRune(r)
		case unicode.IsSpace(r) && !inQuote:
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}

func unquote(v string) string {
	return strings.TrimSpace(strings.Trim(v, `"`))
}
