package web

import "orderdesk/internal/auth"

// orderListRoutes: the order list, its search, saved views and CSV export.
func (s *Server) orderListRoutes() []route {
	return []route{
		{pattern: "GET /orders", access: auth.OrderRead, handler: s.ordersPage},
		{pattern: "GET /orders/export.csv", access: auth.OrderRead, handler: s.exportOrders},
		{pattern: "GET /orders/views", access: auth.OrderRead, handler: s.viewsPart},
		{pattern: "POST /orders/views", access: auth.OrderRead, handler: s.saveView},
		{pattern: "POST /orders/views/{id}/delete", access: auth.OrderRead, handler: s.deleteView},
		{pattern: "POST /orders/avatax", access: auth.TaxManage, handler: s.sendToAvaTax},
	}
}
