package orderpage

// Editing is what the live order page needs to edit in place; nil on past versions and for
// users who may not update orders.
type Editing struct {
	CSRF    string
	Version int
	// Locked says why the order is read-only (completed or cancelled); forms are left out.
	Locked string
	Header Form
	Cancel *Form           // nil when the order cannot be cancelled
	Lines  map[string]Form // by line id
	// Addresses by address id.
	Addresses map[string]Form
	// Custom edits the order's custom fields (nil when it has none that can be edited here);
	// AddCustom adds one.
	Custom, AddCustom *Form
}

// Form is one small in-place edit form. Without script it is a plain POST; with htmx it
// swaps Target and the totals out of band.
type Form struct {
	ID     string // element id of the form
	Action string
	Target string // element id htmx replaces with the answer
	Title  string
	Submit string
	// Version is the order version the form's values come from.
	Version int
	Danger  bool
	Open    bool // shown expanded: it has messages, a conflict or a needed reason
	Inputs  []Input
	// Error is a message about the whole form.
	Error string
	// Saved says the edit was saved; Meanwhile lists what others changed since the form was
	// rendered (the edit was merged with it).
	Saved     string
	Meanwhile []Entry
	// Conflict: someone else changed a field this form changed too; the inputs keep the
	// user's values and show the other ones, and the user picks.
	Conflict bool
	// NeedReason asks for a reason (the store requires one for this change).
	NeedReason  bool
	Reason      string
	ReasonError string
	// RemoveAction, when set, offers to remove the thing (a line).
	RemoveAction string
}

// Input is one field of a Form.
type Input struct {
	Name, Label string
	Kind        string // text, number, money, percent, select, check, textarea, integer, decimal, date
	Value       string // as shown (the user's input after an error or conflict)
	Orig        string // canonical value the form was rendered from (for the merge)
	Options     []Option
	Error       string
	// Theirs is the other person's value in a conflict, as shown, with who and when.
	Theirs, TheirsBy string
	// Seen is the other value in canonical form, so "keep mine" settles only what was shown.
	Seen string
}

// Option is one choice of a select.
type Option struct{ Value, Label string }
