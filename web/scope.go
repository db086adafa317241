package web

import (
	"net/http"
	"slices"

	"orderdesk/internal/store"
)

// storeInScope says whether the signed-in user's store scope holds storeID: the check every
// per-store settings page makes before it reads or writes that store's settings.
func storeInScope(r *http.Request, storeID string) bool {
	scope := state(r).user.StoreScope()
	return len(scope) == 0 || slices.Contains(scope, storeID)
}

// storesInScope lists the stores the signed-in user may see, for per-store settings and
// pickers.
func (s *Server) storesInScope(r *http.Request) ([]store.StoreInfo, error) {
	all, err := s.store.Stores(r.Context())
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(st store.StoreInfo) bool { return !storeInScope(r, st.ID) }), nil
}
