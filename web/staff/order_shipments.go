package staff

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// shipmentIndex is the position of a shipment in the order, for the store's error keys.
func shipmentIndex(o *order.CustomerOrder, id string) string {
	for i := range o.Shipments {
		if o.Shipments[i].ID == id {
			return strconv.Itoa(i)
		}
	}
	return "?"
}

func liveShipment(o *order.CustomerOrder, id string) bool {
	sh := o.Shipment(id)
	return sh != nil && !sh.IsCancelled
}

// shipmentFieldsForm edits a shipment's own fields, merged field by field like the order's.
func (s *Server) shipmentFieldsForm(o *order.CustomerOrder, id string, showPrices bool) editForm {
	var statuses []orderpage.Option
	if sh := o.Shipment(id); sh != nil {
		var next []string
		for _, st := range s.Store.Rules().Statuses.NextStatuses(order.TypeShipment, sh.Status) {
			if st != order.ShipmentCancelled { // cancelling asks for a reason: its own form
				next = append(next, st)
			}
		}
		statuses = statusChoices(s.Store.Rules().Statuses, order.TypeShipment, next, sh.Status)
	}
	prefix := func(o *order.CustomerOrder) string { return "shipments[" + shipmentIndex(o, id) + "]." }
	return editForm{
		key: "ship:" + id, domID: "edit-ship-" + id, action: "/orders/" + o.ID + "/shipments/" + id + "/edit",
		target: "documents-box", anchor: "doc-" + id, title: "Edit shipment", submit: "Save shipment",
		errPrefix: prefix,
		fields:    withoutPrices(shipmentFields(id, statuses), showPrices),
		exists:    func(o *order.CustomerOrder) bool { return liveShipment(o, id) },
		check: func(o *order.CustomerOrder) error {
			fe := order.FieldErrors{}
			if sh := o.Shipment(id); sh != nil {
				fe.Merge(prefix(o), order.ValidateShipment(o, sh))
			}
			return fe.Err()
		},
	}
}

func (s *Server) shipmentAddressForm(o *order.CustomerOrder, id string) editForm {
	return editForm{
		key: "shipaddr:" + id, domID: "edit-shipaddr-" + id, action: "/orders/" + o.ID + "/shipments/" + id + "/address",
		target: "documents-box", anchor: "doc-" + id, title: "Delivery address", submit: "Save address",
		errPrefix: func(o *order.CustomerOrder) string { return "shipments[" + shipmentIndex(o, id) + "].deliveryAddress." },
		fields:    shipAddressFields(id),
		exists:    func(o *order.CustomerOrder) bool { return liveShipment(o, id) },
	}
}

func shipmentCancelForm(o *order.CustomerOrder, id string) editForm {
	return editForm{
		key: "shipcancel:" + id, domID: "cancel-ship-" + id, action: "/orders/" + o.ID + "/shipments/" + id + "/cancel",
		target: "documents-box", anchor: "doc-" + id, title: "Cancel shipment…", submit: "Cancel the shipment",
		errPrefix: func(o *order.CustomerOrder) string { return "shipments[" + shipmentIndex(o, id) + "]." },
		exists:    func(o *order.CustomerOrder) bool { return liveShipment(o, id) },
	}
}

func shipmentRemoveForm(o *order.CustomerOrder, id string) editForm {
	return editForm{
		key: "shipremove:" + id, domID: "remove-ship-" + id, action: "/orders/" + o.ID + "/shipments/" + id + "/remove",
		target: "documents-box", anchor: "p-docs", title: "Remove shipment…", submit: "Remove the shipment",
		errPrefix: func(*order.CustomerOrder) string { return "" },
		exists:    func(o *order.CustomerOrder) bool { return o.Shipment(id) != nil },
	}
}

// newShipmentForm and shipmentItemsForm name the two shipment forms that are not field forms.
func newShipmentForm(o *order.CustomerOrder) editForm {
	return editForm{key: "shipnew", domID: "new-shipment", action: "/orders/" + o.ID + "/shipments",
		target: "documents-box", anchor: "p-shipping", title: "New shipment", submit: "Create shipment",
		errPrefix: func(o *order.CustomerOrder) string { return "shipments[" + strconv.Itoa(len(o.Shipments)) + "]." },
		exists:    func(*order.CustomerOrder) bool { return true }}
}

