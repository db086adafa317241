package staff

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/csrf"
	"github.com/shopspring/decimal"

	"orderdesk/internal/audit"
	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/templates/orderpage"
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
	switch {
	case errors.Is(err, order.ErrConflict):
		st.formErr = othersKeepSaving
		s.answerForm(w, r, o, mf.editForm, st, http.StatusConflict)
	case err != nil:
		s.moneyFailed(w, r, o, mf, st, err)
	default:
		s.saved(w, r, saved, mf.editForm, st, false)
	}
}

// moneyFailed puts the domain's and the store's messages beside the form's fields: keys naming
// a field as it is (the domain's), or with the store's path prefix; "" is about the whole form.
func (s *Server) moneyFailed(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, mf moneyForm, st *formState, err error) {
	var fe order.FieldErrors
	var refusal *desk.Refusal
	if !errors.As(err, &fe) {
		if errors.As(err, &refusal) {
			st.formErr = refusal.Message
			s.answerForm(w, r, o, mf.editForm, st, http.StatusUnprocessableEntity)
			return
		}
		if errors.Is(err, desk.ErrGone) {
			st.formErr = "What this form acts on is gone, possibly after someone else's change. Nothing was saved."
			s.answerForm(w, r, o, mf.editForm, st, http.StatusConflict)
			return
		}
		if errors.Is(err, order.ErrAlreadyCancelled) || errors.Is(err, order.ErrNotCancellable) {
			st.formErr = "Not possible: " + err.Error() + "."
			s.answerForm(w, r, o, mf.editForm, st, http.StatusUnprocessableEntity)
			return
		}
		s.ServerError(w, r, err)
		return
	}
	has := map[string]bool{}
	for _, fd := range mf.fields {
		has[fd.name] = true
	}
	prefix := mf.errPrefix(o)
	rest := order.FieldErrors{}
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

func sortedKeys(fe order.FieldErrors) []string {
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

// Payments.

func (s *Server) paymentStatusOptions(p *order.PaymentIn) []orderpage.Option {
	return paymentStatusOptions(s.Store.Rules().Statuses, p)
}

// paymentStatusOptions are the statuses a payment may move to, its own first.
func paymentStatusOptions(rules order.StatusRules, p *order.PaymentIn) []orderpage.Option {
	return statusChoices(rules, order.TypePaymentIn, rules.NextStatuses(order.TypePaymentIn, p.Status), p.Status)
}

func (s *Server) newPayment(w http.ResponseWriter, r *http.Request) {
	rules := s.Store.Rules().Statuses
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		ok := !o.IsReadOnly() && base.State(r).User.Can(auth.OrderReadPrices)
		return newPaymentForm(o, statusChoices(rules, order.TypePaymentIn, rules.Statuses(order.TypePaymentIn), ""), rules.InitialStatus(order.TypePaymentIn)), ok
	}, func(_, o *order.CustomerOrder, in map[string]string, _ *formState) (desk.Saver, error) {
		p := order.NewPayment(o, rules)
		o.InPayments = append(o.InPayments, p)
		for _, fd := range paymentDocFields(p.ID, nil) {
			if v, ok := in[fd.name]; ok {
				fd.set(o, v)
			}
		}
		for _, fd := range billingFields(p.ID) {
			fd.set(o, in["billing."+fd.name])
		}
		return nil, nil
	})
}

func (s *Server) editPayment(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("paymentId")
	if !ids.Valid(pid) {
		s.NotFound(w, r)
		return
	}
	s.saveEdit(w, r, func(o *order.CustomerOrder, _ editOptions, showPrices bool) editForm {
		var opts []orderpage.Option
		if p := o.Payment(pid); p != nil {
			opts = s.paymentStatusOptions(p)
		}
		return paymentEditForm(o, pid, opts, showPrices).editForm
	})
}

func (s *Server) editBilling(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("paymentId")
	if !ids.Valid(pid) {
		s.NotFound(w, r)
		return
	}
	s.saveEdit(w, r, func(o *order.CustomerOrder, _ editOptions, _ bool) editForm { return billingForm(o, pid).editForm })
}

