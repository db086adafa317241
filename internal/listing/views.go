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

// BuiltinViews are the usual queues.
var BuiltinViews = []View{
	{ID: "new", Name: "New", Query: "status=New"},
	{ID: "unpaid", Name: "Unpaid", Query: "cancelled=no&unpaid=1"},
	{ID: "ready-to-ship", Name: "Ready to ship", Query: "cancelled=no&pay=paid&unshipped=1"},
	{ID: "partially-shipped", Name: "Partially shipped", Query: "cancelled=no&ship=partial"},
	{ID: "returns-open", Name: "Returns open", Query: "returns=open"},
}
