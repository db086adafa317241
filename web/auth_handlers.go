package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/csrf"

	"orderdesk/internal/store"
	"orderdesk/templates/layout"
	"orderdesk/templates/pages"
)

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if state(r).user != nil {
		http.Redirect(w, r, landing(next), http.StatusSeeOther)
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
		MaxPerAccount: s.cfg.Login.MaxFailuresPerAccount,
		MaxPerIP:      s.cfg.Login.MaxFailuresPerIP,
		Window:        s.cfg.Login.Window,
		Lockout:       s.cfg.Login.Lockout,
	}
	u, err := s.store.SignIn(r.Context(), policy, email, password, s.clientAddr(r))
	var throttled *store.ThrottledError
	switch {
	case errors.As(err, &throttled):
		wait := throttled.Until.Sub(s.now())
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
		s.serverError(w, r, err)
	default:
		if err := s.startSession(w, r, u); err != nil {
			s.serverError(w, r, err)
			return
		}
		http.Redirect(w, r, landing(v.Next), http.StatusSeeOther)
	}
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	u := state(r).user
	if err := s.store.SignOut(r.Context(), store.Actor{
		UserID: u.ID, Label: u.Email, Source: store.SourceDesk, RemoteAddr: s.clientAddr(r),
	}, s.sessionID(r)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.endSession(w, r, s.session(r))
	s.flash(w, r, layout.FlashSuccess, "You have signed out.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// accountPage shows who is signed in and offers to sign out on every device.
func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	u := state(r).user
	s.page(w, r, http.StatusOK, "Your account", pages.Account(pages.AccountView{
		Name: u.Name, Email: u.Email, Role: u.Role().Name, CSRFToken: csrf.Token(r),
	}))
}

// signOutEverywhere ends every session of the signed-in user, on every device and app server.
func (s *Server) signOutEverywhere(w http.ResponseWriter, r *http.Request) {
	u := state(r).user
	if err := s.store.RevokeSessions(r.Context(), s.actor(r), u.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.endSession(w, r, s.session(r))
	s.flash(w, r, layout.FlashSuccess, "You have signed out on every device.")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *Server) loginView(r *http.Request, email, next string) pages.Login {
	if !safeNext(next) {
		next = ""
	}
	return pages.Login{Email: email, Next: next, DemoHint: s.demoHint, CSRFToken: csrf.Token(r)}
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, v pages.Login) {
	p := layout.Page{Title: "Sign in", CSRFToken: v.CSRFToken, Flashes: s.takeFlashes(w, r)}
	s.render(w, r, status, wrap(layout.Bare(p), pages.LoginForm(v)))
}

// landing is where a successful sign-in goes: back to where the user was, else the order list.
func landing(next string) string {
	if safeNext(next) && next != "/" {
		return next
	}
	return "/orders"
}
