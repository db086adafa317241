package field

// PackForm is the Packed step's parcel and carrier inputs, as stored or as typed.
type PackForm struct {
	BarCode, Weight, WeightUnit, Length, Width, Height, MeasureUnit string
	Method, Option                                                  string
}

// ShipInfo is what a shipment card says about the parcel on its way: its carrier, packages,
// who to call, who received it, and where to print its papers.
type ShipInfo struct {
	Method   string   // carrier and option: "UPS Ground"
	Packages []string // each package in words: "PKG-1, 2.5 kg, 30 × 20 × 10 cm"
	Phone    string   // the receiver's phone, from the delivery address
	Receiver string   // who received a delivered parcel
	// DeliveredAt is when it was delivered, as the desk writes moments.
	DeliveredAt      string
	SlipURL          string // the desk's packing slip of this shipment
	LabelURL         string // the shipping label
	Pack             PackForm
	RequireTracking  bool // the store ships nothing without a tracking number
	AskNoTracking    bool // the last Shipped step had no tracking number: ask before shipping
	AskNoTrackingMsg string
}

// CompleteOffer is the order-level end of field mode: once every shipment is delivered, the
// order can be completed from the tablet.
type CompleteOffer struct {
	Can       bool   // offer the Complete order button
	Completed bool   // the order is completed
	Why       string // why it cannot be completed although every shipment is delivered
}

// Label is a printable shipping label: 100 × 150 mm (4 × 6 in).
type Label struct {
	OrderID, OrderNumber, ShipmentNumber string
	Store                                string
	ShipTo                               []string
	Phone                                string
	Method                               string
	Weight                               string
	Packages                             int
	Tracking                             string
	// Barcode is the shipment number as Code 128: bar positions and widths in modules.
	Barcode Barcode
	BackURL string
}

// Barcode is a one-dimensional bar code drawn as SVG rectangles, in modules (the narrowest bar).
type Barcode struct {
	Width, Height int // the whole symbol with its quiet zones, in modules
	Bars          []Bar
	Text          string
}

// Bar is one dark bar: where it starts and how wide it is, in modules.
type Bar struct{ X, W int }
