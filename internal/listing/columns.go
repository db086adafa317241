// Package listing describes the order list: its columns, its filters as they travel in a URL,
// the date presets, the built-in views and the keyset cursor. It does no I/O; the store runs
// the Query this package resolves, and the web layer renders it.
package listing

import "slices"

// Column is one column the user may show, order and sort by.
type Column struct {
	Key   string
	Label string
	Money bool // hidden, and neither sortable nor filterable, without read-prices
	Num   bool // right-aligned
}

// Columns lists every column, in their default order.
var Columns = []Column{
	{Key: "number", Label: "Number"},
	{Key: "customer", Label: "Customer"},
	{Key: "store", Label: "Store"},
	{Key: "total", Label: "Total", Money: true, Num: true},
	{Key: "balance", Label: "Balance due", Money: true, Num: true},
	{Key: "currency", Label: "Currency"},
	{Key: "approved", Label: "Approved"},
	{Key: "status", Label: "Status"},
	{Key: "payment", Label: "Payment"},
	{Key: "shipping", Label: "Shipping"},
	{Key: "items", Label: "Items", Num: true},
	{Key: "assignee", Label: "Assignee"},
	{Key: "created", Label: "Created"},
}

// DefaultColumns are shown when the URL names none.
var DefaultColumns = []string{"number", "customer", "store", "total", "status", "payment", "shipping", "created"}

// ColumnByKey finds a column.
func ColumnByKey(key string) (Column, bool) {
	i := slices.IndexFunc(Columns, func(c Column) bool { return c.Key == key })
	if i < 0 {
		return Column{}, false
	}
	return Columns[i], true
}
