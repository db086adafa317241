package order

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// LineShipping is how much of one line is shipped: by non-cancelled shipments, and what is left.
// Sent is the part of Shipped whose shipments were sent; the rest waits in Waiting shipments
// that were not sent yet.
type LineShipping struct {
	Ordered, Shipped, Remaining int
	Sent, Waiting               int
}

// ShippedByLine counts, per line id, the units in non-cancelled shipments, except the shipment
// with id except (so a shipment being edited can count against what the others leave).
func ShippedByLine(o *CustomerOrder, except string) map[string]int {
	out := map[string]int{}
	for i := range o.Shipments {
		s := &o.Shipments[i]
		if s.IsCancelled || (except != "" && s.ID == except) {
			continue
		}
		for _, it := range s.Items {
			out[it.LineItemID] += it.Quantity
		}
	}
	return out
}

// Shipping is what is shipped and left of every line of the order, by line id. A cancelled line
// has nothing left to ship.
func Shipping(o *CustomerOrder) map[string]LineShipping {
	shipped := ShippedByLine(o, "")
	sent := SentQuantities(o)
	waiting := map[string]int{}
	for _, s := range o.Shipments {
		if s.IsCancelled || s.Status == ShipmentSent || s.Status == "Send" {
			continue
		}
		holds := map[string]bool{}
		for _, it := range s.Items {
			holds[it.LineItemID] = true
		}
		for id := range holds {
			waiting[id]++
		}
	}
	out := make(map[string]LineShipping, len(o.Items))
	for _, li := range o.Items {
		ls := LineShipping{Ordered: li.Quantity, Shipped: shipped[li.ID], Sent: sent[li.ID], Waiting: waiting[li.ID]}
		if !li.IsCancelled {
			ls.Remaining = max(0, li.Quantity-ls.Shipped)
		}
		out[li.ID] = ls
	}
	return out
}

// FullyShipped reports whether every line that is not cancelled is shipped in full.
func FullyShipped(o *CustomerOrder) bool {
	for _, ls := range Shipping(o) {
		if ls.Remaining > 0 {
			return false
		}
	}
	return true
}

// DraftShipment is a new shipment as the "New shipment" form starts: the order's currency and
// initial status, every line with units left prefilled with what is left, and a copy of the
// order's shipping address as the delivery address (its own id, so editing one leaves the other).
func DraftShipment(o *CustomerOrder, rules StatusRules) Shipment {
	s := NewShipment(o, rules)
	left := Shipping(o)
	for _, li := range o.Items {
		if n := left[li.ID].Remaining; n > 0 {
			s.Items = append(s.Items, ShipmentItem{ID: NewID(), OrderID: o.ID, ShipmentID: s.ID, LineItemID: li.ID, Quantity: n})
		}
	}
	if a := o.ShippingAddress(); a != nil {
		c := *a
		c.ID = NewID()
		c.AddressType = AddressShipping
		s.DeliveryAddress = &c
	}
	return s
}

// Bounds of a shipment the desk enforces beyond the entity rules (Shipment.Validate).
const (
	MaxShipmentPackages = 50
	maxTrackingURL      = 2048
)

