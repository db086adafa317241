package store

// Idempotency keys of the API (db/migrations/00028_api_idempotency_keys.sql). A write sent with
// an Idempotency-Key runs as an IdempotentCall: the first InTx of the request opens one
// transaction for the whole request, claims the key in it (a second request with the same key
// waits on the unique key until the first commits, then finds it taken), and every later InTx
// joins it behind a savepoint. The web layer stores the answer with StoreAnswer and commits:
// the change, its change set and the answer are one transaction.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/ids"
)

// IdempotencyWindow is how long a stored answer is given again; older keys are free for reuse.
const IdempotencyWindow = 24 * time.Hour

// ErrIdempotencyKeyTaken: another request with the same key committed first; its answer (see
// IdempotentAnswer) is the answer to this one, and this one's writes were rolled back.
var ErrIdempotencyKeyTaken = errors.New("store: the idempotency key was used by a request that finished first")

// StoredAnswer is the first answer given to a key.
type StoredAnswer struct {
	RequestHash string            `db:"request_hash"`
	Status      int               `db:"status"`
	HeadersJSON string            `db:"headers"`
	Body        []byte            `db:"body"`
	CreatedAt   time.Time         `db:"created_at"`
	Headers     map[string]string `db:"-"`
}

// IdempotencyHash is the SHA-256 (hex) of the parts, each ended by a newline so that moving a
// byte from one part to the next changes the hash.
func IdempotencyHash(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// IdempotentAnswer is the answer stored for the principal's key within the window, or nil. An
// expired row for the key is deleted here, so the key can be claimed again.
func (s *Store) IdempotentAnswer(ctx context.Context, principalID, key string) (*StoredAnswer, error) {
	var a StoredAnswer
	err := s.db.GetContext(ctx, &a, `
		SELECT request_hash, status, headers, body, created_at
		FROM api_idempotency_keys
		WHERE principal_id = ? AND key_hash = ?`, principalID, IdempotencyHash([]byte(key)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: idempotency key: %w", err)
	}
	cutoff := s.Now().Add(-IdempotencyWindow)
	if !a.CreatedAt.After(cutoff) {
		if _, err := s.db.ExecContext(ctx, `
			DELETE FROM api_idempotency_keys
			WHERE principal_id = ? AND key_hash = ? AND created_at <= ?`,
			principalID, IdempotencyHash([]byte(key)), cutoff); err != nil {
			return nil, fmt.Errorf("store: expired idempotency key: %w", err)
		}
		return nil, nil
	}
	if err := json.Unmarshal([]byte(a.HeadersJSON), &a.Headers); err != nil {
		return nil, fmt.Errorf("store: idempotency key headers: %w", err)
	}
	return &a, nil
}

// PurgeIdempotencyKeys deletes up to limit keys past the window, oldest first (by index), and
// says how many went. The web layer calls it now and then after storing an answer.
func (s *Store) PurgeIdempotencyKeys(ctx context.Context, limit int) (int64, error) {
	res, err := s.db.ExecContext(ctx, `
		DELETE FROM api_idempotency_keys
		WHERE created_at <= ?
		ORDER BY created_at
		LIMIT ?`, s.Now().Add(-IdempotencyWindow), limit)
	if err != nil {
		return 0, fmt.Errorf("store: purge idempotency keys: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// IdempotentCall is one API request made under an idempotency key. It is not safe for
// concurrent use: one request, one goroutine.
type IdempotentCall struct {
	store                         *Store
	principalID, key, requestHash string
	tx                            *sqlx.Tx
	claimID                       string
	savepoints                    int
	// broken is a failure that killed the shared transaction (a deadlock, a lost connection):
	// nothing of the request can be saved, and a transient one means the request may run again.
	broken error
	taken  bool // another request with the key committed first (ErrIdempotencyKeyTaken)
}

type idempotentCallKey struct{}

// NewIdempotentCall starts a request's call for the principal's key; requestHash identifies the
// request (IdempotencyHash of method, path and body). Pass the context WithIdempotentCall gives
// to the request's store calls, and end the call with StoreAnswer or Rollback.
func (s *Store) NewIdempotentCall(principalID, key, requestHash string) *IdempotentCall {
	return &IdempotentCall{store: s, principalID: principalID, key: key, requestHash: requestHash}
}

// WithIdempotentCall is ctx with c: every InTx under it joins c's transaction.
func WithIdempotentCall(ctx context.Context, c *IdempotentCall) context.Context {
	return context.WithValue(ctx, idempotentCallKey{}, c)
}

func idempotentCallOf(ctx context.Context) *IdempotentCall {
	c, _ := ctx.Value(idempotentCallKey{}).(*IdempotentCall)
	return c
}

// Retryable reports whether the call's transaction died of a transient failure, so that the
// whole request may run again from its start with a new call.
func (c *IdempotentCall) Retryable() bool { return c.broken != nil && isTransient(c.broken) }

// Taken reports whether another request with the same key committed first: its stored answer
// is this request's answer, and whatever this one did was rolled back.
func (c *IdempotentCall) Taken() bool { return c.taken }

// Broken reports whether the call's transaction died: its writes are lost and no answer can be
// stored with them.
func (c *IdempotentCall) Broken() bool { return c.broken != nil }

// claim opens the call's transaction and claims the key in it. A concurrent request holding the
// same key makes the insert wait until that one ends; if it committed, the key is taken.
func (c *IdempotentCall) claim(ctx context.Context) error {
	tx, err := c.store.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	id := ids.New()
	_, err = tx.ExecContext(ctx, `
		INSERT INTO api_idempotency_keys
			(id, principal_id, key_hash, request_hash, status, headers, body, created_at)
		VALUES (?, ?, ?, ?, 0, '{}', '', ?)`,
		id, c.principalID, IdempotencyHash([]byte(c.key)), c.requestHash, c.store.Now())
	if err != nil {
		_ = tx.Rollback()
		if isDuplicate(err) {
			c.taken = true
			return ErrIdempotencyKeyTaken
		}
		if isTransient(err) {
			c.broken = err
		}
		return fmt.Errorf("store: claim idempotency key: %w", err)
	}
	c.tx, c.claimID = tx, id
	return nil
}

// run is InTx under the call: fn runs in the call's transaction behind a savepoint, so a refused
// write (a validation error) leaves nothing of itself behind while the claim stays.
func (c *IdempotentCall) run(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	if c.broken != nil {
		return c.broken
	}
	if c.tx == nil {
		if err := c.claim(ctx); err != nil {
			return err
		}
	}
	c.savepoints++
	sp := fmt.Sprintf("write_%d", c.savepoints)
	if _, err := c.tx.ExecContext(ctx, "SAVEPOINT "+sp); err != nil {
		c.broken = err
		return fmt.Errorf("store: savepoint: %w", err)
	}
	err := fn(c.tx)
	if err == nil {
		return nil
	}
	if isTransient(err) {
		c.broken = err // a deadlock rolled the whole transaction back, savepoint and claim too
		return err
	}
	if _, rbErr := c.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+sp); rbErr != nil {
		c.broken = rbErr
		return errors.Join(err, fmt.Errorf("store: rollback to savepoint: %w", rbErr))
	}
	return err
}

// StoreAnswer stores the answer with the key and commits the call's transaction: the request's
// changes and the answer together. A call that wrote nothing claims the key now. When the key
// was taken meanwhile the result is ErrIdempotencyKeyTaken and nothing is kept; a commit cut
// off is ErrOutcomeUnknown, as in InTx.
func (c *IdempotentCall) StoreAnswer(ctx context.Context, status int, headers map[string]string, body []byte) error {
	if c.broken != nil {
		return fmt.Errorf("store: idempotent call: %w", c.broken)
	}
	if c.tx == nil {
		if err := c.claim(ctx); err != nil {
			return err
		}
	}
	h, err := json.Marshal(headers)
	if err != nil {
		c.Rollback()
		return fmt.Errorf("store: idempotency key headers: %w", err)
	}
	if body == nil {
		body = []byte{}
	}
	if _, err := c.tx.ExecContext(ctx, `
		UPDATE api_idempotency_keys
		SET status = ?, headers = ?, body = ?
		WHERE id = ?`, status, string(h), body, c.claimID); err != nil {
		c.broken = err
		c.Rollback()
		return fmt.Errorf("store: store idempotent answer: %w", err)
	}
	tx := c.tx
	c.tx = nil
	if err := tx.Commit(); err != nil {
		if commitLost(err) {
			return fmt.Errorf("store: commit: %w", errors.Join(ErrOutcomeUnknown, err))
		}
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// Rollback ends the call without keeping anything: its writes and its claim go. Safe to call
// after StoreAnswer or twice.
func (c *IdempotentCall) Rollback() {
	if c.tx != nil {
		_ = c.tx.Rollback()
		c.tx = nil
	}
}
