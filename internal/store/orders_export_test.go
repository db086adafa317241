package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

// StoredColumnDiffs reads every row of the order straight from its tables, without the
// recalculation a load does, and lists each column whose stored value differs from the field of
// o it is named after (computed values included, rounded to their column). Tests use it to show
// that no column, computed or not, is forgotten or bound to the wrong field.
func StoredColumnDiffs(ctx context.Context, s *Store, o *order.CustomerOrder) ([]string, error) {
	var out []string
	for _, set := range rowsOf(o).sets() {
		d, err := set.(storedDiffer).storedDiffs(ctx, s.db, o.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, d...)
	}
	return out, nil
}

type storedDiffer interface {
	storedDiffs(ctx context.Context, q sqlx.QueryerContext, orderID string) ([]string, error)
}

func (x rowsIn[R]) storedDiffs(ctx context.Context, q sqlx.QueryerContext, orderID string) ([]string, error) {
	where := "order_id = ?"
	if x.t == any(ordersTable) {
		where = "id = ?"
	}
	stored, err := loadRows(ctx, q, x.t, where, "", orderID)
	if err != nil {
		return nil, err
	}
	byKey := map[string][]any{}
	for _, r := range stored {
		vals, err := x.t.values(r)
		if err != nil {
			return nil, err
		}
		byKey[keyOf(vals, x.t.key)] = vals
	}
	var out []string
	if len(stored) != len(x.rows) {
		out = append(out, fmt.Sprintf("%s: %d rows stored, %d in the order", x.t.name, len(stored), len(x.rows)))
	}
	for _, r := range x.rows {
		vals, err := x.t.values(r)
		if err != nil {
			return nil, err
		}
		k := keyOf(vals, x.t.key)
		got, ok := byKey[k]
		if !ok {
			out = append(out, fmt.Sprintf("%s: row %s not stored", x.t.name, strings.ReplaceAll(k, "\x00", "/")))
			continue
		}
		// Compare each stored column with the domain field of the same name, found by name
		// rather than through the column's binding, so a binding to the wrong field shows.
		targets := any(r).(interface{ targets() []any }).targets()
		for i, c := range x.t.cols {
			want, found := fieldFor(targets, c.name)
			if !found {
				continue // position, owner, value_position …: no field of that name
			}
			if !storedEqual(got[i], want) {
				out = append(out, fmt.Sprintf("%s.%s of %s: stored %v, the order has %v", x.t.name, c.name,
					strings.ReplaceAll(k, "\x00", "/"), got[i], want))
			}
		}
	}
	return out, nil
}

func (r *orderRow) targets() []any  { return []any{r.o} }
func (r *item[T]) targets() []any   { return []any{r.v} }
func (r *owned[T]) targets() []any  { return []any{r.v} }
func (r *propRow) targets() []any   { return []any{r.v, r.p} }
func (r *returnRow) targets() []any { return []any{r.r} }

// fieldFor finds the struct field a column is named after: price_with_tax → PriceWithTax,
// order_id → OrderID, tracking_url → TrackingURL; a custom-field value's short_text_value →
// ShortText; property_id → the property's ID.
func fieldFor(targets []any, column string) (reflect.Value, bool) {
	if column == "property_id" {
		return reflect.ValueOf(targets[1]).Elem().FieldByName("ID"), true
	}
	if column == "value_id" {
		column = "id"
	}
	column = strings.TrimSuffix(column, "_value")
	var name strings.Builder
	for _, part := range strings.Split(column, "_") {
		switch part {
		case "id", "url", "ip":
			name.WriteString(strings.ToUpper(part))
		case "datetime":
			name.WriteString("DateTime")
		default:
			name.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	for _, t := range targets {
		if f := reflect.ValueOf(t).Elem().FieldByName(name.String()); f.IsValid() {
			return f, true
		}
	}
	return reflect.Value{}, false
}

// storedEqual compares a stored column value with a domain field: decimals at the column's
// scale (4, 6 or 8 places), times as instants, enums and address types as their text.
func storedEqual(stored any, f reflect.Value) bool {
	switch v := f.Interface().(type) {
	case decimal.Decimal:
		s, ok := stored.(string)
		if !ok {
			return false
		}
		d := decimal.RequireFromString(s)
		return d.Equal(v.Round(4)) || d.Equal(v.Round(6)) || d.Equal(v.Round(8))
	case decimal.NullDecimal:
		if !v.Valid {
			return stored == nil
		}
		return storedEqual(stored, reflect.ValueOf(v.Decimal))
	case time.Time:
		t, ok := stored.(time.Time)
		return ok && t.Equal(v)
	case *time.Time:
		if v == nil {
			return stored == nil
		}
		return storedEqual(stored, reflect.ValueOf(*v))
	case order.AddressType:
		return stored == v.String()
	}
	switch f.Kind() {
	case reflect.String:
		return stored == f.String()
	case reflect.Int, reflect.Int64:
		return stored == f.Int()
	case reflect.Bool:
		return stored == f.Bool()
	}
	return false
}
