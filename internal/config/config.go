// Package config reads orderdesk's INI file into a typed, validated Config.
//
// Every key has a default, so an absent file is a valid configuration. Any key may also come
// from the environment as ORDERDESK_<SECTION>_<KEY> (for example ORDERDESK_DATABASE_DSN), which
// wins over the file; that is how secrets stay out of the file. Unknown sections or keys and bad
// values are errors that name the key, because a typo silently ignored is a production outage.
package config

import (
	"errors"
	"fmt"
	"github.com/shopspring/decimal"
	"log/slog"
	"net"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bigkevmcd/go-configparser"

	"orderdesk/internal/audit"
	"orderdesk/internal/order"
)

// DefaultPath is where the commands look for the file when -config is not given.
const DefaultPath = "orderdesk.ini"

// Config is the whole, validated configuration.
type Config struct {
	Server   Server
	Database Database
	Session  Session
	Login    Login
	Log      Log
	Orders   Orders
	// Statuses are the status pick lists, initial statuses and optional transition rules per
	// document type ([statuses] and [transitions]); Virto's defaults unless configured.
	Statuses order.StatusRules
	// Reasons say which edits must give a reason ([reasons]).
	Reasons  audit.ReasonRules
	Webhooks Webhooks
	// Returns holds the return reasons offered on the order page ([returns]).
	Returns Returns
	// Dashboard holds Virto's dashboard statistics settings for the API ([dashboard]).
	Dashboard Dashboard
	// PDF holds how documents are printed to PDF ([pdf]).
	PDF PDF
	// Payments holds the built-in payment gateways' settings ([payments]).
	Payments Payments
}

// Payments holds [payments].
type Payments struct {
	// TestGatewaySecret plugs in the "Test" gateway and signs its callbacks; empty: no Test gateway.
	TestGatewaySecret string
}

// PDF holds [pdf]: the headless Chromium that prints the invoice PDF.
type PDF struct {
	Chromium string        // path of the executable; empty: chromium, chromium-browser or google-chrome on PATH
	Timeout  time.Duration // how long one print may take
}

// Dashboard holds [dashboard]: Virto's Order.DashboardStatistics.Enable and .RangeMonths.
type Dashboard struct {
	StatisticsEnabled     bool // false: GET /api/order/dashboardStatistics answers empty figures
	StatisticsRangeMonths int  // months back from now when the request gives no start
}

// Webhooks holds [webhooks].
type Webhooks struct {
	GiveUpAfter time.Duration // stop retrying an event this old
	Backoff     time.Duration // wait after the first failed attempt; doubles each time
	Timeout     time.Duration // how long one POST may take
	// AllowPrivate lets subscriptions reach loopback, private and link-local addresses (a
	// receiver on the same network); off, deliveries go to public addresses only.
	AllowPrivate bool
}

// maxMediumBlob is the most a MEDIUMBLOB column (a stored photo) holds.
const maxMediumBlob = 1<<24 - 1

// Orders holds [orders].
type Orders struct {
	MaxDocumentCount int // an order with its shipments, payments, captures and refunds (Virto: 20)
	// ClerkRefundLimit is the largest refund a desk clerk may make, in the order's currency;
	// zero means no limit. Larger refunds need a manager.
	ClerkRefundLimit decimal.Decimal
	// MaxPhotoBytes is the largest delivery photo field mode accepts (stored in a MEDIUMBLOB).
	MaxPhotoBytes int64
}

// Server holds [server].
type Server struct {
	Listen       string // host:port to listen on
	BaseURL      string // the URL users type, printed at startup and used in links
	Plaintext    bool   // plain HTTP (localhost, tests); false when a TLS proxy sits in front
	VarDir       string // generated keys and the private database live here
	MaxBodyBytes int64  // request body limit for forms and API calls
	TrustProxy   bool   // take the client address from X-Forwarded-For (only behind a proxy)
	// ShutdownTimeout is how long a stopping server lets running requests finish; requests
	// still running then are cut (and logged).
	ShutdownTimeout time.Duration
}

// Database holds [database].
type Database struct {
	DSN             string // empty: the private MariaDB that `make run` manages under var/
	LocalPort       int    // port of that private MariaDB
	MaxOpenConns    int
	MaxIdleConns    int
	ConnMaxLifetime time.Duration
}

// Session holds [session]. Keys are hex; empty keys are generated once under VarDir.
type Session struct {
	CookieName  string
	AuthKey     string // 32 or 64 bytes, hex: signs the session cookie
	EncryptKey  string // 32 bytes, hex: encrypts the session cookie
	CSRFKey     string // 32 bytes, hex: signs CSRF tokens
	IdleTimeout time.Duration
	MaxLifetime time.Duration
}

