package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/audit"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
)

// Webhook events.
const (
	EventOrderCreated       = "order.created"
	EventOrderChanged       = "order.changed"
	EventOrderStatusChanged = "order.status_changed"
	EventOrderDeleted       = "order.deleted"
	EventShipmentCreated    = "shipment.created"
	EventPaymentCreated     = "payment.created"
	EventRefundCreated      = "refund.created"
	EventReturnCreated      = "return.created"
	EventReturnChanged      = "return.changed"
)

// WebhookEvents lists every event, in the order the admin page offers them.
var WebhookEvents = []string{
	EventOrderCreated, EventOrderChanged, EventOrderStatusChanged, EventOrderDeleted, EventShipmentCreated,
	EventPaymentCreated, EventRefundCreated, EventReturnCreated, EventReturnChanged,
}

// Subscription is a webhook subscription.
type Subscription struct {
	ID        string    `db:"id"`
	URL       string    `db:"url"`
	Secret    string    `db:"secret"`
	Events    string    `db:"events"`
	Active    bool      `db:"active"`
	CreatedBy string    `db:"created_by"`
	CreatedAt time.Time `db:"created_at"`
	// ScopeStores and HidesPrices are its maker's, or narrower when the maker chose: only
	// those stores' events, no money without read-prices.
	ScopeStores string `db:"scope_store_ids"`
	HidesPrices bool   `db:"hides_prices"`
}

const subscriptionColumns = `id, url, secret, events, active, created_by, created_at, scope_store_ids, hides_prices`

// sees says whether the subscription may hear of an order of storeID.
func (sub Subscription) sees(storeID string) bool {
	scope := strings.Split(sub.ScopeStores, ",")
	return sub.ScopeStores == "" || slices.Contains(scope, storeID)
}

// Delivery is one event on its way to one subscription.
type Delivery struct {
	ID             string     `db:"id"`
	OutboxID       string     `db:"outbox_id"`
	SubscriptionID string     `db:"subscription_id"`
	URL            string     `db:"url"`
	Secret         string     `db:"secret"`
	Event          string     `db:"event"`
	OrderID        string     `db:"order_id"`
	Payload        string     `db:"payload"`
	OccurredAt     time.Time  `db:"occurred_at"`
	Status         string     `db:"status"`
	Attempts       int        `db:"attempts"`
	NextAttemptAt  time.Time  `db:"next_attempt_at"`
	LastAttemptAt  *time.Time `db:"last_attempt_at"`
	LastStatus     int        `db:"last_status"`
	LastError      string     `db:"last_error"`
}

// CreateSubscription adds a webhook subscription with a new secret, audited. Its store scope
// is the maker's; stores, when given, narrow it to those, each of which must be within the
// maker's own scope.
func (s *Store) CreateSubscription(ctx context.Context, by Actor, rawURL string, events, stores []string) (Subscription, error) {
	fe := order.Problems{}
	scope := by.ScopeStores
	if len(stores) > 0 {
		mine := strings.Split(by.ScopeStores, ",")
		var chosen []string
		for _, id := range stores {
			if by.ScopeStores != "" && !slices.Contains(mine, id) {
				fe.Add("stores", "Choose among your own stores: "+strings.ReplaceAll(by.ScopeStores, ",", ", ")+".")
				break
			}
			if !slices.Contains(chosen, id) {
				chosen = append(chosen, id)
			}
		}
		scope = strings.Join(chosen, ",")
	}
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(rawURL) > 2000 {
		fe.Add("url", "Give the full address the events go to, starting with https://.")
	}
	var kept []string
	for _, e := range events {
		if slices.Contains(WebhookEvents, e) && !slices.Contains(kept, e) {
			kept = append(kept, e)
		}
	}
	if len(kept) == 0 {
		fe.Add("events", "Tick at least one event.")
	}
	if err := fe.Err(); err != nil {
		return Subscription{}, err
	}
	secret := make([]byte, 24)
	if _, err := rand.Read(secret); err != nil {
		return Subscription{}, err
	}
	sub := Subscription{ID: ids.New(), URL: u.String(), Secret: hex.EncodeToString(secret), Events: strings.Join(kept, ","),
		Active: true, CreatedBy: by.Label, CreatedAt: s.Now(), ScopeStores: scope, HidesPrices: by.HidesPrices}
	err = s.InTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.NamedExecContext(ctx, `
			INSERT INTO webhook_subscriptions (id, url, secret, events, active, created_by, created_at, scope_store_ids, hides_prices)
			VALUES (:id, :url, :secret, :events, :active, :created_by, :created_at, :scope_store_ids, :hides_prices)`, sub); err != nil {
			return fmt.Errorf("store: create subscription: %w", err)
		}
		return s.recordEvent(ctx, tx, by, "webhook.created", "", sub.URL+" "+sub.Events)
	})
	return sub, err
}

