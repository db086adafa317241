package desk

import (
	"context"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// The writes below take orders and returns as their caller made them: the API's create,
// replace, patch and delete, a return saved whole, and the multi-order saves of shipping
// together. They need no merge or retry here — the caller named the version it replaces, or
// the store's row locks order them — but every order write goes through the desk, so a rule
// added here holds for the pages, the API and field mode alike. The store still applies the
// policy (internal/policy) and records the change set in the same transaction.

// Create saves a new order.
func (d *Desk) Create(ctx context.Context, by store.Actor, o *order.CustomerOrder) error {
	return d.store.CreateOrder(ctx, by, o)
}

// Replace saves o whole over the stored order of the version it carries.
func (d *Desk) Replace(ctx context.Context, by store.Actor, o *order.CustomerOrder) error {
	return d.store.SaveOrder(ctx, by, o)
}

// Patch applies edit to the order as locked and saves the result (a JSON Patch).
func (d *Desk) Patch(ctx context.Context, by store.Actor, id string,
	edit func(current *order.CustomerOrder) (*order.CustomerOrder, error)) (*order.CustomerOrder, error) {
	return d.store.PatchOrder(ctx, by, id, edit)
}

// Delete deletes an order and everything under it.
func (d *Desk) Delete(ctx context.Context, by store.Actor, id string) error {
	return d.store.DeleteOrder(ctx, by, id)
}

// CreateReturn saves a new return on its order.
func (d *Desk) CreateReturn(ctx context.Context, by store.Actor, r *order.Return) error {
	return d.store.CreateReturn(ctx, by, r)
}

// SaveReturn saves a return whole over the stored one of the revision it carries.
func (d *Desk) SaveReturn(ctx context.Context, by store.Actor, r *order.Return) error {
	return d.store.SaveReturn(ctx, by, r)
}

// DeleteReturn deletes a return.
func (d *Desk) DeleteReturn(ctx context.Context, by store.Actor, id string) error {
	return d.store.DeleteReturn(ctx, by, id)
}

// ShipTogether saves one shipment, consignment id, carried as a part on each of orders.
func (d *Desk) ShipTogether(ctx context.Context, by store.Actor, id string, orders []*order.CustomerOrder) error {
	return d.store.CreateConsignment(ctx, by, id, orders)
}

// SaveConsignment saves the orders of a consignment together, or none of them.
func (d *Desk) SaveConsignment(ctx context.Context, by store.Actor, orders []*order.CustomerOrder) error {
	return d.store.SaveOrders(ctx, by, orders)
}
