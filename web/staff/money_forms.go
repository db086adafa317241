package staff

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/desk"
	"orderdesk/internal/order"
	"orderdesk/templates/orderpage"
)

// The forms of the payments and returns panel. Each is an editForm whose key starts with
// "money:", so its answer swaps the whole panel; for forms that add a document the fields'
// get functions give the prefilled values (what remains to capture, the next transaction id).

const moneyTarget = "money-panel"

// dateTimeLayout is how the forms show and read a moment (UTC, to the minute), as the
// browser's datetime-local input sends it.
const dateTimeLayout = "2006-01-02T15:04"

// parseOptional reads the kinds that may be left empty: count (empty is 0), optmoney (empty is
// none) and datetime (empty is none).
func parseOptional(kind, raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	switch kind {
	case "count":
		if raw == "" || raw == "0" {
			return "0", nil
		}
		n, err := order.ParseQuantity(raw)
		return strconv.Itoa(n), err
	case "optmoney":
		if raw == "" {
			return "", nil
		}
		d, err := order.ParseMoney(raw)
		return d.String(), err
	case "datetime":
		if raw == "" {
			return "", nil
		}
		for _, layout := range []string{dateTimeLayout, "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02"} {
			if t, err := time.Parse(layout, raw); err == nil {
				if err := order.CheckDateTime(t); err != nil {
					return "", err
				}
				return t.Format(dateTimeLayout), nil
			}
		}
		return "", errors.New("enter a date and time, such as 2026-12-01 14:30 (UTC)")
	}
	return raw, nil
}

func showTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(dateTimeLayout)
}

func readTime(v string) *time.Time {
	if v == "" {
		return nil
	}
	t, err := time.Parse(dateTimeLayout, v)
	if err != nil {
		return nil
	}
	return &t
}

// moneyForm is an editForm of the panel with what the panel adds: a hint, a reason asked for
// up front, a danger style, and a "compute amount" button.
type moneyForm struct {
	editForm
	hint       string
	needReason bool
	purpose    desk.Purpose // which reason rule applies (withReasonRule)
	danger     bool
	preview    bool
}

func paymentIndex(o *order.CustomerOrder, id string) int {
	for i := range o.InPayments {
		if o.InPayments[i].ID == id {
			return i
		}
	}
	return -1
}

func paymentPrefix(paymentID string, tail string) func(*order.CustomerOrder) string {
	return func(o *order.CustomerOrder) string {
		return "inPayments[" + strconv.Itoa(paymentIndex(o, paymentID)) + "]." + tail
	}
}

func paymentExists(paymentID string) func(*order.CustomerOrder) bool {
	return func(o *order.CustomerOrder) bool { return o.Payment(paymentID) != nil }
}

// payField is a field of one payment, read and written through get/set on the payment.
func payField(paymentID, name, label, kind string, price bool, get func(p *order.PaymentIn) string, set func(p *order.PaymentIn, v string)) input {
	f := input{name: name, label: label, kind: kind, price: price, path: "inPayments[" + paymentID + "]." + name,
		get: func(o *order.CustomerOrder) (string, bool) {
			if p := o.Payment(paymentID); p != nil {
				return get(p), true
			}
			return "", false
		}}
	if set != nil {
		f.set = func(o *order.CustomerOrder, v string) {
			if p := o.Payment(paymentID); p != nil {
				set(p, v)
			}
		}
	}
	return f
}

