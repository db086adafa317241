package audit

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
)

// kind says how a struct field takes part in the flat form.
type kind uint8

const (
	leafKind   kind = iota // one value: a path ends here
	objectKind             // pointer to struct: an optional nested entity (delivery address)
	listKind               // slice of structs: a collection whose elements are keyed by id
)

// field is one JSON-visible field of a struct, with embedded structs (Operation, Audit) inlined
// the way encoding/json does, so paths use the same names as the API.
type field struct {
	name      string
	pos       int // position in plan.fields, and in node.vals and node.subs
	index     []int
	depth     int // embedding depth: the shallower of two same-named fields wins, as in JSON
	kind      kind
	omitEmpty bool
	codec     codec // for leaves
	typ       reflect.Type
	elem      *plan // element plan of an object or list field
}

// plan is the flattening recipe of one struct type, fields in declaration order. It is built
// once per type by reflection, so a field added to the domain is audited without code here.
type plan struct {
	typ    reflect.Type
	fields []*field
	byName map[string]*field
	keys   []int // positions of the fields that identify an element of this type, by preference
}

// keyFields names the identifying fields of element types that do not simply have an id (or, for
// addresses, a key). Others fall back to their position; see assignKeys.
var keyFields = map[string][]string{
	"DynamicProperty": {"id", "name"},
	"OrderTotal":      {"currencyCode"},
}

var (
	timeType        = reflect.TypeFor[time.Time]()
	decimalType     = reflect.TypeFor[decimal.Decimal]()
	nullDecimalType = reflect.TypeFor[decimal.NullDecimal]()
	textMarshaler   = reflect.TypeFor[encoding.TextMarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

	plansMu sync.Mutex
	plans   = map[reflect.Type]*plan{}
)

// planFor returns the (cached) plan of struct type t.
func planFor(t reflect.Type) *plan {
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("audit: %s is not a struct", t))
	}
	plansMu.Lock()
	defer plansMu.Unlock()
	return buildPlan(t)
}

func buildPlan(t reflect.Type) *plan {
	if p := plans[t]; p != nil {
		return p // also ends recursion on self-referencing types
	}
	p := &plan{typ: t, byName: map[string]*field{}}
	plans[t] = p
	var all []*field
	collectFields(t, nil, 0, &all)
	for _, f := range all {
		if prev, ok := p.byName[f.name]; ok && prev.depth <= f.depth {
			continue
		}
		p.byName[f.name] = f
	}
	for _, f := range all {
		if p.byName[f.name] != f {
			continue
		}
		switch {
		case f.typ.Kind() == reflect.Pointer && isEntity(f.typ.Elem()):
			f.kind, f.elem = objectKind, buildPlan(f.typ.Elem())
		case f.typ.Kind() == reflect.Slice && isEntity(f.typ.Elem()):
			f.kind, f.elem = listKind, buildPlan(f.typ.Elem())
		default:
			f.codec = codecFor(f.typ)
		}
		f.pos = len(p.fields)
		p.fields = append(p.fields, f)
	}
	keys, ok := keyFields[t.Name()]
	if !ok {
		keys = []string{"id", "key"}
	}
	for _, k := range keys {
		if f := p.byName[k]; f != nil && f.kind == leafKind {
			p.keys = append(p.keys, f.pos)
		}
	}
	return p
}

func collectFields(t reflect.Type, index []int, depth int, out *[]*field) {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if a, ok := sf.Tag.Lookup("audit"); ok {
			tag = a // the audit's own name for a field (or "-": not audited), over its JSON one
		}
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		idx := append(append([]int(nil), index...), i)
		if sf.Anonymous && name == "" && isEntity(sf.Type) {
			collectFields(sf.Type, idx, depth+1, out)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		*out = append(*out, &field{
			name: name, index: idx, depth: depth, typ: sf.Type,
			omitEmpty: strings.Contains(","+opts+",", ",omitempty,"),
		})
	}
}

// isEntity reports whether t is a struct that is walked into rather than kept as one value.
func isEntity(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && !isScalar(t)
}

func isScalar(t reflect.Type) bool {
	return t == timeType || t == decimalType || t == nullDecimalType ||
		t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler)
}

// codec is how a leaf's value is turned into text, chosen once per field from its type.
type codec uint8

const (
	codecJSON codec = iota // anything else: its JSON text
	codecTime
	codecDecimal
	codecNullDecimal
	codecPointer // pointer to a leaf: nil is absent
	codecText    // encoding.TextMarshaler (AddressType)
	codecString
	codecBool
	codecInt
	codecUint
	codecFloat
)

