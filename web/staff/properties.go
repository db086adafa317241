package staff

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"orderdesk/internal/order"
	"orderdesk/templates/orderpage"
)

// Custom fields, in code "properties" (Virto's dynamic properties), so that "field" keeps to
// field mode and a form's parts are "inputs": the order's own, edited on the order page. Single values and lists (one
// value per line) of every value type are edited here; dictionary and multilingual fields
// belong to the platform's definitions and stay read-only (the API sets them).

// propertyKey names a custom field in forms and audit paths: its property id, else its name
// (the audit path uses the same rule).
func propertyKey(p order.DynamicProperty) string {
	if p.ID != "" {
		return p.ID
	}
	return p.Name
}

func findProperty(o *order.CustomerOrder, key string) *order.DynamicProperty {
	for i := range o.DynamicProperties {
		if propertyKey(o.DynamicProperties[i]) == key {
			return &o.DynamicProperties[i]
		}
	}
	return nil
}

// editableProperty says whether the desk edits this field (see the package note above).
func editableProperty(p order.DynamicProperty) bool { return !p.IsDictionary && !p.IsMultilingual }

func propertiesForm(o *order.CustomerOrder) editForm {
	ef := editForm{
		key: "custom", domID: "edit-custom", action: "/orders/" + o.ID + "/custom-fields", target: "custom-panel",
		anchor: "p-custom", title: "Edit custom fields", submit: "Save custom fields",
		errPrefix: func(*order.CustomerOrder) string { return "" },
		exists:    func(*order.CustomerOrder) bool { return true },
	}
	for _, p := range o.DynamicProperties {
		if editableProperty(p) {
			ef.fields = append(ef.fields, propertyInput(p))
		}
	}
	return ef
}

// propertyInput edits one custom field. Its canonical value is the values' text, one per line.
func propertyInput(p order.DynamicProperty) input {
	key, t, list := propertyKey(p), p.ValueType, p.IsArray
	f := input{name: "cf." + key, label: p.Name, kind: propertyKind(t, list), path: "dynamicProperties[" + key + "]"}
	if list {
		f.label += " (one per line)"
	}
	f.get = func(o *order.CustomerOrder) (string, bool) { return propertyText(findProperty(o, key), t) }
	f.parse = func(raw string) (string, error) { return parsePropertyInput(raw, t, list) }
	if t == order.ValueDateTime {
		f.display = showDateTimes
	}
	f.set = func(o *order.CustomerOrder, v string) {
		if cp := findProperty(o, key); cp != nil {
			cp.Values = propertyValues(cp.Values, v, t, list)
		}
	}
	return f
}

// propertyText is a custom field's canonical text, one value per line; false when the order has
// no such field. An unset yes/no reads as "false".
func propertyText(cp *order.DynamicProperty, t order.DynamicValueType) (string, bool) {
	if cp == nil {
		return "", false
	}
	var vals []string
	for _, v := range cp.Values {
		vals = append(vals, v.Text(cp.ValueType))
	}
	if len(vals) == 0 && t == order.ValueBoolean {
		return "false", true
	}
	return strings.Join(vals, "\n"), true
}

// parsePropertyInput reads what was typed into a custom field as its canonical text: a yes/no
// is "true" or "false", a list one value per line (blank lines left out), anything else one
// value (long text and HTML may span lines).
func parsePropertyInput(raw string, t order.DynamicValueType, list bool) (string, error) {
	if t == order.ValueBoolean {
		return fmt.Sprint(raw == "true"), nil
	}
	lines := []string{raw}
	if list {
		lines = strings.Split(raw, "\n")
	} else if t != order.ValueLongText && t != order.ValueHTML && strings.Contains(strings.TrimSpace(raw), "\n") {
		return "", fmt.Errorf("takes a single value")
	}
	var out []string
	for _, l := range lines {
		if strings.TrimSpace(l) == "" && (list || t != order.ValueLongText) {
			continue
		}
		v, err := order.ParseDynamicValue(t, l)
		if err != nil {
			return "", err
		}
		if t == order.ValueShortText && len([]rune(v.ShortText)) > 512 {
			return "", fmt.Errorf("keep it under 512 characters")
		}
		out = append(out, v.Text(t))
	}
	return strings.Join(out, "\n"), nil
}

// showDateTimes shows each date-time value of a canonical text as the desk does.
func showDateTimes(v string) string {
	var out []string
	for _, l := range strings.Split(v, "\n") {
		out = append(out, showDateTime(l))
	}
	return strings.Join(out, "\n")
}

