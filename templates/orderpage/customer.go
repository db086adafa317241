package orderpage

// CustomerPanel is the order page's panel about the customer who placed the order: their
// figures over the orders the viewer's scopes allow, links to their page and to the order
// list filtered to them, and the addresses of their latest order.
type CustomerPanel struct {
	Name     string
	Contact  string
	Guest    bool   // the storefront marked the order anonymous (a guest checkout)
	PageURL  string // the customer page
	ListURL  string // the order list filtered to this customer
	Figures  CustomerFigures
	LatestNo string // the number of the latest order, whose addresses are shown
	// Addresses are the latest order's billing and shipping addresses: the customer's
	// addresses of record, as far as the orders know them.
	Addresses []Address
}

// CustomerFigures are a customer's figures in words: counts and dates for everyone, money per
// currency only for those who may see prices (empty otherwise).
type CustomerFigures struct {
	Orders    string // "12 orders"
	Others    string // "11 other orders" (on the order page only)
	Cancelled string // "2 cancelled", or empty
	Returns   string // "3 returns"
	First     string
	Last      string
	Money     []Amount // spend and open balance, per currency
}
