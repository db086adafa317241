package order

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// PaymentIn is an incoming payment document (§2.5). Sum is the amount the payment represents
// ("Amount" in the UI); Price is the fee for the payment method, which is what the totals use.
type PaymentIn struct {
	Operation
	OrderID string `json:"orderId"`
	// ShipmentID ties the payment to one shipment of the same order (optional).
	ShipmentID string `json:"shipmentId,omitempty"`

	Purpose          string     `json:"purpose,omitempty"`
	GatewayCode      string     `json:"gatewayCode,omitempty"` // payment method code
	OrganizationID   string     `json:"organizationId,omitempty"`
	OrganizationName string     `json:"organizationName,omitempty"`
	CustomerID       string     `json:"customerId"`
	CustomerName     string     `json:"customerName,omitempty"`
	VendorID         string     `json:"vendorId,omitempty"`
	IncomingDate     *time.Time `json:"incomingDate,omitempty"`
	AuthorizedDate   *time.Time `json:"authorizedDate,omitempty"`
	CapturedDate     *time.Time `json:"capturedDate,omitempty"`
	VoidedDate       *time.Time `json:"voidedDate,omitempty"`

	BillingAddress *Address `json:"billingAddress,omitempty"`

	Price                 decimal.Decimal `json:"price"`
	PriceWithTax          decimal.Decimal `json:"priceWithTax"` // computed
	DiscountAmount        decimal.Decimal `json:"discountAmount"`
	DiscountAmountWithTax decimal.Decimal `json:"discountAmountWithTax"` // computed
	Total                 decimal.Decimal `json:"total"`                 // computed
	TotalWithTax          decimal.Decimal `json:"totalWithTax"`          // computed
	TaxType               string          `json:"taxType,omitempty"`
	TaxTotal              decimal.Decimal `json:"taxTotal"`       // computed
	TaxPercentRate        decimal.Decimal `json:"taxPercentRate"` // fraction

	Transactions []PaymentGatewayTransaction `json:"transactions,omitempty"`
	Captures     []Capture                   `json:"captures,omitempty"`
	Refunds      []Refund                    `json:"refunds,omitempty"`

	Discounts  []Discount  `json:"discounts,omitempty"`
	TaxDetails []TaxDetail `json:"taxDetails,omitempty"`
	FeeDetails []FeeDetail `json:"feeDetails,omitempty"`
}

// PaymentStatus is the payment module's status enum (§3.1). A payment's Status text is parsed
// into it; unknown text reads as Custom.
type PaymentStatus string

const (
	PaymentNew               PaymentStatus = "New"
	PaymentPending           PaymentStatus = "Pending"
	PaymentAuthorized        PaymentStatus = "Authorized"
	PaymentPaid              PaymentStatus = "Paid"
	PaymentPartiallyRefunded PaymentStatus = "PartiallyRefunded"
	PaymentRefunded          PaymentStatus = "Refunded"
	PaymentVoided            PaymentStatus = "Voided"
	PaymentCustom            PaymentStatus = "Custom"
	PaymentCancelled         PaymentStatus = "Cancelled"
	PaymentDeclined          PaymentStatus = "Declined" // gateways only; not in the dictionary
	PaymentError             PaymentStatus = "Error"    // gateways only; not in the dictionary
)

var paymentStatuses = []PaymentStatus{
	PaymentNew, PaymentPending, PaymentAuthorized, PaymentPaid, PaymentPartiallyRefunded,
	PaymentRefunded, PaymentVoided, PaymentCustom, PaymentCancelled, PaymentDeclined, PaymentError,
}

// ParsePaymentStatus reads status text case-insensitively; unknown text is Custom.
func ParsePaymentStatus(s string) PaymentStatus {
	for _, ps := range paymentStatuses {
		if strings.EqualFold(strings.TrimSpace(s), string(ps)) {
			return ps
		}
	}
	return PaymentCustom
}

// PaymentStatus returns the payment's Status as the enum.
func (p *PaymentIn) PaymentStatus() PaymentStatus { return ParsePaymentStatus(p.Status) }

// PaymentGatewayTransaction is one entry of a payment's gateway log (§2.5).
type PaymentGatewayTransaction struct {
	ID                  string          `json:"id"`
	OrderID             string          `json:"orderId,omitempty"`
	PaymentID           string          `json:"paymentId,omitempty"`
	Amount              decimal.Decimal `json:"amount"`
	CurrencyCode        string          `json:"currencyCode,omitempty"`
	IsProcessed         bool            `json:"isProcessed"`
	ProcessedDate       *time.Time      `json:"processedDate,omitempty"`
	ProcessError        string          `json:"processError,omitempty"`
	ProcessAttemptCount int             `json:"processAttemptCount"`
	RequestData         string          `json:"requestData,omitempty"`
	ResponseData        string          `json:"responseData,omitempty"`
	ResponseCode        string          `json:"responseCode,omitempty"`
	GatewayIPAddress    string          `json:"gatewayIpAddress,omitempty"`
	Type                string          `json:"type,omitempty"`   // Capture, CheckReceived, Website, Call, Store, Unknown
	Status              string          `json:"status,omitempty"` // Active, Expired, Inactive
	Note                string          `json:"note,omitempty"`
	Audit
}

