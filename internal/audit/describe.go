package audit

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

// Names gives Describe what it needs to name elements — line SKUs and names, document numbers,
// address types, currencies — as a flat form (Flatten) keyed by path. It is only ever read.
type Names map[string]string

// NamesOf merges the flat forms of orders; a path present in several takes the first one's
// value. Pass the after-state first and the before-state second, so that elements removed by
// the change set are still named. Names of other documents (a Return) can be merged in from
// FlattenOf; Return lines are named after the order lines they point at.
func NamesOf(orders ...*order.CustomerOrder) Names {
	n := Names{}
	for _, o := range orders {
		for k, v := range Flatten(o) {
			if _, ok := n[k]; !ok {
				n[k] = v
			}
		}
		if o == nil {
			continue
		}
		for i, id := range o.TagIDs {
			if k := TagNamePath(id); i < len(o.Tags) && n[k] == "" {
				n[k] = o.Tags[i]
			}
		}
	}
	return n
}

// TagNamePath is where Names keeps a tag's name, by its id: the history records tag ids
// (tagIds) and says them by the names they had when the change was made.
func TagNamePath(id string) string { return "tags[" + id + "]" }

// Describe renders a change as one sentence for the history, e.g.
//
//	Order status New → Processing
//	Line SKU-1 "Widget": quantity 2 → 3
//	Shipment SH261123-00002 status New → Sent
//	Payment PI261123-00001 capture CA261123-00001 added: 40.00
//	Billing address city Paris → Lyon
//
// The sentence is derived from the structured change, which stays the record. names may be nil;
// elements are then named by id. Money is shown exactly, padded to the currency's decimals.
func Describe(c Change, names Names) string {
	return describe(c, names, nil)
}

// DescribeWithoutMoney is Describe for someone who may not see prices: every amount of money
// in the sentence is replaced by "•••", so the sentence still says what changed.
func DescribeWithoutMoney(c Change, names Names) string {
	return Sentence(c, names, Wording{HideMoney: true})
}

// Wording is how a sentence puts stored values into words for the person reading it.
type Wording struct {
	// HideMoney replaces every amount by "•••" (price hiding).
	HideMoney bool
	// Statuses give statuses and refund reason codes their labels ("Not payed" reads "Not
	// paid"); the zero value shows them as stored.
	Statuses order.StatusRules
}

// Sentence is Describe with the reader's wording.
func Sentence(c Change, names Names, w Wording) string {
	d := describer{c: c, names: names, hideMoney: w.HideMoney, statuses: w.Statuses}
	return d.sentence()
}

// describe is Describe; when used is not nil, every name the sentence looked up is copied into
// it (NamesUsed).
func describe(c Change, names, used Names) string {
	d := describer{c: c, names: names, used: used}
	return d.sentence()
}

func (d describer) sentence() string {
	c := d.c
	segs, err := parsePath(c.Path)
	if err != nil {
		return c.Path + " " + string(c.Op)
	}
	last := segs[len(segs)-1]
	if c.Path == "tagIds" {
		return d.tagSentence()
	}
	switch {
	case c.Op == Reordered:
		noun := humanize(last.name)
		if len(segs) == 1 && last.name == "items" {
			noun = "lines"
		}
		return d.subject(segs[:len(segs)-1]) + " " + noun + " reordered"
	case (c.Op == Added || c.Op == Removed) && (c.Fields != nil || last.hasKey):
		s := d.subject(segs) + " " + string(c.Op)
		if sum := d.summary(); sum != "" {
			s += ": " + sum
		}
		return s
	}
	subj := d.subject(segs[:len(segs)-1])
	if strings.HasSuffix(subj, `"`) {
		subj += ":"
	}
	if field := humanize(last.name); field != "" {
		subj += " " + field
	}
	if words, ok := d.inWords(); ok {
		return strings.TrimSuffix(d.subject(segs[:len(segs)-1]), ":") + " " + words
	}
	oldV, newV := d.value(c.Old, c.Path), d.value(c.New, c.Path)
	switch {
	case oldV == "":
		return subj + " set to " + newV
	case newV == "":
		return subj + " cleared (was " + oldV + ")"
	}
	return subj + " " + oldV + " → " + newV
}

