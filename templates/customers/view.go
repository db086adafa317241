// Package customers renders the customer page: who the customer is, their figures and their
// orders in the order list's own results (columns, sorting, keyset pages).
package customers

import (
	"orderdesk/templates/orderlist"
	"orderdesk/templates/orderpage"
)

// Page is one customer as the viewer's scopes show them.
type Page struct {
	ID      string
	Name    string
	Email   string
	Phone   string
	Guest   bool
	URL     string // this page, which its orders' form reloads
	ListURL string // the order list filtered to this customer
	Figures orderpage.CustomerFigures
	Results orderlist.Results
}