func shipmentItemsForm(o *order.CustomerOrder, id string) editForm {
	return editForm{key: "shipitems:" + id, domID: "edit-shipitems-" + id, action: "/orders/" + o.ID + "/shipments/" + id + "/items",
		target: "documents-box", anchor: "doc-" + id, title: "Items and packages", submit: "Save items and packages",
		errPrefix: func(o *order.CustomerOrder) string { return "shipments[" + shipmentIndex(o, id) + "]." },
		exists:    func(o *order.CustomerOrder) bool { return liveShipment(o, id) }}
}

// validShipmentPath checks the path's ids; on false the response has been written.
func (s *Server) validShipmentPath(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("shipmentId")
	if !ids.Valid(r.PathValue("id")) || !ids.Valid(id) {
		s.NotFound(w, r)
		return "", false
	}
	return id, true
}

func (s *Server) editShipment(w http.ResponseWriter, r *http.Request) {
	id, ok := s.validShipmentPath(w, r)
	if !ok {
		return
	}
	s.saveEdit(w, r, func(o *order.CustomerOrder, _ editOptions, showPrices bool) editForm {
		return s.shipmentFieldsForm(o, id, showPrices)
	})
}

func (s *Server) editShipmentAddress(w http.ResponseWriter, r *http.Request) {
	id, ok := s.validShipmentPath(w, r)
	if !ok {
		return
	}
	s.saveEdit(w, r, func(o *order.CustomerOrder, _ editOptions, _ bool) editForm { return s.shipmentAddressForm(o, id) })
}

// cancelShipment cancels one shipment with a reason (Virto's cancel command on a document); a
// consignment's other parts, on other orders, are left as they are.
func (s *Server) cancelShipment(w http.ResponseWriter, r *http.Request) {
	id, ok := s.validShipmentPath(w, r)
	if !ok {
		return
	}
	s.wholeEdit(w, r, func(o *order.CustomerOrder, _ editOptions, _ bool) editForm { return shipmentCancelForm(o, id) },
		reasonGiven("shipment"), func(o *order.CustomerOrder, st *formState) {
			if sh := o.Shipment(id); sh != nil {
				_ = order.CancelShipment(sh, st.reason, s.Now()) // exists() checked it is not cancelled
			}
		})
}

// removeShipment takes a shipment that has not started (still in its initial status, no
// payment tied to it) off the order; anything further along is cancelled instead, so its
// history stays on the order.
func (s *Server) removeShipment(w http.ResponseWriter, r *http.Request) {
	id, ok := s.validShipmentPath(w, r)
	if !ok {
		return
	}
	initial := s.Store.Rules().Statuses.InitialStatus(order.TypeShipment)
	s.wholeEdit(w, r, func(o *order.CustomerOrder, _ editOptions, _ bool) editForm { return shipmentRemoveForm(o, id) },
		func(o *order.CustomerOrder, st *formState) bool {
			return allowed(desk.RemoveShipment(o.Clone(), id, initial), st)
		},
		func(o *order.CustomerOrder, _ *formState) { _ = desk.RemoveShipment(o, id, initial) })
}

