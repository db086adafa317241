package web

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
	return min(time.Minute, s.cfg.Session.IdleTimeout/10)
}

func (s *Server) session(r *http.Request) *sessions.Session {
	// A cookie that no longer decodes (rotated keys) yields a fresh session: treat it as such.
	sess, _ := s.sessions.Get(r, s.cfg.Session.CookieName)
	return sess
}

// withSession loads the signed-in user, enforcing the idle and absolute lifetimes and the
// session epoch.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess := s.session(r)
		uid, _ := sess.Values[keyUserID].(string)
		if uid == "" {
			next.ServeHTTP(w, r)
			return
		}
		st := state(r)
		now := s.now()
		issued, _ := sess.Values[keyIssued].(int64)
		seen, _ := sess.Values[keyLastSeen].(int64)
		epoch, _ := sess.Values[keyEpoch].(uint32)
		valid := now.Before(time.Unix(issued, 0).Add(s.cfg.Session.MaxLifetime)) &&
			now.Before(time.Unix(seen, 0).Add(s.cfg.Session.IdleTimeout))
		var user auth.User
		if valid {
			sid, _ := sess.Values[keySession].(string)
			var err error
			user, err = s.store.SessionUser(r.Context(), sid, uid)
			switch {
			case errors.Is(err, auth.ErrNotFound):
				valid = false
			case err != nil:
				s.serverError(w, r, err)
				return
			default:
				valid = user.DisabledAt == nil && user.SessionEpoch == epoch
			}
		}
		if !valid {
			st.expired = true
			s.endSession(w, r, sess)
			next.ServeHTTP(w, r)
			return
		}
		if now.Sub(time.Unix(seen, 0)) >= s.seenResolution() {
			sess.Values[keyLastSeen] = now.Unix()
			if err := sess.Save(r, w); err != nil {
				s.serverError(w, r, err)
				return
			}
		}
		st.user = &user
		next.ServeHTTP(w, r)
	})
}

// startSession signs u in on this browser.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u auth.User) error {
	sid, err := s.store.OpenSession(r.Context(), u.ID)
	if err != nil {
		return err
	}
	sess := s.session(r)
	// A new cookie from scratch: nothing from before sign-in carries over (session fixation).
	sess.Values = map[any]any{
		keySession:  sid,
		keyUserID:   u.ID,
		keyEpoch:    u.SessionEpoch,
		keyIssued:   s.now().Unix(),
		keyLastSeen: s.now().Unix(),
	}
	return sess.Save(r, w)
}

// endSession forgets who is signed in but keeps pending flash messages.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request, sess *sessions.Session) {
	for _, k := range []string{keyUserID, keyEpoch, keyIssued, keyLastSeen, keySession} {
		delete(sess.Values, k)
	}
	if err := sess.Save(r, w); err != nil {
		s.log.Warn("end session", "request_id", requestID(r), "err", err)
	}
}

// sessionID is the signed-in session's id ("" when none).
func (s *Server) sessionID(r *http.Request) string {
	sid, _ := s.session(r).Values[keySession].(string)
	return sid
}

// flash queues a message for the next page this browser shows.
func (s *Server) flash(w http.ResponseWriter, r *http.Request, kind, message string) {
	sess := s.session(r)
	sess.AddFlash(layout.Flash{Kind: kind, Message: message})
	if err := sess.Save(r, w); err != nil {
		s.log.Warn("save flash", "request_id", requestID(r), "err", err)
	}
}

// takeFlashes returns and clears the queued messages.
func (s *Server) takeFlashes(w http.ResponseWriter, r *http.Request) []layout.Flash {
	sess := s.session(r)
	raw := sess.Flashes()
	if len(raw) == 0 {
		return nil
	}
	if err := sess.Save(r, w); err != nil {
		s.log.Warn("clear flashes", "request_id", requestID(r), "err", err)
	}
	out := make([]layout.Flash, 0, len(raw))
	for _, f := range raw {
		if fl, ok := f.(layout.Flash); ok {
			out = append(out, fl)
		}
	}
	return out
}
