package staff

import (
	"errors"
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/gorilla/csrf"

	"orderdesk/internal/auth"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/templates/layout"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// tagsBox is the order's tags box: its chips in their colours and, for those who may update
// orders, the add form with the dictionary's names.
func (s *Server) tagsBox(r *http.Request, o *order.CustomerOrder) (*orderpage.Tags, error) {
	dict, err := s.Store.TagChips(r.Context())
	if err != nil {
		return nil, err
	}
	colour := map[string]string{}
	for _, c := range dict {
		colour[strings.ToLower(c.Name)] = c.Colour
	}
	v := &orderpage.Tags{OrderID: o.ID, Edit: base.State(r).User.Can(auth.OrderUpdate), CSRF: csrf.Token(r)}
	for _, name := range o.Tags {
		v.Chips = append(v.Chips, orderpage.TagChip{Name: name, Colour: colour[strings.ToLower(name)]})
	}
	if v.Edit {
		for _, c := range dict {
			if !o.HasTag(c.Name) {
				v.Names = append(v.Names, c.Name)
			}
		}
	}
	return v, nil
}

// editTags adds the tags named in "add" (one name, or several separated by commas) and
// removes those in "remove", as one audited change set (desk.SetTags). htmx gets the tags box
// back; a plain form goes back to the order page. A bad name is answered 422 with the box (or
// the page) showing why, the name kept in the field.
func (s *Server) editTags(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !ids.Valid(id) {
		s.NotFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	o, ok := s.scopedOrder(w, r, id)
	if !ok {
		return
	}
	typed := r.PostForm.Get("add")
	var add []string
	for _, name := range strings.Split(typed, ",") {
		if strings.TrimSpace(name) != "" {
			add = append(add, name)
		}
	}
	remove := r.PostForm["remove"]
	if len(add) == 0 && len(remove) == 0 {
		s.tagsAnswer(w, r, http.StatusUnprocessableEntity, o, typed, "Type a tag to add.")
		return
	}
	saved, err := s.Desk.SetTagsOf(r.Context(), s.Actor(r), o, add, remove)
	var fe order.Problems
	switch {
	case errors.As(err, &fe):
		s.tagsAnswer(w, r, http.StatusUnprocessableEntity, o, typed, fe["tags"])
		return
	case errors.Is(err, order.ErrConflict):
		s.tagsAnswer(w, r, http.StatusConflict, o, typed, othersKeepSaving)
		return
	case err != nil:
		s.ServerError(w, r, err)
		return
	}
	if !base.IsHTMX(r) {
		s.Flash(w, r, layout.FlashSuccess, "Tags saved.")
		http.Redirect(w, r, "/orders/"+o.ID, http.StatusSeeOther)
		return
	}
	// The box, and out of band every panel a save moves (the header's version and modified
	// date, the latest changes), as an edit's answer does.
	v, err := s.livePage(r, saved, nil)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	parts := append([]templ.Component{orderpage.TagsBox(v.Tags)}, otherPanels(v, editForm{target: "order-tags"})...)
	s.Render(w, r, http.StatusOK, templ.Join(parts...))
}

// tagsAnswer renders the tags box (htmx) or the whole order page with it, with a message.
func (s *Server) tagsAnswer(w http.ResponseWriter, r *http.Request, status int, o *order.CustomerOrder, typed, message string) {
	if !base.IsHTMX(r) {
		v, err := s.livePage(r, o, nil)
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		v.Tags.Typed, v.Tags.Error = typed, message
		s.Page(w, r, status, "Order "+o.Number, orderpage.OrderPage(v))
		return
	}
	box, err := s.tagsBox(r, o)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	box.Typed, box.Error = typed, message
	s.Render(w, r, status, orderpage.TagsBox(box))
}