// paymentDocFields are a payment's own fields: the edit form's and, prefilled, the new one's.
func paymentDocFields(paymentID string, statuses []orderpage.Option) []input {
	f := func(name, label, kind string, price bool, get func(p *order.PaymentIn) string, set func(p *order.PaymentIn, v string)) input {
		return payField(paymentID, name, label, kind, price, get, set)
	}
	status := f("status", "Status", "select", false, func(p *order.PaymentIn) string { return p.Status },
		func(p *order.PaymentIn, v string) { p.Status = v })
	status.options = statuses
	date := func(name, label string, ref func(p *order.PaymentIn) **time.Time) input {
		return f(name, label, "datetime", false, func(p *order.PaymentIn) string { return showTime(*ref(p)) },
			func(p *order.PaymentIn, v string) { *ref(p) = readTime(v) })
	}
	return []input{
		f("gatewayCode", "Method (gateway code)", "text", false, func(p *order.PaymentIn) string { return p.GatewayCode },
			func(p *order.PaymentIn, v string) { p.GatewayCode = v }),
		f("purpose", "Purpose", "text", false, func(p *order.PaymentIn) string { return p.Purpose },
			func(p *order.PaymentIn, v string) { p.Purpose = v }),
		f("sum", "Amount", "money", true, func(p *order.PaymentIn) string { return decText(p.Sum) },
			func(p *order.PaymentIn, v string) { p.Sum = dec(v) }),
		f("price", "Payment fee", "money", true, func(p *order.PaymentIn) string { return decText(p.Price) },
			func(p *order.PaymentIn, v string) { p.Price = dec(v) }),
		status,
		date("authorizedDate", "Authorized (UTC)", func(p *order.PaymentIn) **time.Time { return &p.AuthorizedDate }),
		date("capturedDate", "Captured (UTC)", func(p *order.PaymentIn) **time.Time { return &p.CapturedDate }),
		date("voidedDate", "Voided (UTC)", func(p *order.PaymentIn) **time.Time { return &p.VoidedDate }),
		f("comment", "Comment", "textarea", false, func(p *order.PaymentIn) string { return p.Comment },
			func(p *order.PaymentIn, v string) { p.Comment = v }),
	}
}

func paymentEditForm(o *order.CustomerOrder, paymentID string, statuses []orderpage.Option, showPrices bool) moneyForm {
	return moneyForm{editForm: editForm{
		key: "money:pay:" + paymentID, domID: "edit-pay-" + paymentID, action: "/orders/" + o.ID + "/payments/" + paymentID + "/edit",
		target: moneyTarget, anchor: "pay-" + paymentID, title: "Edit payment", submit: "Save payment",
		errPrefix: paymentPrefix(paymentID, ""), fields: withoutPrices(paymentDocFields(paymentID, statuses), showPrices),
		exists: paymentExists(paymentID),
	}}
}

// billingFields are a payment's billing address; saving one to a payment without an address
// gives it one.
func billingFields(paymentID string) []input {
	f := func(name, label string, ref func(a *order.Address) *string) input {
		return payField(paymentID, name, label, "text", false,
			func(p *order.PaymentIn) string {
				if p.BillingAddress == nil {
					return ""
				}
				return *ref(p.BillingAddress)
			},
			func(p *order.PaymentIn, v string) {
				if p.BillingAddress == nil {
					if v == "" {
						return
					}
					p.BillingAddress = &order.Address{ID: order.NewID(), OrderID: p.OrderID, AddressType: order.AddressBilling}
				}
				*ref(p.BillingAddress) = v
			})
	}
	var fs []input
	for _, in := range addressInputs {
		fs = append(fs, f(in.name, in.label, in.ref))
	}
	for i := range fs {
		fs[i].path = "inPayments[" + paymentID + "].billingAddress." + fs[i].name
	}
	return fs
}

func billingForm(o *order.CustomerOrder, paymentID string) moneyForm {
	return moneyForm{editForm: editForm{
		key: "money:bill:" + paymentID, domID: "edit-bill-" + paymentID, action: "/orders/" + o.ID + "/payments/" + paymentID + "/billing",
		target: moneyTarget, anchor: "pay-" + paymentID, title: "Billing address", submit: "Save billing address",
		errPrefix: paymentPrefix(paymentID, "billingAddress."), fields: billingFields(paymentID), exists: paymentExists(paymentID),
	}}
}