func codecFor(t reflect.Type) codec {
	switch {
	case t == timeType:
		return codecTime
	case t == decimalType:
		return codecDecimal
	case t == nullDecimalType:
		return codecNullDecimal
	case t.Kind() == reflect.Pointer:
		return codecPointer
	case t.Implements(textMarshaler) && reflect.PointerTo(t).Implements(textUnmarshaler):
		return codecText
	}
	switch t.Kind() {
	case reflect.String:
		return codecString
	case reflect.Bool:
		return codecBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return codecInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return codecUint
	case reflect.Float32, reflect.Float64:
		return codecFloat
	}
	return codecJSON
}

// encodeLeaf renders one value canonically: decimals as decimal.String() (exact, trailing zeros
// trimmed, so 40.00 and 40 are the same value), times as RFC 3339 with nanoseconds in UTC, text
// marshalers (AddressType) as their text, other scalars with strconv, anything else as JSON.
// ok is false when the value is absent: a nil pointer, an invalid NullDecimal, or an empty value
// of an omitempty field — exactly the fields the JSON form leaves out or writes as null.
// v must be addressable (it always is: it is reached through a pointer or a slice).
func encodeLeaf(v reflect.Value, c codec, omitEmpty bool) (s string, ok bool) {
	switch c {
	case codecTime:
		return v.Addr().Interface().(*time.Time).UTC().Format(time.RFC3339Nano), true
	case codecDecimal:
		return v.Addr().Interface().(*decimal.Decimal).String(), true
	case codecNullDecimal:
		if nd := v.Addr().Interface().(*decimal.NullDecimal); nd.Valid {
			return nd.Decimal.String(), true
		}
		return "", false
	case codecPointer:
		if v.IsNil() {
			return "", false
		}
		return encodeLeaf(v.Elem(), codecFor(v.Type().Elem()), false)
	}
	if omitEmpty && isEmptyValue(v) {
		return "", false
	}
	switch c {
	case codecString:
		return v.String(), true
	case codecBool:
		return strconv.FormatBool(v.Bool()), true
	case codecInt:
		return strconv.FormatInt(v.Int(), 10), true
	case codecUint:
		return strconv.FormatUint(v.Uint(), 10), true
	case codecFloat:
		return strconv.FormatFloat(v.Float(), 'g', -1, v.Type().Bits()), true
	case codecText:
		b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			panic(fmt.Sprintf("audit: %s: %v", v.Type(), err))
		}
		return string(b), true
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		panic(fmt.Sprintf("audit: %s: %v", v.Type(), err)) // only for types no document uses
	}
	return string(b), true
}

// isEmptyValue is encoding/json's omitempty test.
func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// decodeLeaf is the inverse of encodeLeaf; v must be settable.
func decodeLeaf(v reflect.Value, c codec, s string) error {
	var err error
	switch c {
	case codecTime:
		var t time.Time
		if t, err = time.Parse(time.RFC3339Nano, s); err == nil {
			v.Set(reflect.ValueOf(t))
		}
	case codecDecimal, codecNullDecimal:
		var d decimal.Decimal
		if d, err = decimal.NewFromString(s); err == nil && c == codecDecimal {
			v.Set(reflect.ValueOf(d))
		} else if err == nil {
			v.Set(reflect.ValueOf(decimal.NullDecimal{Decimal: d, Valid: true}))
		}
	case codecPointer:
		p := reflect.New(v.Type().Elem())
		if err = decodeLeaf(p.Elem(), codecFor(p.Type().Elem()), s); err == nil {
			v.Set(p)
		}
	case codecText:
		err = v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
	case codecString:
		v.SetString(s)
	case codecBool:
		var b bool
		if b, err = strconv.ParseBool(s); err == nil {
			v.SetBool(b)
		}
	case codecInt:
		var n int64
		if n, err = strconv.ParseInt(s, 10, v.Type().Bits()); err == nil {
			v.SetInt(n)
		}
	case codecUint:
		var n uint64
		if n, err = strconv.ParseUint(s, 10, v.Type().Bits()); err == nil {
			v.SetUint(n)
		}
	case codecFloat:
		var f float64
		if f, err = strconv.ParseFloat(s, v.Type().Bits()); err == nil {
			v.SetFloat(f)
		}
	default:
		err = json.Unmarshal([]byte(s), v.Addr().Interface())
	}
	return err
}
