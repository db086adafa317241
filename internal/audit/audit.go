// Package audit turns two states of an order into a field-level change set and back. It is the
// pure core of "audit is part of every write" (PRODUCT.md): storage records Diff(before, after)
// with who/when/source/why in the same transaction as the save, and the history rebuilds any past
// state with Apply. Unlike Virto's change log (§5 of the reference), nothing is left out: header,
// every line, every document, address, detail and custom field, computed totals included; an
// address edited in place is a field change (Virto logs nothing), a line's quantity or price is
// logged on the line (Virto only logs the order total it moves).
//
// Everything goes through one canonical flat form (Flatten): a map from a stable path to a text
// value. Paths use the JSON names of the domain types and identify collection elements by id,
// never by index, so a path keeps naming the same thing across edits:
//
//	number
//	items[01JB…].price
//	shipments[01JB…].items[01JC…].quantity
//	shipments[01JB…].deliveryAddress.city
//	inPayments[01JB…].captures[01JD…].amount
//	addresses[01JE…].city                  (addresses are keyed by their "key")
//	dynamicProperties[01JF…].values[01JG…].shortTextValue (property id, else its name)
//	orderTotals[EUR].total                 (per-currency buckets are keyed by currency)
//
// Values are text: decimals as decimal.String() (exact; trailing zeros trimmed, so 40.00 → 40 is
// no change), times as RFC 3339 with nanoseconds in UTC, booleans and integers as strconv renders
// them, enums as their text. Text rather than typed JSON scalars because the Go type of every path
// is known from the domain: nothing is lost, values compare exactly (no float round trips), and
// an old or new value is one nullable text column in storage.
//
// A field the JSON form leaves out (an empty omitempty field, a nil pointer, a null decimal) has no
// path at all: "absent" is the one null. Elements without an id (or with a duplicate one) are keyed
// by position, "#0"; ids that contain "\", "]" or start with "#" are escaped with "\".
//
// Collection order is part of the state and is restored exactly, without assuming that ids sort
// by creation time: an added element carries its index in the after-state and a removed one its
// index in the before-state (Change.Pos), and if surviving elements change their relative order the
// change set has one Reordered change with the full key order before and after.
//
// The package works on any document struct through reflection (FlattenOf, DiffOf, ApplyOf,
// RevertOf); Flatten, Diff, Apply and Revert are the customer-order instances. Return uses the
// generic ones.
package audit

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"orderdesk/internal/order"
)

// Op is what happened to the thing a Change names.
type Op string

const (
	// Added: an element appeared (Fields holds it), or a field of a created document.
	Added Op = "added"
	// Removed: an element disappeared (Fields holds what it was), or a field of a deleted document.
	Removed Op = "removed"
	// Changed: a field's value changed; Old or New is nil when the field was or became absent.
	Changed Op = "changed"
	// Reordered: surviving elements of the collection at Path changed their relative order;
	// Old and New are the full key orders ("[k1][k2]…").
	Reordered Op = "reordered"
)

// Change is one entry of a change set. It is plain data, ready to be stored as a row or as JSON.
type Change struct {
	// Path names the field, element or collection (see the package doc).
	Path string `json:"path"`
	// Entity is the Go/Virto type of the entity the change is about: CustomerOrder, LineItem,
	// Shipment, ShipmentItem, ShipmentPackage, PaymentIn, Capture, Refund, Address, Discount, …
	Entity string `json:"entity"`
	// EntityID is that entity's id ("" when it has none).
	EntityID string `json:"entityId,omitempty"`
	// Field is the changed field's JSON name (for Reordered: the collection's); "" for elements.
	Field string  `json:"field,omitempty"`
	Op    Op      `json:"op"`
	Old   *string `json:"old"`
	New   *string `json:"new"`
	// Pos is an added element's index in the after-state, a removed one's in the before-state.
	Pos int `json:"pos,omitempty"`
	// Fields are the leaves of an added or removed element, relative to Path, in document order
	// (which also fixes the order of its own collections).
	Fields []Leaf `json:"fields,omitempty"`
}

