package order

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Sentinel errors. Functions wrap them with %w and a message naming the document and values, so
// callers test with errors.Is and show err.Error() to people.
var (
	ErrInvalidStatus        = errors.New("invalid status")
	ErrTransitionNotAllowed = errors.New("status transition not allowed")
	ErrUnknownDocumentType  = errors.New("unknown document type")
	ErrAlreadyCancelled     = errors.New("document is already cancelled")
	ErrNotCancellable       = errors.New("document cannot be cancelled")
)

// Default status values (§3.1). They are Virto's exact strings, including "Not payed" (sic), so
// data and API clients stay compatible; the UI may show localised labels instead.
const (
	OrderNew           = "New"
	OrderNotPayed      = "Not payed"
	OrderPending       = "Pending"
	OrderProcessing    = "Processing"
	OrderReadyToSend   = "Ready to send"
	OrderCancelled     = "Cancelled"
	OrderPartiallySent = "Partially sent"
	OrderCompleted     = "Completed"

	LineItemPending    = "Pending"
	LineItemInProgress = "InProgress"
	LineItemShipped    = "Shipped"
	LineItemDelivered  = "Delivered"
	LineItemCancelled  = "Cancelled"

	ShipmentNew         = "New"
	ShipmentPickPack    = "PickPack"
	ShipmentCancelled   = "Cancelled"
	ShipmentReadyToSend = "ReadyToSend"
	ShipmentSent        = "Sent"

	// StatusCancelled is what cancelling a capture or refund writes (§3.4), although it is not in
	// their dictionaries.
	StatusCancelled = "Cancelled"

	ReturnNew        = "New"
	ReturnApproved   = "Approved"
	ReturnCompleted  = "Completed"
	ReturnCanceled   = "Canceled" // one "l", as in the return module
	ReturnProcessing = "Processing"
)

// InitialProcessingStatus replaces the order's initial status when the first payment method
// allows deferred payment (setting Order.InitialProcessingStatus).
const InitialProcessingStatus = OrderProcessing

// StatusRules holds the status dictionaries and optional transition rules per document type.
// Virto has no state machine (§3.2): with no Transitions any dictionary value may follow any
// other. The zero value accepts any status text for every type.
type StatusRules struct {
	// Dictionaries are the values an operator may pick. A type without a dictionary takes any text.
	Dictionaries map[DocumentType][]string
	// System are extra values only the system sets (gateway results, cancellation); they are
	// valid but not offered in pickers.
	System map[DocumentType][]string
	// Initial is the status a new document gets ("" = none, Virto's line-item default).
	Initial map[DocumentType]string
	// Transitions optionally restricts moves: Transitions[type][from] lists the allowed targets.
	// A type without an entry, or a from-status without an entry, is unrestricted, so rules can
	// be tightened one status at a time.
	Transitions map[DocumentType]map[string][]string
	// Labels are what people read for a stored status: Labels[type][stored] (Virto's codes such
	// as "Not payed" or "PickPack" stay stored and in the API). A status without one reads as
	// stored.
	Labels map[DocumentType]map[string]string
	// AcceptAny stores any status a document is saved with, as Virto does (for imports from
	// systems with their own statuses); the dictionaries still fill the pickers. Off by default:
	// a status outside the list is refused.
	AcceptAny bool
}

// TypeRefundReason keys the labels of refund reason codes ("RequestedByCustomer"), which are
// shown like statuses though they are not one.
const TypeRefundReason DocumentType = "RefundReason"

