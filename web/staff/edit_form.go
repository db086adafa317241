package staff

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"orderdesk/internal/merge"
	"orderdesk/internal/order"
	"orderdesk/templates/orderpage"
)

// editForm is one in-place form of an order page: its fields and where it sits.
type editForm struct {
	key       string // "header", "line:<id>", "addr:<id>", "cancel"
	domID     string
	action    string
	target    string // element the htmx answer replaces
	anchor    string // where a no-script save lands
	title     string
	submit    string
	errPrefix func(o *order.CustomerOrder) string // prefix of the store's field error keys
	fields    []input
	remove    string
	exists    func(o *order.CustomerOrder) bool
	// check, when set, runs rules the store does not on the edited order before it is saved;
	// its field errors use the store's keys (errPrefix + field).
	check func(o *order.CustomerOrder) error
}

// formState is a form as the user left it: their input, messages, a conflict or a saved note.
type formState struct {
	key        string
	version    int
	raw, orig  map[string]string
	errs       map[string]string
	theirs     map[string]string // canonical, conflicting fields only
	theirsBy   map[string]string
	formErr    string
	conflict   bool
	needReason bool
	reason     string
	reasonErr  string
	saved      string
	meanwhile  []orderpage.Entry
	preview    string // a computed amount shown before saving (refunds by line)
	// wantPreview asks the form's action to fill preview instead of saving.
	wantPreview bool
}

// editOptions are the choices the forms offer: statuses the order and lines may move to, and
// the people an order can be assigned to.
type editOptions struct {
	orderStatuses []orderpage.Option
	lineStatuses  map[string][]orderpage.Option
	assignees     []orderpage.Option
}

func editChoices(values []string, current string) []orderpage.Option {
	var out []orderpage.Option
	seen := false
	for _, v := range values {
		out = append(out, orderpage.Option{Value: v, Label: v})
		seen = seen || v == current
	}
	if !seen && current != "" {
		out = append([]orderpage.Option{{Value: current, Label: current}}, out...)
	}
	return out
}

// statusChoices are editChoices of statuses of type t: the stored value is posted, its label
// shown.
func statusChoices(rules order.StatusRules, t order.DocumentType, values []string, current string) []orderpage.Option {
	out := editChoices(values, current)
	for i := range out {
		out[i].Label = rules.Label(t, out[i].Value)
	}
	return out
}

func (s *Server) editOptions(ctx context.Context, o *order.CustomerOrder) (editOptions, error) {
	rules := s.Store.Rules().Statuses
	// Cancelling is its own form: it asks for a reason and requests the payments' cancellation
	// (order.CancelOrder), which setting the status alone would skip.
	var next []string
	for _, st := range rules.NextStatuses(order.TypeCustomerOrder, o.Status) {
		if st != order.OrderCancelled {
			next = append(next, st)
		}
	}
	eo := editOptions{orderStatuses: statusChoices(rules, order.TypeCustomerOrder, next, o.Status), lineStatuses: map[string][]orderpage.Option{}}
	for _, li := range o.Items {
		if next := rules.NextStatuses(order.TypeLineItem, li.Status); len(next) > 0 {
			eo.lineStatuses[li.ID] = append([]orderpage.Option{{Value: "", Label: "(none)"}}, statusChoices(rules, order.TypeLineItem, next, li.Status)...)
		}
	}
	users, err := s.Store.Users(ctx)
	if err != nil {
		return eo, fmt.Errorf("web: assignees: %w", err)
	}
	eo.assignees = []orderpage.Option{{Value: "", Label: "Nobody"}}
	known := o.EmployeeID == ""
	for _, u := range users {
		if u.DisabledAt != nil && u.ID != o.EmployeeID {
			continue
		}
		eo.assignees = append(eo.assignees, orderpage.Option{Value: u.ID, Label: cmp.Or(u.Name, u.Email)})
		known = known || u.ID == o.EmployeeID
	}
	if !known {
		eo.assignees = append(eo.assignees, orderpage.Option{Value: o.EmployeeID, Label: cmp.Or(o.EmployeeName, o.EmployeeID)})
	}
	return eo, nil
}

