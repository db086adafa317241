package account

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/csrf"

	"orderdesk/internal/auth"
	"orderdesk/internal/store"
	"orderdesk/templates/layout"
	"orderdesk/templates/pages"
	"orderdesk/web/base"
)

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if u := base.State(r).User; u != nil {
		http.Redirect(w, r, landing(next, *u), http.StatusSeeOther)
		return
	}
	v := s.loginView(r, "", next)
	if r.URL.Query().Get("expired") == "1" {
		v.Error = "Your session has ended. Please sign in again."
	}
	s.renderLogin(w, r, http.StatusOK, v)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	email := strings.TrimSpace(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	v := s.loginView(r, email, r.PostFormValue("next"))
	if email == "" || password == "" {
		v.Error = "Enter your e-mail address and password."
		s.renderLogin(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	policy := store.Throttle{
		MaxPerAccount: s.Cfg.Login.MaxFailuresPerAccount,
		MaxPerIP:      s.Cfg.Login.MaxFailuresPerIP,
		Window:        s.Cfg.Login.Window,
		Lockout:       s.Cfg.Login.Lockout,
	}
	u, err := s.Store.SignIn(r.Context(), policy, email, password, s.ClientAddr(r))
	var throttled *store.ThrottledError
	switch {
	case errors.As(err, &throttled):
		wait := throttled.Until.Sub(s.Now())
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		v.Error = fmt.Sprintf("Too many failed sign-in attempts for %s. Try again in %s.",
			map[bool]string{false: "this account", true: "this network address"}[throttled.PerAddress], minutes(wait))
		s.renderLogin(w, r, http.StatusTooManyRequests, v)
	case errors.Is(err, store.ErrBadCredentials):
		v.Error = "That e-mail address and password do not match an account."
		s.renderLogin(w, r, http.StatusUnauthorized, v)
	case errors.Is(err, store.ErrDisabled):
		v.Error = "This account is disabled. Ask an administrator to enable it."
		s.renderLogin(w, r, http.StatusForbidden, v)
	case err != nil:
		s.ServerError(w, r, err)
	default:
		if err := s.StartSession(w, r, u); err != nil {
			s.ServerError(w, r, err)
			return
		}
		http.Redirect(w, r, landing(v.Next, u), http.StatusSeeOther)
	}
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	u := base.State(r).User
	if err := s.Store.SignOut(r.Context(), store.Actor{
		UserID: u.ID, Label: u.Email, Source: store.SourceDesk, RemoteAddr: s.ClientAddr(r),
	}, s.SessionID(r)); err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.EndSession(w, r, s.Session(r))
	s.Flash(w, r, layout.FlashSuccess, "You have signed out.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// accountPage shows who is signed in and offers to sign out on every device.
func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	u := base.State(r).User
	s.Page(w, r, http.StatusOK, "Your account", pages.Account(pages.AccountView{
		Name: u.Name, Email: u.Email, Role: u.Role().Name, CSRFToken: csrf.Token(r),
	}))
}

// signOutEverywhere ends every session of the signed-in user, on every device and app server.
func (s *Server) signOutEverywhere(w http.ResponseWriter, r *http.Request) {
	u := base.State(r).User
	if err := s.Store.RevokeSessions(r.Context(), s.Actor(r), u.ID); err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.EndSession(w, r, s.Session(r))
	s.Flash(w, r, layout.FlashSuccess, "You have signed out on every device.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) loginView(r *http.Request, email, next string) pages.Login {
	if !base.SafeNext(next) {
		next = ""
	}
	return pages.Login{Email: email, Next: next, DemoHint: s.demoHint, CSRFToken: csrf.Token(r)}
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, v pages.Login) {
	p := layout.Page{Title: "Sign in", CSRFToken: v.CSRFToken, Flashes: s.TakeFlashes(w, r)}
	s.Render(w, r, status, base.Wrap(layout.Bare(p), pages.LoginForm(v)))
}

// landing is where a successful sign-in goes: back to where the user was, else field mode
// for field staff and the order list for everyone else.
func landing(next string, u auth.User) string {
	if base.SafeNext(next) && next != "/" {
		return next
	}
	if u.FieldFirst() {
		return "/field"
	}
	return "/orders"
}

// minutes says a wait in words: "1 minute", "14 minutes", "30 seconds".
func minutes(d time.Duration) string {
	switch m := int((d + time.Minute - 1) / time.Minute); {
	case d < time.Minute:
		return fmt.Sprintf("%d seconds", int((d+time.Second-1)/time.Second))
	case m == 1:
		return "1 minute"
	default:
		return fmt.Sprintf("%d minutes", m)
	}
}
