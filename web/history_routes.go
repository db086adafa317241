package web

import "orderdesk/internal/auth"

// historyRoutes: the managers' history across orders, and one order's history.
func (s *Server) historyRoutes() []route {
	return []route{
		{pattern: "GET /history", access: auth.HistoryReadAll, handler: s.historyPage},
	}
}
