// Package dashboard is the managers' dashboard: figures, charts drawn as SVG on the server, and
// links from every figure to the list or history behind it.
package dashboard

// Page is the whole dashboard.
type Page struct {
	Filter     Filter
	Currencies []Currency
	Queues     []Link
	Refunds    []Reason
	Returns    []Reason
	People     []Link
	Note       string // e.g. why figures are hidden for this user
}

// Filter is the range, period and stores form.
type Filter struct {
	Range, From, To, Period string
	Ranges, Periods, Stores []Option
	Problem                 string
}

// Option is a choice in the filter.
type Option struct {
	Value, Label string
	Checked      bool
}

// Currency is one currency's figures and chart.
type Currency struct {
	Code                                    string
	Orders, Revenue, Average, Items, Cancel string
	OrdersURL                               string
	Chart                                   Chart
}

// Chart is a bar chart already laid out in SVG units (viewBox 0 0 Width Height).
type Chart struct {
	Width, Height int
	Bars          []Bar
	Max           string // the top of the scale, labelled
	Title         string
}

// Bar is one period.
type Bar struct {
	X, Y, W, H   int
	SlotX, SlotW int    // the column the bar stands in: the tap target
	Label        string // shown under the bar when there is room
	LabelX       int
	Tip          string // "3 Nov: 12 orders, 1,204.50"
	URL          string
}

// Link is a figure with the page that explains it.
type Link struct {
	Label, Value, URL string
}

// Reason is one row of refunds or returns by reason.
type Reason struct {
	Reason, Count, Amount, URL string
}
