package admin

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gorilla/csrf"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	views "orderdesk/templates/admin"
	"orderdesk/templates/layout"
	"orderdesk/web/base"
)

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) {
	form, err := s.userForm(r, auth.User{RoleCode: auth.RoleClerk})
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.renderUsers(w, r, http.StatusOK, form)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, form views.UserForm) {
	users, err := s.Store.Users(r.Context())
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	v := views.Users{New: form, CSRFToken: csrf.Token(r)}
	for _, u := range users {
		v.Rows = append(v.Rows, views.UserRow{
			ID: u.ID, Name: u.Name, Email: u.Email, Role: u.Role().Name, Scope: scopeText(u),
			LastLogin: lastLogin(u.LastLoginAt), Disabled: u.DisabledAt != nil,
		})
	}
	s.Page(w, r, status, "Users", views.UsersPage(v))
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	f := r.PostForm
	in := store.NewUser{Email: f.Get("email"), Name: strings.TrimSpace(f.Get("name")), Password: f.Get("password"), RoleCode: f.Get("role")}
	stores, assignedOnly := f["store"], f.Get("assigned_only") == "1"
	form, err := s.userForm(r, auth.User{Email: in.Email, Name: in.Name, RoleCode: in.RoleCode,
		ScopeStores: strings.Join(stores, ","), ScopeAssignedOnly: assignedOnly})
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	if problems := in.Validate(); len(problems) > 0 {
		form.Errors = problems
		s.renderUsers(w, r, http.StatusUnprocessableEntity, form)
		return
	}
	u, err := s.Store.CreateUser(r.Context(), s.Actor(r), in)
	var fe order.Problems
	switch {
	case errors.Is(err, auth.ErrEmailTaken):
		form.Errors = map[string]string{"email": "Another account has this e-mail address."}
	case errors.As(err, &fe):
		form.Errors = fe
	}
	if form.Errors != nil {
		s.renderUsers(w, r, http.StatusUnprocessableEntity, form)
		return
	}
	if err == nil {
		err = s.Store.SetUserScope(r.Context(), s.Actor(r), u.ID, stores, assignedOnly)
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.Flash(w, r, layout.FlashSuccess, "Added "+u.Email+".")
	http.Redirect(w, r, "/admin/users/"+u.ID, http.StatusSeeOther)
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request) {
	u, err := s.Store.User(r.Context(), r.PathValue("id"))
	if errors.Is(err, auth.ErrNotFound) {
		s.NotFound(w, r)
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.renderUser(w, r, http.StatusOK, u, nil)
}

// renderUser shows one account with its form (errs: per field, after a refused change).
func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, u auth.User, errs map[string]string) {
	form, err := s.userForm(r, u)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	form.Errors = errs
	events, err := s.Store.SecurityEvents(r.Context(), u.ID, 50)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	v := views.User{Form: form, Disabled: u.DisabledAt != nil, LastLogin: lastLogin(u.LastLoginAt),
		Created: u.CreatedAt.Format("2 Jan 2006"), CSRFToken: csrf.Token(r)}
	for _, e := range events {
		v.Events = append(v.Events, views.Event{
			When: e.OccurredAt.Format("2 Jan 2006 15:04"), Who: e.ActorLabel, What: e.Action, Detail: e.Detail,
		})
	}
	s.Page(w, r, status, u.Name, views.UserPage(v))
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request) {
	s.changeUser(w, r, func(u auth.User) error {
		f := r.PostForm
		if err := s.Store.UpdateUser(r.Context(), s.Actor(r), u.ID, f.Get("name"), f.Get("role")); err != nil {
			return err
		}
		return s.Store.SetUserScope(r.Context(), s.Actor(r), u.ID, f["store"], f.Get("assigned_only") == "1")
	}, "Saved.")
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	s.changeUser(w, r, func(u auth.User) error {
		return s.Store.SetUserPassword(r.Context(), s.Actor(r), u.ID, r.PostForm.Get("password"))
	}, "The password is set; the user was signed out everywhere.")
}

func (s *Server) disableUser(w http.ResponseWriter, r *http.Request) {
	disable := r.FormValue("disabled") == "1"
	msg := "The account is enabled again."
	if disable {
		msg = "The account is disabled and signed out everywhere."
	}
	s.changeUser(w, r, func(u auth.User) error {
		if disable && u.ID == base.State(r).User.ID {
			return order.Problems{"disabled": "You cannot disable your own account."}
		}
		return s.Store.SetUserDisabled(r.Context(), s.Actor(r), u.ID, disable)
	}, msg)
}

// changeUser is the shape of every account change: read the form and the account, apply the
// change, then back to the account's page with a message, or the form again with the problems.
func (s *Server) changeUser(w http.ResponseWriter, r *http.Request, change func(auth.User) error, done string) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	u, err := s.Store.User(r.Context(), r.PathValue("id"))
	if errors.Is(err, auth.ErrNotFound) {
		s.NotFound(w, r)
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	err = change(u)
	var fe order.Problems
	switch {
	case errors.As(err, &fe):
		if msg := fe["disabled"]; msg != "" {
			s.Flash(w, r, layout.FlashError, msg)
			http.Redirect(w, r, "/admin/users/"+u.ID, http.StatusSeeOther)
			return
		}
		s.renderUser(w, r, http.StatusUnprocessableEntity, u, fe)
		return
	case err != nil:
		s.ServerError(w, r, err)
		return
	}
	s.Flash(w, r, layout.FlashSuccess, done)
	http.Redirect(w, r, "/admin/users/"+u.ID, http.StatusSeeOther)
}

// userForm fills the role and store choices for an account.
func (s *Server) userForm(r *http.Request, u auth.User) (views.UserForm, error) {
	stores, err := s.StoresInScope(r)
	if err != nil {
		return views.UserForm{}, err
	}
	f := views.UserForm{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.RoleCode, AssignedOnly: u.ScopeAssignedOnly}
	custom, err := s.Store.Roles(r.Context())
	if err != nil {
		return views.UserForm{}, err
	}
	for _, role := range append(slices.Clone(auth.BuiltinRoles), custom...) {
		f.Roles = append(f.Roles, views.Option{Value: role.Code, Label: role.Name, Checked: role.Code == u.RoleCode})
	}
	scope := u.StoreScope()
	for _, st := range stores {
		f.Stores = append(f.Stores, views.Option{Value: st.ID, Label: st.Name, Checked: slices.Contains(scope, st.ID)})
	}
	return f, nil
}

func scopeText(u auth.User) string {
	var parts []string
	if stores := u.StoreScope(); len(stores) > 0 {
		parts = append(parts, "stores: "+strings.Join(stores, ", "))
	}
	if u.ScopeAssignedOnly {
		parts = append(parts, "only assigned orders")
	}
	if len(parts) == 0 {
		return "everything"
	}
	return strings.Join(parts, "; ")
}

func lastLogin(t *time.Time) string {
	if t == nil {
		return "never"
	}
	return t.Format("2 Jan 2006 15:04")
}
