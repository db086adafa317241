package base

import (
	"errors"
	"net/http"
	"time"

	"github.com/gorilla/sessions"

	"orderdesk/internal/auth"
	"orderdesk/templates/layout"
)

// Session cookie values. The cookie holds no more than who and since when; the user row is
// read on every request, so a disabled account or a raised session epoch takes effect at once.
const (
	keyUserID   = "uid"
	keyEpoch    = "epoch"
	keyIssued   = "iat"  // unix seconds: the absolute lifetime counts from here
	keyLastSeen = "seen" // unix seconds: the idle timeout counts from here
	keySession  = "sid"  // the sign-in's row in user_sessions: signing out ends it on the server
)

// Refreshing the last-seen time re-issues the cookie: at most once a minute, and at least
// ten times per idle timeout, so an active user is never timed out by the rounding.
func (s *Server) seenResolution() time.Duration {
	return min(time.Minute, s.Cfg.Session.IdleTimeout/10)
}

func (s *Server) Session(r *http.Request) *sessions.Session {
	// A cookie that no longer decodes (rotated keys) yields a fresh session: treat it as such.
	sess, _ := s.Sessions.Get(r, s.Cfg.Session.CookieName)
	return sess
}

// WithSession loads the signed-in user, enforcing the idle and absolute lifetimes and the
// session epoch.
func (s *Server) WithSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess := s.Session(r)
		uid, _ := sess.Values[keyUserID].(string)
		if uid == "" {
			next.ServeHTTP(w, r)
			return
		}
		st := State(r)
		now := s.Now()
		issued, _ := sess.Values[keyIssued].(int64)
		seen, _ := sess.Values[keyLastSeen].(int64)
		epoch, _ := sess.Values[keyEpoch].(uint32)
		valid := now.Before(time.Unix(issued, 0).Add(s.Cfg.Session.MaxLifetime)) &&
			now.Before(time.Unix(seen, 0).Add(s.Cfg.Session.IdleTimeout))
		var user auth.User
		if valid {
			sid, _ := sess.Values[keySession].(string)
			var err error
			user, err = s.Store.SessionUser(r.Context(), sid, uid)
			switch {
			case errors.Is(err, auth.ErrNotFound):
				valid = false
			case err != nil:
				s.ServerError(w, r, err)
				return
			default:
				valid = user.DisabledAt == nil && user.SessionEpoch == epoch
			}
		}
		if !valid {
			st.Expired = true
			s.EndSession(w, r, sess)
			next.ServeHTTP(w, r)
			return
		}
		if now.Sub(time.Unix(seen, 0)) >= s.seenResolution() {
			sess.Values[keyLastSeen] = now.Unix()
			if err := sess.Save(r, w); err != nil {
				s.ServerError(w, r, err)
				return
			}
		}
		st.User = &user
		next.ServeHTTP(w, r)
	})
}

// StartSession signs u in on this browser.
func (s *Server) StartSession(w http.ResponseWriter, r *http.Request, u auth.User) error {
	sid, err := s.Store.OpenSession(r.Context(), u.ID)
	if err != nil {
		return err
	}
	sess := s.Session(r)
	// A new cookie from scratch: nothing from before sign-in carries over (session fixation).
	sess.Values = map[any]any{
		keySession:  sid,
		keyUserID:   u.ID,
		keyEpoch:    u.SessionEpoch,
		keyIssued:   s.Now().Unix(),
		keyLastSeen: s.Now().Unix(),
	}
	return sess.Save(r, w)
}

// EndSession forgets who is signed in but keeps pending flash messages.
func (s *Server) EndSession(w http.ResponseWriter, r *http.Request, sess *sessions.Session) {
	for _, k := range []string{keyUserID, keyEpoch, keyIssued, keyLastSeen, keySession} {
		delete(sess.Values, k)
	}
	if err := sess.Save(r, w); err != nil {
		s.Log.Warn("end session", "request_id", RequestID(r), "err", err)
	}
}

// SessionID is the signed-in session's id ("" when none).
func (s *Server) SessionID(r *http.Request) string {
	sid, _ := s.Session(r).Values[keySession].(string)
	return sid
}

// Flash queues a message for the next page this browser shows.
func (s *Server) Flash(w http.ResponseWriter, r *http.Request, kind, message string) {
	sess := s.Session(r)
	sess.AddFlash(layout.Flash{Kind: kind, Message: message})
	if err := sess.Save(r, w); err != nil {
		s.Log.Warn("save flash", "request_id", RequestID(r), "err", err)
	}
}

// TakeFlashes returns and clears the queued messages.
func (s *Server) TakeFlashes(w http.ResponseWriter, r *http.Request) []layout.Flash {
	sess := s.Session(r)
	raw := sess.Flashes()
	if len(raw) == 0 {
		return nil
	}
	if err := sess.Save(r, w); err != nil {
		s.Log.Warn("clear flashes", "request_id", RequestID(r), "err", err)
	}
	out := make([]layout.Flash, 0, len(raw))
	for _, f := range raw {
		if fl, ok := f.(layout.Flash); ok {
			out = append(out, fl)
		}
	}
	return out
}
