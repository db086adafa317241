package staff

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/order"
	"orderdesk/web/base"
)

// saveShipmentForm is the handler of the two item forms: parse strictly (messages at the
// inputs, 422), check the shipment's bounds against the order as stored now, save, and retry
// on a version race with the fresh order.
func (s *Server) saveShipmentForm(w http.ResponseWriter, r *http.Request, o *order.CustomerOrder, ef editForm,
	startFrom func(*order.CustomerOrder) *order.Shipment, isNew bool) {
	st, named, ok := s.readEditForm(w, r, ef.key, o.Version)
	if !ok {
		return
	}
	for k, v := range r.PostForm {
		if len(v) > 0 && k != "gorilla.csrf.Token" {
			st.raw[k] = strings.ReplaceAll(v[len(v)-1], "\r\n", "\n")
		}
	}
	if !named {
		st.formErr = noVersion
		s.answerForm(w, r, o, ef, st, http.StatusUnprocessableEntity)
		return
	}
	showPrices := base.State(r).User.Can(auth.OrderReadPrices)
	if r.PostForm.Get("add") == "package" {
		// Another package row: the form comes back with everything typed so far.
		n, _ := strconv.Atoi(st.raw["packages"])
		st.raw["packages"] = strconv.Itoa(min(max(n, 0)+1, order.MaxShipmentPackages))
		st.formErr = ""
		st.saved = ""
		st.conflict = true // keeps the form open without a message (see shipFormView)
		s.answerForm(w, r, o, ef, st, http.StatusOK)
		return
	}
	if !isNew && st.raw["orig.items"] != itemsFingerprint(startFrom(o)) {
		fresh := &formState{key: ef.key, version: o.Version,
			formErr: "Someone changed this shipment's items or packages after you opened the form; it now shows theirs. Check and save again."}
		s.answerForm(w, r, o, ef, fresh, http.StatusConflict)
		return
	}
	e := &shipmentEdit{base: startFrom, form: r.PostForm, isNew: isNew, showPrices: showPrices}
	saved, o, err := s.Desk.Edit(r.Context(), s.Actor(r), o, e.apply)
	s.answerShipmentSave(w, r, o, saved, ef, st, e, err)
}

// shipmentEdit applies a shipment form to the order as stored; what it parsed stays on it for
// the answer.
type shipmentEdit struct {
	base              func(*order.CustomerOrder) *order.Shipment
	form              url.Values
	isNew, showPrices bool

	work    *order.CustomerOrder
	sh      order.Shipment
	perrs   map[string]string // the form's own messages, by input
	invalid order.Problems    // the shipment's rules, keyed as the domain keys them
}

func (e *shipmentEdit) apply(current, work *order.CustomerOrder) error {
	e.work = work
	if current.IsReadOnly() {
		return errReadOnly
	}
	b := e.base(work)
	if b == nil {
		return desk.ErrGone
	}
	if e.sh, e.perrs = parseShipmentForm(work, b, e.form, e.isNew, e.showPrices); len(e.perrs) > 0 {
		return errUnreadableForm
	}
	e.invalid = order.ValidateShipment(work, &e.sh)
	own := e.sh.Validate()
	delete(own, "number") // numbered when saved
	e.invalid.Merge("", own)
	if len(e.invalid) > 0 {
		return errUnreadableForm
	}
	if e.isNew {
		work.Shipments = append(work.Shipments, e.sh)
	} else {
		*work.Shipment(e.sh.ID) = e.sh
	}
	return nil
}

// answerShipmentSave answers a shipment form's save: the part of the page, or the form with
// its messages.
func (s *Server) answerShipmentSave(w http.ResponseWriter, r *http.Request, o, saved *order.CustomerOrder, ef editForm, st *formState, e *shipmentEdit, err error) {
	var sfe order.Problems
	switch {
	case err == nil:
		s.saved(w, r, saved, ef, st, false)
	case errors.Is(err, desk.ErrGone):
		s.ErrorPage(w, r, http.StatusConflict, "No longer on the order", "This shipment was removed meanwhile. Nothing was saved.")
	case errors.Is(err, errUnreadableForm) && len(e.perrs) > 0:
		st.errs = e.perrs
		s.answerForm(w, r, o, ef, st, http.StatusUnprocessableEntity)
	case errors.Is(err, errUnreadableForm):
		placeShipErrors(e.work, &e.sh, e.invalid, st)
		s.answerForm(w, r, o, ef, st, http.StatusUnprocessableEntity)
	case s.refused(w, r, o, ef, st, err):
		// answered in the form
	case errors.As(err, &sfe):
		prefix := ef.errPrefix(o)
		rest := order.Problems{}
		for k, v := range sfe {
			rest[strings.TrimPrefix(k, prefix)] = v
		}
		placeShipErrors(e.work, &e.sh, rest, st)
		s.answerForm(w, r, o, ef, st, http.StatusUnprocessableEntity)
	default:
		s.ServerError(w, r, err)
	}
}

// errUnreadableForm stops a save whose form input does not make a valid document; the
// messages go beside the inputs.
var errUnreadableForm = errors.New("the form does not make a valid document")
