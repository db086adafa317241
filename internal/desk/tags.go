package desk

import (
	"context"
	"fmt"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// SetTags adds and removes tags of one order by name, as one audited change set ("Added tag
// urgent"), retrying on a concurrent save like every Edit. Names are matched whatever their
// case; a new name becomes a tag of the dictionary in the same transaction; adding a tag the
// order carries or removing one it does not changes nothing (and writes nothing). A bad name
// is an order.Problems under "tags"; a missing order is order.ErrNotFound. The actor's
// permissions apply (order:update); store scopes are the caller's to check first (a page
// reads the order in scope, bulk actions keep store.OrderIDsInScope). It returns the order as
// saved.
func (d *Desk) SetTags(ctx context.Context, by store.Actor, orderID string, add, remove []string) (*order.CustomerOrder, error) {
	o, err := d.store.Order(ctx, orderID)
	if err != nil {
		return nil, fmt.Errorf("desk: tags of order %s: %w", orderID, err)
	}
	return d.SetTagsOf(ctx, by, o, add, remove)
}

// SetTagsOf is SetTags for an order already read (and checked in scope) by the caller.
func (d *Desk) SetTagsOf(ctx context.Context, by store.Actor, o *order.CustomerOrder, add, remove []string) (*order.CustomerOrder, error) {
	saved, _, err := d.Edit(ctx, by, o, func(_, work *order.CustomerOrder) error {
		return work.ChangeTags(add, remove)
	})
	return saved, err
}
