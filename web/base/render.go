package base

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/a-h/templ"
	"github.com/gorilla/csrf"

	"orderdesk/internal/auth"
	"orderdesk/internal/policy"
	"orderdesk/internal/store"
	"orderdesk/templates/layout"
	"orderdesk/templates/pages"
)

// Render writes a component with a status. It renders into a buffer first, so a template
// error becomes a clean 500 page instead of half a page.
func (s *Server) Render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	buf := pageBuffers.Get().(*bytes.Buffer)
	defer putPageBuffer(buf)
	if err := c.Render(r.Context(), buf); err != nil {
		s.ServerError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Add("Vary", "HX-Request")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// pageBuffers keeps render's buffers between requests: a page is 30–70 KB, and growing a new
// buffer to that size for every request was a fifth of the server's allocations.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// putPageBuffer returns buf to the pool unless an unusually large page grew it.
func putPageBuffer(buf *bytes.Buffer) {
	if buf.Cap() > 1<<20 {
		return
	}
	buf.Reset()
	pageBuffers.Put(buf)
}

// Page renders body inside the signed-in shell.
func (s *Server) Page(w http.ResponseWriter, r *http.Request, status int, title string, body templ.Component) {
	p := s.PageFor(w, r, title)
	s.Render(w, r, status, Wrap(layout.Shell(p), body))
}

// PageFor builds the shell's data: navigation for the user's permissions, flashes, CSRF token.
func (s *Server) PageFor(w http.ResponseWriter, r *http.Request, title string) layout.Page {
	fieldMode := r.URL.Path == "/field" || strings.HasPrefix(r.URL.Path, "/field/")
	p := layout.Page{Title: title, CSRFToken: csrf.Token(r), Flashes: s.TakeFlashes(w, r), NoHTMX: fieldMode}
	u := State(r).User
	if u == nil {
		return p
	}
	p.User = &layout.User{Name: u.Name, Role: u.Role().Name}
	for _, item := range []struct {
		label, url, key string
		need            auth.Permission
	}{
		{"Orders", "/orders", "o", auth.OrderRead},
		{"History", "/history", "h", auth.HistoryReadAll},
		{"Dashboard", "/dashboard", "d", auth.DashboardRead},
		{"Field", "/field", "f", auth.OrderUpdateShipments},
		{"Admin", "/admin", "a", auth.AdminSettings},
	} {
		if u.Can(item.need) {
			p.Nav = append(p.Nav, layout.NavItem{Label: item.label, URL: item.url, Key: item.key, Current: r.URL.Path == item.url})
		}
	}
	if u.Can(auth.OrderRead) && !fieldMode {
		// One indexed count: the user's unread mentions on orders in their scope. A failure
		// leaves the link without its count rather than failing the page.
		n, err := s.Store.UnreadMentions(r.Context(), u.ID, ViewerOf(u).Scope)
		if err != nil {
			s.Log.Warn("unread mentions", "request_id", RequestID(r), "err", err)
		}
		p.Mentions = &layout.Mentions{Unread: n, Current: r.URL.Path == "/mentions"}
	}
	// The order list and field mode have their own, larger search boxes.
	p.Search = u.Can(auth.OrderRead) && r.URL.Path != "/orders" && !fieldMode
	return p
}

// Wrap renders body as the children of a shell component.
func Wrap(shell, body templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		return shell.Render(templ.WithChildren(ctx, body), w)
	})
}

func (s *Server) ErrorPage(w http.ResponseWriter, r *http.Request, status int, title, message string) {
	v := pages.Error{Status: status, Title: title, Message: message, SignedIn: State(r).User != nil}
	if status >= 500 {
		v.RequestID = RequestID(r)
	}
	if IsHTMX(r) {
		// An htmx call cannot show a page: put the message in the flash region instead.
		w.Header().Set("HX-Retarget", "#flashes")
		w.Header().Set("HX-Reswap", "outerHTML")
		s.Render(w, r, status, layout.Flashes([]layout.Flash{{Kind: layout.FlashError, Message: title + ". " + message}}))
		return
	}
	body := pages.ErrorBody(v)
	if v.SignedIn {
		s.Page(w, r, status, title, body)
		return
	}
	s.Render(w, r, status, Wrap(layout.Bare(layout.Page{Title: title, CSRFToken: csrf.Token(r)}), body))
}

func (s *Server) NotFound(w http.ResponseWriter, r *http.Request) {
	s.ErrorPage(w, r, http.StatusNotFound, "Page not found",
		"There is nothing at this address. It may have been mistyped, or the thing it showed was deleted.")
}

func (s *Server) Forbidden(w http.ResponseWriter, r *http.Request) {
	s.ErrorPage(w, r, http.StatusForbidden, "Not allowed",
		"Your role does not include this. An administrator can grant it if you need it.")
}

// ServerError logs err with the request id and shows a page that says only that id.
func (s *Server) ServerError(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() == context.Canceled {
		return // the client went away; nobody to show a page to
	}
	// A save refused by the change → permission table is the user's answer, not a fault.
	var forbidden *policy.ForbiddenChangeError
	if errors.As(err, &forbidden) {
		s.ErrorPage(w, r, http.StatusForbidden, "Not allowed", "This "+forbidden.Error()+". An administrator can grant it if you need it.")
		return
	}
	s.Log.Error("server error", "request_id", RequestID(r), "method", r.Method, "path", r.URL.Path, "err", err)
	if o, ok := Outage(err); ok {
		w.Header().Set("Retry-After", RetryAfterSeconds)
		s.ErrorPage(w, r, http.StatusServiceUnavailable, o.Title, o.Message)
		return
	}
	s.ErrorPage(w, r, http.StatusInternalServerError, "Something went wrong",
		"The desk could not finish this request and nothing was changed. Try again; if it keeps happening, give this reference to your administrator.")
}

// RetryAfterSeconds is the Retry-After of a 503: long enough for a restarted database or a
// fail-over to come back, short enough that a person retrying by hand is not kept waiting.
const RetryAfterSeconds = "5"

// OutageText is what a page or an API answer says when the database is the problem.
type OutageText struct{ Title, Message string }

// Outage tells a database that cannot be reached (nothing was changed) from a commit whose
// answer was lost (the change may have been saved), and both from a fault in the code.
func Outage(err error) (OutageText, bool) {
	switch {
	case errors.Is(err, store.ErrOutcomeUnknown):
		return OutageText{"The save may not have gone through",
			"The connection to the database was lost while this change was being saved, so it may or may not have been saved. " +
				"Reload the order and look at its history before trying again, so the change is not made twice."}, true
	case store.IsUnavailable(err):
		return OutageText{"The database cannot be reached",
			"The desk cannot reach its database right now, so nothing was changed. Try again in a few seconds; " +
				"if it keeps happening, tell your administrator."}, true
	}
	return OutageText{}, false
}
