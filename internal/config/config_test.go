package config

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"orderdesk/internal/order"
)

func noEnv(string) string { return "" }

func TestExampleFileIsValidAndMatchesDefaults(t *testing.T) {
	cfg, err := Load(filepath.Join("..", "..", "orderdesk.example.ini"), true, noEnv)
	if err != nil {
		t.Fatalf("the committed example does not load: %v", err)
	}
	if !reflect.DeepEqual(cfg, Defaults()) {
		t.Errorf("the example file differs from the built-in defaults:\n got %+v\nwant %+v", cfg, Defaults())
	}
}

func TestMissingDefaultFileMeansDefaults(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "orderdesk.ini")
	cfg, err := Load(missing, false, noEnv)
	if err != nil || !reflect.DeepEqual(cfg, Defaults()) {
		t.Fatalf("Load(missing, optional) = %+v, %v; want the defaults", cfg, err)
	}
	if _, err := Load(missing, true, noEnv); err == nil {
		t.Error("a missing file given with -config was accepted")
	}
}

func TestValuesAndEnvironmentOverrides(t *testing.T) {
	text := `
# a comment
[server]
listen = 0.0.0.0:9000
base_url = https://desk.example.com/
plaintext = false
shutdown_timeout = 40s

[database]
dsn = app:secret@tcp(db.internal:3306)/orderdesk
max_open_conns = 40

[session]
idle_timeout = 30m

[log]
level = debug
format = json
`
	env := map[string]string{"ORDERDESK_DATABASE_DSN": "from:env@tcp(x:1)/y", "ORDERDESK_LOGIN_LOCKOUT": "1h"}
	cfg, err := Parse(text, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want any
	}{
		{"listen", cfg.Server.Listen, "0.0.0.0:9000"},
		{"base_url trimmed", cfg.Server.BaseURL, "https://desk.example.com"},
		{"plaintext", cfg.Server.Plaintext, false},
		{"shutdown_timeout", cfg.Server.ShutdownTimeout, 40 * time.Second},
		{"dsn from env wins", cfg.Database.DSN, "from:env@tcp(x:1)/y"},
		{"max_open_conns", cfg.Database.MaxOpenConns, 40},
		{"idle_timeout", cfg.Session.IdleTimeout, 30 * time.Minute},
		{"lockout from env", cfg.Login.Lockout, time.Hour},
		{"level", cfg.Log.Level, slog.LevelDebug},
		{"format", cfg.Log.Format, "json"},
		{"untouched default", cfg.Session.MaxLifetime, 12 * time.Hour},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestBadConfigurationNamesTheKey(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		env        map[string]string
		want       string
	}{
		{"unknown section", "[sever]\nlisten = :80\n", nil, "unknown section [sever]"},
		{"unknown key", "[server]\nlisten = 127.0.0.1:80\nport = 80\n", nil, `unknown key "port" in [server]`},
		{"bad bool", "[server]\nplaintext = maybe\n", nil, "[server] plaintext"},
		{"bad int", "[database]\nmax_open_conns = lots\n", nil, "[database] max_open_conns"},
		{"bad duration", "[session]\nidle_timeout = 30\n", nil, "[session] idle_timeout"},
		{"negative drain", "[server]\nshutdown_timeout = -1s\n", nil, "[server] shutdown_timeout"},
		{"endless drain", "[server]\nshutdown_timeout = 1h\n", nil, "[server] shutdown_timeout"},
		{"bad listen", "[server]\nlisten = 8080\n", nil, "[server] listen"},
		{"bad base url", "[server]\nbase_url = desk.example.com\n", nil, "[server] base_url"},
		{"https with plaintext", "[server]\nbase_url = https://desk.example.com\n", nil, "[server] plaintext"},
		{"short key", "[session]\ncsrf_key = abcd\n", nil, "[session] csrf_key"},
		{"non-hex key", "[session]\nauth_key = " + strings.Repeat("z", 64) + "\n", nil, "must be hex"},
		{"idle over lifetime", "[session]\nidle_timeout = 13h\n", nil, "[session] max_lifetime"},
		{"idle over max idle", "[database]\nmax_idle_conns = 50\n", nil, "[database] max_idle_conns"},
		{"bad level", "[log]\nlevel = loud\n", nil, "[log] level"},
		{"bad format", "[log]\nformat = xml\n", nil, "[log] format"},
		{"semicolon comment", "[log]\n; level = debug\n", nil, "comments start with '#'"},
		{"inline brackets", "[server]\nlisten = [::1]:80\n", nil, "line 2"},
		{"section twice", "[log]\nlevel = info\n[server]\n[log]\nformat = json\n", nil, "[log] appears twice"},
		{"key before section", "level = info\n", nil, "Missing Section Header"},
		{"bad env value", "", map[string]string{"ORDERDESK_SERVER_PLAINTEXT": "perhaps"}, "ORDERDESK_SERVER_PLAINTEXT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.text, func(k string) string { return tc.env[k] })
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestGeneratedKeysAreKeptAcrossRestarts(t *testing.T) {
	cfg := Defaults()
	cfg.Server.VarDir = t.TempDir()
	first, err := cfg.LoadKeys()
	if err != nil {
		t.Fatal(err)
	}
	if len(first.SessionAuth) != 64 || len(first.SessionEncrypt) != 32 || len(first.CSRF) != 32 {
		t.Fatalf("key sizes %d/%d/%d", len(first.SessionAuth), len(first.SessionEncrypt), len(first.CSRF))
	}
	second, err := cfg.LoadKeys()
	if err != nil {
		t.Fatal(err)
	}
	if string(first.CSRF) != string(second.CSRF) || string(first.SessionAuth) != string(second.SessionAuth) {
		t.Error("keys changed between two loads: every restart would sign everybody out")
	}
	info, err := os.Stat(filepath.Join(cfg.Server.VarDir, "keys", "csrf.hex"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v, mode %v; want 0600", err, info.Mode())
	}

	cfg.Session.CSRFKey = strings.Repeat("ab", 32)
	configured, err := cfg.LoadKeys()
	if err != nil || configured.CSRF[0] != 0xab {
		t.Errorf("a configured key was not used: %v", err)
	}
}

func TestStatusDictionariesAndTransitions(t *testing.T) {
	cfg, err := Parse(`
[statuses]
shipment = New, Picking, Packed, Sent, Cancelled
shipment_initial = Picking

[transitions]
shipment = Picking -> Packed, Cancelled | Packed -> Sent | Sent ->
`, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	r := cfg.Statuses
	if got := r.InitialStatus(order.TypeShipment); got != "Picking" {
		t.Errorf("initial shipment status %q", got)
	}
	if err := r.ValidateStatus(order.TypeShipment, "PickPack"); !errors.Is(err, order.ErrInvalidStatus) {
		t.Errorf("a default status no longer in the list: %v", err)
	}
	for _, tc := range []struct {
		from, to string
		ok       bool
	}{
		{"Picking", "Packed", true},
		{"Picking", "Sent", false},
		{"Packed", "Sent", true},
		{"Sent", "Cancelled", false},
		{"New", "Sent", true}, // no rule for New: free
	} {
		err := r.ValidateTransition(order.TypeShipment, tc.from, tc.to)
		if tc.ok != (err == nil) || !tc.ok && !errors.Is(err, order.ErrTransitionNotAllowed) {
			t.Errorf("%s → %s: %v, want allowed=%v", tc.from, tc.to, err, tc.ok)
		}
	}
	// Untouched types keep Virto's defaults and stay free.
	if err := r.ValidateTransition(order.TypeCustomerOrder, order.OrderCompleted, order.OrderNew); err != nil {
		t.Errorf("order transitions should be free by default: %v", err)
	}

	for _, tc := range []struct{ text, want string }{
		{"[statuses]\nshipment_initial = Lost\n", "[statuses] shipment_initial"},
		{"[statuses]\norder = ,\n", "[statuses] order"},
		{"[transitions]\norder = New => Processing\n", "[transitions] order"},
		{"[transitions]\norder = New -> Teleported\n", `"Teleported" is not a order status`},
		{"[transitions]\norder = New -> Pending | New -> Processing\n", "two rules"},
		{"[orders]\nmax_document_count = -1\n", "[orders] max_document_count"},
	} {
		if _, err := Parse(tc.text, noEnv); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.text, err, tc.want)
		}
	}
}

func TestReturnReasons(t *testing.T) {
	c, err := Parse("[returns]\nreasons = Damaged,  Wrong size , damaged,,Late\n", func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Returns.Reasons, "|"); got != "Damaged|Wrong size|Late" {
		t.Errorf("reasons = %q", got)
	}
	if d := Defaults(); len(d.Returns.Reasons) == 0 || d.Returns.Reasons[0] != "Damaged" {
		t.Errorf("default reasons = %v", d.Returns.Reasons)
	}
}

func TestStatusLabels(t *testing.T) {
	noEnv := func(string) string { return "" }
	cfg, err := Parse(`
[statuses]
shipment = New, Picking, Sent, Cancelled

[status_labels]
order = Not payed: Awaiting payment, Partially sent: Partly sent
shipment = Picking: Being picked
refund_reason = Other: Something else
`, noEnv)
	if err != nil {
		t.Fatal(err)
	}
	r := cfg.Statuses
	for _, tc := range []struct {
		dt            order.DocumentType
		stored, label string
	}{
		{order.TypeCustomerOrder, "Not payed", "Awaiting payment"},       // configured over the default
		{order.TypeCustomerOrder, "Partially sent", "Partly sent"},       // configured
		{order.TypeCustomerOrder, "Processing", "Processing"},            // no label: as stored
		{order.TypeShipment, "Picking", "Being picked"},                  // a status of a configured list
		{order.TypePaymentIn, "PartiallyRefunded", "Partially refunded"}, // an untouched type keeps its defaults
		{order.TypeReturn, "Canceled", "Cancelled"},                      // one spelling of Cancelled
		{order.TypeRefundReason, "RequestedByCustomer", "Requested by customer"},
		{order.TypeRefundReason, "Other", "Something else"},
	} {
		if got := r.Label(tc.dt, tc.stored); got != tc.label {
			t.Errorf("%s %q reads %q, want %q", tc.dt, tc.stored, got, tc.label)
		}
	}
	// The stored values are untouched: labels are only what people read.
	if err := r.ValidateStatus(order.TypeCustomerOrder, "Not payed"); err != nil {
		t.Errorf("the stored value is no longer valid: %v", err)
	}
	if err := r.ValidateStatus(order.TypeCustomerOrder, "Awaiting payment"); err == nil {
		t.Error("a label was taken for a stored status")
	}

	env := func(k string) string {
		if k == "ORDERDESK_STATUS_LABELS_PAYMENT" {
			return "Voided: Void"
		}
		return ""
	}
	cfg, err = Parse("", env)
	if err != nil || cfg.Statuses.Label(order.TypePaymentIn, "Voided") != "Void" {
		t.Errorf("label from the environment: %v, %q", err, cfg.Statuses.Label(order.TypePaymentIn, "Voided"))
	}

	for _, tc := range []struct{ text, want string }{
		{"[status_labels]\norder = Not payed\n", `want "Stored status: Label" pairs`},
		{"[status_labels]\norder = Not payed:\n", `want "Stored status: Label" pairs`},
		{"[status_labels]\norder = Not paid: Unpaid\n", `"Not paid" is not a stored value`},
		{"[status_labels]\norder = New: Fresh, New: Brand new\n", `"New" has two labels`},
		{"[status_labels]\norder = Pending: Processing\n", `"Pending" and "Processing" would both read "Processing"`},
		{"[status_labels]\nrefund_reason = Mistake: Our mistake\n", `[status_labels] refund_reason`},
		{"[status_labels]\ndelivery = New: Fresh\n", `unknown key "delivery"`},
		{"[statuses]\nshipment = New, Sent\n[status_labels]\nshipment = PickPack: Picking\n", `"PickPack" is not a stored value`},
	} {
		if _, err := Parse(tc.text, noEnv); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.text, err, tc.want)
		}
	}
}

func TestStatusesAcceptAny(t *testing.T) {
	for in, want := range map[string]bool{"": false, "[statuses]\naccept_any = true\n": true, "[statuses]\naccept_any = off\n": false} {
		cfg, err := Parse(in, noEnv)
		if err != nil || cfg.Statuses.AcceptAny != want {
			t.Errorf("%q: accept any %v (%v), want %v", in, cfg.Statuses.AcceptAny, err, want)
		}
	}
	if _, err := Parse("[statuses]\naccept_any = sometimes\n", noEnv); err == nil {
		t.Error("accept_any = sometimes was read")
	}
}
