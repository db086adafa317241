package orderpage

// Shipping is the order page's shipping panel: how much is shipped, the "New shipment" form and
// the choice of other orders to ship together. Nil for users who may not update shipments and
// on past versions.
type Shipping struct {
	CSRF string
	// Saved notes a shipment edit that was saved, with what others changed meanwhile.
	Saved     string
	Meanwhile []Entry
	// Summary reads like "3 of 8 units shipped in 2 shipments".
	Summary string
	// Locked says why nothing can be shipped (the order is completed or cancelled).
	Locked string
	// New is the new-shipment form; nil when nothing is left to ship.
	New *ShipmentForm
	// Together lists the customer's other open orders; nil when there are none.
	Together *Together
}

// ShipmentForm is the form of a shipment's lines, packages and (for a new shipment) its other
// fields: plain POST, htmx swaps the documents box.
type ShipmentForm struct {
	ID, Action, Target string
	Title, Submit      string
	Version            int
	// Orig is the canonical form of the items and packages the form was rendered from, so a
	// save over someone else's change to them is noticed.
	Orig   string
	Open   bool
	Error  string
	Lines  []ShipLine
	Fields []Input // method, tracking, dates, prices… (new shipment only)
	// Address is the delivery address (new shipment only; an existing one has its own form).
	Address  []Input
	Packages []PackageInput
	// Units are the weight and measure unit selects of the packages.
	Units []Input
}

// ShipLine is one order line in a shipment form.
type ShipLine struct {
	LineID, Sku, Name string
	Ordered           int
	// Left is what may still go in this shipment (ordered less the other shipments).
	Left    int
	Qty     string // input value
	Package string // package number ("" none)
	Error   string
	// Cancelled lines are shown but cannot be shipped.
	Cancelled bool
}

// PackageInput is one package row: number, fields and a message.
type PackageInput struct {
	N      string
	Inputs []Input
	Error  string
}

// ShipmentTools are the edit forms of one shipment in the documents tree.
type ShipmentTools struct {
	CSRF    string
	Fields  Form
	Address Form
	Items   ShipmentForm
	Cancel  *Form // nil when already cancelled
	Remove  *Form // nil unless the shipment is still in its initial status
}

// Together lists the customer's other open orders for one consignment.
type Together struct {
	CSRF    string
	OrderID string
	Orders  []TogetherOrder
}

// TogetherOrder is one order that could ship together.
type TogetherOrder struct {
	ID, Number, Status, Created string
	Address                     string
	SameAddress                 bool
	Checked                     bool
}

// Consignment lists the orders a shipment travels with.
type Consignment struct {
	Parts []ConsignmentPart
	// EditURL leads to the form of what the parts share (for those who may update shipments).
	EditURL string
}

// ConsignmentPart is one order's part of a consignment.
type ConsignmentPart struct {
	OrderURL, OrderNumber, ShipmentNumber, Status string
	Cancelled, This                               bool
	Items                                         string
}

// ConsignmentPage is one parcel's parts and the form of what they share.
type ConsignmentPage struct {
	CSRF, Action, Error string
	// From is the order page that led here (where a save returns).
	From     string
	Parts    []ConsignmentPart
	Fields   []Input
	Versions []OrderVersion
}

// OrderVersion is the version of one order a form was rendered from.
type OrderVersion struct{ ID, Version string }

// TogetherPage is the page that makes one consignment of several orders.
type TogetherPage struct {
	CSRF   string
	Error  string
	Orders []TogetherPart
	Fields []Input
	// Address is where all of them go.
	Address []string
	// Back is where "Cancel" leads.
	Back string
	// CanCreate is false when the orders cannot ship together (Error says why).
	CanCreate bool
}

// TogetherPart is one order of a consignment being made: its lines with quantities.
type TogetherPart struct {
	ID, Number, URL string
	Version         int
	Lines           []ShipLine
	Error           string
}
