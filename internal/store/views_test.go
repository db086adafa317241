package store_test

import (
	"context"
	"errors"
	"testing"

	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

func TestSavedViews(t *testing.T) {
	t.Parallel()
	st, _ := orderStore(t)
	ctx := context.Background()
	ann := store.Actor{UserID: "01JANN0000000000000000000A", Label: "ann@example.com", Source: store.SourceDesk}
	bob := store.Actor{UserID: "01JBOB0000000000000000000B", Label: "bob@example.com", Source: store.SourceDesk}

	private, err := st.SaveView(ctx, ann, listing.View{Name: "My big EUR orders", Query: "currency=EUR&min=500"})
	if err != nil {
		t.Fatal(err)
	}
	shared, err := st.SaveView(ctx, ann, listing.View{Name: "Team queue", Query: "status=New", Shared: true})
	if err != nil {
		t.Fatal(err)
	}
	names := func(vs []listing.View) (out []string) {
		for _, v := range vs {
			out = append(out, v.Name)
		}
		return out
	}
	annViews, _ := st.Views(ctx, ann.UserID)
	bobViews, _ := st.Views(ctx, bob.UserID)
	if len(annViews) != 2 || len(bobViews) != 1 || bobViews[0].ID != shared.ID {
		t.Fatalf("ann sees %v, bob sees %v", names(annViews), names(bobViews))
	}
	if _, err := st.View(ctx, bob.UserID, private.ID); !errors.Is(err, store.ErrViewNotFound) {
		t.Errorf("bob reads ann's private view: %v", err)
	}

	// Saving under an existing name replaces that view.
	again, err := st.SaveView(ctx, ann, listing.View{Name: "My big EUR orders", Query: "currency=EUR&min=1000"})
	if err != nil || again.ID != private.ID {
		t.Fatalf("save under the same name: %+v, %v", again, err)
	}
	v, err := st.View(ctx, ann.UserID, private.ID)
	if err != nil || v.Query != "currency=EUR&min=1000" {
		t.Errorf("replaced view: %+v, %v", v, err)
	}

	// Bob can neither change nor delete ann's views; an administrator may delete a shared one.
	if _, err := st.SaveView(ctx, bob, listing.View{ID: shared.ID, Name: "Hijacked", Query: ""}); !errors.Is(err, store.ErrViewNotFound) {
		t.Errorf("bob updated ann's view: %v", err)
	}
	if err := st.DeleteView(ctx, bob, shared.ID, false); !errors.Is(err, store.ErrViewNotFound) {
		t.Errorf("bob deleted ann's view: %v", err)
	}
	if err := st.DeleteView(ctx, bob, private.ID, true); !errors.Is(err, store.ErrViewNotFound) {
		t.Errorf("an administrator deleted a private view: %v", err)
	}
	if err := st.DeleteView(ctx, bob, shared.ID, true); err != nil {
		t.Errorf("an administrator could not delete a shared view: %v", err)
	}

	var fe order.Problems
	if _, err := st.SaveView(ctx, ann, listing.View{Name: "  "}); !errors.As(err, &fe) || fe["name"] == "" {
		t.Errorf("a nameless view: %v", err)
	}

	events, err := st.SecurityEvents(ctx, ann.UserID, 10)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	want := []string{"view.deleted", "view.updated", "view.created", "view.created"}
	if len(actions) != len(want) {
		t.Fatalf("audit: %v, want %v", actions, want)
	}
	for i := range want {
		if actions[i] != want[i] {
			t.Fatalf("audit: %v, want %v", actions, want)
		}
	}
}