// ValidateShipment checks a new or edited shipment s against the order it belongs to (o, which
// may or may not already hold s): it ships at least one unit; every item names a line of the
// order that is not cancelled, with at least one unit; per line, this shipment and the other
// non-cancelled ones ship no more than ordered; every package is a package of s, holds at least
// one item and has a barcode no other package of s has; at most MaxShipmentPackages packages;
// a tracking URL is an http(s) address; a delivery date is not before the order was made. The
// keys are the API's paths under the shipment ("items[0].quantity", "packages[1].barCode").
func ValidateShipment(o *CustomerOrder, s *Shipment) Problems {
	fe := Problems{}
	if s.IsCancelled {
		return fe // a cancelled shipment ships nothing: no bound applies
	}
	others := ShippedByLine(o, s.ID)
	mine := map[string]int{}
	units := 0
	for i, it := range s.Items {
		pre := fmt.Sprintf("items[%d].", i)
		li := o.LineItem(it.LineItemID)
		switch {
		case li == nil:
			fe.Add(pre+"lineItemId", "is not a line of this order")
			continue
		case li.IsCancelled:
			fe.Add(pre+"quantity", fmt.Sprintf("line %s is cancelled and cannot be shipped", li.Sku))
			continue
		case it.Quantity < 1:
			fe.Add(pre+"quantity", "must be at least 1")
			continue
		}
		units += it.Quantity
		mine[li.ID] += it.Quantity
		if left := li.Quantity - others[li.ID]; mine[li.ID] > left {
			fe.Add(pre+"quantity", shipLeftMessage(li, left))
		}
	}
	if units == 0 && len(fe) == 0 {
		fe.Add("items", "ship at least one unit of one line")
	}
	fe.Merge("", ValidatePackaging(s))
	if u := strings.TrimSpace(s.TrackingURL); u != "" {
		p, err := url.Parse(u)
		switch {
		case err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "":
			fe.Add("trackingUrl", "must be a web address starting with https:// or http://")
		case len(u) > maxTrackingURL:
			fe.Add("trackingUrl", fmt.Sprintf("must be at most %d characters", maxTrackingURL))
		}
	}
	if s.DeliveryDate != nil && !o.CreatedDate.IsZero() && s.DeliveryDate.Before(dayOf(o.CreatedDate)) {
		fe.Add("deliveryDate", "must not be before the order was placed ("+o.CreatedDate.UTC().Format("2 Jan 2006")+")")
	}
	return fe
}

func shipLeftMessage(li *LineItem, left int) string {
	if left <= 0 {
		return fmt.Sprintf("line %s is already shipped in full (%d ordered)", li.Sku, li.Quantity)
	}
	return fmt.Sprintf("at most %d of line %s are left to ship (%d ordered)", left, li.Sku, li.Quantity)
}

func dayOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// ValidatePackaging checks how s's items sit in its packages: an item names a package of s or
// none (so it is in at most one); a package holds at least one item; package barcodes are
// unique within the shipment; at most MaxShipmentPackages packages.
func ValidatePackaging(s *Shipment) Problems {
	fe := Problems{}
	if len(s.Packages) > MaxShipmentPackages {
		fe.Add("packages", fmt.Sprintf("a shipment may have at most %d packages", MaxShipmentPackages))
	}
	index := map[string]int{}
	barcodes := map[string]int{}
	for i, p := range s.Packages {
		index[p.ID] = i
		if bc := strings.TrimSpace(p.BarCode); bc != "" {
			if j, dup := barcodes[strings.ToUpper(bc)]; dup {
				fe.Add(fmt.Sprintf("packages[%d].barCode", i), fmt.Sprintf("is the barcode of package %d too", j+1))
			} else {
				barcodes[strings.ToUpper(bc)] = i
			}
		}
	}
	used := make([]int, len(s.Packages))
	for i, it := range s.Items {
		if it.ShipmentPackageID == "" {
			continue
		}
		j, ok := index[it.ShipmentPackageID]
		if !ok {
			fe.Add(fmt.Sprintf("items[%d].shipmentPackageId", i), "is not a package of this shipment")
			continue
		}
		used[j] += it.Quantity
	}
	for i, n := range used {
		if n == 0 {
			fe.Add(fmt.Sprintf("packages[%d]", i), fmt.Sprintf("package %d holds no items: put items in it or leave it out", i+1))
		}
	}
	return fe
}

