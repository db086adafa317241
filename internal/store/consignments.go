package store

// Consignments: one parcel serving several orders of one customer at one address. Each order
// keeps its own shipment (its share of the items, its own number and change set); the
// shipments carry the consignment id, and shipment_consignments holds what the parts share.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/listing"
	"orderdesk/internal/order"
)

// SaveOrders stores several edited orders in one transaction, each as SaveOrder would (version
// check, numbers, totals, validation, its own change set): all are saved or none. Orders are
// locked in id order, so two calls over the same orders cannot deadlock. Field errors come back
// as order.Problems with each key prefixed by the order's number ("CO1: items[0].quantity").
func (s *Store) SaveOrders(ctx context.Context, by Actor, orders []*order.CustomerOrder) error {
	return s.saveOrders(ctx, by, orders, nil)
}

func (s *Store) saveOrders(ctx context.Context, by Actor, orders []*order.CustomerOrder, first func(tx *sqlx.Tx) error) error {
	for _, o := range orders {
		if o.ID == "" {
			return fmt.Errorf("store: save orders: an order without id: %w", order.ErrNotFound)
		}
	}
	work := make([]*order.CustomerOrder, len(orders))
	now := s.Now()
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		for i, o := range orders { // every attempt starts from the caller's orders (see InTx)
			work[i] = o.Clone()
		}
		byID := slices.Clone(work)
		slices.SortFunc(byID, func(a, b *order.CustomerOrder) int { return strings.Compare(a.ID, b.ID) })
		// Lock every order first, in id order, before any of them is read for writing.
		for _, w := range byID {
			if _, err := loadHeader(ctx, tx, "id = ?", "FOR UPDATE", w.ID); err != nil {
				return err
			}
		}
		if first != nil {
			if err := first(tx); err != nil {
				return err
			}
		}
		for _, w := range byID {
			if err := s.saveOrderTx(ctx, tx, by, w, now, nil); err != nil {
				var fe order.Problems
				if errors.As(err, &fe) {
					out := order.Problems{}
					out.Merge(w.Number+": ", fe)
					return out
				}
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := range orders {
		*orders[i] = *work[i]
	}
	return nil
}

// Consignment is the shared part of a consignment.
type Consignment struct {
	ID          string    `db:"id"`
	StoreID     string    `db:"store_id"`
	CustomerID  string    `db:"customer_id"`
	AddressKey  string    `db:"address_key"`
	CreatedDate time.Time `db:"created_date"`
	CreatedBy   string    `db:"created_by"`
}

// CreateConsignment saves the orders, each holding its new part (a shipment whose
// ConsignmentID is id), and the consignment row, in one transaction. The orders as they were
// before (without the parts) must pass order.Consignable — one customer, one store, one
// delivery address, each still editable with something left to ship — else the refusal comes
// back as order.Problems{"orders": …} and nothing is written.
func (s *Store) CreateConsignment(ctx context.Context, by Actor, id string, orders []*order.CustomerOrder) error {
	before := make([]*order.CustomerOrder, len(orders))
	for i, o := range orders {
		b := o.Clone()
		b.Shipments = slices.DeleteFunc(b.Shipments, func(sh order.Shipment) bool { return sh.ConsignmentID == id })
		if len(b.Shipments) == len(o.Shipments) {
			return order.Problems{"orders": o.Number + " has no part in this consignment"}
		}
		before[i] = b
	}
	if err := order.Consignable(before); err != nil {
		return err
	}
	c := Consignment{ID: id, StoreID: orders[0].StoreID, CustomerID: orders[0].CustomerID,
		AddressKey: order.AddressKey(orders[0].ShippingAddress()), CreatedDate: s.Now(), CreatedBy: actorName(by)}
	return s.saveOrders(ctx, by, orders, func(tx *sqlx.Tx) error {
		if _, err := tx.NamedExecContext(ctx, `
			INSERT INTO shipment_consignments (id, store_id, customer_id, address_key, created_date, created_by)
			VALUES (:id, :store_id, :customer_id, :address_key, :created_date, :created_by)`, c); err != nil {
			return fmt.Errorf("store: consignment %s: %w", id, err)
		}
		return nil
	})
}

// ConsignmentPart is one order's shipment in a consignment, as other orders' pages list it.
type ConsignmentPart struct {
	ConsignmentID  string `db:"consignment_id"`
	OrderID        string `db:"order_id"`
	OrderNumber    string `db:"order_number"`
	ShipmentID     string `db:"shipment_id"`
	ShipmentNumber string `db:"shipment_number"`
	Status         string `db:"status"`
	IsCancelled    bool   `db:"is_cancelled"`
}

// ConsignmentParts lists every part of the given consignments, by consignment id, in one query.
func (s *Store) ConsignmentParts(ctx context.Context, ids []string) (map[string][]ConsignmentPart, error) {
	out := map[string][]ConsignmentPart{}
	if len(ids) == 0 {
		return out, nil
	}
	w := &conds{}
	w.in("sh.consignment_id", ids)
	var rows []ConsignmentPart
	if err := s.db.SelectContext(ctx, &rows, `
		SELECT sh.consignment_id, sh.order_id, o.number AS order_number, sh.id AS shipment_id,
		       sh.number AS shipment_number, sh.status, sh.is_cancelled
		FROM order_shipments sh
		JOIN orders o ON o.id = sh.order_id
		WHERE `+w.sql()+`
		ORDER BY o.created_date, o.id`, w.args...); err != nil {
		return nil, fmt.Errorf("store: consignment parts: %w", err)
	}
	for _, r := range rows {
		out[r.ConsignmentID] = append(out[r.ConsignmentID], r)
	}
	return out, nil
}

// ShipTogetherCandidate is another open order of a customer, with whether it goes to the
// same delivery address as the order asked about.
type ShipTogetherCandidate struct {
	ID, Number, Status string
	CreatedDate        time.Time
	SameAddress        bool
	Address            *order.Address
}

// maxCandidates bounds the orders offered to ship together.
const maxCandidates = 20

// ShipTogetherCandidates lists up to 20 other orders of o's customer in o's store, within
// scope, not cancelled and not fully shipped, newest first, each marked with whether its
// shipping address matches o's (order.AddressKey). Two queries, whatever the count.
func (s *Store) ShipTogetherCandidates(ctx context.Context, o *order.CustomerOrder, scope listing.Scope) ([]ShipTogetherCandidate, error) {
	w := &conds{}
	w.add("customer_id = ?", o.CustomerID)
	w.add("store_id = ?", o.StoreID)
	w.add("id <> ?", o.ID)
	w.add("is_cancelled = FALSE")
	w.in("shipping_state", []string{order.ShipStateUnshipped, order.ShipStatePartial})
	w.in("store_id", scope.StoreIDs)
	if scope.AssignedTo != "" {
		w.add("employee_id = ?", scope.AssignedTo)
	}
	var heads []struct {
		ID          string    `db:"id"`
		Number      string    `db:"number"`
		Status      string    `db:"status"`
		CreatedDate time.Time `db:"created_date"`
	}
	if err := s.db.SelectContext(ctx, &heads, `
		SELECT id, number, status, created_date
		FROM orders
		WHERE `+w.sql()+`
		ORDER BY created_date DESC, id DESC
		LIMIT `+fmt.Sprint(maxCandidates), w.args...); err != nil {
		return nil, fmt.Errorf("store: ship-together candidates: %w", err)
	}
	if len(heads) == 0 {
		return nil, nil
	}
	ids := make([]string, len(heads))
	for i, h := range heads {
		ids[i] = h.ID
	}
	addrs, err := loadRows(ctx, s.db, addressesTable, "order_id IN ("+marks(len(ids))+") AND owner_type = 'order'", "", anys(ids)...)
	if err != nil {
		return nil, err
	}
	byOrder := map[string]*order.CustomerOrder{}
	for _, a := range addrs {
		if byOrder[a.orderID] == nil {
			byOrder[a.orderID] = &order.CustomerOrder{}
		}
		byOrder[a.orderID].Addresses = append(byOrder[a.orderID].Addresses, *a.v)
	}
	key := order.AddressKey(o.ShippingAddress())
	out := make([]ShipTogetherCandidate, 0, len(heads))
	for _, h := range heads {
		c := ShipTogetherCandidate{ID: h.ID, Number: h.Number, Status: h.Status, CreatedDate: h.CreatedDate}
		if other := byOrder[h.ID]; other != nil {
			c.Address = other.ShippingAddress()
			c.SameAddress = key != "" && order.AddressKey(c.Address) == key
		}
		out = append(out, c)
	}
	return out, nil
}
