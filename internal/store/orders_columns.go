package store

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

// A field binds one struct field to one column. It is the Scan destination when reading and
// the argument when writing; its Value is what the column will hold, so comparing Values tells
// whether a row changed. normalize brings the in-memory value to exactly what the column keeps
// (decimal scale, microseconds, UTC) before anything is calculated or compared.
//
// The domain structs carry no db tags: these small adapters are the whole mapping.
type field interface {
	Scan(src any) error
	Value() (driver.Value, error)
	normalize()
}

// text binds a string-kinded field (plain strings and enum types such as CancelledState).
type text[T ~string] struct{ p *T }

func str[T ~string](p *T) field { return text[T]{p} }

func (f text[T]) Scan(src any) error {
	switch v := src.(type) {
	case string:
		*f.p = T(v)
	case []byte:
		*f.p = T(v)
	case nil:
		*f.p = ""
	default:
		return fmt.Errorf("store: cannot scan %T into text", src)
	}
	return nil
}
func (f text[T]) Value() (driver.Value, error) { return string(*f.p), nil }
func (f text[T]) normalize()                   {}

// integer binds int and int64 fields.
type integer[T ~int | ~int64] struct{ p *T }

func num[T ~int | ~int64](p *T) field { return integer[T]{p} }

func (f integer[T]) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		*f.p = T(v)
	case []byte:
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return fmt.Errorf("store: scan integer %q: %w", v, err)
		}
		*f.p = T(n)
	default:
		return fmt.Errorf("store: cannot scan %T into an integer", src)
	}
	return nil
}
func (f integer[T]) Value() (driver.Value, error) { return int64(*f.p), nil }
func (f integer[T]) normalize()                   {}

type boolean struct{ p *bool }

func flag(p *bool) field { return boolean{p} }

func (f boolean) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		*f.p = v != 0
	case bool:
		*f.p = v
	case []byte:
		*f.p = string(v) != "0" && string(v) != ""
	default:
		return fmt.Errorf("store: cannot scan %T into a boolean", src)
	}
	return nil
}
func (f boolean) Value() (driver.Value, error) { return *f.p, nil }
func (f boolean) normalize()                   {}

// Column scales: money and dimensions, rates (fractions), a custom field's decimal value.
const (
	scaleMoney = 4
	scaleRate  = 6
	scaleValue = 8
)

// dec binds a decimal to a DECIMAL(…, scale) column; the value written is rounded half away
// from zero to the scale, which is how inputs are normalized and computed values stored.
type dec struct {
	p     *decimal.Decimal
	scale int32
}

func money(p *decimal.Decimal) field { return dec{p, scaleMoney} }
func rate(p *decimal.Decimal) field  { return dec{p, scaleRate} }

func (f dec) Scan(src any) error           { return f.p.Scan(src) }
func (f dec) Value() (driver.Value, error) { return f.p.Round(f.scale).String(), nil }
func (f dec) normalize()                   { *f.p = f.p.Round(f.scale) }

// nullDec binds an optional decimal (weights, dimensions) to a nullable column.
type nullDec struct{ p *decimal.NullDecimal }

func measure(p *decimal.NullDecimal) field { return nullDec{p} }

func (f nullDec) Scan(src any) error { return f.p.Scan(src) }
func (f nullDec) Value() (driver.Value, error) {
	if !f.p.Valid {
		return nil, nil
	}
	return f.p.Decimal.Round(scaleMoney).String(), nil
}
func (f nullDec) normalize() {
	if f.p.Valid {
		f.p.Decimal = f.p.Decimal.Round(scaleMoney)
	}
}

// stamp binds a required DATETIME(6) in UTC.
type stamp struct{ p *time.Time }

func at(p *time.Time) field { return stamp{p} }

func (f stamp) Scan(src any) error {
	t, ok := src.(time.Time)
	if !ok {
		return fmt.Errorf("store: cannot scan %T into a time (is parseTime on?)", src)
	}
	*f.p = t.UTC()
	return nil
}
func (f stamp) Value() (driver.Value, error) { return f.p.UTC().Truncate(time.Microsecond), nil }
func (f stamp) normalize()                   { *f.p = f.p.UTC().Truncate(time.Microsecond) }

// optStamp binds an optional time (*time.Time, NULL when nil).
type optStamp struct{ p **time.Time }

func atOpt(p **time.Time) field { return optStamp{p} }

