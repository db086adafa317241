package staff

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"

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
	mine := readEditValues(ef, r.PostForm, st, o.CurrencyRule())
	if len(st.errs) > 0 {
		s.answerForm(w, r, o, ef, st, http.StatusUnprocessableEntity)
		return
	}
	s.mergeAndSave(w, r, o, ef, st, preferOf(r.PostForm),
		func(o *order.CustomerOrder) ([]merge.Field, error) {
			return mergeFields(ef, o, mine, st.orig, r.PostForm), nil
		},
		func(o *order.CustomerOrder, apply []merge.Field) error { applyFields(ef, o, apply); return nil })
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
	prefer merge.Prefer, fieldsOf func(*order.CustomerOrder) ([]merge.Field, error), apply func(*order.CustomerOrder, []merge.Field) error) {
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
		if err := apply(work, res.Apply); err != nil {
			return err
		}
		if ef.check != nil {
			return ef.check(work)
		}
		return nil
	})
	switch {
	case err == nil:
		s.saved(w, r, saved, ef, st, len(res.Kept) > 0)
	case errors.Is(err, errMergeConflicts):
		if err := s.explainConflicts(ctx, o, ef, st, res.Conflicts); err != nil {
			s.ServerError(w, r, err)
			return
		}
		s.answerForm(w, r, o, ef, st, http.StatusConflict)
	default:
		if !s.refused(w, r, o, ef, st, err) {
			s.saveFailed(w, r, o, ef, st, err)
		}
	}
}

// refused answers, in the form, the errors an edit's use case returns instead of saving: the
// order is read-only, others kept saving, a rule refused the change, what the form acts on is
// gone, or the document cannot be cancelled. False: err is none of these (field errors, or a
// fault), and the caller answers it.
func (s *Server) refused(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, ef editForm, st *formState, err error) bool {
	var refusal *desk.Refusal
	status := http.StatusConflict
	switch {
	case errors.Is(err, errReadOnly):
		st.formErr = readOnlyMessage(o)
	case errors.Is(err, order.ErrConflict):
		st.formErr = othersKeepSaving
	case errors.Is(err, desk.ErrGone):
		st.formErr = "What this form acts on is gone, possibly after someone else's change. Nothing was saved."
	case errors.As(err, &refusal):
		st.formErr, status = refusal.Message, http.StatusUnprocessableEntity
	case errors.Is(err, order.ErrAlreadyCancelled) || errors.Is(err, order.ErrNotCancellable):
		st.formErr, status = "Not possible: "+err.Error()+".", http.StatusUnprocessableEntity
	default:
		return false
	}
	s.answerForm(w, r, o, ef, st, status)
	return true
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
	var fe order.Problems
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
	add("recent-box", true, func() templ.Component { return orderpage.TimelinePanel(v.Timeline) })
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

// allowed says whether a rule let a change through; a refusal becomes the form's message.
func allowed(err error, st *formState) bool {
	var refusal *desk.Refusal
	if errors.As(err, &refusal) {
		st.formErr = refusal.Message
		return false
	}
	return true
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
	valid func(*order.CustomerOrder, *formState) bool, act func(*order.CustomerOrder, *formState) error) {
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
		func(o *order.CustomerOrder, _ []merge.Field) error { return act(o, st) })
}
