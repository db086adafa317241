package history

import "strconv"

func itoa(n int) string { return strconv.Itoa(n) }

// stateTone colours a comparison state: added green, removed red, changed amber.
func stateTone(state string) string {
	switch state {
	case "added":
		return "badge-ok"
	case "removed":
		return "badge-bad"
	case "changed":
		return "badge-warn"
	}
	return ""
}
