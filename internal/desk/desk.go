// Package desk is the use-case layer between the web and the store: what staff and API clients
// do to an order, with the rules that decide whether it may be done, on top of the store's
// one-transaction save.
//
// A use case is one call: Edit applies a change to the order as stored and saves it, retrying
// on a concurrent save; the named changes (CancelPayment, RemoveShipment, …) are pure functions
// of the working copy that return domain errors. Handlers map those errors to answers:
// *Refusal to 409 or 422 with its message, order.Problems to 422 at the fields, ErrGone to
// 409, order.ErrNotFound to 404, an *order.ConflictError left after every retry to 409.
package desk

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// MaxAttempts bounds how often Edit applies a change: the first attempts are optimistic (read,
// apply, save if nobody saved meanwhile); the last is taken under the order's row lock, so a
// busy order (a dozen API clients writing it at once) still takes every write, one after the
// other, and a change that saves the order alone never ends in a conflict.
const MaxAttempts = 4

// retryPause is how long Edit waits before its next attempt: up to ten random milliseconds a
// try, growing with the attempt, so writers that met once do not meet again in lockstep.
func retryPause(attempt int) time.Duration {
	return time.Duration(rand.Int64N(int64(attempt) * int64(10*time.Millisecond)))
}

// ErrGone says what a change acts on (a line, a document) is no longer on the order, most
// likely removed by someone else meanwhile. Nothing was saved.
var ErrGone = errors.New("no longer on the order")

// Refusal is a rule saying no to a change, in words for the person who asked. Nothing was saved.
type Refusal struct{ Message string }

func (r *Refusal) Error() string { return r.Message }

func refuse(format string, args ...any) error { return &Refusal{Message: fmt.Sprintf(format, args...)} }

// Desk runs the use cases against a store.
type Desk struct {
	store    *store.Store
	gateways map[string]Gateway // by lower-case gateway code (PlugIn)
}

// New makes the use-case layer over st.
func New(st *store.Store) *Desk { return &Desk{store: st} }

// Change applies one edit to work, a copy of current (the order as stored when the attempt
// began). It may refuse by returning an error; nothing is then saved.
type Change func(current, work *order.CustomerOrder) error

// Saver writes a change: the order alone (store.SaveOrder), or with what else the change made
// (a return, a photo), in one transaction.
type Saver func(ctx context.Context, by store.Actor, o *order.CustomerOrder) error

// SavingChange is a Change that also says how to save it; a nil Saver saves the order alone.
type SavingChange func(current, work *order.CustomerOrder) (Saver, error)

// Edit applies change to a copy of o and saves it. When someone else saved the order in
// between, it reads the order again and applies change to that, up to MaxAttempts times. It
// returns the order as saved, and the order as last read (to answer with when it fails).
func (d *Desk) Edit(ctx context.Context, by store.Actor, o *order.CustomerOrder, change Change) (saved, current *order.CustomerOrder, err error) {
	return d.EditSaving(ctx, by, o, func(current, work *order.CustomerOrder) (Saver, error) {
		return nil, change(current, work)
	})
}

// EditSaving is Edit for a change that saves more than the order (a return with it, or the
// return alone).
func (d *Desk) EditSaving(ctx context.Context, by store.Actor, o *order.CustomerOrder, change SavingChange) (saved, current *order.CustomerOrder, err error) {
	current = o
	for attempt := 1; ; attempt++ {
		work := current.Clone()
		save, err := change(current, work)
		if err != nil {
			return nil, current, err
		}
		plain := save == nil
		if plain {
			save = d.store.SaveOrder
		}
		err = save(ctx, by, work)
		if err == nil {
			return work, current, nil
		}
		if !errors.Is(err, order.ErrConflict) || attempt >= MaxAttempts {
			return nil, current, err
		}
		select {
		case <-ctx.Done():
			return nil, current, err
		case <-time.After(retryPause(attempt)):
		}
		if plain && attempt == MaxAttempts-1 {
			return d.editLocked(ctx, by, current, change)
		}
		fresh, rerr := d.store.Order(ctx, current.ID)
		if rerr != nil {
			return nil, current, fmt.Errorf("desk: read order %s again: %w", current.ID, rerr)
		}
		current = fresh
	}
}

// editLocked is Edit's last attempt: change applied to the order as read under its row lock
// and saved in that transaction. A change that asks to save more than the order here is
// answered with the conflict its optimistic attempts met.
func (d *Desk) editLocked(ctx context.Context, by store.Actor, o *order.CustomerOrder, change SavingChange) (saved, current *order.CustomerOrder, err error) {
	current = o
	saved, err = d.store.PatchOrder(ctx, by, o.ID, func(locked *order.CustomerOrder) (*order.CustomerOrder, error) {
		current = locked
		work := locked.Clone()
		save, err := change(locked, work)
		if err == nil && save != nil {
			err = &order.ConflictError{OrderID: o.ID, Expected: o.Version, Actual: locked.Version}
		}
		return work, err
	})
	if err != nil {
		return nil, current, err
	}
	return saved, current, nil
}

// EditWithPhoto is Edit for a field step that keeps a photo (nil: none) with the order.
func (d *Desk) EditWithPhoto(ctx context.Context, by store.Actor, o *order.CustomerOrder, change Change, photo *store.Photo) (saved, current *order.CustomerOrder, err error) {
	return d.EditSaving(ctx, by, o, func(current, work *order.CustomerOrder) (Saver, error) {
		if err := change(current, work); err != nil || photo == nil {
			return nil, err
		}
		return func(ctx context.Context, by store.Actor, o *order.CustomerOrder) error {
			return d.store.SaveOrderWithPhoto(ctx, by, o, photo)
		}, nil
	})
}

// WithReturn saves the order and ret in one transaction.
func (d *Desk) WithReturn(ret *order.Return) Saver {
	return func(ctx context.Context, by store.Actor, o *order.CustomerOrder) error {
		return d.store.SaveOrderAndReturn(ctx, by, o, ret)
	}
}

// ReturnOnly saves ret (a change to a return only; the order is untouched).
func (d *Desk) ReturnOnly(ret *order.Return) Saver {
	return func(ctx context.Context, by store.Actor, _ *order.CustomerOrder) error {
		return d.store.SaveReturn(ctx, by, ret)
	}
}

// NewReturn creates ret (the order is untouched); check maps the store's errors (its
// validation speaks of the return's own lines) before they are returned.
func (d *Desk) NewReturn(ret *order.Return, check func(error) error) Saver {
	return func(ctx context.Context, by store.Actor, _ *order.CustomerOrder) error {
		return check(d.store.CreateReturn(ctx, by, ret))
	}
}
