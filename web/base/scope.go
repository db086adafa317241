package base

import (
	"net/http"
	"slices"

	"orderdesk/internal/store"
)

// StoreInScope says whether the signed-in user's store scope holds storeID: the check every
// per-store settings page makes before it reads or writes that store's settings.
func StoreInScope(r *http.Request, storeID string) bool {
	scope := State(r).User.StoreScope()
	return len(scope) == 0 || slices.Contains(scope, storeID)
}

// StoresInScope lists the stores the signed-in user may see, for per-store settings and
// pickers.
func (s *Server) StoresInScope(r *http.Request) ([]store.StoreInfo, error) {
	all, err := s.Store.Stores(r.Context())
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(st store.StoreInfo) bool { return !StoreInScope(r, st.ID) }), nil
}