// Login holds [login]: the throttling of failed sign-ins.
type Login struct {
	MaxFailuresPerAccount int
	MaxFailuresPerIP      int
	Window                time.Duration // failures older than this are forgotten
	Lockout               time.Duration // how long a throttled account or address waits
}

// Log holds [log].
type Log struct {
	Level  slog.Level
	Format string // text or json
}

// Defaults returns the configuration used for every key the file leaves out.
func Defaults() Config {
	return Config{
		Server: Server{
			Listen:          "127.0.0.1:8080",
			BaseURL:         "http://127.0.0.1:8080",
			Plaintext:       true,
			VarDir:          "var",
			MaxBodyBytes:    10 << 20,
			ShutdownTimeout: 15 * time.Second,
		},
		Database: Database{
			LocalPort:       3307,
			MaxOpenConns:    20,
			MaxIdleConns:    20,
			ConnMaxLifetime: 5 * time.Minute,
		},
		Session: Session{
			CookieName:  "orderdesk_session",
			IdleTimeout: 2 * time.Hour,
			MaxLifetime: 12 * time.Hour,
		},
		Login: Login{
			MaxFailuresPerAccount: 5,
			MaxFailuresPerIP:      30,
			Window:                15 * time.Minute,
			Lockout:               15 * time.Minute,
		},
		Log:       Log{Level: slog.LevelInfo, Format: "text"},
		Orders:    Orders{MaxDocumentCount: 20, ClerkRefundLimit: decimal.NewFromInt(500), MaxPhotoBytes: 8 << 20},
		Statuses:  order.DefaultStatusRules(),
		Reasons:   audit.DefaultReasonRules(),
		Webhooks:  Webhooks{GiveUpAfter: 24 * time.Hour, Backoff: 30 * time.Second, Timeout: 10 * time.Second},
		Returns:   Returns{Reasons: DefaultReturnReasons},
		Dashboard: Dashboard{StatisticsEnabled: true, StatisticsRangeMonths: 12},
		PDF:       PDF{Timeout: 30 * time.Second},
	}
}

// field binds one INI key to its place in Config and knows how to parse it.
type field struct {
	section, key string
	set          func(c *Config, v string) error
}

func fields() []field {
	return append(append(append(baseFields(), statusFields()...), reasonFields()...), returnFields()...)
}

