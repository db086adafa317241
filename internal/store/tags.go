package store

// Tags: the dictionary (tags) and which orders carry which tag (order_tags), see
// db/migrations/00039_order_tags.sql. An order states its tags by name (order.CustomerOrder
// Tags); its save finds or makes each tag in the saving transaction and records the ids
// (TagIDs), which the history keeps. order_tags is rewritten in the same transaction, so the
// list's tag: filters read an index that is never behind the orders.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/internal/ids"
	"orderdesk/internal/order"
)

// Tag is a dictionary entry; Orders is how many orders carry it, counted up to a cap (More
// when there are more).
type Tag struct {
	ID          string    `db:"id"`
	Name        string    `db:"name"`
	Colour      string    `db:"colour"`
	CreatedDate time.Time `db:"created_date"`
	Orders      int       `db:"-"`
	More        bool      `db:"-"`
}

// TagChip is a tag as a list row shows it.
type TagChip struct {
	Name   string `db:"name"`
	Colour string `db:"colour"`
}

// tagRow is one tag of an order, read with the order.
type tagRow struct {
	orderID, id, name string
}

// tagsOfOrder is the resultSet reading one order's tags (argument: its id), by name.
type tagsOfOrder struct{ dst *[]tagRow }

func (tagsOfOrder) statement() string {
	return `SELECT ot.order_id, t.id, t.name
		FROM order_tags ot
		JOIN tags t ON t.id = ot.tag_id
		WHERE ot.order_id = ?`
}
func (tagsOfOrder) tableName() string { return "order_tags" }
func (s tagsOfOrder) scan(rows *sql.Rows) error {
	*s.dst = (*s.dst)[:0]
	for rows.Next() {
		var r tagRow
		if err := rows.Scan(&r.orderID, &r.id, &r.name); err != nil {
			return fmt.Errorf("store: load order tags: %w", err)
		}
		*s.dst = append(*s.dst, r)
	}
	return nil
}

// giveTags sets an order's Tags and TagIDs from its rows, sorted as order.SortTags sorts.
func giveTags(o *order.CustomerOrder, rows []tagRow) {
	slices.SortStableFunc(rows, func(a, b tagRow) int {
		if c := strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name)); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	o.Tags, o.TagIDs = nil, nil
	for _, r := range rows {
		o.Tags = append(o.Tags, r.name)
		o.TagIDs = append(o.TagIDs, r.id)
	}
}

// tagsByOrder reads the tags of several orders in one query.
func tagsByOrder(ctx context.Context, q sqlx.QueryerContext, orderIDs []string) (map[string][]tagRow, error) {
	out := map[string][]tagRow{}
	if len(orderIDs) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `
		SELECT ot.order_id, t.id, t.name
		FROM order_tags ot
		JOIN tags t ON t.id = ot.tag_id
		WHERE ot.order_id IN (`+marks(len(orderIDs))+`)`, anys(orderIDs)...)
	if err != nil {
		return nil, fmt.Errorf("store: load order tags: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r tagRow
		if err := rows.Scan(&r.orderID, &r.id, &r.name); err != nil {
			return nil, fmt.Errorf("store: load order tags: %w", err)
		}
		out[r.orderID] = append(out[r.orderID], r)
	}
	return out, rows.Err()
}

// resolveTags readies o's tags for writing inside tx: the names cleaned (order.CleanTags; a
// bad one is an order.Problems under "tags"), each found in the dictionary whatever its case
// (the order then shows the dictionary's spelling) or added to it, and TagIDs set to match.
func resolveTags(ctx context.Context, tx *sqlx.Tx, o *order.CustomerOrder, now time.Time) error {
	names, err := order.CleanTags(o.Tags)
	if err != nil {
		return err
	}
	o.Tags, o.TagIDs = nil, nil
	for _, name := range names {
		t, err := findOrAddTag(ctx, tx, name, now)
		if err != nil {
			return err
		}
		o.Tags = append(o.Tags, t.Name)
		o.TagIDs = append(o.TagIDs, t.ID)
	}
	order.SortTags(o.Tags) // the dictionary's spelling may sort elsewhere
	ids := make([]string, len(o.Tags))
	for i, n := range o.Tags {
		ids[i] = o.TagIDs[slices.IndexFunc(names, func(m string) bool { return strings.EqualFold(m, n) })]
	}
	o.TagIDs = ids
	return nil
}