// createShipment adds a shipment from the "New shipment" form. It applies to the order as it is
// now: the quantities are checked against what the other shipments leave at the moment of the
// save, whatever changed since the form was opened.
func (s *Server) createShipment(w http.ResponseWriter, r *http.Request) {
	if !ids.Valid(r.PathValue("id")) {
		s.NotFound(w, r)
		return
	}
	o, ok := s.scopedOrder(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	ef := newShipmentForm(o)
	s.saveShipmentForm(w, r, o, ef, func(o *order.CustomerOrder) *order.Shipment {
		d := order.DraftShipment(o, s.Store.Rules().Statuses)
		d.Items = nil
		return &d
	}, true)
}

// editShipmentItems replaces a shipment's items and packages from its form.
func (s *Server) editShipmentItems(w http.ResponseWriter, r *http.Request) {
	id, ok := s.validShipmentPath(w, r)
	if !ok {
		return
	}
	o, ok := s.scopedOrder(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	ef := shipmentItemsForm(o, id)
	if !ef.exists(o) {
		s.ErrorPage(w, r, http.StatusConflict, "No longer on the order",
			"This shipment was removed or cancelled, possibly by someone else. Nothing was saved.")
		return
	}
	s.saveShipmentForm(w, r, o, ef, func(o *order.CustomerOrder) *order.Shipment { return o.Shipment(id) }, false)
}

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
	invalid order.FieldErrors // the shipment's rules, keyed as the domain keys them
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
	var sfe order.FieldErrors
	switch {
	case errors.Is(err, errReadOnly):
		st.formErr = readOnlyMessage(o)
		s.answerForm(w, r, o, ef, st, http.StatusConflict)
	case errors.Is(err, desk.ErrGone):
		s.ErrorPage(w, r, http.StatusConflict, "No longer on the order", "This shipment was removed meanwhile. Nothing was saved.")
	case errors.Is(err, errUnreadableForm) && len(e.perrs) > 0:
		st.errs = e.perrs
		s.answerForm(w, r, o, ef, st, http.StatusUnprocessableEntity)
	case errors.Is(err, errUnreadableForm):
		placeShipErrors(e.work, &e.sh, e.invalid, st)
		s.answerForm(w, r, o, ef, st, http.StatusUnprocessableEntity)
	case errors.Is(err, order.ErrConflict):
		st.formErr = othersKeepSaving
		s.answerForm(w, r, o, ef, st, http.StatusConflict)
	case errors.As(err, &sfe):
		prefix := ef.errPrefix(o)
		rest := order.FieldErrors{}
		for k, v := range sfe {
			rest[strings.TrimPrefix(k, prefix)] = v
		}
		placeShipErrors(e.work, &e.sh, rest, st)
		s.answerForm(w, r, o, ef, st, http.StatusUnprocessableEntity)
	case err != nil:
		s.ServerError(w, r, err)
	default:
		s.saved(w, r, saved, ef, st, false)
	}
}

// errUnreadableForm stops a save whose form input does not make a valid document; the
// messages go beside the inputs.
var errUnreadableForm = errors.New("the form does not make a valid document")

// shipInput is one input of the new-shipment form and the shipment field it sets.
type shipInput struct {
	name, label, kind string
	text              func(*order.Shipment) *string          // text inputs
	number            func(*order.Shipment) *decimal.Decimal // money and percent inputs
}

// read sets the input's field of sh from the form.
func (in shipInput) read(f *formReader, sh *order.Shipment) {
	switch {
	case in.kind == "date":
		d, err := parseDay(f.text(in.name))
		if err != nil {
			f.errs[in.name] = err.Error()
		}
		sh.DeliveryDate = d
	case in.text != nil:
		*in.text(sh) = f.text(in.name)
	case in.kind == "percent":
		*in.number(sh) = f.number(in.name, order.ParsePercent)
	default:
		*in.number(sh) = f.number(in.name, order.ParseMoney)
	}
}

// shipInputs maps the shipment's own field names to the form's inputs.
var shipInputs = []shipInput{
	{name: "fulfillmentCenterName", label: "Ship from", kind: "text", text: func(s *order.Shipment) *string { return &s.FulfillmentCenterName }},
	{name: "shipmentMethodCode", label: "Method (carrier)", kind: "text", text: func(s *order.Shipment) *string { return &s.ShipmentMethodCode }},
	{name: "shipmentMethodOption", label: "Option", kind: "text", text: func(s *order.Shipment) *string { return &s.ShipmentMethodOption }},
	{name: "trackingNumber", label: "Tracking number", kind: "text", text: func(s *order.Shipment) *string { return &s.TrackingNumber }},
	{name: "trackingUrl", label: "Tracking URL", kind: "text", text: func(s *order.Shipment) *string { return &s.TrackingURL }},
	{name: "deliveryDate", label: "Delivery date", kind: "date"},
}

var shipPriceInputs = []shipInput{
	{name: "price", label: "Shipping price", kind: "money", number: func(s *order.Shipment) *decimal.Decimal { return &s.Price }},
	{name: "fee", label: "Fee", kind: "money", number: func(s *order.Shipment) *decimal.Decimal { return &s.Fee }},
	{name: "discountAmount", label: "Discount", kind: "money", number: func(s *order.Shipment) *decimal.Decimal { return &s.DiscountAmount }},
	{name: "taxType", label: "Tax type", kind: "text", text: func(s *order.Shipment) *string { return &s.TaxType }},
	{name: "taxPercentRate", label: "Tax rate %", kind: "percent", number: func(s *order.Shipment) *decimal.Decimal { return &s.TaxPercentRate }},
}

// shipAddressInputs are a delivery address's inputs: the one address set.
var shipAddressInputs = addressInputs

// packageInput is one input of a package row and the package field it sets.
type packageInput struct {
	name, label, kind string
	text              func(*order.ShipmentPackage) *string
	number            func(*order.ShipmentPackage) *decimal.NullDecimal
}

// read sets the input's field of p from the row's input (prefix pre).
func (in packageInput) read(f *formReader, pre string, p *order.ShipmentPackage) {
	if in.text != nil {
		*in.text(p) = f.text(pre + in.name)
		return
	}
	*in.number(p) = f.optional(pre+in.name, order.ParseMoney)
}

var packageInputs = []packageInput{
	{name: "barCode", label: "Barcode", kind: "text", text: func(p *order.ShipmentPackage) *string { return &p.BarCode }},
	{name: "packageType", label: "Type", kind: "text", text: func(p *order.ShipmentPackage) *string { return &p.PackageType }},
	{name: "weight", label: "Weight", kind: "money", number: func(p *order.ShipmentPackage) *decimal.NullDecimal { return &p.Weight }},
	{name: "length", label: "Length", kind: "money", number: func(p *order.ShipmentPackage) *decimal.NullDecimal { return &p.Length }},
	{name: "width", label: "Width", kind: "money", number: func(p *order.ShipmentPackage) *decimal.NullDecimal { return &p.Width }},
	{name: "height", label: "Height", kind: "money", number: func(p *order.ShipmentPackage) *decimal.NullDecimal { return &p.Height }},
}

const dateLayout = "2006-01-02"

// parseDay reads a day typed as 2026-12-24; blank is no day.
func parseDay(raw string) (*time.Time, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, nil
	}
	t, err := time.Parse(dateLayout, raw)
	if err != nil {
		return nil, errors.New("enter a date such as 2026-12-24")
	}
	return &t, nil
}

