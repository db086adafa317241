package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"orderdesk/internal/listing"
	"orderdesk/internal/order"
)

// Work queues of field mode: shipments waiting for the next step, by their status. A shipment
// that is cancelled, of a cancelled order, or delivered (it has a delivery date) is in none.
const (
	QueuePick    = "pick"    // New: ready to pick
	QueuePicked  = "picked"  // PickPack: picked, to pack
	QueuePacked  = "packed"  // ReadyToSend: packed, to ship
	QueueDeliver = "deliver" // Sent and not delivered yet: to deliver
)

// WorkQueues are the queues in the order a shipment goes through them.
var WorkQueues = []string{QueuePick, QueuePicked, QueuePacked, QueueDeliver}

var queueStatus = map[string]string{
	QueuePick: order.ShipmentNew, QueuePicked: order.ShipmentPickPack,
	QueuePacked: order.ShipmentReadyToSend, QueueDeliver: order.ShipmentSent,
}

// WorkRow is one shipment of a work queue, with what its order page needs to be found.
type WorkRow struct {
	OrderID        string    `db:"order_id"`
	OrderNumber    string    `db:"order_number"`
	CustomerName   string    `db:"customer_name"`
	StoreName      string    `db:"store_name"`
	ShipmentID     string    `db:"shipment_id"`
	ShipmentNumber string    `db:"shipment_number"`
	Status         string    `db:"status"`
	Units          int       `db:"units"`
	CreatedDate    time.Time `db:"created_date"`
}

// workConds is the condition of a queue within the scope: the shipment index
// (status, is_cancelled, delivery_date, created_date) gives its rows in created order.
func workConds(queue string, scope listing.Scope) (*conds, error) {
	status, ok := queueStatus[queue]
	if !ok {
		return nil, fmt.Errorf("store: unknown work queue %q", queue)
	}
	w := &conds{}
	w.add("sh.status = ?", status)
	w.add("sh.is_cancelled = FALSE")
	w.add("sh.delivery_date IS NULL")
	w.add("o.is_cancelled = FALSE")
	w.in("o.store_id", scope.StoreIDs)
	if scope.AssignedTo != "" {
		w.add("o.employee_id = ?", scope.AssignedTo)
	}
	return w, nil
}

// WorkCounts counts each queue's shipments within the scope, each up to limit (beyond it the
// count is limit and more is set), in one statement.
func (s *Store) WorkCounts(ctx context.Context, scope listing.Scope, limit int) (map[string]int, map[string]bool, error) {
	var parts []string
	var args []any
	for _, q := range WorkQueues {
		w, err := workConds(q, scope)
		if err != nil {
			return nil, nil, err
		}
		parts = append(parts, `
		SELECT ? AS queue, COUNT(*) AS n FROM (
			SELECT 1
			FROM order_shipments sh
			JOIN orders o ON o.id = sh.order_id
			WHERE `+w.sql()+`
			LIMIT ?
		) AS capped`)
		args = append(append(append(args, q), w.args...), limit+1)
	}
	var rows []struct {
		Queue string `db:"queue"`
		N     int    `db:"n"`
	}
	if err := s.db.SelectContext(ctx, &rows, strings.Join(parts, "\n\t\tUNION ALL"), args...); err != nil {
		return nil, nil, fmt.Errorf("store: work counts: %w", err)
	}
	counts, more := map[string]int{}, map[string]bool{}
	for _, r := range rows {
		counts[r.Queue] = min(r.N, limit)
		more[r.Queue] = r.N > limit
	}
	return counts, more, nil
}

// WorkList reads the first limit shipments of a queue within the scope, oldest first (the
// warehouse works first in, first out) or newest first, with their orders and unit counts in
// the same statement.
func (s *Store) WorkList(ctx context.Context, queue string, scope listing.Scope, newestFirst bool, limit int) ([]WorkRow, error) {
	w, err := workConds(queue, scope)
	if err != nil {
		return nil, err
	}
	dir := "ASC"
	if newestFirst {
		dir = "DESC"
	}
	var rows []WorkRow
	if err := s.db.SelectContext(ctx, &rows, `
		SELECT sh.order_id, o.number AS order_number, o.customer_name, o.store_name,
		       sh.id AS shipment_id, sh.number AS shipment_number, sh.status, sh.created_date,
		       (SELECT COALESCE(SUM(i.quantity), 0)
		          FROM order_shipment_items i
		         WHERE i.order_id = sh.order_id AND i.shipment_id = sh.id) AS units
		FROM order_shipments sh
		JOIN orders o ON o.id = sh.order_id
		WHERE `+w.sql()+`
		ORDER BY sh.created_date `+dir+`, sh.order_id `+dir+`, sh.id `+dir+`
		LIMIT ?`, append(w.args, limit)...); err != nil {
		return nil, fmt.Errorf("store: work list %s: %w", queue, err)
	}
	return rows, nil
}

// ShipmentsLeft is how many of an order's shipments (cancelled ones aside) are sent, of all.
type ShipmentsLeft struct {
	Total, Sent int
}

// ShipmentsLeftOf counts, for each order, its shipments and those sent, in one query.
func (s *Store) ShipmentsLeftOf(ctx context.Context, orderIDs []string) (map[string]ShipmentsLeft, error) {
	out := map[string]ShipmentsLeft{}
	if len(orderIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		OrderID string `db:"order_id"`
		Total   int    `db:"total"`
		Sent    int    `db:"sent"`
	}
	if err := s.db.SelectContext(ctx, &rows, `
		SELECT order_id, COUNT(*) AS total, COALESCE(SUM(status = ?), 0) AS sent
		FROM order_shipments
		WHERE order_id IN (`+marks(len(orderIDs))+`) AND is_cancelled = FALSE
		GROUP BY order_id`, append([]any{order.ShipmentSent}, anys(orderIDs)...)...); err != nil {
		return nil, fmt.Errorf("store: shipments left: %w", err)
	}
	for _, r := range rows {
		out[r.OrderID] = ShipmentsLeft{Total: r.Total, Sent: r.Sent}
	}
	return out, nil
}
