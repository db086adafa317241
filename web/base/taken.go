package base

import "time"

// TakenSentence says when a field step was taken on the device beside when the server received
// it, as "Taken at 23 Nov 2026 09:02 UTC on the device, received at 23 Nov 2026 12:05 UTC", or
// why the device's time was not used (problem, from order.TakenAt). It is "" when the device
// said nothing or both times are within a minute (a step sent at once).
func TakenSentence(device time.Time, problem string, received time.Time) string {
	switch {
	case problem != "" && device.IsZero():
		return "The device's time was not used: " + problem + "; received at " + When(received) + " is recorded"
	case problem != "":
		return "The device's time (" + When(device) + ") was not used: " + problem + "; received at " + When(received) + " is recorded"
	case device.IsZero() || received.Sub(device).Abs() < time.Minute:
		return ""
	}
	return "Taken at " + When(device) + " on the device, received at " + When(received)
}
