package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/ids"
	"orderdesk/internal/listing"
	"orderdesk/internal/order"
)

// ErrViewNotFound is a saved view that does not exist or that the user may not see.
var ErrViewNotFound = errors.New("store: saved view not found")

type viewRow struct {
	ID        string    `db:"id"`
	OwnerID   string    `db:"owner_id"`
	OwnerName string    `db:"owner_name"`
	Name      string    `db:"name"`
	Query     string    `db:"query"`
	Shared    bool      `db:"shared"`
	UpdatedAt time.Time `db:"updated_at"`
}

func (r viewRow) view() listing.View {
	return listing.View{ID: r.ID, Name: r.Name, Query: r.Query, Shared: r.Shared, Owner: r.OwnerID, OwnerName: r.OwnerName}
}

// Views returns the saved views a user sees: their own, then those others shared, by name.
func (s *Store) Views(ctx context.Context, userID string) ([]listing.View, error) {
	var rows []viewRow
	if err := s.db.SelectContext(ctx, &rows, `
		SELECT v.id, v.owner_id, COALESCE(u.name, '') AS owner_name, v.name, v.query, v.shared, v.updated_at
		FROM saved_views v
		LEFT JOIN users u ON u.id = v.owner_id
		WHERE v.owner_id = ? OR v.shared = TRUE
		ORDER BY v.owner_id = ? DESC, v.name, v.id`, userID, userID); err != nil {
		return nil, fmt.Errorf("store: saved views: %w", err)
	}
	out := make([]listing.View, len(rows))
	for i, r := range rows {
		out[i] = r.view()
	}
	return out, nil
}

// View returns one saved view if userID may see it (owner, or shared).
func (s *Store) View(ctx context.Context, userID, id string) (listing.View, error) {
	var r viewRow
	err := s.db.GetContext(ctx, &r, `
		SELECT v.id, v.owner_id, COALESCE(u.name, '') AS owner_name, v.name, v.query, v.shared, v.updated_at
		FROM saved_views v
		LEFT JOIN users u ON u.id = v.owner_id
		WHERE v.id = ? AND (v.owner_id = ? OR v.shared = TRUE)`, id, userID)
	if errors.Is(err, sql.ErrNoRows) {
		return listing.View{}, fmt.Errorf("store: view %s: %w", id, ErrViewNotFound)
	}
	if err != nil {
		return listing.View{}, fmt.Errorf("store: view %s: %w", id, err)
	}
	return r.view(), nil
}

// SaveView creates a view (v.ID empty) or updates one of by.UserID's views, and records it in
// the security log in the same transaction. Names are unique per owner: saving under an
// existing name replaces that view, as a "save as" over an old one does.
func (s *Store) SaveView(ctx context.Context, by Actor, v listing.View) (listing.View, error) {
	v.Name = strings.TrimSpace(v.Name)
	fe := order.Problems{}
	switch {
	case v.Name == "":
		fe.Add("name", "Give the view a name.")
	case len([]rune(v.Name)) > 80:
		fe.Add("name", "Keep the name under 80 characters.")
	}
	if len(v.Query) > 2000 {
		fe.Add("query", "This filter is too long to save.")
	}
	if err := fe.Err(); err != nil {
		return listing.View{}, err
	}
	now := s.Now()
	givenID := v.ID
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		v.ID = givenID // an earlier attempt's new id was rolled back (see InTx)
		if v.ID == "" {
			// Same name, same owner: overwrite rather than pile up look-alikes.
			var existing string
			err := tx.GetContext(ctx, &existing, `
				SELECT id FROM saved_views WHERE owner_id = ? AND name = ? FOR UPDATE`, by.UserID, v.Name)
			switch {
			case err == nil:
				v.ID = existing
			case !errors.Is(err, sql.ErrNoRows):
				return fmt.Errorf("store: find view: %w", err)
			}
		}
		action := "view.updated"
		if v.ID == "" {
			v.ID, action = ids.New(), "view.created"
			if _, err := tx.ExecContext(ctx, `
				INSERT INTO saved_views (id, owner_id, name, query, shared, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)`,
				v.ID, by.UserID, v.Name, v.Query, v.Shared, now, now); err != nil {
				return fmt.Errorf("store: create view: %w", err)
			}
		} else {
			res, err := tx.ExecContext(ctx, `
				UPDATE saved_views SET name = ?, query = ?, shared = ?, updated_at = ?
				WHERE id = ? AND owner_id = ?`,
				v.Name, v.Query, v.Shared, now, v.ID, by.UserID)
			if err != nil {
				return fmt.Errorf("store: update view: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return fmt.Errorf("store: view %s of %s: %w", v.ID, by.UserID, ErrViewNotFound)
			}
		}
		detail := fmt.Sprintf("%q shared=%v %s", v.Name, v.Shared, v.Query)
		return s.recordEvent(ctx, tx, by, action, by.UserID, detail)
	})
	if err != nil {
		return listing.View{}, err
	}
	v.Owner = by.UserID
	return v, nil
}

// DeleteView removes a view. Owners delete their own; anyOwner lets an administrator remove a
// shared view someone else left behind.
func (s *Store) DeleteView(ctx context.Context, by Actor, id string, anyOwner bool) error {
	return s.InTx(ctx, func(tx *sqlx.Tx) error {
		var r viewRow
		err := tx.GetContext(ctx, &r, `
			SELECT id, owner_id, '' AS owner_name, name, query, shared, updated_at
			FROM saved_views WHERE id = ? FOR UPDATE`, id)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !r.view().DeletableBy(by.UserID, anyOwner)) {
			return fmt.Errorf("store: delete view %s: %w", id, ErrViewNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: delete view %s: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM saved_views WHERE id = ?`, id); err != nil {
			return fmt.Errorf("store: delete view %s: %w", id, err)
		}
		return s.recordEvent(ctx, tx, by, "view.deleted", r.OwnerID, fmt.Sprintf("%q", r.Name))
	})
}
