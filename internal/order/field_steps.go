package order

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Field steps: what a worker with a tablet does to a shipment, one button at a time.
const (
	StepPicked    = "picked"
	StepPacked    = "packed"
	StepShipped   = "shipped"
	StepDelivered = "delivered"
)

// Shipment item statuses the field steps set.
const (
	ItemPicked = "Picked"
	ItemPacked = "Packed"
)

// FieldStep is one step on one shipment, with what the worker ticked and typed.
type FieldStep struct {
	Kind     string   // StepPicked, StepPacked, StepShipped or StepDelivered
	Picked   []string // shipment item ids ticked as picked
	Tracking string
	Receiver string
	Note     string
	Photo    bool // a photo of the delivery comes with the step
	// Pack is the parcel and carrier the Packed step records (all optional).
	Pack PackInput
	// RequireTracking: the store ships nothing without a tracking number.
	RequireTracking bool
	// NoTracking: the worker confirmed shipping without a tracking number.
	NoTracking bool
}

// StepMisfit means a step does not fit the shipment as it is now: someone else took it, or
// the shipment moved on. Nothing is applied.
type StepMisfit struct {
	Shipment, Status string
}

func (e *StepMisfit) Error() string {
	return "This step no longer fits: " + e.Shipment + " is now " + e.Status + "."
}

// StepFits reports whether a step can be taken on the shipment as it is.
func StepFits(kind string, sh *Shipment) bool {
	switch kind {
	case StepPicked:
		return sh.Status == ShipmentNew || sh.Status == ShipmentPickPack
	case StepPacked:
		return sh.Status == ShipmentPickPack
	case StepShipped:
		return sh.Status == ShipmentReadyToSend
	case StepDelivered:
		return sh.Status == ShipmentSent && sh.DeliveryDate == nil
	}
	return false
}

// TakeFieldStep applies a step to shipment sh at now and says what it did. A step that does
// not fit the shipment now is a *StepMisfit; missing input is Problems (keys picked,
// receiver); either way sh is unchanged. The step is checked against the shipment as it is, so
// a step based on an older version of the order merges with whatever else changed meanwhile.
func TakeFieldStep(sh *Shipment, st FieldStep, now time.Time) (string, error) {
	if sh.IsCancelled || !StepFits(st.Kind, sh) {
		return "", &StepMisfit{Shipment: sh.Number, Status: sh.Status}
	}
	switch st.Kind {
	case StepPicked:
		if len(st.Picked) == 0 {
			return "", Problems{"picked": "Tick the items you picked."}
		}
		n, all := 0, true
		for i := range sh.Items {
			if slices.Contains(st.Picked, sh.Items[i].ID) {
				n++
				if sh.Items[i].Status != ItemPacked {
					sh.Items[i].Status = ItemPicked
				}
			}
			all = all && sh.Items[i].Status == ItemPicked
		}
		if n == 0 {
			return "", Problems{"picked": "The ticked items are not in " + sh.Number + " any more."}
		}
		sh.Status = ShipmentPickPack
		done := "Picked " + strconv.Itoa(n) + " of " + strconv.Itoa(len(sh.Items)) + " items of " + sh.Number + "."
		if !all {
			done += " Pick the rest, then Packed."
		}
		return done, nil
	case StepPacked:
		for i := range sh.Items {
			if sh.Items[i].Status != ItemPicked {
				return "", Problems{"picked": "Some items are not picked yet."}
			}
		}
		p, fe := st.Pack.read(sh)
		if len(fe) > 0 {
			return "", fe
		}
		var pkg *ShipmentPackage
		if p.any {
			// Work on a copy so a refusal leaves sh as it was.
			work := *sh
			work.Items = slices.Clone(sh.Items)
			work.Packages = slices.Clone(sh.Packages)
			if pkg, fe = recordPackage(&work, p); len(fe) > 0 {
				return "", fe
			}
			*sh = work
		}
		if p.method != "" {
			sh.ShipmentMethodCode, sh.ShipmentMethodOption = p.method, p.option
		}
		for i := range sh.Items {
			sh.Items[i].Status = ItemPacked
		}
		sh.Status = ShipmentReadyToSend
		done := sh.Number + " is packed and ready to send."
		if pkg != nil {
			done += " Package: " + PackageText(*pkg) + "."
		}
		return done, nil
	case StepShipped:
		tracking := strings.TrimSpace(st.Tracking)
		switch {
		case utf8.RuneCountInString(tracking) > MaxTrackingNumber:
			return "", Problems{ShipTracking: fmt.Sprintf("at most %d characters", MaxTrackingNumber)}
		case !utf8.ValidString(tracking):
			return "", Problems{ShipTracking: invalidText}
		case tracking == "" && st.RequireTracking:
			return "", Problems{ShipTracking: "This store ships nothing without a tracking number: scan or type the label's."}
		case tracking == "" && !st.NoTracking:
			return "", Problems{ShipNoTracking: "There is no tracking number. Ship " + sh.Number + " without one?"}
		}
		sh.TrackingNumber = tracking
		sh.Status = ShipmentSent
		if tracking == "" {
			return sh.Number + " is shipped without a tracking number.", nil
		}
		return sh.Number + " is shipped.", nil
	default: // StepDelivered
		receiver := strings.TrimSpace(st.Receiver)
		if receiver == "" {
			return "", Problems{"receiver": "Say who received it."}
		}
		at := now.UTC()
		sh.DeliveryDate = &at
		note := "Delivered to " + receiver + "."
		if n := strings.TrimSpace(st.Note); n != "" {
			note += " " + n
		}
		if st.Photo {
			note += " (photo)"
		}
		sh.Comment = strings.TrimSpace(sh.Comment + "\n" + note)
		return sh.Number + " is delivered to " + receiver + ".", nil
	}
}