// cancelPayment cancels a payment with a reason: one that took nothing is cancelled, an
// authorization is voided; one that holds money must be refunded first.
func (s *Server) cancelPayment(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("paymentId")
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		p := o.Payment(pid)
		return cancelPaymentForm(o, pid), p != nil && !o.IsReadOnly()
	}, func(_, o *order.CustomerOrder, _ map[string]string, st *formState) (desk.Saver, error) {
		return nil, desk.CancelPayment(o, pid, st.reason, s.Now())
	})
}

// adjustPayment changes a payment's amount so the payments add up to the order total again.
func (s *Server) adjustPayment(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("paymentId")
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		g, gap := order.PaymentGapOf(o)
		p := o.Payment(pid)
		if !gap || p == nil || g.Adjustable != p || o.IsReadOnly() || !base.State(r).User.Can(auth.OrderReadPrices) {
			return moneyForm{}, false
		}
		return adjustPaymentForm(o, p, p.Sum.Add(g.Difference)), true
	}, func(_, o *order.CustomerOrder, _ map[string]string, _ *formState) (desk.Saver, error) {
		return nil, order.AdjustPaymentToTotal(o, pid)
	})
}

func (s *Server) addTransaction(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("paymentId")
	showPrices := base.State(r).User.Can(auth.OrderReadPrices)
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		p := o.Payment(pid)
		if p == nil {
			return moneyForm{}, false
		}
		return transactionForm(o, p, showPrices), true
	}, func(_, o *order.CustomerOrder, in map[string]string, _ *formState) (desk.Saver, error) {
		attempts, _ := strconv.Atoi(in["processAttemptCount"])
		return nil, desk.AddTransaction(o, pid, order.PaymentGatewayTransaction{Amount: dec(in["amount"]),
			IsProcessed: in["isProcessed"] == "true", ProcessedDate: readTime(in["processedDate"]),
			ProcessError: in["processError"], ProcessAttemptCount: attempts, RequestData: in["requestData"],
			ResponseData: in["responseData"], ResponseCode: in["responseCode"], Type: in["type"], Status: in["status"], Note: in["note"]}, s.Now())
	})
}

// Captures and refunds.

func (s *Server) capture(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("paymentId")
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		p := o.Payment(pid)
		if p == nil || !base.State(r).User.Can(auth.OrderReadPrices) {
			return moneyForm{}, false
		}
		return captureForm(o, p), true
	}, func(_, o *order.CustomerOrder, in map[string]string, _ *formState) (desk.Saver, error) {
		req := order.CaptureRequest{Amount: dec(in["amount"]), TransactionID: in["transactionId"],
			CloseTransaction: in["closeTransaction"] == "true", Comment: in["comment"]}
		counts := lineCounts(o, in, "items")
		for _, li := range o.Items {
			if n := counts[li.ID]; n > 0 {
				req.Items = append(req.Items, order.CaptureItem{LineItemID: li.ID, Quantity: n})
			}
		}
		return nil, desk.Capture(o, pid, req, s.Now())
	})
}

func refundRequest(o *order.CustomerOrder, in map[string]string) order.RefundRequest {
	req := order.RefundRequest{Amount: dec(in["amount"]), Shipping: dec(in["shipping"]),
		ReasonCode: order.ParseRefundReasonCode(in["reasonCode"]), ReasonMessage: in["reasonMessage"], TransactionID: in["transactionId"]}
	counts := lineCounts(o, in, "items")
	for _, li := range o.Items {
		if n := counts[li.ID]; n > 0 {
			req.Items = append(req.Items, order.RefundItem{LineItemID: li.ID, Quantity: n})
		}
	}
	return req
}

// refund records a refund by amount or by lines (amount computed), with an optional shipping
// refund; "compute amount" shows the amount without saving.
func (s *Server) refund(w http.ResponseWriter, r *http.Request) {
	pid := r.PathValue("paymentId")
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		p := o.Payment(pid)
		if p == nil || !base.State(r).User.Can(auth.OrderReadPrices) {
			return moneyForm{}, false
		}
		return refundForm(o, p, s.Store.Rules().Statuses), true
	}, func(_, o *order.CustomerOrder, in map[string]string, st *formState) (desk.Saver, error) {
		rf, err := desk.Refund(o, pid, refundRequest(o, in))
		if err != nil {
			return nil, err
		}
		if st.wantPreview {
			code := o.Payment(pid).Currency
			st.preview = "Refund amount: " + order.CurrencyFor(code).Fixed(rf.Amount) + " " + code + ". Nothing saved yet."
		}
		return nil, nil
	})
}

