package admin

import (
	"net/http"

	"orderdesk/internal/auth"
	"orderdesk/templates/admin"
	"orderdesk/web/base"
)

// Routes: the admin index, accounts, roles, scopes, API keys, webhooks, the catalog and the
// currencies.
func (s *Server) Routes() []base.Route {
	return []base.Route{
		{Pattern: "GET /admin", Access: auth.AdminSettings, Handler: s.adminPage},
		{Pattern: "GET /admin/users", Access: auth.AdminUsers, Handler: s.usersPage},
		{Pattern: "POST /admin/users", Access: auth.AdminUsers, Handler: s.createUser},
		{Pattern: "GET /admin/users/{id}", Access: auth.AdminUsers, Handler: s.userPage},
		{Pattern: "POST /admin/users/{id}", Access: auth.AdminUsers, Handler: s.updateUser},
		{Pattern: "POST /admin/users/{id}/password", Access: auth.AdminUsers, Handler: s.resetPassword},
		{Pattern: "POST /admin/users/{id}/disable", Access: auth.AdminUsers, Handler: s.disableUser},
		{Pattern: "GET /admin/roles", Access: auth.AdminUsers, Handler: s.rolesPage},
		{Pattern: "POST /admin/roles", Access: auth.AdminUsers, Handler: s.saveRole},
		{Pattern: "GET /admin/api-keys", Access: auth.AdminAPIKeys, Handler: s.apiKeysPage},
		{Pattern: "POST /admin/api-keys", Access: auth.AdminAPIKeys, Handler: s.createAPIKey},
		{Pattern: "POST /admin/api-keys/{id}/revoke", Access: auth.AdminAPIKeys, Handler: s.revokeAPIKey},
		{Pattern: "GET /admin/catalog", Access: auth.AdminSettings, Handler: s.catalogPage},
		{Pattern: "POST /admin/catalog/import", Access: auth.AdminSettings, Handler: s.importCatalog},
		{Pattern: "GET /admin/currencies", Access: auth.AdminSettings, Handler: s.currenciesPage},
		{Pattern: "POST /admin/currencies", Access: auth.AdminSettings, Handler: s.createCurrency},
		{Pattern: "GET /admin/currencies/{code}", Access: auth.AdminSettings, Handler: s.currencyPage},
		{Pattern: "POST /admin/currencies/{code}", Access: auth.AdminSettings, Handler: s.updateCurrency},
		{Pattern: "GET /admin/stores", Access: auth.AdminSettings, Handler: s.storesPage},
		{Pattern: "POST /admin/stores/{id}", Access: auth.AdminSettings, Handler: s.saveStore},
		{Pattern: "GET /admin/tags", Access: auth.AdminSettings, Handler: s.tagsPage},
		{Pattern: "POST /admin/tags/{id}", Access: auth.AdminSettings, Handler: s.saveTag},
		{Pattern: "POST /admin/tags/{id}/delete", Access: auth.AdminSettings, Handler: s.deleteTag},
		{Pattern: "GET /admin/avatax", Access: auth.TaxManage, Handler: s.avataxPage},
		{Pattern: "POST /admin/avatax/{store}", Access: auth.TaxManage, Handler: s.saveAvaTax},
		{Pattern: "GET /admin/webhooks", Access: auth.AdminWebhooks, Handler: s.webhooksPage},
		{Pattern: "POST /admin/webhooks", Access: auth.AdminWebhooks, Handler: s.createSubscription},
		{Pattern: "POST /admin/webhooks/{id}/active", Access: auth.AdminWebhooks, Handler: s.setSubscriptionActive},
		{Pattern: "POST /admin/webhooks/deliveries/{id}/resend", Access: auth.AdminWebhooks, Handler: s.resendDelivery},
	}
}

// adminPage lists the admin sections the user's role opens.
func (s *Server) adminPage(w http.ResponseWriter, r *http.Request) {
	u := base.State(r).User
	var v admin.Index
	for _, sec := range []struct {
		need auth.Permission
		sec  admin.Section
	}{
		{auth.AdminUsers, admin.Section{Title: "Users and roles", URL: "/admin/users", What: "Accounts, roles, store scopes, password resets and each account's log."}},
		{auth.AdminAPIKeys, admin.Section{Title: "API keys", URL: "/admin/api-keys", What: "Keys other systems call the API with, each with a role and scopes."}},
		{auth.AdminWebhooks, admin.Section{Title: "Webhooks", URL: "/admin/webhooks", What: "Signed event deliveries to other systems, with the delivery log."}},
		{auth.AdminSettings, admin.Section{Title: "Catalog", URL: "/admin/catalog", What: "Products and price lists, imported from CSV."}},
		{auth.AdminSettings, admin.Section{Title: "Currencies", URL: "/admin/currencies", What: "The currencies orders may be in, with their decimal digits and rounding rules."}},
		{auth.AdminSettings, admin.Section{Title: "Stores", URL: "/admin/stores", What: "Each store's rule for field mode: whether a parcel may leave without a tracking number."}},
		{auth.AdminSettings, admin.Section{Title: "Tags", URL: "/admin/tags", What: "The tags orders carry: rename one everywhere, change its colour, delete an unused one."}},
		{auth.TaxManage, admin.Section{Title: "AvaTax", URL: "/admin/avatax", What: "Avalara AvaTax per store: credentials, commit status, ship-from address."}},
	} {
		if u.Can(sec.need) {
			v.Sections = append(v.Sections, sec.sec)
		}
	}
	s.Page(w, r, http.StatusOK, "Admin", admin.IndexPage(v))
}
