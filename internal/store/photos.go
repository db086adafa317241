package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/ids"
	"orderdesk/internal/order"
)

// ErrNothingChanged means a save that had to carry something (a photo) changed nothing, so
// there was no change set to attach it to; nothing was written.
var ErrNothingChanged = errors.New("nothing changed")

// Photo is a picture taken in the field (who received a delivery), kept with its order.
type Photo struct {
	ID          string    `db:"id"`
	OrderID     string    `db:"order_id"`
	ShipmentID  string    `db:"shipment_id"`
	ChangeSetID string    `db:"change_set_id"`
	ContentType string    `db:"content_type"`
	Size        int       `db:"size"`
	SHA256      string    `db:"sha256"`
	Body        []byte    `db:"body"`
	CreatedBy   string    `db:"created_by"`
	CreatedAt   time.Time `db:"created_at"`
}

// PhotoRef is a photo without its bytes: enough to show a thumbnail and link to it.
type PhotoRef struct {
	ID          string `db:"id"`
	OrderID     string `db:"order_id"`
	ShipmentID  string `db:"shipment_id"`
	ChangeSetID string `db:"change_set_id"`
	ContentType string `db:"content_type"`
	Size        int    `db:"size"`
}

const photoRefColumns = `id, order_id, shipment_id, change_set_id, content_type, size`

// SaveOrderWithPhoto is SaveOrder that also stores a photo of one of the order's shipments, in
// the same transaction, linked to the change set the save writes: the photo and the change it
// documents commit or fail together. The save must change something (else ErrNothingChanged
// and nothing is written). On success p has its id, hash and change set filled in.
func (s *Store) SaveOrderWithPhoto(ctx context.Context, by Actor, o *order.CustomerOrder, p *Photo) error {
	if o.Shipment(p.ShipmentID) == nil {
		return fmt.Errorf("store: photo of shipment %s of order %s: %w", p.ShipmentID, o.ID, order.ErrNotFound)
	}
	if len(p.Body) == 0 || p.ContentType == "" {
		return fmt.Errorf("store: photo of order %s: empty or untyped", o.ID)
	}
	work := *p
	work.ID = ids.New()
	work.OrderID = o.ID
	work.Size = len(work.Body)
	sum := sha256.Sum256(work.Body)
	work.SHA256 = hex.EncodeToString(sum[:])
	work.CreatedBy = actorName(by)
	work.CreatedAt = s.Now()
	err := s.saveOrder(ctx, by, o, func(tx *sqlx.Tx, changeSetID string) error {
		work.ChangeSetID = changeSetID
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO order_photos
				(order_id, id, shipment_id, change_set_id, content_type, size, sha256, body, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			work.OrderID, work.ID, work.ShipmentID, work.ChangeSetID, work.ContentType, work.Size,
			work.SHA256, work.Body, truncate(work.CreatedBy, 256), work.CreatedAt); err != nil {
			return fmt.Errorf("store: photo of order %s: %w", o.ID, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	*p = work
	return nil
}

// OrderPhoto loads one photo of an order with its bytes; a missing one is order.ErrNotFound.
func (s *Store) OrderPhoto(ctx context.Context, orderID, id string) (Photo, error) {
	var p Photo
	err := s.db.GetContext(ctx, &p, `
		SELECT order_id, id, shipment_id, change_set_id, content_type, size, sha256, body, created_by, created_at
		FROM order_photos
		WHERE order_id = ? AND id = ?`, orderID, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Photo{}, fmt.Errorf("store: photo %s of order %s: %w", id, orderID, order.ErrNotFound)
	}
	if err != nil {
		return Photo{}, fmt.Errorf("store: photo %s of order %s: %w", id, orderID, err)
	}
	return p, nil
}

// OrderPhotos lists an order's photos, oldest first, without their bytes.
func (s *Store) OrderPhotos(ctx context.Context, orderID string) ([]PhotoRef, error) {
	var refs []PhotoRef
	if err := s.db.SelectContext(ctx, &refs, `
		SELECT `+photoRefColumns+`
		FROM order_photos
		WHERE order_id = ?
		ORDER BY id`, orderID); err != nil {
		return nil, fmt.Errorf("store: photos of order %s: %w", orderID, err)
	}
	return refs, nil
}

// attachPhotos adds to each change set of sets the photos written with it (one query).
func attachPhotos(ctx context.Context, q sqlx.QueryerContext, sets []ChangeSet) error {
	if len(sets) == 0 {
		return nil
	}
	args := make([]any, len(sets))
	index := make(map[string]int, len(sets))
	for i, cs := range sets {
		args[i] = cs.ID
		index[cs.ID] = i
	}
	var refs []PhotoRef
	if err := sqlx.SelectContext(ctx, q, &refs, `
		SELECT `+photoRefColumns+`
		FROM order_photos
		WHERE change_set_id IN (`+marks(len(sets))+`)
		ORDER BY id`, args...); err != nil {
		return fmt.Errorf("store: photos of change sets: %w", err)
	}
	for _, p := range refs {
		if i, ok := index[p.ChangeSetID]; ok {
			sets[i].Photos = append(sets[i].Photos, p)
		}
	}
	return nil
}
