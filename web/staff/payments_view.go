package staff

import (
	"cmp"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/csrf"
	"github.com/shopspring/decimal"

	"orderdesk/internal/audit"
	"orderdesk/internal/auth"
	"orderdesk/internal/order"
	"orderdesk/templates/layout"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// The payments and returns panel as a function of plain values: the order, its returns, what
// the viewer may do, the rules and the form the viewer left. The handler gathers them
// ((*Server).paymentsPanel); nothing here reads a request or the store.

// paymentsAccess is what the viewer may see and do on the panel.
type paymentsAccess struct {
	prices       bool // see amounts (auth.OrderReadPrices)
	update       bool // edit, cancel and add payments (auth.OrderUpdate)
	capture      bool // capture and cancel captures (auth.OrderCapturePayment)
	refund       bool // refund and cancel refunds (auth.OrderRefund)
	returnUpdate bool // edit, cancel and refund returns (auth.ReturnUpdate)
	returnCreate bool // open returns (auth.ReturnCreate)
}

func paymentsAccessOf(u auth.User) paymentsAccess {
	return paymentsAccess{prices: u.Can(auth.OrderReadPrices), update: u.Can(auth.OrderUpdate),
		capture: u.Can(auth.OrderCapturePayment), refund: u.Can(auth.OrderRefund),
		returnUpdate: u.Can(auth.ReturnUpdate), returnCreate: u.Can(auth.ReturnCreate)}
}

// paymentsInput is everything the panel is built from.
type paymentsInput struct {
	order         *order.CustomerOrder
	returns       []order.Return
	may           paymentsAccess
	statuses      order.StatusRules
	reasons       audit.ReasonRules
	returnReasons []string // the reasons a returned line may give (configured)
	csrf          string
	form          *formState // the form the viewer left; ignored unless it is one of the panel's
}

// paymentsBuild is one build of the panel: its input, the order's ledger, the state of the
// form being placed and whether a form of the panel took it.
type paymentsBuild struct {
	in     paymentsInput
	o      *order.CustomerOrder
	ledger order.Ledger
	form   *formState
	shown  bool
}

// paymentsView builds the payments and returns panel.
func paymentsView(in paymentsInput) *orderpage.Payments {
	b := &paymentsBuild{in: in, o: in.order, ledger: order.LedgerOf(in.order), form: in.form}
	pv := &orderpage.Payments{OrderID: b.o.ID, ShowPrices: in.may.prices, CSRF: in.csrf}
	if b.form != nil && !strings.HasPrefix(b.form.key, "money:") {
		b.form = nil
	}
	if b.form != nil && b.form.saved != "" {
		pv.Saved, pv.Meanwhile = b.form.saved, b.form.meanwhile
		b.form = nil
	}
	pv.Ledger, pv.Totals = b.ledgerRows(), b.totalRows()
	for i := range b.o.InPayments {
		pv.Cards = append(pv.Cards, b.paymentCard(i))
	}
	pv.Gap, pv.AdjustPayment = b.paymentGap()
	pv.NewPayment = b.newPayment()
	for i := range in.returns {
		pv.Returns = append(pv.Returns, b.returnCard(&in.returns[i]))
	}
	pv.NewReturn, pv.NewReturnNote = b.newReturn()
	if b.form != nil && !b.shown {
		// The form is no longer offered (someone else's change, or it never applied): its
		// messages go to the top of the panel rather than nowhere.
		pv.Error = notSavedText(b.form)
	}
	return pv
}

// money shows an amount with its currency (the order's when code is empty), or nothing to a
// viewer who may not see prices.
func (b *paymentsBuild) money(d decimal.Decimal, code string) string {
	if !b.in.may.prices {
		return ""
	}
	if code == "" {
		code = b.o.Currency
	}
	return b.o.RuleFor(code).Fixed(d) + " " + code
}

// show places a form of the panel, with the viewer's state when it is that form's.
func (b *paymentsBuild) show(mf moneyForm) *orderpage.ActionForm {
	mf = withReasonRule(mf, b.in.reasons)
	var mine *formState
	if b.form != nil && b.form.key == mf.key {
		mine, b.shown = b.form, true
	}
	f := orderpage.ActionForm{Form: mf.toView(b.o, mine), Hint: mf.hint, CanPreview: mf.preview}
	if mf.preview {
		f.PreviewAction = mf.action + "/preview"
	}
	f.NeedReason = f.NeedReason || mf.needReason
	f.Danger = mf.danger
	if mine != nil && mine.preview != "" {
		f.Preview, f.Open = mine.preview, true
	}
	return &f
}

// lineName is a line's SKU, or the id when the line is gone.
func (b *paymentsBuild) lineName(id string) string {
	if li := b.o.LineItem(id); li != nil {
		return li.Sku
	}
	return id
}

func (b *paymentsBuild) ledgerRows() []orderpage.LedgerRow {
	var rows []orderpage.LedgerRow
	for i, pl := range b.ledger.Payments {
		p := &b.o.InPayments[i]
		rows = append(rows, orderpage.LedgerRow{Label: pl.Number, Status: b.in.statuses.Label(order.TypePaymentIn, p.Status),
			StatusTone: layout.StatusTone(p.Status, p.IsCancelled), Anchor: p.ID, Cancelled: pl.Cancelled,
			Authorized: b.money(pl.Authorized, pl.Currency), Captured: b.money(pl.Captured, pl.Currency),
			Paid: b.money(pl.Paid, pl.Currency), Refunded: b.money(pl.Refunded, pl.Currency), Net: b.money(pl.Net, pl.Currency)})
	}
	return rows
}

func (b *paymentsBuild) totalRows() []orderpage.LedgerRow {
	var rows []orderpage.LedgerRow
	for _, t := range b.ledger.Totals {
		bal := t.Balance
		due := balanceAmount(bal, func(d decimal.Decimal) string { return b.money(d, t.Currency) })
		rows = append(rows, orderpage.LedgerRow{Currency: t.Currency, Charged: b.money(t.Charged, t.Currency),
			Authorized: b.money(t.Authorized, t.Currency), Captured: b.money(t.Captured, t.Currency),
			Paid: b.money(bal.Paid, t.Currency), Refunded: b.money(bal.Refunded, t.Currency),
			Net: b.money(bal.NetPaid, t.Currency), DueLabel: due.Label + balanceRule(bal), Due: due.Value, DueTone: due.Tone})
	}
	return rows
}

// paymentCard is the i-th payment with its documents, gateway log and forms.
func (b *paymentsBuild) paymentCard(i int) orderpage.PaymentCard {
	p := &b.o.InPayments[i]
	c := orderpage.PaymentCard{ID: p.ID, Anchor: "doc-" + p.ID, Number: p.Number, Status: b.in.statuses.Label(order.TypePaymentIn, p.Status),
		StatusTone: layout.StatusTone(p.Status, p.IsCancelled), Cancelled: p.IsCancelled, CancelReason: p.CancelReason, Method: p.GatewayCode}
	c.Facts = b.paymentFacts(p, b.ledger.Payments[i])
	if p.BillingAddress != nil {
		c.Billing = addressView(*p.BillingAddress, "").Lines
	}
	for j := range p.Captures {
		c.Captures = append(c.Captures, b.captureDoc(p, &p.Captures[j]))
	}
	for j := range p.Refunds {
		c.Refunds = append(c.Refunds, b.refundDoc(p, &p.Refunds[j]))
	}
	for _, t := range p.Transactions {
		c.Transactions = append(c.Transactions, b.transaction(p, t))
	}
	b.paymentForms(&c, p, b.ledger.Payments[i])
	c.Capture, c.CaptureNote = b.captureOffer(p)
	c.Refund, c.RefundNote = b.refundOffer(p)
	return c
}

func (b *paymentsBuild) paymentFacts(p *order.PaymentIn, pl order.PaymentLedger) []orderpage.Fact {
	facts := []orderpage.Fact{{Label: "Method", Value: p.GatewayCode}, {Label: "Purpose", Value: p.Purpose},
		{Label: "Amount", Value: b.money(p.Sum, p.Currency)}, {Label: "Payment fee", Value: b.money(p.Price, p.Currency)},
		{Label: "Authorized", Value: whenPtr(p.AuthorizedDate)}, {Label: "Captured", Value: whenPtr(p.CapturedDate)},
		{Label: "Voided", Value: whenPtr(p.VoidedDate)}}
	if b.in.may.prices && pl.CanCapture {
		facts = append(facts, orderpage.Fact{Label: "Left to capture", Value: b.money(pl.CaptureRemaining, p.Currency)})
	}
	if b.in.may.prices && pl.CanRefund {
		facts = append(facts, orderpage.Fact{Label: "Left to refund", Value: b.money(pl.RefundRemaining, p.Currency)})
	}
	return facts
}

// units is "SKU × n": so many units of a line.
func (b *paymentsBuild) units(lineID string, quantity int) string {
	return b.lineName(lineID) + " × " + strconv.Itoa(quantity)
}

func (b *paymentsBuild) captureDoc(p *order.PaymentIn, cp *order.Capture) orderpage.MoneyDoc {
	d := orderpage.MoneyDoc{ID: cp.ID, Anchor: "doc-" + cp.ID, Kind: "Capture", Number: cp.Number, Status: b.in.statuses.Label(order.TypeCapture, cp.Status),
		StatusTone: layout.StatusTone(cp.Status, cp.IsCancelled), Cancelled: cp.IsCancelled, Amount: b.money(cp.Amount, p.Currency)}
	var items []string
	for _, it := range cp.Items {
		items = append(items, b.units(it.LineItemID, it.Quantity))
	}
	d.Facts = []orderpage.Fact{{Label: "Transaction", Value: cp.TransactionID}, {Label: "Items", Value: strings.Join(items, ", ")},
		{Label: "Closes the transaction", Value: yesIf(cp.CloseTransaction)}, {Label: "Created", Value: base.When(cp.CreatedDate)},
		{Label: "Cancel reason", Value: cp.CancelReason}}
	if b.in.may.capture && !p.IsCancelled && order.CanCancelCapture(cp) == nil {
		d.Cancel = b.show(cancelCaptureForm(b.o, p, cp))
	}
	return d
}

func (b *paymentsBuild) refundDoc(p *order.PaymentIn, rf *order.Refund) orderpage.MoneyDoc {
	d := orderpage.MoneyDoc{ID: rf.ID, Anchor: "doc-" + rf.ID, Kind: "Refund", Number: rf.Number, Status: b.in.statuses.Label(order.TypeRefund, rf.Status),
		StatusTone: layout.StatusTone(rf.Status, rf.IsCancelled), Cancelled: rf.IsCancelled, Amount: b.money(rf.Amount, p.Currency)}
	reason := b.in.statuses.Label(order.TypeRefundReason, string(rf.ReasonCode))
	if rf.ReasonMessage != "" {
		reason += ": " + rf.ReasonMessage
	}
	var items []string
	for _, it := range rf.Items {
		items = append(items, b.units(it.LineItemID, it.Quantity))
	}
	d.Facts = []orderpage.Fact{{Label: "Reason", Value: reason}, {Label: "Transaction", Value: rf.TransactionID},
		{Label: "Items", Value: strings.Join(items, ", ")}, {Label: "Created", Value: base.When(rf.CreatedDate)},
		{Label: "Cancel reason", Value: rf.CancelReason}}
	if b.in.may.refund && order.CanCancelRefund(rf) == nil {
		d.Cancel = b.show(cancelRefundForm(b.o, p, rf))
	}
	return d
}

// transaction is one entry of a payment's gateway log.
func (b *paymentsBuild) transaction(p *order.PaymentIn, t order.PaymentGatewayTransaction) orderpage.Transaction {
	at := base.When(t.CreatedDate)
	if t.ProcessedDate != nil {
		at = base.When(*t.ProcessedDate)
	}
	tv := orderpage.Transaction{When: at, Type: t.Type, Status: t.Status, Processed: t.IsProcessed,
		Attempts: strconv.Itoa(t.ProcessAttemptCount), ResponseCode: t.ResponseCode, Error: t.ProcessError, Note: t.Note,
		Request: t.RequestData, Response: t.ResponseData}
	if !t.Amount.IsZero() {
		tv.Amount = b.money(t.Amount, cmp.Or(t.CurrencyCode, p.Currency))
	}
	if !b.in.may.prices {
		// Gateway text carries amounts: not for those who may not see prices.
		tv.Request, tv.Response = "", ""
	}
	return tv
}

// paymentForms are the forms that change a payment itself: edit, billing, log, cancel.
func (b *paymentsBuild) paymentForms(c *orderpage.PaymentCard, p *order.PaymentIn, pl order.PaymentLedger) {
	if !b.in.may.update {
		return
	}
	o := b.o
	if !o.IsReadOnly() && !p.IsCancelled && !p.IsReadOnly() {
		c.Edit = b.show(paymentEditForm(o, p.ID, paymentStatusOptions(b.in.statuses, p), b.in.may.prices))
	}
	if !o.IsCancelled && !p.IsCancelled {
		c.EditBilling = b.show(billingForm(o, p.ID))
	}
	c.AddLog = b.show(transactionForm(o, p, b.in.may.prices))
	if !o.IsReadOnly() && order.CanCancelPayment(p) == nil && !pl.Net.IsPositive() {
		c.Cancel = b.show(cancelPaymentForm(o, p.ID))
	}
}

// captureOffer is the capture form, or why a payment that could take one cannot now.
func (b *paymentsBuild) captureOffer(p *order.PaymentIn) (*orderpage.ActionForm, string) {
	if !b.in.may.capture || !b.in.may.prices || p.IsCancelled {
		return nil, ""
	}
	if err := order.CaptureAllowed(p); err == nil {
		return b.show(captureForm(b.o, p)), ""
	} else if p.CanCapture() {
		return nil, "No capture: " + fieldText(err) + "."
	}
	return nil, ""
}

// refundOffer is the refund form, or why a payment that could take one cannot now.
func (b *paymentsBuild) refundOffer(p *order.PaymentIn) (*orderpage.ActionForm, string) {
	if !b.in.may.refund || !b.in.may.prices || p.IsCancelled {
		return nil, ""
	}
	err := order.RefundAllowed(p)
	switch {
	case err == nil:
		return b.show(refundForm(b.o, p, b.in.statuses)), ""
	case order.ParsePaymentStatus(p.Status) == order.PaymentAuthorized:
		return nil, "Refunds start once the payment is paid: capture the rest, or close the transaction with the last capture."
	case p.CanRefund():
		return nil, "No refund: " + fieldText(err) + "."
	}
	return nil, ""
}

// paymentGap says the payments no longer add up to the total, with the form that adjusts the
// payment able to take the difference.
func (b *paymentsBuild) paymentGap() (string, *orderpage.ActionForm) {
	g, gap := order.PaymentGapOf(b.o)
	if !gap || !b.in.may.prices {
		return "", nil
	}
	text := paymentGapText(b.o, g)
	if b.in.may.update && g.Adjustable != nil && !b.o.IsReadOnly() {
		return text, b.show(adjustPaymentForm(b.o, g.Adjustable, g.Adjustable.Sum.Add(g.Difference)))
	}
	return text, nil
}

func (b *paymentsBuild) newPayment() *orderpage.ActionForm {
	if !b.in.may.update || !b.in.may.prices || b.o.IsReadOnly() {
		return nil
	}
	rules := b.in.statuses
	return b.show(newPaymentForm(b.o, statusChoices(rules, order.TypePaymentIn, rules.Statuses(order.TypePaymentIn), ""), rules.InitialStatus(order.TypePaymentIn)))
}

// returnCard is one return with its lines and forms.
func (b *paymentsBuild) returnCard(ret *order.Return) orderpage.ReturnCard {
	o, rules, may := b.o, b.in.statuses, b.in.may
	rc := orderpage.ReturnCard{ID: ret.ID, Anchor: "doc-" + ret.ID, Number: ret.Number, Status: rules.Label(order.TypeReturn, ret.Status),
		StatusTone: layout.StatusTone(ret.Status, false), Amount: b.money(ret.Amount(), ""), Resolution: ret.Resolution}
	for _, l := range ret.LineItems {
		rc.Lines = append(rc.Lines, b.returnLine(l))
	}
	refunded := order.ReturnRefunded(o, ret)
	if refunded != nil {
		rc.RefundedBy = refunded.Number
	}
	open := ret.Status != order.ReturnCanceled
	if may.returnUpdate && open {
		rc.Edit = b.show(returnEditForm(o, ret, rules.NextStatuses(order.TypeReturn, ret.Status), rules))
		if refunded == nil {
			rc.Cancel = b.show(cancelReturnForm(o, ret))
		}
	}
	if may.refund && may.returnUpdate && may.prices && refunded == nil && open && ret.Amount().IsPositive() {
		if pays := order.PaymentsForReturn(o, ret); len(pays) > 0 {
			rc.Refund = b.show(refundReturnForm(o, ret, pays, rules.Statuses(order.TypeReturn), rules))
		} else {
			rc.RefundNote = noPaymentForReturn(o, ret)
		}
	}
	return rc
}

// returnLine is "SKU × n at price (reason)", the price only for those who may see it.
func (b *paymentsBuild) returnLine(l order.ReturnLineItem) string {
	item := b.units(l.OrderLineItemID, l.Quantity)
	if b.in.may.prices {
		item += " at " + b.o.CurrencyRule().Fixed(l.Price)
	}
	if l.Reason != "" {
		item += " (" + l.Reason + ")"
	}
	return item
}

// newReturn is the form that opens a return, or why there is none while the order is open.
func (b *paymentsBuild) newReturn() (*orderpage.ActionForm, string) {
	if !b.in.may.returnCreate || b.o.IsCancelled {
		return nil, ""
	}
	avail := order.AvailableReturnQuantities(b.o, b.in.returns, "")
	for _, n := range avail {
		if n > 0 {
			rules := b.in.statuses
			return b.show(newReturnForm(b.o, avail, b.in.returnReasons, rules.Statuses(order.TypeReturn),
				rules.InitialStatus(order.TypeReturn), rules)), ""
		}
	}
	return nil, "Nothing can be returned now: only units that were sent can come back, less those in other returns."
}

// notSavedText gathers the messages of a form that is no longer offered; empty when it had none.
func notSavedText(st *formState) string {
	var msgs []string
	for _, m := range []string{st.formErr, st.reasonErr} {
		if m != "" {
			msgs = append(msgs, m)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(st.errs)) {
		msgs = append(msgs, st.errs[k])
	}
	if len(msgs) == 0 {
		return ""
	}
	return "Not saved: " + strings.Join(msgs, "; ") + "."
}

// paymentsPanel builds the payments and returns panel for the viewer, with one form's state
// when st is one of the panel's.
func (s *Server) paymentsPanel(r *http.Request, o *order.CustomerOrder, returns []order.Return, st *formState) *orderpage.Payments {
	rules := s.Store.Rules()
	return paymentsView(paymentsInput{order: o, returns: returns, may: paymentsAccessOf(*base.State(r).User),
		statuses: rules.Statuses, reasons: rules.Reasons, returnReasons: s.Cfg.Returns.Reasons,
		csrf: csrf.Token(r), form: st})
}

// noPaymentForReturn says why no payment can take a return's refund, payment by payment.
func noPaymentForReturn(o *order.CustomerOrder, ret *order.Return) string {
	cur := o.CurrencyRule()
	msg := "No payment can take this refund of " + cur.Fixed(ret.Amount()) + " " + o.Currency + "."
	var why []string
	for i := range o.InPayments {
		p := &o.InPayments[i]
		switch {
		case p.IsCancelled:
		case order.RefundAllowed(p) == nil:
			why = append(why, p.Number+" has "+cur.Fixed(order.RefundRemaining(p))+" "+p.Currency+" left to refund")
		case order.ParsePaymentStatus(p.Status) == order.PaymentAuthorized:
			why = append(why, p.Number+" is authorized, not paid yet: capture it first")
		default:
			why = append(why, p.Number+": "+fieldText(order.RefundAllowed(p)))
		}
	}
	if len(why) == 0 {
		return msg + " The order has no payment: add one first."
	}
	return msg + " " + strings.Join(why, "; ") + "."
}

func whenPtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return base.When(*t)
}

func yesIf(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

// moneySummary is the side panel's ledger of the order's currency: charged, authorized,
// captured, paid, refunded, net paid and the balance due (or credit), from the documents.
func moneySummary(o *order.CustomerOrder, withCode func(decimal.Decimal) string) []orderpage.Amount {
	t := order.LedgerOf(o).Total()
	b := t.Balance
	out := []orderpage.Amount{
		{Label: "Order total", Value: withCode(t.Charged)},
		{Label: "Authorized", Value: withCode(t.Authorized)},
		{Label: "Captured", Value: withCode(t.Captured)},
		{Label: "Paid", Value: withCode(b.Paid)},
		{Label: "Refunded", Value: withCode(b.Refunded)},
		{Label: "Net paid", Value: withCode(b.NetPaid)},
		balanceAmount(b, withCode),
	}
	if g, gap := order.PaymentGapOf(o); gap {
		out = append(out, orderpage.Amount{Label: "Payments ask for (not the total)", Value: withCode(g.Amounts), Tone: "warn"})
	}
	return out
}

// balanceAmount is the last line of every money summary: the balance due, or the credit
// when more was paid than the total (never a negative balance due).
func balanceAmount(b order.Balance, withCode func(decimal.Decimal) string) orderpage.Amount {
	switch {
	case b.Credit.IsPositive():
		return orderpage.Amount{Label: "Credit (overpaid)", Value: withCode(b.Credit), Strong: true, Tone: "bad"}
	case b.Due.IsPositive():
		return orderpage.Amount{Label: "Balance due", Value: withCode(b.Due), Strong: true, Tone: "warn"}
	}
	return orderpage.Amount{Label: "Balance due", Value: withCode(b.Due), Strong: true, Tone: "ok"}
}

// paymentGapText says that the payments no longer match the total, by how much, and what can
// be done when no payment can simply take the difference.
func paymentGapText(o *order.CustomerOrder, g order.PaymentGap) string {
	cur := o.CurrencyRule()
	fx := func(d decimal.Decimal) string { return cur.Fixed(d) + " " + o.Currency }
	text := "The payments no longer match the order total: they ask for " + fx(g.Amounts) + ", the total is " + fx(o.Total)
	if g.Difference.IsPositive() {
		text += " (" + fx(g.Difference) + " less)."
	} else {
		text += " (" + fx(g.Difference.Neg()) + " more)."
	}
	switch {
	case g.Adjustable != nil:
	case g.Difference.IsPositive():
		text += " No payment can take the difference: add a payment for it."
	case order.OrderBalance(o).Credit.IsPositive():
		text += " The payments are paid or closed: refund the credit."
	default:
		text += " The payments are paid or closed."
	}
	return text
}

// balanceRule says how the ledger's last figure follows from the ones above it.
func balanceRule(b order.Balance) string {
	if b.Credit.IsPositive() {
		return " (net paid − charged)"
	}
	return " (charged − paid)"
}