// findOrAddTag finds the tag named name (whatever the case) or adds it with the first colour.
// A locking read sees a tag another transaction added and committed meanwhile; two adding the
// same name at once meet at the unique key, and the later one reads the earlier one's tag.
func findOrAddTag(ctx context.Context, tx *sqlx.Tx, name string, now time.Time) (Tag, error) {
	find := func() (Tag, error) {
		var t Tag
		err := tx.GetContext(ctx, &t, `
			SELECT id, name, colour, created_date
			FROM tags
			WHERE name = ?
			LOCK IN SHARE MODE`, name)
		return t, err
	}
	t, err := find()
	if err == nil {
		return t, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Tag{}, fmt.Errorf("store: tag %q: %w", name, err)
	}
	t = Tag{ID: ids.New(), Name: name, Colour: order.TagColours[0], CreatedDate: now.UTC()}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO tags (id, name, colour, created_date)
		VALUES (?, ?, ?, ?)`, t.ID, t.Name, t.Colour, t.CreatedDate)
	if isDuplicate(err) {
		if t, err = find(); err == nil {
			return t, nil
		}
	}
	if err != nil {
		return Tag{}, fmt.Errorf("store: add tag %q: %w", name, err)
	}
	return t, nil
}

// writeTags makes order_tags hold o's tags, with o's created date, inside o's transaction.
func writeTags(ctx context.Context, tx sqlx.ExtContext, o *order.CustomerOrder) error {
	var stored []struct {
		TagID   string    `db:"tag_id"`
		Created time.Time `db:"created_date"`
	}
	if err := sqlx.SelectContext(ctx, tx, &stored, `
		SELECT tag_id, created_date
		FROM order_tags
		WHERE order_id = ?`, o.ID); err != nil {
		return fmt.Errorf("store: tags of order %s: %w", o.ID, err)
	}
	created := o.CreatedDate.UTC().Truncate(time.Microsecond)
	var have []string
	for _, r := range stored {
		if slices.Contains(o.TagIDs, r.TagID) && r.Created.Equal(created) {
			have = append(have, r.TagID)
			continue
		}
		if _, err := tx.ExecContext(ctx, `
			DELETE FROM order_tags
			WHERE order_id = ? AND tag_id = ?`, o.ID, r.TagID); err != nil {
			return fmt.Errorf("store: untag order %s: %w", o.ID, err)
		}
	}
	for _, id := range o.TagIDs {
		if slices.Contains(have, id) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO order_tags (tag_id, created_date, order_id)
			VALUES (?, ?, ?)`, id, created, o.ID); err != nil {
			return fmt.Errorf("store: tag order %s: %w", o.ID, err)
		}
	}
	return nil
}

// fillTagNames gives an order rebuilt from its history (which keeps tag ids) the names its
// tags have now; a tag deleted since is left out.
func fillTagNames(ctx context.Context, q sqlx.QueryerContext, o *order.CustomerOrder) error {
	if o == nil || len(o.TagIDs) == 0 {
		if o != nil {
			o.Tags, o.TagIDs = nil, nil
		}
		return nil
	}
	var found []struct {
		ID   string `db:"id"`
		Name string `db:"name"`
	}
	if err := sqlx.SelectContext(ctx, q, &found, `
		SELECT id, name
		FROM tags
		WHERE id IN (`+marks(len(o.TagIDs))+`)`, anys(o.TagIDs)...); err != nil {
		return fmt.Errorf("store: tag names: %w", err)
	}
	rows := make([]tagRow, 0, len(found))
	for _, f := range found {
		rows = append(rows, tagRow{orderID: o.ID, id: f.ID, name: f.Name})
	}
	giveTags(o, rows)
	return nil
}

