package web

import "orderdesk/internal/auth"

// adminRoutes: accounts, roles, scopes, API keys, webhooks and the catalog.
func (s *Server) adminRoutes() []route {
	return []route{
		{pattern: "GET /admin/users", access: auth.AdminUsers, handler: s.usersPage},
		{pattern: "POST /admin/users", access: auth.AdminUsers, handler: s.createUser},
		{pattern: "GET /admin/users/{id}", access: auth.AdminUsers, handler: s.userPage},
		{pattern: "POST /admin/users/{id}", access: auth.AdminUsers, handler: s.updateUser},
		{pattern: "POST /admin/users/{id}/password", access: auth.AdminUsers, handler: s.resetPassword},
		{pattern: "POST /admin/users/{id}/disable", access: auth.AdminUsers, handler: s.disableUser},
		{pattern: "GET /admin/roles", access: auth.AdminUsers, handler: s.rolesPage},
		{pattern: "POST /admin/roles", access: auth.AdminUsers, handler: s.saveRole},
		{pattern: "GET /admin/api-keys", access: auth.AdminAPIKeys, handler: s.apiKeysPage},
		{pattern: "POST /admin/api-keys", access: auth.AdminAPIKeys, handler: s.createAPIKey},
		{pattern: "POST /admin/api-keys/{id}/revoke", access: auth.AdminAPIKeys, handler: s.revokeAPIKey},
		{pattern: "GET /admin/catalog", access: auth.AdminSettings, handler: s.catalogPage},
		{pattern: "POST /admin/catalog/import", access: auth.AdminSettings, handler: s.importCatalog},
		{pattern: "GET /admin/avatax", access: auth.TaxManage, handler: s.avataxPage},
		{pattern: "POST /admin/avatax/{store}", access: auth.TaxManage, handler: s.saveAvaTax},
		{pattern: "GET /admin/webhooks", access: auth.AdminWebhooks, handler: s.webhooksPage},
		{pattern: "POST /admin/webhooks", access: auth.AdminWebhooks, handler: s.createSubscription},
		{pattern: "POST /admin/webhooks/{id}/active", access: auth.AdminWebhooks, handler: s.setSubscriptionActive},
		{pattern: "POST /admin/webhooks/deliveries/{id}/resend", access: auth.AdminWebhooks, handler: s.resendDelivery},
	}
}
