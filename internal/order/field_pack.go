package order

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// PackInput is the parcel and the carrier the Packed step records, as typed on the tablet. All
// of it is optional: a step without package fields records no package, and an empty method
// keeps the shipment's.
type PackInput struct {
	BarCode, Weight, WeightUnit string
	Length, Width, Height       string
	MeasureUnit                 string
	Method, Option              string // ShipmentMethodCode (the carrier) and ShipmentMethodOption
}

// Field keys of the Packed step's inputs (Problems keys and form names alike).
const (
	PackBarCode     = "package_barcode"
	PackWeight      = "weight"
	PackWeightUnit  = "weight_unit"
	PackLength      = "length"
	PackWidth       = "width"
	PackHeight      = "height"
	PackMeasureUnit = "measure_unit"
	PackMethod      = "method"
	PackOption      = "option"
)

// Field keys of the Shipped step.
const (
	// ShipTracking is the tracking number's input.
	ShipTracking = "tracking"
	// ShipNoTracking says the worker is asked whether to ship without a tracking number; a step
	// with FieldStep.NoTracking answers yes.
	ShipNoTracking = "no_tracking"
)

// MaxTrackingNumber is the longest tracking number a shipment holds (its column).
const MaxTrackingNumber = 128

// packed is a PackInput read: the package's own fields, and whether the step records one.
type packed struct {
	pkg            ShipmentPackage
	any            bool // a barcode, weight or dimensions were given
	method, option string
}

// hasPackage reports whether any of the package's own fields was filled in.
func (p PackInput) hasPackage() bool {
	return strings.TrimSpace(p.BarCode+p.Weight+p.Length+p.Width+p.Height) != ""
}

// read checks the input against sh and reads it: numbers as decimals greater than zero that
// their columns hold, the three dimensions together, a unit with each measure, text within its
// column, and a barcode no other package of sh has.
func (p PackInput) read(sh *Shipment) (packed, Problems) {
	fe := Problems{}
	out := packed{any: p.hasPackage()}
	text := func(key, v string, max int) string {
		v = strings.TrimSpace(v)
		switch {
		case !utf8.ValidString(v):
			fe.Add(key, invalidText)
		case utf8.RuneCountInString(v) > max:
			fe.Add(key, fmt.Sprintf("at most %d characters", max))
		}
		return v
	}
	measure := func(key, v string) decimal.NullDecimal {
		v = strings.TrimSpace(v)
		if v == "" {
			return decimal.NullDecimal{}
		}
		d, err := ParseAmount(v)
		if err == nil && !d.IsPositive() {
			err = fmt.Errorf("must be more than 0")
		}
		if err == nil {
			d, err = MoneyColumn.Exact(d)
		}
		if err != nil {
			fe.Add(key, err.Error())
			return decimal.NullDecimal{}
		}
		return decimal.NullDecimal{Decimal: d, Valid: true}
	}
	out.method = text(PackMethod, p.Method, 64)
	out.option = text(PackOption, p.Option, 64)
	if !out.any {
		return out, fe
	}
	pk := &out.pkg
	pk.BarCode = text(PackBarCode, p.BarCode, 128)
	pk.Weight = measure(PackWeight, p.Weight)
	pk.WeightUnit = text(PackWeightUnit, p.WeightUnit, 32)
	pk.Length = measure(PackLength, p.Length)
	pk.Width = measure(PackWidth, p.Width)
	pk.Height = measure(PackHeight, p.Height)
	pk.MeasureUnit = text(PackMeasureUnit, p.MeasureUnit, 32)
	if strings.TrimSpace(p.Weight) != "" && pk.WeightUnit == "" {
		fe.Add(PackWeightUnit, "say the unit of the weight, such as kg")
	}
	dims := map[string]string{PackLength: p.Length, PackWidth: p.Width, PackHeight: p.Height}
	given := 0
	for _, v := range dims {
		if strings.TrimSpace(v) != "" {
			given++
		}
	}
	if given > 0 && given < 3 {
		for key, v := range dims {
			if strings.TrimSpace(v) == "" {
				fe.Add(key, "give length, width and height, or none of them")
			}
		}
	}
	if given > 0 && pk.MeasureUnit == "" {
		fe.Add(PackMeasureUnit, "say the unit of the dimensions, such as cm")
	}
	if bc := pk.BarCode; bc != "" {
		for i, other := range sh.Packages {
			if strings.EqualFold(strings.TrimSpace(other.BarCode), bc) && !onlyPackageUpdated(sh, i) {
				fe.Add(PackBarCode, fmt.Sprintf("is the barcode of package %d of %s already", i+1, sh.Number))
			}
		}
	}
	return out, fe
}

