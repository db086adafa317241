package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Keys are the decoded secrets the web layer needs.
type Keys struct {
	SessionAuth    []byte
	SessionEncrypt []byte
	CSRF           []byte
}

func decodeHex(s string) ([]byte, error) { return hex.DecodeString(strings.TrimSpace(s)) }

// LoadKeys returns the configured keys, generating each missing one once and keeping it in
// var_dir/keys so that logins survive restarts. Several app servers behind a load balancer
// must share keys: configure them explicitly (or through the environment) there.
func (c Config) LoadKeys() (Keys, error) {
	var k Keys
	for _, s := range []struct {
		name, configured string
		size             int
		into             *[]byte
	}{
		{"session_auth", c.Session.AuthKey, 64, &k.SessionAuth},
		{"session_encrypt", c.Session.EncryptKey, 32, &k.SessionEncrypt},
		{"csrf", c.Session.CSRFKey, 32, &k.CSRF},
	} {
		if s.configured != "" {
			b, err := decodeHex(s.configured) // validated in Load
			if err != nil {
				return Keys{}, fmt.Errorf("config: %s key: %w", s.name, err)
			}
			*s.into = b
			continue
		}
		b, err := c.storedKey(s.name, s.size)
		if err != nil {
			return Keys{}, err
		}
		*s.into = b
	}
	return k, nil
}

func (c Config) storedKey(name string, size int) ([]byte, error) {
	dir := filepath.Join(c.Server.VarDir, "keys")
	path := filepath.Join(dir, name+".hex")
	raw, err := os.ReadFile(path)
	if err == nil {
		b, err := decodeHex(string(raw))
		if err != nil || len(b) != size {
			return nil, fmt.Errorf("config: %s is damaged; delete it to generate a new key (users will have to sign in again)", path)
		}
		return b, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("config: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	b := make([]byte, size)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	// O_EXCL: when two processes race, the loser reads the winner's key instead of replacing it.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return c.storedKey(name, size)
	}
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if _, err := f.WriteString(hex.EncodeToString(b) + "\n"); err != nil {
		f.Close()
		return nil, fmt.Errorf("config: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return b, nil
}

// EffectiveDSN is the database to connect to: the configured one, or the private MariaDB that
// scripts/localdb.sh manages.
func (d Database) EffectiveDSN() string {
	if d.DSN != "" {
		return d.DSN
	}
	return fmt.Sprintf("orderdesk:orderdesk@tcp(127.0.0.1:%d)/orderdesk", d.LocalPort)
}
