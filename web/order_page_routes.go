package web

import "orderdesk/internal/auth"

// orderPageRoutes: one order's page, its edits and its documents. Every edit is a plain POST
// form (redirect after save) that htmx turns into a partial update.
func (s *Server) orderPageRoutes() []route {
	return []route{
		{pattern: "GET /orders/{id}", access: auth.OrderRead, handler: s.orderPage},
		{pattern: "GET /orders/{id}/versions/{changeSet}", access: auth.OrderRead, handler: s.orderVersion},
		{pattern: "POST /orders/{id}/header", access: auth.OrderUpdate, handler: s.editHeader},
		{pattern: "POST /orders/{id}/cancel", access: auth.OrderUpdate, handler: s.cancelOrder},
		{pattern: "POST /orders/{id}/lines/{lineId}/edit", access: auth.OrderUpdate, handler: s.editLine},
		{pattern: "POST /orders/{id}/lines/{lineId}/remove", access: auth.OrderUpdate, handler: s.removeLine},
		{pattern: "POST /orders/{id}/addresses/{addressId}/edit", access: auth.OrderUpdate, handler: s.editAddress},
		{pattern: "POST /orders/{id}/custom-fields", access: auth.OrderUpdate, handler: s.editCustomFields},
		{pattern: "POST /orders/{id}/custom-fields/add", access: auth.OrderUpdate, handler: s.addCustomField},
		{pattern: "GET /orders/{id}/products", access: auth.OrderUpdate, handler: s.addProductsPage},
		{pattern: "POST /orders/{id}/lines", access: auth.OrderUpdate, handler: s.addLine},
		{pattern: "POST /orders/{id}/avatax/validate-address", access: auth.TaxManage, handler: s.validateAddress},
	}
}
