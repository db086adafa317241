package desk

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"orderdesk/internal/order"
	"orderdesk/internal/store"
)

// Gateway is a payment method's connection to its payment provider, as Virto's PaymentMethod
// is: asked to process a payment and to judge the provider's callbacks. It never changes the
// order; it says what happened (a PaymentOutcome) and the desk applies that to the payment in
// one audited save.
type Gateway interface {
	// Code is the gateway code payments name (PaymentIn.GatewayCode), compared without case.
	Code() string
	// ProcessPayment starts or makes the payment: authorizes or takes it at once (with card
	// details when the method needs them), or answers where the customer goes to pay.
	ProcessPayment(ctx context.Context, req PaymentRequest) (PaymentOutcome, error)
	// PostProcessPayment judges a callback's parameters: ok is false when they are not addressed
	// to this gateway or do not verify (a forged callback), and nothing is then changed.
	PostProcessPayment(ctx context.Context, req PaymentRequest, params map[string]string) (outcome PaymentOutcome, ok bool, err error)
}

// PaymentRequest is the payment a gateway is asked about, with its order (read-only).
type PaymentRequest struct {
	Order   *order.CustomerOrder
	Payment *order.PaymentIn
	Card    *BankCard // optional card details (Virto's BankCardInfo)
}

// BankCard is Virto's BankCardInfo. It is passed to the gateway and never stored.
type BankCard struct {
	Number, Type string
	Month, Year  int
	CVV2, Holder string
}

// PaymentOutcome is what a gateway says happened.
type PaymentOutcome struct {
	Success bool
	// NewStatus is the payment's status now: Pending (the customer still has to pay),
	// Authorized, Paid, Declined or Error; empty leaves the status as it is.
	NewStatus   order.PaymentStatus
	Error       string // why it failed, for the caller and the transaction log
	OuterID     string // the provider's reference for the payment
	RedirectURL string // where the customer goes to pay
	HTMLForm    string // or a form to show them
	// Response is what the provider answered, kept in the payment's transaction log.
	Response string
}

// ErrNoGateway says the payment names a gateway code no gateway is plugged in for.
var ErrNoGateway = errors.New("no gateway is plugged in for this payment's gateway code")

// PlugIn registers a gateway under its code; a later one with the same code replaces it.
func (d *Desk) PlugIn(g Gateway) {
	if d.gateways == nil {
		d.gateways = map[string]Gateway{}
	}
	d.gateways[strings.ToLower(g.Code())] = g
}

// GatewayFor is the gateway plugged in for code.
func (d *Desk) GatewayFor(code string) (Gateway, bool) {
	g, ok := d.gateways[strings.ToLower(strings.TrimSpace(code))]
	return g, ok
}

// GatewayCodes lists the codes of the gateways plugged in, sorted.
func (d *Desk) GatewayCodes() []string {
	var out []string
	for _, g := range d.gateways {
		out = append(out, g.Code())
	}
	slices.Sort(out)
	return out
}

// processable says whether payment p may be sent to its gateway: not cancelled, and nothing
// taken or authorized yet (New or Pending, or a Declined or Error attempt tried again).
func processable(p *order.PaymentIn) error {
	switch s := p.PaymentStatus(); {
	case p.IsCancelled || p.CancelledState == order.CancelRequested || p.CancelledState == order.CancelCompleted:
		return refuse("%s is cancelled (or asked to be): it cannot be processed", p.Number)
	case s == order.PaymentNew, s == order.PaymentPending, s == order.PaymentDeclined, s == order.PaymentError:
		return nil
	default:
		return refuse("%s is %s: there is nothing left to process", p.Number, p.Status)
	}
}