// tagIDs resolves tag names (any case) to ids; a name no tag has is "-", which no order
// carries.
func (s *Store) tagIDs(ctx context.Context, names []string) ([]string, error) {
	if len(names) == 0 {
		return nil, nil
	}
	clean := make([]string, len(names))
	for i, n := range names {
		clean[i] = strings.Join(strings.Fields(n), " ")
	}
	var found []struct {
		ID   string `db:"id"`
		Name string `db:"name"`
	}
	if err := s.db.SelectContext(ctx, &found, `
		SELECT id, name
		FROM tags
		WHERE name IN (`+marks(len(clean))+`)`, anys(clean)...); err != nil {
		return nil, fmt.Errorf("store: tags %q: %w", names, err)
	}
	out := make([]string, len(names))
	for i, n := range clean {
		out[i] = "-"
		for _, f := range found {
			if strings.EqualFold(f.Name, n) {
				out[i] = f.ID
			}
		}
	}
	return out, nil
}

// giveChips sets each list row's tags, for a whole page in one query by the order key.
func (s *Store) giveChips(ctx context.Context, rows []ListRow) error {
	if len(rows) == 0 {
		return nil
	}
	idsOf := make([]any, len(rows))
	for i, r := range rows {
		idsOf[i] = r.ID
	}
	var found []struct {
		OrderID string `db:"order_id"`
		TagChip
	}
	if err := s.db.SelectContext(ctx, &found, `
		SELECT ot.order_id, t.name, t.colour
		FROM order_tags ot
		JOIN tags t ON t.id = ot.tag_id
		WHERE ot.order_id IN (`+marks(len(idsOf))+`)`, idsOf...); err != nil {
		return fmt.Errorf("store: tags of the page: %w", err)
	}
	by := map[string][]TagChip{}
	for _, f := range found {
		by[f.OrderID] = append(by[f.OrderID], f.TagChip)
	}
	for i := range rows {
		chips := by[rows[i].ID]
		slices.SortFunc(chips, func(a, b TagChip) int {
			return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
		})
		rows[i].Tags = chips
	}
	return nil
}

// TagList is the row's tag names, comma-separated (the CSV export's Tags column).
func (r ListRow) TagList() string {
	names := make([]string, len(r.Tags))
	for i, t := range r.Tags {
		names[i] = t.Name
	}
	return strings.Join(names, ", ")
}

// TagCountLimit caps the usage count of each tag on the Tags page, as the list caps its counts.
const TagCountLimit = 10000

// Tags lists the dictionary by name, each tag with how many orders carry it (up to
// TagCountLimit, read from order_tags' key).
func (s *Store) Tags(ctx context.Context) ([]Tag, error) {
	var tags []Tag
	if err := s.db.SelectContext(ctx, &tags, `
		SELECT id, name, colour, created_date
		FROM tags
		ORDER BY name, id`); err != nil {
		return nil, fmt.Errorf("store: tags: %w", err)
	}
	for i := range tags {
		n, err := s.tagUse(ctx, s.db, tags[i].ID, TagCountLimit+1)
		if err != nil {
			return nil, err
		}
		tags[i].Orders, tags[i].More = min(n, TagCountLimit), n > TagCountLimit
	}
	return tags, nil
}

// tagUse counts the orders carrying a tag, up to limit.
func (s *Store) tagUse(ctx context.Context, q sqlx.QueryerContext, id string, limit int) (int, error) {
	var n int
	if err := sqlx.GetContext(ctx, q, &n, `
		SELECT COUNT(*) FROM (
			SELECT 1 FROM order_tags WHERE tag_id = ? LIMIT ?
		) AS capped`, id, limit); err != nil {
		return 0, fmt.Errorf("store: use of tag %s: %w", id, err)
	}
	return n, nil
}

// TagNameLimit bounds the names offered for autocompletion.
const TagNameLimit = 500

// TagChips are the dictionary's names and colours, sorted by name (at most TagNameLimit): the
// order page's chips and autocompletion.
func (s *Store) TagChips(ctx context.Context) ([]TagChip, error) {
	var chips []TagChip
	if err := s.db.SelectContext(ctx, &chips, `
		SELECT name, colour
		FROM tags
		ORDER BY name
		LIMIT ?`, TagNameLimit); err != nil {
		return nil, fmt.Errorf("store: tag names: %w", err)
	}
	return chips, nil
}