type describer struct {
	c     Change
	names Names
	used  Names // nil unless the caller collects the names a sentence needs
	// hideMoney replaces amounts by "•••" (price hiding).
	hideMoney bool
	statuses  order.StatusRules
}

// inWords phrases the fields that record a state rather than a value: "cancellation
// completed", not "cancelled state set to Completed"; "approved", not "approved no → yes".
func (d describer) inWords() (string, bool) {
	newV := ""
	if d.c.New != nil {
		newV = *d.c.New
	}
	switch lastField(d.c.Path) {
	case "cancelledState":
		switch order.CancelledState(newV) {
		case order.CancelRequested:
			return "cancellation requested", true
		case order.CancelCompleted:
			return "cancellation completed", true
		}
		return "cancellation request withdrawn", true
	case "isCancelled":
		if newV == "true" {
			return "cancelled", true
		}
		return "no longer cancelled", true
	case "isApproved":
		if newV == "true" {
			return "approved", true
		}
		return "no longer approved", true
	}
	return "", false
}

// name reads one path of names, noting it when names are being collected.
func (d describer) name(path string) string {
	v, ok := d.names[path]
	if ok && d.used != nil {
		d.used[path] = v
	}
	return v
}

// look reads a value of the state: from the change's own fields for the element it adds or
// removes, from names otherwise.
func (d describer) look(path string) string {
	if rel, ok := strings.CutPrefix(path, d.c.Path+"."); ok && d.c.Fields != nil {
		for _, l := range d.c.Fields {
			if l.Path == rel {
				return l.Value
			}
		}
		return ""
	}
	return d.name(path)
}

// documentCollections are named on their own; everything else is "Order …" (or "Return …").
var documentCollections = map[string]bool{
	"items": true, "shipments": true, "inPayments": true, "addresses": true, "lineItems": true,
}

