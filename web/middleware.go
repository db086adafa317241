package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gorilla/csrf"

	"orderdesk/internal/auth"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	requestStateKey
)

// requestState is what the middleware learns about a request for the handlers below it.
type requestState struct {
	user    *auth.User // nil: nobody signed in
	expired bool       // a session existed but has expired or was revoked
}

func state(r *http.Request) *requestState {
	if st, ok := r.Context().Value(requestStateKey).(*requestState); ok {
		return st
	}
	return &requestState{}
}

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey).(string)
	return id
}

// statusRecorder remembers the status and size of a response for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach Flush on the real writer (streamed exports).
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe gives each request an id and writes one structured log line when it ends.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		b := make([]byte, 8)
		_, _ = rand.Read(b)
		id := hex.EncodeToString(b)
		w.Header().Set("X-Request-Id", id)
		st := &requestState{}
		ctx := context.WithValue(context.WithValue(r.Context(), requestIDKey, id), requestStateKey, st)
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(ctx))
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		level := slog.LevelInfo
		if rec.status >= 500 {
			level = slog.LevelError
		}
		attrs := []slog.Attr{
			slog.String("request_id", id),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Float64("latency_ms", float64(time.Since(start).Microseconds())/1000),
			slog.Int("bytes", rec.bytes),
			slog.String("remote", s.clientAddr(r)),
		}
		if st.user != nil {
			attrs = append(attrs, slog.String("user", st.user.Email))
		}
		s.log.LogAttrs(r.Context(), level, "request", attrs...)
	})
}

// recoverPanics turns a panic into the 500 page; the stack goes to the log, never to the user.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "request_id", requestID(r), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				s.serverError(w, r, fmt.Errorf("panic: %v", p))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// secure sets the headers every response carries and limits the request body.
func (s *Server) secure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "+
			"script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
		if !s.cfg.Server.Plaintext {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if r.ContentLength > s.cfg.Server.MaxBodyBytes {
			s.errorPage(w, r, http.StatusRequestEntityTooLarge, "Too much data",
				fmt.Sprintf("The request was larger than the %d MB this server accepts; nothing was saved.", s.cfg.Server.MaxBodyBytes>>20))
			return
		}
		if r.Body != nil {
			// Bodies without a declared length are cut off at the same limit while being read.
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.Server.MaxBodyBytes)
		}
		next.ServeHTTP(w, r)
	})
}

// protect checks the CSRF token of every state-changing request. On plain HTTP the request is
// marked as such, or gorilla/csrf compares the Origin against https:// and refuses every POST.
func (s *Server) protect(next http.Handler) http.Handler {
	h := s.csrf(next)
	if !s.cfg.Server.Plaintext {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, csrf.PlaintextHTTPRequest(r))
	})
}

func (s *Server) csrfFailed(w http.ResponseWriter, r *http.Request) {
	s.log.Warn("csrf rejected", "request_id", requestID(r), "reason", fmt.Sprint(csrf.FailureReason(r)))
	s.errorPage(w, r, http.StatusForbidden, "This form has expired",
		"The page was open too long or came from somewhere else, so it was not sent. Go back, reload the page and try again; nothing was changed.")
}

// require enforces a route's declared access level.
func (s *Server) require(access auth.Permission, next http.Handler) http.Handler {
	if access == auth.Public {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := state(r)
		if st.user == nil {
			s.toLogin(w, r, st.expired)
			return
		}
		if !st.user.Can(access) {
			s.forbidden(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// toLogin sends an anonymous visitor to the sign-in page and back afterwards. htmx requests get
// HX-Redirect, because a redirect followed inside an XHR would swap the login page into a panel.
func (s *Server) toLogin(w http.ResponseWriter, r *http.Request, expired bool) {
	target := "/login"
	next := r.URL.RequestURI()
	if r.Method != http.MethodGet || isHTMX(r) {
		next = r.Header.Get("HX-Current-URL")
		if u, err := url.Parse(next); err == nil {
			next = u.RequestURI()
		}
	}
	q := url.Values{}
	if safeNext(next) && next != "/" {
		q.Set("next", next)
	}
	if expired {
		q.Set("expired", "1")
	}
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	if isHTMX(r) {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// safeNext accepts only same-site paths, so ?next= cannot send anyone elsewhere: one leading
// slash, and no control characters, whitespace or backslashes (browsers drop tabs and
// newlines and read "/\t/host" or "/\\host" as another host).
func safeNext(next string) bool {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return false
	}
	return !strings.ContainsFunc(next, func(r rune) bool {
		return r == '\\' || unicode.IsControl(r) || unicode.IsSpace(r) || r == utf8.RuneError || unicode.In(r, unicode.Zl, unicode.Zp, unicode.Cf)
	})
}

func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// clientAddr is the address used for throttling and logs: the connection's peer, or the
// nearest proxy-reported client when the server sits behind a trusted proxy.
func (s *Server) clientAddr(r *http.Request) string {
	if s.cfg.Server.TrustProxy {
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
