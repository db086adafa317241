package orderpage

// AddProducts is the page that finds products and adds them to an order at this customer's
// price.
type AddProducts struct {
	OrderID, Number, Currency, Store, Group string
	Query                                   string
	// Quantity is the quantity prices are shown for (a quantity tier may apply).
	Quantity   string
	Results    []ProductChoice
	ShowPrices bool
	Version    int
	CSRFToken  string
	Searched   bool
}

// ProductChoice is one product found, with the price this customer would get.
type ProductChoice struct {
	ID, SKU, Name, ImageURL string
	InStock                 string // "12 in stock", "not tracked", "out of stock"
	Price                   string // the unit price this customer gets, "" when no list has one
	Why                     string // "tier from 10, sale price"
	Error                   string // a message at this product's form
	Quantity                string
	TypedPrice              string
}

// AvaTaxPanel is the order's AvaTax state, for those who manage taxes in a store with AvaTax.
type AvaTaxPanel struct {
	Status, LastSync, LastAction, LastError string
	CSRFToken                               string
	HasShipTo                               bool
}