// parseShipmentForm reads the items-and-packages form (and, for a new shipment, its other
// fields) into a copy of base. Messages are keyed by input name.
func parseShipmentForm(o *order.CustomerOrder, base *order.Shipment, form url.Values, isNew, showPrices bool) (order.Shipment, map[string]string) {
	f := formReader{values: form, errs: map[string]string{}}
	sh := cloneShipment(base)
	packageIDs := f.packages(o, base, &sh)
	sh.Items = f.shipmentItems(o, base, &sh, packageIDs)
	if isNew {
		for _, in := range shipInputs {
			in.read(&f, &sh)
		}
		if showPrices {
			for _, in := range shipPriceInputs {
				in.read(&f, &sh)
			}
		}
		sh.Comment = strings.TrimSpace(strings.ReplaceAll(form.Get("comment"), "\r\n", "\n"))
		sh.DeliveryAddress = f.deliveryAddress(base)
	}
	return sh, f.errs
}

// formReader reads a form's inputs strictly: what does not parse leaves a message keyed by
// the input's name and the zero value.
type formReader struct {
	values url.Values
	errs   map[string]string
}

func (f *formReader) text(name string) string { return strings.TrimSpace(f.values.Get(name)) }

// number reads an input parsed by parse; blank is zero.
func (f *formReader) number(name string, parse func(string) (decimal.Decimal, error)) decimal.Decimal {
	return f.optional(name, parse).Decimal
}

