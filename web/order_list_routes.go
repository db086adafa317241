package web

import "orderdesk/internal/auth"

// orderListRoutes: the order list, its search, saved views and CSV export.
func (s *Server) orderListRoutes() []route {
	return []route{
		{pattern: "GET /orders", access: auth.OrderRead, handler: s.ordersPage},
	}
}
