package staff

import (
	"strings"
	"testing"

	"orderdesk/internal/order"
)

// Custom fields read and written without a database.

func TestParseCustomInput(t *testing.T) {
	for _, c := range []struct {
		raw     string
		typ     order.DynamicValueType
		list    bool
		want    string
		wantErr string
	}{
		{"true", order.ValueBoolean, false, "true", ""},
		{"anything", order.ValueBoolean, false, "false", ""},
		{"42", order.ValueInteger, false, "42", ""},
		{"4x", order.ValueInteger, false, "", "?"},
		{"a\nb", order.ValueShortText, false, "", "takes a single value"},
		{"a\n\nb", order.ValueShortText, true, "a\nb", ""},
		{"first\n\nthird", order.ValueLongText, false, "first\n\nthird", ""},
		{strings.Repeat("x", 513), order.ValueShortText, false, "", "keep it under 512 characters"},
	} {
		got, err := parsePropertyInput(c.raw, c.typ, c.list)
		switch {
		case c.wantErr == "" && err != nil:
			t.Errorf("%q as %s: %v", c.raw, c.typ, err)
		case c.wantErr == "?" && err == nil, c.wantErr != "" && c.wantErr != "?" && (err == nil || err.Error() != c.wantErr):
			t.Errorf("%q as %s: err %v, want %q", c.raw, c.typ, err, c.wantErr)
		case c.wantErr == "" && got != c.want:
			t.Errorf("%q as %s (list %v) = %q, want %q", c.raw, c.typ, c.list, got, c.want)
		}
	}
}

func TestCustomValuesKeepTheirIDs(t *testing.T) {
	old := []order.DynamicPropertyValue{{ID: "V1", Locale: "en-US", ShortText: "red"}}
	vals := propertyValues(old, "blue\ngreen", order.ValueShortText, true)
	if len(vals) != 2 || vals[0].ID != "V1" || vals[0].Locale != "en-US" || vals[0].ShortText != "blue" || vals[1].ID == "" || vals[1].ID == "V1" {
		t.Errorf("values %+v: want the first to keep V1 and its locale, the second a new id", vals)
	}
	cp := &order.DynamicProperty{ValueType: order.ValueShortText, Values: vals}
	if text, ok := propertyText(cp, order.ValueShortText); !ok || text != "blue\ngreen" {
		t.Errorf("text %q %v", text, ok)
	}
	if vals := propertyValues(nil, "false", order.ValueBoolean, false); vals != nil {
		t.Errorf("an unset yes/no left false became %+v", vals)
	}
	if text, ok := propertyText(&order.DynamicProperty{ValueType: order.ValueBoolean}, order.ValueBoolean); !ok || text != "false" {
		t.Errorf("an unset yes/no reads %q", text)
	}
	if _, ok := propertyText(nil, order.ValueShortText); ok {
		t.Error("a field the order does not have reads as present")
	}
	if vals := propertyValues(old, "", order.ValueShortText, false); vals != nil {
		t.Errorf("blank: %+v, want no values", vals)
	}
}
