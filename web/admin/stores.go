package admin

import (
	"errors"
	"net/http"
	"slices"

	"github.com/gorilla/csrf"

	"orderdesk/internal/store"
	views "orderdesk/templates/admin"
	"orderdesk/templates/layout"
)

// storesPage lists the stores and whether each requires a tracking number to ship.
func (s *Server) storesPage(w http.ResponseWriter, r *http.Request) {
	list, err := s.Store.Stores(r.Context())
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	v := views.Stores{CSRFToken: csrf.Token(r)}
	for _, st := range list {
		v.Rows = append(v.Rows, views.StoreRow{ID: st.ID, Name: st.Name, Currency: st.DefaultCurrency, RequireTracking: st.RequireTracking})
	}
	s.Page(w, r, http.StatusOK, "Stores", views.StoresPage(v))
}

// saveStore sets whether the store requires a tracking number to ship (audited).
func (s *Server) saveStore(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	vals := r.PostForm["require_tracking"]
	if len(vals) == 0 || slices.ContainsFunc(vals, func(v string) bool { return v != "true" && v != "false" }) {
		s.ErrorPage(w, r, http.StatusUnprocessableEntity, "Bad setting", "Say whether a tracking number is required: true or false.")
		return
	}
	id := r.PathValue("id")
	require := slices.Contains(vals, "true")
	err := s.Store.SetStoreRequireTracking(r.Context(), s.Actor(r), id, require)
	if errors.Is(err, store.ErrStoreNotFound) {
		s.NotFound(w, r)
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	msg := id + " ships without a tracking number after asking."
	if require {
		msg = id + " requires a tracking number to ship."
	}
	s.Flash(w, r, layout.FlashSuccess, msg)
	http.Redirect(w, r, "/admin/stores", http.StatusSeeOther)
}