// withoutPrices drops price fields for users who may not see prices.
func withoutPrices(fs []input, showPrices bool) []input {
	if showPrices {
		return fs
	}
	var out []input
	for _, f := range fs {
		if !f.price {
			out = append(out, f)
		}
	}
	return out
}

func headerForm(o *order.CustomerOrder, eo editOptions, showPrices bool) editForm {
	return editForm{
		key: "header", domID: "edit-header", action: "/orders/" + o.ID + "/header", target: "header-panel",
		anchor: "p-header", title: "Edit order", submit: "Save order",
		errPrefix: func(*order.CustomerOrder) string { return "" },
		fields:    withoutPrices(headerFields(eo.orderStatuses, eo.assignees), showPrices),
		exists:    func(*order.CustomerOrder) bool { return true },
	}
}

func lineForm(o *order.CustomerOrder, lineID string, eo editOptions, showPrices bool) editForm {
	return editForm{
		key: "line:" + lineID, domID: "edit-line-" + lineID, action: "/orders/" + o.ID + "/lines/" + lineID + "/edit",
		target: "line-" + lineID, anchor: "doc-" + lineID, title: "Edit line", submit: "Save line",
		errPrefix: func(o *order.CustomerOrder) string {
			for i := range o.Items {
				if o.Items[i].ID == lineID {
					return "items[" + strconv.Itoa(i) + "]."
				}
			}
			return "items[?]."
		},
		fields: withoutPrices(lineFields(lineID, eo.lineStatuses[lineID]), showPrices),
		remove: "/orders/" + o.ID + "/lines/" + lineID + "/remove",
		exists: func(o *order.CustomerOrder) bool { return o.LineItem(lineID) != nil },
	}
}

func addressForm(o *order.CustomerOrder, addrID string) editForm {
	return editForm{
		key: "addr:" + addrID, domID: "edit-addr-" + addrID, action: "/orders/" + o.ID + "/addresses/" + addrID + "/edit",
		target: "addr-" + addrID, anchor: "p-addresses", title: "Edit address", submit: "Save address",
		errPrefix: func(o *order.CustomerOrder) string {
			for i := range o.Addresses {
				if o.Addresses[i].ID == addrID {
					return "addresses[" + strconv.Itoa(i) + "]."
				}
			}
			return "addresses[?]."
		},
		fields: addressFieldsOf(o, addrID),
		exists: func(o *order.CustomerOrder) bool { return o.Address(addrID) != nil },
	}
}

func cancelForm(o *order.CustomerOrder) editForm {
	return editForm{
		key: "cancel", domID: "cancel-order", action: "/orders/" + o.ID + "/cancel", target: "header-panel",
		anchor: "p-header", title: "Cancel order…", submit: "Cancel the order",
		errPrefix: func(*order.CustomerOrder) string { return "" },
		exists:    func(*order.CustomerOrder) bool { return true },
	}
}

