package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/csrf"

	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	views "orderdesk/templates/admin"
	"orderdesk/templates/layout"
)

// tagsPage lists the tag dictionary with each tag's use, counted up to store.TagCountLimit.
func (s *Server) tagsPage(w http.ResponseWriter, r *http.Request) {
	s.renderTags(w, r, http.StatusOK, "", "", "", "")
}

// renderTags shows the list; failedID's row shows name and colour as typed, with message.
func (s *Server) renderTags(w http.ResponseWriter, r *http.Request, status int, failedID, name, colour, message string) {
	tags, err := s.Store.Tags(r.Context())
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	v := views.Tags{CSRFToken: csrf.Token(r)}
	for _, t := range tags {
		row := views.TagRow{ID: t.ID, Name: t.Name, Colour: t.Colour, Unused: t.Orders == 0,
			Uses: uses(t)}
		picked := t.Colour
		if t.ID == failedID {
			row.Name, row.Error, picked = name, message, colour
		}
		for _, c := range order.TagColours {
			row.Colours = append(row.Colours, views.Option{Value: c, Label: strings.ToUpper(c[:1]) + c[1:], Checked: c == picked})
		}
		v.Rows = append(v.Rows, row)
	}
	s.Page(w, r, status, "Tags", views.TagsPage(v))
}

// uses is a tag's count as the list writes counts: "10,000+" beyond the cap.
func uses(t store.Tag) string {
	n := strconv.Itoa(t.Orders)
	if t.Orders >= 1000 {
		n = n[:len(n)-3] + "," + n[len(n)-3:]
	}
	if t.More {
		n += "+"
	}
	return n
}

// saveTag renames a tag everywhere and sets its colour (store.SaveTag, audited once).
func (s *Server) saveTag(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !ids.Valid(id) {
		s.NotFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	name, colour := r.PostForm.Get("name"), r.PostForm.Get("colour")
	t, err := s.Store.SaveTag(r.Context(), s.Actor(r), id, name, colour)
	var fe order.Problems
	switch {
	case errors.Is(err, store.ErrTagNotFound):
		s.NotFound(w, r)
		return
	case errors.As(err, &fe):
		msg := fe["name"]
		if fe["colour"] != "" {
			msg = strings.TrimSpace(msg + " " + fe["colour"])
		}
		s.renderTags(w, r, http.StatusUnprocessableEntity, id, name, colour, msg)
		return
	case err != nil:
		s.ServerError(w, r, err)
		return
	}
	s.Flash(w, r, layout.FlashSuccess, "Saved tag "+t.Name+" ("+t.Colour+"): every order carrying it shows it so now.")
	http.Redirect(w, r, "/admin/tags", http.StatusSeeOther)
}

// deleteTag deletes a tag no order carries; a tag still in use is refused with 409.
func (s *Server) deleteTag(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !ids.Valid(id) {
		s.NotFound(w, r)
		return
	}
	t, err := s.Store.DeleteTag(r.Context(), s.Actor(r), id)
	switch {
	case errors.Is(err, store.ErrTagNotFound):
		s.NotFound(w, r)
		return
	case errors.Is(err, store.ErrTagInUse):
		s.ErrorPage(w, r, http.StatusConflict, "Tag in use", "Orders still carry this tag: remove it from them first, or rename it.")
		return
	case err != nil:
		s.ServerError(w, r, err)
		return
	}
	s.Flash(w, r, layout.FlashSuccess, "Deleted tag "+t.Name+".")
	http.Redirect(w, r, "/admin/tags", http.StatusSeeOther)
}
