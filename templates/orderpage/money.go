package orderpage

// Payments is the order page's payments and returns panel: the money ledger per payment, each
// payment with its captures, refunds and gateway log, the returns, and the forms the viewer may
// use. Without prices every money figure is empty and no form that changes money is offered.
type Payments struct {
	OrderID    string
	ShowPrices bool
	CSRF       string
	// Ledger is one row per payment; Totals one per currency (the order's first).
	Ledger []LedgerRow
	Totals []LedgerRow
	Cards  []PaymentCard
	// Returns of the order, oldest first.
	Returns []ReturnCard
	// NewPayment and NewReturn are nil when the viewer may not create them; NewReturnNote says
	// why there is no return form (nothing sent yet, everything returned).
	NewPayment    *ActionForm
	NewReturn     *ActionForm
	NewReturnNote string
	// Gap says the payments no longer add up to the order total (empty when they do), and
	// AdjustPayment offers to change the payment that can take the difference.
	Gap           string
	AdjustPayment *ActionForm
	// Saved is the note of the last save from this panel, with what others changed meanwhile.
	Saved     string
	Meanwhile []Entry
	// Error carries the messages of a form that is no longer offered.
	Error string
	// Locked says why the order's documents can no longer change.
	Locked string
}

// LedgerRow is one line of the ledger: a payment, or the total of one currency.
type LedgerRow struct {
	Label, Status, StatusTone, Anchor   string
	Cancelled                           bool
	Charged, Authorized, Captured, Paid string
	Refunded, Net, Currency             string
	// DueLabel, Due and DueTone are the balance due, or the credit when overpaid.
	DueLabel, Due, DueTone string
}

// PaymentCard is one payment with its documents and forms.
type PaymentCard struct {
	ID, Anchor, Number string
	Status, StatusTone string
	Method             string // for its one-line summary (the ledger above gives the amounts)
	Cancelled          bool
	CancelReason       string
	Facts              []Fact
	Billing            []string
	Captures           []MoneyDoc
	Refunds            []MoneyDoc
	Transactions       []Transaction
	// Forms (nil when not offered) and, for capture and refund, why not.
	Edit, EditBilling, Cancel, Capture, Refund, AddLog *ActionForm
	CaptureNote, RefundNote                            string
}

// Open reports whether the card's details start unfolded: a form inside them is open (its
// errors or an unsent draft are shown).
func (c PaymentCard) Open() bool {
	for _, d := range append(c.Captures[:len(c.Captures):len(c.Captures)], c.Refunds...) {
		if d.Cancel != nil && d.Cancel.Open {
			return true
		}
	}
	return false
}

// MoneyDoc is a capture or refund under its payment.
type MoneyDoc struct {
	ID, Anchor, Kind, Number string
	Status, StatusTone       string
	Cancelled                bool
	Amount                   string
	Facts                    []Fact
	Cancel                   *ActionForm
}

// Transaction is one entry of a payment's gateway log.
type Transaction struct {
	When, Type, Status, Amount string
	Processed                  bool
	Attempts                   string
	ResponseCode, Error, Note  string
	Request, Response          string
}

// ReturnCard is one return with its forms.
type ReturnCard struct {
	ID, Anchor, Number string
	Status, StatusTone string
	Amount             string
	Resolution         string
	Lines              []string
	RefundedBy         string
	Edit, Cancel       *ActionForm
	Refund             *ActionForm
	RefundNote         string
}

// ActionForm is a form of the payments panel: an in-place form with a hint under its title
// and, for refunds by line, a "compute amount" button whose answer shows the amount before
// anything is saved.
type ActionForm struct {
	Form
	Hint       string
	CanPreview bool
	Preview    string
	// PreviewAction answers the live amount as the user types (RefundPreview).
	PreviewAction string
}