func baseFields() []field {
	return []field{
		{"server", "listen", func(c *Config, v string) error { c.Server.Listen = v; return nil }},
		{"server", "base_url", func(c *Config, v string) error { c.Server.BaseURL = strings.TrimRight(v, "/"); return nil }},
		{"server", "plaintext", boolInto(func(c *Config) *bool { return &c.Server.Plaintext })},
		{"server", "var_dir", func(c *Config, v string) error { c.Server.VarDir = v; return nil }},
		{"server", "trust_proxy", boolInto(func(c *Config) *bool { return &c.Server.TrustProxy })},
		{"server", "max_body_bytes", int64Into(func(c *Config) *int64 { return &c.Server.MaxBodyBytes })},
		{"server", "shutdown_timeout", durationInto(func(c *Config) *time.Duration { return &c.Server.ShutdownTimeout })},
		{"database", "dsn", func(c *Config, v string) error { c.Database.DSN = v; return nil }},
		{"database", "local_port", intInto(func(c *Config) *int { return &c.Database.LocalPort })},
		{"database", "max_open_conns", intInto(func(c *Config) *int { return &c.Database.MaxOpenConns })},
		{"database", "max_idle_conns", intInto(func(c *Config) *int { return &c.Database.MaxIdleConns })},
		{"database", "conn_max_lifetime", durationInto(func(c *Config) *time.Duration { return &c.Database.ConnMaxLifetime })},
		{"session", "cookie_name", func(c *Config, v string) error { c.Session.CookieName = v; return nil }},
		{"session", "auth_key", func(c *Config, v string) error { c.Session.AuthKey = v; return nil }},
		{"session", "encrypt_key", func(c *Config, v string) error { c.Session.EncryptKey = v; return nil }},
		{"session", "csrf_key", func(c *Config, v string) error { c.Session.CSRFKey = v; return nil }},
		{"session", "idle_timeout", durationInto(func(c *Config) *time.Duration { return &c.Session.IdleTimeout })},
		{"session", "max_lifetime", durationInto(func(c *Config) *time.Duration { return &c.Session.MaxLifetime })},
		{"login", "max_failures_per_account", intInto(func(c *Config) *int { return &c.Login.MaxFailuresPerAccount })},
		{"login", "max_failures_per_ip", intInto(func(c *Config) *int { return &c.Login.MaxFailuresPerIP })},
		{"login", "window", durationInto(func(c *Config) *time.Duration { return &c.Login.Window })},
		{"login", "lockout", durationInto(func(c *Config) *time.Duration { return &c.Login.Lockout })},
		{"log", "level", func(c *Config, v string) error { return c.Log.Level.UnmarshalText([]byte(v)) }},
		{"log", "format", func(c *Config, v string) error { c.Log.Format = strings.ToLower(v); return nil }},
		{"orders", "max_document_count", intInto(func(c *Config) *int { return &c.Orders.MaxDocumentCount })},
		{"orders", "max_photo_bytes", int64Into(func(c *Config) *int64 { return &c.Orders.MaxPhotoBytes })},
		{"webhooks", "give_up_after", durationInto(func(c *Config) *time.Duration { return &c.Webhooks.GiveUpAfter })},
		{"webhooks", "backoff", durationInto(func(c *Config) *time.Duration { return &c.Webhooks.Backoff })},
		{"webhooks", "timeout", durationInto(func(c *Config) *time.Duration { return &c.Webhooks.Timeout })},
		{"webhooks", "allow_private", boolInto(func(c *Config) *bool { return &c.Webhooks.AllowPrivate })},
		{"dashboard", "statistics_enabled", boolInto(func(c *Config) *bool { return &c.Dashboard.StatisticsEnabled })},
		{"dashboard", "statistics_range_months", intInto(func(c *Config) *int { return &c.Dashboard.StatisticsRangeMonths })},
		{"pdf", "chromium", func(c *Config, v string) error { c.PDF.Chromium = v; return nil }},
		{"pdf", "timeout", durationInto(func(c *Config) *time.Duration { return &c.PDF.Timeout })},
		{"payments", "test_gateway_secret", func(c *Config, v string) error { c.Payments.TestGatewaySecret = v; return nil }},
		{"orders", "clerk_refund_limit", func(c *Config, v string) error {
			d, err := decimal.NewFromString(v)
			if err != nil {
				return fmt.Errorf("want an amount such as 500 or 250.50, got %q", v)
			}
			c.Orders.ClerkRefundLimit = d
			return nil
		}},
	}
}

// Load reads path (a missing file is an error only when mustExist), applies environment
// overrides from getenv and validates the result.
func Load(path string, mustExist bool, getenv func(string) string) (Config, error) {
	values := map[string]map[string]string{}
	if _, err := os.Stat(path); err == nil {
		values, err = readINI(path)
		if err != nil {
			return Config{}, err
		}
	} else if mustExist || !errors.Is(err, os.ErrNotExist) {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return build(values, getenv, path)
}

// Parse is Load for INI text already in memory; tests use it.
func Parse(text string, getenv func(string) string) (Config, error) {
	f, err := os.CreateTemp("", "orderdesk-*.ini")
	if err != nil {
		return Config{}, err
	}
	defer os.Remove(f.Name())
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return Config{}, err
	}
	f.Close()
	return Load(f.Name(), true, getenv)
}

// readINI returns section → key → value. go-configparser accepts some malformed lines silently
// (tooling notes: `;` comments become keys, brackets in values open sections), so the raw lines
// are checked first to turn those into errors with a line number.
func readINI(path string) (map[string]map[string]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	seen := map[string]bool{}
	for i, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, ";"):
			return nil, fmt.Errorf("config: %s line %d: comments start with '#', not ';'", path, i+1)
		case strings.HasPrefix(line, "["):
			if !strings.HasSuffix(line, "]") || strings.Count(line, "[") != 1 {
				return nil, fmt.Errorf("config: %s line %d: malformed section header %q", path, i+1, line)
			}
			name := strings.ToLower(strings.TrimSpace(line[1 : len(line)-1]))
			if seen[name] {
				return nil, fmt.Errorf("config: %s line %d: section [%s] appears twice", path, i+1, name)
			}
			seen[name] = true
		case !strings.ContainsAny(line, "=:"):
			return nil, fmt.Errorf("config: %s line %d: expected key = value, got %q", path, i+1, line)
		case strings.ContainsAny(line, "[]"):
			return nil, fmt.Errorf("config: %s line %d: values may not contain brackets", path, i+1)
		}
	}
	p, err := configparser.NewConfigParserFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %s: %w", path, err)
	}
	out := map[string]map[string]string{}
	for _, s := range p.Sections() {
		items, err := p.Items(s)
		if err != nil {
			return nil, fmt.Errorf("config: [%s]: %w", s, err)
		}
		m := map[string]string{}
		for k, v := range items {
			m[strings.ToLower(k)] = v
		}
		out[strings.ToLower(s)] = m
	}
	if d := p.Defaults(); len(d) > 0 {
		return nil, fmt.Errorf("config: %s: a [DEFAULT] section is not supported", path)
	}
	return out, nil
}

