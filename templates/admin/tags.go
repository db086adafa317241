package admin

// Tags is the tag dictionary: each tag with its use, a rename-and-colour form, and delete for
// tags no order carries.
type Tags struct {
	Rows      []TagRow
	CSRFToken string
}

// TagRow is one tag; Name and Colour are as typed when Error is set.
type TagRow struct {
	ID, Name, Colour string
	Uses             string // "12", "10,000+"
	Unused           bool
	Colours          []Option
	Error            string
}