// onlyPackageUpdated says whether package i is the one the step writes to: the shipment's only
// package (see recordPackage).
func onlyPackageUpdated(sh *Shipment, i int) bool {
	return len(sh.Packages) == 1 && i == 0
}

// unpackaged are the indexes of sh's items in no package.
func unpackaged(sh *Shipment) []int {
	var out []int
	for i := range sh.Items {
		if sh.Items[i].ShipmentPackageID == "" {
			out = append(out, i)
		}
	}
	return out
}

// recordPackage writes the package the step gives into sh. A shipment with one package has it
// updated with the given measures, and the items in no package yet go into it; a shipment with
// none (or several, and items outside them) gets a new package holding the items in no package.
// It returns the package, or a problem when the items are spread over several packages already
// (the order page edits those).
func recordPackage(sh *Shipment, p packed) (*ShipmentPackage, Problems) {
	free := unpackaged(sh)
	switch {
	case len(sh.Packages) == 1:
		pkg := &sh.Packages[0]
		if p.pkg.BarCode != "" {
			pkg.BarCode = p.pkg.BarCode
		}
		if p.pkg.Weight.Valid {
			pkg.Weight, pkg.WeightUnit = p.pkg.Weight, p.pkg.WeightUnit
		}
		if p.pkg.Length.Valid {
			pkg.Length, pkg.Width, pkg.Height, pkg.MeasureUnit = p.pkg.Length, p.pkg.Width, p.pkg.Height, p.pkg.MeasureUnit
		}
		for _, i := range free {
			sh.Items[i].ShipmentPackageID = pkg.ID
		}
		return pkg, nil
	case len(free) > 0:
		pkg := p.pkg
		pkg.ID, pkg.OrderID, pkg.ShipmentID = NewID(), sh.OrderID, sh.ID
		if pkg.PackageType == "" {
			pkg.PackageType = "Box"
		}
		sh.Packages = append(sh.Packages, pkg)
		for _, i := range free {
			sh.Items[i].ShipmentPackageID = pkg.ID
		}
		return &sh.Packages[len(sh.Packages)-1], nil
	}
	return nil, Problems{PackBarCode: fmt.Sprintf("every item of %s is in one of its %d packages already; change them on the order page",
		sh.Number, len(sh.Packages))}
}

