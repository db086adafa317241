package staff

import (
	"cmp"
	"net/http"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/ids"
	"orderdesk/internal/order"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// printOrder loads the order a print route names, within the user's scopes.
func (s *Server) printOrder(w http.ResponseWriter, r *http.Request) (*order.CustomerOrder, bool) {
	id := r.PathValue("id")
	if !ids.Valid(id) {
		s.NotFound(w, r)
		return nil, false
	}
	return s.scopedOrder(w, r, id)
}

// invoicePage is the printable invoice (route access: order:read_prices).
func (s *Server) invoicePage(w http.ResponseWriter, r *http.Request) {
	o, ok := s.printOrder(w, r)
	if !ok {
		return
	}
	s.Page(w, r, http.StatusOK, "Invoice "+o.Number, orderpage.InvoicePage(s.invoiceView(r, o)))
}

// packingSlipsPage prints a packing slip per shipment, or only the one ?shipment= names; an
// order without shipments gets one slip for all its lines.
func (s *Server) packingSlipsPage(w http.ResponseWriter, r *http.Request) {
	o, ok := s.printOrder(w, r)
	if !ok {
		return
	}
	only := r.URL.Query().Get("shipment")
	if only != "" && !ids.Valid(only) {
		s.NotFound(w, r)
		return
	}
	v := packingSlipsView(o, only, s.Store.Rules().Statuses)
	if only != "" && len(v.Slips) == 0 {
		s.NotFound(w, r)
		return
	}
	v.PrintedAt, v.PrintedBy = base.When(s.Now()), base.State(r).User.Name
	s.Page(w, r, http.StatusOK, "Packing slip "+o.Number, orderpage.PackingSlipsPage(v))
}

func (s *Server) invoiceView(r *http.Request, o *order.CustomerOrder) orderpage.Invoice {
	cur := o.CurrencyRule()
	digits := cur.Digits() // line and tax figures; cash rounding is the totals' own line
	withCode := func(d decimal.Decimal) string { return cur.Fixed(d) + " " + o.Currency }
	v := orderpage.Invoice{
		OrderID: o.ID, Number: o.Number, Store: cmp.Or(o.StoreName, o.StoreID), Date: printDate(o.CreatedDate),
		Status: s.Store.Rules().Statuses.Label(order.TypeCustomerOrder, o.Status), PurchaseOrder: o.PurchaseOrderNumber, Customer: o.CustomerName, Currency: o.Currency,
		Cancelled: o.IsCancelled, Totals: totalsAmounts(o, withCode), Comment: o.Comment,
		PrintedAt: base.When(s.Now()), PrintedBy: base.State(r).User.Name,
	}
	// What the customer reads on an invoice: paid, refunded, what is still due (not the
	// desk's authorization and capture figures, nor the total a second time).
	b := order.OrderBalance(o)
	v.Money = []orderpage.Amount{{Label: "Paid", Value: withCode(b.Paid)}, {Label: "Refunded", Value: withCode(b.Refunded)},
		{Label: "Net paid", Value: withCode(b.NetPaid)}, balanceAmount(b, withCode)}
	if a := o.BillingAddress(); a != nil {
		v.BillTo = addressView(*a, "").Lines
	}
	if a := o.ShippingAddress(); a != nil {
		v.ShipTo = addressView(*a, "").Lines
	}
	for _, li := range o.Items {
		l := orderpage.InvoiceLine{Sku: li.Sku, Name: li.Name, Quantity: li.Quantity, UnitPrice: digits.Fixed(li.Price),
			TaxRate: percent(li.TaxPercentRate), Net: digits.Fixed(li.ExtendedPrice), Cancelled: li.IsCancelled, Gift: li.IsGift}
		if !li.DiscountAmount.IsZero() {
			l.Discount = "−" + digits.Fixed(li.DiscountAmount)
		}
		v.Lines = append(v.Lines, l)
	}
	v.TaxNote = order.OrderDiscountTaxNote(o, digits)
	for _, t := range order.TaxBreakdown(o, digits) {
		v.Taxes = append(v.Taxes, orderpage.TaxRow{Rate: percent(t.Rate), Net: digits.Fixed(t.Net), Tax: digits.Fixed(t.Tax)})
	}
	return v
}

// printDate is a document's date as printed sheets show it.
func printDate(t time.Time) string { return t.UTC().Format("2 January 2006") }

// percent shows a rate kept as a fraction: 0.2 → "20 %".
func percent(rate decimal.Decimal) string { return rate.Shift(2).String() + " %" }

func packingSlipsView(o *order.CustomerOrder, only string, rules order.StatusRules) orderpage.PackingSlips {
	v := orderpage.PackingSlips{OrderID: o.ID, OrderNumber: o.Number, Store: cmp.Or(o.StoreName, o.StoreID), Customer: o.CustomerName}
	shipTo := func(a *order.Address) []string {
		if a == nil {
			a = o.ShippingAddress()
		}
		if a == nil {
			return nil
		}
		return addressView(*a, "").Lines
	}
	for _, sh := range o.Shipments {
		if (only != "" && sh.ID != only) || (only == "" && sh.IsCancelled) {
			continue
		}
		slip := orderpage.PackingSlip{Title: "Shipment", Number: sh.Number, Status: rules.Label(order.TypeShipment, sh.Status),
			Method: strings.TrimSpace(sh.ShipmentMethodCode + " " + sh.ShipmentMethodOption), From: sh.FulfillmentCenterName,
			Tracking: sh.TrackingNumber, Date: printDate(sh.CreatedDate), ShipTo: shipTo(sh.DeliveryAddress),
			Comment: sh.Comment}
		packages := map[string]string{}
		for _, p := range sh.Packages {
			packages[p.ID] = cmp.Or(p.BarCode, p.PackageType)
			slip.Packages = append(slip.Packages, orderpage.SlipPackage{BarCode: p.BarCode, Type: p.PackageType,
				Weight: measureText(p.Weight, p.WeightUnit), Size: sizeText(p.Length, p.Width, p.Height, p.MeasureUnit)})
		}
		for _, it := range sh.Items {
			item := orderpage.SlipItem{Quantity: it.Quantity, Package: packages[it.ShipmentPackageID]}
			if li := o.LineItem(it.LineItemID); li != nil {
				item.Sku, item.Name = li.Sku, li.Name
			}
			slip.Items = append(slip.Items, item)
		}
		v.Slips = append(v.Slips, slip)
	}
	if len(o.Shipments) == 0 && only == "" {
		slip := orderpage.PackingSlip{Title: "Order", Number: o.Number, Date: printDate(o.CreatedDate), ShipTo: shipTo(nil)}
		for _, li := range o.Items {
			if !li.IsCancelled {
				slip.Items = append(slip.Items, orderpage.SlipItem{Sku: li.Sku, Name: li.Name, Quantity: li.Quantity})
			}
		}
		v.Slips = append(v.Slips, slip)
	}
	return v
}

func measureText(d decimal.NullDecimal, unit string) string { return order.MeasureText(d, unit) }

func sizeText(l, w, h decimal.NullDecimal, unit string) string { return order.SizeText(l, w, h, unit) }
