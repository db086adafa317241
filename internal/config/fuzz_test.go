package config

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// parseWithin parses text, failing the test when that takes longer than limit: a
// configuration file that hangs the server at start is a bug like a crash.
func parseWithin(t *testing.T, text string, limit time.Duration) (Config, error) {
	t.Helper()
	type result struct {
		c   Config
		err error
	}
	done := make(chan result, 1)
	go func() {
		c, err := Parse(text, func(string) string { return "" })
		done <- result{c, err}
	}()
	select {
	case r := <-done:
		return r.c, r.err
	case <-time.After(limit):
		t.Fatalf("Parse(%q) did not answer within %s", text, limit)
		return Config{}, nil
	}
}

// FuzzParse: any INI text is refused with an error that says where, or gives a configuration
// that passes its own validation, the same way every time.
func FuzzParse(f *testing.F) {
	// The example file one section at a time: the whole file as one seed slows the fuzzer
	// to a few inputs a second.
	if example, err := os.ReadFile("../../orderdesk.example.ini"); err == nil {
		for _, section := range strings.SplitAfter(string(example), "\n[") {
			f.Add("[" + strings.TrimSuffix(section, "["))
		}
	}
	for _, s := range []string{
		"", "[server]\nlisten = 127.0.0.1:8080\n", "[server]\nlisten = :99999\n", "; comment\n", "[a\n", "[server]\n[server]\n",
		"[server]\nmax_body_bytes = 1e309\n", "[orders]\nclerk_refund_limit = 1e309\n", "[orders]\nclerk_refund_limit = -0\n",
		"[session]\nidle_timeout = 9999999999h\n", "[statuses]\norder = New, New\n", "[DEFAULT]\nx = 1\n", "[server]\nx = [y]\n",
		"[database]\nlocal_port = 0x10\n", "[orders]\nmax_photo_bytes = 9223372036854775807\n", "key = value\n", "[server]\r\nlisten=1:2\r\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, err := parseWithin(t, text, 10*time.Second)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "config:") && !strings.Contains(err.Error(), "[") {
				t.Fatalf("Parse: %q does not say where: %v", text, err)
			}
			return
		}
		if err := c.validate(); err != nil {
			t.Fatalf("Parse accepted a configuration its validation refuses: %v", err)
		}
		again, err := Parse(text, func(string) string { return "" })
		if err != nil || !reflect.DeepEqual(again, c) {
			t.Fatalf("Parse(%q) is not deterministic: %v", text, err)
		}
	})
}