// newPaymentFields: the payment's own fields, prefilled with what is still due and the initial
// status, and the billing address prefilled from the order's.
func newPaymentFields(o *order.CustomerOrder, statuses []orderpage.Option, initial string) []input {
	due := order.OrderBalance(o).Due
	fs := paymentDocFields("new", statuses)
	for i := range fs {
		name := fs[i].name
		fs[i].set = nil
		fs[i].get = func(*order.CustomerOrder) (string, bool) {
			switch name {
			case "sum":
				return decText(due), true
			case "price":
				return "0", true
			case "status":
				return initial, true
			}
			return "", true
		}
	}
	// The billing fields read the order's billing address as if it were the new payment's.
	prefill := &order.CustomerOrder{InPayments: []order.PaymentIn{{Operation: order.Operation{ID: "new"}, BillingAddress: o.BillingAddress()}}}
	for _, bf := range billingFields("new") {
		get := bf.get
		bf.name, bf.label, bf.set = "billing."+bf.name, "Billing: "+bf.label, nil
		bf.get = func(*order.CustomerOrder) (string, bool) { return get(prefill) }
		fs = append(fs, bf)
	}
	return fs
}

func newPaymentForm(o *order.CustomerOrder, statuses []orderpage.Option, initial string) moneyForm {
	return moneyForm{editForm: editForm{
		key: "money:newpay", domID: "new-payment", action: "/orders/" + o.ID + "/payments",
		target: moneyTarget, anchor: "money-panel", title: "New payment", submit: "Add payment",
		errPrefix: func(o *order.CustomerOrder) string { return "inPayments[" + strconv.Itoa(len(o.InPayments)) + "]." },
		fields:    newPaymentFields(o, statuses, initial), exists: func(*order.CustomerOrder) bool { return true },
	}, hint: "The amount starts at what is still due; the billing address at the order's."}
}

func cancelPaymentForm(o *order.CustomerOrder, paymentID string) moneyForm {
	return moneyForm{editForm: editForm{
		key: "money:cancelpay:" + paymentID, domID: "cancel-pay-" + paymentID, action: "/orders/" + o.ID + "/payments/" + paymentID + "/cancel",
		target: moneyTarget, anchor: "pay-" + paymentID, title: "Cancel payment…", submit: "Cancel the payment",
		errPrefix: paymentPrefix(paymentID, ""), exists: paymentExists(paymentID),
	}, danger: true,
		hint: "Nothing taken yet: the payment is cancelled. Authorized: the authorization is voided. Paid: refund it first.", purpose: desk.Cancelling}
}

// adjustPaymentForm offers to change the amount of the payment that can take the gap between
// the payments and the order total (order.PaymentGapOf).
func adjustPaymentForm(o *order.CustomerOrder, p *order.PaymentIn, sum decimal.Decimal) moneyForm {
	cur := o.RuleFor(p.Currency)
	return moneyForm{editForm: editForm{
		key: "money:adjust:" + p.ID, domID: "adjust-pay-" + p.ID, action: "/orders/" + o.ID + "/payments/" + p.ID + "/adjust",
		target: moneyTarget, anchor: "pay-" + p.ID, title: "Adjust " + p.Number + " to " + cur.Fixed(sum) + " " + o.Currency + "…",
		submit: "Adjust the payment", errPrefix: paymentPrefix(p.ID, ""), exists: paymentExists(p.ID),
	}, hint: "Sets the payment's amount so the payments add up to the order total; the change is kept in the history."}
}

// lineQuantityFields are one count per line of the order that may take units, labelled with
// the most it may take.
func lineQuantityFields(o *order.CustomerOrder, most map[string]int, showPrice bool) []input {
	var fs []input
	cur := o.CurrencyRule()
	for _, li := range o.Items {
		n := most[li.ID]
		if n < 1 {
			continue
		}
		label := li.Sku + " (up to " + strconv.Itoa(n)
		if showPrice {
			label += " × " + cur.Fixed(order.RefundUnitPrice(o, &li))
		}
		label += ")"
		fs = append(fs, input{name: "items[" + li.ID + "].quantity", label: label, kind: "count",
			get: func(*order.CustomerOrder) (string, bool) { return "", true }})
	}
	return fs
}

