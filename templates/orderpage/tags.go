package orderpage

// Tags is the order's tags box in the page head: its chips, and for those who may update
// orders the form that adds one (with the dictionary's names to pick from) and a remove
// button on each chip.
type Tags struct {
	OrderID string
	Chips   []TagChip
	// Edit: the form and the remove buttons are shown.
	Edit bool
	CSRF string
	// Names are the dictionary's names, offered while typing.
	Names []string
	// Typed is what the add field held when Error was found.
	Typed, Error string
}

// TagChip is one tag as a coloured chip.
type TagChip struct {
	Name, Colour string
}

// TagClass is the chip's colour class.
func TagClass(colour string) string {
	if colour == "" {
		colour = "grey"
	}
	return "tag tag-" + colour
}
