package db_test

import (
	"context"
	"slices"
	"testing"

	"orderdesk/db"
	"orderdesk/db/dbtest"
)

func TestMigrationsApplyToEmptyDatabaseAndAreIdempotent(t *testing.T) {
	t.Parallel()
	conn, _ := dbtest.Empty(t)
	ctx := context.Background()

	applied, err := db.Migrate(ctx, conn)
	if err != nil {
		t.Fatalf("first migrate: %v", err)
	}
	current, latest, err := db.Version(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) == 0 || applied[len(applied)-1] != latest || current != latest {
		t.Fatalf("applied %v, now at %d, latest %d: want every migration applied", applied, current, latest)
	}
	if !slices.IsSorted(applied) {
		t.Errorf("migrations applied out of order: %v", applied)
	}
	var tables []string
	if err := conn.SelectContext(ctx, &tables, `
		SELECT table_name FROM information_schema.tables
		WHERE table_schema = DATABASE() ORDER BY table_name`); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"users", "login_throttle", "security_events", "goose_db_version"} {
		if !slices.Contains(tables, want) {
			t.Errorf("table %s missing after migrate; have %v", want, tables)
		}
	}

	again, err := db.Migrate(ctx, conn)
	if err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	if len(again) != 0 {
		t.Errorf("second migrate applied %v, want nothing", again)
	}
}

func TestEveryTableUsesUnicodeCollationAndNoAutoIncrement(t *testing.T) {
	t.Parallel()
	conn := dbtest.New(t)
	var rows []struct {
		Name          string  `db:"table_name"`
		Collation     string  `db:"table_collation"`
		AutoIncrement *uint64 `db:"auto_increment"`
	}
	if err := conn.Select(&rows, `
		SELECT table_name, table_collation, auto_increment
		FROM information_schema.tables
		WHERE table_schema = DATABASE() AND table_name NOT LIKE 'goose%'`); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("no tables")
	}
	for _, r := range rows {
		if r.Collation != "utf8mb4_unicode_ci" {
			t.Errorf("table %s has collation %s, want utf8mb4_unicode_ci", r.Name, r.Collation)
		}
		if r.AutoIncrement != nil {
			t.Errorf("table %s uses AUTO_INCREMENT; rows get application-generated ULIDs", r.Name)
		}
	}
}
