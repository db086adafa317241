// Package order is the pure document model of orderdesk: a re-creation of the Virto Commerce
// Orders module's order aggregate (order, line items, shipments, payments with captures and
// refunds, addresses, discounts, tax and fee details, custom fields) plus returns, the exact
// totals arithmetic, status dictionaries, cancellation and document-number templates.
//
// It does no I/O: storage, HTTP and counters live elsewhere and call in here. Section numbers in
// comments (§4.5 …) refer to shared/reference/virto-orders.md.
package order

import (
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/ids"
)

// NewID returns a new row id: a 26-character ULID. Ids made by this process sort by creation
// time, also within one millisecond (the entropy is monotonic), and need no coordination
// between app servers, so the schema stays ready for sharded MySQL-compatible engines.
func NewID() string {
	return ids.New()
}

// DocumentType names a kind of document. The values are Virto's class names because they are
// also its OperationType/ObjectType strings (change log, JSON, settings keys).
type DocumentType string

const (
	TypeCustomerOrder DocumentType = "CustomerOrder"
	TypeLineItem      DocumentType = "LineItem"
	TypeShipment      DocumentType = "Shipment"
	TypePaymentIn     DocumentType = "PaymentIn"
	TypeCapture       DocumentType = "Capture"
	TypeRefund        DocumentType = "Refund"
	TypeReturn        DocumentType = "Return"
)

// DocumentTypes lists every document type, in the order the UI shows them.
var DocumentTypes = []DocumentType{
	TypeCustomerOrder, TypeLineItem, TypeShipment, TypePaymentIn, TypeCapture, TypeRefund, TypeReturn,
}

func (t DocumentType) known() bool {
	for _, k := range DocumentTypes {
		if t == k {
			return true
		}
	}
	return false
}

// CancelledState drives asynchronous payment cancellation (§2.1, §3.5). The empty string is
// read as Undefined.
type CancelledState string

const (
	CancelUndefined CancelledState = "Undefined"
	CancelRequested CancelledState = "Requested"
	CancelCompleted CancelledState = "Completed"
)

// Audit holds the platform's auditable-entity columns.
type Audit struct {
	CreatedDate  time.Time  `json:"createdDate"`
	CreatedBy    string     `json:"createdBy,omitempty"`
	ModifiedDate *time.Time `json:"modifiedDate,omitempty"`
	ModifiedBy   string     `json:"modifiedBy,omitempty"`
}

// Operation is Virto's OrderOperation: what every document (order, shipment, payment, capture,
// refund) has in common (§2.1). It is embedded, so o.Number, s.Status, … read naturally.
type Operation struct {
	ID                string          `json:"id"`
	ParentOperationID string          `json:"parentOperationId,omitempty"`
	Number            string          `json:"number"`
	IsApproved        bool            `json:"isApproved"`
	Status            string          `json:"status,omitempty"`
	Comment           string          `json:"comment,omitempty"`
	Currency          string          `json:"currency"`
	Sum               decimal.Decimal `json:"sum"` // meaning differs per document (§4.6)
	OuterID           string          `json:"outerId,omitempty"`
	IsCancelled       bool            `json:"isCancelled"`
	CancelledState    CancelledState  `json:"cancelledState"`
	CancelledDate     *time.Time      `json:"cancelledDate,omitempty"`
	CancelReason      string          `json:"cancelReason,omitempty"`
	// DynamicProperties are the document's custom fields (§2.10).
	DynamicProperties []DynamicProperty `json:"dynamicProperties,omitempty"`
	Audit
}

// cancelState returns the state with the empty string read as Undefined.
func (op *Operation) cancelState() CancelledState {
	if op.CancelledState == "" {
		return CancelUndefined
	}
	return op.CancelledState
}

// OperationRef points at one document of an order's tree, with its type.
type OperationRef struct {
	Type DocumentType
	Op   *Operation
}

// Operations flattens the order's document tree the way Virto does for numbering, the change log
// and the document-count rule (§1): the order, then each shipment, then each payment followed
// by its captures and refunds. The pointers alias the order, so callers can set numbers.
func (o *CustomerOrder) Operations() []OperationRef {
	refs := []OperationRef{{TypeCustomerOrder, &o.Operation}}
	for i := range o.Shipments {
		refs = append(refs, OperationRef{TypeShipment, &o.Shipments[i].Operation})
	}
	for i := range o.InPayments {
		p := &o.InPayments[i]
		refs = append(refs, OperationRef{TypePaymentIn, &p.Operation})
		for j := range p.Captures {
			refs = append(refs, OperationRef{TypeCapture, &p.Captures[j].Operation})
		}
		for j := range p.Refunds {
			refs = append(refs, OperationRef{TypeRefund, &p.Refunds[j].Operation})
		}
	}
	return refs
}

// AssignNumbers gives every document without a number one from next, as Virto does on save
// (§3.7). next does the counter I/O; the first error stops the walk and is returned.
func (o *CustomerOrder) AssignNumbers(next func(DocumentType) (string, error)) error {
	for _, ref := range o.Operations() {
		if ref.Op.Number != "" {
			continue
		}
		n, err := next(ref.Type)
		if err != nil {
			return err
		}
		ref.Op.Number = n
	}
	return nil
}