func build(values map[string]map[string]string, getenv func(string) string, path string) (Config, error) {
	cfg := Defaults()
	known := map[string]map[string]bool{}
	for _, f := range fields() {
		if known[f.section] == nil {
			known[f.section] = map[string]bool{}
		}
		known[f.section][f.key] = true
	}
	var sections []string
	for s := range values {
		sections = append(sections, s)
	}
	sort.Strings(sections)
	for _, s := range sections {
		if known[s] == nil {
			return Config{}, fmt.Errorf("config: %s: unknown section [%s] (known: %s)", path, s, strings.Join(sortedKeys(known), ", "))
		}
		var keys []string
		for k := range values[s] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !known[s][k] {
				return Config{}, fmt.Errorf("config: %s: unknown key %q in [%s] (known: %s)", path, k, s, strings.Join(sortedKeys(known[s]), ", "))
			}
		}
	}
	for _, f := range fields() {
		v, fromFile := values[f.section][f.key]
		envName := EnvName(f.section, f.key)
		if e := getenv(envName); e != "" {
			v, fromFile = e, true
		}
		if !fromFile {
			continue
		}
		if err := f.set(&cfg, strings.TrimSpace(v)); err != nil {
			return Config{}, fmt.Errorf("config: [%s] %s (or %s): %w", f.section, f.key, envName, err)
		}
	}
	if err := cfg.validate(); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return cfg, nil
}

// EnvName is the environment variable that overrides [section] key.
func EnvName(section, key string) string {
	return "ORDERDESK_" + strings.ToUpper(section) + "_" + strings.ToUpper(key)
}

