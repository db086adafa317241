package web

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"orderdesk/internal/auth"
	"orderdesk/templates/admin"
	"orderdesk/templates/layout"
)

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/orders", http.StatusSeeOther)
}

// shortcutsPage lists the keyboard shortcuts; the footer link opens the same list in a dialog
// when script runs.
func (s *Server) shortcutsPage(w http.ResponseWriter, r *http.Request) {
	p := s.pageFor(w, r, "Keyboard shortcuts")
	s.render(w, r, http.StatusOK, wrap(layout.Shell(p), layout.ShortcutsPage(p.Nav)))
}

// adminPage lists the admin sections the user's role opens.
func (s *Server) adminPage(w http.ResponseWriter, r *http.Request) {
	u := state(r).user
	var v admin.Index
	for _, sec := range []struct {
		need auth.Permission
		sec  admin.Section
	}{
		{auth.AdminUsers, admin.Section{Title: "Users and roles", URL: "/admin/users", What: "Accounts, roles, store scopes, password resets and each account's log."}},
		{auth.AdminAPIKeys, admin.Section{Title: "API keys", URL: "/admin/api-keys", What: "Keys other systems call the API with, each with a role and scopes."}},
		{auth.AdminWebhooks, admin.Section{Title: "Webhooks", URL: "/admin/webhooks", What: "Signed event deliveries to other systems, with the delivery log."}},
		{auth.AdminSettings, admin.Section{Title: "Catalog", URL: "/admin/catalog", What: "Products and price lists, imported from CSV."}},
		{auth.TaxManage, admin.Section{Title: "AvaTax", URL: "/admin/avatax", What: "Avalara AvaTax per store: credentials, commit status, ship-from address."}},
	} {
		if u.Can(sec.need) {
			v.Sections = append(v.Sections, sec.sec)
		}
	}
	s.page(w, r, http.StatusOK, "Admin", admin.IndexPage(v))
}

// health answers load balancers and monitors: 200 when the database answers, 503 otherwise.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.store.Ping(ctx); err != nil {
		s.log.Error("health check", "request_id", requestID(r), "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `{"status":"unavailable","database":"unreachable"}`)
		return
	}
	fmt.Fprint(w, `{"status":"ok","database":"ok"}`)
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
