// Package orders holds the order screens.
package orderlist

// ListPage is the order list screen: views, filters and the results.
type ListPage struct {
	Views     ViewsBar
	Filters   Filters
	Results   Results
	CSRFToken string
	CanCreate bool // may make orders at the desk (New order, Drafts)
}

// ViewsBar lists the built-in and saved views. Counts arrive in a second request (Loaded), so
// the list never waits for them.
type ViewsBar struct {
	Builtin []ViewLink
	Saved   []ViewLink
	Loaded  bool
}

// ViewLink is one view in the bar.
type ViewLink struct {
	ID, Name, URL string
	Key           string // the filter that makes a list this view (viewKey)
	Count         string // "37", "10,000+"; empty until counted
	Current       bool
	Shared        bool
	Owner         string // for views shared by someone else
	CanDelete     bool   // the user's own, or shared and the user an administrator
}

// Option is a choice in a filter.
type Option struct {
	Value, Label string
	Checked      bool
}

// Filters is the filter form as typed.
type Filters struct {
	Keyword     string
	Statuses    []Option
	Stores      []Option
	Currencies  []Option
	PayStates   []Option
	ShipStates  []Option
	Presets     []Option
	Customer    string
	Org         string
	Assignee    string
	From, To    string
	Min, Max    string
	Unshipped   bool
	Unpaid      bool
	OpenReturns bool
	Cancelled   string
	ShowPrices  bool
	Problems    map[string]string // field → message
	Active      int               // how many filters besides the keyword are set
	Summary     string            // the set filters in words, shown while the panel is closed
	ClearURL    string

	// CustomerID narrows to one customer's orders (from the customer panel); CustomerClear is
	// this filter without it.
	CustomerID, CustomerClear string
}

// ProblemFields are the fields that can show a message; each has a slot swapped with the
// results, so a message appears and clears as the user types.
var ProblemFields = []string{"q", "from", "to", "min", "max"}

// Results is the part that changes with every filter: count, columns, rows, pager.
type Results struct {
	Count     string // "37 orders", "10,000+ orders"
	Columns   []Column
	Rows      []Row
	Choices   []ColumnChoice
	Sort      string
	PageSize  int
	PageSizes []int
	NextURL   string
	PrevURL   string
	FirstURL  string
	ExportURL string
	BOMURL    string // the export with a byte-order mark, for spreadsheets
	Estimate  string // rows the export will have, for its progress bar ("12,345" or "10,000+")
	Problems  map[string]string
	OOB       bool // a partial response: also refresh the field messages and the summary
	// FilterActive and FilterSummary refresh the closed filter panel's summary.
	FilterActive  int
	FilterSummary string
	SaveQuery     string // the filter as a URL query, for "save view"
	ViewKey       string // matched against the views bar's keys to mark the current view
	Empty         string
	// Bulk actions the user may take on ticked rows (e.g. send to AvaTax); none: no tick boxes.
	BulkActions []BulkAction
	// Bulk is the bulk-action bar (status, assign, cancel, print, CSV, AvaTax); nil: none.
	Bulk *BulkBar
}

// BulkAction is a button that acts on the ticked rows.
type BulkAction struct {
	URL, Label string
}

// Column is a shown column header.
type Column struct {
	Key, Label string
	Num        bool
	SortURL    string
	SortDir    string // "asc", "desc" or "" when not sorted by it
}

// ColumnChoice is a column in the chooser.
type ColumnChoice struct {
	Key, Label        string
	Checked           bool
	LeftURL, RightURL string // move it; empty at the ends
}

// Row is one order.
type Row struct {
	ID          string
	URL, Number string
	Exact       bool
	Cells       []Cell
	// Pin is the first line of the order's newest pinned note (a pin icon titled with it).
	Pin  string
	Tags []Tag // chips beside the number
}

// Cell is one value; Badge cells show a status pill in Tone.
type Cell struct {
	Key, Label string
	Text, Sub  string
	Badge      bool
	Tone       string // ok, warn, bad or ""
	Num        bool
	Link       bool
	Extra      []Cell // more badges in the same cell (approved, cancelled)
}
