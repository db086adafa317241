package base

import (
	"context"
	"net"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"orderdesk/internal/auth"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	requestStateKey
)

// RequestState is what the middleware learns about a request for the handlers below it.
type RequestState struct {
	User    *auth.User // nil: nobody signed in
	Expired bool       // a session existed but has expired or was revoked
}

func State(r *http.Request) *RequestState {
	if st, ok := r.Context().Value(requestStateKey).(*RequestState); ok {
		return st
	}
	return &RequestState{}
}

func RequestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey).(string)
	return id
}

// SafeNext accepts only same-site paths, so ?next= cannot send anyone elsewhere: one leading
// slash, and no control characters, whitespace or backslashes (browsers drop tabs and
// newlines and read "/\t/host" or "/\\host" as another host).
func SafeNext(next string) bool {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return false
	}
	return !strings.ContainsFunc(next, func(r rune) bool {
		return r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r) || r == utf8.RuneError || unicode.In(r, unicode.Zl, unicode.Zp, unicode.Cf)
	})
}

func IsHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// ClientAddr is the address used for throttling and logs: the connection's peer, or the
// nearest proxy-reported client when the server sits behind a trusted proxy.
func (s *Server) ClientAddr(r *http.Request) string {
	if s.Cfg.Server.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// NewRequest gives a request its id and an empty state for the middleware below to fill.
func NewRequest(r *http.Request, id string) (*http.Request, *RequestState) {
	st := &RequestState{}
	ctx := context.WithValue(context.WithValue(r.Context(), requestIDKey, id), requestStateKey, st)
	return r.WithContext(ctx), st
}
