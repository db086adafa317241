package listing

// View is a named filter: built into the desk, or saved by a user (private or shared).
type View struct {
	ID     string // "new", "unpaid" … for built-in views; a ULID for saved ones
	Name   string
	Query  string // the filter as URL query text (Filter.Values().Encode())
	Shared bool
	Owner  string // user id; empty for built-in views
	// OwnerName is shown on shared views of others.
	OwnerName string
}

// DeletableBy says whether a user may delete the view: its owner, or an administrator when
// the view is shared (someone left it behind for the team). Built-in views stay.
func (v View) DeletableBy(userID string, administrator bool) bool {
	return v.Owner != "" && (v.Owner == userID || (administrator && v.Shared))
}

// BuiltinViews are the usual queues.
var BuiltinViews = []View{
	{ID: "new", Name: "New", Query: "status=New"},
	{ID: "unpaid", Name: "Unpaid", Query: "cancelled=no&unpaid=1"},
	{ID: "ready-to-ship", Name: "Ready to ship", Query: "cancelled=no&pay=paid&unshipped=1"},
	{ID: "partially-shipped", Name: "Partially shipped", Query: "cancelled=no&ship=partial"},
	{ID: "returns-open", Name: "Returns open", Query: "returns=open"},
}
