package staff

import (
	"cmp"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/csrf"
	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/internal/store"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// shipFigures puts shipped and left under every line's quantity once the order has shipments.
func shipFigures(o *order.CustomerOrder, v *orderpage.Page) {
	any := false
	for _, s := range o.Shipments {
		any = any || !s.IsCancelled
	}
	left := order.Shipping(o)
	for i := range v.Lines {
		if any && !v.Lines[i].Cancelled {
			v.Lines[i].ShipFigure = shipFigure(left[v.Lines[i].ID])
		}
	}
}

// shipFigure says where a line's units are: "shipped" only once their shipment was sent,
// "in a shipment" while it is still being picked or packed, and what is left to ship.
func shipFigure(ls order.LineShipping) string {
	if ls.Sent > 0 && ls.Sent == ls.Shipped && ls.Remaining == 0 {
		return "all " + strconv.Itoa(ls.Sent) + " shipped"
	}
	var parts []string
	if ls.Sent > 0 {
		parts = append(parts, strconv.Itoa(ls.Sent)+" shipped")
	}
	if waiting := ls.Shipped - ls.Sent; waiting > 0 {
		in := " in a shipment"
		if ls.Waiting > 1 {
			in = " in " + strconv.Itoa(ls.Waiting) + " shipments"
		}
		parts = append(parts, strconv.Itoa(waiting)+in)
	}
	if ls.Remaining > 0 {
		parts = append(parts, strconv.Itoa(ls.Remaining)+" left")
	}
	return strings.Join(parts, " · ")
}

// packageFacts describe a shipment's packages and its tracking link.
func packageFacts(s *order.Shipment, lineName func(string) string) []orderpage.Fact {
	var out []orderpage.Fact
	if s.TrackingURL != "" {
		out = append(out, orderpage.Fact{Label: "Tracking URL", Value: s.TrackingURL})
	}
	for i, p := range s.Packages {
		parts := []string{}
		if p.BarCode != "" {
			parts = append(parts, p.BarCode)
		}
		if p.PackageType != "" {
			parts = append(parts, p.PackageType)
		}
		if p.Weight.Valid {
			parts = append(parts, strings.TrimSpace(p.Weight.Decimal.String()+" "+p.WeightUnit))
		}
		if p.Length.Valid || p.Width.Valid || p.Height.Valid {
			parts = append(parts, strings.TrimSpace(nullText(p.Length)+"×"+nullText(p.Width)+"×"+nullText(p.Height)+" "+p.MeasureUnit))
		}
		var items []string
		for _, it := range s.PackageItems(p.ID) {
			items = append(items, lineName(it.LineItemID)+" × "+strconv.Itoa(it.Quantity))
		}
		if len(items) > 0 {
			parts = append(parts, "holds "+strings.Join(items, ", "))
		}
		out = append(out, orderpage.Fact{Label: "Package " + strconv.Itoa(i+1), Value: strings.Join(parts, " · ")})
	}
	return out
}

// shippingView adds to the live page what shipping needs: the consignments its shipments
// belong to (for everyone), and for users who may update shipments the shipping panel and each
// shipment's edit forms, with st's input when st is one of them.
func (s *Server) shippingView(r *http.Request, o *order.CustomerOrder, v *orderpage.Page, st *formState) error {
	if err := s.consignmentView(r, o, v); err != nil {
		return err
	}
	u := base.State(r).User
	if !u.Can(auth.OrderUpdateShipments) {
		return nil
	}
	showPrices := u.Can(auth.OrderReadPrices)
	token := csrf.Token(r)
	rules := s.Store.Rules().Statuses
	sp, more := shippingPanel(o, token)
	v.Shipping = sp
	if o.IsReadOnly() {
		sp.Locked = "This order can no longer be edited, so nothing more can be shipped or changed."
		return nil
	}
	pick := formPicker(shippingSaved(sp, st))
	if more {
		draft := order.DraftShipment(o, rules)
		f := shipmentFormView(o, &draft, newShipmentForm(o), pick("shipnew"), true, showPrices)
		sp.New = &f
		cands, err := s.Store.ShipTogetherCandidates(r.Context(), o, base.ViewerOf(u).Scope)
		if err != nil {
			return err
		}
		sp.Together = togetherView(o.ID, token, cands, rules)
	}
	forms := shipmentEditForms{
		fields:  func(id string) editForm { return s.shipmentFieldsForm(o, id, showPrices) },
		address: func(id string) editForm { return s.shipmentAddressForm(o, id) },
	}
	addShipmentTools(o, v.Documents, pick, forms, token, showPrices, rules)
	return nil
}

// shippingPanel is the shipping panel with its summary ("3 of 8 units in 2 shipments"), and
// whether units are left to ship.
func shippingPanel(o *order.CustomerOrder, token string) (sp *orderpage.Shipping, more bool) {
	left := order.Shipping(o)
	ordered, shipped, count := 0, 0, 0
	for _, li := range o.Items {
		if !li.IsCancelled {
			ordered += li.Quantity
			shipped += min(left[li.ID].Shipped, li.Quantity)
		}
	}
	for _, sh := range o.Shipments {
		if !sh.IsCancelled {
			count++
		}
	}
	summary := fmt.Sprintf("%d of %d units in %s", shipped, ordered, plural(strconv.Itoa(count), "1 shipment", strconv.Itoa(count)+" shipments"))
	if count == 0 {
		summary = fmt.Sprintf("Nothing shipped yet: %s to ship.", plural(strconv.Itoa(ordered), "1 unit", strconv.Itoa(ordered)+" units"))
	}
	return &orderpage.Shipping{CSRF: token, Summary: summary}, shipped < ordered
}

// shippingSaved says a saved shipment edit once, above the forms (the form saved may be gone:
// a cancelled shipment), and is then the input left for the forms: none.
func shippingSaved(sp *orderpage.Shipping, st *formState) *formState {
	if st != nil && strings.HasPrefix(st.key, "ship") && st.saved != "" {
		sp.Saved, sp.Meanwhile = st.saved, st.meanwhile
		return nil
	}
	return st
}

// formPicker gives each form its input: st to the form it came from, nothing to the others.
func formPicker(st *formState) func(key string) *formState {
	return func(key string) *formState {
		if st != nil && st.key == key {
			return st
		}
		return nil
	}
}

// togetherView offers the customer's other open orders to ship with o, those going to the same
// address ticked; nil when there are none.
func togetherView(orderID, token string, cands []store.ShipTogetherCandidate, rules order.StatusRules) *orderpage.Together {
	if len(cands) == 0 {
		return nil
	}
	t := &orderpage.Together{CSRF: token, OrderID: orderID}
	for _, c := range cands {
		t.Orders = append(t.Orders, orderpage.TogetherOrder{ID: c.ID, Number: c.Number, Status: rules.Label(order.TypeCustomerOrder, c.Status),
			Created: base.When(c.CreatedDate), SameAddress: c.SameAddress, Checked: c.SameAddress,
			Address: addressLine(c.Address)})
	}
	return t
}

// shipmentEditForms build a shipment's fields and address forms, by the shipment's id.
type shipmentEditForms struct{ fields, address func(id string) editForm }

// addShipmentTools gives every live shipment among docs its edit forms: fields, address, items,
// cancelling, and removing while it is in its initial status without payments.
func addShipmentTools(o *order.CustomerOrder, docs []orderpage.Document, pick func(string) *formState, forms shipmentEditForms,
	token string, showPrices bool, rules order.StatusRules) {
	for i := range docs {
		d := &docs[i]
		if d.Kind != "Shipment" {
			continue
		}
		id := strings.TrimPrefix(d.Anchor, "doc-")
		sh := o.Shipment(id)
		if sh == nil || sh.IsCancelled {
			continue
		}
		tools := &orderpage.ShipmentTools{CSRF: token}
		tools.Fields = forms.fields(id).toView(o, pick("ship:"+id))
		tools.Address = forms.address(id).toView(o, pick("shipaddr:"+id))
		tools.Items = shipmentFormView(o, sh, shipmentItemsForm(o, id), pick("shipitems:"+id), false, showPrices)
		c := shipmentCancelForm(o, id).toView(o, pick("shipcancel:"+id))
		c.Danger, c.NeedReason = true, true
		tools.Cancel = &c
		if sh.Status == rules.InitialStatus(order.TypeShipment) && len(o.ShipmentPayments(id)) == 0 {
			rm := shipmentRemoveForm(o, id).toView(o, pick("shipremove:"+id))
			rm.Danger = true
			tools.Remove = &rm
		}
		d.Ship = tools
	}
}

// consignmentView lists, under each shipment that is part of a consignment, every order it
// serves (one query for all of them).
func (s *Server) consignmentView(r *http.Request, o *order.CustomerOrder, v *orderpage.Page) error {
	var ids []string
	for _, sh := range o.Shipments {
		if sh.ConsignmentID != "" {
			ids = append(ids, sh.ConsignmentID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	parts, err := s.Store.ConsignmentParts(r.Context(), ids)
	if err != nil {
		return err
	}
	for i := range v.Documents {
		d := &v.Documents[i]
		sh := o.Shipment(strings.TrimPrefix(d.Anchor, "doc-"))
		if d.Kind != "Shipment" || sh == nil || sh.ConsignmentID == "" {
			continue
		}
		c := &orderpage.Consignment{}
		if base.State(r).User.Can(auth.OrderUpdateShipments) {
			c.EditURL = "/shipments/consignments/" + sh.ConsignmentID + "?from=" + o.ID
		}
		for _, p := range parts[sh.ConsignmentID] {
			c.Parts = append(c.Parts, orderpage.ConsignmentPart{OrderURL: "/orders/" + p.OrderID + "#doc-" + p.ShipmentID,
				OrderNumber: p.OrderNumber, ShipmentNumber: p.ShipmentNumber, Status: s.Store.Rules().Statuses.Label(order.TypeShipment, p.Status), Cancelled: p.IsCancelled,
				This: p.OrderID == o.ID})
		}
		d.Consignment = c
	}
	return nil
}

func addressLine(a *order.Address) string {
	if a == nil {
		return "no shipping address"
	}
	return strings.Join(addressView(*a, "").Lines, ", ")
}

// shipmentFormView renders the lines-and-packages form of sh (a draft for a new shipment) and,
// for a new one, its other fields; st overlays the user's input and messages.
func shipmentFormView(o *order.CustomerOrder, sh *order.Shipment, ef editForm, st *formState, isNew, showPrices bool) orderpage.ShipmentForm {
	f := orderpage.ShipmentForm{ID: ef.domID, Action: ef.action, Target: ef.target, Title: ef.title, Submit: ef.submit, Version: o.Version}
	if !isNew {
		f.Orig = itemsFingerprint(sh)
	}
	if st != nil {
		f.Version = st.version
		f.Error = st.formErr
		f.Open = st.saved == "" && (st.formErr != "" || st.conflict || len(st.errs) > 0)
		if !isNew && st.saved == "" && st.raw["orig.items"] != "" {
			f.Orig = st.raw["orig.items"] // keep comparing with what the user saw
		}
	}
	in := formInput{st}
	// Packages first: the line selects name them.
	var pkgNo map[string]string
	f.Packages, pkgNo = shipmentPackages(sh, in)
	if len(f.Packages) > 0 {
		f.Units = shipmentUnits(sh, in)
	}
	f.Lines = shipmentLines(o, sh, pkgNo, in)
	if isNew {
		f.Fields, f.Address = newShipmentFields(o, sh, in, showPrices)
	}
	return f
}

// formInput is what the user typed into a form, over the values it would show: st may be nil.
type formInput struct{ st *formState }

// value is the user's input for the field, else def.
func (in formInput) value(name, def string) string {
	if in.st != nil {
		if v, ok := in.st.raw[name]; ok {
			return v
		}
	}
	return def
}

// err is the field's message, if any.
func (in formInput) err(name string) string {
	if in.st != nil {
		return in.st.errs[name]
	}
	return ""
}

// shipmentPackages are the package rows, as many as the user asked for (up to the maximum),
// and the row number of each of the shipment's packages by id.
func shipmentPackages(sh *order.Shipment, in formInput) ([]orderpage.PackageInput, map[string]string) {
	n := len(sh.Packages)
	if v, err := strconv.Atoi(in.value("packages", strconv.Itoa(n))); err == nil && v >= 0 {
		n = min(v, order.MaxShipmentPackages)
	}
	var rows []orderpage.PackageInput
	pkgNo := map[string]string{}
	for i := 0; i < n; i++ {
		no := strconv.Itoa(i + 1)
		var p order.ShipmentPackage
		if i < len(sh.Packages) {
			p = sh.Packages[i]
			pkgNo[p.ID] = no
		}
		row := orderpage.PackageInput{N: no, Error: in.err("p" + no)}
		for _, pi := range packageInputs {
			name := "p" + no + "." + pi.name
			kind := pi.kind
			if kind == "money" {
				kind = "number" // decimal measure: numeric keyboard
			}
			row.Inputs = append(row.Inputs, orderpage.Input{Name: name, Label: pi.label, Kind: kind,
				Value: in.value(name, packageValue(p, pi.name)), Error: in.err(name)})
		}
		rows = append(rows, row)
	}
	return rows, pkgNo
}

// packageValue is one field of a package as the form shows it.
func packageValue(p order.ShipmentPackage, name string) string {
	switch name {
	case "barCode":
		return p.BarCode
	case "packageType":
		return p.PackageType
	case "weight":
		return nullText(p.Weight)
	case "length":
		return nullText(p.Length)
	case "width":
		return nullText(p.Width)
	case "height":
		return nullText(p.Height)
	}
	return ""
}

// shipmentUnits are the units the packages are measured in: the first package's, else kg and cm.
func shipmentUnits(sh *order.Shipment, in formInput) []orderpage.Input {
	wu, mu := "kg", "cm"
	if len(sh.Packages) > 0 {
		wu, mu = cmp.Or(sh.Packages[0].WeightUnit, wu), cmp.Or(sh.Packages[0].MeasureUnit, mu)
	}
	return []orderpage.Input{
		{Name: "weightUnit", Label: "Weight in", Kind: "select", Value: in.value("weightUnit", wu), Options: editChoices([]string{"kg", "g", "lb", "oz"}, wu)},
		{Name: "measureUnit", Label: "Size in", Kind: "select", Value: in.value("measureUnit", mu), Options: editChoices([]string{"cm", "mm", "in"}, mu)},
	}
}

// shipmentLines are the order's lines with the units sh takes of each, its package, and what
// the other shipments leave.
func shipmentLines(o *order.CustomerOrder, sh *order.Shipment, pkgNo map[string]string, in formInput) []orderpage.ShipLine {
	others := order.ShippedByLine(o, sh.ID)
	inShipment := map[string]int{}
	pkgOf := map[string]string{}
	for _, it := range sh.Items {
		inShipment[it.LineItemID] += it.Quantity
		if it.ShipmentPackageID != "" {
			pkgOf[it.LineItemID] = pkgNo[it.ShipmentPackageID]
		}
	}
	var lines []orderpage.ShipLine
	for _, li := range o.Items {
		l := orderpage.ShipLine{LineID: li.ID, Sku: li.Sku, Name: li.Name, Ordered: li.Quantity, Cancelled: li.IsCancelled,
			Left: max(0, li.Quantity-others[li.ID])}
		l.Qty = in.value("qty."+li.ID, strconv.Itoa(inShipment[li.ID]))
		l.Package = in.value("pkg."+li.ID, pkgOf[li.ID])
		l.Error = in.err("qty."+li.ID) + in.err("pkg."+li.ID)
		lines = append(lines, l)
	}
	return lines
}

// newShipmentFields are a new shipment's own fields (its prices only for those who may see
// them) and its delivery address.
func newShipmentFields(o *order.CustomerOrder, sh *order.Shipment, in formInput, showPrices bool) (fields, address []orderpage.Input) {
	field := func(name, label, kind, def string) orderpage.Input {
		return orderpage.Input{Name: name, Label: label, Kind: kind, Value: in.value(name, def), Error: in.err(name)}
	}
	for _, si := range shipInputs {
		fields = append(fields, field(si.name, si.label, si.kind, ""))
	}
	if showPrices {
		cur := o.CurrencyRule()
		for _, si := range shipPriceInputs {
			def := ""
			if si.kind == "money" {
				def = cur.Fixed(decimal.Zero)
			}
			if si.kind == "percent" {
				def = "0"
			}
			fields = append(fields, field(si.name, si.label, si.kind, def))
		}
	}
	fields = append(fields, field("comment", "Comment", "textarea", ""))
	a := order.Address{}
	if sh.DeliveryAddress != nil {
		a = *sh.DeliveryAddress
	}
	for _, ai := range shipAddressInputs {
		address = append(address, field("addr."+ai.name, ai.label, "text", *addrRef(&a, ai.name)))
	}
	return fields, address
}