// optional reads an input parsed by parse; blank is no value.
func (f *formReader) optional(name string, parse func(string) (decimal.Decimal, error)) decimal.NullDecimal {
	raw := f.text(name)
	if raw == "" {
		return decimal.NullDecimal{}
	}
	d, err := parse(raw)
	if err != nil {
		f.errs[name] = err.Error()
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: d, Valid: true}
}

// packages reads package rows 1..n into sh (existing ones keep their ids by position; an empty
// new row is left out) and returns each row number's package id.
func (f *formReader) packages(o *order.CustomerOrder, base *order.Shipment, sh *order.Shipment) map[string]string {
	n, err := strconv.Atoi(f.text("packages"))
	if err != nil || n < 0 {
		n = 0
	}
	n = min(n, order.MaxShipmentPackages)
	weightUnit, measureUnit := f.text("weightUnit"), f.text("measureUnit")
	ids := map[string]string{}
	sh.Packages = nil
	for i := 1; i <= n; i++ {
		p := order.ShipmentPackage{ID: order.NewID()}
		if i <= len(base.Packages) {
			p = base.Packages[i-1]
		}
		pre := "p" + strconv.Itoa(i) + "."
		blank := true
		for _, in := range packageInputs {
			blank = blank && f.text(pre+in.name) == ""
			in.read(f, pre, &p)
		}
		if blank && i > len(base.Packages) {
			continue
		}
		if weightUnit != "" {
			p.WeightUnit = weightUnit
		}
		if measureUnit != "" {
			p.MeasureUnit = measureUnit
		}
		p.OrderID, p.ShipmentID = o.ID, sh.ID
		ids[strconv.Itoa(i)] = p.ID
		sh.Packages = append(sh.Packages, p)
	}
	return ids
}

// shipmentItems reads one quantity (and package) per line. An item keeps its id and its pick
// status while its line stays; a line not in the form (a cancelled one) keeps its item.
func (f *formReader) shipmentItems(o *order.CustomerOrder, base, sh *order.Shipment, packageIDs map[string]string) []order.ShipmentItem {
	existing := map[string]order.ShipmentItem{}
	for _, it := range base.Items {
		if _, ok := existing[it.LineItemID]; !ok {
			existing[it.LineItemID] = it
		}
	}
	var items []order.ShipmentItem
	for _, li := range o.Items {
		raw, sent := f.values["qty."+li.ID]
		it, had := existing[li.ID]
		if !sent {
			if had {
				items = append(items, it)
			}
			continue
		}
		q := strings.TrimSpace(raw[len(raw)-1])
		if q == "" || q == "0" {
			continue
		}
		qty, err := order.ParseQuantity(q)
		if err != nil {
			f.errs["qty."+li.ID] = err.Error()
			continue
		}
		if !had {
			it = order.ShipmentItem{ID: order.NewID(), OrderID: o.ID, ShipmentID: sh.ID, LineItemID: li.ID}
		}
		it.Quantity, it.ShipmentPackageID = qty, ""
		if row := f.text("pkg." + li.ID); row != "" {
			id, ok := packageIDs[row]
			if !ok {
				f.errs["pkg."+li.ID] = "package " + row + " is not filled in"
			}
			it.ShipmentPackageID = id
		}
		items = append(items, it)
	}
	return items
}

// deliveryAddress reads the address inputs over base's address; all blank is no address.
func (f *formReader) deliveryAddress(base *order.Shipment) *order.Address {
	a := order.Address{AddressType: order.AddressShipping}
	if base.DeliveryAddress != nil {
		a = *base.DeliveryAddress
	}
	blank := true
	for _, in := range shipAddressInputs {
		v := f.text("addr." + in.name)
		*addrRef(&a, in.name) = v
		blank = blank && v == ""
	}
	if blank {
		return nil
	}
	if a.ID == "" {
		a.ID = order.NewID()
	}
	return &a
}

