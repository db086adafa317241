package order

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestTakenAt: the device's time is recorded when it is believable; each bound, crossed, falls
// back to the received time and says why.
func TestTakenAt(t *testing.T) {
	received := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	created := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, claimed string
		want          time.Time // the time recorded
		device        bool      // the device's time is kept for the record
		problem       string    // part of the reason it was not used
	}{
		{name: "none said", claimed: "", want: received},
		{name: "three hours before, with an offset", claimed: "2026-11-23T10:00:00+01:00", want: received.Add(-3 * time.Hour), device: true},
		{name: "fractions of a second", claimed: "2026-11-23T08:59:59.250Z", want: time.Date(2026, 11, 23, 8, 59, 59, 250e6, time.UTC), device: true},
		{name: "ahead within the skew counts as received", claimed: "2026-11-23T12:04:59Z", want: received, device: true},
		{name: "ahead just at the skew", claimed: "2026-11-23T12:05:00Z", want: received, device: true},
		{name: "ahead beyond the skew", claimed: "2026-11-23T12:05:01Z", want: received, device: true, problem: "after the server received the step (the device's clock is ahead)"},
		{name: "hours ahead", claimed: "2026-11-23T15:30:00Z", want: received, device: true, problem: "it is 3 h 30 min after"},
		{name: "at the order's creation", claimed: "2026-11-20T08:00:00Z", want: created, device: true},
		{name: "before the order", claimed: "2026-11-20T07:59:59Z", want: received, device: true, problem: "before the order was created"},
		{name: "unreadable", claimed: "yesterday", want: received, problem: "could not be read"},
		{name: "no offset", claimed: "2026-11-23T10:00:00", want: received, problem: "could not be read"},
		{name: "absurdly long", claimed: "2026-11-23T10:00:00.000000000000000000000000000000+01:00", want: received, problem: "could not be read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := TakenAt(tc.claimed, received, created)
			if !st.At.Equal(tc.want) {
				t.Errorf("recorded %v, want %v", st.At, tc.want)
			}
			if st.Device.IsZero() == tc.device {
				t.Errorf("device time %v, want one kept: %v", st.Device, tc.device)
			}
			if (tc.problem == "") != (st.Problem == "") || !strings.Contains(st.Problem, tc.problem) {
				t.Errorf("problem %q, want one with %q", st.Problem, tc.problem)
			}
		})
	}
}

// TestTakenAtMaxAge: an order older than the age bound, a step taken longer ago than it.
func TestTakenAtMaxAge(t *testing.T) {
	received := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	created := received.Add(-30 * 24 * time.Hour)
	if st := TakenAt(received.Add(-MaxStepAge).Format(time.RFC3339), received, created); st.Problem != "" || !st.At.Equal(received.Add(-MaxStepAge)) {
		t.Errorf("exactly %v old: %+v", MaxStepAge, st)
	}
	st := TakenAt(received.Add(-MaxStepAge-time.Second).Format(time.RFC3339), received, created)
	if !st.At.Equal(received) || !strings.Contains(st.Problem, "more than 7 days before") {
		t.Errorf("older than %v: %+v", MaxStepAge, st)
	}
	// Without a creation date only the age and the skew bound it.
	if st := TakenAt("2026-11-20T07:00:00Z", received, time.Time{}); st.Problem != "" {
		t.Errorf("no creation date: %+v", st)
	}
}

func TestSpan(t *testing.T) {
	for d, want := range map[time.Duration]string{
		40 * time.Second: "40 s", 12 * time.Minute: "12 min", 3*time.Hour + 5*time.Minute: "3 h 5 min",
		2 * time.Hour: "2 h", 7 * 24 * time.Hour: "7 days",
	} {
		if got := Span(d); got != want {
			t.Errorf("Span(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestForeseeStep: the card a queued step leads to, step after step.
func TestForeseeStep(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	sh := &Shipment{Operation: Operation{Number: "SH-1", Status: ShipmentPickPack}, Items: []ShipmentItem{{ID: "a", Status: ItemPicked}, {ID: "b"}}}
	if got := StepsAhead(sh); !slices.Equal(got, []string{StepPicked, StepPacked, StepShipped, StepDelivered}) {
		t.Errorf("ahead of pick & pack: %v", got)
	}
	picked := copyShipment(sh)
	ForeseeStep(&picked, StepPicked, at)
	if picked.Status != ShipmentPickPack || picked.Items[1].Status != "" {
		t.Errorf("after picked: %s %q (the device shows its own ticks)", picked.Status, picked.Items[1].Status)
	}
	for _, tc := range []struct {
		kind, status string
		delivered    bool
		ahead        []string
	}{
		{StepPacked, ShipmentReadyToSend, false, []string{StepShipped, StepDelivered}},
		{StepShipped, ShipmentSent, false, []string{StepDelivered}},
		{StepDelivered, ShipmentSent, true, nil},
	} {
		next := copyShipment(sh)
		ForeseeStep(&next, tc.kind, at)
		if next.Status != tc.status || (next.DeliveryDate != nil) != tc.delivered || !slices.Equal(StepsAhead(&next), tc.ahead) {
			t.Errorf("after %s: %s delivered %v ahead %v", tc.kind, next.Status, next.DeliveryDate, StepsAhead(&next))
		}
	}
	if got := StepsAhead(&Shipment{Operation: Operation{Status: ShipmentSent, IsCancelled: true}}); got != nil {
		t.Errorf("a cancelled shipment: %v", got)
	}
}

func copyShipment(sh *Shipment) Shipment {
	c := *sh
	c.Items = slices.Clone(sh.Items)
	return c
}
