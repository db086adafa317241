package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/audit"
	"orderdesk/internal/order"
)

// CheckpointEvery is how many versions of an order pass between two checkpoints: rebuilding any
// version replays at most this many change sets. History is diffs; a checkpoint is the whole
// order, so this trades storage (one order's flat form per 50 edits) for rebuild time.
const CheckpointEvery = 50

// writeCheckpoint keeps the whole order as of change set id, in the write's transaction: its
// flat form (audit.Leaves) as gzip-compressed JSON.
func writeCheckpoint(ctx context.Context, tx *sqlx.Tx, changeSetID string, o *order.CustomerOrder) error {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if err := json.NewEncoder(zw).Encode(audit.Leaves(o)); err != nil {
		return fmt.Errorf("store: encode checkpoint: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("store: encode checkpoint: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO order_checkpoints (order_id, change_set_id, state)
		VALUES (?, ?, ?)`, o.ID, changeSetID, buf.Bytes()); err != nil {
		return fmt.Errorf("store: checkpoint of order %s: %w", o.ID, err)
	}
	return nil
}

// latestCheckpoint returns the newest checkpoint of an order at or before change set upTo: its
// change set id and the order it holds. Without one it returns "" and nil: replay from creation.
func latestCheckpoint(ctx context.Context, q sqlx.QueryerContext, orderID, upTo string) (string, *order.CustomerOrder, error) {
	var cp struct {
		ChangeSetID string `db:"change_set_id"`
		State       []byte `db:"state"`
	}
	err := sqlx.GetContext(ctx, q, &cp, `
		SELECT change_set_id, state
		FROM order_checkpoints
		WHERE order_id = ? AND change_set_id <= ?
		ORDER BY change_set_id DESC
		LIMIT 1`, orderID, upTo)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("store: checkpoint of order %s: %w", orderID, err)
	}
	var leaves []audit.Leaf
	zr, err := gzip.NewReader(bytes.NewReader(cp.State))
	if err == nil {
		err = json.NewDecoder(zr).Decode(&leaves)
	}
	if err != nil {
		return "", nil, fmt.Errorf("store: checkpoint %s of order %s: %w", cp.ChangeSetID, orderID, err)
	}
	o, err := audit.FromLeaves(leaves)
	if err != nil {
		return "", nil, fmt.Errorf("store: checkpoint %s of order %s: %w", cp.ChangeSetID, orderID, err)
	}
	return cp.ChangeSetID, o, nil
}