func captureForm(o *order.CustomerOrder, p *order.PaymentIn) moneyForm {
	remaining := order.CaptureRemaining(p)
	fs := []input{
		{name: "amount", label: "Amount", kind: "money", get: func(*order.CustomerOrder) (string, bool) { return decText(remaining), true }},
		{name: "transactionId", label: "Transaction id", kind: "text", get: func(*order.CustomerOrder) (string, bool) { return order.NextTransactionID(p), true }},
	}
	fs = append(fs, lineQuantityFields(o, order.CapturableUnits(o, p), false)...)
	fs = append(fs,
		input{name: "closeTransaction", label: "Close the transaction (no further captures)", kind: "check",
			get: func(*order.CustomerOrder) (string, bool) { return "false", true }},
		input{name: "comment", label: "Capture details", kind: "textarea", get: func(*order.CustomerOrder) (string, bool) { return "", true }})
	cur := o.RuleFor(p.Currency)
	return moneyForm{editForm: editForm{
		key: "money:capture:" + p.ID, domID: "capture-" + p.ID, action: "/orders/" + o.ID + "/payments/" + p.ID + "/captures",
		target: moneyTarget, anchor: "pay-" + p.ID, title: "Capture…", submit: "Capture",
		errPrefix: func(o *order.CustomerOrder) string {
			if q := o.Payment(p.ID); q != nil {
				return paymentPrefix(p.ID, "captures["+strconv.Itoa(len(q.Captures))+"].")(o)
			}
			return ""
		},
		fields: fs, exists: paymentExists(p.ID),
	}, hint: "Up to " + cur.Fixed(remaining) + " " + p.Currency + " can still be captured. Items are optional."}
}

func reasonCodeOptions(rules order.StatusRules) []orderpage.Option {
	var out []orderpage.Option
	for _, c := range order.RefundReasonCodes {
		out = append(out, orderpage.Option{Value: string(c), Label: rules.Label(order.TypeRefundReason, string(c))})
	}
	return out
}

func refundForm(o *order.CustomerOrder, p *order.PaymentIn, rules order.StatusRules) moneyForm {
	remaining := order.RefundRemaining(p)
	cur := o.RuleFor(p.Currency)
	empty := func(*order.CustomerOrder) (string, bool) { return "", true }
	fs := []input{{name: "amount", label: "Amount (empty: from the lines)", kind: "optmoney", get: empty}}
	fs = append(fs, lineQuantityFields(o, order.RefundableUnits(o, p), true)...)
	if left := order.ShippingRefundable(o); left.IsPositive() {
		fs = append(fs, input{name: "shipping", label: "Shipping refund (up to " + cur.Fixed(left) + ")", kind: "optmoney", get: empty})
	}
	code := input{name: "reasonCode", label: "Reason code", kind: "select", options: reasonCodeOptions(rules),
		get: func(*order.CustomerOrder) (string, bool) { return string(order.ReasonRequestedByCustomer), true }}
	fs = append(fs, code,
		input{name: "reasonMessage", label: "Message", kind: "text", get: empty},
		input{name: "transactionId", label: "Transaction id", kind: "text", get: func(*order.CustomerOrder) (string, bool) { return order.NextTransactionID(p), true }})
	return moneyForm{editForm: editForm{
		key: "money:refund:" + p.ID, domID: "refund-" + p.ID, action: "/orders/" + o.ID + "/payments/" + p.ID + "/refunds",
		target: moneyTarget, anchor: "pay-" + p.ID, title: "Refund…", submit: "Refund",
		errPrefix: func(o *order.CustomerOrder) string {
			if q := o.Payment(p.ID); q != nil {
				return paymentPrefix(p.ID, "refunds["+strconv.Itoa(len(q.Refunds))+"].")(o)
			}
			return ""
		},
		fields: fs, exists: paymentExists(p.ID),
	}, preview: true,
		hint: "Up to " + cur.Fixed(remaining) + " " + p.Currency + " can be refunded. Enter an amount, or units of lines (the amount is computed from what was paid per unit).", purpose: desk.Refunding}
}

