// Package db owns the schema: the embedded migrations and how to open a connection pool.
package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jmoiron/sqlx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Pool sizes the connection pool.
type Pool struct {
	MaxOpen     int
	MaxIdle     int
	MaxLifetime time.Duration
}

// Open connects to dsn with the session settings the code relies on (UTC times parsed into
// time.Time, utf8mb4_unicode_ci, strict SQL mode) and checks the server answers.
func Open(ctx context.Context, dsn string, pool Pool) (*sqlx.DB, error) {
	cfg, err := Config(dsn)
	if err != nil {
		return nil, err
	}
	conn, err := sqlx.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return nil, fmt.Errorf("db: open: %w", err)
	}
	conn.SetMaxOpenConns(pool.MaxOpen)
	conn.SetMaxIdleConns(pool.MaxIdle)
	conn.SetConnMaxLifetime(pool.MaxLifetime)
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := conn.PingContext(pingCtx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("db: cannot reach %s@%s: %w", cfg.User, cfg.Addr, err)
	}
	return conn, nil
}

// Config parses dsn and applies the connection settings every orderdesk connection uses.
func Config(dsn string) (*mysql.Config, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("db: bad dsn: %w", err)
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	// utf8mb4_unicode_ci: MariaDB's uca1400 collations have ids above 255, which the driver
	// silently replaces with general_ci.
	cfg.Collation = "utf8mb4_unicode_ci"
	// Send each statement in one round trip instead of prepare + execute + close: an order
	// load or save is a dozen statements, and the round trips are most of its time.
	cfg.InterpolateParams = true
	// An order is read as one batch of statements (store.loadBatch): one round trip instead of
	// eighteen. Every statement is built with placeholders, never from input, so allowing
	// several per query opens no injection path.
	cfg.MultiStatements = true
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["time_zone"] = "'+00:00'"
	cfg.Params["sql_mode"] = "'STRICT_ALL_TABLES,NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'"
	return cfg, nil
}

// Migrate applies every pending migration and returns the versions it applied. A table lock
// makes concurrent runs from several app servers safe.
func Migrate(ctx context.Context, conn *sqlx.DB) ([]int64, error) {
	p, err := provider(conn)
	if err != nil {
		return nil, err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("db: migrate: %w", err)
	}
	applied := make([]int64, 0, len(results))
	for _, r := range results {
		applied = append(applied, r.Source.Version)
	}
	return applied, nil
}

// MigrateTo applies the pending migrations up to and including version: a database as an
// older build left it, for testing what a later migration does to its data.
func MigrateTo(ctx context.Context, conn *sqlx.DB, version int64) error {
	p, err := provider(conn)
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("db: migrate to %d: %w", version, err)
	}
	return nil
}

// Version reports the schema version the database is at and the newest one this build knows.
func Version(ctx context.Context, conn *sqlx.DB) (current, latest int64, err error) {
	p, err := provider(conn)
	if err != nil {
		return 0, 0, err
	}
	if current, latest, err = p.GetVersions(ctx); err != nil {
		return 0, 0, fmt.Errorf("db: version: %w", err)
	}
	return current, latest, nil
}

func provider(conn *sqlx.DB) (*goose.Provider, error) {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, fmt.Errorf("db: %w", err)
	}
	locker, err := lock.NewMySQLTableLocker()
	if err != nil {
		return nil, fmt.Errorf("db: migration lock: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectMySQL, conn.DB, fsys, goose.WithLocker(locker))
	if err != nil {
		return nil, fmt.Errorf("db: %w", err)
	}
	return p, nil
}
