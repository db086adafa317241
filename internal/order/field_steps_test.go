package order

import (
	"errors"
	"slices"
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

// TestPickStepCountsAndUnticks: the Picked step with units counted by scanning and lines
// unticked before it is taken. Items a (3 units), b (1) and c (2).
func TestPickStepCountsAndUnticks(t *testing.T) {
	ship := func(status string, statuses ...string) *Shipment {
		sh := &Shipment{Operation: Operation{Number: "SH-7", Status: status}}
		for i, q := range []int{3, 1, 2} {
			sh.Items = append(sh.Items, ShipmentItem{ID: string(rune('a' + i)), Quantity: q, Status: statuses[i]})
		}
		return sh
	}
	names := map[string]string{"a": "HD webcam", "b": "Silent mouse", "c": "USB-C cable"}
	shown := func(ids ...string) map[string]bool {
		m := map[string]bool{}
		for _, id := range ids {
			m[id] = true
		}
		return m
	}
	for _, tc := range []struct {
		name       string
		sh         *Shipment
		step       FieldStep
		wantStatus string
		wantItems  string
		wantDone   string
		wantErr    string // a message under "picked"
	}{
		{name: "a line counted in full is picked without a tick", sh: ship(ShipmentNew, "", "", ""),
			step:       FieldStep{Counted: map[string]int{"a": 3}, Shown: shown()},
			wantStatus: ShipmentPickPack, wantItems: "Picked,,", wantDone: "Picked 1 of 3 items of SH-7. Pick the rest, then Packed."},
		{name: "a line counted in part stays unpicked and is named", sh: ship(ShipmentNew, "", "", ""),
			step:       FieldStep{Picked: []string{"b"}, Counted: map[string]int{"a": 2, "b": 1}, Shown: shown(), Names: names},
			wantStatus: ShipmentPickPack, wantItems: ",Picked,",
			wantDone: "Picked 1 of 3 items of SH-7. Pick the rest, then Packed. HD webcam: 2 of 3 counted, not picked yet."},
		{name: "a tick counts the line complete whatever the count", sh: ship(ShipmentNew, "", "", ""),
			step:       FieldStep{Picked: []string{"a", "b", "c"}, Counted: map[string]int{"a": 1}, Shown: shown()},
			wantStatus: ShipmentPickPack, wantItems: "Picked,Picked,Picked", wantDone: "Picked 3 of 3 items of SH-7."},
		{name: "counted beyond the quantity is refused", sh: ship(ShipmentNew, "", "", ""),
			step:    FieldStep{Picked: []string{"b"}, Counted: map[string]int{"a": 4}, Names: names},
			wantErr: "HD webcam was counted 4 times; the line has 3. Nothing was saved."},
		{name: "a negative count is refused", sh: ship(ShipmentNew, "", "", ""),
			step: FieldStep{Counted: map[string]int{"c": -1}}, wantErr: "A line was counted -1 times; the line has 2. Nothing was saved."},
		{name: "only a part counted, nothing ticked", sh: ship(ShipmentNew, "", "", ""),
			step:    FieldStep{Counted: map[string]int{"a": 1}, Shown: shown(), Names: names},
			wantErr: "Tick or scan the items you picked. HD webcam: 1 of 3 counted, not picked yet."},
		{name: "a wrong tick undone: the unticked line is picked no more", sh: ship(ShipmentPickPack, ItemPicked, ItemPicked, ""),
			step:       FieldStep{Picked: []string{"a"}, Shown: shown("a", "b")},
			wantStatus: ShipmentPickPack, wantItems: "Picked,,", wantDone: "Picked 1 of 3 items of SH-7. Unticked 1 item: not picked any more. Pick the rest, then Packed."},
		{name: "every tick undone: New again", sh: ship(ShipmentPickPack, ItemPicked, ItemPicked, ""),
			step:       FieldStep{Shown: shown("a", "b")},
			wantStatus: ShipmentNew, wantItems: ",,", wantDone: "Unticked 2 items of SH-7; nothing of it is picked, so it is New again."},
		{name: "a line another picker picked since the card was shown stays picked", sh: ship(ShipmentPickPack, ItemPicked, ItemPicked, ""),
			step:       FieldStep{Picked: []string{"c"}, Shown: shown("a")},
			wantStatus: ShipmentPickPack, wantItems: ",Picked,Picked", wantDone: "Picked 1 of 3 items of SH-7. Unticked 1 item: not picked any more. Pick the rest, then Packed."},
		{name: "a step that does not say what it showed only adds", sh: ship(ShipmentPickPack, ItemPicked, "", ""),
			step:       FieldStep{Picked: []string{"b"}},
			wantStatus: ShipmentPickPack, wantItems: "Picked,Picked,", wantDone: "Picked 1 of 3 items of SH-7. Pick the rest, then Packed."},
		{name: "a packed line is not unpicked", sh: ship(ShipmentPickPack, ItemPacked, ItemPicked, ""),
			step:       FieldStep{Picked: []string{"b"}, Shown: shown("a", "b")},
			wantStatus: ShipmentPickPack, wantItems: "Packed,Picked,", wantDone: "Picked 1 of 3 items of SH-7. Pick the rest, then Packed."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.step.Kind = StepPicked
			before := *tc.sh
			before.Items = append([]ShipmentItem(nil), tc.sh.Items...)
			done, err := TakeFieldStep(tc.sh, tc.step, time.Now())
			if tc.wantErr != "" {
				var fe Problems
				if !errors.As(err, &fe) || fe["picked"] != tc.wantErr {
					t.Fatalf("want %q under picked, got %v", tc.wantErr, err)
				}
				if tc.sh.Status != before.Status || !slices.Equal(tc.sh.Items, before.Items) {
					t.Fatalf("a refused step changed the shipment: %+v", tc.sh)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var items []string
			for _, it := range tc.sh.Items {
				items = append(items, it.Status)
			}
			if got := strings.Join(items, ","); got != tc.wantItems || tc.sh.Status != tc.wantStatus || done != tc.wantDone {
				t.Errorf("items %q status %s done %q,\nwant  %q %s %q", got, tc.sh.Status, done, tc.wantItems, tc.wantStatus, tc.wantDone)
			}
		})
	}
}
