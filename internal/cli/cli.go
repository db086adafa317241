// Package cli implements orderdesk's command line: serve, migrate, seed, check, user add and
// apikey create.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"orderdesk/db"
	"orderdesk/internal/config"
	"orderdesk/internal/store"
)

const usage = `orderdesk — the order management desk

Usage:
  orderdesk <command> [-config FILE] [options]

Commands:
  serve      start the web server (Ctrl-C stops it gracefully)
  migrate    apply pending database migrations
  seed       load demo data if it is not there yet and print the demo login
  user add   create a staff account: user add --email E --password P --role R [--name N]
  apikey create  create an API key and print it once: apikey create --name N --role R
  config     check the configuration and print it (or one value with --get section.key)
  check      check every order's totals, history and derived data; --repair rebuilds the derived data

Every command reads its configuration from -config FILE (default ./orderdesk.ini; a missing
default file means built-in defaults). Any key can be overridden by an environment variable
ORDERDESK_<SECTION>_<KEY>, e.g. ORDERDESK_DATABASE_DSN. Run 'orderdesk <command> --help' for
a command's options.
`

// env is how the commands see environment variables (tests pass a map).
type env func(string) string

// Run executes the command line and returns the process exit code.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv env) int {
	// -config may also come before the command.
	global := flag.NewFlagSet("orderdesk", flag.ContinueOnError)
	global.SetOutput(stderr)
	global.Usage = func() { fmt.Fprint(stderr, usage) }
	configPath := global.String("config", "", "configuration file")
	if err := global.Parse(args); err != nil {
		return exitCode(err)
	}
	args = global.Args()
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	c := &command{stdout: stdout, stderr: stderr, getenv: getenv, configPath: *configPath}
	var err error
	switch args[0] {
	case "serve":
		err = c.serve(ctx, args[1:])
	case "migrate":
		err = c.migrate(ctx, args[1:])
	case "config":
		err = c.configShow(ctx, args[1:])
	case "seed":
		err = c.seed(ctx, args[1:])
	case "check":
		err = c.check(ctx, args[1:])
	case "user":
		if len(args) < 2 || args[1] != "add" {
			fmt.Fprintln(stderr, "usage: orderdesk user add --email E --password P --role R [--name N]")
			return 2
		}
		err = c.userAdd(ctx, args[2:])
	case "apikey":
		if len(args) < 2 || args[1] != "create" {
			fmt.Fprintln(stderr, "usage: orderdesk apikey create --name N --role R [--stores S1,S2] [--only-assigned]")
			return 2
		}
		err = c.apikeyCreate(ctx, args[2:])
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "orderdesk: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) && !errors.Is(err, errUsage) {
			fmt.Fprintf(stderr, "orderdesk %s: %v\n", args[0], err)
		}
		return exitCode(err)
	}
	return 0
}

// errUsage marks an error whose message the flag package already printed.
var errUsage = errors.New("usage")

func exitCode(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if errors.Is(err, errUsage) || strings.HasPrefix(err.Error(), "flag provided but not defined") {
		return 2
	}
	return 1
}

type command struct {
	stdout, stderr io.Writer
	getenv         env
	configPath     string
	cfg            config.Config
	log            *slog.Logger
}

// flags makes a command's flag set with the shared -config flag.
func (c *command) flags(name, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet("orderdesk "+name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.StringVar(&c.configPath, "config", c.configPath, "configuration file (default ./"+config.DefaultPath+")")
	fs.Usage = func() {
		fmt.Fprintf(c.stderr, "usage: orderdesk %s\n\n%s\n\nOptions:\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

func (c *command) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	return c.loadConfig()
}

func (c *command) loadConfig() error {
	path, explicit := c.configPath, c.configPath != ""
	if !explicit {
		path = config.DefaultPath
	}
	cfg, err := config.Load(path, explicit, c.getenv)
	if err != nil {
		return err
	}
	c.cfg = cfg
	opts := &slog.HandlerOptions{Level: cfg.Log.Level}
	if cfg.Log.Format == "json" {
		c.log = slog.New(slog.NewJSONHandler(c.stderr, opts))
	} else {
		c.log = slog.New(slog.NewTextHandler(c.stderr, opts))
	}
	return nil
}

func (c *command) open(ctx context.Context) (*sqlx.DB, error) {
	d := c.cfg.Database
	conn, err := db.Open(ctx, d.EffectiveDSN(), db.Pool{
		MaxOpen: d.MaxOpenConns, MaxIdle: d.MaxIdleConns, MaxLifetime: d.ConnMaxLifetime,
	})
	if err != nil && d.DSN == "" {
		return nil, fmt.Errorf("%w\n(no [database] dsn is configured, so the private MariaDB is expected on 127.0.0.1:%d: start it with make db-up)", err, d.LocalPort)
	}
	return conn, err
}

// openCurrent opens the database and refuses to go on with an outdated schema.
func (c *command) openCurrent(ctx context.Context) (*sqlx.DB, error) {
	conn, err := c.open(ctx)
	if err != nil {
		return nil, err
	}
	current, latest, err := db.Version(ctx, conn)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if current < latest {
		conn.Close()
		return nil, fmt.Errorf("the database schema is at version %d but this build needs %d: run orderdesk migrate", current, latest)
	}
	return conn, nil
}

func (c *command) migrate(ctx context.Context, args []string) error {
	fs := c.flags("migrate [-config FILE]", "Applies every pending database migration. Safe to run repeatedly and from several servers at once.")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	conn, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	start := time.Now()
	applied, err := db.Migrate(ctx, conn)
	if err != nil {
		return err
	}
	current, _, err := db.Version(ctx, conn)
	if err != nil {
		return err
	}
	// Orders written before the list existed, or by an older derivation, get their list
	// facts and search documents now.
	refreshed, err := c.newStore(conn).RefreshListings(ctx)
	if err != nil {
		return err
	}
	if refreshed > 0 {
		fmt.Fprintf(c.stdout, "refreshed the list entries of %d order(s)\n", refreshed)
		if err := c.newStore(conn).RebuildDailyStats(ctx); err != nil {
			return err
		}
		if err := c.newStore(conn).RebuildCustomerStats(ctx); err != nil {
			return err
		}
	}
	if len(applied) == 0 {
		fmt.Fprintf(c.stdout, "schema is up to date (version %d)\n", current)
		return nil
	}
	fmt.Fprintf(c.stdout, "applied %d migration(s) in %s; schema is at version %d\n", len(applied), time.Since(start).Round(time.Millisecond), current)
	return nil
}

// newStore wraps the pool with the business rules from the configuration.
func (c *command) newStore(conn *sqlx.DB) *store.Store {
	st := store.New(conn, nil)
	st.SetRules(store.Rules{Statuses: c.cfg.Statuses, MaxDocuments: c.cfg.Orders.MaxDocumentCount, Reasons: c.cfg.Reasons})
	return st
}
