package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"time"

	"github.com/gorilla/csrf"

	"orderdesk/internal/auth"
	"orderdesk/web/base"
)

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
		r, st := base.NewRequest(r, id)
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
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
			slog.String("remote", s.ClientAddr(r)),
		}
		if st.User != nil {
			attrs = append(attrs, slog.String("user", st.User.Email))
		}
		s.Log.LogAttrs(r.Context(), level, "request", attrs...)
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
				s.Log.Error("panic", "request_id", base.RequestID(r), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				s.ServerError(w, r, fmt.Errorf("panic: %v", p))
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
		if !s.Cfg.Server.Plaintext {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if r.ContentLength > s.Cfg.Server.MaxBodyBytes {
			s.ErrorPage(w, r, http.StatusRequestEntityTooLarge, "Too much data",
				fmt.Sprintf("The request was larger than the %d MB this server accepts; nothing was saved.", s.Cfg.Server.MaxBodyBytes>>20))
			return
		}
		if r.Body != nil {
			// Bodies without a declared length are cut off at the same limit while being read.
			r.Body = http.MaxBytesReader(w, r.Body, s.Cfg.Server.MaxBodyBytes)
		}
		next.ServeHTTP(w, r)
	})
}

// protect checks the CSRF token of every state-changing request. On plain HTTP the request is
// marked as such, or gorilla/csrf compares the Origin against https:// and refuses every POST.
func (s *Server) protect(next http.Handler) http.Handler {
	h := s.csrf(next)
	if !s.Cfg.Server.Plaintext {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, csrf.PlaintextHTTPRequest(r))
	})
}

func (s *Server) csrfFailed(w http.ResponseWriter, r *http.Request) {
	s.Log.Warn("csrf rejected", "request_id", base.RequestID(r), "reason", fmt.Sprint(csrf.FailureReason(r)))
	s.ErrorPage(w, r, http.StatusForbidden, "This form has expired",
		"The page was open too long or came from somewhere else, so it was not sent. Go back, reload the page and try again; nothing was changed.")
}

// require enforces a route's declared access level.
func (s *Server) require(access auth.Permission, next http.Handler) http.Handler {
	if access == auth.Public {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := base.State(r)
		if st.User == nil {
			s.toLogin(w, r, st.Expired)
			return
		}
		if !st.User.Can(access) {
			s.Forbidden(w, r)
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
	if r.Method != http.MethodGet || base.IsHTMX(r) {
		next = r.Header.Get("HX-Current-URL")
		if u, err := url.Parse(next); err == nil {
			next = u.RequestURI()
		}
	}
	q := url.Values{}
	if base.SafeNext(next) && next != "/" {
		q.Set("next", next)
	}
	if expired {
		q.Set("expired", "1")
	}
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	if base.IsHTMX(r) {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}
