package audit

import (
	"slices"
	"strings"

	"orderdesk/internal/auth"
)

// The change → permission table: what a save needs, decided by what it changes, so a
// whole-document save (the API's PUT and PATCH, a payment or shipment saved whole, a desk form)
// can do no more than the dedicated routes would let the same person do.
//
//	change                                              permission
//	a shipment, payment, capture or refund removed      order:delete
//	  (one still New, or cancelled — the desk's
//	  "cancel it, then remove it" — is withdrawn
//	  with the permission that edits it)
//	a refund added or changed (its items too)           order:refund
//	a capture added or changed (its items too)          order:capture_payment
//	a payment's status or captured date, changed in
//	  the same save as its capture / refund             the capture's / refund's permission
//	a price, sale price, discount or fee changed;
//	  a payment's sum changed; a discount added         order:read_prices
//	a shipment, its items, packages or address          order:update_shipments
//	computed money (totals, taxes)                      nothing: it follows the inputs above
//	anything else                                       order:update (order:create for a new order)
//
// One status change is decided with the order in hand, by policy.Limits: an order whose every
// shipment is delivered moved to Completed (nothing else changed) needs order:update_shipments.
//
// A new order (creating) needs order:create for everything but its captures and refunds; a
// payment added whole needs the permissions of the captures and refunds it holds.

// removedDocuments are the documents whose removal is a deletion.
var removedDocuments = []string{"Shipment", "PaymentIn", "Capture", "Refund"}

// priceFields are the money inputs (sum only on a payment); the rest is computed from them.
var priceFields = []string{"price", "salePrice", "discountAmount", "fee", "sum"}

// paymentFollowers are the payment fields the capture and refund flows set.
var paymentFollowers = []string{"status", "capturedDate"}

// PermissionFor is the permission one change needs ("" for computed money); followed says
// which permission the change's payment follows when its capture or refund changed in the same
// save (see NeededPermissions).
func PermissionFor(c Change, creating bool, followed auth.Permission) auth.Permission {
	base := auth.OrderUpdate
	if creating {
		base = auth.OrderCreate
	}
	element := c.Field == ""
	switch {
	case element && c.Op == Removed && slices.Contains(removedDocuments, c.Entity) && !isDraft(c.Fields):
		return auth.OrderDelete
	case c.Entity == "Refund" || c.Entity == "RefundItem":
		return auth.OrderRefund
	case c.Entity == "Capture" || c.Entity == "CaptureItem":
		return auth.OrderCapturePayment
	case c.Entity == "PaymentIn" && followed != "" && slices.Contains(paymentFollowers, c.Field):
		return followed
	case creating:
		return base
	case c.Op == Changed && slices.Contains(priceFields, c.Field) && (c.Field != "sum" || c.Entity == "PaymentIn"), c.Entity == "Discount":
		return auth.OrderReadPrices
	case strings.HasPrefix(c.Path, "shipments["):
		return auth.OrderUpdateShipments
	case !element && IsMoneyField(c.Path):
		return ""
	}
	return base
}

// NeededPermissions lists, without repeats and in auth.AllPermissions order, what a save
// with these changes needs; creating is a new order (the changes from nothing).
func NeededPermissions(changes []Change, creating bool) []auth.Permission {
	// The payment a capture or refund belongs to follows it: Paid, Refunded, captured on.
	followed := map[string]auth.Permission{}
	for _, c := range changes {
		if p := PermissionFor(c, creating, ""); p == auth.OrderRefund || p == auth.OrderCapturePayment {
			if pay := paymentOf(c.Path); pay != "" && followed[pay] != auth.OrderRefund {
				followed[pay] = p
			}
		}
	}
	need := map[auth.Permission]bool{}
	for _, c := range changes {
		if p := PermissionFor(c, creating, followed[paymentOf(c.Path)]); p != "" {
			need[p] = true
		}
		if c.Op == Added && c.Field == "" {
			// A payment added whole brings its captures and refunds inside it.
			for _, leaf := range c.Fields {
				switch {
				case strings.HasPrefix(leaf.Path, "captures["):
					need[auth.OrderCapturePayment] = true
				case strings.HasPrefix(leaf.Path, "refunds["):
					need[auth.OrderRefund] = true
				}
			}
		}
	}
	var out []auth.Permission
	for _, p := range auth.AllPermissions {
		if need[p] {
			out = append(out, p)
		}
	}
	return out
}

// isDraft says whether a removed document was still New or was cancelled: nothing of it is in
// effect (shipped, paid, captured, refunded).
func isDraft(fields []Leaf) bool {
	for _, f := range fields {
		if f.Path == "status" && f.Value == "New" || f.Path == "isCancelled" && f.Value == "true" {
			return true
		}
	}
	return false
}

// paymentOf is the "inPayments[id]" a path lies in, or "".
func paymentOf(path string) string {
	if !strings.HasPrefix(path, "inPayments[") {
		return ""
	}
	if end := strings.Index(path, "]"); end > 0 {
		return path[:end+1]
	}
	return ""
}
