package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"orderdesk/internal/config"
)

// configShow prints the effective configuration, or one value with --get section.key. The
// Makefile uses --get database.dsn to decide whether to start the private MariaDB.
func (c *command) configShow(_ context.Context, args []string) error {
	fs := c.flags("config [-config FILE] [--get SECTION.KEY]",
		"Validates the configuration and prints the effective values (secrets masked), or one value.")
	get := fs.String("get", "", "print only this value, e.g. database.dsn")
	if err := c.parse(fs, args); err != nil {
		return err
	}
	values := effective(c.cfg)
	if *get != "" {
		v, ok := values[strings.ToLower(*get)]
		if !ok {
			return fmt.Errorf("--get: unknown key %q (use section.key, e.g. database.dsn)", *get)
		}
		fmt.Fprintln(c.stdout, v)
		return nil
	}
	section := ""
	for _, k := range configOrder {
		s, key, _ := strings.Cut(k, ".")
		if s != section {
			if section != "" {
				fmt.Fprintln(c.stdout)
			}
			fmt.Fprintf(c.stdout, "[%s]\n", s)
			section = s
		}
		v := values[k]
		if key == "dsn" && v != "" || strings.HasSuffix(key, "_key") && v != "" {
			v = "(set)"
		}
		fmt.Fprintf(c.stdout, "%s = %s\n", key, v)
	}
	return nil
}

var configOrder = []string{
	"server.listen", "server.base_url", "server.plaintext", "server.trust_proxy", "server.var_dir", "server.max_body_bytes", "server.shutdown_timeout",
	"database.dsn", "database.local_port", "database.max_open_conns", "database.max_idle_conns", "database.conn_max_lifetime",
	"session.cookie_name", "session.auth_key", "session.encrypt_key", "session.csrf_key", "session.idle_timeout", "session.max_lifetime",
	"login.max_failures_per_account", "login.max_failures_per_ip", "login.window", "login.lockout",
	"log.level", "log.format", "orders.max_document_count",
}

func effective(c config.Config) map[string]string {
	d := func(v time.Duration) string { return v.String() }
	return map[string]string{
		"server.listen":                  c.Server.Listen,
		"server.base_url":                c.Server.BaseURL,
		"server.plaintext":               fmt.Sprint(c.Server.Plaintext),
		"server.trust_proxy":             fmt.Sprint(c.Server.TrustProxy),
		"server.var_dir":                 c.Server.VarDir,
		"server.max_body_bytes":          fmt.Sprint(c.Server.MaxBodyBytes),
		"server.shutdown_timeout":        d(c.Server.ShutdownTimeout),
		"database.dsn":                   c.Database.DSN,
		"database.local_port":            fmt.Sprint(c.Database.LocalPort),
		"database.max_open_conns":        fmt.Sprint(c.Database.MaxOpenConns),
		"database.max_idle_conns":        fmt.Sprint(c.Database.MaxIdleConns),
		"database.conn_max_lifetime":     d(c.Database.ConnMaxLifetime),
		"session.cookie_name":            c.Session.CookieName,
		"session.auth_key":               c.Session.AuthKey,
		"session.encrypt_key":            c.Session.EncryptKey,
		"session.csrf_key":               c.Session.CSRFKey,
		"session.idle_timeout":           d(c.Session.IdleTimeout),
		"session.max_lifetime":           d(c.Session.MaxLifetime),
		"login.max_failures_per_account": fmt.Sprint(c.Login.MaxFailuresPerAccount),
		"login.max_failures_per_ip":      fmt.Sprint(c.Login.MaxFailuresPerIP),
		"login.window":                   d(c.Login.Window),
		"login.lockout":                  d(c.Login.Lockout),
		"log.level":                      strings.ToLower(c.Log.Level.String()),
		"log.format":                     c.Log.Format,
		"orders.max_document_count":      fmt.Sprint(c.Orders.MaxDocumentCount),
	}
}
