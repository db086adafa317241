package staff

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/gorilla/csrf"

	"orderdesk/internal/auth"
	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/layout"
	"orderdesk/templates/orderlist"
	"orderdesk/web/base"
)

// viewsPart answers the views bar's own request with counts; without htmx it is the page
// that lists and manages views.
func (s *Server) viewsPart(w http.ResponseWriter, r *http.Request) {
	lr, _ := s.parseList(r)
	if ref, err := url.Parse(r.Header.Get("HX-Current-URL")); err == nil && base.IsHTMX(r) {
		// Mark the view the list is showing.
		r2 := r.Clone(r.Context())
		r2.URL.RawQuery = ref.RawQuery
		lr, _ = s.parseList(r2)
	}
	bar, err := s.viewsBar(r, lr, true)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	if base.IsHTMX(r) {
		s.Render(w, r, http.StatusOK, orderlist.Views(bar))
		return
	}
	s.Page(w, r, http.StatusOK, "Views", orderlist.ViewsPage(bar, csrf.Token(r)))
}

// viewsBar lists the built-in and saved views; with counts, each counted up to base.CountLimit.
func (s *Server) viewsBar(r *http.Request, lr listRequest, counted bool) (orderlist.ViewsBar, error) {
	u := base.State(r).User
	saved, err := s.Store.Views(r.Context(), u.ID)
	if err != nil {
		return orderlist.ViewsBar{}, err
	}
	current := viewKey(lr.filter)
	bar := orderlist.ViewsBar{Loaded: counted}
	link := func(v listing.View) (orderlist.ViewLink, error) {
		vals, _ := url.ParseQuery(v.Query)
		f := listing.FromValues(vals)
		key := viewKey(f)
		l := orderlist.ViewLink{
			ID: v.ID, Name: v.Name, URL: listURL("/orders", f.Values()), Shared: v.Shared, Key: key,
			Current: key == current && current != "", CanDelete: v.DeletableBy(u.ID, mayDeleteShared(u)),
		}
		if v.Owner != "" && v.Owner != u.ID {
			l.Owner = v.OwnerName
		}
		if counted {
			q, _ := listing.Resolve(f, s.Now(), lr.viewer)
			n, more, err := s.Store.CountOrders(r.Context(), q, base.CountLimit)
			if err != nil {
				return l, err
			}
			l.Count = countText(n, more)
		}
		return l, nil
	}
	links := func(vs []listing.View) ([]orderlist.ViewLink, error) {
		out := make([]orderlist.ViewLink, 0, len(vs))
		for _, v := range vs {
			l, err := link(v)
			if err != nil {
				return nil, err
			}
			out = append(out, l)
		}
		return out, nil
	}
	if bar.Builtin, err = links(listing.BuiltinViews); err != nil {
		return bar, err
	}
	if bar.Saved, err = links(saved); err != nil {
		return bar, err
	}
	return bar, nil
}

// viewKey is what makes a filter the same view: everything but columns, sort and page size.
func viewKey(f listing.Filter) string {
	v := f.Values()
	v.Del("col")
	v.Del("sort")
	v.Del("n")
	return v.Encode()
}

// saveView stores the current filter as a named view, private or shared.
func (s *Server) saveView(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Bad form", "The form could not be read.")
		return
	}
	vals, _ := url.ParseQuery(r.PostForm.Get("query"))
	query := listing.FromValues(vals).Values().Encode() // only what the list understands
	v, err := s.Store.SaveView(r.Context(), s.Actor(r), listing.View{
		Name: r.PostForm.Get("name"), Query: query, Shared: r.PostForm.Get("shared") == "1",
	})
	var fe order.Problems
	if errors.As(err, &fe) {
		for _, msg := range fe {
			s.Flash(w, r, layout.FlashError, "The view was not saved: "+msg)
		}
		http.Redirect(w, r, listURL("/orders", vals), http.StatusSeeOther)
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	what := "Saved the view “" + v.Name + "”"
	if v.Shared {
		what += ", shared with the team"
	}
	s.Flash(w, r, layout.FlashSuccess, what+".")
	http.Redirect(w, r, listURL("/orders", vals), http.StatusSeeOther)
}

// mayDeleteShared: administrators may delete any shared view, not only their own.
func mayDeleteShared(u *auth.User) bool { return u.Can(auth.AdminSettings) }

// deleteView removes one of the user's views; administrators may remove any shared view.
func (s *Server) deleteView(w http.ResponseWriter, r *http.Request) {
	u := base.State(r).User
	err := s.Store.DeleteView(r.Context(), s.Actor(r), r.PathValue("id"), mayDeleteShared(u))
	if errors.Is(err, store.ErrViewNotFound) {
		s.NotFound(w, r)
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	s.Flash(w, r, layout.FlashSuccess, "The view was deleted.")
	http.Redirect(w, r, "/orders/views", http.StatusSeeOther)
}
