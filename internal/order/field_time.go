package order

import (
	"strconv"
	"strings"
	"time"
)

// Bounds on the time a device says a field step was taken (a step queued while offline is
// sent late). Outside them the server's received time is recorded instead, and the history
// says why.
const (
	// MaxClockSkew is how far a device's clock may run ahead of the server's.
	MaxClockSkew = 5 * time.Minute
	// MaxStepAge is how long before it reached the server a step may have been taken.
	MaxStepAge = 7 * 24 * time.Hour
)

// StepTime is when a field step counts as taken.
type StepTime struct {
	At      time.Time // what to record: the device's time when it is believable, else the received time
	Device  time.Time // what the device said, in UTC (zero: it said nothing, or nothing readable)
	Problem string    // why the device's time was not used; "" when it was or none was said
}

// TakenAt judges the time a device sent with a field step (ISO 8601 with its offset, as
// "2026-11-23T10:02:13.456+01:00"; "" when it sent none) against the time the server received
// the step and the time the order was created. A time a little ahead of the server (its clock
// runs fast, within MaxClockSkew) counts as received.
func TakenAt(claimed string, received, created time.Time) StepTime {
	received = received.UTC()
	claimed = strings.TrimSpace(claimed)
	if claimed == "" {
		return StepTime{At: received}
	}
	device, err := time.Parse(time.RFC3339Nano, claimed)
	if err != nil || len(claimed) > 40 {
		return StepTime{At: received, Problem: "the device sent a time that could not be read"}
	}
	device = device.UTC()
	st := StepTime{At: received, Device: device}
	switch {
	case device.After(received.Add(MaxClockSkew)):
		st.Problem = "it is " + Span(device.Sub(received)) + " after the server received the step (the device's clock is ahead)"
	case !created.IsZero() && device.Before(created):
		st.Problem = "it is before the order was created"
	case received.Sub(device) > MaxStepAge:
		st.Problem = "it is more than " + Span(MaxStepAge) + " before the server received the step"
	case device.Before(received):
		st.At = device
	}
	return st
}

// Span says a duration as people read it: "7 days", "3 h 5 min", "12 min", "40 s".
func Span(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return strconv.Itoa(int(d/(24*time.Hour))) + " days"
	case d >= time.Hour:
		s := strconv.Itoa(int(d/time.Hour)) + " h"
		if m := int(d%time.Hour) / int(time.Minute); m > 0 {
			s += " " + strconv.Itoa(m) + " min"
		}
		return s
	case d >= time.Minute:
		return strconv.Itoa(int(d/time.Minute)) + " min"
	}
	return strconv.Itoa(int(d/time.Second)) + " s"
}
