package avatax

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// Syncer sends queued orders to AvaTax: the SalesInvoice created or adjusted (committed once
// the order reaches the store's commit status), voided when the order is cancelled, and each
// processed refund as a ReturnInvoice, once.
type Syncer struct {
	Store       *store.Store
	HTTP        *http.Client
	Log         *slog.Logger
	MaxAttempts int           // then the order is marked failed (staff can send it again)
	Backoff     time.Duration // doubles with each failed attempt
}

// Run syncs until ctx ends, looking for due orders every two seconds.
func (s *Syncer) Run(ctx context.Context) {
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	for {
		if _, err := s.RunOnce(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("avatax", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// RunOnce sends a batch of due orders and records each outcome; it returns how many it tried.
func (s *Syncer) RunOnce(ctx context.Context) (int, error) {
	ids, err := s.Store.ClaimAvaTax(ctx, 20, 5*time.Minute)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		action, err := s.send(ctx, id)
		errText := ""
		var next time.Time
		if err != nil {
			errText = err.Error()
			st, _, _ := s.Store.AvaTaxStatus(ctx, id)
			if st.Attempts+1 < s.MaxAttempts {
				next = s.Store.Now().Add(s.Backoff << min(st.Attempts, 16))
			}
		}
		if err := s.Store.RecordAvaTax(ctx, id, action, errText, err == nil, next); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

func (s *Syncer) send(ctx context.Context, orderID string) (string, error) {
	o, err := s.Store.Order(ctx, orderID)
	if err != nil {
		return "load", err
	}
	set, ok, err := s.Store.AvaTaxSettingsOf(ctx, o.StoreID)
	if err != nil {
		return "load", err
	}
	if !ok || !set.Enabled {
		return "skip", errors.New("AvaTax is not on for store " + o.StoreID)
	}
	c := &Client{HTTP: s.HTTP, Settings: Settings{
		ServiceURL: set.ServiceURL, AccountNumber: set.AccountNumber, LicenseKey: set.LicenseKey, CompanyCode: set.CompanyCode,
		ShipFrom: Address{Line1: set.FromLine1, City: set.FromCity, Region: set.FromRegion, PostalCode: set.FromPostal, Country: set.FromCountry},
	}}
	if o.IsCancelled {
		err := c.Void(ctx, o.Number)
		var ae *Error
		if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
			return "void", nil // never sent: nothing to void
		}
		return "void", err
	}
	commit := set.CommitStatus != "" && o.Status == set.CommitStatus
	action := "createoradjust"
	if commit {
		action = "createoradjust+commit"
	}
	if err := c.CreateOrAdjust(ctx, SalesInvoice(o, c.Settings, commit)); err != nil {
		return action, err
	}
	sent, err := s.Store.RefundsSentToAvaTax(ctx, o.ID)
	if err != nil {
		return action, err
	}
	for _, p := range o.InPayments {
		for i := range p.Refunds {
			r := &p.Refunds[i]
			if sent[r.ID] || r.IsCancelled || r.RefundStatus() != order.RefundProcessed {
				continue
			}
			if err := c.Create(ctx, RefundOf(o, r, c.Settings)); err != nil {
				return "refund", err
			}
			if err := s.Store.MarkRefundSentToAvaTax(ctx, o.ID, r.ID); err != nil {
				return "refund", err
			}
			action += "+refund"
		}
	}
	return action, nil
}
