package field

import "strconv"

// Batch is one pick list for several orders.
type Batch struct {
	UserID, CSRFToken string
	Notice            string // some chosen orders are not on the list
	Key               string // names the list's counts in the tab's storage
	Orders            []BatchOrder
	Groups            []PickGroup
}

// BatchOrder is one order of a pick list, with its tote.
type BatchOrder struct {
	ID, Number, Customer string
	Tote                 Tote
	Version              int
	Shipments            []string // the shipments on the list
	Note                 string   // why nothing of it is on the list
}

// PickGroup is one product at one location, with every unit of it the orders want.
type PickGroup struct {
	Location, Name, SKU, Barcode string
	Units                        int
	Rows                         []PickRow
}

// PickRow is one shipment line of one order within a group: how many units go in which tote.
type PickRow struct {
	ItemID, OrderID, OrderNumber, ShipmentNumber string
	Tote                                         Tote
	Quantity                                     int
	Picked                                       bool // picked before this list: complete
}

// Tote is the box a picked unit goes in: one per order, a letter and a colour.
type Tote struct {
	Letter string
	Colour int // 0–7, a class of the style sheet
}

// ToteOf is the tote of the i-th order of a list: A, B, C … and eight colours in turn.
func ToteOf(i int) Tote {
	return Tote{Letter: string(rune('A' + i%26)), Colour: i % 8}
}

func (t Tote) class() string { return "tote tote-" + strconv.Itoa(t.Colour) }

// BatchResult is the answer to a pick list's Picked: each order, picked or why not.
type BatchResult struct {
	UserID   string
	Notice   string
	Clear    string // the storage key of counts no longer needed ("" keeps them)
	Outcomes []BatchOutcome
}

// BatchOutcome is what the step did for one order.
type BatchOutcome struct {
	OrderID, Number string
	Tote            Tote
	Picked          bool
	Says            string
}

func (b Batch) units() int {
	n := 0
	for _, g := range b.Groups {
		n += g.Units
	}
	return n
}

func (b Batch) summary() string {
	return plural(len(b.Orders), "order") + " · " + plural(b.units(), "unit") + " · " + plural(len(b.Groups), "product")
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

func (r PickRow) counted() int {
	if r.Picked {
		return r.Quantity
	}
	return 0
}
