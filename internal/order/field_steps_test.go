package order

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestTakeFieldStep(t *testing.T) {
	now := time.Date(2026, 12, 1, 16, 0, 0, 0, time.UTC)
	earlier := now.Add(-time.Hour)
	ship := func(status string, items ...string) *Shipment {
		sh := &Shipment{Operation: Operation{Number: "SH-1", Status: status}}
		for i, st := range items {
			sh.Items = append(sh.Items, ShipmentItem{ID: string(rune('a' + i)), Status: st})
		}
		return sh
	}
	for _, tc := range []struct {
		name       string
		sh         *Shipment
		step       FieldStep
		wantStatus string
		wantItems  string // item statuses after, comma-separated
		wantDone   string
		wantField  string // a Problems key
		misfit     bool
	}{
		{name: "pick some", sh: ship(ShipmentNew, "", ""), step: FieldStep{Kind: StepPicked, Picked: []string{"a"}},
			wantStatus: ShipmentPickPack, wantItems: "Picked,", wantDone: "Picked 1 of 2 items of SH-1. Pick the rest, then Packed."},
		{name: "pick the rest, merged with another picker's", sh: ship(ShipmentPickPack, ItemPicked, ""), step: FieldStep{Kind: StepPicked, Picked: []string{"b"}},
			wantStatus: ShipmentPickPack, wantItems: "Picked,Picked", wantDone: "Picked 1 of 2 items of SH-1."},
		{name: "pick nothing", sh: ship(ShipmentNew, ""), step: FieldStep{Kind: StepPicked}, wantField: "picked"},
		{name: "pick items no longer there", sh: ship(ShipmentNew, ""), step: FieldStep{Kind: StepPicked, Picked: []string{"zz"}}, wantField: "picked"},
		{name: "pack before all are picked", sh: ship(ShipmentPickPack, ItemPicked, ""), step: FieldStep{Kind: StepPacked}, wantField: "picked"},
		{name: "pack", sh: ship(ShipmentPickPack, ItemPicked, ItemPicked), step: FieldStep{Kind: StepPacked},
			wantStatus: ShipmentReadyToSend, wantItems: "Packed,Packed", wantDone: "SH-1 is packed and ready to send."},
		{name: "pack a new shipment", sh: ship(ShipmentNew, ""), step: FieldStep{Kind: StepPacked}, misfit: true},
		{name: "ship", sh: ship(ShipmentReadyToSend), step: FieldStep{Kind: StepShipped, Tracking: " 1Z9 "}, wantStatus: ShipmentSent, wantDone: "SH-1 is shipped."},
		{name: "ship twice", sh: ship(ShipmentSent), step: FieldStep{Kind: StepShipped}, misfit: true},
		{name: "deliver without a receiver", sh: ship(ShipmentSent), step: FieldStep{Kind: StepDelivered, Receiver: "  "}, wantField: "receiver"},
		{name: "deliver", sh: ship(ShipmentSent), step: FieldStep{Kind: StepDelivered, Receiver: "Ms Porter", Note: "porch", Photo: true},
			wantStatus: ShipmentSent, wantDone: "SH-1 is delivered to Ms Porter."},
		{name: "deliver twice", sh: func() *Shipment { s := ship(ShipmentSent); s.DeliveryDate = &earlier; return s }(), step: FieldStep{Kind: StepDelivered, Receiver: "X"}, misfit: true},
		{name: "a cancelled shipment", sh: func() *Shipment { s := ship(ShipmentNew, ""); s.IsCancelled = true; return s }(), step: FieldStep{Kind: StepPicked, Picked: []string{"a"}}, misfit: true},
		{name: "an unknown step", sh: ship(ShipmentNew), step: FieldStep{Kind: "teleported"}, misfit: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := tc.sh.Status
			o := &CustomerOrder{Shipments: []Shipment{*tc.sh}}
			sh := &o.Shipments[0]
			done, err := TakeFieldStep(sh, tc.step, now)
			var misfit *StepMisfit
			var fe Problems
			switch {
			case tc.misfit:
				if !errors.As(err, &misfit) || sh.Status != before {
					t.Fatalf("want a misfit and nothing changed, got %v, status %s", err, sh.Status)
				}
				return
			case tc.wantField != "":
				if !errors.As(err, &fe) || fe[tc.wantField] == "" || sh.Status != before {
					t.Fatalf("want a %s field error and nothing changed, got %v, status %s", tc.wantField, err, sh.Status)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if done != tc.wantDone || sh.Status != tc.wantStatus {
				t.Errorf("done %q status %s, want %q %s", done, sh.Status, tc.wantDone, tc.wantStatus)
			}
			var items []string
			for _, it := range sh.Items {
				items = append(items, it.Status)
			}
			if got := strings.Join(items, ","); tc.wantItems != "" && got != tc.wantItems {
				t.Errorf("items %s, want %s", got, tc.wantItems)
			}
			if tc.step.Kind == StepShipped && sh.TrackingNumber != "1Z9" {
				t.Errorf("tracking %q", sh.TrackingNumber)
			}
			if tc.step.Kind == StepDelivered && (sh.DeliveryDate == nil || !sh.DeliveryDate.Equal(now) || sh.Comment != "Delivered to Ms Porter. porch (photo)") {
				t.Errorf("delivery %v, comment %q", sh.DeliveryDate, sh.Comment)
			}
		})
	}
}