// DefaultStatusRules returns Virto's default dictionaries and initial values (§3.1, §9) with no
// transition rules. Each call returns fresh maps and slices the caller may edit.
func DefaultStatusRules() StatusRules {
	return StatusRules{
		Dictionaries: map[DocumentType][]string{
			TypeCustomerOrder: {OrderNew, OrderNotPayed, OrderPending, OrderProcessing, OrderReadyToSend,
				OrderCancelled, OrderPartiallySent, OrderCompleted},
			TypeLineItem: {LineItemPending, LineItemInProgress, LineItemShipped, LineItemDelivered, LineItemCancelled},
			TypeShipment: {ShipmentNew, ShipmentPickPack, ShipmentCancelled, ShipmentReadyToSend, ShipmentSent},
			TypePaymentIn: {string(PaymentNew), string(PaymentPending), string(PaymentAuthorized),
				string(PaymentPaid), string(PaymentPartiallyRefunded), string(PaymentRefunded),
				string(PaymentVoided), string(PaymentCustom), string(PaymentCancelled)},
			TypeRefund:  {string(RefundPending), string(RefundRejected), string(RefundProcessed)},
			TypeCapture: {string(CapturePending), string(CaptureProcessed), string(CaptureRejected)},
			TypeReturn:  {ReturnNew, ReturnApproved, ReturnCompleted, ReturnCanceled, ReturnProcessing},
		},
		System: map[DocumentType][]string{
			TypePaymentIn: {string(PaymentDeclined), string(PaymentError)},
			TypeRefund:    {StatusCancelled},
			TypeCapture:   {StatusCancelled},
		},
		Initial: map[DocumentType]string{
			TypeCustomerOrder: OrderNew,
			TypeLineItem:      "",
			TypeShipment:      ShipmentNew,
			TypePaymentIn:     string(PaymentNew),
			TypeRefund:        string(RefundPending),
			TypeCapture:       string(CapturePending),
			TypeReturn:        ReturnNew,
		},
		Labels: DefaultStatusLabels(),
	}
}

// DefaultStatusLabels are the words shown for Virto's codes and misspellings: one spelling of
// Cancelled, "Not paid" for "Not payed", and spaces in the camel-cased codes.
func DefaultStatusLabels() map[DocumentType]map[string]string {
	return map[DocumentType]map[string]string{
		TypeCustomerOrder: {OrderNotPayed: "Not paid"},
		TypeLineItem:      {LineItemInProgress: "In progress"},
		TypeShipment:      {ShipmentPickPack: "Pick & pack", ShipmentReadyToSend: "Ready to send"},
		TypePaymentIn:     {string(PaymentPartiallyRefunded): "Partially refunded"},
		TypeReturn:        {ReturnCanceled: "Cancelled"},
		TypeRefundReason:  {string(ReasonRequestedByCustomer): "Requested by customer"},
	}
}

// Label is what people read for a stored status of a document type: its configured label, or
// the stored value itself.
func (r StatusRules) Label(t DocumentType, status string) string {
	if l := r.Labels[t][status]; l != "" {
		return l
	}
	return status
}

// Statuses returns the pickable values for a document type (a copy).
func (r StatusRules) Statuses(t DocumentType) []string {
	return slices.Clone(r.Dictionaries[t])
}

// InitialStatus returns the status a new document of type t starts with.
func (r StatusRules) InitialStatus(t DocumentType) string {
	return r.Initial[t]
}

// ValidateStatus checks that status is allowed for a document of type t. The empty status is
// allowed only where the initial status is empty (line items by default).
func (r StatusRules) ValidateStatus(t DocumentType, status string) error {
	if !t.known() {
		return fmt.Errorf("%w: %q", ErrUnknownDocumentType, string(t))
	}
	if status == "" {
		if r.Initial[t] == "" {
			return nil
		}
		return fmt.Errorf("%w: %s status is required", ErrInvalidStatus, t)
	}
	dict, ok := r.Dictionaries[t]
	if !ok || dict == nil || r.AcceptAny {
		return nil // free text
	}
	if slices.Contains(dict, status) || slices.Contains(r.System[t], status) {
		return nil
	}
	return fmt.Errorf("%w: %q is not a %s status (allowed: %s)",
		ErrInvalidStatus, status, t, strings.Join(dict, ", "))
}

// ValidateTransition checks that a document of type t may move from one status to another.
// Staying put is always allowed, as is leaving the empty status of a new document; otherwise the
// target must be valid and, when rules exist for the from-status, listed in them.
func (r StatusRules) ValidateTransition(t DocumentType, from, to string) error {
	if err := r.ValidateStatus(t, to); err != nil {
		return err
	}
	if from == to || from == "" {
		return nil
	}
	allowed, ok := r.Transitions[t][from]
	if !ok || slices.Contains(allowed, to) {
		return nil
	}
	if len(allowed) == 0 {
		return fmt.Errorf("%w: a %s in status %q cannot change status", ErrTransitionNotAllowed, t, from)
	}
	return fmt.Errorf("%w: a %s in status %q can move to %s, not %q",
		ErrTransitionNotAllowed, t, from, strings.Join(allowed, ", "), to)
}

