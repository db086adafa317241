package staff

import (
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"orderdesk/internal/audit"
	"orderdesk/internal/desk"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/web/base"
)

// Payments, captures, refunds, returns and the money ledger on the order page. Every form is a
// plain POST that redirects; with htmx it swaps the payments panel and, out of band, the
// totals, documents, badges, version and latest changes (answerForm). The bounds are the
// domain's (order.CapturePayment, RefundPayment, RefundReturn, ValidateReturn); the store
// validates, numbers and audits every save.

// withReasonRule asks for a reason up front where [reasons] wants one: refunds and
// cancellations. The store enforces the same rules on every save.
func (s *Server) withReasonRule(mf moneyForm) moneyForm {
	return withReasonRule(mf, s.Store.Rules().Reasons)
}

func withReasonRule(mf moneyForm, rules audit.ReasonRules) moneyForm {
	mf.needReason = desk.NeedsReason(rules, mf.purpose)
	return mf
}

// moneyAct applies a form's input to work, a copy of current (the order as stored now), and
// says how to save it (nil: the order; the store validates, numbers and records the change
// set). Acts on returns save the return, with the order or alone.
type moneyAct func(current, work *order.CustomerOrder, in map[string]string, st *formState) (desk.Saver, error)

// moneyAction is the handler of the panel's forms that add or change documents: read every
// field strictly (messages at the fields, 422, the input kept), then act on the order as stored
// now; a save that meets someone else's is retried on the newer order.
func (s *Server) moneyAction(w http.ResponseWriter, r *http.Request, formFor func(o *order.CustomerOrder) (moneyForm, bool), act moneyAct) {
	id := r.PathValue("id")
	for _, p := range []string{"paymentId", "captureId", "refundId", "returnId"} {
		if v := r.PathValue(p); v != "" && !ids.Valid(v) {
			s.NotFound(w, r)
			return
		}
	}
	if !ids.Valid(id) {
		s.NotFound(w, r)
		return
	}
	o, ok := s.scopedOrder(w, r, id)
	if !ok {
		return
	}
	mf, ok := formFor(o)
	mf = s.withReasonRule(mf)
	if !ok || !mf.exists(o) {
		const msg = "what this form acts on is gone or can no longer take it, possibly after someone else's change. Nothing was saved"
		if !base.IsHTMX(r) {
			s.ErrorPage(w, r, http.StatusConflict, "Not possible now", strings.ToUpper(msg[:1])+msg[1:]+".")
			return
		}
		gone := editForm{key: "money:gone", target: moneyTarget, anchor: moneyTarget}
		s.answerForm(w, r, o, gone, &formState{key: gone.key, formErr: msg}, http.StatusConflict)
		return
	}
	// Money forms act on the order as it is now: a form without a version takes the current one.
	st, _, ok := s.readEditForm(w, r, mf.key, o.Version)
	if !ok {
		return
	}
	in := map[string]string{}
	for _, fd := range mf.fields {
		vals, sent := r.PostForm[fd.name]
		if !sent {
			continue
		}
		raw := strings.ReplaceAll(vals[len(vals)-1], "\r\n", "\n")
		st.raw[fd.name] = raw
		v, err := fd.parseInput(raw)
		if err != nil {
			st.errs[fd.name] = err.Error()
			continue
		}
		in[fd.name] = v
	}
	if mf.needReason && st.reason == "" && r.PostForm.Get("preview") == "" {
		st.reasonErr = "Say why; the reason is kept in the order's history."
	}
	if len(st.errs) > 0 || st.reasonErr != "" {
		s.answerForm(w, r, o, mf.editForm, st, http.StatusUnprocessableEntity)
		return
	}
	if mf.preview && r.PostForm.Get("preview") != "" {
		// Show what the form would do to the order as it is now; nothing is saved.
		st.wantPreview = true
		if _, err := act(o, o.Clone(), in, st); err != nil {
			s.moneyFailed(w, r, o, mf, st, err)
			return
		}
		s.answerForm(w, r, o, mf.editForm, st, http.StatusOK)
		return
	}
	by := s.Actor(r)
	by.Reason = st.reason
	saved, o, err := s.Desk.EditSaving(r.Context(), by, o, func(current, work *order.CustomerOrder) (desk.Saver, error) {
		return act(current, work, in, st)
	})
	if err != nil {
		s.moneyFailed(w, r, o, mf, st, err)
		return
	}
	s.saved(w, r, saved, mf.editForm, st, false)
}

// moneyFailed puts the domain's and the store's messages beside the form's fields: keys naming
// a field as it is (the domain's), or with the store's path prefix; "" is about the whole form.
func (s *Server) moneyFailed(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, mf moneyForm, st *formState, err error) {
	if s.refused(w, r, o, mf.editForm, st, err) {
		return
	}
	var fe order.Problems
	if !errors.As(err, &fe) {
		s.ServerError(w, r, err)
		return
	}
	has := map[string]bool{}
	for _, fd := range mf.fields {
		has[fd.name] = true
	}
	prefix := mf.errPrefix(o)
	rest := order.Problems{}
	var whole []string
	for _, k := range sortedKeys(fe) {
		msg := fe[k]
		name := strings.TrimPrefix(k, prefix)
		if strings.HasPrefix(name, "billingAddress.") && has["billing."+strings.TrimPrefix(name, "billingAddress.")] {
			name = "billing." + strings.TrimPrefix(name, "billingAddress.")
		}
		switch {
		case k == "" || k == "return" || k == "documents":
			whole = append(whole, msg)
		case has[name]:
			st.errs[name] = msg
		default:
			rest[k] = msg
		}
	}
	if len(whole) > 0 {
		st.formErr = "Not saved: " + strings.Join(whole, "; ") + "."
	}
	if len(rest) > 0 {
		s.saveFailed(w, r, o, mf.editForm, st, rest)
		return
	}
	s.answerForm(w, r, o, mf.editForm, st, http.StatusUnprocessableEntity)
}

func sortedKeys(fe order.Problems) []string {
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// lineCounts reads the per-line counts of a form ("<group>[<lineId>].quantity").
func lineCounts(o *order.CustomerOrder, in map[string]string, group string) map[string]int {
	out := map[string]int{}
	for _, li := range o.Items {
		if n, _ := strconv.Atoi(in[group+"["+li.ID+"].quantity"]); n > 0 {
			out[li.ID] = n
		}
	}
	return out
}

// fieldText is the message of a one-field error.
func fieldText(err error) string {
	var fe order.Problems
	if errors.As(err, &fe) {
		var msgs []string
		for _, k := range sortedKeys(fe) {
			msgs = append(msgs, fe[k])
		}
		return strings.Join(msgs, "; ")
	}
	return err.Error()
}
