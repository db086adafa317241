package config

import "strings"

// Returns holds [returns].
type Returns struct {
	// Reasons are the reasons a returned line can be given on the order page, in this order;
	// staff may also type their own.
	Reasons []string
}

// DefaultReturnReasons are offered when [returns] reasons is not set.
var DefaultReturnReasons = []string{"Damaged", "Wrong item", "Not as described", "No longer needed", "Arrived late"}

func returnFields() []field {
	return []field{
		{"returns", "reasons", func(c *Config, v string) error {
			c.Returns.Reasons = nil
			for _, r := range strings.Split(v, ",") {
				if r = strings.TrimSpace(r); r != "" && !containsFold(c.Returns.Reasons, r) {
					c.Returns.Reasons = append(c.Returns.Reasons, r)
				}
			}
			return nil
		}},
	}
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