// Leaf is one flat field: a path and its canonical value.
type Leaf struct {
	Path  string `json:"path"`
	Value string `json:"value"`
}

// ErrConflict means a change set does not fit the state it is applied to: a field's current
// value is not the change's Old value, an element to add exists or one to remove does not.
var ErrConflict = errors.New("change does not match the state")

// Flatten returns the canonical flat form of an order (nil gives an empty map).
func Flatten(o *order.CustomerOrder) map[string]string { return FlattenOf(o) }

// Diff returns the changes that turn before into after. Either may be nil: a created order
// diffs against nil (every field and element Added), a deleted one against nil the other way.
func Diff(before, after *order.CustomerOrder) []Change { return DiffOf(before, after) }

// Apply rebuilds the after-state from the before-state (nil for a new order) and the changes
// Diff returned. before is not modified.
func Apply(before *order.CustomerOrder, changes []Change) (*order.CustomerOrder, error) {
	return ApplyOf(before, changes)
}

// Revert rebuilds the before-state from the after-state and the changes Diff returned; it
// returns nil when the changes created the order.
func Revert(after *order.CustomerOrder, changes []Change) (*order.CustomerOrder, error) {
	return RevertOf(after, changes)
}

// FlattenOf is Flatten for any document struct type T.
func FlattenOf[T any](v *T) map[string]string {
	out := map[string]string{}
	if v != nil {
		flatten(encode(v), "", func(p, s string) { out[p] = s })
	}
	return out
}

func encode[T any](v *T) *node {
	return encodeNode(planFor(reflect.TypeFor[T]()), reflect.ValueOf(v).Elem())
}

// DiffOf is Diff for any document struct type T. Changes come in document order: fields in
// declaration order, then per collection the removed elements, a Reordered change if any, and the
// added and changed elements in after-state order.
func DiffOf[T any](before, after *T) []Change {
	if before == nil && after == nil {
		return nil
	}
	p := planFor(reflect.TypeFor[T]())
	b, a, op := newNode(p, ""), newNode(p, ""), Changed
	if before != nil {
		b = encode(before)
	} else {
		op = Added
	}
	if after != nil {
		a = encode(after)
	} else {
		op = Removed
	}
	var out []Change
	diffNode(b, a, "", op, &out)
	return out
}

// diffNode compares two states of the same entity; leafOp is the Op for its field changes.
func diffNode(b, a *node, prefix string, leafOp Op, out *[]Change) {
	entity, id := b.plan.typ.Name(), cmp.Or(a.id(), b.id())
	for _, f := range b.plan.fields {
		path := func() string { return prefix + f.name } // built only when needed: most fields are unchanged
		switch f.kind {
		case leafKind:
			if ov, nv := b.vals[f.pos], a.vals[f.pos]; ov != nv {
				*out = append(*out, Change{Path: path(), Entity: entity, EntityID: id, Field: f.name,
					Op: leafOp, Old: ptr(ov.s, ov.ok), New: ptr(nv.s, nv.ok)})
			}
		case objectKind:
			bo, ao := b.subs[f.pos], a.subs[f.pos]
			switch {
			case len(bo) == 0 && len(ao) == 0:
			case len(ao) == 0:
				*out = append(*out, element(Removed, path(), bo[0], 0))
			case len(bo) == 0:
				*out = append(*out, element(Added, path(), ao[0], 0))
			default:
				diffNode(bo[0], ao[0], path()+".", Changed, out)
			}
		case listKind:
			if len(b.subs[f.pos])+len(a.subs[f.pos]) > 0 {
				diffList(b.subs[f.pos], a.subs[f.pos], f, path(), out)
			}
		}
	}
}

