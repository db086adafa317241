package staff

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

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

// shipInputsNamed picks shipment inputs by name, in the order named.
func shipInputsNamed(names ...string) []shipInput {
	out := make([]shipInput, 0, len(names))
	for _, n := range names {
		i := slices.IndexFunc(shipInputs, func(in shipInput) bool { return in.name == n })
		if i < 0 {
			panic("staff: no shipment input " + n)
		}
		out = append(out, shipInputs[i])
	}
	return out
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
func placeShipErrors(o *order.CustomerOrder, sh *order.Shipment, fe order.Problems, st *formState) {
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