// Subscriptions lists the subscriptions, newest first.
func (s *Store) Subscriptions(ctx context.Context) ([]Subscription, error) {
	var out []Subscription
	if err := s.db.SelectContext(ctx, &out, `
		SELECT `+subscriptionColumns+`
		FROM webhook_subscriptions ORDER BY created_at DESC, id DESC`); err != nil {
		return nil, fmt.Errorf("store: subscriptions: %w", err)
	}
	return out, nil
}

// SetSubscriptionActive pauses or resumes a subscription, audited.
func (s *Store) SetSubscriptionActive(ctx context.Context, by Actor, id string, active bool) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE webhook_subscriptions SET active = ? WHERE id = ?`, active, id)
		if err != nil {
			return fmt.Errorf("store: subscription: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return order.ErrNotFound
		}
		return s.recordEvent(ctx, tx, by, fmt.Sprintf("webhook.active=%v", active), "", id)
	})
}

// orderEvents names the events a write of an order raises.
func orderEvents(before, after *order.CustomerOrder) []string {
	if before == nil {
		return []string{EventOrderCreated}
	}
	events := []string{EventOrderChanged}
	if before.Status != after.Status {
		events = append(events, EventOrderStatusChanged)
	}
	for _, sh := range after.Shipments {
		if before.Shipment(sh.ID) == nil {
			events = append(events, EventShipmentCreated)
			break
		}
	}
	refunds := map[string]bool{}
	for _, p := range before.InPayments {
		for _, r := range p.Refunds {
			refunds[r.ID] = true
		}
	}
	newPayment, newRefund := false, false
	for _, p := range after.InPayments {
		newPayment = newPayment || before.Payment(p.ID) == nil
		for _, r := range p.Refunds {
			newRefund = newRefund || !refunds[r.ID]
		}
	}
	if newPayment {
		events = append(events, EventPaymentCreated)
	}
	if newRefund {
		events = append(events, EventRefundCreated)
	}
	return events
}

// enqueue writes events about an order of storeID to the outbox, with a delivery for each
// active subscription that wants them and may see that store, inside the transaction of the
// change. Subscriptions without read-prices get a payload without money.
func (s *Store) enqueue(ctx context.Context, tx *sqlx.Tx, events []string, orderID, storeID string, payload any) error {
	var subs []Subscription
	if err := tx.SelectContext(ctx, &subs, `
		SELECT `+subscriptionColumns+`
		FROM webhook_subscriptions WHERE active = TRUE`); err != nil {
		return fmt.Errorf("store: webhook subscriptions: %w", err)
	}
	subs = slices.DeleteFunc(subs, func(sub Subscription) bool { return !sub.sees(storeID) })
	if len(subs) == 0 {
		return nil
	}
	now := s.Now()
	var priceless any // payload without money, made when a subscription needs it
	for _, event := range events {
		wants := map[bool][]string{} // hides prices → subscription ids
		for _, sub := range subs {
			if slices.Contains(strings.Split(sub.Events, ","), event) {
				wants[sub.HidesPrices] = append(wants[sub.HidesPrices], sub.ID)
			}
		}
		for _, hides := range []bool{false, true} {
			if len(wants[hides]) == 0 {
				continue
			}
			data := payload
			if hides {
				if priceless == nil {
					var err error
					if priceless, err = withoutMoney(payload); err != nil {
						return err
					}
				}
				data = priceless
			}
			body, err := json.Marshal(map[string]any{"event": event, "occurredAt": now, "data": data})
			if err != nil {
				return fmt.Errorf("store: webhook payload: %w", err)
			}
			outboxID := ids.New()
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO webhook_outbox (id, event, order_id, payload, occurred_at) VALUES (?, ?, ?, ?, ?)`,
				outboxID, event, orderID, string(body), now); err != nil {
				return fmt.Errorf("store: webhook outbox: %w", err)
			}
			for _, subID := range wants[hides] {
				if _, err := tx.ExecContext(ctx, `
					INSERT INTO webhook_deliveries
						(id, outbox_id, subscription_id, status, attempts, next_attempt_at, last_status, last_error, created_at)
					VALUES (?, ?, ?, 'pending', 0, ?, 0, '', ?)`,
					ids.New(), outboxID, subID, now, now); err != nil {
					return fmt.Errorf("store: webhook delivery: %w", err)
				}
			}
		}
	}
	return nil
}