func diffList(bl, al []*node, f *field, path string, out *[]Change) {
	inB, inA := keyIndex(bl), keyIndex(al)
	var keptB, keptA []string
	for i, e := range bl {
		if _, ok := inA[e.key]; ok {
			keptB = append(keptB, e.key)
		} else {
			*out = append(*out, element(Removed, path+"["+e.key+"]", e, i))
		}
	}
	for _, e := range al {
		if _, ok := inB[e.key]; ok {
			keptA = append(keptA, e.key)
		}
	}
	if !slices.Equal(keptB, keptA) {
		oldOrder, newOrder := joinKeys(bl), joinKeys(al)
		*out = append(*out, Change{Path: path, Entity: f.elem.typ.Name(), Field: f.name, Op: Reordered,
			Old: &oldOrder, New: &newOrder})
	}
	for j, e := range al {
		if i, ok := inB[e.key]; ok {
			diffNode(bl[i], e, path+"["+e.key+"].", Changed, out)
		} else {
			*out = append(*out, element(Added, path+"["+e.key+"]", e, j))
		}
	}
}

func keyIndex(elems []*node) map[string]int {
	m := make(map[string]int, len(elems))
	for i, e := range elems {
		m[e.key] = i
	}
	return m
}

func element(op Op, path string, n *node, pos int) Change {
	return Change{Path: path, Entity: n.plan.typ.Name(), EntityID: n.id(), Op: op, Pos: pos, Fields: leavesOf(n)}
}

func ptr(s string, ok bool) *string {
	if !ok {
		return nil
	}
	return &s
}

// RevertOf is Revert for any document struct type T.
func RevertOf[T any](after *T, changes []Change) (*T, error) {
	inv := make([]Change, len(changes))
	for i, c := range changes {
		c.Old, c.New = c.New, c.Old
		switch c.Op {
		case Added:
			c.Op = Removed
		case Removed:
			c.Op = Added
		}
		inv[i] = c
	}
	return ApplyOf(after, inv)
}

// step is a change resolved against the tree: the entity holding the target and its field.
type step struct {
	c      *Change
	parent *node
	last   segment
	f      *field
	phase  int
}

// Apply runs removals, then insertions by ascending Pos, then field changes, then reorders.
const (
	phaseRemove = iota
	phaseInsert
	phaseField
	phaseReorder
)

// ApplyOf is Apply for any document struct type T. Every change is checked against the state
// (ErrConflict), so a broken chain of change sets is reported rather than silently rebuilt.
func ApplyOf[T any](before *T, changes []Change) (*T, error) {
	return ApplyAllOf(before, changes)
}

// ApplyAll applies change sets one after the other, as Apply would, but keeps the order in its
// canonical form between them, so replaying a history costs one encoding and one decoding in
// all rather than one per change set.
func ApplyAll(before *order.CustomerOrder, sets ...[]Change) (*order.CustomerOrder, error) {
	return ApplyAllOf(before, sets...)
}

// ApplyAllOf is ApplyAll for any document struct type T.
func ApplyAllOf[T any](before *T, sets ...[]Change) (*T, error) {
	root := newNode(planFor(reflect.TypeFor[T]()), "")
	if before != nil {
		root = encode(before)
	}
	for _, changes := range sets {
		if err := applyTo(root, changes); err != nil {
			return nil, err
		}
	}
	if root.empty() {
		return nil, nil // the changes deleted the document (or reverted its creation)
	}
	out := new(T)
	if err := decodeNode(root, reflect.ValueOf(out).Elem()); err != nil {
		return nil, fmt.Errorf("audit: rebuild: %w", err)
	}
	return out, nil
}