func cloneShipment(s *order.Shipment) order.Shipment {
	o := &order.CustomerOrder{Shipments: []order.Shipment{*s}}
	return o.Clone().Shipments[0]
}

// placeShipErrors puts the domain's messages (keys relative to the shipment) at the inputs of
// the form; the rest become the form's message.
func placeShipErrors(o *order.CustomerOrder, sh *order.Shipment, fe order.FieldErrors, st *formState) {
	var rest []string
	for _, k := range sortedKeys(fe) {
		msg := fe[k]
		if name, ok := shipInputOf(sh, k); ok {
			if _, taken := st.errs[name]; !taken {
				st.errs[name] = msg
			}
			continue
		}
		if k == "items" {
			st.formErr = strings.ToUpper(msg[:1]) + msg[1:] + "."
			continue
		}
		if k == "reason" || k == "cancelReason" {
			st.needReason, st.reasonErr = true, msg
			continue
		}
		rest = append(rest, humanKey(k)+": "+msg)
	}
	if len(rest) > 0 {
		st.formErr = strings.TrimSpace("Not saved. " + strings.Join(rest, "; ") + ". " + st.formErr)
	}
}

// shipInputOf is the input a shipment error key belongs to.
func shipInputOf(sh *order.Shipment, key string) (string, bool) {
	var i int
	var field string
	switch {
	case key == "items":
		return "", false
	case strings.HasPrefix(key, "items["):
		if _, err := fmt.Sscanf(key, "items[%d].%s", &i, &field); err != nil || i >= len(sh.Items) {
			return "", false
		}
		if field == "shipmentPackageId" {
			return "pkg." + sh.Items[i].LineItemID, true
		}
		return "qty." + sh.Items[i].LineItemID, true
	case strings.HasPrefix(key, "packages["):
		if _, err := fmt.Sscanf(key, "packages[%d]", &i); err != nil {
			return "", false
		}
		field = strings.TrimPrefix(key, fmt.Sprintf("packages[%d]", i))
		field = strings.TrimPrefix(field, ".")
		if field == "" {
			return "p" + strconv.Itoa(i+1), true
		}
		return "p" + strconv.Itoa(i+1) + "." + field, true
	case strings.HasPrefix(key, "deliveryAddress."):
		return "addr." + strings.TrimPrefix(key, "deliveryAddress."), true
	}
	for _, in := range shipInputs {
		if in.name == key {
			return key, true
		}
	}
	for _, in := range shipPriceInputs {
		if in.name == key {
			return key, true
		}
	}
	if key == "comment" {
		return key, true
	}
	return "", false
}

// itemsFingerprint is the canonical form of a shipment's items and packages, carried by its
// form to notice someone else's change to them.
func itemsFingerprint(sh *order.Shipment) string {
	if sh == nil {
		return ""
	}
	var b strings.Builder
	for _, it := range sh.Items {
		fmt.Fprintf(&b, "%s:%s:%d:%s;", it.ID, it.LineItemID, it.Quantity, it.ShipmentPackageID)
	}
	for _, p := range sh.Packages {
		fmt.Fprintf(&b, "%s:%s:%s:%s:%s:%s:%s;", p.ID, p.BarCode, p.PackageType, nullText(p.Weight), nullText(p.Length), nullText(p.Width), nullText(p.Height))
	}
	return b.String()
}

func nullText(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return d.Decimal.String()
}

