package store_test

import (
	"context"
	"testing"
	"time"

	"orderdesk/db/dbtest"
	"orderdesk/internal/store"
)

// TestBulkJobCountsAddUp: each item is counted once, however often its outcome is recorded; a
// job finished early skips what was left, so done + failed + skipped is always the total; a
// job is claimed by one worker at a time until its lease runs out.
func TestBulkJobCountsAddUp(t *testing.T) {
	t.Parallel()
	clock := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	st := store.New(dbtest.New(t), func() time.Time { return clock })
	ctx := context.Background()
	job := &store.BulkJob{UserID: desk.UserID, Action: "status", Params: `{"status":"Processing"}`}
	targets := []store.BulkTarget{{ID: "01JTESTORDER00000000000001", Number: "CO-1"},
		{ID: "01JTESTORDER00000000000002", Number: "CO-2"}, {ID: "01JTESTORDER00000000000003", Number: "CO-3"},
		{ID: "01JTESTORDER00000000000004", Number: "CO-4"}}
	if err := st.CreateBulkJob(ctx, desk, job, targets); err != nil {
		t.Fatal(err)
	}
	claimed, ok, err := st.ClaimBulkJob(ctx, clock, time.Minute)
	if err != nil || !ok || claimed.ID != job.ID {
		t.Fatalf("claim: %v %v %+v", ok, err, claimed)
	}
	if _, again, _ := st.ClaimBulkJob(ctx, clock.Add(30*time.Second), time.Minute); again {
		t.Error("a leased job was claimed twice")
	}
	lease := clock.Add(time.Minute)
	for _, s := range []struct {
		pos     int
		outcome string
	}{{0, store.BulkDone}, {0, store.BulkDone}, {1, store.BulkFailed}, {1, store.BulkDone}} {
		if err := st.SettleBulkItem(ctx, job.ID, s.pos, s.outcome, "why", lease); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.FinishBulkJob(ctx, job.ID, store.BulkInterrupted, "not done"); err != nil {
		t.Fatal(err)
	}
	got, err := st.BulkJob(ctx, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Done != 1 || got.Failed != 1 || got.Skipped != 2 || got.Settled() != got.Total || got.State != store.BulkInterrupted {
		t.Errorf("job after settling twice and finishing early: %+v", got)
	}
	items, _ := st.BulkItems(ctx, job.ID, "", 10)
	if len(items) != 4 || items[0].Outcome != store.BulkDone || items[1].Outcome != store.BulkFailed || items[3].Message != "not done" {
		t.Errorf("items: %+v", items)
	}
	if err := st.SettleBulkItem(ctx, job.ID, 0, "bogus", "", lease); err == nil {
		t.Error("an unknown outcome was recorded")
	}
}
