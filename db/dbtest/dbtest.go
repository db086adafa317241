// Package dbtest gives each test its own fresh, migrated database on a real MariaDB or MySQL,
// so database tests run in parallel without sharing state.
//
// The server comes from ORDERDESK_TEST_DSN (a DSN without a database name whose user may create
// databases named orderdesk_t_*); `make test` starts the private MariaDB and sets it. Without it
// the tests skip, except under CI=true, where a missing database is a failure.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/db"
)

// EnvDSN names the environment variable holding the test server's DSN.
const EnvDSN = "ORDERDESK_TEST_DSN"

// Required stops the test when the named dependency is missing: a skip on a developer machine,
// a failure in CI, where nothing may silently skip.
func Required(t testing.TB, what, hint string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is required in CI: %s", what, hint)
	}
	t.Skipf("%s is not available (%s); run the tests with make test", what, hint)
}

// New returns a connection pool to a new, migrated database that is dropped when t ends.
func New(t testing.TB) *sqlx.DB {
	t.Helper()
	conn, _ := NewWithDSN(t)
	return conn
}

// NewWithDSN is New that also returns the DSN of the new database, for code under test that
// opens its own pool (the commands, the server).
func NewWithDSN(t testing.TB) (*sqlx.DB, string) {
	t.Helper()
	conn, dsn := Empty(t)
	if _, err := db.Migrate(context.Background(), conn); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return conn, dsn
}

// Empty is NewWithDSN without the migrations.
func Empty(t testing.TB) (*sqlx.DB, string) {
	t.Helper()
	base := os.Getenv(EnvDSN)
	if base == "" {
		Required(t, "a MariaDB/MySQL server", EnvDSN+" is not set")
	}
	cfg, err := db.Config(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvDSN, err)
	}
	ctx := context.Background()
	admin, err := db.Open(ctx, cfg.FormatDSN(), db.Pool{MaxOpen: 2, MaxIdle: 1, MaxLifetime: time.Minute})
	if err != nil {
		t.Fatalf("connect to test server: %v", err)
	}
	t.Cleanup(func() { admin.Close() })

	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "orderdesk_t_" + hex.EncodeToString(suffix)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE `"+name+"` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if os.Getenv("ORDERDESK_KEEP_TEST_DB") != "" {
			t.Logf("kept test database %s", name)
			return
		}
		if _, err := admin.ExecContext(context.Background(), "DROP DATABASE `"+name+"`"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})

	cfg.DBName = name
	dsn := cfg.FormatDSN()
	conn, err := db.Open(ctx, dsn, db.Pool{MaxOpen: 10, MaxIdle: 10, MaxLifetime: time.Minute})
	if err != nil {
		t.Fatalf("connect to %s: %v", name, err)
	}
	// Registered after the drop, so it runs first: the pool closes before the database goes.
	t.Cleanup(func() { conn.Close() })
	return conn, dsn
}