func transactionForm(o *order.CustomerOrder, p *order.PaymentIn, showPrices bool) moneyForm {
	empty := func(*order.CustomerOrder) (string, bool) { return "", true }
	fs := []input{
		{name: "amount", label: "Amount", kind: "optmoney", price: true, get: empty},
		{name: "type", label: "Type", kind: "select", options: editChoices([]string{"Capture", "CheckReceived", "Website", "Call", "Store", "Unknown"}, ""),
			get: func(*order.CustomerOrder) (string, bool) { return "Unknown", true }},
		{name: "status", label: "Status", kind: "select", options: editChoices([]string{"Active", "Expired", "Inactive"}, ""),
			get: func(*order.CustomerOrder) (string, bool) { return "Active", true }},
		{name: "isProcessed", label: "Processed", kind: "check", get: func(*order.CustomerOrder) (string, bool) { return "false", true }},
		{name: "processedDate", label: "Processed (UTC)", kind: "datetime", get: empty},
		{name: "processAttemptCount", label: "Attempts", kind: "count", get: func(*order.CustomerOrder) (string, bool) { return "1", true }},
		{name: "responseCode", label: "Response code", kind: "text", get: empty},
		{name: "note", label: "Note", kind: "text", get: empty},
		{name: "requestData", label: "Request", kind: "textarea", get: empty},
		{name: "responseData", label: "Response", kind: "textarea", get: empty},
		{name: "processError", label: "Error", kind: "textarea", get: empty},
	}
	return moneyForm{editForm: editForm{
		key: "money:log:" + p.ID, domID: "log-" + p.ID, action: "/orders/" + o.ID + "/payments/" + p.ID + "/transactions",
		target: moneyTarget, anchor: "pay-" + p.ID, title: "Add log entry", submit: "Add to the log",
		errPrefix: func(o *order.CustomerOrder) string {
			if q := o.Payment(p.ID); q != nil {
				return paymentPrefix(p.ID, "transactions["+strconv.Itoa(len(q.Transactions))+"].")(o)
			}
			return ""
		},
		fields: withoutPrices(fs, showPrices), exists: paymentExists(p.ID),
	}}
}

func cancelCaptureForm(o *order.CustomerOrder, p *order.PaymentIn, c *order.Capture) moneyForm {
	return moneyForm{editForm: editForm{
		key: "money:cancelcap:" + c.ID, domID: "cancel-cap-" + c.ID,
		action: "/orders/" + o.ID + "/payments/" + p.ID + "/captures/" + c.ID + "/cancel",
		target: moneyTarget, anchor: "pay-" + p.ID, title: "Cancel capture…", submit: "Cancel the capture",
		errPrefix: paymentPrefix(p.ID, ""), exists: paymentExists(p.ID),
	}, danger: true, purpose: desk.Cancelling}
}

func cancelRefundForm(o *order.CustomerOrder, p *order.PaymentIn, rf *order.Refund) moneyForm {
	return moneyForm{editForm: editForm{
		key: "money:cancelref:" + rf.ID, domID: "cancel-ref-" + rf.ID,
		action: "/orders/" + o.ID + "/payments/" + p.ID + "/refunds/" + rf.ID + "/cancel",
		target: moneyTarget, anchor: "pay-" + p.ID, title: "Cancel refund…", submit: "Cancel the refund",
		errPrefix: paymentPrefix(p.ID, ""), exists: paymentExists(p.ID),
	}, danger: true, purpose: desk.Cancelling}
}

// Returns.

func newReturnForm(o *order.CustomerOrder, avail map[string]int, reasons, statuses []string, initial string, rules order.StatusRules) moneyForm {
	empty := func(*order.CustomerOrder) (string, bool) { return "", true }
	var fs []input
	for _, li := range o.Items {
		n := avail[li.ID]
		if n < 1 {
			continue
		}
		fs = append(fs,
			input{name: "lines[" + li.ID + "].quantity", label: "Units of " + li.Sku + " (up to " + strconv.Itoa(n) + ")", kind: "count", get: empty},
			input{name: "lines[" + li.ID + "].reason", label: "Reason for " + li.Sku, kind: "suggest", options: editChoices(reasons, ""), get: empty})
	}
	fs = append(fs,
		input{name: "status", label: "Status", kind: "select", options: statusChoices(rules, order.TypeReturn, statuses, ""),
			get: func(*order.CustomerOrder) (string, bool) { return initial, true }},
		input{name: "resolution", label: "Resolution", kind: "textarea", get: empty})
	return moneyForm{editForm: editForm{
		key: "money:newret", domID: "new-return", action: "/orders/" + o.ID + "/returns",
		target: moneyTarget, anchor: "money-panel", title: "New return", submit: "Create return",
		errPrefix: func(*order.CustomerOrder) string { return "" }, fields: fs, exists: func(*order.CustomerOrder) bool { return true },
	}, hint: "Only units that were sent can come back, less those in other returns. Pick a reason or type your own."}
}

