package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/ids"
	"orderdesk/internal/policy"
)

// Sources of a change, as history shows them.
const (
	SourceDesk   = "desk"
	SourceTablet = "tablet"
	SourceAPI    = "api"
	SourceCLI    = "cli"
	SourceSystem = "system"
	// SourceStorefront is the shop an order was placed in (imported and demo orders).
	SourceStorefront = "storefront"
)

// Actor is whoever causes a write: a signed-in user, an API key, the command line.
type Actor struct {
	UserID     string // empty for the command line and background jobs
	Label      string // e-mail, key name or "command line"
	Source     string
	RemoteAddr string
	Reason     string // why, when the write asks for one (price override, refund, cancellation)
	// Limits are what the actor's role limits (the permission each change needs, refunds,
	// prices); every save checks them (policy.Limits.Allow). Zero for the command line and
	// background jobs.
	policy.Limits
	// At dates the change set of a write that records something that happened earlier (an
	// imported order, created when it was placed); zero means now, as for every live edit.
	At time.Time
	// TakenAt is when a field step sent late was taken on the device, as the device said it
	// (zero: not said); TakenNote is why that time was not used (order.TakenAt's bounds).
	TakenAt   time.Time
	TakenNote string
	// ScopeStores is the actor's store scope (comma-separated, empty: every store); what they
	// make on their behalf, such as a webhook subscription, keeps to it.
	ScopeStores string
}

// SecurityEvent is one entry of the accounts-and-sign-ins log.
type SecurityEvent struct {
	ID         string    `db:"id"`
	OccurredAt time.Time `db:"occurred_at"`
	ActorID    *string   `db:"actor_id"`
	ActorLabel string    `db:"actor_label"`
	Source     string    `db:"source"`
	Action     string    `db:"action"`
	SubjectID  *string   `db:"subject_id"`
	RemoteAddr string    `db:"remote_addr"`
	Detail     string    `db:"detail"`
}

func (s *Store) recordEvent(ctx context.Context, ex sqlx.ExecerContext, by Actor, action, subjectID, detail string) error {
	_, err := ex.ExecContext(ctx, `
		INSERT INTO security_events
			(id, occurred_at, actor_id, actor_label, source, action, subject_id, remote_addr, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ids.New(), s.Now(), nullable(by.UserID), truncate(by.Label, 254), by.Source, action,
		nullable(subjectID), truncate(by.RemoteAddr, 64), truncate(detail, 1000))
	if err != nil {
		return fmt.Errorf("store: record %s: %w", action, err)
	}
	return nil
}

// SecurityEvents returns the newest events about a user, newest first.
func (s *Store) SecurityEvents(ctx context.Context, subjectID string, limit int) ([]SecurityEvent, error) {
	var evs []SecurityEvent
	err := s.db.SelectContext(ctx, &evs, `
		SELECT id, occurred_at, actor_id, actor_label, source, action, subject_id, remote_addr, detail
		FROM security_events
		WHERE subject_id = ?
		ORDER BY occurred_at DESC, id DESC
		LIMIT ?`, subjectID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: security events: %w", err)
	}
	return evs, nil
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
