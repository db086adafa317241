package web

import "orderdesk/internal/auth"

// historyRoutes: the managers' history across orders, and one order's history.
func (s *Server) historyRoutes() []route {
	return []route{
		{pattern: "GET /history", access: auth.HistoryReadAll, handler: s.historyAcross},
		{pattern: "GET /history.csv", access: auth.HistoryReadAll, handler: s.historyCSV},
		{pattern: "GET /orders/{id}/history", access: auth.OrderRead, handler: s.orderHistory},
		{pattern: "GET /orders/{id}/compare", access: auth.OrderRead, handler: s.orderCompare},
	}
}
