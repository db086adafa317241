package orderpage

// Invoice is a printable invoice of one order. It exists only for viewers who may see prices.
type Invoice struct {
	OrderID, Number      string
	Store, Date, Status  string
	PurchaseOrder        string
	Customer, Contact    string
	Currency             string
	Cancelled            bool
	BillTo, ShipTo       []string
	Lines                []InvoiceLine
	Totals               []Amount // Virto's totals, as on the order page
	Taxes                []TaxRow
	TaxNote              string   // how an order-level discount bears on the tax; empty without one
	Money                []Amount // paid, refunded, balance due
	Comment              string
	PrintedAt, PrintedBy string
}

// InvoiceLine is one line item on an invoice.
type InvoiceLine struct {
	Sku, Name       string
	Quantity        int
	UnitPrice       string
	Discount        string // per unit; empty when none
	TaxRate         string // "20 %"
	Net             string // extended price, before tax
	Cancelled, Gift bool
}

// TaxRow is one tax rate's line of the invoice's tax summary.
type TaxRow struct{ Rate, Net, Tax string }

// PackingSlips is the packing slip of each shipment of an order (or of the whole order before
// it has any), one printed page each. No money is on them.
type PackingSlips struct {
	OrderID, OrderNumber string
	Store, Customer      string
	Slips                []PackingSlip
	PrintedAt, PrintedBy string
}

// PackingSlip is what goes in one box: where it goes, what is in it, and its packages.
type PackingSlip struct {
	Title, Number  string // "Shipment SH…" or "Order CO…"
	Status, Method string
	From, Tracking string
	Date           string
	ShipTo         []string
	Items          []SlipItem
	Packages       []SlipPackage
	Comment        string
}

// SlipItem is one line to pick and pack.
type SlipItem struct {
	Sku, Name, Package string
	Quantity           int
}

// SlipPackage is one parcel of a shipment.
type SlipPackage struct{ BarCode, Type, Weight, Size string }