// refundPreview answers the refund form's live amount: what the refund typed so far would
// pay back, or why it could not; nothing is saved.
func (s *Server) refundPreview(w http.ResponseWriter, r *http.Request) {
	id, pid := r.PathValue("id"), r.PathValue("paymentId")
	if !ids.Valid(id) || !ids.Valid(pid) {
		s.NotFound(w, r)
		return
	}
	o, ok := s.scopedOrder(w, r, id)
	if !ok {
		return
	}
	p := o.Payment(pid)
	if p == nil || !base.State(r).User.Can(auth.OrderReadPrices) || r.ParseForm() != nil {
		s.NotFound(w, r)
		return
	}
	mf := refundForm(o, p, s.Store.Rules().Statuses)
	in := map[string]string{}
	var problems []string
	for _, fd := range mf.fields {
		if v, err := fd.parseInput(r.PostForm.Get(fd.name)); err != nil {
			problems = append(problems, fd.label+": "+err.Error())
		} else {
			in[fd.name] = v
		}
	}
	text, amount := "", false
	if len(problems) == 0 {
		work := o.Clone()
		rf, err := order.RefundPayment(work, work.Payment(pid), refundRequest(work, in))
		if err == nil {
			text, amount = "Refund amount: "+order.CurrencyFor(p.Currency).Fixed(rf.Amount)+" "+p.Currency+". Nothing saved yet.", true
		} else {
			problems = append(problems, fieldText(err))
		}
	}
	if !amount {
		text = strings.Join(problems, "; ")
	}
	s.Render(w, r, http.StatusOK, orderpage.RefundPreview(mf.domID, mf.action+"/preview", text, amount))
}

func (s *Server) cancelCapture(w http.ResponseWriter, r *http.Request) {
	pid, cid := r.PathValue("paymentId"), r.PathValue("captureId")
	find := func(o *order.CustomerOrder) (*order.PaymentIn, *order.Capture) {
		if p := o.Payment(pid); p != nil {
			return p, p.Capture(cid)
		}
		return nil, nil
	}
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		p, c := find(o)
		if c == nil {
			return moneyForm{}, false
		}
		return cancelCaptureForm(o, p, c), true
	}, func(_, o *order.CustomerOrder, _ map[string]string, st *formState) (desk.Saver, error) {
		return nil, desk.CancelCapture(o, pid, cid, st.reason, s.Now())
	})
}

func (s *Server) cancelRefund(w http.ResponseWriter, r *http.Request) {
	pid, rid := r.PathValue("paymentId"), r.PathValue("refundId")
	find := func(o *order.CustomerOrder) (*order.PaymentIn, *order.Refund) {
		if p := o.Payment(pid); p != nil {
			return p, p.Refund(rid)
		}
		return nil, nil
	}
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		p, rf := find(o)
		if rf == nil {
			return moneyForm{}, false
		}
		return cancelRefundForm(o, p, rf), true
	}, func(_, o *order.CustomerOrder, _ map[string]string, st *formState) (desk.Saver, error) {
		return nil, desk.CancelRefund(o, pid, rid, st.reason, s.Now())
	})
}

// Returns.

func (s *Server) returnOptions() (reasons, statuses []string, initial string) {
	rules := s.Store.Rules().Statuses
	return s.Cfg.Returns.Reasons, rules.Statuses(order.TypeReturn), rules.InitialStatus(order.TypeReturn)
}