// toView renders a form from the order, overlaid with the user's state when there is one.
func (ef editForm) toView(o *order.CustomerOrder, st *formState) orderpage.Form {
	cur := o.CurrencyRule()
	f := orderpage.Form{ID: ef.domID, Action: ef.action, Target: ef.target, Title: ef.title, Submit: ef.submit,
		Version: o.Version, RemoveAction: ef.remove}
	for _, fd := range ef.fields {
		v, _ := fd.get(o)
		in := orderpage.Input{Name: fd.name, Label: fd.label, Kind: fd.kind, Value: fd.show(v, cur), Orig: v, Options: fd.options}
		if st != nil {
			if raw, ok := st.raw[fd.name]; ok {
				in.Value = raw
			}
			if orig, ok := st.orig[fd.name]; ok {
				in.Orig = orig
			}
			in.Error = st.errs[fd.name]
			if by, ok := st.theirsBy[fd.name]; ok {
				in.Theirs, in.TheirsBy, in.Seen = fd.showTheirs(st.theirs[fd.name], cur), by, st.theirs[fd.name]
			}
		}
		f.Inputs = append(f.Inputs, in)
	}
	if ef.key == "cancel" {
		f.Danger, f.NeedReason = true, true
	}
	if st != nil {
		f.Version = st.version
		f.Error, f.Conflict = st.formErr, st.conflict
		f.NeedReason = f.NeedReason || st.needReason
		f.Reason, f.ReasonError = st.reason, st.reasonErr
		f.Saved, f.Meanwhile = st.saved, st.meanwhile
		f.Open = st.saved == "" && (st.formErr != "" || st.conflict || st.needReason || len(st.errs) > 0 || st.reasonErr != "")
	}
	return f
}

// noVersion answers a form that does not say which version of the order it was rendered from.
const noVersion = "This form did not say which version of the order it edits. Check the values and save again."

// readEditForm parses a posted edit form into a fresh state for the form key: the reason typed
// and the order version the form was rendered from; named is false when it names none (the
// state then holds current). ok is false when the body could not be read (answered).
func (s *Server) readEditForm(w http.ResponseWriter, r *http.Request, key string, current int) (st *formState, named, ok bool) {
	if err := r.ParseForm(); err != nil {
		s.ErrorPage(w, r, http.StatusBadRequest, "Unreadable form", "The form could not be read. Reload the page and try again.")
		return nil, false, false
	}
	st = &formState{key: key, raw: map[string]string{}, orig: map[string]string{}, errs: map[string]string{},
		theirs: map[string]string{}, theirsBy: map[string]string{}, reason: strings.TrimSpace(r.PostForm.Get("reason"))}
	v, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || v < 1 {
		st.version = current
		return st, false, true
	}
	st.version = v
	return st, true, true
}

// reasonGiven checks the reason a cancel form must give, naming what is cancelled.
func reasonGiven(what string) func(*order.CustomerOrder, *formState) bool {
	return func(_ *order.CustomerOrder, st *formState) bool {
		switch n := len([]rune(st.reason)); {
		case n == 0:
			st.reasonErr = "Say why the " + what + " is cancelled."
		case n > 500:
			st.reasonErr = "Keep the reason under 500 characters."
		}
		return st.reasonErr == ""
	}
}

// readEditValues reads the form's fields that were sent, strictly: each value as the field
// stores it, messages in st.errs, what was typed in st.raw and the originals in st.orig. A
// field left exactly as shown keeps its original, so it never counts as a change.
func readEditValues(ef editForm, form url.Values, st *formState, cur order.Currency) map[string]string {
	mine := map[string]string{}
	for _, fd := range ef.fields {
		vals, sent := form[fd.name]
		if !sent {
			continue // not part of this submission: left as it is
		}
		// A checkbox sends its hidden "false" first; browsers send textarea lines with CRLF.
		raw := strings.ReplaceAll(vals[len(vals)-1], "\r\n", "\n")
		st.raw[fd.name] = raw
		if orig, ok := form["orig."+fd.name]; ok {
			st.orig[fd.name] = orig[0]
			// Left exactly as shown: untouched, even where parsing would normalize it (spaces,
			// trailing zeros), so it can never count as a change over someone else's.
			if raw == fd.show(orig[0], cur) {
				mine[fd.name] = orig[0]
				continue
			}
		}
		v, err := fd.parseInput(raw)
		if err != nil {
			st.errs[fd.name] = err.Error()
			continue
		}
		mine[fd.name] = v
	}
	return mine
}

// preferOf is how the user resolved a conflict shown to them, if they did.
func preferOf(form url.Values) merge.Prefer {
	switch form.Get("resolve") {
	case "mine":
		return merge.Mine
	case "theirs":
		return merge.Theirs
	}
	return merge.Ask
}
