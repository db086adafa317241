package order

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestDefaultDictionaries(t *testing.T) {
	r := DefaultStatusRules()
	// The lists and initial values of reference §3.1.
	tests := []struct {
		typ     DocumentType
		list    []string
		initial string
	}{
		{TypeCustomerOrder, []string{"New", "Not payed", "Pending", "Processing", "Ready to send", "Cancelled", "Partially sent", "Completed"}, "New"},
		{TypeLineItem, []string{"Pending", "InProgress", "Shipped", "Delivered", "Cancelled"}, ""},
		{TypeShipment, []string{"New", "PickPack", "Cancelled", "ReadyToSend", "Sent"}, "New"},
		{TypePaymentIn, []string{"New", "Pending", "Authorized", "Paid", "PartiallyRefunded", "Refunded", "Voided", "Custom", "Cancelled"}, "New"},
		{TypeRefund, []string{"Pending", "Rejected", "Processed"}, "Pending"},
		{TypeCapture, []string{"Pending", "Processed", "Rejected"}, "Pending"},
		{TypeReturn, []string{"New", "Approved", "Completed", "Canceled", "Processing"}, "New"},
	}
	for _, tt := range tests {
		if got := r.Statuses(tt.typ); !slices.Equal(got, tt.list) {
			t.Errorf("%s statuses = %q, want %q", tt.typ, got, tt.list)
		}
		if got := r.InitialStatus(tt.typ); got != tt.initial {
			t.Errorf("%s initial = %q, want %q", tt.typ, got, tt.initial)
		}
	}
	if InitialProcessingStatus != "Processing" {
		t.Error("InitialProcessingStatus")
	}
	// Each call hands out fresh data.
	r.Dictionaries[TypeShipment][0] = "changed"
	if DefaultStatusRules().Statuses(TypeShipment)[0] != "New" {
		t.Error("DefaultStatusRules shares its slices")
	}
}

func TestValidateStatus(t *testing.T) {
	r := DefaultStatusRules()
	tests := []struct {
		typ     DocumentType
		status  string
		wantErr error
	}{
		{TypeCustomerOrder, "Ready to send", nil},
		{TypeCustomerOrder, "Shipped", ErrInvalidStatus},
		{TypeCustomerOrder, "new", ErrInvalidStatus}, // values are exact
		{TypeCustomerOrder, "", ErrInvalidStatus},
		{TypeLineItem, "", nil}, // line items start without a status
		{TypeLineItem, "Shipped", nil},
		{TypeShipment, "Send", ErrInvalidStatus},
		{TypePaymentIn, "Declined", nil}, // gateway-only values are valid
		{TypePaymentIn, "Error", nil},
		{TypeRefund, "Cancelled", nil}, // written by the cancel command
		{TypeReturn, "Cancelled", ErrInvalidStatus},
		{TypeReturn, "Canceled", nil},
		{DocumentType("Invoice"), "New", ErrUnknownDocumentType},
	}
	for _, tt := range tests {
		err := r.ValidateStatus(tt.typ, tt.status)
		if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
			t.Errorf("%s %q: err = %v, want %v", tt.typ, tt.status, err, tt.wantErr)
		}
	}
	err := r.ValidateStatus(TypeShipment, "Lost")
	if err == nil || !strings.Contains(err.Error(), `"Lost" is not a Shipment status (allowed: New, PickPack`) {
		t.Errorf("message = %v", err)
	}
	var free StatusRules
	if err := free.ValidateStatus(TypeCustomerOrder, "Anything at all"); err != nil {
		t.Errorf("zero rules reject free text: %v", err)
	}
}

func TestValidateTransition(t *testing.T) {
	free := DefaultStatusRules()
	strict := DefaultStatusRules()
	strict.Transitions = map[DocumentType]map[string][]string{
		TypeShipment: {
			"New":  {"PickPack", "Cancelled"},
			"Sent": {},
		},
	}
	tests := []struct {
		name     string
		rules    StatusRules
		typ      DocumentType
		from, to string
		wantErr  error
	}{
		{"free: anything goes", free, TypeCustomerOrder, "Completed", "New", nil},
		{"free: target still checked", free, TypeCustomerOrder, "New", "Bogus", ErrInvalidStatus},
		{"listed move", strict, TypeShipment, "New", "PickPack", nil},
		{"unlisted move", strict, TypeShipment, "New", "Sent", ErrTransitionNotAllowed},
		{"final status", strict, TypeShipment, "Sent", "New", ErrTransitionNotAllowed},
		{"staying put", strict, TypeShipment, "Sent", "Sent", nil},
		{"from without rules", strict, TypeShipment, "PickPack", "New", nil},
		{"new document", strict, TypeShipment, "", "Sent", nil},
		{"other type unrestricted", strict, TypePaymentIn, "Paid", "New", nil},
		{"invalid target first", strict, TypeShipment, "New", "Bogus", ErrInvalidStatus},
	}
	for _, tt := range tests {
		err := tt.rules.ValidateTransition(tt.typ, tt.from, tt.to)
		if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.wantErr)
		}
	}
	err := strict.ValidateTransition(TypeShipment, "New", "Sent")
	if err == nil || !strings.Contains(err.Error(), `can move to PickPack, Cancelled, not "Sent"`) {
		t.Errorf("message = %v", err)
	}
	if got := strict.NextStatuses(TypeShipment, "New"); !slices.Equal(got, []string{"New", "PickPack", "Cancelled"}) {
		t.Errorf("NextStatuses = %q", got)
	}
}