// CaptureStatus is the status of a capture document (code enum, no setting).
type CaptureStatus string

const (
	CapturePending   CaptureStatus = "Pending"
	CaptureProcessed CaptureStatus = "Processed"
	CaptureRejected  CaptureStatus = "Rejected"
)

// Capture takes (part of) an authorized amount (§2.6).
type Capture struct {
	Operation
	OrderID       string          `json:"customerOrderId"`
	PaymentID     string          `json:"paymentId"`
	Amount        decimal.Decimal `json:"amount"`
	VendorID      string          `json:"vendorId,omitempty"`
	TransactionID string          `json:"transactionId"`
	// CloseTransaction true means no further captures against this authorization.
	CloseTransaction bool          `json:"closeTransaction"`
	Items            []CaptureItem `json:"items,omitempty"`
}

// CaptureItem says which line (and how many units) a capture is for.
type CaptureItem struct {
	ID         string `json:"id"`
	OrderID    string `json:"orderId,omitempty"`
	CaptureID  string `json:"captureId,omitempty"`
	LineItemID string `json:"lineItemId"`
	Quantity   int    `json:"quantity"`
	OuterID    string `json:"outerId,omitempty"`
	// LineItem is the line LineItemID names, as Virto writes it out; filled for reading only
	// (order.ForRead) and read back as LineItemID (order.FoldNested).
	LineItem *LineItem `json:"lineItem,omitempty"`
	Audit
}

// RefundStatus is the status of a refund document; unknown text reads as Pending.
type RefundStatus string

const (
	RefundPending   RefundStatus = "Pending"
	RefundRejected  RefundStatus = "Rejected"
	RefundProcessed RefundStatus = "Processed"
)

// ParseRefundStatus reads status text case-insensitively; unknown text is Pending, as in Virto.
func ParseRefundStatus(s string) RefundStatus {
	for _, rs := range []RefundStatus{RefundPending, RefundRejected, RefundProcessed} {
		if strings.EqualFold(strings.TrimSpace(s), string(rs)) {
			return rs
		}
	}
	return RefundPending
}

// RefundReasonCode says why money goes back.
type RefundReasonCode string

const (
	ReasonDuplicate           RefundReasonCode = "Duplicate"
	ReasonFraudulent          RefundReasonCode = "Fraudulent"
	ReasonRequestedByCustomer RefundReasonCode = "RequestedByCustomer"
	ReasonOther               RefundReasonCode = "Other"
)

// RefundReasonCodes lists the codes in UI order.
var RefundReasonCodes = []RefundReasonCode{ReasonDuplicate, ReasonFraudulent, ReasonRequestedByCustomer, ReasonOther}

// ParseRefundReasonCode reads a code case-insensitively; unknown text is Other, as in Virto.
func ParseRefundReasonCode(s string) RefundReasonCode {
	for _, c := range RefundReasonCodes {
		if strings.EqualFold(strings.TrimSpace(s), string(c)) {
			return c
		}
	}
	return ReasonOther
}

// Refund gives (part of) a paid amount back (§2.6).
type Refund struct {
	Operation
	OrderID   string          `json:"customerOrderId"`
	PaymentID string          `json:"paymentId"`
	Amount    decimal.Decimal `json:"amount"`
	// ShippingAmount is the part of Amount that gives shipping back (beyond Virto's model).
	ShippingAmount decimal.Decimal  `json:"shippingAmount"`
	ReasonCode     RefundReasonCode `json:"reasonCode"`
	ReasonMessage  string           `json:"reasonMessage,omitempty"`
	// RejectReasonMessage keeps the gateway's error text.
	RejectReasonMessage string       `json:"rejectReasonMessage,omitempty"`
	VendorID            string       `json:"vendorId,omitempty"`
	TransactionID       string       `json:"transactionId"`
	Items               []RefundItem `json:"items,omitempty"`
}

// RefundStatus returns the refund's Status as the enum.
func (r *Refund) RefundStatus() RefundStatus { return ParseRefundStatus(r.Status) }

