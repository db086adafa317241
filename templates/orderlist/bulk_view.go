package orderlist

import "orderdesk/templates/orderpage"

// BulkBar is what the user may do with the ticked rows, or with every order the filter
// matches; nil: no tick boxes.
type BulkBar struct {
	Count       string   // the filter's count ("60", "10,000+"), for "all N matching"
	Statuses    []Option // statuses the dictionary offers (no Cancelled: that is Cancel)
	Assignees   []Option
	CanUpdate   bool // change status, assign, cancel
	CanInvoice  bool // print invoices (read-prices)
	CanTax      bool // send to AvaTax
	NeedsReason bool // cancelling must say why ([reasons] cancellation)
	// Tags: the tags branch adds its add/remove controls here (CanTag, the known tags).
}

// BulkJobPage is a bulk job's progress and, once it ends, its result list.
type BulkJobPage struct {
	ID, Title, State, StateLabel string
	Total, Done, Failed, Skipped int
	Running                      bool
	Started, Finished            string
	Problems                     []BulkItem // failed and skipped orders, in selection order
	MoreProblems                 int        // problems beyond the list
	Back                         string
}

// BulkItem is one order a job did not do, and why.
type BulkItem struct {
	OrderID, Number, Outcome, Message string
}

// BulkJobsPage lists the user's recent jobs.
type BulkJobsPage struct {
	Jobs []BulkJobPage
}

// BulkPrint is one printable document of many orders: an invoice, or the packing slips, of
// each, every one on its own page.
type BulkPrint struct {
	What     string // "invoices", "packing slips"
	Back     string
	Invoices []orderpage.Invoice
	Slips    []orderpage.PackingSlips
	Notes    []string // orders with nothing to print, and why
}