// NextStatuses returns the dictionary values a document of type t in status from may move to
// (including from itself), for status pickers.
func (r StatusRules) NextStatuses(t DocumentType, from string) []string {
	var out []string
	for _, s := range r.Dictionaries[t] {
		if r.ValidateTransition(t, from, s) == nil {
			out = append(out, s)
		}
	}
	return out
}

// IsReadOnly reports the admin UI's lock rule for orders (§3.2): Completed, cancellation
// completed, or cancelled.
func (o *CustomerOrder) IsReadOnly() bool {
	return o.Status == OrderCompleted || o.cancelState() == CancelCompleted || o.IsCancelled
}

// IsReadOnly reports the lock rule for payments: Paid, a cancel requested or completed, or
// cancelled.
func (p *PaymentIn) IsReadOnly() bool {
	return p.PaymentStatus() == PaymentPaid || p.cancelState() != CancelUndefined || p.IsCancelled
}

// IsReadOnly reports the lock rule for shipments: Sent, a cancel requested or completed, or
// cancelled. Virto compares with "Send", a typo for the dictionary's "Sent" (§16 item 3); both
// count here.
func (s *Shipment) IsReadOnly() bool {
	return s.Status == ShipmentSent || s.Status == "Send" || s.cancelState() != CancelUndefined || s.IsCancelled
}

// statusRef is one status-bearing entity of an order, with its field path.
type statusRef struct {
	typ    DocumentType
	id     string
	path   string
	status string
}

func statusRefs(o *CustomerOrder) []statusRef {
	refs := []statusRef{{TypeCustomerOrder, o.ID, "status", o.Status}}
	for i, li := range o.Items {
		refs = append(refs, statusRef{TypeLineItem, li.ID, fmt.Sprintf("items[%d].status", i), li.Status})
	}
	for i, s := range o.Shipments {
		refs = append(refs, statusRef{TypeShipment, s.ID, fmt.Sprintf("shipments[%d].status", i), s.Status})
	}
	for i, p := range o.InPayments {
		pre := fmt.Sprintf("inPayments[%d].", i)
		refs = append(refs, statusRef{TypePaymentIn, p.ID, pre + "status", p.Status})
		for j, c := range p.Captures {
			refs = append(refs, statusRef{TypeCapture, c.ID, fmt.Sprintf("%scaptures[%d].status", pre, j), c.Status})
		}
		for j, r := range p.Refunds {
			refs = append(refs, statusRef{TypeRefund, r.ID, fmt.Sprintf("%srefunds[%d].status", pre, j), r.Status})
		}
	}
	return refs
}

// ValidateStatuses checks the status of every document and line of the order against the rules
// and, when before (the stored order) is given, every status change against the transition
// rules, matching documents by id. Problems come back as Problems keyed by field path.
func (r StatusRules) ValidateStatuses(before, after *CustomerOrder) error {
	old := map[DocumentType]map[string]string{}
	if before != nil {
		for _, ref := range statusRefs(before) {
			if old[ref.typ] == nil {
				old[ref.typ] = map[string]string{}
			}
			old[ref.typ][ref.id] = ref.status
		}
	}
	fe := Problems{}
	for _, ref := range statusRefs(after) {
		from, existed := old[ref.typ][ref.id]
		var err error
		if existed && ref.id != "" {
			err = r.ValidateTransition(ref.typ, from, ref.status)
		} else {
			err = r.ValidateStatus(ref.typ, ref.status)
		}
		if err != nil {
			fe.Add(ref.path, statusMessage(err))
		}
	}
	return fe.Err()
}

// statusMessage drops the sentinel's prefix ("invalid status: ") for a message shown by a field.
func statusMessage(err error) string {
	msg := err.Error()
	for _, s := range []error{ErrInvalidStatus, ErrTransitionNotAllowed, ErrUnknownDocumentType} {
		if errors.Is(err, s) {
			return strings.TrimPrefix(msg, s.Error()+": ")
		}
	}
	return msg
}
