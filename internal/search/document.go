// Package search builds the full-text search document of an order and reads the keyword box,
// field syntax included. It does no I/O: storage keeps the document current in the same
// transaction as each write (internal/store), and runs the queries this package spells.
//
// Words are indexed and searched "compacted": lower-cased, letters and digits only. The
// full-text parser would split "ABC-1" into "abc" and "1" and "jane@example.com" into three
// words; compacting keeps identifiers whole ("abc1", "janeexamplecom"), and the pieces of a
// word with punctuation are indexed too, so a search for "example" still finds the e-mail.
package search

import (
	"slices"
	"strings"
	"unicode"

	"orderdesk/internal/order"
)

// Document is the searchable text of one order, in the columns of the order_search table.
type Document struct {
	Customer string // customer and organization names, e-mails, phones
	Refs     string // order, document and tracking numbers, PO number, outer ids
	Items    string // SKUs and product names
	Notes    string // comments and cancel reasons
}

// DocumentOf builds the search document of o.
func DocumentOf(o *order.CustomerOrder) Document {
	var c, r, it, n builder
	c.text(o.CustomerName, o.OrganizationName)
	for _, a := range o.Addresses {
		c.text(a.FirstName, a.LastName, a.Organization)
		c.text(a.Email)
		c.phone(a.Phone)
	}
	r.number(o.Number)
	r.text(o.PurchaseOrderNumber, o.OuterID, o.SubscriptionNumber)
	n.text(o.Comment, o.CancelReason)
	for _, li := range o.Items {
		it.text(li.Sku, li.Name)
		n.text(li.Comment)
	}
	for _, s := range o.Shipments {
		r.number(s.Number)
		r.text(s.TrackingNumber, s.OuterID)
		for _, p := range s.Packages {
			r.text(p.BarCode)
		}
		for _, si := range s.Items {
			r.text(si.BarCode)
		}
		n.text(s.Comment)
		if s.DeliveryAddress != nil {
			c.text(s.DeliveryAddress.FirstName, s.DeliveryAddress.LastName, s.DeliveryAddress.Email)
			c.phone(s.DeliveryAddress.Phone)
		}
	}
	for _, p := range o.InPayments {
		r.text(p.Number, p.OuterID)
		n.text(p.Comment)
		for _, cp := range p.Captures {
			r.text(cp.Number, cp.TransactionID)
		}
		for _, rf := range p.Refunds {
			r.text(rf.Number, rf.TransactionID)
			n.text(rf.ReasonMessage)
		}
	}
	return Document{Customer: c.String(), Refs: r.String(), Items: it.String(), Notes: n.String()}
}

// builder collects index words without repeating one.
type builder struct {
	b    strings.Builder
	seen map[string]bool
}

func (b *builder) add(w string) {
	if w == "" || b.seen[w] {
		return
	}
	if b.seen == nil {
		b.seen = map[string]bool{}
	}
	b.seen[w] = true
	if b.b.Len() > 0 {
		b.b.WriteByte(' ')
	}
	b.b.WriteString(w)
}

func (b *builder) text(values ...string) {
	for _, v := range values {
		for _, w := range Words(v) {
			b.add(w)
		}
	}
}

// phone indexes a phone number by its digits, and by its last ten and seven digits, so
// "+1 (555) 123-4567", "555-123-4567" and "1234567" all find it.
func (b *builder) phone(p string) {
	d := digits(p)
	if d == "" {
		return
	}
	b.add(d)
	for _, n := range []int{10, 7} {
		if len(d) > n {
			b.add(d[len(d)-n:])
		}
	}
	b.text(p)
}

// number indexes a document number as text and, besides, each run of its digits, so a part
// read off a label ("260906" of CO260906-00001) finds it as a word. The end of an order number
// is found through the number's own index instead (store: orders.number_reversed).
func (b *builder) number(n string) {
	b.text(n)
	for _, run := range DigitRuns(n) {
		b.add(run)
	}
}

// DigitRuns lists the runs of digits in s at least MinWordLen long: "CO260906-00001" holds
// "260906" and "00001".
func DigitRuns(s string) []string {
	runs := strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	return slices.DeleteFunc(runs, func(r string) bool { return len(r) < MinWordLen })
}

func (b *builder) String() string { return b.b.String() }

// Words splits text into index words: every whitespace-separated word compacted, and when the
// word had punctuation, its pieces as well.
func Words(s string) []string {
	var out []string
	for _, raw := range strings.Fields(s) {
		w := Compact(raw)
		if w == "" {
			continue
		}
		out = append(out, w)
		pieces := strings.FieldsFunc(strings.ToLower(raw), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		})
		if len(pieces) > 1 {
			out = append(out, pieces...)
		}
	}
	return out
}

// Compact lower-cases w and keeps only its letters and digits.
func Compact(w string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, w)
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}
