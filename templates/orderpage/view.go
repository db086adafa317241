// Package order holds the order page: one component per panel (header, lines, totals, money,
// addresses, documents, comments, custom fields, latest history). The same components render
// the live order and the order as it was at a past change set (read-only, with a banner), so a
// later editing issue adds controls to these panels rather than a second page.
package orderpage

// Page is the whole order page. Money fields are empty strings when the viewer may not see
// prices; the panels then leave money out entirely.
type Page struct {
	ID string
	// AvaTax is set for users with tax:manage when the order's store sends orders to AvaTax.
	AvaTax     *AvaTaxPanel
	Number     string
	ShowPrices bool
	Tab        string // "order" or "history"
	// FieldURL is the order's field-mode page, for users who take field steps (live page only).
	FieldURL string
	// DuplicateURL starts a draft from this order, for users who may create orders.
	DuplicateURL string
	// AsOf is set when the page shows a past version.
	AsOf *AsOf

	Header Header
	Lines  []Line
	Totals []Amount // Virto's totals: subtotal, shipping, payment fees, discounts, tax, fees, total
	Money  []Amount // total, paid, captured, refunded, balance due
	// OtherCurrencies are the totals of lines, shipments or payments in currencies other than
	// the order's (Virto's per-currency buckets); empty for single-currency orders.
	OtherCurrencies []CurrencyTotal
	Addresses       []Address
	Documents       []Document
	Comments        []Comment
	Custom          []Custom
	// Edit is set on the live page for users who may update orders.
	Edit *Editing
	// Pay is the payments and returns panel (live page only).
	Pay *Payments
	// Shipping is set on the live page for users who may update shipments.
	Shipping *Shipping
	// Customer is the customer panel in the header (live page only; nil for an order without a
	// customer id).
	Customer *CustomerPanel
	// Recent are the latest change sets (live page only).
	Recent     []Entry
	HistoryURL string
	// Timeline merges the history and the staff notes; Pinned are the notes pinned in the
	// head (live page only).
	Timeline Timeline
	Pinned   []PinnedNote
	// Tags is the tags box in the page head (live page only).
	Tags *Tags
}

// AsOf describes the past version a page shows.
type AsOf struct {
	When, Who, Reason string
	Version           int
	LiveURL           string // back to the order as it is now
	HistoryURL        string
	CompareURL        string // this version against the current one
}

// Header is the order's own fields.
type Header struct {
	Status, StatusTone      string
	Cancelled               bool
	CancelReason            string
	Approved                bool
	Customer, CustomerID    string
	Contact                 string // e-mail and phone of the first address that has them
	Store, Channel          string
	Organization            string
	Assignee                string
	PurchaseOrder, Language string
	Currency                string
	Created, CreatedBy      string
	Modified, ModifiedBy    string
	Version                 int
	Outer                   string
}

// Line is one line item.
type Line struct {
	ID, Sku, Name, Status string
	Quantity              int
	Price, Discount       string
	Tax, Total            string
	Cancelled, Gift       bool
	Highlight             bool // changed in the version shown (compare)
	// ShipFigure says what is shipped, in a shipment not sent yet, and left ("1 shipped ·
	// 2 in a shipment"); empty while the order has no shipments.
	ShipFigure string
}

// CurrencyTotal is one currency bucket's totals.
type CurrencyTotal struct{ Currency, SubTotal, Discount, Tax, Total string }

// Amount is one labelled money figure.
type Amount struct {
	Label, Value string
	Strong       bool
	Tone         string // ok, warn, bad or ""
}

// Address is one address of the order or a document.
type Address struct {
	ID    string
	Type  string
	Lines []string
}

// Document is a shipment, payment, capture, refund or return, with its children.
type Document struct {
	Anchor             string // element id, so history entries can link to it
	Kind, Number       string
	Status, StatusTone string
	Cancelled          bool
	Amount             string
	Summary            string // a few words beside the number on its one line, e.g. method and tracking
	Facts              []Fact
	Children           []Document
	// Link, when set, leads to where the document is shown whole with its actions.
	Link   string
	Photos []string // delivery photos (URLs), for a shipment
	// Ship holds a shipment's edit forms (live page, users who may update shipments).
	Ship *ShipmentTools
	// Consignment lists the orders a shipment travels with.
	Consignment *Consignment
}

// Fact is one label and value.
type Fact struct{ Label, Value string }

// Comment is a note on the order or one of its documents.
type Comment struct{ On, Text string }

// Custom is one custom field with its values.
type Custom struct{ On, Name, Value string }

// Entry is one change set in a short history list.
type Entry struct {
	When, Who, Source, Reason string
	WhoEmail                  string // shown on hover over the name
	Sentences                 []Sentence
	More                      int
	AsOfURL                   string
	CompareURL                string   // this version against the one before it
	Photos                    []string // photos written with the change (URLs)
	Taken                     string   // a field step's time on the device beside its received time
}

// Sentence is one change, described, with a link to the document it is about.
type Sentence struct {
	Text string
	URL  string
}

// Open reports whether a document's details start unfolded: one of its forms is open (it
// shows messages or a reason to give) or has just been saved.
func (d Document) Open() bool {
	t := d.Ship
	if t == nil {
		return false
	}
	forms := []Form{t.Fields, t.Address}
	for _, f := range []*Form{t.Cancel, t.Remove} {
		if f != nil {
			forms = append(forms, *f)
		}
	}
	for _, f := range forms {
		if f.Open || f.Saved != "" {
			return true
		}
	}
	return t.Items.Open
}