func (s *Server) newReturn(w http.ResponseWriter, r *http.Request) {
	reasons, statuses, initial := s.returnOptions()
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		returns, err := s.Store.Returns(r.Context(), o.ID)
		if err != nil {
			return moneyForm{}, false
		}
		return newReturnForm(o, order.AvailableReturnQuantities(o, returns, ""), reasons, statuses, initial, s.Store.Rules().Statuses), true
	}, func(_, o *order.CustomerOrder, in map[string]string, _ *formState) (desk.Saver, error) {
		ret := order.NewReturn(o, s.Store.Rules().Statuses)
		ret.Resolution = in["resolution"]
		if st := in["status"]; st != "" {
			if err := s.Store.Rules().Statuses.ValidateStatus(order.TypeReturn, st); err != nil {
				return nil, order.FieldErrors{"status": err.Error()}
			}
			ret.Status = st
		}
		var lineOf []string
		counts := lineCounts(o, in, "lines")
		for i := range o.Items {
			li := &o.Items[i]
			if n := counts[li.ID]; n > 0 {
				l := order.NewReturnLine(li, n)
				l.Price = order.RefundUnitPrice(o, li)
				l.Reason = in["lines["+li.ID+"].reason"]
				ret.LineItems = append(ret.LineItems, l)
				lineOf = append(lineOf, li.ID)
			}
		}
		if len(ret.LineItems) == 0 {
			return nil, order.FieldErrors{"": "enter how many units of which lines come back"}
		}
		return s.Desk.NewReturn(&ret, func(err error) error { return returnLineErrors(err, lineOf) }), nil
	})
}

// returnLineErrors turns ValidateReturn's "lineItems[i].…" keys into the form's fields.
func returnLineErrors(err error, lineOf []string) error {
	var fe order.FieldErrors
	if !errors.As(err, &fe) {
		return err
	}
	out := order.FieldErrors{}
	for k, msg := range fe {
		if rest, ok := strings.CutPrefix(k, "lineItems["); ok {
			if i := strings.Index(rest, "]"); i > 0 {
				if n, convErr := strconv.Atoi(rest[:i]); convErr == nil && n < len(lineOf) {
					field := strings.TrimPrefix(rest[i+1:], ".")
					if field == "orderLineItemId" {
						field = "quantity"
					}
					out["lines["+lineOf[n]+"]."+field] = msg
					continue
				}
			}
		}
		if k == "lineItems" || k == "orderId" || k == "number" {
			k = ""
		}
		out.Add(k, msg)
	}
	return out
}

