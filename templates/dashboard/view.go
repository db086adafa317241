// Package dashboard is the managers' dashboard: figures, charts drawn as SVG on the server, and
// links from every figure to the list or history behind it.
package dashboard

// Page is the whole dashboard.
type Page struct {
	Filter     Filter
	Currencies []Currency
	Queues     []Link
	Refunds    Reasons
	Returns    Reasons
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
	Code    string
	Figures []Figure
	Chart   Chart
}

// Figure is one number with the one definition it is computed by, said beside it.
type Figure struct {
	ID, Label, Value, Definition, URL string
}

// Chart is a bar chart already laid out in SVG units (viewBox 0 0 Width Height): the plot
// starts PlotX from the left and is PlotH high; the axes are labelled.
type Chart struct {
	Width, Height  int
	PlotX, PlotH   int
	Bars           []Bar
	YTicks         []Tick
	XTitle, YTitle string
	Title          string
}

// Tick is a labelled value on the vertical axis.
type Tick struct {
	Y     int
	Label string
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
	Title             string // shown on hover, e.g. a person's e-mail
}

// Reason is one row of refunds or returns by reason.
type Reason struct {
	Reason, Count, Amount, URL string
}

// Reasons is a table of refunds or returns by reason with what it counts.
type Reasons struct {
	Title, Definition, Empty string
	Rows                     []Reason
}
