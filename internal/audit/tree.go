package audit

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// node is one entity of a document tree in canonical form: the root, a collection element or an
// optional nested object. Diff, Apply and Flatten all work on nodes, never on the Go values, so
// every field is handled by the same few lines whatever its type.
//
// Both slices are indexed by field position in the plan (field.pos).
type node struct {
	plan *plan
	key  string    // element key as written between brackets (escaped); "" for root and objects
	vals []value   // leaf values
	subs [][]*node // objects (one node) and lists, in collection order; empty when absent
}

// value is a leaf value; ok is false when the field is absent.
type value struct {
	s  string
	ok bool
}

func newNode(p *plan, key string) *node {
	return &node{plan: p, key: key, vals: make([]value, len(p.fields)), subs: make([][]*node, len(p.fields))}
}

func (n *node) empty() bool {
	for i := range n.vals {
		if n.vals[i].ok || len(n.subs[i]) > 0 {
			return false
		}
	}
	return true
}

// id is the entity's identity for Change.EntityID: its first non-empty key field.
func (n *node) id() string {
	for _, i := range n.plan.keys {
		if v := n.vals[i].s; v != "" {
			return v
		}
	}
	return ""
}

func encodeNode(p *plan, v reflect.Value) *node {
	n := newNode(p, "")
	for _, f := range p.fields {
		fv := v.FieldByIndex(f.index)
		switch f.kind {
		case leafKind:
			if s, ok := encodeLeaf(fv, f.codec, f.omitEmpty); ok {
				n.vals[f.pos] = value{s, true}
			}
		case objectKind:
			if !fv.IsNil() {
				n.subs[f.pos] = []*node{encodeNode(f.elem, fv.Elem())}
			}
		case listKind:
			if fv.Len() == 0 {
				continue
			}
			elems := make([]*node, fv.Len())
			for i := range elems {
				elems[i] = encodeNode(f.elem, fv.Index(i))
			}
			assignKeys(elems)
			n.subs[f.pos] = elems
		}
	}
	return n
}

// assignKeys keys each element by its id so that paths survive inserts and removals. Elements
// without an id, or sharing one (data not yet through order.EnsureIDs), are keyed by position
// ("#2"); their history is then only as stable as their position.
func assignKeys(elems []*node) {
	seen := make(map[string]int, len(elems))
	for _, e := range elems {
		seen[e.id()]++
	}
	for i, e := range elems {
		if id := e.id(); id != "" && seen[id] == 1 {
			e.key = escapeKey(id)
		} else {
			e.key = "#" + strconv.Itoa(i)
		}
	}
}

func decodeNode(n *node, v reflect.Value) error {
	for _, f := range n.plan.fields {
		switch elems := n.subs[f.pos]; {
		case n.vals[f.pos].ok:
			if err := decodeLeaf(v.FieldByIndex(f.index), f.codec, n.vals[f.pos].s); err != nil {
				return fmt.Errorf("%s: %w", f.name, err)
			}
		case len(elems) == 0:
		case f.kind == objectKind:
			p := reflect.New(f.elem.typ)
			if err := decodeNode(elems[0], p.Elem()); err != nil {
				return fmt.Errorf("%s.%w", f.name, err)
			}
			v.FieldByIndex(f.index).Set(p)
		default:
			s := reflect.MakeSlice(f.typ, len(elems), len(elems))
			for i, e := range elems {
				if err := decodeNode(e, s.Index(i)); err != nil {
					return fmt.Errorf("%s[%s].%w", f.name, e.key, err)
				}
			}
			v.FieldByIndex(f.index).Set(s)
		}
	}
	return nil
}

// flatten calls emit for every present leaf in document order: fields in declaration order,
// collection elements in collection order.
func flatten(n *node, prefix string, emit func(path, value string)) {
	for _, f := range n.plan.fields {
		switch f.kind {
		case leafKind:
			if v := n.vals[f.pos]; v.ok {
				emit(prefix+f.name, v.s)
			}
		case objectKind:
			for _, c := range n.subs[f.pos] {
				flatten(c, prefix+f.name+".", emit)
			}
		case listKind:
			for _, c := range n.subs[f.pos] {
				flatten(c, prefix+f.name+"["+c.key+"].", emit)
			}
		}
	}
}

func leavesOf(n *node) []Leaf {
	var out []Leaf
	flatten(n, "", func(p, v string) { out = append(out, Leaf{Path: p, Value: v}) })
	return out
}

// segment is one step of a path: a field name, with the element key for a collection.
type segment struct {
	name   string
	key    string // escaped, as between the brackets
	hasKey bool
}

