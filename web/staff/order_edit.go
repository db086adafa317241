package staff

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/gorilla/csrf"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/ids"
	"orderdesk/internal/merge"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/layout"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
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
	fields    []editField
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
func withoutPrices(fs []editField, showPrices bool) []editField {
	if showPrices {
		return fs
	}
	var out []editField
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
	cur := order.CurrencyFor(o.Currency)
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

// editing builds every form of the live order page; st, when set, is the state of one of them.
func (s *Server) editing(r *http.Request, o *order.CustomerOrder, showPrices bool, st *formState) (*orderpage.Editing, error) {
	e := &orderpage.Editing{CSRF: csrf.Token(r), Version: o.Version}
	if o.IsReadOnly() {
		e.Locked = "This order is " + strings.ToLower(cmp.Or(o.Status, "locked")) +
			": its lines, prices and details can no longer be edited. Payments, refunds and returns stay open below."
		if o.IsCancelled {
			e.Locked = "This order is cancelled: it can no longer be edited."
		}
		return e, nil
	}
	eo, err := s.editOptions(r.Context(), o)
	if err != nil {
		return nil, err
	}
	pick := func(ef editForm) orderpage.Form {
		if st != nil && st.key == ef.key {
			return ef.toView(o, st)
		}
		return ef.toView(o, nil)
	}
	e.Header = pick(headerForm(o, eo, showPrices))
	if order.CanCancelOrder(o) == nil {
		c := pick(cancelForm(o))
		e.Cancel = &c
	}
	e.Lines = map[string]orderpage.Form{}
	for _, li := range o.Items {
		e.Lines[li.ID] = pick(lineForm(o, li.ID, eo, showPrices))
	}
	e.Addresses = map[string]orderpage.Form{}
	for _, a := range o.Addresses {
		e.Addresses[a.ID] = pick(addressForm(o, a.ID))
	}
	if cf := customForm(o); len(cf.fields) > 0 {
		f := pick(cf)
		e.Custom = &f
	}
	add := pick(addCustomForm(o))
	e.AddCustom = &add
	return e, nil
}

// livePage builds the whole live order page, with one form's state when st is set.
func (s *Server) livePage(r *http.Request, o *order.CustomerOrder, st *formState) (orderpage.Page, error) {
	ctx := r.Context()
	returns, err := s.Store.Returns(ctx, o.ID)
	if err != nil {
		return orderpage.Page{}, err
	}
	recent, err := s.Store.History(ctx, store.HistoryFilter{OrderID: o.ID, Limit: 5, ChangesPerSet: 40})
	if err != nil {
		return orderpage.Page{}, err
	}
	u := base.State(r).User
	showPrices := u.Can(auth.OrderReadPrices)
	v := orderView(o, returns, showPrices, s.Store.Rules().Statuses)
	v.Recent = recentEntries(recent.Sets, s.wording(r))
	if err := s.attachShipmentPhotos(ctx, &v, o.ID); err != nil {
		return orderpage.Page{}, err
	}
	if u.Can(auth.OrderUpdate) {
		if v.Edit, err = s.editing(r, o, showPrices, st); err != nil {
			return orderpage.Page{}, err
		}
	}
	v.Pay = s.paymentsPanel(r, o, returns, st)
	if v.Pay != nil {
		compactMoneyDocuments(v.Documents)
	}
	if err := s.shippingView(r, o, &v, st); err != nil {
		return orderpage.Page{}, err
	}
	if u.Can(auth.TaxManage) {
		if v.AvaTax, err = s.avataxPanel(r, o); err != nil {
			return orderpage.Page{}, err
		}
	}
	return v, nil
}

// Handlers: each names its form, then shares saveEdit.

func (s *Server) editHeader(w http.ResponseWriter, r *http.Request) {
	s.saveEdit(w, r, func(o *order.CustomerOrder, eo editOptions, showPrices bool) editForm {
		return headerForm(o, eo, showPrices)
	})
}

func (s *Server) editLine(w http.ResponseWriter, r *http.Request) {
	lineID := r.PathValue("lineId")
	if !ids.Valid(lineID) {
		s.NotFound(w, r)
		return
	}
	s.saveEdit(w, r, func(o *order.CustomerOrder, eo editOptions, showPrices bool) editForm {
		return lineForm(o, lineID, eo, showPrices)
	})
}

func (s *Server) editAddress(w http.ResponseWriter, r *http.Request) {
	addrID := r.PathValue("addressId")
	if !ids.Valid(addrID) {
		s.NotFound(w, r)
		return
	}
	s.saveEdit(w, r, func(o *order.CustomerOrder, _ editOptions, _ bool) editForm { return addressForm(o, addrID) })
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

// saveEdit is every field form's handler: parse the input strictly (messages at the fields,
// 422), merge it with what others saved since the form was rendered (merge.Decide: apply what
// only this user changed, stop at real conflicts and let the user choose), save through the
// store (which recalculates, validates, asks for reasons and records the change set), then
// answer with the changed part of the page, or a redirect without script.
func (s *Server) saveEdit(w http.ResponseWriter, r *http.Request, formFor func(*order.CustomerOrder, editOptions, bool) editForm) {
	id := r.PathValue("id")
	if !ids.Valid(id) {
		s.NotFound(w, r)
		return
	}
	o, ok := s.scopedOrder(w, r, id)
	if !ok {
		return
	}
	ctx := r.Context()
	showPrices := base.State(r).User.Can(auth.OrderReadPrices)
	eo, err := s.editOptions(ctx, o)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	ef := formFor(o, eo, showPrices)
	if !ef.exists(o) {
		s.ErrorPage(w, r, http.StatusConflict, "No longer on the order",
			"What this form edits was removed from the order, possibly by someone else. Nothing was saved.")
		return
	}
	st, named, ok := s.readEditForm(w, r, ef.key, o.Version)
	if !ok {
		return
	}
	if !named {
		st.formErr = noVersion
		s.answerForm(w, r, o, ef, st, http.StatusUnprocessableEntity)
		return
	}
	mine := readEditValues(ef, r.PostForm, st, order.CurrencyFor(o.Currency))
	if len(st.errs) > 0 {
		s.answerForm(w, r, o, ef, st, http.StatusUnprocessableEntity)
		return
	}
	s.mergeAndSave(w, r, o, ef, st, preferOf(r.PostForm),
		func(o *order.CustomerOrder) ([]merge.Field, error) {
			return mergeFields(ef, o, mine, st.orig, r.PostForm), nil
		},
		func(o *order.CustomerOrder, apply []merge.Field) { applyFields(ef, o, apply) })
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

// mergeFields sets up the three-way merge of each field sent: as the form showed it (orig;
// without one, the form edits what is stored now), as the user left it (mine) and as o holds
// it now.
func mergeFields(ef editForm, o *order.CustomerOrder, mine, orig map[string]string, form url.Values) []merge.Field {
	var fields []merge.Field
	for _, fd := range ef.fields {
		m, sent := mine[fd.name]
		if !sent {
			continue
		}
		theirs, present := fd.get(o)
		base, ok := orig[fd.name]
		if !ok {
			base = theirs
		}
		seen, shown := form["seen."+fd.name]
		f := merge.Field{Name: fd.name, Base: base, Mine: m, Theirs: theirs, Gone: !present, Shown: shown}
		if shown {
			f.Seen = seen[0]
		}
		fields = append(fields, f)
	}
	return fields
}

// applyFields sets the merged values on o.
func applyFields(ef editForm, o *order.CustomerOrder, apply []merge.Field) {
	for _, f := range apply {
		for _, fd := range ef.fields {
			if fd.name == f.Name {
				fd.set(o, f.Mine)
			}
		}
	}
}

// mergeAndSave runs the merge against the stored order and saves (desk.Edit: on a version race
// the merge runs again against the newer order).
func (s *Server) mergeAndSave(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, ef editForm, st *formState,
	prefer merge.Prefer, fieldsOf func(*order.CustomerOrder) ([]merge.Field, error), apply func(*order.CustomerOrder, []merge.Field)) {
	ctx := r.Context()
	actor := s.Actor(r)
	actor.Reason = st.reason
	var res merge.Result
	saved, o, err := s.Desk.Edit(ctx, actor, o, func(current, work *order.CustomerOrder) error {
		if current.IsReadOnly() {
			return errReadOnly
		}
		fields, err := fieldsOf(current)
		if err != nil {
			return err
		}
		if res = merge.Decide(fields, prefer); len(res.Conflicts) > 0 {
			return errMergeConflicts
		}
		apply(work, res.Apply)
		if ef.check != nil {
			return ef.check(work)
		}
		return nil
	})
	var refusal *desk.Refusal
	switch {
	case errors.Is(err, errReadOnly):
		st.formErr = readOnlyMessage(o)
		s.answerForm(w, r, o, ef, st, http.StatusConflict)
	case errors.Is(err, errMergeConflicts):
		if err := s.explainConflicts(ctx, o, ef, st, res.Conflicts); err != nil {
			s.ServerError(w, r, err)
			return
		}
		s.answerForm(w, r, o, ef, st, http.StatusConflict)
	case errors.Is(err, order.ErrConflict):
		st.formErr = othersKeepSaving
		s.answerForm(w, r, o, ef, st, http.StatusConflict)
	case errors.As(err, &refusal):
		st.formErr = refusal.Message
		s.answerForm(w, r, o, ef, st, http.StatusUnprocessableEntity)
	case err != nil:
		s.saveFailed(w, r, o, ef, st, err)
	default:
		s.saved(w, r, saved, ef, st, len(res.Kept) > 0)
	}
}

// othersKeepSaving answers a change that met someone else's save on every attempt.
const othersKeepSaving = "Others keep changing this order; nothing was saved. Try again."

// readOnlyMessage answers a change to an order that can no longer be edited.
func readOnlyMessage(o *order.CustomerOrder) string {
	return "This order can no longer be edited: it is " + strings.ToLower(o.Status) + ". Nothing was saved."
}

// errReadOnly and errMergeConflicts stop a merge-and-save attempt; mergeAndSave answers them.
var (
	errReadOnly       = errors.New("the order is read-only")
	errMergeConflicts = errors.New("fields changed by someone else")
)

// explainConflicts fills the form state with the other values and who set them, from the
// change sets saved since the form's version.
func (s *Server) explainConflicts(ctx context.Context, o *order.CustomerOrder, ef editForm, st *formState, conflicts []merge.Field) error {
	sets, err := s.NewerSets(ctx, o.ID, st.version)
	if err != nil {
		return err
	}
	st.conflict = true
	for _, c := range conflicts {
		if c.Gone {
			st.formErr = "What this form edits was removed meanwhile; your changes cannot be applied."
			continue
		}
		st.theirs[c.Name] = c.Theirs
		st.theirsBy[c.Name] = "someone else"
		for _, fd := range ef.fields {
			if fd.name != c.Name {
				continue
			}
			// The newest change set that touched the field says who and when.
			for i := len(sets) - 1; i >= 0; i-- {
				if base.Touches(sets[i], fd.path) {
					st.theirsBy[c.Name] = sets[i].Author() + " on " + base.When(sets[i].OccurredAt)
					break
				}
			}
		}
	}
	return nil
}

// saveFailed turns the store's answer into messages at the fields: a needed reason asks for
// one, field errors go beside their fields; the user's input stays in the form.
func (s *Server) saveFailed(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, ef editForm, st *formState, err error) {
	var fe order.FieldErrors
	if !errors.As(err, &fe) {
		s.ServerError(w, r, err)
		return
	}
	prefix := ef.errPrefix(o)
	var rest []string
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		msg := fe[k]
		switch {
		case k == "reason":
			st.needReason, st.reasonErr = true, msg
			continue
		case k == "cancelReason":
			st.reasonErr = msg
			continue
		}
		placed := false
		for _, fd := range ef.fields {
			if k == prefix+fd.name {
				st.errs[fd.name] = msg
				placed = true
			}
		}
		if !placed {
			rest = append(rest, humanKey(k)+": "+msg)
		}
	}
	if len(rest) > 0 {
		st.formErr = "Not saved. " + strings.Join(rest, "; ")
	}
	s.answerForm(w, r, o, ef, st, http.StatusUnprocessableEntity)
}

func humanKey(k string) string {
	if i := strings.LastIndex(k, "."); i >= 0 {
		k = k[i+1:]
	}
	return splitWords(k)
}

func splitWords(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	out := b.String()
	if out == "" {
		return out
	}
	return strings.ToUpper(out[:1]) + out[1:]
}

// saved answers a successful save: what else changed meanwhile (if the save was merged), then
// the changed part of the page, or a redirect without script.
func (s *Server) saved(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, ef editForm, st *formState, keptTheirs bool) {
	note := &formState{key: ef.key, version: o.Version, saved: "Saved."}
	if keptTheirs {
		note.saved = "Saved; where someone else's value differed, theirs was kept."
	}
	if o.Version-1 > st.version {
		sets, err := s.NewerSets(r.Context(), o.ID, st.version)
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		var others []store.ChangeSet
		for _, cs := range sets {
			if cs.Version < o.Version { // the last one is this save
				others = append(others, cs)
			}
		}
		if len(others) > 0 {
			note.saved = "Saved, merged with these changes made since the form was opened:"
			note.meanwhile = recentEntries(others, s.wording(r))
		}
	}
	if !base.IsHTMX(r) {
		// The note may end in a colon (a list follows on the page) or already in a full stop.
		s.Flash(w, r, layout.FlashSuccess, strings.TrimRight(note.saved, ":.")+".")
		http.Redirect(w, r, "/orders/"+o.ID+"#"+ef.anchor, http.StatusSeeOther)
		return
	}
	s.answerForm(w, r, o, ef, note, http.StatusOK)
}

// answerForm renders the form's part of the page with its state: with htmx the target and,
// out of band, the totals, badges, version and latest changes; without, the whole page.
func (s *Server) answerForm(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, ef editForm, st *formState, status int) {
	v, err := s.livePage(r, o, st)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	if !base.IsHTMX(r) {
		s.Page(w, r, status, "Order "+o.Number, orderpage.OrderPage(v))
		return
	}
	parts := append([]templ.Component{s.targetOf(v, ef, o)}, otherPanels(v, ef)...)
	s.Render(w, r, status, templ.Join(parts...))
}

// otherPanels are the out-of-band parts of an edit's answer: every panel of the page except
// the one the form's target lies in, so that after a save the whole page reads as a reload
// would (the line count, the header's "Modified", an address a shipment edit changed…).
// app.js leaves a panel alone while it holds a form the user has typed into.
func otherPanels(v orderpage.Page, ef editForm) []templ.Component {
	var parts []templ.Component
	add := func(box string, refresh bool, c func() templ.Component) {
		if refresh {
			parts = append(parts, orderpage.OOB(box, c()))
		}
	}
	inLines := strings.HasPrefix(ef.target, "line-")
	add("header-box", ef.target != "header-panel", func() templ.Component { return orderpage.HeaderPanel(v) })
	add("head-badges", true, func() templ.Component { return orderpage.HeadBadges(v.Header) })
	add("lines-box", !inLines, func() templ.Component { return orderpage.LinesPanel(v) })
	// A line's own answer replaces only its rows: the panel's count is sent on its own.
	add("lines-count", inLines, func() templ.Component { return templ.Raw(strconv.Itoa(len(v.Lines))) })
	add("documents-box", ef.target != "documents-box", func() templ.Component { return orderpage.DocumentsContent(v) })
	add("payments-box", v.Pay != nil && ef.target != moneyTarget, func() templ.Component { return orderpage.PaymentsPanel(*v.Pay) })
	add("comments-box", true, func() templ.Component { return orderpage.CommentsPanel(v.Comments) })
	add("custom-box", ef.target != "custom-panel", func() templ.Component { return orderpage.CustomPanel(v) })
	add("totals-box", v.ShowPrices, func() templ.Component { return orderpage.TotalsBox(v) })
	add("addresses-box", !strings.HasPrefix(ef.target, "addr-"), func() templ.Component {
		return orderpage.AddressesPanel(v.Addresses, v.Edit)
	})
	add("avatax-box", v.AvaTax != nil, func() templ.Component { return orderpage.AvaTaxBox(v.ID, v.AvaTax) })
	add("recent-box", true, func() templ.Component { return orderpage.RecentPanel(v.Recent, v.HistoryURL) })
	return parts
}

// targetOf is the element an htmx edit replaces.
func (s *Server) targetOf(v orderpage.Page, ef editForm, o *order.CustomerOrder) templ.Component {
	switch {
	case strings.HasPrefix(ef.key, "money:") && v.Pay != nil:
		return orderpage.PaymentsPanel(*v.Pay)
	case strings.HasPrefix(ef.key, "ship"):
		return orderpage.DocumentsBox(v)
	case strings.HasPrefix(ef.key, "line:"):
		id := strings.TrimPrefix(ef.key, "line:")
		for _, l := range v.Lines {
			if l.ID == id {
				return orderpage.LineRows(v.Edit, l, v.ShowPrices)
			}
		}
		return templ.NopComponent // removed: the rows go; otherPanels sends the line count
	case ef.key == "custom" || ef.key == "custom-add":
		return orderpage.CustomPanel(v)
	case strings.HasPrefix(ef.key, "addr:"):
		id := strings.TrimPrefix(ef.key, "addr:")
		for _, a := range v.Addresses {
			if a.ID == id {
				return orderpage.AddressBox(a, v.Edit)
			}
		}
		return templ.NopComponent
	}
	return orderpage.HeaderPanel(v)
}

// removeLine removes a line item. A line someone else removed meanwhile is simply gone; other
// changes made meanwhile are kept and listed.
func (s *Server) removeLine(w http.ResponseWriter, r *http.Request) {
	s.wholeEdit(w, r, func(o *order.CustomerOrder, eo editOptions, showPrices bool) editForm {
		return lineForm(o, r.PathValue("lineId"), eo, showPrices)
	}, func(o *order.CustomerOrder, st *formState) bool {
		return allowed(desk.RemoveLine(o.Clone(), r.PathValue("lineId")), st)
	}, func(o *order.CustomerOrder, _ *formState) {
		_ = desk.RemoveLine(o, r.PathValue("lineId")) // allowed() checked it on the order as stored
	})
}

// allowed says whether a rule let a change through; a refusal becomes the form's message.
func allowed(err error, st *formState) bool {
	var refusal *desk.Refusal
	if errors.As(err, &refusal) {
		st.formErr = refusal.Message
		return false
	}
	return true
}

// cancelOrder cancels the order with the reason given (Virto's cancel command, §3.4).
func (s *Server) cancelOrder(w http.ResponseWriter, r *http.Request) {
	s.wholeEdit(w, r, func(o *order.CustomerOrder, _ editOptions, _ bool) editForm { return cancelForm(o) },
		reasonGiven("order"), func(o *order.CustomerOrder, st *formState) {
			_ = order.CancelOrder(o, st.reason, s.Now()) // the reason was checked; a locked order never gets here
		})
}

// changedSince lists the audit paths of the form's fields whose stored value differs from the
// original the form was rendered with.
func changedSince(ef editForm, o *order.CustomerOrder, r *http.Request) []string {
	var out []string
	for _, fd := range ef.fields {
		orig, sent := r.PostForm["orig."+fd.name]
		if cur, ok := fd.get(o); sent && ok && cur != orig[0] {
			out = append(out, fd.path)
		}
	}
	return out
}

// wholeEdit is the handler of forms that act on the order as a whole (remove a line, cancel):
// no fields to merge, so the action applies to the order as stored now, and what others
// changed meanwhile is listed after the save.
func (s *Server) wholeEdit(w http.ResponseWriter, r *http.Request, formFor func(*order.CustomerOrder, editOptions, bool) editForm,
	valid func(*order.CustomerOrder, *formState) bool, act func(*order.CustomerOrder, *formState)) {
	id := r.PathValue("id")
	if !ids.Valid(id) || (r.PathValue("lineId") != "" && !ids.Valid(r.PathValue("lineId"))) {
		s.NotFound(w, r)
		return
	}
	o, ok := s.scopedOrder(w, r, id)
	if !ok {
		return
	}
	eo, err := s.editOptions(r.Context(), o)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	ef := formFor(o, eo, base.State(r).User.Can(auth.OrderReadPrices))
	st, named, ok := s.readEditForm(w, r, ef.key, o.Version)
	if !ok {
		return
	}
	if !named {
		st.formErr = noVersion
	}
	if !ef.exists(o) {
		// Already gone (someone removed the line): nothing left to do.
		s.saved(w, r, o, ef, st, false)
		return
	}
	if st.formErr != "" || !valid(o, st) {
		s.answerForm(w, r, o, ef, st, http.StatusUnprocessableEntity)
		return
	}
	// Removing a line someone changed after the form was rendered would throw their change
	// away unseen: say who changed it, and show the line as it is now; removing again (from
	// the fresh form) goes ahead.
	if changed := changedSince(ef, o, r); len(changed) > 0 {
		sets, err := s.NewerSets(r.Context(), o.ID, st.version)
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		who := "Someone"
		for i := len(sets) - 1; i >= 0 && who == "Someone"; i-- {
			for _, path := range changed {
				if base.Touches(sets[i], path) {
					who = sets[i].Author() + " (" + base.When(sets[i].OccurredAt) + ")"
					break
				}
			}
		}
		fresh := &formState{key: ef.key, version: o.Version,
			formErr: who + " changed this line after you opened it; it now shows their values. Remove it again to remove it anyway."}
		s.answerForm(w, r, o, ef, fresh, http.StatusConflict)
		return
	}
	s.mergeAndSave(w, r, o, ef, st, merge.Ask,
		func(*order.CustomerOrder) ([]merge.Field, error) { return nil, nil },
		func(o *order.CustomerOrder, _ []merge.Field) { act(o, st) })
}