// propertyValues are the values canonical text v stands for. Each keeps the id (and locale) of
// the value it replaces, so the history shows a change, not a removal and an addition; an
// unset yes/no left "false" stays unset.
func propertyValues(old []order.DynamicPropertyValue, v string, t order.DynamicValueType, list bool) []order.DynamicPropertyValue {
	if v == "" || t == order.ValueBoolean && v == "false" && len(old) == 0 {
		return nil
	}
	parts := []string{v}
	if list {
		parts = strings.Split(v, "\n")
	}
	var vals []order.DynamicPropertyValue
	for i, part := range parts {
		val, err := order.ParseDynamicValue(t, part)
		if err != nil {
			continue // parse checked it; the canonical text always parses
		}
		if i < len(old) {
			val.ID, val.Locale = old[i].ID, old[i].Locale
		} else {
			val.ID = order.NewID()
		}
		vals = append(vals, val)
	}
	return vals
}

func propertyKind(t order.DynamicValueType, list bool) string {
	switch {
	case list, t == order.ValueLongText, t == order.ValueHTML:
		return "textarea"
	case t == order.ValueInteger:
		return "integer"
	case t == order.ValueDecimal:
		return "decimal"
	case t == order.ValueBoolean:
		return "check"
	case t == order.ValueDateTime:
		return "date"
	}
	return "text"
}

// showDateTime shows a stored RFC 3339 time as people type it: the day, and the time (UTC)
// unless it is midnight.
func showDateTime(v string) string {
	ts, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return v
	}
	ts = ts.UTC()
	if ts.Hour() == 0 && ts.Minute() == 0 && ts.Second() == 0 {
		return ts.Format("2006-01-02")
	}
	return ts.Format("2006-01-02 15:04")
}

// addPropertyForm adds a custom field to the order: a name, a value type and its first value.
func addPropertyForm(o *order.CustomerOrder) editForm {
	types := make([]orderpage.Option, 0, len(order.DynamicValueTypes))
	for _, t := range order.DynamicValueTypes {
		types = append(types, orderpage.Option{Value: string(t), Label: splitWords(string(t))})
	}
	blank := func(*order.CustomerOrder) (string, bool) { return "", true }
	noop := func(*order.CustomerOrder, string) {}
	return editForm{
		key: "custom-add", domID: "add-custom", action: "/orders/" + o.ID + "/custom-fields/add", target: "custom-panel",
		anchor: "p-custom", title: "Add field", submit: "Add field",
		errPrefix: func(*order.CustomerOrder) string { return "" },
		exists:    func(*order.CustomerOrder) bool { return true },
		fields: []input{
			{name: "name", label: "Name", kind: "text", get: blank, set: noop},
			{name: "valueType", label: "Type", kind: "select", options: types, get: blank, set: noop},
			{name: "value", label: "Value", kind: "text", get: blank, set: noop},
		},
	}
}

// editProperties saves the custom-field form through the field-by-field merge.
func (s *Server) editProperties(w http.ResponseWriter, r *http.Request) {
	s.saveEdit(w, r, func(o *order.CustomerOrder, _ editOptions, _ bool) editForm { return propertiesForm(o) })
}

// addProperty adds a field to the order as it is now; a name already on the order is
// refused at the name (edit that field instead).
func (s *Server) addProperty(w http.ResponseWriter, r *http.Request) {
	var prop order.DynamicProperty
	s.wholeEdit(w, r, func(o *order.CustomerOrder, _ editOptions, _ bool) editForm { return addPropertyForm(o) },
		func(o *order.CustomerOrder, st *formState) bool {
			name := strings.TrimSpace(r.PostForm.Get("name"))
			t := order.DynamicValueType(r.PostForm.Get("valueType"))
			raw := r.PostForm.Get("value")
			st.raw["name"], st.raw["valueType"], st.raw["value"] = name, string(t), raw
			switch {
			case name == "":
				st.errs["name"] = "Give the field a name."
			case len([]rune(name)) > 256:
				st.errs["name"] = "Keep the name under 256 characters."
			}
			for _, p := range o.DynamicProperties {
				if strings.EqualFold(p.Name, name) && name != "" {
					st.errs["name"] = "The order already has a field named “" + p.Name + "”: edit it instead."
				}
			}
			known := false
			for _, vt := range order.DynamicValueTypes {
				known = known || vt == t
			}
			if !known {
				st.errs["valueType"] = "Pick a type."
				return false
			}
			if strings.TrimSpace(raw) == "" && t != order.ValueBoolean {
				st.errs["value"] = "Give the field a value."
				return false
			}
			if t == order.ValueBoolean && strings.TrimSpace(raw) == "" {
				raw = "false"
			}
			v, err := order.ParseDynamicValue(t, raw)
			if err != nil {
				st.errs["value"] = err.Error()
			} else if t == order.ValueShortText && len([]rune(v.ShortText)) > 512 {
				st.errs["value"] = "Keep it under 512 characters."
			}
			v.ID = order.NewID()
			prop = order.DynamicProperty{ID: order.NewID(), Name: name, ValueType: t, Values: []order.DynamicPropertyValue{v}}
			return len(st.errs) == 0
		},
		func(o *order.CustomerOrder, _ *formState) error {
			p := prop
			p.Values = append([]order.DynamicPropertyValue(nil), prop.Values...)
			o.DynamicProperties = append(o.DynamicProperties, p)
			return nil
		})
}
