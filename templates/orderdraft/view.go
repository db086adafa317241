// Package orderdraft holds the pages of orders made at the desk: the drafts list, a new
// draft, the draft being made, and a duplicate's confirmation.
package orderdraft

import "orderdesk/templates/orderpage"

// List is the drafts in the user's stores.
type List struct {
	Rows      []Row
	CanCreate bool
}

// Row is one draft in the list.
type Row struct {
	URL, Customer, Store, Owner, Updated, Lines, Total string
}

// Choice is one option of a select.
type Choice struct {
	Value, Label string
	Selected     bool
}

// New is the first step: store, currency and customer.
type New struct {
	CSRFToken  string
	Stores     []Choice
	Currencies []Choice
	Customer   string
	Errors     map[string]string
}

// Draft is the draft being made.
type Draft struct {
	ID, CSRFToken            string
	Store, Currency, Owner   string
	Group                    string
	CustomerName, CustomerID string
	Email                    string
	Ship                     Address
	ShippingMethod           string
	ShippingPrice            string
	Payment                  string // "", "manual", "link"
	Lines                    []Line
	ShowPrices               bool
	SubTotal, Shipping, Tax  string
	Total                    string
	Errors                   map[string]string
	// The customer search (GET ?customer=…) and its hits.
	CustomerQuery string
	Customers     []Customer
	// The product search (GET ?q=…&qty=…), priced for this customer at the quantity.
	Query, Quantity string
	Searched        bool
	Products        []orderpage.ProductChoice
	Custom          Custom
	TaxTypes        []Choice
}

// Address is the shipping (and billing) address fields of a draft.
type Address struct {
	FirstName, LastName, Line1, Line2, City, PostalCode, CountryCode, CountryName, Phone string
}

// Line is one line of the draft.
type Line struct {
	Index                           string
	SKU, Name, Quantity, Price, Sum string
	Why                             string
	Custom                          bool
}

// Customer is a customer found in earlier orders.
type Customer struct {
	ID, Name, LastOrdered string
}

// Custom is the custom item form's values after a refused add.
type Custom struct {
	Name, SKU, Price, Quantity, TaxType string
}

// Duplicate confirms starting a draft from an order.
type Duplicate struct {
	OrderID, Number, Customer, CSRFToken string
	Lines                                int
}

// Err is the message for a field, "" when there is none.
func (d Draft) Err(field string) string { return d.Errors[field] }