// shipmentFields are a shipment's editable fields.
func shipmentFields(id string, statuses []orderpage.Option) []editField {
	p := "shipments[" + id + "]."
	f := func(name, label, kind string, price bool, get func(s *order.Shipment) string, set func(s *order.Shipment, v string)) editField {
		return editField{name: name, label: label, kind: kind, price: price, path: p + name,
			get: func(o *order.CustomerOrder) (string, bool) {
				if sh := o.Shipment(id); sh != nil {
					return get(sh), true
				}
				return "", false
			},
			set: func(o *order.CustomerOrder, v string) {
				if sh := o.Shipment(id); sh != nil {
					set(sh, v)
				}
			}}
	}
	status := f("status", "Status", "select", false, func(s *order.Shipment) string { return s.Status }, func(s *order.Shipment, v string) { s.Status = v })
	status.options = statuses
	date := f("deliveryDate", "Delivery date", "date", false, func(s *order.Shipment) string {
		if s.DeliveryDate == nil {
			return ""
		}
		return s.DeliveryDate.UTC().Format(dateLayout)
	}, func(s *order.Shipment, v string) {
		if v == "" {
			s.DeliveryDate = nil
			return
		}
		t, _ := time.Parse(dateLayout, v)
		if s.DeliveryDate != nil && s.DeliveryDate.UTC().Format(dateLayout) == v {
			return // same day: keep the time someone recorded
		}
		s.DeliveryDate = &t
	})
	date.parse = func(raw string) (string, error) {
		raw = strings.TrimSpace(raw)
		_, err := parseDay(raw)
		return raw, err
	}
	return []editField{
		status,
		f("fulfillmentCenterName", "Ship from", "text", false, func(s *order.Shipment) string { return s.FulfillmentCenterName },
			func(s *order.Shipment, v string) { s.FulfillmentCenterName = v }),
		f("shipmentMethodCode", "Method (carrier)", "text", false, func(s *order.Shipment) string { return s.ShipmentMethodCode },
			func(s *order.Shipment, v string) { s.ShipmentMethodCode = v }),
		f("shipmentMethodOption", "Option", "text", false, func(s *order.Shipment) string { return s.ShipmentMethodOption },
			func(s *order.Shipment, v string) { s.ShipmentMethodOption = v }),
		f("trackingNumber", "Tracking number", "text", false, func(s *order.Shipment) string { return s.TrackingNumber },
			func(s *order.Shipment, v string) { s.TrackingNumber = v }),
		f("trackingUrl", "Tracking URL", "text", false, func(s *order.Shipment) string { return s.TrackingURL },
			func(s *order.Shipment, v string) { s.TrackingURL = v }),
		date,
		f("price", "Shipping price", "money", true, func(s *order.Shipment) string { return decText(s.Price) },
			func(s *order.Shipment, v string) { s.Price = dec(v) }),
		f("fee", "Fee", "money", true, func(s *order.Shipment) string { return decText(s.Fee) },
			func(s *order.Shipment, v string) { s.Fee = dec(v) }),
		f("discountAmount", "Discount", "money", true, func(s *order.Shipment) string { return decText(s.DiscountAmount) },
			func(s *order.Shipment, v string) { s.DiscountAmount = dec(v) }),
		f("taxType", "Tax type", "text", false, func(s *order.Shipment) string { return s.TaxType },
			func(s *order.Shipment, v string) { s.TaxType = v }),
		f("taxPercentRate", "Tax rate %", "percent", true, func(s *order.Shipment) string { return decText(s.TaxPercentRate) },
			func(s *order.Shipment, v string) { s.TaxPercentRate = dec(v) }),
		f("comment", "Comment", "textarea", false, func(s *order.Shipment) string { return s.Comment },
			func(s *order.Shipment, v string) { s.Comment = v }),
	}
}

// shipAddressFields are a shipment's delivery address fields; saving one to a shipment without
// an address gives it one.
func shipAddressFields(id string) []editField {
	var out []editField
	for _, in := range shipAddressInputs {
		name := in.name
		out = append(out, editField{name: name, label: in.label, kind: "text",
			path: "shipments[" + id + "].deliveryAddress." + name,
			get: func(o *order.CustomerOrder) (string, bool) {
				sh := o.Shipment(id)
				if sh == nil {
					return "", false
				}
				if sh.DeliveryAddress == nil {
					return "", true
				}
				return *addrRef(sh.DeliveryAddress, name), true
			},
			set: func(o *order.CustomerOrder, v string) {
				sh := o.Shipment(id)
				if sh == nil {
					return
				}
				if sh.DeliveryAddress == nil {
					sh.DeliveryAddress = &order.Address{ID: order.NewID(), AddressType: order.AddressShipping}
				}
				*addrRef(sh.DeliveryAddress, name) = v
			}})
	}
	return out
}