// applyTo applies one change set to a tree in place.
func applyTo(root *node, changes []Change) error {
	steps := make([]step, 0, len(changes))
	for i := range changes {
		s, err := resolve(root, &changes[i])
		if err != nil {
			return fmt.Errorf("audit: apply %s %s: %w", changes[i].Op, changes[i].Path, err)
		}
		steps = append(steps, s)
	}
	// Removing first and inserting by ascending after-index rebuilds the after order exactly.
	slices.SortStableFunc(steps, func(x, y step) int {
		return cmp.Or(cmp.Compare(x.phase, y.phase), cmp.Compare(x.c.Pos, y.c.Pos))
	})
	for _, s := range steps {
		if err := s.run(); err != nil {
			return fmt.Errorf("audit: apply %s %s: %w", s.c.Op, s.c.Path, err)
		}
	}
	return nil
}

func resolve(root *node, c *Change) (step, error) {
	segs, err := parsePath(c.Path)
	if err != nil {
		return step{}, err
	}
	parent, err := walk(root, segs[:len(segs)-1], false)
	if err != nil {
		return step{}, err
	}
	last := segs[len(segs)-1]
	f := parent.plan.byName[last.name]
	if f == nil {
		return step{}, ErrUnknownField
	}
	s := step{c: c, parent: parent, last: last, f: f, phase: phaseField}
	switch {
	case c.Op == Reordered:
		if f.kind != listKind || last.hasKey {
			return step{}, ErrBadPath
		}
		s.phase = phaseReorder
	case f.kind == leafKind:
		if last.hasKey {
			return step{}, ErrBadPath
		}
	case (f.kind == listKind) != last.hasKey:
		return step{}, ErrBadPath
	case c.Op == Removed:
		s.phase = phaseRemove
	case c.Op == Added:
		s.phase = phaseInsert
	default:
		return step{}, fmt.Errorf("op %q on an element: %w", c.Op, ErrBadPath)
	}
	return s, nil
}

func (s step) run() error {
	c, n, pos := s.c, s.parent, s.f.pos
	switch {
	case s.phase == phaseField:
		cur := n.vals[pos]
		if old := valueOf(c.Old); cur != old {
			return fmt.Errorf("%w: value is %s, change expects %s", ErrConflict, show(cur), show(old))
		}
		n.vals[pos] = valueOf(c.New)
	case s.phase == phaseReorder:
		return reorder(n, pos, c)
	case c.Op == Added:
		elems := n.subs[pos]
		if indexOf(elems, s.last.key) >= 0 {
			return fmt.Errorf("%w: element exists", ErrConflict)
		}
		e, err := buildNode(s.f.elem, s.last.key, c.Fields)
		if err != nil {
			return err
		}
		n.subs[pos] = slices.Insert(elems, min(max(c.Pos, 0), len(elems)), e)
	default: // Removed
		elems := n.subs[pos]
		i := indexOf(elems, s.last.key)
		if i < 0 {
			return fmt.Errorf("%w: no such element", ErrConflict)
		}
		if !slices.Equal(leavesOf(elems[i]), c.Fields) {
			return fmt.Errorf("%w: element differs from the removed one", ErrConflict)
		}
		n.subs[pos] = slices.Delete(elems, i, i+1)
	}
	return nil
}

func reorder(n *node, pos int, c *Change) error {
	keys, err := splitKeys(valueOf(c.New).s)
	if err != nil {
		return err
	}
	elems := n.subs[pos]
	if len(keys) != len(elems) {
		return fmt.Errorf("%w: %d elements, order names %d", ErrConflict, len(elems), len(keys))
	}
	out := make([]*node, len(keys))
	for i, k := range keys {
		j := indexOf(elems, k)
		if j < 0 || slices.Contains(out[:i], elems[j]) {
			return fmt.Errorf("%w: order names %s, which is missing or repeated", ErrConflict, k)
		}
		out[i] = elems[j]
	}
	n.subs[pos] = out
	return nil
}

func valueOf(s *string) value {
	if s == nil {
		return value{}
	}
	return value{*s, true}
}

func show(v value) string {
	if !v.ok {
		return "absent"
	}
	return fmt.Sprintf("%q", v.s)
}
