package admin

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/csrf"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	views "orderdesk/templates/admin"
	"orderdesk/templates/layout"
)

func (s *Server) rolesPage(w http.ResponseWriter, r *http.Request) {
	form := views.RoleForm{}
	if code := r.URL.Query().Get("edit"); code != "" {
		custom, err := s.Store.Roles(r.Context())
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		i := slices.IndexFunc(custom, func(role auth.Role) bool { return role.Code == code })
		if i < 0 {
			s.NotFound(w, r)
			return
		}
		form = views.RoleForm{Code: code, Name: custom[i].Name, Editing: true}
		form.Permissions = permissionOptions(custom[i].Permissions)
	}
	s.renderRoles(w, r, http.StatusOK, form)
}

func (s *Server) renderRoles(w http.ResponseWriter, r *http.Request, status int, form views.RoleForm) {
	custom, err := s.Store.Roles(r.Context())
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	if form.Permissions == nil {
		form.Permissions = permissionOptions(nil)
	}
	v := views.Roles{Form: form, CSRFToken: csrf.Token(r)}
	for _, p := range auth.AllPermissions {
		v.Permissions = append(v.Permissions, string(p))
	}
	add := func(role auth.Role, builtin bool) {
		row := views.RoleRow{Code: role.Code, Name: role.Name, Builtin: builtin, EditURL: "/admin/roles?edit=" + role.Code}
		for _, p := range auth.AllPermissions {
			row.Grants = append(row.Grants, role.Has(p))
		}
		v.Rows = append(v.Rows, row)
	}
	for _, role := range auth.BuiltinRoles {
		add(role, true)
	}
	for _, role := range custom {
		add(role, false)
	}
	s.Page(w, r, status, "Roles", views.RolesPage(v))
}

// saveRole makes or changes a role administrators own.
func (s *Server) saveRole(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	role := auth.Role{Code: r.PostForm.Get("code"), Name: r.PostForm.Get("name")}
	role.Permissions = auth.ParsePermissions(strings.Join(r.PostForm["permission"], ","))
	err := s.Store.SaveRole(r.Context(), s.Actor(r), role)
	var fe order.Problems
	if errors.As(err, &fe) {
		custom, _ := s.Store.Roles(r.Context())
		editing := slices.ContainsFunc(custom, func(c auth.Role) bool { return c.Code == role.Code })
		s.renderRoles(w, r, http.StatusUnprocessableEntity, views.RoleForm{
			Code: role.Code, Name: role.Name, Editing: editing, Errors: fe,
			Permissions: permissionOptions(role.Permissions),
		})
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.Flash(w, r, layout.FlashSuccess, "Saved the role “"+role.Name+"”.")
	http.Redirect(w, r, "/admin/roles", http.StatusSeeOther)
}

func permissionOptions(granted []auth.Permission) []views.Option {
	out := make([]views.Option, 0, len(auth.AllPermissions))
	for _, p := range auth.AllPermissions {
		out = append(out, views.Option{Value: string(p), Label: string(p), Checked: slices.Contains(granted, p)})
	}
	return out
}