func (d describer) subject(segs []segment) string {
	var parts []string
	prefix := ""
	for i, s := range segs {
		el := prefix + s.name
		if s.hasKey {
			el += "[" + s.key + "]"
		}
		parts = append(parts, d.phrase(s, i == 0, el))
		prefix = el + "."
	}
	if len(segs) == 0 || !documentCollections[segs[0].name] {
		root := "Order"
		if d.c.Entity == "Return" && len(segs) == 0 {
			root = "Return"
		}
		parts = append([]string{root}, parts...)
	}
	s := strings.Join(parts, " ")
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// phrase names one step of a path: "Line SKU-1 "Widget"", "capture CA-1", "delivery address".
func (d describer) phrase(s segment, top bool, el string) string {
	label := func(fields ...string) string {
		for _, f := range fields {
			if v := d.look(el + "." + f); v != "" {
				return v
			}
		}
		if id := unescapeKey(s.key); id != "" {
			return id
		}
		return s.key
	}
	switch s.name {
	case "items":
		if top {
			sku, name := d.look(el+".sku"), d.look(el+".name")
			switch {
			case sku != "" && name != "":
				return "Line " + sku + ` "` + name + `"`
			case name != "":
				return `Line "` + name + `"`
			}
			return "Line " + label("sku")
		}
		return "item " + d.lineRef(d.look(el+".lineItemId"), label())
	case "lineItems":
		return "Return line " + d.lineRef(d.look(el+".orderLineItemId"), label())
	case "shipments":
		return "Shipment " + label("number")
	case "inPayments":
		return "Payment " + label("number")
	case "captures":
		return "capture " + label("number")
	case "refunds":
		return "refund " + label("number")
	case "packages":
		return "package " + label("barCode")
	case "addresses":
		t := d.look(el + ".addressType")
		if t == "" || t == order.AddressUndefined.String() {
			return "Address"
		}
		return humanize(strings.ReplaceAll(t, ", ", "And")) + " address"
	case "discounts":
		return "discount " + label("promotionName", "coupon", "promotionId")
	case "taxDetails":
		return "tax detail " + label("name")
	case "feeDetails":
		return "fee detail " + label("feeId")
	case "dynamicProperties":
		return `custom field "` + label("name") + `"`
	case "values":
		if loc := d.look(el + ".locale"); loc != "" {
			return "value " + loc
		}
		return "value"
	case "configurationItems":
		return "configuration item " + label("name", "sku")
	case "files":
		return "file " + label("name")
	case "orderTotals":
		return "totals " + label("currencyCode")
	}
	if s.hasKey {
		return humanize(s.name) + " " + label()
	}
	return humanize(s.name)
}

// lineRef names an order line by its SKU when names has it.
func (d describer) lineRef(lineID, fallback string) string {
	if sku := d.name("items[" + escapeKey(lineID) + "].sku"); sku != "" {
		return sku
	}
	if lineID != "" {
		return lineID
	}
	return fallback
}

// summary is the short content of an added or removed element.
func (d describer) summary() string {
	p := d.c.Path + "."
	switch d.c.Entity {
	case "LineItem":
		if q := d.look(p + "quantity"); q != "" {
			return q + " × " + d.value(ptr(d.look(p+"price"), true), p+"price")
		}
	case "ShipmentItem", "CaptureItem", "RefundItem", "ReturnLineItem":
		if q := d.look(p + "quantity"); q != "" {
			return "quantity " + q
		}
	case "Capture", "Refund", "PaymentGatewayTransaction":
		return d.value(ptr(d.look(p+"amount"), true), p+"amount")
	case "PaymentIn":
		return d.value(ptr(d.look(p+"sum"), true), p+"sum")
	case "Discount":
		return d.value(ptr(d.look(p+"discountAmount"), true), p+"discountAmount")
	case "TaxDetail", "FeeDetail":
		return d.value(ptr(d.look(p+"amount"), true), p+"amount")
	case "Address":
		var parts []string
		for _, f := range []string{"line1", "city", "postalCode", "countryName"} {
			if v := d.look(p + f); v != "" {
				parts = append(parts, v)
			}
		}
		return strings.Join(parts, ", ")
	}
	return ""
}

// value renders a field value for a sentence; "" means empty or absent.
// RefundNumberPath is where names keep the number of the refund with this id, for sentences
// about the refund a return was paid back with.
func RefundNumberPath(id string) string { return "refunds[" + id + "].number" }

func (d describer) value(v *string, path string) string {
	if v == nil || *v == "" {
		return ""
	}
	s, name := *v, lastField(path)
	// A return's refund is named by its number (recorded with the return's change set).
	if name == "refundId" {
		if n := d.name(RefundNumberPath(s)); n != "" {
			return n
		}
	}
	switch {
	case name == "status" && d.c.Entity != "":
		return d.statuses.Label(order.DocumentType(d.c.Entity), s)
	case name == "reasonCode" && d.c.Entity == "Refund":
		return d.statuses.Label(order.TypeRefundReason, s)
	}
	if IsMoneyField(path) && d.hideMoney {
		return "•••"
	}
	if IsMoneyField(path) {
		if dec, err := decimal.NewFromString(s); err == nil {
			if digits := d.digits(path); dec.Exponent() > -digits {
				return dec.StringFixed(digits)
			}
			return dec.String()
		}
	}
	if strings.HasSuffix(name, "Date") || name == "dateTimeValue" {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return FormatTime(t)
		}
	}
	if (strings.HasPrefix(name, "is") || name == "closeTransaction" || name == "booleanValue") && (s == "true" || s == "false") {
		return map[string]string{"true": "yes", "false": "no"}[s]
	}
	if utf8.RuneCountInString(s) > 80 {
		return string([]rune(s)[:79]) + "…"
	}
	return s
}