func (c Config) validate() error {
	var errs []error
	bad := func(section, key, msg string, args ...any) {
		errs = append(errs, fmt.Errorf("[%s] %s: %s", section, key, fmt.Sprintf(msg, args...)))
	}
	if _, _, err := net.SplitHostPort(c.Server.Listen); err != nil {
		bad("server", "listen", "want host:port such as 127.0.0.1:8080, got %q", c.Server.Listen)
	}
	if u, err := url.Parse(c.Server.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("server", "base_url", "want an absolute http(s) URL, got %q", c.Server.BaseURL)
	} else if u.Scheme == "https" && c.Server.Plaintext {
		bad("server", "plaintext", "is true but base_url is https; set plaintext = false behind TLS")
	}
	if c.Server.VarDir == "" {
		bad("server", "var_dir", "must not be empty")
	}
	if c.Server.MaxBodyBytes < 1024 {
		bad("server", "max_body_bytes", "must be at least 1024, got %d", c.Server.MaxBodyBytes)
	}
	if c.Server.ShutdownTimeout < 0 || c.Server.ShutdownTimeout > 10*time.Minute {
		bad("server", "shutdown_timeout", "must be between 0s and 10m, got %s", c.Server.ShutdownTimeout)
	}
	if c.Database.LocalPort < 1 || c.Database.LocalPort > 65535 {
		bad("database", "local_port", "must be a port number, got %d", c.Database.LocalPort)
	}
	if c.Database.MaxOpenConns < 1 {
		bad("database", "max_open_conns", "must be at least 1, got %d", c.Database.MaxOpenConns)
	}
	if c.Database.MaxIdleConns < 0 || c.Database.MaxIdleConns > c.Database.MaxOpenConns {
		bad("database", "max_idle_conns", "must be between 0 and max_open_conns (%d), got %d", c.Database.MaxOpenConns, c.Database.MaxIdleConns)
	}
	if c.Database.ConnMaxLifetime < 0 {
		bad("database", "conn_max_lifetime", "must not be negative")
	}
	if c.Session.CookieName == "" || strings.ContainsAny(c.Session.CookieName, " ;,=") {
		bad("session", "cookie_name", "must be a plain cookie name, got %q", c.Session.CookieName)
	}
	for _, k := range []struct {
		key, value string
		sizes      []int
	}{
		{"auth_key", c.Session.AuthKey, []int{32, 64}},
		{"encrypt_key", c.Session.EncryptKey, []int{32}},
		{"csrf_key", c.Session.CSRFKey, []int{32}},
	} {
		if k.value == "" {
			continue // generated under var_dir
		}
		if _, err := DecodeKey(k.value, k.sizes...); err != nil {
			bad("session", k.key, "%v", err)
		}
	}
	if c.Session.IdleTimeout < time.Minute {
		bad("session", "idle_timeout", "must be at least 1m, got %s", c.Session.IdleTimeout)
	}
	if c.Session.MaxLifetime < c.Session.IdleTimeout {
		bad("session", "max_lifetime", "must be at least idle_timeout (%s), got %s", c.Session.IdleTimeout, c.Session.MaxLifetime)
	}
	if c.Login.MaxFailuresPerAccount < 1 {
		bad("login", "max_failures_per_account", "must be at least 1")
	}
	if c.Login.MaxFailuresPerIP < c.Login.MaxFailuresPerAccount {
		bad("login", "max_failures_per_ip", "must be at least max_failures_per_account (%d)", c.Login.MaxFailuresPerAccount)
	}
	if c.Login.Window < time.Second {
		bad("login", "window", "must be at least 1s")
	}
	if c.Login.Lockout < time.Second {
		bad("login", "lockout", "must be at least 1s")
	}
	if !slices.Contains([]string{"text", "json"}, c.Log.Format) {
		bad("log", "format", "must be text or json, got %q", c.Log.Format)
	}
	if c.PDF.Timeout < time.Second {
		bad("pdf", "timeout", "must be at least 1s")
	}
	if c.Dashboard.StatisticsRangeMonths < 1 || c.Dashboard.StatisticsRangeMonths > 1200 {
		bad("dashboard", "statistics_range_months", "must be from 1 to 1200")
	}
	if c.Orders.MaxDocumentCount < 0 {
		bad("orders", "max_document_count", "must be 0 (no limit) or more")
	}
	if c.Webhooks.Backoff < time.Second || c.Webhooks.Timeout < time.Second || c.Webhooks.GiveUpAfter < time.Minute {
		bad("webhooks", "backoff", "backoff and timeout must be at least 1s, give_up_after at least 1m")
	}
	if c.Orders.MaxPhotoBytes < 1024 || c.Orders.MaxPhotoBytes > maxMediumBlob || c.Orders.MaxPhotoBytes > c.Server.MaxBodyBytes-(64<<10) {
		bad("orders", "max_photo_bytes", "must be at least 1024, at most %d and 64 KiB below [server] max_body_bytes, got %d",
			maxMediumBlob, c.Orders.MaxPhotoBytes)
	}
	if c.Orders.ClerkRefundLimit.IsNegative() {
		bad("orders", "clerk_refund_limit", "must be 0 (no limit) or more")
	}
	validateStatuses(c.Statuses, bad)
	return errors.Join(errs...)
}

// DecodeKey decodes a hex key and checks its length against the allowed sizes in bytes.
func DecodeKey(hexKey string, sizes ...int) ([]byte, error) {
	b, err := decodeHex(hexKey)
	if err != nil {
		return nil, fmt.Errorf("must be hex (generate one with: openssl rand -hex 32)")
	}
	if !slices.Contains(sizes, len(b)) {
		return nil, fmt.Errorf("must be %s bytes (%s hex digits), got %d bytes", joinInts(sizes, " or "), joinInts(double(sizes), " or "), len(b))
	}
	return b, nil
}

func boolInto(ptr func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		switch strings.ToLower(v) {
		case "1", "true", "yes", "on":
			*ptr(c) = true
		case "0", "false", "no", "off":
			*ptr(c) = false
		default:
			return fmt.Errorf("want true or false, got %q", v)
		}
		return nil
	}
}

func intInto(ptr func(*Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("want a whole number, got %q", v)
		}
		*ptr(c) = n
		return nil
	}
}

func int64Into(ptr func(*Config) *int64) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("want a whole number, got %q", v)
		}
		*ptr(c) = n
		return nil
	}
}

func durationInto(ptr func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil {
			return fmt.Errorf("want a duration such as 90s, 15m or 12h, got %q", v)
		}
		*ptr(c) = d
		return nil
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func joinInts(ns []int, sep string) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, sep)
}

func double(ns []int) []int {
	out := make([]int, len(ns))
	for i, n := range ns {
		out[i] = 2 * n
	}
	return out
}