func TestReadOnlyRules(t *testing.T) {
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"order new", (&CustomerOrder{Operation: Operation{Status: "New"}}).IsReadOnly(), false},
		{"order completed", (&CustomerOrder{Operation: Operation{Status: "Completed"}}).IsReadOnly(), true},
		{"order cancelled", (&CustomerOrder{Operation: Operation{IsCancelled: true}}).IsReadOnly(), true},
		{"order cancel completed", (&CustomerOrder{Operation: Operation{CancelledState: CancelCompleted}}).IsReadOnly(), true},
		{"payment new", (&PaymentIn{Operation: Operation{Status: "New"}}).IsReadOnly(), false},
		{"payment paid", (&PaymentIn{Operation: Operation{Status: "Paid"}}).IsReadOnly(), true},
		{"payment cancel requested", (&PaymentIn{Operation: Operation{CancelledState: CancelRequested}}).IsReadOnly(), true},
		{"payment undefined state", (&PaymentIn{Operation: Operation{CancelledState: CancelUndefined}}).IsReadOnly(), false},
		{"shipment sent", (&Shipment{Operation: Operation{Status: "Sent"}}).IsReadOnly(), true},
		{"shipment Send (Virto's spelling)", (&Shipment{Operation: Operation{Status: "Send"}}).IsReadOnly(), true},
		{"shipment pickpack", (&Shipment{Operation: Operation{Status: "PickPack"}}).IsReadOnly(), false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: read-only = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestPaymentStatusParsing(t *testing.T) {
	tests := map[string]PaymentStatus{
		"Paid": PaymentPaid, "partiallyrefunded": PaymentPartiallyRefunded, "Declined": PaymentDeclined,
		"Whatever": PaymentCustom, "": PaymentCustom,
	}
	for in, want := range tests {
		if got := ParsePaymentStatus(in); got != want {
			t.Errorf("ParsePaymentStatus(%q) = %q, want %q", in, got, want)
		}
	}
	if ParseRefundStatus("nonsense") != RefundPending || ParseRefundStatus("processed") != RefundProcessed {
		t.Error("ParseRefundStatus")
	}
	if ParseRefundReasonCode("nonsense") != ReasonOther || ParseRefundReasonCode("requestedbycustomer") != ReasonRequestedByCustomer {
		t.Error("ParseRefundReasonCode")
	}
	auth := &PaymentIn{Operation: Operation{Status: "Authorized"}}
	paid := &PaymentIn{Operation: Operation{Status: "Paid"}}
	part := &PaymentIn{Operation: Operation{Status: "PartiallyRefunded"}}
	refunded := &PaymentIn{Operation: Operation{Status: "Refunded"}}
	if !auth.CanCapture() || !paid.CanCapture() || part.CanCapture() {
		t.Error("CanCapture")
	}
	if auth.CanRefund() || !paid.CanRefund() || !part.CanRefund() || refunded.CanRefund() {
		t.Error("CanRefund")
	}
}

func TestValidateStatuses(t *testing.T) {
	rules := DefaultStatusRules()
	rules.Transitions = map[DocumentType]map[string][]string{TypeShipment: {"Sent": {}}}
	before := validOrder()
	before.Shipments[0].Status = "Sent"
	before.Items[0].Status = ""
	before.InPayments[0].Status = "Paid"
	if err := rules.ValidateStatuses(nil, before); err != nil {
		t.Fatalf("stored order: %v", err)
	}
	after := before.Clone()
	after.Shipments[0].Status = "New"               // Sent is final under these rules
	after.Items[1].Status = "Lost"                  // not a line status
	after.InPayments[0].Refunds[0].Status = "Bogus" // not a refund status
	err := rules.ValidateStatuses(before, after)
	var fe Problems
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v", err)
	}
	want := map[string]string{
		"shipments[0].status":             `a Shipment in status "Sent" cannot change status`,
		"items[1].status":                 `"Lost" is not a LineItem status`,
		"inPayments[0].refunds[0].status": `"Bogus" is not a Refund status`,
	}
	if len(fe) != len(want) {
		t.Errorf("got %v", fe)
	}
	for k, v := range want {
		if !strings.HasPrefix(fe[k], v) {
			t.Errorf("%s = %q, want prefix %q", k, fe[k], v)
		}
	}
	// A new shipment may start in any valid status.
	added := before.Clone()
	added.Shipments = append(added.Shipments, Shipment{Operation: Operation{ID: "s2", Status: "PickPack"}})
	if err := rules.ValidateStatuses(before, added); err != nil {
		t.Error(err)
	}
}