func returnEditForm(o *order.CustomerOrder, ret *order.Return, statuses []string, rules order.StatusRules) moneyForm {
	return moneyForm{editForm: editForm{
		key: "money:ret:" + ret.ID, domID: "edit-ret-" + ret.ID, action: "/orders/" + o.ID + "/returns/" + ret.ID + "/edit",
		target: moneyTarget, anchor: "ret-" + ret.ID, title: "Edit return", submit: "Save return",
		errPrefix: func(*order.CustomerOrder) string { return "" },
		fields: []input{
			{name: "status", label: "Status", kind: "select", options: statusChoices(rules, order.TypeReturn, statuses, ret.Status),
				get: func(*order.CustomerOrder) (string, bool) { return ret.Status, true }},
			{name: "resolution", label: "Resolution", kind: "textarea", get: func(*order.CustomerOrder) (string, bool) { return ret.Resolution, true }},
		},
		exists: func(*order.CustomerOrder) bool { return true },
	}}
}

func cancelReturnForm(o *order.CustomerOrder, ret *order.Return) moneyForm {
	return moneyForm{editForm: editForm{
		key: "money:cancelret:" + ret.ID, domID: "cancel-ret-" + ret.ID, action: "/orders/" + o.ID + "/returns/" + ret.ID + "/cancel",
		target: moneyTarget, anchor: "ret-" + ret.ID, title: "Cancel return…", submit: "Cancel the return",
		errPrefix: func(*order.CustomerOrder) string { return "" }, exists: func(*order.CustomerOrder) bool { return true },
	}, danger: true, hint: "A cancelled return gives its units back: they can be returned again.", purpose: desk.Cancelling}
}

func refundReturnForm(o *order.CustomerOrder, ret *order.Return, payments []*order.PaymentIn, statuses []string, rules order.StatusRules) moneyForm {
	var pays []orderpage.Option
	for _, p := range payments {
		cur := o.RuleFor(p.Currency)
		pays = append(pays, orderpage.Option{Value: p.ID, Label: p.Number + " (" + cur.Fixed(order.RefundRemaining(p)) + " " + p.Currency + " left)"})
	}
	after := append([]orderpage.Option{{Value: "", Label: "Keep " + cmp.Or(rules.Label(order.TypeReturn, ret.Status), "as it is")}}, statusChoices(rules, order.TypeReturn, statuses, "")...)
	fs := []input{
		{name: "paymentId", label: "Refund on payment", kind: "select", options: pays,
			get: func(*order.CustomerOrder) (string, bool) { return pays[0].Value, true }},
		{name: "reasonCode", label: "Reason code", kind: "select", options: reasonCodeOptions(rules),
			get: func(*order.CustomerOrder) (string, bool) { return string(order.ReasonRequestedByCustomer), true }},
		{name: "reasonMessage", label: "Message", kind: "text", get: func(*order.CustomerOrder) (string, bool) { return "Return " + ret.Number, true }},
		{name: "returnStatus", label: "Return status after", kind: "select", options: after,
			get: func(*order.CustomerOrder) (string, bool) {
				if slices.Contains(statuses, order.ReturnCompleted) {
					return order.ReturnCompleted, true
				}
				return "", true
			}},
	}
	cur := o.CurrencyRule()
	return moneyForm{editForm: editForm{
		key: "money:refret:" + ret.ID, domID: "refund-ret-" + ret.ID, action: "/orders/" + o.ID + "/returns/" + ret.ID + "/refund",
		target: moneyTarget, anchor: "ret-" + ret.ID, title: "Refund this return…", submit: "Refund " + cur.Fixed(ret.Amount()) + " " + o.Currency,
		errPrefix: func(o *order.CustomerOrder) string { return "" }, fields: fs, exists: func(*order.CustomerOrder) bool { return true },
	}, hint: "One step: a refund of the return's lines and amount, and the return marked refunded, saved together.", purpose: desk.Refunding}
}
