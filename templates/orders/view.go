// Package orders holds the order screens.
package orders

// Row is one order of a list, formatted for display.
type Row struct {
	Number, Customer, Store, Total, Currency, Status, Created string
	StatusTone                                                string // ok, warn, bad or ""
	Approved, Cancelled                                       bool
}

// List is the order list screen.
type List struct {
	Rows       []Row
	ShowPrices bool
}
