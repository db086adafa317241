package staff

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
	"orderdesk/templates/orderpage"
)

// input is one editable field of an order, read and written as a canonical string (the
// form carries the canonical value it was rendered from, for the merge). Kinds: text,
// textarea, select, check (bool), number (quantity), money, percent (stored as a fraction).
type input struct {
	name, label, kind string
	// price fields are left out for users who may not see prices: never shown, never read.
	price bool
	// path is the field's audit path, to find who changed it (internal/audit).
	path    string
	get     func(o *order.CustomerOrder) (string, bool) // false: the thing is gone
	set     func(o *order.CustomerOrder, v string)
	options []orderpage.Option
	// parse, when set, replaces the kind's parsing (custom fields parse by their value type).
	parse func(raw string) (string, error)
	// display, when set, replaces the kind's rendering of a canonical value.
	display func(v string) string
}

// parseInput turns what the user typed into the field's canonical value.
func (f input) parseInput(raw string) (string, error) {
	if err := order.CheckText(raw); err != nil {
		return "", err
	}
	if f.parse != nil {
		return f.parse(raw)
	}
	switch f.kind {
	case "number":
		n, err := order.ParseQuantity(raw)
		return strconv.Itoa(n), err
	case "money":
		d, err := order.ParseMoney(raw)
		return d.String(), err
	case "percent":
		d, err := order.ParsePercent(raw)
		return d.String(), err
	case "check":
		return strconv.FormatBool(raw == "true"), nil
	case "count", "optmoney", "datetime":
		return parseOptional(f.kind, raw)
	}
	return strings.TrimSpace(raw), nil
}

// show turns a canonical value into what the input shows.
func (f input) show(v string, cur order.Currency) string {
	if f.display != nil {
		return f.display(v)
	}
	switch f.kind {
	case "money", "optmoney":
		if v == "" {
			return ""
		}
		d, err := decimal.NewFromString(v)
		if err != nil {
			return v
		}
		if d.Equal(d.Round(cur.DecimalDigits)) {
			return d.StringFixed(cur.DecimalDigits)
		}
		return d.String()
	case "percent":
		d, err := decimal.NewFromString(v)
		if err != nil {
			return v
		}
		return d.Shift(2).String()
	}
	return v
}

// showTheirs is a canonical value as a conflict note shows it.
func (f input) showTheirs(v string, cur order.Currency) string {
	switch f.kind {
	case "percent":
		return f.show(v, cur) + " %"
	case "check":
		if v == "true" {
			return "yes"
		}
		return "no"
	case "select":
		for _, o := range f.options {
			if o.Value == v {
				return o.Label
			}
		}
	}
	return f.show(v, cur)
}

func dec(v string) decimal.Decimal { d, _ := decimal.NewFromString(v); return d }

func decText(d decimal.Decimal) string { return d.String() }

// lineFields are a line item's editable fields.
func lineFields(lineID string, statuses []orderpage.Option) []input {
	line := func(get func(li *order.LineItem) string, set func(li *order.LineItem, v string)) (func(*order.CustomerOrder) (string, bool), func(*order.CustomerOrder, string)) {
		return func(o *order.CustomerOrder) (string, bool) {
				if li := o.LineItem(lineID); li != nil {
					return get(li), true
				}
				return "", false
			}, func(o *order.CustomerOrder, v string) {
				if li := o.LineItem(lineID); li != nil {
					set(li, v)
				}
			}
	}
	p := "items[" + lineID + "]."
	f := func(name, label, kind string, price bool, get func(li *order.LineItem) string, set func(li *order.LineItem, v string)) input {
		g, s := line(get, set)
		return input{name: name, label: label, kind: kind, price: price, path: p + name, get: g, set: s}
	}
	status := f("status", "Status", "text", false, func(li *order.LineItem) string { return li.Status }, func(li *order.LineItem, v string) { li.Status = v })
	if len(statuses) > 0 {
		status.kind, status.options = "select", statuses
	}
	return []input{
		f("quantity", "Quantity", "number", false, func(li *order.LineItem) string { return strconv.Itoa(li.Quantity) },
			func(li *order.LineItem, v string) { li.Quantity, _ = strconv.Atoi(v) }),
		f("price", "Unit price", "money", true, func(li *order.LineItem) string { return decText(li.Price) },
			func(li *order.LineItem, v string) { li.Price = dec(v) }),
		f("discountAmount", "Discount per unit", "money", true, func(li *order.LineItem) string { return decText(li.DiscountAmount) },
			func(li *order.LineItem, v string) { li.DiscountAmount = dec(v) }),
		f("fee", "Fee", "money", true, func(li *order.LineItem) string { return decText(li.Fee) },
			func(li *order.LineItem, v string) { li.Fee = dec(v) }),
		f("taxType", "Tax type", "text", false, func(li *order.LineItem) string { return li.TaxType },
			func(li *order.LineItem, v string) { li.TaxType = v }),
		f("taxPercentRate", "Tax rate %", "percent", true, func(li *order.LineItem) string { return decText(li.TaxPercentRate) },
			func(li *order.LineItem, v string) { li.TaxPercentRate = dec(v) }),
		status,
		f("comment", "Comment", "textarea", false, func(li *order.LineItem) string { return li.Comment },
			func(li *order.LineItem, v string) { li.Comment = v }),
	}
}