// returnOf loads a return of the order; nil when there is none.
func (s *Server) returnOf(ctx context.Context, o *order.CustomerOrder, id string) (*order.Return, error) {
	ret, err := s.Store.Return(ctx, id)
	if errors.Is(err, order.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if ret.OrderID != o.ID {
		return nil, nil
	}
	return ret, nil
}

// returnAction runs a form on one return of the order; act gets the return as stored now.
func (s *Server) returnAction(w http.ResponseWriter, r *http.Request, formFor func(o *order.CustomerOrder, ret *order.Return) (moneyForm, bool),
	act func(o *order.CustomerOrder, ret *order.Return, in map[string]string, st *formState) (desk.Saver, error)) {
	rid := r.PathValue("returnId")
	s.moneyAction(w, r, func(o *order.CustomerOrder) (moneyForm, bool) {
		ret, err := s.returnOf(r.Context(), o, rid)
		if err != nil || ret == nil {
			return moneyForm{}, false
		}
		return formFor(o, ret)
	}, func(_, o *order.CustomerOrder, in map[string]string, st *formState) (desk.Saver, error) {
		ret, err := s.returnOf(r.Context(), o, rid)
		if err != nil {
			return nil, err
		}
		if ret == nil {
			return nil, order.FieldErrors{"": "the return was deleted meanwhile"}
		}
		return act(o, ret, in, st)
	})
}

func (s *Server) editReturn(w http.ResponseWriter, r *http.Request) {
	_, statuses, _ := s.returnOptions()
	rules := s.Store.Rules().Statuses
	s.returnAction(w, r, func(o *order.CustomerOrder, ret *order.Return) (moneyForm, bool) {
		return returnEditForm(o, ret, rules.NextStatuses(order.TypeReturn, ret.Status), rules), ret.Status != order.ReturnCanceled
	}, func(o *order.CustomerOrder, ret *order.Return, in map[string]string, st *formState) (desk.Saver, error) {
		// Merged field by field: what this user left as shown keeps what others saved since;
		// a field both changed is stopped with the other value, and saving again keeps this one.
		conflicts := order.FieldErrors{}
		for name, stored := range map[string]string{"status": ret.Status, "resolution": ret.Resolution} {
			mine, sent := in[name]
			base, shown := r.PostForm["orig."+name]
			if !sent || !shown || base[0] == stored {
				continue
			}
			if mine == base[0] || mine == stored {
				delete(in, name)
				continue
			}
			conflicts[name] = fmt.Sprintf("changed meanwhile to %q; save again to keep yours", stored)
			st.orig[name] = stored
		}
		if len(conflicts) > 0 {
			return nil, conflicts
		}
		if v, ok := in["status"]; ok && v != ret.Status {
			if err := rules.ValidateTransition(order.TypeReturn, ret.Status, v); err != nil || !slices.Contains(statuses, v) {
				return nil, order.FieldErrors{"status": fmt.Sprintf("a return cannot go from %s to %s", ret.Status, v)}
			}
			if v == order.ReturnCanceled && order.ReturnRefunded(o, ret) != nil {
				return nil, order.FieldErrors{"status": "the return was refunded with " + order.ReturnRefunded(o, ret).Number + "; it cannot be cancelled"}
			}
			ret.Status = v
		}
		if v, ok := in["resolution"]; ok {
			ret.Resolution = v
		}
		return s.Desk.ReturnOnly(ret), nil
	})
}

func (s *Server) cancelReturn(w http.ResponseWriter, r *http.Request) {
	s.returnAction(w, r, func(o *order.CustomerOrder, ret *order.Return) (moneyForm, bool) {
		return cancelReturnForm(o, ret), ret.Status != order.ReturnCanceled
	}, func(o *order.CustomerOrder, ret *order.Return, _ map[string]string, st *formState) (desk.Saver, error) {
		if rf := order.ReturnRefunded(o, ret); rf != nil {
			return nil, order.FieldErrors{"": "the return was refunded with " + rf.Number + "; a refunded return cannot be cancelled"}
		}
		ret.Status = order.ReturnCanceled
		if ret.Resolution == "" {
			ret.Resolution = "Cancelled: " + st.reason
		}
		return s.Desk.ReturnOnly(ret), nil
	})
}

// refundReturn refunds a return in one step: the refund of its lines and amount on the chosen
// payment and the return pointing at it, saved in one transaction.
func (s *Server) refundReturn(w http.ResponseWriter, r *http.Request) {
	_, statuses, _ := s.returnOptions()
	u := base.State(r).User
	if !u.Can(auth.ReturnUpdate) || !u.Can(auth.OrderReadPrices) {
		s.ErrorPage(w, r, http.StatusForbidden, "Not allowed", "Refunding a return takes the right to refund, to update returns and to see prices.")
		return
	}
	s.returnAction(w, r, func(o *order.CustomerOrder, ret *order.Return) (moneyForm, bool) {
		pays := order.PaymentsForReturn(o, ret)
		if len(pays) == 0 {
			return moneyForm{}, false
		}
		return refundReturnForm(o, ret, pays, statuses, s.Store.Rules().Statuses), true
	}, func(o *order.CustomerOrder, ret *order.Return, in map[string]string, _ *formState) (desk.Saver, error) {
		p := o.Payment(in["paymentId"])
		if p == nil {
			return nil, order.FieldErrors{"paymentId": "choose a payment of this order"}
		}
		if _, err := order.RefundReturn(o, p, ret, order.ParseRefundReasonCode(in["reasonCode"]), in["reasonMessage"]); err != nil {
			return nil, err
		}
		if v := in["returnStatus"]; v != "" && v != ret.Status {
			if !slices.Contains(statuses, v) || s.Store.Rules().Statuses.ValidateTransition(order.TypeReturn, ret.Status, v) != nil {
				return nil, order.FieldErrors{"returnStatus": fmt.Sprintf("a return cannot go from %s to %s", ret.Status, v)}
			}
			ret.Status = v
		}
		if ret.Resolution == "" {
			ret.Resolution = "Refunded"
		}
		return s.Desk.WithReturn(ret), nil
	})
}

// The panel.

// paymentsPanel builds the payments and returns panel for the viewer, with one form's state
// when st is one of the panel's.
func (s *Server) paymentsPanel(r *http.Request, o *order.CustomerOrder, returns []order.Return, st *formState) *orderpage.Payments {
	rules := s.Store.Rules()
	return paymentsView(paymentsInput{order: o, returns: returns, may: paymentsAccessOf(*base.State(r).User),
		statuses: rules.Statuses, reasons: rules.Reasons, returnReasons: s.Cfg.Returns.Reasons,
		csrf: csrf.Token(r), form: st})
}

// noPaymentForReturn says why no payment can take a return's refund, payment by payment.
func noPaymentForReturn(o *order.CustomerOrder, ret *order.Return) string {
	cur := order.CurrencyFor(o.Currency)
	msg := "No payment can take this refund of " + cur.Fixed(ret.Amount()) + " " + o.Currency + "."
	var why []string
	for i := range o.InPayments {
		p := &o.InPayments[i]
		switch {
		case p.IsCancelled:
		case order.RefundAllowed(p) == nil:
			why = append(why, p.Number+" has "+cur.Fixed(order.RefundRemaining(p))+" "+p.Currency+" left to refund")
		case order.ParsePaymentStatus(p.Status) == order.PaymentAuthorized:
			why = append(why, p.Number+" is authorized, not paid yet: capture it first")
		default:
			why = append(why, p.Number+": "+fieldText(order.RefundAllowed(p)))
		}
	}
	if len(why) == 0 {
		return msg + " The order has no payment: add one first."
	}
	return msg + " " + strings.Join(why, "; ") + "."
}

// fieldText is the message of a one-field error.
func fieldText(err error) string {
	var fe order.FieldErrors
	if errors.As(err, &fe) {
		var msgs []string
		for _, k := range sortedKeys(fe) {
			msgs = append(msgs, fe[k])
		}
		return strings.Join(msgs, "; ")
	}
	return err.Error()
}

func whenPtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return base.When(*t)
}