func (f optStamp) Scan(src any) error {
	if src == nil {
		*f.p = nil
		return nil
	}
	var t time.Time
	if err := (stamp{&t}).Scan(src); err != nil {
		return err
	}
	*f.p = &t
	return nil
}
func (f optStamp) Value() (driver.Value, error) {
	if *f.p == nil {
		return nil, nil
	}
	return (*f.p).UTC().Truncate(time.Microsecond), nil
}
func (f optStamp) normalize() {
	if *f.p != nil {
		t := (*f.p).UTC().Truncate(time.Microsecond)
		*f.p = &t
	}
}

// addrType stores an AddressType as its .NET flags text ("BillingAndShipping", "Billing, Pickup").
type addrType struct{ p *order.AddressType }

func (f addrType) Scan(src any) error {
	var s string
	if err := (text[string]{&s}).Scan(src); err != nil {
		return err
	}
	*f.p = order.ParseAddressType(s)
	return nil
}
func (f addrType) Value() (driver.Value, error) { return f.p.String(), nil }
func (f addrType) normalize()                   {}

// sameValue compares two column values as the database would see them.
func sameValue(a, b driver.Value) bool {
	if ta, ok := a.(time.Time); ok {
		tb, ok := b.(time.Time)
		return ok && ta.Equal(tb)
	}
	return a == b
}

// col is one column of a table: its name and how to bind it on a row.
type col[R any] struct {
	name string
	bind func(*R) field
}

// table describes how one entity is stored: the table, its columns (the first key of them form
// the primary key, order_id first for children), the order rows load in, how to make an empty
// row, and where the row's audit fields are (nil for entities without them).
type table[R any] struct {
	name    string
	key     int
	orderBy string
	newRow  func() *R // an empty row to scan into
	cols    []col[R]
	audit   func(*R) *order.Audit
}

// columnList renders the column names for SQL, several per line.
func (t *table[R]) columnList(indent string) string {
	var b strings.Builder
	line := 0
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(",")
			if line+len(c.name) > 80 {
				b.WriteString("\n" + indent)
				line = 0
			} else {
				b.WriteString(" ")
			}
		}
		b.WriteString(c.name)
		line += len(c.name) + 2
	}
	return b.String()
}

// fields binds every column of r, in column order.
func (t *table[R]) fields(r *R) []field {
	fs := make([]field, len(t.cols))
	for i, c := range t.cols {
		fs[i] = c.bind(r)
	}
	return fs
}

// values returns what r's columns will hold.
func (t *table[R]) values(r *R) ([]any, error) {
	fs := t.fields(r)
	out := make([]any, len(fs))
	for i, f := range fs {
		v, err := f.Value()
		if err != nil {
			return nil, fmt.Errorf("store: %s.%s: %w", t.name, t.cols[i].name, err)
		}
		out[i] = v
	}
	return out, nil
}

// keyOf is the row's primary key as one comparable string.
func keyOf(values []any, n int) string {
	parts := make([]string, n)
	for i := range n {
		parts[i] = fmt.Sprint(values[i])
	}
	return strings.Join(parts, "\x00")
}

// Column groups shared by several tables.

func auditCols[R any](a func(*R) *order.Audit) []col[R] {
	return []col[R]{
		{"created_date", func(r *R) field { return at(&a(r).CreatedDate) }},
		{"created_by", func(r *R) field { return str(&a(r).CreatedBy) }},
		{"modified_date", func(r *R) field { return atOpt(&a(r).ModifiedDate) }},
		{"modified_by", func(r *R) field { return str(&a(r).ModifiedBy) }},
	}
}

// operationCols are the columns of every document (Virto's OrderOperation) except id and
// audit, which come first and last.
func operationCols[R any](op func(*R) *order.Operation) []col[R] {
	return []col[R]{
		{"number", func(r *R) field { return str(&op(r).Number) }},
		{"parent_operation_id", func(r *R) field { return str(&op(r).ParentOperationID) }},
		{"is_approved", func(r *R) field { return flag(&op(r).IsApproved) }},
		{"status", func(r *R) field { return str(&op(r).Status) }},
		{"comment", func(r *R) field { return str(&op(r).Comment) }},
		{"currency", func(r *R) field { return str(&op(r).Currency) }},
		{"sum", func(r *R) field { return money(&op(r).Sum) }},
		{"outer_id", func(r *R) field { return str(&op(r).OuterID) }},
		{"is_cancelled", func(r *R) field { return flag(&op(r).IsCancelled) }},
		{"cancelled_state", func(r *R) field { return str(&op(r).CancelledState) }},
		{"cancelled_date", func(r *R) field { return atOpt(&op(r).CancelledDate) }},
		{"cancel_reason", func(r *R) field { return str(&op(r).CancelReason) }},
	}
}

func join[R any](groups ...[]col[R]) []col[R] {
	var out []col[R]
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}
