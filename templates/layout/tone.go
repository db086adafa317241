package layout

import "strings"

// StatusTone is the one colour of a status badge, for orders and every document alike, in the
// list, on the order page and in field mode: done green ("ok"), cancelled or failed red
// ("bad"), waiting on someone amber ("warn"), anything else plain ("").
func StatusTone(status string, cancelled bool) string {
	switch strings.ToLower(status) {
	case "cancelled", "canceled", "rejected", "voided", "declined", "error", "refunded":
		return "bad"
	case "completed", "paid", "sent", "processed", "delivered", "approved":
		return "ok"
	case "new", "pending", "not payed", "authorized", "partiallyrefunded":
		return "warn"
	}
	if cancelled {
		return "bad"
	}
	return ""
}

// BadgeClass is the CSS class of a badge of tone t.
func BadgeClass(t string) string {
	if t == "" {
		return ""
	}
	return "badge-" + t
}
