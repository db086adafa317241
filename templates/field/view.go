// Package field is the touch-first screen for staff who pick, pack, ship and deliver with a
// tablet in one hand: big targets, one shipment per card, one step per button.
package field

import (
	"strconv"
	"strings"
)

// Order is one order's shipments to work on.
type Order struct {
	UserID                        string // who is signed in (see Find)
	ID, Number, Customer, Address string
	Version                       int
	Shipments                     []Shipment
	CSRFToken                     string
	Done                          string // what the last step did
	Problem                       string
	MaxPhotoBytes                 int64
	// Complete offers to complete the order once every shipment is delivered.
	Complete CompleteOffer
	Chain    []Chained // the cards after each step ahead (chain.templ)
	DeskURL  string    // the order's desk page, for users who may read it
}

// Shipment is one shipment card.
type Shipment struct {
	ID, Number, Status, Tracking string
	Items                        []Item
	CanPick, CanPack, CanShip    bool
	CanDeliver, Delivered        bool
	// Typed is what the worker typed into this card when the step was refused, kept.
	Typed Typed
	// Errors are messages beside the card's inputs: picked, tracking, receiver, photo.
	Errors map[string]string
	// Problem is why the card's last step was refused (a conflict), shown on the card.
	Problem string
	Photos  []Photo
	// Ship is the parcel's carrier, packages, phone, receiver and papers (see ShipInfo).
	Ship ShipInfo
}

// Typed is the text inputs of a step form.
type Typed struct {
	Tracking, Receiver, Note string
	Set                      bool // the values come from a refused step, not from the order
}

// Photo is a delivery photo: its thumbnail links to the whole picture.
type Photo struct {
	URL string
}

// Item is one line to pick.
type Item struct {
	ID, Name, SKU string
	Quantity      int
	Picked        bool
	// Barcode and Location come from the catalog: the code a scan is checked against (besides
	// the SKU) and the bin or shelf it is kept in; either may be empty.
	Barcode, Location string
}

func (s Shipment) tracking() string {
	if s.Typed.Set {
		return s.Typed.Tracking
	}
	return s.Tracking
}

func megabytes(n int64) string {
	if n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MB"
	}
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
}

// shownPicked lists the items the card shows picked (comma-separated ids): the picked step
// compares it with the ticks to tell an untick from a line picked by someone else since.
func (s Shipment) shownPicked() string {
	var ids []string
	for _, it := range s.Items {
		if it.Picked {
			ids = append(ids, it.ID)
		}
	}
	return strings.Join(ids, ",")
}

// counted is how many units the page shows counted before any scan: all of a picked line.
func (it Item) counted() int {
	if it.Picked {
		return it.Quantity
	}
	return 0
}
