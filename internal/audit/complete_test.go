package audit

import (
	"fmt"
	"maps"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

// filler sets every exported, JSON-visible field of a value to a distinct non-empty value, one
// element per collection, and counts the leaf fields it set. It is written independently of the
// package's own reflection so that the two can check each other.
type filler struct {
	t *testing.T
	n int
}

func (f *filler) fill(v reflect.Value) int {
	f.n++
	switch v.Type() {
	case reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(time.Date(2020, 1, 1, 0, 0, f.n, f.n, time.UTC)))
		return 1
	case reflect.TypeFor[decimal.Decimal]():
		v.Set(reflect.ValueOf(decimal.New(int64(f.n), -2)))
		return 1
	case reflect.TypeFor[decimal.NullDecimal]():
		v.Set(reflect.ValueOf(decimal.NullDecimal{Decimal: decimal.New(int64(f.n), -3), Valid: true}))
		return 1
	case reflect.TypeFor[order.AddressType]():
		v.Set(reflect.ValueOf(order.AddressType(1 + f.n%7)))
		return 1
	}
	switch v.Kind() {
	case reflect.Struct:
		n := 0
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			tag := sf.Tag.Get("json")
			if a, ok := sf.Tag.Lookup("audit"); ok {
				tag = a // the audit's own name wins (Tags are audited as TagIDs)
			}
			if sf.IsExported() && tag != "-" {
				n += f.fill(v.Field(i))
			}
		}
		return n
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		return f.fill(v.Elem())
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		v.Set(s)
		return f.fill(s.Index(0))
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d", f.n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(f.n))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(f.n))
	default:
		f.t.Fatalf("filler: no value for %s: teach the test (and check the flat form) about it", v.Type())
	}
	return 1
}

// TestEveryFieldAudited fills every field of the documents and checks that each one has its own
// path in the flat form and comes back through Diff and Apply: a field added to the domain later
// is audited, or this test fails.
func TestEveryFieldAudited(t *testing.T) {
	check := func(t *testing.T, name string, v any, flat func() map[string]string, roundTrip func() (map[string]string, error)) {
		f := &filler{t: t}
		leaves := f.fill(reflect.ValueOf(v).Elem())
		got := flat()
		if len(got) != leaves {
			t.Errorf("%s: %d leaf fields but %d paths", name, leaves, len(got))
		}
		for p, s := range got {
			if s == "" {
				t.Errorf("%s: %s is empty", name, p)
			}
		}
		back, err := roundTrip()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !maps.Equal(back, got) {
			t.Errorf("%s: a field is lost through Diff and Apply", name)
		}
		t.Logf("%s: %d fields", name, leaves)
	}
	o := &order.CustomerOrder{}
	check(t, "CustomerOrder", o, func() map[string]string { return Flatten(o) }, func() (map[string]string, error) {
		b, err := Apply(nil, Diff(nil, o))
		return Flatten(b), err
	})
	r := &order.Return{}
	check(t, "Return", r, func() map[string]string { return FlattenOf(r) }, func() (map[string]string, error) {
		b, err := ApplyOf[order.Return](nil, DiffOf(nil, r))
		return FlattenOf(b), err
	})
}

// TestElementsAlwaysHaveALeaf: an element keyed by position is rebuilt from its leaves, so every
// element type needs a field that is always written (not omitempty, not nullable).
func TestElementsAlwaysHaveALeaf(t *testing.T) {
	seen := map[*plan]bool{}
	var visit func(p *plan)
	visit = func(p *plan) {
		if seen[p] {
			return
		}
		seen[p] = true
		always := false
		for _, f := range p.fields {
			if f.kind == leafKind && !f.omitEmpty && f.codec != codecPointer && f.codec != codecNullDecimal {
				always = true
			}
			if f.elem != nil {
				visit(f.elem)
			}
		}
		if !always {
			t.Errorf("%s has no always-present field", p.typ)
		}
	}
	visit(planFor(reflect.TypeFor[order.CustomerOrder]()))
	visit(planFor(reflect.TypeFor[order.Return]()))
	if len(seen) < 20 {
		t.Errorf("only %d entity types reached", len(seen))
	}
}
