package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/order"
)

// AvaTaxSettings are one store's AvaTax connection and where its goods ship from.
type AvaTaxSettings struct {
	StoreID       string `db:"store_id"`
	Enabled       bool   `db:"enabled"`
	ServiceURL    string `db:"service_url"`
	AccountNumber string `db:"account_number"`
	LicenseKey    string `db:"license_key"`
	CompanyCode   string `db:"company_code"`
	CommitStatus  string `db:"commit_status"` // commit the transaction when the order reaches it
	FromLine1     string `db:"from_line1"`
	FromCity      string `db:"from_city"`
	FromRegion    string `db:"from_region"`
	FromPostal    string `db:"from_postal"`
	FromCountry   string `db:"from_country"`
}

// AvaTaxSync is an order's place in the AvaTax queue.
type AvaTaxSync struct {
	OrderID       string     `db:"order_id"`
	Status        string     `db:"status"`
	Attempts      int        `db:"attempts"`
	NextAttemptAt time.Time  `db:"next_attempt_at"`
	LastAttemptAt *time.Time `db:"last_attempt_at"`
	SyncedAt      *time.Time `db:"synced_at"`
	LastAction    string     `db:"last_action"`
	LastError     string     `db:"last_error"`
}

const avataxColumns = `store_id, enabled, service_url, account_number, license_key, company_code, commit_status,
	from_line1, from_city, from_region, from_postal, from_country`

// AvaTaxSettingsOf returns a store's settings; ok is false when the store has none.
func (s *Store) AvaTaxSettingsOf(ctx context.Context, storeID string) (AvaTaxSettings, bool, error) {
	var st AvaTaxSettings
	err := s.db.GetContext(ctx, &st, `SELECT `+avataxColumns+` FROM avatax_settings WHERE store_id = ?`, storeID)
	if errors.Is(err, sql.ErrNoRows) {
		return AvaTaxSettings{StoreID: storeID}, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("store: avatax settings: %w", err)
	}
	return st, true, nil
}

// SaveAvaTaxSettings stores a store's settings, audited. An empty license key keeps the stored
// one, but only while the service URL and account number stay as they are: the stored key is
// never sent to a server or account it was not typed for. Enabled settings need a service URL,
// an account number, a license key and a company code.
func (s *Store) SaveAvaTaxSettings(ctx context.Context, by Actor, st AvaTaxSettings) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		fe := order.Problems{}
		if st.LicenseKey == "" {
			var stored []AvaTaxSettings
			if err := tx.SelectContext(ctx, &stored, `SELECT `+avataxColumns+` FROM avatax_settings WHERE store_id = ? FOR UPDATE`, st.StoreID); err != nil {
				return fmt.Errorf("store: avatax settings: %w", err)
			}
			if len(stored) == 1 && stored[0].LicenseKey != "" {
				if stored[0].ServiceURL == st.ServiceURL && stored[0].AccountNumber == st.AccountNumber {
					st.LicenseKey = stored[0].LicenseKey
				} else if st.Enabled {
					fe.Add("license_key", "The service URL or account number changed: type the license key again.")
				}
			}
		}
		if st.Enabled {
			if u, err := url.Parse(st.ServiceURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
				fe.Add("service_url", "Give AvaTax's address, e.g. https://sandbox-rest.avatax.com.")
			}
			for field, v := range map[string]string{"account_number": st.AccountNumber, "license_key": st.LicenseKey, "company_code": st.CompanyCode} {
				if strings.TrimSpace(v) == "" && fe[field] == "" {
					fe.Add(field, "Required when AvaTax is on.")
				}
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `
			REPLACE INTO avatax_settings (`+avataxColumns+`, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			st.StoreID, st.Enabled, st.ServiceURL, st.AccountNumber, st.LicenseKey, st.CompanyCode, st.CommitStatus,
			st.FromLine1, st.FromCity, st.FromRegion, st.FromPostal, st.FromCountry, s.Now()); err != nil {
			return fmt.Errorf("store: save avatax settings: %w", err)
		}
		return s.recordEvent(ctx, tx, by, "avatax.settings", "", fmt.Sprintf("store %s enabled=%v company %s", st.StoreID, st.Enabled, st.CompanyCode))
	})
}

// queueAvaTax marks an order to send, inside the transaction of its write, when its store has
// AvaTax on; it says whether it did.
func (s *Store) queueAvaTax(ctx context.Context, tx sqlx.ExtContext, storeID, orderID string) (bool, error) {
	var on []bool
	if err := sqlx.SelectContext(ctx, tx, &on, `SELECT enabled FROM avatax_settings WHERE store_id = ? AND enabled = TRUE`, storeID); err != nil {
		return false, fmt.Errorf("store: avatax settings: %w", err)
	}
	if len(on) == 0 {
		return false, nil // no AvaTax for this store: nothing to write
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO avatax_sync (order_id, status, attempts, next_attempt_at, last_action, last_error)
		VALUES (?, 'pending', 0, ?, '', '')
		ON DUPLICATE KEY UPDATE status = 'pending', attempts = 0, next_attempt_at = VALUES(next_attempt_at)`,
		orderID, s.Now()); err != nil {
		return false, fmt.Errorf("store: queue avatax: %w", err)
	}
	return true, nil
}