// ProcessPayment sends payment pid of o to its gateway and records what the gateway said on
// the payment, in one save with its change set: the outer id, the status it moved to with its
// date, and an entry in the transaction log (a decline too). ErrGone when o has no such
// payment, ErrNoGateway when its code has no gateway, a *Refusal when it is past processing.
// The gateway is asked once; the save then applies its outcome to the order as stored.
func (d *Desk) ProcessPayment(ctx context.Context, by store.Actor, o *order.CustomerOrder, pid string, card *BankCard, now time.Time) (PaymentOutcome, *order.CustomerOrder, error) {
	p := o.Payment(pid)
	if p == nil {
		return PaymentOutcome{}, o, ErrGone
	}
	g, ok := d.GatewayFor(p.GatewayCode)
	if !ok {
		return PaymentOutcome{}, o, fmt.Errorf("%w: %q", ErrNoGateway, p.GatewayCode)
	}
	if err := processable(p); err != nil {
		return PaymentOutcome{}, o, err
	}
	out, err := g.ProcessPayment(ctx, PaymentRequest{Order: o.Clone(), Payment: p, Card: card})
	if err != nil {
		return PaymentOutcome{}, o, fmt.Errorf("desk: gateway %s: %w", g.Code(), err)
	}
	saved, _, err := d.applyOutcome(ctx, by, o, pid, g.Code(), "ProcessPayment", out, now)
	return out, saved, err
}

// PostProcessPayment hands a provider's callback to the gateways of o's payments (those whose
// code is params["code"] when given, as Virto does): the first that accepts the parameters as
// its own and genuine has its outcome applied to that payment, in one audited save. When
// none accepts them nothing is changed and the outcome says so (Virto's "Payment method not
// found"): a forged or misaddressed callback changes nothing.
func (d *Desk) PostProcessPayment(ctx context.Context, by store.Actor, o *order.CustomerOrder, params map[string]string, now time.Time) (PaymentOutcome, *order.CustomerOrder, error) {
	code := params["code"]
	for i := range o.InPayments {
		p := &o.InPayments[i]
		if code != "" && !strings.EqualFold(code, p.GatewayCode) {
			continue
		}
		g, found := d.GatewayFor(p.GatewayCode)
		if !found {
			continue
		}
		out, ok, err := g.PostProcessPayment(ctx, PaymentRequest{Order: o.Clone(), Payment: p}, params)
		if err != nil {
			return PaymentOutcome{}, o, fmt.Errorf("desk: gateway %s: %w", g.Code(), err)
		}
		if !ok {
			continue
		}
		if err := processable(p); err != nil {
			return PaymentOutcome{}, o, err
		}
		saved, _, err := d.applyOutcome(ctx, by, o, p.ID, g.Code(), "PostProcessPayment", out, now)
		return out, saved, err
	}
	return PaymentOutcome{Error: "Payment method not found"}, o, nil
}

// applyOutcome records a gateway's outcome on payment pid of the order as stored.
func (d *Desk) applyOutcome(ctx context.Context, by store.Actor, o *order.CustomerOrder, pid, gateway, operation string, out PaymentOutcome, now time.Time) (saved, current *order.CustomerOrder, err error) {
	return d.Edit(ctx, by, o, func(_, work *order.CustomerOrder) error {
		p := work.Payment(pid)
		if p == nil {
			return ErrGone
		}
		if err := processable(p); err != nil {
			return err // someone else processed or cancelled it meanwhile
		}
		ApplyOutcome(p, out, now)
		return AddTransaction(work, pid, order.PaymentGatewayTransaction{
			Amount: p.Sum, IsProcessed: out.Success, ProcessError: out.Error, ProcessAttemptCount: 1,
			RequestData: operation, ResponseData: out.Response, ResponseCode: string(out.NewStatus),
			Note: gateway + " " + operation, Audit: order.Audit{CreatedDate: now.UTC(), CreatedBy: gateway},
		}, now)
	})
}

// ApplyOutcome sets what a gateway's outcome says on p: the outer id, and the status it moved
// to with its date (authorized, captured) — the statuses the desk's capture flow uses, so a
// payment a gateway authorized is captured on the order page or by the capture API as usual.
func ApplyOutcome(p *order.PaymentIn, out PaymentOutcome, now time.Time) {
	t := now.UTC()
	if out.OuterID != "" {
		p.OuterID = out.OuterID
	}
	switch out.NewStatus {
	case order.PaymentAuthorized:
		p.Status, p.AuthorizedDate, p.IsApproved = string(order.PaymentAuthorized), &t, true
	case order.PaymentPaid:
		p.Status, p.CapturedDate, p.IsApproved = string(order.PaymentPaid), &t, true
		if p.AuthorizedDate == nil {
			p.AuthorizedDate = &t
		}
	case order.PaymentPending, order.PaymentDeclined, order.PaymentError:
		p.Status = string(out.NewStatus)
	}
}