// AddressKey is the fingerprint of a delivery address: the fields that decide where a parcel
// goes, trimmed, case- and space-folded, hashed. Two orders whose shipping addresses have the
// same key can share one consignment; a different phone or e-mail does not matter.
func AddressKey(a *Address) string {
	if a == nil {
		return ""
	}
	fold := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	country := fold(a.CountryCode)
	if country == "" {
		country = fold(a.CountryName)
	}
	parts := []string{
		fold(strings.Join([]string{a.FirstName, a.MiddleName, a.LastName}, " ")), fold(a.Name), fold(a.Organization),
		fold(a.Line1), fold(a.Line2), fold(a.PostalCode), fold(a.City), fold(a.RegionName), country,
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x1f")))
	return hex.EncodeToString(sum[:16])
}

// Consignable checks that the orders may share one consignment (one physical shipment serving
// several orders): at least two distinct orders, none cancelled or locked, all of one customer
// and one store, all with a shipping address that has the same AddressKey as the first order's,
// and each with something left to ship. The message names the orders that differ.
func Consignable(orders []*CustomerOrder) error {
	fe := Problems{}
	if len(orders) < 2 {
		fe.Add("orders", "choose at least two orders to ship together")
		return fe
	}
	first := orders[0]
	key := AddressKey(first.ShippingAddress())
	var dupe, locked, customer, store, noAddress, address, nothing []string
	seen := map[string]bool{}
	for _, o := range orders {
		switch {
		case seen[o.ID]:
			dupe = append(dupe, o.Number)
			continue
		case o.IsReadOnly():
			locked = append(locked, o.Number+" ("+strings.ToLower(o.Status)+")")
		case o.CustomerID != first.CustomerID:
			customer = append(customer, o.Number+" ("+o.CustomerName+")")
		case o.StoreID != first.StoreID:
			store = append(store, o.Number+" ("+orBlank(o.StoreName, o.StoreID)+")")
		case o.ShippingAddress() == nil:
			noAddress = append(noAddress, o.Number)
		case AddressKey(o.ShippingAddress()) != key:
			address = append(address, o.Number)
		case FullyShipped(o):
			nothing = append(nothing, o.Number)
		}
		seen[o.ID] = true
	}
	list := func(ns []string) string { return strings.Join(ns, ", ") }
	switch {
	case len(dupe) > 0:
		fe.Add("orders", "each order can be chosen once: "+list(dupe))
	case len(locked) > 0:
		fe.Add("orders", "these orders can no longer be edited: "+list(locked))
	case len(customer) > 0:
		fe.Add("orders", fmt.Sprintf("all orders must be of one customer: %s is of %s, but %s", first.Number, first.CustomerName, list(customer)))
	case len(store) > 0:
		fe.Add("orders", fmt.Sprintf("all orders must be of one store (%s): not %s", orBlank(first.StoreName, first.StoreID), list(store)))
	case key == "":
		fe.Add("orders", first.Number+" has no shipping address")
	case len(noAddress) > 0:
		fe.Add("orders", "these orders have no shipping address: "+list(noAddress))
	case len(address) > 0:
		fe.Add("orders", fmt.Sprintf("all orders must go to one delivery address: %s goes elsewhere than %s; ship it separately or correct its address",
			list(address), first.Number))
	case len(nothing) > 0:
		fe.Add("orders", "these orders have nothing left to ship: "+list(nothing))
	}
	return fe.Err()
}

func orBlank(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// ConsignmentPart makes one order's part of a consignment from a template shipment (method,
// carrier, tracking, dates; its items and packages are ignored): a new shipment of o with its
// own id, the consignment id, the given items (line id → units) and o's shipping address as the
// delivery address. Lines are taken in the order's line order; zero quantities are left out.
func ConsignmentPart(o *CustomerOrder, rules StatusRules, consignmentID string, tmpl *Shipment, units map[string]int) Shipment {
	s := NewShipment(o, rules)
	s.ConsignmentID = consignmentID
	s.FulfillmentCenterID, s.FulfillmentCenterName = tmpl.FulfillmentCenterID, tmpl.FulfillmentCenterName
	s.ShipmentMethodCode, s.ShipmentMethodOption = tmpl.ShipmentMethodCode, tmpl.ShipmentMethodOption
	s.TrackingNumber, s.TrackingURL = tmpl.TrackingNumber, tmpl.TrackingURL
	s.Comment = tmpl.Comment
	if tmpl.DeliveryDate != nil {
		d := *tmpl.DeliveryDate
		s.DeliveryDate = &d
	}
	for _, li := range o.Items {
		if n := units[li.ID]; n != 0 {
			s.Items = append(s.Items, ShipmentItem{ID: NewID(), OrderID: o.ID, ShipmentID: s.ID, LineItemID: li.ID, Quantity: n})
		}
	}
	if a := o.ShippingAddress(); a != nil {
		c := *a
		c.ID = NewID()
		c.AddressType = AddressShipping
		s.DeliveryAddress = &c
	}
	return s
}

// ConsignmentParts lists the shipments of o that belong to consignment id (normally one).
func ConsignmentParts(o *CustomerOrder, id string) []*Shipment {
	var out []*Shipment
	for i := range o.Shipments {
		if id != "" && o.Shipments[i].ConsignmentID == id {
			out = append(out, &o.Shipments[i])
		}
	}
	return slices.Clip(out)
}