// QueueAvaTax sends orders to AvaTax again ("send to AvaTax"), audited.
func (s *Store) QueueAvaTax(ctx context.Context, by Actor, orderIDs []string) (int, error) {
	queued := 0
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		queued = 0
		var orders []struct {
			ID      string `db:"id"`
			StoreID string `db:"store_id"`
		}
		if len(orderIDs) > 0 {
			if err := tx.SelectContext(ctx, &orders, `SELECT id, store_id FROM orders WHERE id IN (`+marks(len(orderIDs))+`)`, anys(orderIDs)...); err != nil {
				return fmt.Errorf("store: queue avatax: %w", err)
			}
		}
		for _, o := range orders {
			ok, err := s.queueAvaTax(ctx, tx, o.StoreID, o.ID)
			if err != nil {
				return err
			}
			if ok {
				queued++
			}
		}
		return s.recordEvent(ctx, tx, by, "avatax.queued", "", fmt.Sprintf("%d of %d orders", queued, len(orderIDs)))
	})
	return queued, err
}

// ClaimAvaTax takes up to n due orders for this worker, leased for lease (SKIP LOCKED: other
// servers' workers take others).
func (s *Store) ClaimAvaTax(ctx context.Context, n int, lease time.Duration) ([]string, error) {
	var ids []string
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		ids = nil // a retried attempt starts afresh
		now := s.Now()
		if err := tx.SelectContext(ctx, &ids, `
			SELECT order_id FROM avatax_sync
			WHERE status = 'pending' AND next_attempt_at <= ?
			ORDER BY next_attempt_at
			LIMIT ?
			FOR UPDATE SKIP LOCKED`, now, n); err != nil {
			return fmt.Errorf("store: claim avatax: %w", err)
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE avatax_sync SET next_attempt_at = ? WHERE order_id = ?`, now.Add(lease), id); err != nil {
				return fmt.Errorf("store: lease avatax: %w", err)
			}
		}
		return nil
	})
	return ids, err
}

// RecordAvaTax stores the outcome of a send: synced, or due again at next, or (next zero)
// failed for good.
func (s *Store) RecordAvaTax(ctx context.Context, orderID, action, errText string, ok bool, next time.Time) error {
	status, synced := "pending", any(nil)
	switch {
	case ok:
		status, synced = "synced", s.Now()
	case next.IsZero():
		status = "failed"
	}
	if next.IsZero() {
		next = s.Now()
	}
	_, err := s.db.ExecContext(ctx, `
		UPDATE avatax_sync
		SET status = ?, attempts = attempts + 1, last_attempt_at = ?, synced_at = COALESCE(?, synced_at),
		    last_action = ?, last_error = ?, next_attempt_at = ?
		WHERE order_id = ?`, status, s.Now(), synced, action, truncate(errText, 1000), next, orderID)
	if err != nil {
		return fmt.Errorf("store: record avatax: %w", err)
	}
	return nil
}

// AvaTaxStatus is an order's place in the queue; ok is false when it was never queued.
func (s *Store) AvaTaxStatus(ctx context.Context, orderID string) (AvaTaxSync, bool, error) {
	var st AvaTaxSync
	err := s.db.GetContext(ctx, &st, `
		SELECT order_id, status, attempts, next_attempt_at, last_attempt_at, synced_at, last_action, last_error
		FROM avatax_sync WHERE order_id = ?`, orderID)
	if errors.Is(err, sql.ErrNoRows) {
		return st, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("store: avatax status: %w", err)
	}
	return st, true, nil
}

// RefundsSentToAvaTax lists the order's refunds already sent.
func (s *Store) RefundsSentToAvaTax(ctx context.Context, orderID string) (map[string]bool, error) {
	var ids []string
	if err := s.db.SelectContext(ctx, &ids, `SELECT refund_id FROM avatax_refunds WHERE order_id = ?`, orderID); err != nil {
		return nil, fmt.Errorf("store: avatax refunds: %w", err)
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// MarkRefundSentToAvaTax remembers a refund went out, so it is never sent twice.
func (s *Store) MarkRefundSentToAvaTax(ctx context.Context, orderID, refundID string) error {
	if _, err := s.db.ExecContext(ctx, `INSERT IGNORE INTO avatax_refunds (refund_id, order_id, sent_at) VALUES (?, ?, ?)`,
		refundID, orderID, s.Now()); err != nil {
		return fmt.Errorf("store: avatax refund sent: %w", err)
	}
	return nil
}
