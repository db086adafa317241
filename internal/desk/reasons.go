package desk

import "orderdesk/internal/audit"

// Purpose is what a form does, as far as the reason rules care.
type Purpose int

const (
	// Other changes need a reason only when the store's rules find one in the change itself
	// (a price set by hand, a large discount).
	Other Purpose = iota
	// Refunding pays money back (a refund, a return refunded).
	Refunding
	// Cancelling cancels the order or one of its documents.
	Cancelling
)

// NeedsReason says whether a change of purpose p must say why under rules, so the form can
// ask before anything is sent.
func NeedsReason(rules audit.ReasonRules, p Purpose) bool {
	switch p {
	case Refunding:
		return rules.Refund
	case Cancelling:
		return rules.Cancellation
	}
	return false
}
