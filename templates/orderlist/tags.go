package orderlist

// Tag is one tag chip of a list row; URL lists the orders carrying it.
type Tag struct {
	Name, Colour, URL string
}