// ErrTagNotFound says the tag to edit does not exist.
var ErrTagNotFound = errors.New("store: no such tag")

// Tag reads one tag with its capped usage count.
func (s *Store) Tag(ctx context.Context, id string) (Tag, error) {
	var t Tag
	err := s.db.GetContext(ctx, &t, `
		SELECT id, name, colour, created_date
		FROM tags
		WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Tag{}, fmt.Errorf("%w: %s", ErrTagNotFound, id)
	}
	if err != nil {
		return Tag{}, fmt.Errorf("store: tag %s: %w", id, err)
	}
	n, err := s.tagUse(ctx, s.db, id, TagCountLimit+1)
	t.Orders, t.More = min(n, TagCountLimit), n > TagCountLimit
	return t, err
}

// SaveTag renames a tag and sets its colour, audited once in security_events in the same
// transaction. Orders name their tags by id, so every order reads the new name on its next
// load and no order changes (nor gets a change set: the orders' own history keeps the names
// their changes were made with). A bad name or colour, or a name another tag has (whatever the
// case), is an order.Problems keyed "name" or "colour".
func (s *Store) SaveTag(ctx context.Context, by Actor, id, name, colour string) (Tag, error) {
	clean, err := order.CleanTagName(name)
	fe := order.Problems{}
	if err != nil {
		fe["name"] = err.Error()
	}
	if !slices.Contains(order.TagColours, colour) {
		fe["colour"] = fmt.Sprintf("%q is not a tag colour; pick one of %s", colour, strings.Join(order.TagColours, ", "))
	}
	if err := fe.Err(); err != nil {
		return Tag{}, err
	}
	var saved Tag
	err = s.InTx(ctx, func(tx *sqlx.Tx) error {
		var t Tag
		err := tx.GetContext(ctx, &t, `
			SELECT id, name, colour, created_date
			FROM tags
			WHERE id = ?
			FOR UPDATE`, id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: %s", ErrTagNotFound, id)
		}
		if err != nil {
			return fmt.Errorf("store: tag %s: %w", id, err)
		}
		saved = t
		if t.Name == clean && t.Colour == colour {
			return nil // nothing changed: nothing written, nothing audited
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE tags
			SET name = ?, colour = ?
			WHERE id = ?`, clean, colour, id); err != nil {
			if isDuplicate(err) {
				return order.Problems{"name": fmt.Sprintf("%q is another tag's name already", clean)}
			}
			return fmt.Errorf("store: save tag %s: %w", id, err)
		}
		saved.Name, saved.Colour = clean, colour
		return s.recordEvent(ctx, tx, by, "tag.updated", "",
			fmt.Sprintf("tag %s: %q %s → %q %s", id, t.Name, t.Colour, clean, colour))
	})
	return saved, err
}

// ErrTagInUse says a tag still on some order cannot be deleted.
var ErrTagInUse = errors.New("store: the tag is on orders")

// DeleteTag deletes a tag no order carries, audited in security_events. The key on order_tags
// is locked while it looks, so no order takes the tag meanwhile.
func (s *Store) DeleteTag(ctx context.Context, by Actor, id string) (Tag, error) {
	var t Tag
	err := s.InTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &t, `
			SELECT id, name, colour, created_date
			FROM tags
			WHERE id = ?
			FOR UPDATE`, id)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: %s", ErrTagNotFound, id)
		}
		if err != nil {
			return fmt.Errorf("store: tag %s: %w", id, err)
		}
		var used []string
		if err := tx.SelectContext(ctx, &used, `
			SELECT order_id FROM order_tags WHERE tag_id = ? LIMIT 1 FOR UPDATE`, id); err != nil {
			return fmt.Errorf("store: use of tag %s: %w", id, err)
		}
		if len(used) > 0 {
			return fmt.Errorf("%w: %s", ErrTagInUse, t.Name)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM tags WHERE id = ?`, id); err != nil {
			return fmt.Errorf("store: delete tag %s: %w", id, err)
		}
		return s.recordEvent(ctx, tx, by, "tag.deleted", "", fmt.Sprintf("tag %s: %q %s", id, t.Name, t.Colour))
	})
	return t, err
}
