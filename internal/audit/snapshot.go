package audit

import (
	"fmt"
	"reflect"

	"orderdesk/internal/order"
)

// Leaves is the flat form of an order in document order: what a checkpoint keeps. Unlike the
// map Flatten returns it also fixes the order of every collection, so FromLeaves rebuilds the
// order exactly.
func Leaves(o *order.CustomerOrder) []Leaf {
	if o == nil {
		return nil
	}
	return leavesOf(encode(o))
}

// FromLeaves rebuilds an order from Leaves.
func FromLeaves(leaves []Leaf) (*order.CustomerOrder, error) {
	if len(leaves) == 0 {
		return nil, nil
	}
	n, err := buildNode(planFor(reflect.TypeFor[order.CustomerOrder]()), "", leaves)
	if err != nil {
		return nil, fmt.Errorf("audit: rebuild from leaves: %w", err)
	}
	o := new(order.CustomerOrder)
	if err := decodeNode(n, reflect.ValueOf(o).Elem()); err != nil {
		return nil, fmt.Errorf("audit: rebuild from leaves: %w", err)
	}
	return o, nil
}
