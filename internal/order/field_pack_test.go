package order

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestFieldPackAndShip: the Packed step records the parcel and the carrier, refusing bad
// measures at their fields with the shipment unchanged; Shipped asks before shipping without a
// tracking number, and refuses it where the store requires one.
func TestFieldPackAndShip(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	picked := func(pkgs ...ShipmentPackage) *Shipment {
		sh := &Shipment{Operation: Operation{ID: "sh", Number: "SH-1", Status: ShipmentPickPack}, OrderID: "o",
			ShipmentMethodCode: "UPS", ShipmentMethodOption: "Ground", Packages: pkgs}
		sh.Items = []ShipmentItem{{ID: "a", Status: ItemPicked, Quantity: 2}, {ID: "b", Status: ItemPicked, Quantity: 1}}
		return sh
	}
	full := PackInput{BarCode: " PKG-7 ", Weight: "2,5", WeightUnit: "kg", Length: "30", Width: "20", Height: "10.5", MeasureUnit: "cm",
		Method: "DHL", Option: "Express"}
	for _, tc := range []struct {
		name      string
		sh        *Shipment
		step      FieldStep
		wantDone  string
		wantPkg   string // PackageText of the shipment's packages, "|"-joined
		wantCarry string // method and option after
		wantField []string
	}{
		{name: "nothing typed: no package, method kept", sh: picked(), step: FieldStep{Kind: StepPacked},
			wantDone: "SH-1 is packed and ready to send.", wantCarry: "UPS Ground"},
		{name: "everything", sh: picked(), step: FieldStep{Kind: StepPacked, Pack: full},
			wantDone: "SH-1 is packed and ready to send. Package: PKG-7, 2.5 kg, 30 × 20 × 10.5 cm.",
			wantPkg:  "PKG-7, 2.5 kg, 30 × 20 × 10.5 cm", wantCarry: "DHL Express"},
		{name: "weight only", sh: picked(), step: FieldStep{Kind: StepPacked, Pack: PackInput{Weight: "0.4", WeightUnit: "kg"}},
			wantDone: "SH-1 is packed and ready to send. Package: 0.4 kg.", wantPkg: "0.4 kg", wantCarry: "UPS Ground"},
		{name: "method only", sh: picked(), step: FieldStep{Kind: StepPacked, Pack: PackInput{Method: "Post", Option: ""}},
			wantDone: "SH-1 is packed and ready to send.", wantCarry: "Post"},
		{name: "the only package updated", sh: func() *Shipment {
			s := picked(ShipmentPackage{ID: "p1", BarCode: "OLD", WeightUnit: "kg"})
			s.Items[0].ShipmentPackageID, s.Items[1].ShipmentPackageID = "p1", "p1"
			return s
		}(), step: FieldStep{Kind: StepPacked, Pack: PackInput{BarCode: "old", Weight: "3", WeightUnit: "lb"}},
			wantDone: "SH-1 is packed and ready to send. Package: old, 3 lb.", wantPkg: "old, 3 lb", wantCarry: "UPS Ground"},
		{name: "items spread over packages", sh: func() *Shipment {
			s := picked(ShipmentPackage{ID: "p1"}, ShipmentPackage{ID: "p2"})
			s.Items[0].ShipmentPackageID, s.Items[1].ShipmentPackageID = "p1", "p2"
			return s
		}(), step: FieldStep{Kind: StepPacked, Pack: PackInput{Weight: "3", WeightUnit: "kg"}}, wantField: []string{PackBarCode}},
		{name: "the only package, holding some items, takes the rest", sh: func() *Shipment {
			s := picked(ShipmentPackage{ID: "p1", BarCode: "PKG-7"})
			s.Items[0].ShipmentPackageID = "p1"
			return s
		}(), step: FieldStep{Kind: StepPacked, Pack: full},
			wantDone: "SH-1 is packed and ready to send. Package: PKG-7, 2.5 kg, 30 × 20 × 10.5 cm.",
			wantPkg:  "PKG-7, 2.5 kg, 30 × 20 × 10.5 cm", wantCarry: "DHL Express"},
		{name: "a barcode another package has", sh: func() *Shipment {
			s := picked(ShipmentPackage{ID: "p1", BarCode: "PKG-7"}, ShipmentPackage{ID: "p2", BarCode: "PKG-8"})
			s.Items[0].ShipmentPackageID = "p1"
			return s
		}(), step: FieldStep{Kind: StepPacked, Pack: full}, wantField: []string{PackBarCode}},
		{name: "a new package beside others", sh: func() *Shipment {
			s := picked(ShipmentPackage{ID: "p1", BarCode: "PKG-1"}, ShipmentPackage{ID: "p2", BarCode: "PKG-2"})
			s.Items = append(s.Items, ShipmentItem{ID: "c", Status: ItemPicked, Quantity: 1})
			s.Items[0].ShipmentPackageID, s.Items[1].ShipmentPackageID = "p1", "p2"
			return s
		}(), step: FieldStep{Kind: StepPacked, Pack: PackInput{BarCode: "PKG-3", Weight: "1", WeightUnit: "kg"}},
			wantDone: "SH-1 is packed and ready to send. Package: PKG-3, 1 kg.", wantPkg: "PKG-1|PKG-2|PKG-3, 1 kg", wantCarry: "UPS Ground"},
		{name: "bad numbers", sh: picked(), step: FieldStep{Kind: StepPacked, Pack: PackInput{Weight: "heavy", WeightUnit: "kg",
			Length: "0", Width: "-2", Height: "1e3", MeasureUnit: "cm"}}, wantField: []string{PackWeight, PackLength, PackWidth, PackHeight}},
		{name: "too big for the column", sh: picked(), step: FieldStep{Kind: StepPacked, Pack: PackInput{Weight: "12345678901234567", WeightUnit: "kg"}},
			wantField: []string{PackWeight}},
		{name: "two dimensions of three, no units", sh: picked(), step: FieldStep{Kind: StepPacked, Pack: PackInput{Weight: "1", Length: "3", Width: "4"}},
			wantField: []string{PackWeightUnit, PackHeight, PackMeasureUnit}},
		{name: "texts too long", sh: picked(), step: FieldStep{Kind: StepPacked, Pack: PackInput{BarCode: strings.Repeat("x", 129),
			Method: strings.Repeat("m", 65)}}, wantField: []string{PackBarCode, PackMethod}},
		{name: "ship with tracking", sh: &Shipment{Operation: Operation{Number: "SH-1", Status: ShipmentReadyToSend}},
			step: FieldStep{Kind: StepShipped, Tracking: " 1Z9 ", RequireTracking: true}, wantDone: "SH-1 is shipped."},
		{name: "ship without tracking asks first", sh: &Shipment{Operation: Operation{Number: "SH-1", Status: ShipmentReadyToSend}},
			step: FieldStep{Kind: StepShipped}, wantField: []string{ShipNoTracking}},
		{name: "ship without tracking, confirmed", sh: &Shipment{Operation: Operation{Number: "SH-1", Status: ShipmentReadyToSend}},
			step: FieldStep{Kind: StepShipped, NoTracking: true}, wantDone: "SH-1 is shipped without a tracking number."},
		{name: "the store requires tracking, confirmation or not", sh: &Shipment{Operation: Operation{Number: "SH-1", Status: ShipmentReadyToSend}},
			step: FieldStep{Kind: StepShipped, NoTracking: true, RequireTracking: true}, wantField: []string{ShipTracking}},
		{name: "a tracking number too long", sh: &Shipment{Operation: Operation{Number: "SH-1", Status: ShipmentReadyToSend}},
			step: FieldStep{Kind: StepShipped, Tracking: strings.Repeat("9", 129)}, wantField: []string{ShipTracking}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := &CustomerOrder{Shipments: []Shipment{*tc.sh}}
			before := o.Clone().Shipments[0]
			tc.sh = &o.Shipments[0]
			done, err := TakeFieldStep(tc.sh, tc.step, now)
			if len(tc.wantField) > 0 {
				var fe Problems
				if !errors.As(err, &fe) {
					t.Fatalf("want problems at %v, got %v", tc.wantField, err)
				}
				for _, f := range tc.wantField {
					if fe[f] == "" {
						t.Errorf("no message at %s: %v", f, fe)
					}
				}
				if len(fe) != len(tc.wantField) {
					t.Errorf("problems %v, want only %v", fe, tc.wantField)
				}
				if !reflect.DeepEqual(*tc.sh, before) {
					t.Errorf("a refused step changed the shipment:\n%+v\n%+v", tc.sh, before)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if done != tc.wantDone {
				t.Errorf("done %q, want %q", done, tc.wantDone)
			}
			if tc.step.Kind == StepShipped {
				if tc.sh.Status != ShipmentSent || tc.sh.TrackingNumber != strings.TrimSpace(tc.step.Tracking) {
					t.Errorf("shipped: %s %q", tc.sh.Status, tc.sh.TrackingNumber)
				}
				return
			}
			var pkgs []string
			for _, p := range tc.sh.Packages {
				pkgs = append(pkgs, PackageText(p))
			}
			if got := strings.Join(pkgs, "|"); got != tc.wantPkg {
				t.Errorf("packages %q, want %q", got, tc.wantPkg)
			}
			if got := MethodText(tc.sh); got != tc.wantCarry {
				t.Errorf("method %q, want %q", got, tc.wantCarry)
			}
			if tc.sh.Status != ShipmentReadyToSend {
				t.Errorf("status %s", tc.sh.Status)
			}
			// Every item sits in a package of the shipment (or none when none was recorded), so
			// the desk's packaging rules hold.
			if fe := ValidatePackaging(tc.sh); len(fe) > 0 {
				t.Errorf("packaging after the step: %v", fe)
			}
			if tc.wantPkg != "" {
				for _, it := range tc.sh.Items {
					if it.ShipmentPackageID == "" || it.Status != ItemPacked {
						t.Errorf("item %s: package %q status %s", it.ID, it.ShipmentPackageID, it.Status)
					}
				}
			}
		})
	}
}

// TestDeliveredAndComplete: a delivered shipment reads Delivered, its receiver is read back from
// the Delivered step's comment, and an order can be completed once every shipment that is not
// cancelled is delivered and the status rules allow it.
func TestDeliveredAndComplete(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	rules := DefaultStatusRules()
	sent := func(n string) Shipment { return Shipment{Operation: Operation{ID: n, Number: n, Status: ShipmentSent}} }
	deliver := func(s Shipment, who, note string, photo bool) Shipment {
		if _, err := TakeFieldStep(&s, FieldStep{Kind: StepDelivered, Receiver: who, Note: note, Photo: photo}, now); err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, tc := range []struct{ who, note, want string }{
		{"Ms Porter", "", "Ms Porter"},
		{"Ms Porter", "left with reception", "Ms Porter"},
		{"Jo Bloggs", "", "Jo Bloggs"},
	} {
		for _, photo := range []bool{false, true} {
			s := deliver(sent("SH-1"), tc.who, tc.note, photo)
			if got := DeliveredTo(&s); got != tc.want || StatusLabel(rules, &s) != "Delivered" {
				t.Errorf("%q %q photo %v: receiver %q, label %s (comment %q)", tc.who, tc.note, photo, got, StatusLabel(rules, &s), s.Comment)
			}
		}
	}
	again := deliver(Shipment{Operation: Operation{Status: ShipmentSent, Comment: "Delivered to Someone Else.\nFragile"}}, "Ana", "", false)
	if got := DeliveredTo(&again); got != "Ana" {
		t.Errorf("the last delivery line wins: %q", got)
	}
	if s := sent("SH-2"); StatusLabel(rules, &s) != "Sent" || DeliveredTo(&s) != "" {
		t.Errorf("a sent shipment: %s %q", StatusLabel(rules, &s), DeliveredTo(&s))
	}
	if s := (Shipment{Operation: Operation{Status: ShipmentReadyToSend}}); StatusLabel(rules, &s) != "Ready to send" {
		t.Errorf("label of ReadyToSend: %s", StatusLabel(rules, &s))
	}

	cancelled := sent("SH-X")
	cancelled.IsCancelled = true
	strict := DefaultStatusRules()
	strict.Transitions = map[DocumentType]map[string][]string{TypeCustomerOrder: {OrderProcessing: {OrderCancelled}}}
	for _, tc := range []struct {
		name   string
		status string
		ships  []Shipment
		rules  StatusRules
		ok     bool
		says   string
	}{
		{"every shipment delivered", OrderProcessing, []Shipment{deliver(sent("SH-1"), "A", "", false), deliver(sent("SH-2"), "B", "", false)}, rules, true, ""},
		{"a cancelled one does not count", OrderProcessing, []Shipment{deliver(sent("SH-1"), "A", "", false), cancelled}, rules, true, ""},
		{"one only sent", OrderProcessing, []Shipment{deliver(sent("SH-1"), "A", "", false), sent("SH-2")}, rules, false, "SH-2 (Sent)"},
		{"one still ready to send", OrderProcessing, []Shipment{{Operation: Operation{Number: "SH-3", Status: ShipmentReadyToSend}}}, rules, false, "SH-3 (Ready to send)"},
		{"no shipment", OrderProcessing, nil, rules, false, "no shipment"},
		{"only cancelled shipments", OrderProcessing, []Shipment{cancelled}, rules, false, "no shipment"},
		{"already completed", OrderCompleted, []Shipment{deliver(sent("SH-1"), "A", "", false)}, rules, false, "can no longer change"},
		{"the rules forbid the move", OrderProcessing, []Shipment{deliver(sent("SH-1"), "A", "", false)}, strict, false, "can move to Cancelled"},
	} {
		o := &CustomerOrder{Operation: Operation{Number: "CO-1", Status: tc.status}, Shipments: tc.ships}
		err := CanComplete(o, tc.rules)
		if (err == nil) != tc.ok || (err != nil && !strings.Contains(err.Error(), tc.says)) || AllDelivered(o) != (tc.ok || tc.name == "already completed" || tc.name == "the rules forbid the move") {
			t.Errorf("%s: %v (all delivered %v)", tc.name, err, AllDelivered(o))
		}
		if err != nil && !errors.Is(err, ErrTransitionNotAllowed) {
			t.Errorf("%s: %v is not a transition refusal", tc.name, err)
		}
	}
}
