// Package webhook delivers the events the store writes to its outbox: signed HTTP POSTs,
// retried with exponential backoff until they succeed or grow too old.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"orderdesk/internal/store"
)

// Headers of every delivery. The signature is HMAC-SHA256, keyed with the subscription's
// secret, of the timestamp, a dot and the body: receivers recompute it and refuse old
// timestamps, so a captured request cannot be replayed later.
const (
	HeaderSignature = "X-Orderdesk-Signature" // "sha256=<hex>"
	HeaderTimestamp = "X-Orderdesk-Timestamp" // Unix seconds
	HeaderEvent     = "X-Orderdesk-Event"
	HeaderDelivery  = "X-Orderdesk-Delivery" // the delivery id: the same on every retry
)

// Sign returns the signature header value for a body sent at timestamp.
func Sign(secret, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Worker posts due deliveries. Several workers (one per app server) share the queue safely.
type Worker struct {
	Store       *store.Store
	Client      *http.Client
	Log         *slog.Logger
	GiveUpAfter time.Duration // an event older than this is not tried again
	Backoff     time.Duration // the wait after the first failure; it doubles, up to an hour
	Now         func() time.Time
}

// Run delivers until ctx ends, looking for due deliveries every second.
func (w *Worker) Run(ctx context.Context) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		if _, err := w.RunOnce(ctx); err != nil && ctx.Err() == nil {
			w.Log.Error("webhooks", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// RunOnce claims a batch of due deliveries, posts them and records each outcome. It returns
// how many it posted.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	due, err := w.Store.ClaimDeliveries(ctx, 20, 2*time.Minute)
	if err != nil {
		return 0, err
	}
	for _, d := range due {
		status, errText := w.post(ctx, d)
		ok := status >= 200 && status < 300
		var next time.Time
		if !ok {
			next = w.retryAt(d)
		}
		if err := w.Store.RecordAttempt(ctx, d.ID, status, errText, ok, next); err != nil {
			return 0, err
		}
	}
	return len(due), nil
}

func (w *Worker) post(ctx context.Context, d store.Delivery) (int, string) {
	body := []byte(d.Payload)
	ts := strconv.FormatInt(w.Now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "orderdesk-webhooks")
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, Sign(d.Secret, ts, body))
	req.Header.Set(HeaderEvent, d.Event)
	req.Header.Set(HeaderDelivery, d.ID)
	start := time.Now()
	res, err := w.Client.Do(req)
	took := time.Since(start).Milliseconds()
	if err != nil {
		return 0, fmt.Sprintf("no answer after %d ms: %v", took, err)
	}
	// The answer's body is neither read nor kept: the log shows only the status and timing.
	res.Body.Close()
	if res.StatusCode >= 300 {
		return res.StatusCode, fmt.Sprintf("HTTP %d after %d ms", res.StatusCode, took)
	}
	return res.StatusCode, ""
}

// retryAt is when to try a failed delivery again: the backoff doubling with each attempt (at
// most an hour apart), or never (zero) once the event is older than GiveUpAfter.
func (w *Worker) retryAt(d store.Delivery) time.Time {
	now := w.Now()
	if now.Sub(d.OccurredAt) >= w.GiveUpAfter {
		return time.Time{}
	}
	wait := w.Backoff << min(d.Attempts, 20)
	if wait > time.Hour || wait <= 0 {
		wait = time.Hour
	}
	return now.Add(wait)
}