var (
	// ErrBadPath means a path does not parse or does not fit the document type.
	ErrBadPath = errors.New("malformed path")
	// ErrUnknownField means a path names a field the document type does not have.
	ErrUnknownField = errors.New("unknown field")
)

// escapeKey makes an id safe between brackets: backslash and "]" are escaped, and a leading "#"
// too, so no id can be mistaken for a positional key.
func escapeKey(id string) string {
	if !strings.ContainsAny(id, `\]#`) {
		return id
	}
	s := strings.NewReplacer(`\`, `\\`, `]`, `\]`).Replace(id)
	if strings.HasPrefix(s, "#") {
		s = `\` + s
	}
	return s
}

// unescapeKey returns the id a key stands for, or "" for a positional key.
func unescapeKey(k string) string {
	if strings.HasPrefix(k, "#") {
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(k); i++ {
		if k[i] == '\\' && i+1 < len(k) {
			i++
		}
		b.WriteByte(k[i])
	}
	return b.String()
}

// readKey reads an escaped key starting after "[" at s[i] and returns it and the index after "]".
func readKey(s string, i int) (string, int, error) {
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case ']':
			return s[i:j], j + 1, nil
		}
	}
	return "", 0, fmt.Errorf("%q: unclosed [: %w", s, ErrBadPath)
}

func parsePath(p string) ([]segment, error) {
	var segs []segment
	for i := 0; i < len(p); {
		j := i
		for j < len(p) && p[j] != '.' && p[j] != '[' {
			j++
		}
		if j == i {
			return nil, fmt.Errorf("%q: empty field name: %w", p, ErrBadPath)
		}
		s := segment{name: p[i:j]}
		if j < len(p) && p[j] == '[' {
			k, next, err := readKey(p, j+1)
			if err != nil {
				return nil, err
			}
			s.key, s.hasKey, j = k, true, next
		}
		segs = append(segs, s)
		if j == len(p) {
			break
		}
		if p[j] != '.' || j+1 == len(p) {
			return nil, fmt.Errorf("%q: %w", p, ErrBadPath)
		}
		i = j + 1
	}
	if len(segs) == 0 {
		return nil, fmt.Errorf("empty path: %w", ErrBadPath)
	}
	return segs, nil
}

// joinKeys and splitKeys encode a collection's order as "[k1][k2]…".
func joinKeys(elems []*node) string {
	var b strings.Builder
	for _, e := range elems {
		b.WriteString("[" + e.key + "]")
	}
	return b.String()
}

func splitKeys(s string) ([]string, error) {
	var keys []string
	for i := 0; i < len(s); {
		if s[i] != '[' {
			return nil, fmt.Errorf("key list %q: %w", s, ErrBadPath)
		}
		k, next, err := readKey(s, i+1)
		if err != nil {
			return nil, err
		}
		keys, i = append(keys, k), next
	}
	return keys, nil
}

// walk follows segs from n through objects and collection elements. With create, missing ones
// are made (appended, so first appearance fixes collection order); otherwise they are an error.
func walk(n *node, segs []segment, create bool) (*node, error) {
	for _, s := range segs {
		f := n.plan.byName[s.name]
		switch {
		case f == nil:
			return nil, fmt.Errorf("%s: %w", s.name, ErrUnknownField)
		case f.kind == leafKind || (f.kind == listKind) != s.hasKey:
			return nil, fmt.Errorf("%s: %w", s.name, ErrBadPath)
		}
		elems := n.subs[f.pos]
		i := indexOf(elems, s.key)
		if i < 0 {
			if !create {
				return nil, fmt.Errorf("%s[%s]: no such element: %w", s.name, s.key, ErrConflict)
			}
			elems = append(elems, newNode(f.elem, s.key))
			n.subs[f.pos], i = elems, len(elems)-1
		}
		n = elems[i]
	}
	return n, nil
}

// indexOf finds an element by key; objects have one element with key "".
func indexOf(elems []*node, key string) int {
	for i, e := range elems {
		if e.key == key {
			return i
		}
	}
	return -1
}

// buildNode makes an entity from its flat leaves (paths relative to it, in document order).
func buildNode(p *plan, key string, leaves []Leaf) (*node, error) {
	n := newNode(p, key)
	for _, l := range leaves {
		segs, err := parsePath(l.Path)
		if err != nil {
			return nil, err
		}
		last := segs[len(segs)-1]
		parent, err := walk(n, segs[:len(segs)-1], true)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", l.Path, err)
		}
		f := parent.plan.byName[last.name]
		if f == nil || f.kind != leafKind || last.hasKey {
			return nil, fmt.Errorf("%s: %w", l.Path, ErrUnknownField)
		}
		parent.vals[f.pos] = value{l.Value, true}
	}
	return n, nil
}
