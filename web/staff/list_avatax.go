package staff

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"orderdesk/templates/layout"
	"orderdesk/web/base"
)

// sendToAvaTax queues the orders named (within the user's scopes) for AvaTax and goes back to
// the page the form was on: the order page's AvaTax panel. The list's ticked rows go through
// the bulk actions instead (bulk.go, desk.BulkAvaTax), one order at a time.
func (s *Server) sendToAvaTax(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	ids, err := s.Store.OrderIDsInScope(r.Context(), r.PostForm["id"], base.ViewerOf(base.State(r).User).Scope)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	back := "/orders"
	if ref, err := url.Parse(r.Referer()); err == nil && (ref.Path == "/orders" || strings.HasPrefix(ref.Path, "/orders/")) {
		back = ref.RequestURI() // the list, or the order page the panel was on
	}
	if len(ids) == 0 {
		s.Flash(w, r, layout.FlashWarning, "Tick the orders to send first.")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	n, err := s.Store.QueueAvaTax(r.Context(), s.Actor(r), ids)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	msg := fmt.Sprintf("Queued %d of %d orders for AvaTax.", n, len(ids))
	if n < len(ids) {
		msg += " The others belong to stores without AvaTax."
	}
	s.Flash(w, r, layout.FlashSuccess, msg)
	http.Redirect(w, r, back, http.StatusSeeOther)
}
