package web

// orderPageRoutes: one order's page, its edits and its documents.
func (s *Server) orderPageRoutes() []route {
	return []route{}
}
