package web

import "orderdesk/internal/auth"

// orderPageRoutes: one order's page, its edits and its documents.
func (s *Server) orderPageRoutes() []route {
	return []route{
		{pattern: "GET /orders/{id}", access: auth.OrderRead, handler: s.orderPage},
		{pattern: "GET /orders/{id}/versions/{changeSet}", access: auth.OrderRead, handler: s.orderVersion},
	}
}
