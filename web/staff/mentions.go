package staff

import (
	"net/http"

	"orderdesk/internal/store"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// mentionsLimit is how many mentions the inbox lists.
const mentionsLimit = 100

// mentionsPage is the inbox of notes that mention the signed-in user, on orders in their
// scope, newest first; each links to its note on the order page, which marks it read.
func (s *Server) mentionsPage(w http.ResponseWriter, r *http.Request) {
	u := base.State(r).User
	list, err := s.Store.Mentions(r.Context(), u.ID, base.ViewerOf(u).Scope, mentionsLimit)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.Page(w, r, http.StatusOK, "Mentions", orderpage.MentionsPage(mentionsView(list)))
}

func mentionsView(list []store.Mention) orderpage.Mentions {
	var v orderpage.Mentions
	for _, m := range list {
		v.Items = append(v.Items, orderpage.MentionItem{
			Order: m.OrderNumber, Author: m.Author(), FirstLine: m.FirstLine, When: base.When(m.CreatedAt),
			URL: "/orders/" + m.OrderID + "#note-" + m.NoteID, Unread: m.ReadAt == nil,
		})
	}
	return v
}
