package order

import (
	"cmp"
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
	Kind   string   // StepPicked, StepPacked, StepShipped or StepDelivered
	Picked []string // shipment item ids ticked as picked
	// Counted is how many units of a line the worker counted by scanning (item id → units): a
	// line counted to its quantity is picked as if ticked, one counted past it refuses the step.
	Counted map[string]int
	// Shown is the items the card showed as picked when the step was taken (nil: the form did
	// not say, as steps queued before it did): a line shown picked and not ticked now was
	// unticked by the worker and is picked no more; one not shown picked and not ticked is left
	// as it is (another picker may have picked it since).
	Shown map[string]bool
	// Names are what the worker reads for each item (item id → name), for messages.
	Names    map[string]string
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
		return pick(sh, st)
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

// pick is the Picked step: it sets the items' picked state to what the worker ticked or counted
// in full, for every line not packed yet. A line counted beyond its quantity refuses the step;
// when nothing stays picked the shipment is New again (nothing of it is in pick & pack).
func pick(sh *Shipment, st FieldStep) (string, error) {
	name := func(it ShipmentItem) string { return cmp.Or(st.Names[it.ID], "A line") }
	for _, it := range sh.Items {
		if n := st.Counted[it.ID]; n > it.Quantity || n < 0 {
			return "", Problems{"picked": name(it) + " was counted " + strconv.Itoa(n) + " times; the line has " + strconv.Itoa(it.Quantity) + ". Nothing was saved."}
		}
	}
	ticked := func(it ShipmentItem) bool {
		return slices.Contains(st.Picked, it.ID) || (it.Quantity > 0 && st.Counted[it.ID] == it.Quantity)
	}
	n, unticked, left := 0, 0, 0
	var partly []string
	for i := range sh.Items {
		it := &sh.Items[i]
		switch {
		case ticked(*it):
			n++
			if it.Status != ItemPacked {
				it.Status = ItemPicked
			}
		case it.Status == ItemPicked && st.Shown[it.ID]:
			it.Status = ""
			unticked++
		}
		if c := st.Counted[it.ID]; c > 0 && !ticked(*it) {
			partly = append(partly, name(*it)+": "+strconv.Itoa(c)+" of "+strconv.Itoa(it.Quantity)+" counted, not picked yet.")
		}
		if it.Status == ItemPicked || it.Status == ItemPacked {
			left++
		}
	}
	if n == 0 && unticked == 0 {
		if len(st.Picked) > 0 {
			return "", Problems{"picked": "The ticked items are not in " + sh.Number + " any more."}
		}
		return "", Problems{"picked": strings.TrimSpace("Tick or scan the items you picked. " + strings.Join(partly, " "))}
	}
	var done string
	switch {
	case left == 0:
		sh.Status = ShipmentNew
		done = "Unticked " + items(unticked) + " of " + sh.Number + "; nothing of it is picked, so it is New again."
	default:
		sh.Status = ShipmentPickPack
		done = "Picked " + strconv.Itoa(n) + " of " + items(len(sh.Items)) + " of " + sh.Number + "."
		if unticked > 0 {
			done += " Unticked " + items(unticked) + ": not picked any more."
		}
		if left < len(sh.Items) {
			done += " Pick the rest, then Packed."
		}
	}
	if len(partly) > 0 {
		done += " " + strings.Join(partly, " ")
	}
	return done, nil
}

func items(n int) string {
	if n == 1 {
		return "1 item"
	}
	return strconv.Itoa(n) + " items"
}
