// Package history holds the history screens: one order's timeline (a tab of the order page),
// the managers' history across all orders, and the comparison of two versions of an order.
package history

import "orderdesk/templates/orderpage"

// Option is one choice of a filter's select.
type Option struct {
	Value, Label string
	Selected     bool
}

// Filters is the filter form's state: what the URL says, echoed back.
type Filters struct {
	Action    string // the form's GET target
	Doc       []Option
	Person    []Option
	Topic     []Option
	Period    []Option
	Store     []Option // managers' page only
	From, To  string   // custom period, YYYY-MM-DD
	Keyword   string   // one order: words in the sentences, reason or person
	Reason    string   // managers' page: words in the reason
	HasReason bool
	MinAmount string
	ShowMoney bool // the amount filter is money: only for those who may see prices
	Errors    map[string]string
}

// OrderHistory is one order's history tab.
type OrderHistory struct {
	Order   orderpage.Page // head and tabs only
	Filters Filters
	Results Results
}

// Results is one page of change sets with links to the newer and older pages.
type Results struct {
	Entries   []orderpage.Entry
	Rows      []Row // managers' page
	OlderURL  string
	NewestURL string // set when this is not the first page
	CSVURL    string // managers' page
	Empty     string // what to say when there is nothing
}

// Row is one change set in the managers' history.
type Row struct {
	When, Who, Source, Reason string
	WhoEmail                  string // shown on hover over the name
	Order, OrderURL, Store    string
	Sentences                 []orderpage.Sentence
	More                      int
	AsOfURL                   string
	CompareURL                string
	Taken                     string // a field step's time on the device beside its received time
}

// Across is the managers' history across all orders.
type Across struct {
	Filters Filters
	Results Results
}

// Compare is two versions of one order side by side.
type Compare struct {
	Order      orderpage.Page // head and tabs only
	A, B       Version
	ShowPrices bool
	Header     []Cell
	Lines      []LineCmp
	Documents  []DocCmp
	Totals     []TotalCmp
	Sentences  []string
	SwapURL    string
	// FromChoices and ToChoices pick any two versions (the newest ones) to compare.
	FromChoices, ToChoices []Option
	Action                 string
}

// Version labels one side of a comparison.
type Version struct {
	Label, Detail, URL string
}

// Cell is one field on both sides.
type Cell struct {
	Label, A, B string
	Changed     bool
}

// LineCmp is one line item matched across the versions by its id.
type LineCmp struct {
	Name, Sku, State string // State: added, removed, changed or ""
	Cells            []Cell
}

// DocCmp is one document matched across the versions by its id.
type DocCmp struct {
	Kind, Number, State string
	Cells               []Cell
}

// TotalCmp is one total on both sides with the difference.
type TotalCmp struct {
	Label, A, B, Delta string
	Changed            bool
}