// headerFields are the order's own editable fields.
func headerFields(statuses, assignees []orderpage.Option) []input {
	f := func(name, label, kind string, price bool, get func(o *order.CustomerOrder) string, set func(o *order.CustomerOrder, v string)) input {
		return input{name: name, label: label, kind: kind, price: price, path: name,
			get: func(o *order.CustomerOrder) (string, bool) { return get(o), true }, set: set}
	}
	status := f("status", "Status", "select", false, func(o *order.CustomerOrder) string { return o.Status },
		func(o *order.CustomerOrder, v string) { o.Status = v })
	status.options = statuses
	assignee := f("employeeId", "Assigned to", "select", false, func(o *order.CustomerOrder) string { return o.EmployeeID },
		func(o *order.CustomerOrder, v string) {
			o.EmployeeID, o.EmployeeName = v, ""
			for _, a := range assignees {
				if a.Value == v && v != "" {
					o.EmployeeName = a.Label
				}
			}
		})
	assignee.options = assignees
	return []input{
		f("customerName", "Customer", "text", false, func(o *order.CustomerOrder) string { return o.CustomerName },
			func(o *order.CustomerOrder, v string) { o.CustomerName = v }),
		f("organizationName", "Organization", "text", false, func(o *order.CustomerOrder) string { return o.OrganizationName },
			func(o *order.CustomerOrder, v string) { o.OrganizationName = v }),
		f("purchaseOrderNumber", "PO number", "text", false, func(o *order.CustomerOrder) string { return o.PurchaseOrderNumber },
			func(o *order.CustomerOrder, v string) { o.PurchaseOrderNumber = v }),
		f("languageCode", "Language", "text", false, func(o *order.CustomerOrder) string { return o.LanguageCode },
			func(o *order.CustomerOrder, v string) { o.LanguageCode = v }),
		status,
		assignee,
		f("isApproved", "Approved", "check", false, func(o *order.CustomerOrder) string { return strconv.FormatBool(o.IsApproved) },
			func(o *order.CustomerOrder, v string) { o.IsApproved = v == "true" }),
		f("discountAmount", "Order discount", "money", true, func(o *order.CustomerOrder) string { return decText(o.DiscountAmount) },
			func(o *order.CustomerOrder, v string) { o.DiscountAmount = dec(v) }),
		f("fee", "Order fee", "money", true, func(o *order.CustomerOrder) string { return decText(o.Fee) },
			func(o *order.CustomerOrder, v string) { o.Fee = dec(v) }),
		f("comment", "Comment", "textarea", false, func(o *order.CustomerOrder) string { return o.Comment },
			func(o *order.CustomerOrder, v string) { o.Comment = v }),
	}
}

// addressFieldsOf are the fields of the address's form. A "Billing and shipping" address asks
// first what the change is for: a customer who sends a parcel elsewhere has not moved their
// invoice, so the clerk may change the shipping address alone (or the billing one), which
// splits the address in two.
func addressFieldsOf(o *order.CustomerOrder, addrID string) []input {
	fields := addressFields(addrID)
	if a := o.Address(addrID); a != nil && a.AddressType == order.AddressBillingAndShipping {
		return append([]input{addressUseField(addrID)}, fields...)
	}
	return fields
}

// addressUseField is the "this change is for" choice of a combined address. It comes before
// the address's fields, so the split copies the address as it was before the change.
func addressUseField(addrID string) input {
	return input{name: "use", label: "This change is for", kind: "select", path: "addresses[" + addrID + "].addressType",
		options: []orderpage.Option{
			{Value: "both", Label: "Billing and shipping"},
			{Value: "shipping", Label: "Shipping only (billing stays as it is)"},
			{Value: "billing", Label: "Billing only (shipping stays as it is)"},
		},
		get: func(o *order.CustomerOrder) (string, bool) {
			if o.Address(addrID) == nil {
				return "", false
			}
			return "both", true // what the address is for until this change says otherwise
		},
		set: func(o *order.CustomerOrder, v string) {
			a := o.Address(addrID)
			if a == nil || a.AddressType != order.AddressBillingAndShipping || (v != "shipping" && v != "billing") {
				return
			}
			kept := *a
			kept.ID = order.NewID()
			if v == "shipping" {
				a.AddressType, kept.AddressType = order.AddressShipping, order.AddressBilling
			} else {
				a.AddressType, kept.AddressType = order.AddressBilling, order.AddressShipping
			}
			o.Addresses = append(o.Addresses, kept)
		}}
}

// addressFields are one order address's editable fields.
func addressFields(addrID string) []input {
	f := func(name, label string, ref func(a *order.Address) *string) input {
		return input{name: name, label: label, kind: "text", path: "addresses[" + addrID + "]." + name,
			get: func(o *order.CustomerOrder) (string, bool) {
				if a := o.Address(addrID); a != nil {
					return *ref(a), true
				}
				return "", false
			},
			set: func(o *order.CustomerOrder, v string) {
				if a := o.Address(addrID); a != nil {
					*ref(a) = v
				}
			}}
	}
	var fs []input
	for _, in := range addressInputs {
		fs = append(fs, f(in.name, in.label, in.ref))
	}
	return fs
}
