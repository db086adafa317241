package base

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"orderdesk/internal/auth"
	"orderdesk/internal/listing"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// LoadEditable loads an order the user may change; false means answered.
func (s *Server) LoadEditable(w http.ResponseWriter, r *http.Request) (*order.CustomerOrder, bool) {
	o, err := s.Store.Order(r.Context(), r.PathValue("id"))
	if errors.Is(err, order.ErrNotFound) || (err == nil && !State(r).User.InScope(o.StoreID, o.EmployeeID)) {
		s.NotFound(w, r)
		return nil, false
	}
	if err != nil {
		s.ServerError(w, r, err)
		return nil, false
	}
	return o, true
}

// Touches says whether the change set changed the field at path, or anything inside it (a
// custom field's path names the property; its changes are on its values).
func Touches(cs store.ChangeSet, path string) bool {
	for _, c := range cs.Changes {
		if c.Path == path || strings.HasPrefix(c.Path, path+".") || strings.HasPrefix(c.Path, path+"[") {
			return true
		}
	}
	return false
}

// NewerSets are the order's own change sets after version.
func (s *Server) NewerSets(ctx context.Context, orderID string, version int) ([]store.ChangeSet, error) {
	all, err := s.Store.OrderHistory(ctx, orderID)
	if err != nil {
		return nil, fmt.Errorf("web: history of %s: %w", orderID, err)
	}
	var out []store.ChangeSet
	for _, cs := range all {
		if cs.Aggregate == store.AggregateOrder && cs.Version > version {
			out = append(out, cs)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// CountLimit is where counting stops: beyond it the list says "10,000+". An exact count over a
// million orders would read them all.
const CountLimit = 10000

// CountText writes a count as lists show it: 1,234, or 10,000+ when counting stopped at the
// limit.
func CountText(n int, more bool) string {
	t := strconv.Itoa(n)
	for i := len(t) - 3; i > 0; i -= 3 {
		t = t[:i] + "," + t[i:]
	}
	if more {
		t += "+"
	}
	return t
}

// ViewerOf is who is looking at a list: for "mine", for prices and for the user's scopes.
func ViewerOf(u *auth.User) listing.Viewer {
	v := listing.Viewer{UserID: u.ID, ShowPrices: u.Can(auth.OrderReadPrices)}
	v.Scope.StoreIDs = u.StoreScope()
	if u.ScopeAssignedOnly {
		v.Scope.AssignedTo = u.ID
	}
	return v
}

// SoleExactMatch is the one row of a page that an order, document or tracking number matched
// exactly, if there is exactly one.
func SoleExactMatch(rows []store.ListRow) (store.ListRow, bool) {
	var found []store.ListRow
	for _, row := range rows {
		if row.Exact {
			found = append(found, row)
		}
	}
	if len(found) != 1 {
		return store.ListRow{}, false
	}
	return found[0], true
}

// When shows a moment in UTC, to the minute.
func When(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2 Jan 2006 15:04") + " UTC"
}

// IsNotFound reports whether err means the thing asked for does not exist.
func IsNotFound(err error) bool { return errors.Is(err, order.ErrNotFound) }

func PhotoURL(p store.PhotoRef) string { return "/orders/" + p.OrderID + "/photos/" + p.ID }
