package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"orderdesk/internal/order"
)

// statusKeys maps the [statuses] and [transitions] key names to document types.
var statusKeys = []struct {
	key string
	dt  order.DocumentType
}{
	{"order", order.TypeCustomerOrder},
	{"line_item", order.TypeLineItem},
	{"shipment", order.TypeShipment},
	{"payment", order.TypePaymentIn},
	{"capture", order.TypeCapture},
	{"refund", order.TypeRefund},
	{"return", order.TypeReturn},
}

// statusFields are the keys of [statuses] (pick lists and initial statuses) and [transitions].
func statusFields() []field {
	var fs []field
	for _, sk := range statusKeys {
		dt := sk.dt
		fs = append(fs,
			field{"statuses", sk.key, func(c *Config, v string) error {
				list := splitList(v, ",")
				if len(list) == 0 {
					return fmt.Errorf("list at least one status, separated by commas")
				}
				c.Statuses.Dictionaries[dt] = list
				return nil
			}},
			field{"statuses", sk.key + "_initial", func(c *Config, v string) error {
				c.Statuses.Initial[dt] = v
				return nil
			}},
			field{"transitions", sk.key, func(c *Config, v string) error {
				if v == "" {
					return nil // no rules: any status may follow any other, as in Virto
				}
				rules, err := parseTransitions(v)
				if err != nil {
					return err
				}
				if c.Statuses.Transitions == nil {
					c.Statuses.Transitions = map[order.DocumentType]map[string][]string{}
				}
				c.Statuses.Transitions[dt] = rules
				return nil
			}},
			// After [statuses] of the same type (fields are applied in order), so the labels
			// are checked against the list in force.
			field{"status_labels", sk.key, func(c *Config, v string) error {
				return setLabels(c, dt, v, append(slices.Clone(c.Statuses.Dictionaries[dt]), c.Statuses.System[dt]...))
			}},
		)
	}
	fs = append(fs, field{"statuses", "accept_any", boolInto(func(c *Config) *bool { return &c.Statuses.AcceptAny })})
	return append(fs, field{"status_labels", "refund_reason", func(c *Config, v string) error {
		return setLabels(c, order.TypeRefundReason, v, refundReasons())
	}})
}

func refundReasons() []string {
	var out []string
	for _, code := range order.RefundReasonCodes {
		out = append(out, string(code))
	}
	return out
}

// setLabels reads "Not payed: Not paid, PickPack: Pick & pack" into the labels of one type. The
// statuses named override the default labels one by one; the others keep theirs. A label for a
// value that is not stored is refused: a typo would silently show the code.
func setLabels(c *Config, dt order.DocumentType, v string, values []string) error {
	labels, err := parseLabels(v)
	if err != nil {
		return err
	}
	for _, status := range slices.Sorted(maps.Keys(labels)) {
		if !slices.Contains(values, status) {
			return fmt.Errorf("%q is not a stored value (%s)", status, strings.Join(values, ", "))
		}
	}
	if len(labels) == 0 {
		return nil // the defaults stay
	}
	if c.Statuses.Labels == nil {
		c.Statuses.Labels = map[order.DocumentType]map[string]string{}
	}
	if c.Statuses.Labels[dt] == nil {
		c.Statuses.Labels[dt] = map[string]string{}
	}
	for status, label := range labels {
		c.Statuses.Labels[dt][status] = label
	}
	return nil
}

func parseLabels(v string) (map[string]string, error) {
	out := map[string]string{}
	for _, pair := range splitList(v, ",") {
		status, label, ok := strings.Cut(pair, ":")
		status, label = strings.TrimSpace(status), strings.TrimSpace(label)
		if !ok || status == "" || label == "" {
			return nil, fmt.Errorf("want \"Stored status: Label\" pairs separated by commas, e.g. \"Not payed: Not paid\", got %q", pair)
		}
		if _, dup := out[status]; dup {
			return nil, fmt.Errorf("status %q has two labels", status)
		}
		out[status] = label
	}
	return out, nil
}

// parseTransitions reads "New -> Processing, Cancelled | Processing -> Ready to send": for each
// from-status, the statuses it may move to. "Completed ->" (nothing after the arrow) freezes a
// status.
func parseTransitions(v string) (map[string][]string, error) {
	rules := map[string][]string{}
	for _, rule := range splitList(v, "|") {
		from, to, ok := strings.Cut(rule, "->")
		from = strings.TrimSpace(from)
		if !ok || from == "" {
			return nil, fmt.Errorf("want rules like \"New -> Processing, Cancelled | Processing -> Completed\", got %q", rule)
		}
		if _, dup := rules[from]; dup {
			return nil, fmt.Errorf("status %q has two rules", from)
		}
		rules[from] = splitList(to, ",")
	}
	return rules, nil
}

func validateStatuses(r order.StatusRules, bad func(section, key, msg string, args ...any)) {
	distinctLabels(r.Labels[order.TypeRefundReason], refundReasons(), "refund_reason", bad)
	for _, sk := range statusKeys {
		dict := r.Dictionaries[sk.dt]
		distinctLabels(r.Labels[sk.dt], append(slices.Clone(dict), r.System[sk.dt]...), sk.key, bad)
		if init := r.Initial[sk.dt]; init != "" && !slices.Contains(dict, init) {
			bad("statuses", sk.key+"_initial", "%q is not in the %s list (%s)", init, sk.key, strings.Join(dict, ", "))
		}
		for from, tos := range r.Transitions[sk.dt] {
			for _, s := range append([]string{from}, tos...) {
				if !slices.Contains(dict, s) && !slices.Contains(r.System[sk.dt], s) {
					bad("transitions", sk.key, "%q is not a %s status (%s)", s, sk.key, strings.Join(dict, ", "))
				}
			}
		}
	}
}

// distinctLabels refuses two values of one type that read the same: people could not tell
// them apart.
func distinctLabels(labels map[string]string, values []string, key string, bad func(section, key, msg string, args ...any)) {
	readAs := map[string]string{}
	for _, v := range values {
		l := v
		if labels[v] != "" {
			l = labels[v]
		}
		if other, dup := readAs[strings.ToLower(l)]; dup && other != v {
			bad("status_labels", key, "%q and %q would both read %q", other, v, l)
		}
		readAs[strings.ToLower(l)] = v
	}
}

func splitList(v, sep string) []string {
	var out []string
	for _, part := range strings.Split(v, sep) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}
