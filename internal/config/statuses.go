package config

import (
	"fmt"
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
		)
	}
	return fs
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
	for _, sk := range statusKeys {
		dict := r.Dictionaries[sk.dt]
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

func splitList(v, sep string) []string {
	var out []string
	for _, part := range strings.Split(v, sep) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}