// FormatTime is the desk's way of writing a moment: "1 Dec 2026 19:17 UTC", to the minute
// like every page; a bare date (midnight) reads "1 Dec 2026".
func FormatTime(t time.Time) string {
	t = t.UTC()
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format("2 Jan 2006")
	}
	return t.Format("2 Jan 2006 15:04") + " UTC"
}

// digits is the number of decimals of the currency nearest to path (element, then owners, then
// the order): 2 when none is known.
func (d describer) digits(path string) int32 {
	for p := path; ; {
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
		for _, f := range []string{".currency", ".currencyCode"} {
			if c := d.look(p + f); c != "" {
				return order.CurrencyFor(c).DecimalDigits
			}
		}
	}
	if c := d.name("currency"); c != "" {
		return order.CurrencyFor(c).DecimalDigits
	}
	return 2
}

// IsMoneyField reports whether the field a path ends in holds an amount of money — prices,
// amounts, totals, sums, fees, discounts and taxes — so that price hiding can redact it. Rates,
// types, ids, counts and flags are not money. For an added or removed element, test each of its
// Fields (c.Path + "." + leaf.Path).
func IsMoneyField(path string) bool {
	words := strings.Fields(strings.ToLower(splitCamel(lastField(path))))
	if len(words) == 0 {
		return false
	}
	switch words[len(words)-1] {
	case "id", "type", "rate", "rounded", "code", "count", "description", "name", "unit", "date", "status", "message":
		return false
	}
	for _, w := range words {
		switch w {
		case "price", "amount", "total", "sum", "fee", "discount", "tax":
			return true
		}
	}
	return false
}

func lastField(path string) string {
	if segs, err := parsePath(path); err == nil {
		return segs[len(segs)-1].name
	}
	return path[strings.LastIndexByte(path, '.')+1:]
}

var fieldWords = map[string]string{
	"id": "ID", "key": "ID", "valueId": "dictionary value",
	// A custom field's typed value columns: the "value" phrase of the path already says it.
	"shortTextValue": "", "longTextValue": "", "integerValue": "", "decimalValue": "", "booleanValue": "", "dateTimeValue": "",
	"closeTransaction": "closes transaction",
}

// humanize turns a JSON field name into words: "discountAmount" → "discount amount",
// "isApproved" → "approved", "employeeId" → "employee ID".
func humanize(name string) string {
	if w, ok := fieldWords[name]; ok {
		return w
	}
	if rest, ok := strings.CutPrefix(name, "is"); ok && rest != "" && unicode.IsUpper(rune(rest[0])) {
		name = rest
	}
	words := strings.Fields(splitCamel(name))
	for i, w := range words {
		switch lw := strings.ToLower(w); lw {
		case "id", "url", "ip":
			words[i] = strings.ToUpper(lw)
		default:
			words[i] = lw
		}
	}
	return strings.Join(words, " ")
}

// splitCamel puts a space before every inner capital: "taxPercentRate" → "tax Percent Rate".
func splitCamel(name string) string {
	var b strings.Builder
	for i, r := range name {
		if i > 0 && unicode.IsUpper(r) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// WithoutMoney drops every money field from a decoded JSON tree (IsMoneyField decides,
// the same rule the history uses).
func WithoutMoney(v any) any {
	return redactMoney(v, false)
}

// ZeroMoney sets every money amount in v to 0, keeping the fields, as Virto's ReduceDetails does
// for a response group without WithPrices (a client reading them finds zeros, not gaps). The
// gateway's request and response data are left out, as WithoutMoney does.
func ZeroMoney(v any) any {
	return redactMoney(v, true)
}

func redactMoney(v any, zero bool) any {
	switch t := v.(type) {
	case map[string]any:
		for k, val := range t {
			// A gateway's request and response data carry the amounts as text.
			if IsMoneyField(k) || k == "requestData" || k == "responseData" {
				if _, isNumber := val.(float64); zero && isNumber {
					t[k] = float64(0)
				} else {
					delete(t, k)
				}
				continue
			}
			t[k] = redactMoney(val, zero)
		}
	case []any:
		for i := range t {
			t[i] = redactMoney(t[i], zero)
		}
	}
	return v
}