// PackageText is a package in words: "PKG-1, 2.5 kg, 30 × 20 × 10 cm" (the parts it has).
func PackageText(p ShipmentPackage) string {
	var parts []string
	if p.BarCode != "" {
		parts = append(parts, p.BarCode)
	}
	if w := MeasureText(p.Weight, p.WeightUnit); w != "" {
		parts = append(parts, w)
	}
	if s := SizeText(p.Length, p.Width, p.Height, p.MeasureUnit); s != "" {
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// MeasureText is a weight or length with its unit ("2.5 kg"); "" when there is none. The
// packing slip, the field card and the label all write measures so.
func MeasureText(d decimal.NullDecimal, unit string) string {
	if !d.Valid {
		return ""
	}
	return strings.TrimSpace(d.Decimal.String() + " " + unit)
}

// SizeText is length × width × height with the unit ("30 × 20 × 10 cm"), a missing one as "?";
// "" when none is known. The packing slip, the field card and the label all write sizes so.
func SizeText(l, w, h decimal.NullDecimal, unit string) string {
	if !l.Valid && !w.Valid && !h.Valid {
		return ""
	}
	part := func(d decimal.NullDecimal) string {
		if !d.Valid {
			return "?"
		}
		return d.Decimal.String()
	}
	return strings.TrimSpace(part(l) + " × " + part(w) + " × " + part(h) + " " + unit)
}

// ShipmentWeight is what a shipment weighs: the sum of its packages' weights when every
// package has one in a single unit, else the shipment's own weight; "" when unknown.
func ShipmentWeight(sh *Shipment) string {
	sum, unit, ok := decimal.Zero, "", len(sh.Packages) > 0
	for _, p := range sh.Packages {
		if !p.Weight.Valid || (unit != "" && p.WeightUnit != unit) {
			ok = false
			break
		}
		sum, unit = sum.Add(p.Weight.Decimal), p.WeightUnit
	}
	if ok {
		return MeasureText(decimal.NullDecimal{Decimal: sum, Valid: true}, unit)
	}
	return MeasureText(sh.Weight, sh.WeightUnit)
}

// MethodText is the shipment's method as people read it: "UPS Ground".
func MethodText(sh *Shipment) string {
	return strings.TrimSpace(sh.ShipmentMethodCode + " " + sh.ShipmentMethodOption)
}

// IsDelivered reports whether a shipment reached its receiver: sent, with a delivery date.
func (s *Shipment) IsDelivered() bool {
	return !s.IsCancelled && (s.Status == ShipmentSent || s.Status == "Send") && s.DeliveryDate != nil
}

// StatusLabel is what a field card says a shipment's status is: Delivered for a delivered
// shipment (Virto's dictionary has no such shipment status: it stays Sent with a delivery date),
// else the status's label in rules.
func StatusLabel(rules StatusRules, sh *Shipment) string {
	if sh.IsDelivered() {
		return "Delivered"
	}
	return rules.Label(TypeShipment, sh.Status)
}

// deliveredPrefix starts the comment line the Delivered step writes.
const deliveredPrefix = "Delivered to "

// DeliveredTo is who received a delivered shipment, read back from the comment line the
// Delivered step writes ("Delivered to Ms Porter. left at reception (photo)"); the last such
// line wins; "" when there is none. Virto's shipment has no receiver field, so the comment is
// where it is kept. A name is read up to its closing ". " or the line's final ".".
func DeliveredTo(sh *Shipment) string {
	lines := strings.Split(sh.Comment, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		rest, ok := strings.CutPrefix(strings.TrimSpace(lines[i]), deliveredPrefix)
		if !ok {
			continue
		}
		if name, _, ok := strings.Cut(rest, ". "); ok {
			return name
		}
		rest = strings.TrimSuffix(rest, " (photo)")
		return strings.TrimSuffix(rest, ".")
	}
	return ""
}

// AllDelivered reports whether the order has at least one shipment that is not cancelled and
// every such shipment is delivered.
func AllDelivered(o *CustomerOrder) bool {
	n := 0
	for i := range o.Shipments {
		sh := &o.Shipments[i]
		if sh.IsCancelled {
			continue
		}
		if !sh.IsDelivered() {
			return false
		}
		n++
	}
	return n > 0
}

// CanComplete says why the order cannot be completed from field mode (nil: it can): it is not
// locked, every shipment that is not cancelled is delivered, and the status rules allow the move
// from its status to Completed.
func CanComplete(o *CustomerOrder, rules StatusRules) error {
	if o.IsReadOnly() {
		return fmt.Errorf("%w: %s is %s and can no longer change", ErrTransitionNotAllowed, o.Number, rules.Label(TypeCustomerOrder, o.Status))
	}
	var waiting []string
	n := 0
	for i := range o.Shipments {
		sh := &o.Shipments[i]
		if sh.IsCancelled {
			continue
		}
		n++
		if !sh.IsDelivered() {
			waiting = append(waiting, sh.Number+" ("+StatusLabel(rules, sh)+")")
		}
	}
	switch {
	case n == 0:
		return fmt.Errorf("%w: %s has no shipment to deliver", ErrTransitionNotAllowed, o.Number)
	case len(waiting) > 0:
		return fmt.Errorf("%w: not every shipment of %s is delivered: %s", ErrTransitionNotAllowed, o.Number, strings.Join(waiting, ", "))
	}
	return rules.ValidateTransition(TypeCustomerOrder, o.Status, OrderCompleted)
}
