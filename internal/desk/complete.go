package desk

import (
	"context"
	"errors"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// CompleteDelivered moves an order whose every shipment (but the cancelled ones) is delivered
// to Completed, as the desk's status change would: the order's own status rules decide whether
// the move is allowed (order.CanComplete, which the store's save checks again), and the save is
// audited with by's source. A refusal is a *Refusal saying why, with nothing saved.
func (d *Desk) CompleteDelivered(ctx context.Context, by store.Actor, o *order.CustomerOrder) (saved, current *order.CustomerOrder, err error) {
	rules := d.store.Rules().Statuses
	return d.Edit(ctx, by, o, func(_, work *order.CustomerOrder) error {
		if err := order.CanComplete(work, rules); err != nil {
			if errors.Is(err, order.ErrTransitionNotAllowed) || errors.Is(err, order.ErrInvalidStatus) {
				return &Refusal{Message: completeRefusal(err)}
			}
			return err
		}
		work.Status = order.OrderCompleted
		return nil
	})
}

// completeRefusal is CanComplete's reason without the sentinel's prefix, as a sentence.
func completeRefusal(err error) string {
	msg := err.Error()
	for _, s := range []error{order.ErrTransitionNotAllowed, order.ErrInvalidStatus} {
		if errors.Is(err, s) && len(msg) > len(s.Error())+2 && msg[:len(s.Error())] == s.Error() {
			msg = msg[len(s.Error())+2:]
		}
	}
	return "The order cannot be completed: " + msg + "."
}
