package desk_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"orderdesk/internal/audit"
	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// newestSentences are the sentences of the tag changes in an order's newest change set.
func newestSentences(t *testing.T, st *store.Store, id string) []string {
	t.Helper()
	sets, err := st.OrderHistory(context.Background(), id)
	if err != nil || len(sets) == 0 {
		t.Fatalf("history: %d sets, %v", len(sets), err)
	}
	newest := sets[0]
	for _, cs := range sets {
		if cs.Version > newest.Version {
			newest = cs
		}
	}
	var out []string
	for _, c := range newest.Changes {
		if c.Path == "tagIds" {
			out = append(out, audit.Describe(c, newest.Names()))
		}
	}
	return out
}

func tagged(t *testing.T, st *store.Store, tag string) []string {
	t.Helper()
	q, probs := listing.Resolve(listing.Filter{Tags: []string{tag}}, st.Now(), listing.Viewer{ShowPrices: true})
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	q.PageSize = 100
	page, err := st.ListOrders(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range page.Rows {
		out = append(out, r.ID)
	}
	return out
}

// Tags are added and removed as one audited change set, said by name; a rename changes the
// dictionary once, every order reads the new name, and the history keeps the name the change
// was made with and still rebuilds the order's past.
func TestSetTagsAuditRenameAndHistory(t *testing.T) {
	ctx := context.Background()
	st, d, o := stored(t)

	saved, err := d.SetTags(ctx, clerk, o.ID, []string{"urgent", " On   hold ", "URGENT"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(saved.Tags, []string{"On hold", "urgent"}) || len(saved.TagIDs) != 2 || saved.Version != o.Version+1 {
		t.Fatalf("saved tags %q ids %q version %d", saved.Tags, saved.TagIDs, saved.Version)
	}
	if got := newestSentences(t, st, o.ID); !slices.Equal(got, []string{"Added tags On hold and urgent"}) {
		t.Errorf("sentences = %q", got)
	}
	// A case-insensitive repeat is no change: no new version.
	again, err := d.SetTags(ctx, clerk, o.ID, []string{"Urgent"}, nil)
	if err != nil || again.Version != saved.Version {
		t.Fatalf("repeat: version %d (want %d), %v", again.Version, saved.Version, err)
	}
	removed, err := d.SetTags(ctx, clerk, o.ID, []string{"vip"}, []string{"on HOLD"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(removed.Tags, []string{"urgent", "vip"}) {
		t.Fatalf("tags = %q", removed.Tags)
	}
	if got := newestSentences(t, st, o.ID); !slices.Equal(got, []string{"Added tag vip; removed tag On hold"}) {
		t.Errorf("sentences = %q", got)
	}
	if got := tagged(t, st, "VIP"); !slices.Equal(got, []string{o.ID}) {
		t.Errorf("tag:VIP lists %q", got)
	}
	if got := tagged(t, st, "-vip"); len(got) != 0 {
		t.Errorf("-vip lists %q", got)
	}

	// Rename: one dictionary row, one security event, no order change set.
	tags, err := st.Tags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var urgent store.Tag
	for _, tg := range tags {
		if tg.Name == "urgent" {
			urgent = tg
		}
	}
	if urgent.Orders != 1 {
		t.Fatalf("urgent: %+v in %+v", urgent, tags)
	}
	if _, err := st.SaveTag(ctx, clerk, urgent.ID, "Rush", "red"); err != nil {
		t.Fatal(err)
	}
	now, err := st.Order(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(now.Tags, []string{"Rush", "vip"}) || now.Version != removed.Version {
		t.Errorf("after rename: tags %q version %d (want Rush, vip at %d)", now.Tags, now.Version, removed.Version)
	}
	var events []string
	if err := st.DB().Select(&events, `SELECT detail FROM security_events WHERE action = 'tag.updated'`); err != nil || len(events) != 1 || !strings.Contains(events[0], `"urgent" grey → "Rush" red`) {
		t.Errorf("events = %q, %v", events, err)
	}
	// The change sets made before still say "urgent"; the next one is made with "Rush"; and
	// every past version still rebuilds (tag ids, not names, are in the history).
	if _, err := d.SetTags(ctx, clerk, o.ID, nil, []string{"rush"}); err != nil {
		t.Fatal(err)
	}
	if got := newestSentences(t, st, o.ID); !slices.Equal(got, []string{"Removed tag Rush"}) {
		t.Errorf("sentences = %q", got)
	}
	sets, err := st.OrderHistory(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range sets {
		past, err := st.OrderAsOf(ctx, o.ID, cs.ID)
		if err != nil {
			t.Fatalf("version %d: %v", cs.Version, err)
		}
		if cs.Version == 3 && !slices.Equal(past.Tags, []string{"Rush", "vip"}) {
			t.Errorf("version 3 rebuilt with tags %q, want Rush and vip (names as they are now)", past.Tags)
		}
	}

	// A bad name is a problem at the tags field; the rename is checked the same way.
	_, err = d.SetTags(ctx, clerk, o.ID, []string{"-nope"}, nil)
	var fe order.Problems
	if !errors.As(err, &fe) || !strings.Contains(fe["tags"], "starts with -") {
		t.Errorf("bad tag: %v", err)
	}
	if _, err := st.SaveTag(ctx, clerk, urgent.ID, "vip", "red"); !errors.As(err, &fe) || !strings.Contains(fe["name"], "another tag") {
		t.Errorf("rename onto another tag: %v", err)
	}
	if _, err := st.SaveTag(ctx, clerk, urgent.ID, "Rush", "chartreuse"); !errors.As(err, &fe) || fe["colour"] == "" {
		t.Errorf("bad colour: %v", err)
	}

	// Delete: only a tag no order carries.
	var vip store.Tag
	if tags, err = st.Tags(ctx); err != nil {
		t.Fatal(err)
	}
	for _, tg := range tags {
		if tg.Name == "vip" {
			vip = tg
		}
	}
	if _, err := st.DeleteTag(ctx, clerk, vip.ID); !errors.Is(err, store.ErrTagInUse) {
		t.Errorf("delete a used tag: %v, want ErrTagInUse", err)
	}
	if _, err := st.DeleteTag(ctx, clerk, urgent.ID); err != nil {
		t.Errorf("delete an unused tag: %v", err)
	}
	if _, err := st.Tag(ctx, urgent.ID); !errors.Is(err, store.ErrTagNotFound) {
		t.Errorf("deleted tag still there: %v", err)
	}
}
