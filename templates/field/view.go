// Package field is the touch-first screen for staff who pick, pack, ship and deliver with a
// tablet in one hand: big targets, one shipment per card, one step per button.
package field

// Find is the start screen: scan or type a number.
type Find struct {
	Query   string
	Matches []Match
	Problem string
}

// Match is an order a search found.
type Match struct {
	URL, Number, Customer, Status string
}

// Order is one order's shipments to work on.
type Order struct {
	ID, Number, Customer, Address string
	Version                       int
	Shipments                     []Shipment
	CSRFToken                     string
	Done                          string // what the last step did
	Problem                       string
}

// Shipment is one shipment card.
type Shipment struct {
	ID, Number, Status, Tracking string
	Items                        []Item
	CanPick, CanPack, CanShip    bool
	CanDeliver, Delivered        bool
}

// Item is one line to pick.
type Item struct {
	ID, Name, SKU string
	Quantity      int
	Picked        bool
}
