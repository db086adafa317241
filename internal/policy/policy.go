// Package policy is what a change to an order must satisfy beyond the domain's own rules: the
// permission each change needs (audit.NeededPermissions), a desk clerk's refund limit, prices
// left alone by those who may not see them, and which changes must say why. It is pure; the
// store applies it inside every save's transaction, against the order as locked, so no
// writer — page, API, field mode, command line — can go around it.
package policy

import (
	"strings"

	"github.com/shopspring/decimal"

	"orderdesk/internal/audit"
	"orderdesk/internal/auth"
	"orderdesk/internal/order"
)

// Limits are what an actor's role limits. The zero value limits nothing: the command line and
// background jobs.
type Limits struct {
	// Permits, when set, is what the actor holds: each save is checked change by change against
	// audit.NeededPermissions.
	Permits func(auth.Permission) bool
	// RefundLimit, when set, is the largest refund this actor may add or raise (a desk clerk's
	// [orders] clerk_refund_limit).
	RefundLimit *decimal.Decimal
	// HidesPrices is an actor without read-prices: their saves may not change prices
	// (order.ValidatePricesUnchanged).
	HidesPrices bool
}

// Allow checks a save from before (nil for a new order) to after against the limits: the
// permission each change needs, the size of refunds, and prices.
func (l Limits) Allow(before, after *order.CustomerOrder) error {
	if err := l.permits(before, after); err != nil {
		return err
	}
	if l.RefundLimit != nil {
		if err := order.ValidateRefundLimit(before, after, *l.RefundLimit); err != nil {
			return err
		}
	}
	if l.HidesPrices {
		return order.ValidatePricesUnchanged(before, after)
	}
	return nil
}

func (l Limits) permits(before, after *order.CustomerOrder) error {
	if l.Permits == nil {
		return nil
	}
	changes := audit.Diff(before, after)
	var missing []auth.Permission
	for _, p := range audit.NeededPermissions(changes, before == nil) {
		if p == auth.OrderUpdate && l.Permits(auth.OrderUpdateShipments) && completesDelivered(before, after, changes) {
			continue // the last step of fulfilment is the shipping staff's
		}
		if !l.Permits(p) {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		return &ForbiddenChangeError{Missing: missing}
	}
	return nil
}

// ForbiddenChangeError refuses a save that changes what the actor's role may not change (the
// change → permission table, audit.NeededPermissions).
type ForbiddenChangeError struct {
	Missing []auth.Permission
}

func (e *ForbiddenChangeError) Error() string {
	names := make([]string, len(e.Missing))
	for i, p := range e.Missing {
		names[i] = string(p)
	}
	return "this change needs " + strings.Join(names, ", ") + ", which your role does not have; nothing was saved"
}

// RequireReason refuses an order edit that overrides a price, gives a large discount, refunds
// or cancels (rules) without saying why, with a "reason" field error.
func RequireReason(rules audit.ReasonRules, before, after *order.CustomerOrder, changes []audit.Change, reason string) error {
	if needs := rules.NeedReason(before, after, changes); len(needs) > 0 && strings.TrimSpace(reason) == "" {
		return order.Problems{"reason": audit.ReasonError(needs)}
	}
	return nil
}

// RequireReturnReason is RequireReason for a return's changes.
func RequireReturnReason(rules audit.ReasonRules, changes []audit.Change, reason string) error {
	if needs := rules.NeedReasonForReturn(changes); len(needs) > 0 && strings.TrimSpace(reason) == "" {
		return order.Problems{"reason": audit.ReasonError(needs)}
	}
	return nil
}

// completesDelivered says whether a save only moves an order whose every shipment (but the
// cancelled ones) is delivered to Completed: the field staff's last step, which needs
// order:update_shipments instead of the order:update another status change needs.
func completesDelivered(before, after *order.CustomerOrder, changes []audit.Change) bool {
	if before == nil || !order.AllDelivered(after) {
		return false
	}
	moved := false
	for _, c := range changes {
		if audit.PermissionFor(c, false, "") != auth.OrderUpdate {
			continue
		}
		if c.Path != "status" || c.New == nil || *c.New != order.OrderCompleted {
			return false
		}
		moved = true
	}
	return moved
}
