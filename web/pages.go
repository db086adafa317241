package web

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"orderdesk/web/base"
)

// health answers load balancers and monitors: 200 when the database answers, 503 otherwise.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.Store.Ping(ctx); err != nil {
		s.Log.Error("health check", "request_id", base.RequestID(r), "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, `{"status":"unavailable","database":"unreachable"}`)
		return
	}
	fmt.Fprint(w, `{"status":"ok","database":"ok"}`)
}