// withoutMoney is v as JSON with every money field dropped (audit.WithoutMoney).
func withoutMoney(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("store: webhook payload: %w", err)
	}
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		return nil, fmt.Errorf("store: webhook payload: %w", err)
	}
	return audit.WithoutMoney(tree), nil
}

const deliveryColumns = `d.id, d.outbox_id, d.subscription_id, s.url, s.secret, o.event, o.order_id, o.payload,
	o.occurred_at, d.status, d.attempts, d.next_attempt_at, d.last_attempt_at, d.last_status, d.last_error`

const deliveryFrom = `webhook_deliveries d
	JOIN webhook_subscriptions s ON s.id = d.subscription_id
	JOIN webhook_outbox o ON o.id = d.outbox_id`

// ClaimDeliveries takes up to n due deliveries for this worker: they are locked with SKIP LOCKED
// (another server's worker takes others) and leased for lease, so a worker that dies mid-post
// leaves them to be retried.
func (s *Store) ClaimDeliveries(ctx context.Context, n int, lease time.Duration) ([]Delivery, error) {
	var out []Delivery
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		out = nil // a retried attempt starts afresh
		now := s.Now()
		// Lock only delivery rows (MariaDB has no FOR UPDATE OF), then read their details.
		var ids []string
		if err := tx.SelectContext(ctx, &ids, `
			SELECT d.id FROM webhook_deliveries d
			WHERE d.status = 'pending' AND d.next_attempt_at <= ?
			  AND EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.id = d.subscription_id AND s.active = TRUE)
			ORDER BY d.next_attempt_at
			LIMIT ?
			FOR UPDATE SKIP LOCKED`, now, n); err != nil {
			return fmt.Errorf("store: claim deliveries: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		query, args, err := sqlx.In(`UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id IN (?)`, now.Add(lease), ids)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("store: lease deliveries: %w", err)
		}
		query, args, err = sqlx.In(`SELECT `+deliveryColumns+` FROM `+deliveryFrom+` WHERE d.id IN (?) ORDER BY d.id`, ids)
		if err != nil {
			return err
		}
		if err := tx.SelectContext(ctx, &out, query, args...); err != nil {
			return fmt.Errorf("store: claimed deliveries: %w", err)
		}
		return nil
	})
	return out, err
}

// RecordAttempt stores the outcome of a post: delivered; or due again after next; or, when
// next is zero, given up.
func (s *Store) RecordAttempt(ctx context.Context, id string, httpStatus int, errText string, delivered bool, next time.Time) error {
	status := "pending"
	switch {
	case delivered:
		status = "delivered"
	case next.IsZero():
		status = "failed"
	}
	if next.IsZero() {
		next = s.Now()
	}
	_, err := s.db.ExecContext(ctx, `
		UPDATE webhook_deliveries
		SET status = ?, attempts = attempts + 1, last_attempt_at = ?, last_status = ?, last_error = ?, next_attempt_at = ?
		WHERE id = ?`, status, s.Now(), httpStatus, truncate(errText, 1000), next, id)
	if err != nil {
		return fmt.Errorf("store: record delivery attempt: %w", err)
	}
	return nil
}

// Deliveries lists the newest deliveries, for the admin page's log.
func (s *Store) Deliveries(ctx context.Context, limit int) ([]Delivery, error) {
	var out []Delivery
	if err := s.db.SelectContext(ctx, &out, `
		SELECT `+deliveryColumns+`
		FROM `+deliveryFrom+`
		ORDER BY d.id DESC
		LIMIT ?`, limit); err != nil {
		return nil, fmt.Errorf("store: deliveries: %w", err)
	}
	return out, nil
}

// ResendDelivery puts a delivery back in the queue, due now, audited.
func (s *Store) ResendDelivery(ctx context.Context, by Actor, id string) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ? WHERE id = ?`, s.Now(), id)
		if err != nil {
			return fmt.Errorf("store: resend delivery: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return order.ErrNotFound
		}
		return s.recordEvent(ctx, tx, by, "webhook.resend", "", id)
	})
}
