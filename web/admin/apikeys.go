package admin

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/csrf"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	views "orderdesk/templates/admin"
	"orderdesk/templates/layout"
)

func (s *Server) apiKeysPage(w http.ResponseWriter, r *http.Request) {
	form, err := s.userForm(r, auth.User{RoleCode: auth.RoleViewer})
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.renderAPIKeys(w, r, http.StatusOK, views.APIKeys{Form: form})
}

func (s *Server) renderAPIKeys(w http.ResponseWriter, r *http.Request, status int, v views.APIKeys) {
	keys, err := s.Store.APIKeys(r.Context())
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	v.CSRFToken = csrf.Token(r)
	now := s.Now()
	for _, k := range keys {
		holder := auth.User{RoleCode: k.RoleCode, ScopeStores: k.ScopeStores, ScopeAssignedOnly: k.ScopeAssignedOnly}
		row := views.APIKeyRow{
			ID: k.ID, Name: k.Name, Prefix: k.Prefix, Role: k.RoleCode, Scope: scopeText(holder),
			Created: k.CreatedAt.Format("2 Jan 2006") + " by " + k.CreatedBy, LastUsed: lastLogin(k.LastUsedAt),
			Expires: "never", Revoked: k.RevokedAt != nil,
		}
		if k.ExpiresAt != nil {
			row.Expires = k.ExpiresAt.Format("2 Jan 2006 15:04")
		}
		switch {
		case k.RevokedAt != nil:
		case k.MakerDisabled:
			row.Stopped = "Maker disabled"
		case k.ExpiresAt != nil && !now.Before(*k.ExpiresAt):
			row.Stopped = "Expired"
		}
		v.Rows = append(v.Rows, row)
	}
	s.Page(w, r, status, "API keys", views.APIKeysPage(v))
}

// createAPIKey makes a key and shows it on the answer itself, once: it is never stored, and
// a flash message would put it in a cookie.
func (s *Server) createAPIKey(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	f := r.PostForm
	name, role, stores, mine := strings.TrimSpace(f.Get("name")), f.Get("role"), f["store"], f.Get("assigned_only") == "1"
	in := store.NewAPIKey{Name: name, RoleCode: role, StoreIDs: stores, AssignedOnly: mine}
	expires, expiresErr := keyExpiry(f.Get("expires"))
	in.ExpiresAt = expires
	var token string
	var k store.APIKey
	err := expiresErr
	if err == nil {
		token, k, err = s.Store.CreateAPIKey(r.Context(), s.Actor(r), in)
	}
	form, ferr := s.userForm(r, auth.User{Name: name, RoleCode: role, ScopeStores: strings.Join(stores, ","), ScopeAssignedOnly: mine})
	if ferr != nil {
		s.ServerError(w, r, ferr)
		return
	}
	form.Expires = f.Get("expires")
	var fe order.Problems
	switch {
	case errors.As(err, &fe):
		form.Errors = fe
		s.renderAPIKeys(w, r, http.StatusUnprocessableEntity, views.APIKeys{Form: form})
		return
	case err != nil:
		s.ServerError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	fresh, _ := s.userForm(r, auth.User{RoleCode: auth.RoleViewer})
	s.renderAPIKeys(w, r, http.StatusCreated, views.APIKeys{Form: fresh, NewKey: token, NewName: k.Name})
}

// keyExpiry reads the form's expiry day (YYYY-MM-DD, empty for none): the key works until the
// end of that day, UTC.
func keyExpiry(day string) (*time.Time, error) {
	day = strings.TrimSpace(day)
	if day == "" {
		return nil, nil
	}
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return nil, order.Problems{"expires": "Give the last day the key works as a date, e.g. 2027-03-31."}
	}
	end := d.AddDate(0, 0, 1)
	return &end, nil
}

func (s *Server) revokeAPIKey(w http.ResponseWriter, r *http.Request) {
	err := s.Store.RevokeAPIKey(r.Context(), s.Actor(r), r.PathValue("id"))
	if errors.Is(err, store.ErrBadAPIKey) {
		s.NotFound(w, r)
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.Flash(w, r, layout.FlashSuccess, "The key is revoked; calls with it are refused from now on.")
	http.Redirect(w, r, "/admin/api-keys", http.StatusSeeOther)
}