func yesIf(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

// moneySummary is the side panel's ledger of the order's currency: charged, authorized,
// captured, paid, refunded, net paid and the balance due (or credit), from the documents.
func moneySummary(o *order.CustomerOrder, withCode func(decimal.Decimal) string) []orderpage.Amount {
	t := order.LedgerOf(o).Total()
	b := t.Balance
	out := []orderpage.Amount{
		{Label: "Order total", Value: withCode(t.Charged)},
		{Label: "Authorized", Value: withCode(t.Authorized)},
		{Label: "Captured", Value: withCode(t.Captured)},
		{Label: "Paid", Value: withCode(b.Paid)},
		{Label: "Refunded", Value: withCode(b.Refunded)},
		{Label: "Net paid", Value: withCode(b.NetPaid)},
		balanceAmount(b, withCode),
	}
	if g, gap := order.PaymentGapOf(o); gap {
		out = append(out, orderpage.Amount{Label: "Payments ask for (not the total)", Value: withCode(g.Amounts), Tone: "warn"})
	}
	return out
}

// balanceAmount is the last line of every money summary: the balance due, or the credit
// when more was paid than the total (never a negative balance due).
func balanceAmount(b order.Balance, withCode func(decimal.Decimal) string) orderpage.Amount {
	switch {
	case b.Credit.IsPositive():
		return orderpage.Amount{Label: "Credit (overpaid)", Value: withCode(b.Credit), Strong: true, Tone: "bad"}
	case b.Due.IsPositive():
		return orderpage.Amount{Label: "Balance due", Value: withCode(b.Due), Strong: true, Tone: "warn"}
	}
	return orderpage.Amount{Label: "Balance due", Value: withCode(b.Due), Strong: true, Tone: "ok"}
}

// paymentGapText says that the payments no longer match the total, by how much, and what can
// be done when no payment can simply take the difference.
func paymentGapText(o *order.CustomerOrder, g order.PaymentGap) string {
	cur := order.CurrencyFor(o.Currency)
	fx := func(d decimal.Decimal) string { return cur.Fixed(d) + " " + o.Currency }
	text := "The payments no longer match the order total: they ask for " + fx(g.Amounts) + ", the total is " + fx(o.Total)
	if g.Difference.IsPositive() {
		text += " (" + fx(g.Difference) + " less)."
	} else {
		text += " (" + fx(g.Difference.Neg()) + " more)."
	}
	switch {
	case g.Adjustable != nil:
	case g.Difference.IsPositive():
		text += " No payment can take the difference: add a payment for it."
	case order.OrderBalance(o).Credit.IsPositive():
		text += " The payments are paid or closed: refund the credit."
	default:
		text += " The payments are paid or closed."
	}
	return text
}

// balanceRule says how the ledger's last figure follows from the ones above it.
func balanceRule(b order.Balance) string {
	if b.Credit.IsPositive() {
		return " (net paid − charged)"
	}
	return " (charged − paid)"
}