// RefundItem says which line (and how many units) a refund is for.
type RefundItem struct {
	ID         string `json:"id"`
	OrderID    string `json:"orderId,omitempty"`
	RefundID   string `json:"refundId,omitempty"`
	LineItemID string `json:"lineItemId"`
	Quantity   int    `json:"quantity"`
	OuterID    string `json:"outerId,omitempty"`
	// LineItem is the line LineItemID names, as Virto writes it out; filled for reading only
	// (order.ForRead) and read back as LineItemID (order.FoldNested).
	LineItem *LineItem `json:"lineItem,omitempty"`
	Audit
}

// NewPayment returns a blank payment for the order, as Virto's "new payment" template does:
// new id, the order's currency and customer, the initial payment status. The caller numbers it.
func NewPayment(o *CustomerOrder, rules StatusRules) PaymentIn {
	return PaymentIn{
		Operation: Operation{
			ID:       NewID(),
			Currency: o.Currency,
			Status:   rules.InitialStatus(TypePaymentIn),
		},
		OrderID:          o.ID,
		CustomerID:       o.CustomerID,
		CustomerName:     o.CustomerName,
		OrganizationID:   o.OrganizationID,
		OrganizationName: o.OrganizationName,
	}
}

// CanCapture says whether a capture may be started: payment status Authorized or Paid (§3.2).
func (p *PaymentIn) CanCapture() bool {
	s := p.PaymentStatus()
	return !p.IsCancelled && (s == PaymentAuthorized || s == PaymentPaid)
}

// CanRefund says whether a refund may be started: payment status Paid or PartiallyRefunded
// (the validator's rule, which wins over the flow's looser lookup, §16 item 11).
func (p *PaymentIn) CanRefund() bool {
	s := p.PaymentStatus()
	return !p.IsCancelled && (s == PaymentPaid || s == PaymentPartiallyRefunded)
}

// CapturedAmount sums the payment's processed, non-cancelled captures.
func (p *PaymentIn) CapturedAmount() decimal.Decimal {
	sum := decimal.Zero
	for i := range p.Captures {
		c := &p.Captures[i]
		if !c.IsCancelled && CaptureStatus(c.Status) == CaptureProcessed {
			sum = sum.Add(c.Amount)
		}
	}
	return sum
}

// RefundedAmount sums the payment's processed, non-cancelled refunds.
func (p *PaymentIn) RefundedAmount() decimal.Decimal {
	sum := decimal.Zero
	for i := range p.Refunds {
		r := &p.Refunds[i]
		if !r.IsCancelled && r.RefundStatus() == RefundProcessed {
			sum = sum.Add(r.Amount)
		}
	}
	return sum
}

// committedRefunds sums refunds that are not rejected or cancelled: money already going back.
func (p *PaymentIn) committedRefunds() decimal.Decimal {
	sum := decimal.Zero
	for i := range p.Refunds {
		if refundCounts(&p.Refunds[i]) {
			sum = sum.Add(p.Refunds[i].Amount)
		}
	}
	return sum
}

// refundCounts says whether a refund gives money back: it is neither rejected nor cancelled.
func refundCounts(r *Refund) bool { return !r.IsCancelled && r.RefundStatus() != RefundRejected }

// committedCaptures sums captures that are not rejected or cancelled.
func (p *PaymentIn) committedCaptures() decimal.Decimal {
	sum := decimal.Zero
	for i := range p.Captures {
		c := &p.Captures[i]
		if !c.IsCancelled && CaptureStatus(c.Status) != CaptureRejected {
			sum = sum.Add(c.Amount)
		}
	}
	return sum
}

// NextTransactionID proposes the transaction id of a new capture or refund the way Virto's UI
// does (§14.3): "{paymentNumber}-{NNN}", NNN being the next three-digit suffix among the
// payment's existing capture and refund transaction ids.
func NextTransactionID(p *PaymentIn) string {
	prefix := p.Number + "-"
	maxN := 0
	check := func(id string) {
		if rest, ok := strings.CutPrefix(id, prefix); ok {
			if n, err := strconv.Atoi(rest); err == nil && n > maxN {
				maxN = n
			}
		}
	}
	for i := range p.Captures {
		check(p.Captures[i].TransactionID)
	}
	for i := range p.Refunds {
		check(p.Refunds[i].TransactionID)
	}
	return fmt.Sprintf("%s%03d", prefix, maxN+1)
}

// recalculate fills the payment's computed fields (§4.4). Sum is the amount to collect and is
// left alone.
func (p *PaymentIn) recalculate() {
	t := decimal.NewFromInt(1).Add(p.TaxPercentRate)
	p.Total = p.Price.Sub(p.DiscountAmount)
	p.TotalWithTax = p.Total.Mul(t)
	p.PriceWithTax = p.Price.Mul(t)
	p.DiscountAmountWithTax = p.DiscountAmount.Mul(t)
	p.TaxTotal = p.Total.Mul(p.TaxPercentRate)
}
