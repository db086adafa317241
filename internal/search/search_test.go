package search

import (
	"reflect"
	"strings"
	"testing"

	"orderdesk/internal/order"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Jane Doe", []string{"jane", "doe"}},
		{"ABC-1", []string{"abc1", "abc", "1"}},
		{"jane.doe@example.com", []string{"janedoeexamplecom", "jane", "doe", "example", "com"}},
		{"O'Brien", []string{"obrien", "o", "brien"}},
		{"CO261123-00042", []string{"co26112300042", "co261123", "00042"}},
		{"Müller  ", []string{"müller"}},
		{" -- ", nil},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDocumentOf(t *testing.T) {
	o := &order.CustomerOrder{CustomerName: "Jane Doe", PurchaseOrderNumber: "PO-77", OrganizationName: "Acme"}
	o.Number, o.Comment = "CO261123-00042", "Leave at the back door"
	o.Addresses = []order.Address{{Email: "jane@example.com", Phone: "+1 (555) 123-4567"}}
	o.Items = []order.LineItem{{Sku: "ABC-1", Name: "Blue Mug"}, {Sku: "ABC-1", Name: "Blue Mug"}}
	sh := order.Shipment{TrackingNumber: "1Z999AA10123456784"}
	sh.Number = "SH261123-00007"
	o.Shipments = []order.Shipment{sh}
	d := DocumentOf(o)

	for _, tc := range []struct{ col, text, want string }{
		{"customer", d.Customer, "jane"}, {"customer", d.Customer, "janeexamplecom"},
		{"customer", d.Customer, "15551234567"}, {"customer", d.Customer, "5551234567"},
		{"customer", d.Customer, "1234567"}, {"customer", d.Customer, "acme"},
		{"refs", d.Refs, "co26112300042"}, {"refs", d.Refs, "po77"}, {"refs", d.Refs, "sh26112300007"},
		{"refs", d.Refs, "1z999aa10123456784"},
		{"items", d.Items, "abc1"}, {"items", d.Items, "mug"},
		{"notes", d.Notes, "door"},
	} {
		if !hasWord(tc.text, tc.want) {
			t.Errorf("%s %q lacks %q", tc.col, tc.text, tc.want)
		}
	}
	if strings.Count(d.Items, "abc1") != 1 {
		t.Errorf("a word is indexed once per column: %q", d.Items)
	}
}

func hasWord(text, word string) bool {
	for _, w := range strings.Fields(text) {
		if w == word {
			return true
		}
	}
	return false
}

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		terms   []Term
		fields  []Field
		unknown []string
		exact   string
		boolean string
	}{
		{in: "CO261123-00042", terms: []Term{{Words: []string{"co26112300042"}}}, exact: "CO261123-00042", boolean: "+co26112300042*"},
		{in: "jane doe", terms: []Term{{Words: []string{"jane"}}, {Words: []string{"doe"}}}, boolean: "+jane* +doe*"},
		{in: `"jane doe" mug`, terms: []Term{{Words: []string{"jane", "doe"}, Phrase: true}, {Words: []string{"mug"}}}, boolean: `+"jane doe" +mug*`},
		{
			in:      `status:New sku:ABC-1 customer:"Jane Doe" blue`,
			terms:   []Term{{Words: []string{"blue"}}},
			fields:  []Field{{"status", "New"}, {"sku", "ABC-1"}, {"customer", "Jane Doe"}},
			boolean: "+blue*",
		},
		{in: "Status:Shipped created:today", fields: []Field{{"status", "Shipped"}, {"created", "today"}}},
		{in: "stauts:New", terms: []Term{{Words: []string{"stautsnew"}}}, unknown: []string{"stauts"}, boolean: "+stautsnew*"},
		{in: "12:30", terms: []Term{{Words: []string{"1230"}}}, boolean: "+1230*"},
		{in: "a b +- ", boolean: ""},
		{in: "status: mug", terms: []Term{{Words: []string{"mug"}}}, boolean: "+mug*"},
	}
	for _, tt := range tests {
		q := Parse(tt.in)
		if !reflect.DeepEqual(q.Terms, tt.terms) || !reflect.DeepEqual(q.Fields, tt.fields) ||
			!reflect.DeepEqual(q.Unknown, tt.unknown) || q.Exact != tt.exact {
			t.Errorf("Parse(%q) = %+v", tt.in, q)
		}
		if got := Boolean(q.Terms); got != tt.boolean {
			t.Errorf("Boolean(Parse(%q)) = %q, want %q", tt.in, got, tt.boolean)
		}
	}
}

// tag: and -tag: are fields; a leading "-" negates only the fields that may be negated.
func TestParseTagNegation(t *testing.T) {
	q := Parse(`tag:urgent -tag:"on hold" -TAG:vip jane -status:New`)
	want := []Field{{"tag", "urgent"}, {"-tag", "on hold"}, {"-tag", "vip"}}
	if !reflect.DeepEqual(q.Fields, want) {
		t.Errorf("fields = %+v, want %+v", q.Fields, want)
	}
	if !reflect.DeepEqual(q.Unknown, []string{"-status"}) {
		t.Errorf("unknown = %q, want -status", q.Unknown)
	}
	if len(q.Terms) != 1 || q.Terms[0].Words[0] != "jane" {
		t.Errorf("terms = %+v, want jane alone (-status:New is reported, not searched)", q.Terms)
	}
}
