package staff

import (
	"cmp"
	"context"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
	"orderdesk/templates/layout"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// orderView turns an order (live or rebuilt as of a past change set) and its returns into the
// order page's panels. Without showPrices no amount of money is put into the view at all, so
// no template can leak one. Statuses read as their labels (rules).
func orderView(o *order.CustomerOrder, returns []order.Return, showPrices bool, rules order.StatusRules) orderpage.Page {
	pp := pagePresenter{o: o, rules: rules, showPrices: showPrices, cur: o.CurrencyRule()}
	v := orderpage.Page{ID: o.ID, Number: o.Number, ShowPrices: showPrices, Tab: "order", HistoryURL: "/orders/" + o.ID + "/history"}
	v.Header = pp.header()
	for _, li := range o.Items {
		v.Lines = append(v.Lines, pp.line(li))
	}
	shipFigures(o, &v)
	if showPrices {
		v.Totals = totalsAmounts(o, pp.withCode)
		v.OtherCurrencies = otherCurrencyTotals(o)
		v.Money = moneySummary(o, pp.withCode)
	}
	for _, a := range o.Addresses {
		v.Addresses = append(v.Addresses, addressView(a, ""))
	}
	if o.Comment != "" {
		v.Comments = append(v.Comments, orderpage.Comment{On: "Order", Text: o.Comment})
	}
	v.Custom = append(v.Custom, customView("", o.DynamicProperties)...)
	for _, li := range o.Items {
		v.Custom = append(v.Custom, customView("line "+li.Sku, li.DynamicProperties)...)
		if li.Comment != "" {
			v.Comments = append(v.Comments, orderpage.Comment{On: "Line " + li.Sku, Text: li.Comment})
		}
	}
	for i := range o.Shipments {
		sh := &o.Shipments[i]
		if sh.Comment != "" {
			v.Comments = append(v.Comments, orderpage.Comment{On: "Shipment " + sh.Number, Text: sh.Comment})
		}
		v.Custom = append(v.Custom, customView("shipment "+sh.Number, sh.DynamicProperties)...)
		v.Documents = append(v.Documents, pp.shipment(sh))
	}
	for i := range o.InPayments {
		p := &o.InPayments[i]
		if p.Comment != "" {
			v.Comments = append(v.Comments, orderpage.Comment{On: "Payment " + p.Number, Text: p.Comment})
		}
		d := pp.payment(p)
		// A payment for one shipment sits under it in the tree.
		if sd := treeDocument(v.Documents, p.ShipmentID); p.ShipmentID != "" && sd != nil {
			sd.Children = append(sd.Children, d)
			continue
		}
		v.Documents = append(v.Documents, d)
	}
	for i := range returns {
		v.Documents = append(v.Documents, pp.returnDocument(&returns[i]))
	}
	return v
}

// pagePresenter turns the parts of one order into the order page's view, in the viewer's
// terms: prices only for those who may see them, statuses as their labels.
type pagePresenter struct {
	o          *order.CustomerOrder
	rules      order.StatusRules
	showPrices bool
	cur        order.Currency
}

// money is a line figure: the currency's digits (cash rounding is for the amount payable).
func (pp pagePresenter) money(d decimal.Decimal) string {
	if !pp.showPrices {
		return ""
	}
	return pp.cur.Digits().Fixed(d)
}

// withCode is an amount with its currency code.
func (pp pagePresenter) withCode(d decimal.Decimal) string {
	if !pp.showPrices {
		return ""
	}
	return pp.cur.Fixed(d) + " " + pp.o.Currency
}

// lineName names a line by its SKU (its id when it is gone).
func (pp pagePresenter) lineName(id string) string {
	if li := pp.o.LineItem(id); li != nil {
		return li.Sku
	}
	return id
}

func (pp pagePresenter) header() orderpage.Header {
	o := pp.o
	h := orderpage.Header{
		Status: pp.rules.Label(order.TypeCustomerOrder, o.Status), StatusTone: layout.StatusTone(o.Status, o.IsCancelled), Cancelled: o.IsCancelled, CancelReason: o.CancelReason,
		Approved: o.IsApproved, Customer: o.CustomerName, CustomerID: o.CustomerID, Contact: contactOf(o),
		Store: cmp.Or(o.StoreName, o.StoreID), Channel: o.ChannelID, Organization: o.OrganizationName,
		Assignee: cmp.Or(o.EmployeeName, o.EmployeeID), PurchaseOrder: o.PurchaseOrderNumber, Language: o.LanguageCode,
		Currency: o.Currency, Created: base.When(o.CreatedDate), CreatedBy: o.CreatedBy, ModifiedBy: o.ModifiedBy,
		Version: o.Version, Outer: o.OuterID,
	}
	if o.ModifiedDate != nil {
		h.Modified = base.When(*o.ModifiedDate)
	}
	return h
}

func (pp pagePresenter) line(li order.LineItem) orderpage.Line {
	return orderpage.Line{
		ID: li.ID, Sku: li.Sku, Name: li.Name, Status: pp.rules.Label(order.TypeLineItem, li.Status), Quantity: li.Quantity,
		Price: pp.money(li.Price), Discount: pp.money(li.DiscountAmount), Tax: pp.money(li.TaxTotal),
		Total: pp.money(li.ExtendedPrice), Cancelled: li.IsCancelled, Gift: li.IsGift,
	}
}

// otherCurrencyTotals are the order's totals in currencies other than its own.
func otherCurrencyTotals(o *order.CustomerOrder) []orderpage.CurrencyTotal {
	var out []orderpage.CurrencyTotal
	for _, b := range o.OrderTotals {
		if !strings.EqualFold(b.CurrencyCode, o.Currency) {
			bc := o.RuleFor(b.CurrencyCode)
			out = append(out, orderpage.CurrencyTotal{Currency: b.CurrencyCode,
				SubTotal: bc.Fixed(b.SubTotal), Discount: bc.Fixed(b.DiscountTotal.Neg()), Tax: bc.Fixed(b.TaxTotal), Total: bc.Fixed(b.Total)})
		}
	}
	return out
}

func (pp pagePresenter) shipment(s *order.Shipment) orderpage.Document {
	method := strings.TrimSpace(s.ShipmentMethodCode + " " + s.ShipmentMethodOption)
	d := orderpage.Document{Anchor: "doc-" + s.ID, Kind: "Shipment", Number: s.Number, Status: pp.rules.Label(order.TypeShipment, s.Status),
		StatusTone: layout.StatusTone(s.Status, s.IsCancelled), Cancelled: s.IsCancelled, Amount: pp.withCode(s.Total),
		Summary: joinNonEmpty(" · ", method, s.TrackingNumber)}
	d.Facts = append(d.Facts,
		orderpage.Fact{Label: "Method", Value: method},
		orderpage.Fact{Label: "From", Value: s.FulfillmentCenterName},
		orderpage.Fact{Label: "Tracking", Value: s.TrackingNumber},
		orderpage.Fact{Label: "Created", Value: base.When(s.CreatedDate)})
	if s.DeliveryDate != nil {
		d.Facts = append(d.Facts, orderpage.Fact{Label: "Delivery", Value: base.When(*s.DeliveryDate)})
	}
	if s.DeliveryAddress != nil {
		d.Facts = append(d.Facts, orderpage.Fact{Label: "Deliver to", Value: strings.Join(addressView(*s.DeliveryAddress, "").Lines, ", ")})
	}
	var items []string
	for _, it := range s.Items {
		items = append(items, pp.lineName(it.LineItemID)+" × "+strconv.Itoa(it.Quantity))
	}
	d.Facts = append(d.Facts, orderpage.Fact{Label: "Items", Value: strings.Join(items, ", ")})
	d.Facts = append(d.Facts, packageFacts(s, pp.lineName)...)
	return d
}

func (pp pagePresenter) payment(p *order.PaymentIn) orderpage.Document {
	rules := pp.rules
	d := orderpage.Document{Anchor: "doc-" + p.ID, Kind: "Payment", Number: p.Number, Status: rules.Label(order.TypePaymentIn, p.Status),
		StatusTone: layout.StatusTone(p.Status, p.IsCancelled), Cancelled: p.IsCancelled, Amount: pp.withCode(p.Sum), Summary: p.GatewayCode}
	d.Facts = append(d.Facts, orderpage.Fact{Label: "Method", Value: p.GatewayCode}, orderpage.Fact{Label: "Purpose", Value: p.Purpose},
		orderpage.Fact{Label: "Created", Value: base.When(p.CreatedDate)})
	for _, c := range p.Captures {
		d.Children = append(d.Children, orderpage.Document{Anchor: "doc-" + c.ID, Kind: "Capture", Number: c.Number,
			Status: rules.Label(order.TypeCapture, c.Status), StatusTone: layout.StatusTone(c.Status, c.IsCancelled), Cancelled: c.IsCancelled, Amount: pp.withCode(c.Amount),
			Facts: []orderpage.Fact{{Label: "Transaction", Value: c.TransactionID}, {Label: "Created", Value: base.When(c.CreatedDate)}}})
	}
	for _, r := range p.Refunds {
		reason := rules.Label(order.TypeRefundReason, string(r.ReasonCode))
		if r.ReasonMessage != "" {
			reason += ": " + r.ReasonMessage
		}
		d.Children = append(d.Children, orderpage.Document{Anchor: "doc-" + r.ID, Kind: "Refund", Number: r.Number,
			Status: rules.Label(order.TypeRefund, r.Status), StatusTone: layout.StatusTone(r.Status, r.IsCancelled), Cancelled: r.IsCancelled, Amount: pp.withCode(r.Amount),
			Facts: []orderpage.Fact{{Label: "Reason", Value: reason}, {Label: "Transaction", Value: r.TransactionID}, {Label: "Created", Value: base.When(r.CreatedDate)}}})
	}
	return d
}

func (pp pagePresenter) returnDocument(r *order.Return) orderpage.Document {
	d := orderpage.Document{Anchor: "doc-" + r.ID, Kind: "Return", Number: r.Number, Status: pp.rules.Label(order.TypeReturn, r.Status),
		StatusTone: layout.StatusTone(r.Status, false), Amount: pp.withCode(r.Amount())}
	var items []string
	for _, l := range r.LineItems {
		item := pp.lineName(l.OrderLineItemID) + " × " + strconv.Itoa(l.Quantity)
		if l.Reason != "" {
			item += " (" + l.Reason + ")"
		}
		items = append(items, item)
	}
	d.Facts = []orderpage.Fact{{Label: "Items", Value: strings.Join(items, ", ")}, {Label: "Resolution", Value: r.Resolution},
		{Label: "Created", Value: base.When(r.CreatedDate)}}
	if rf := order.ReturnRefunded(pp.o, r); rf != nil {
		d.Facts = append(d.Facts, orderpage.Fact{Label: "Refunded by", Value: rf.Number})
	}
	return d
}

func addressView(a order.Address, fallback string) orderpage.Address {
	t := a.AddressType.String()
	switch a.AddressType {
	case order.AddressUndefined:
		t = cmp.Or(fallback, "Address")
	case order.AddressBillingAndShipping:
		t = "Billing and shipping"
	}
	name := strings.TrimSpace(strings.Join([]string{a.FirstName, a.MiddleName, a.LastName}, " "))
	if name == "" {
		name = a.Name
	}
	var lines []string
	for _, l := range []string{name, a.Organization, a.Line1, a.Line2,
		strings.TrimSpace(a.PostalCode + " " + a.City), a.RegionName, a.CountryName, a.Phone, a.Email} {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return orderpage.Address{ID: a.ID, Type: t, Lines: lines}
}

func customView(on string, props []order.DynamicProperty) []orderpage.Custom {
	var out []orderpage.Custom
	for _, p := range props {
		var vals []string
		for _, val := range p.Values {
			vals = append(vals, val.Text(p.ValueType))
		}
		out = append(out, orderpage.Custom{On: on, Name: p.Name, Value: strings.Join(vals, ", ")})
	}
	return out
}

// contactOf is the customer's e-mail and phone from the first address that has them.
func contactOf(o *order.CustomerOrder) string {
	for _, a := range o.Addresses {
		if a.Email != "" || a.Phone != "" {
			return strings.TrimSpace(strings.Join([]string{a.Email, a.Phone}, " · "))
		}
	}
	return ""
}

// treeDocument finds the document of the tree with the given id; nil when there is none.
func treeDocument(docs []orderpage.Document, id string) *orderpage.Document {
	for i := range docs {
		if docs[i].Anchor == "doc-"+id {
			return &docs[i]
		}
		if d := treeDocument(docs[i].Children, id); d != nil {
			return d
		}
	}
	return nil
}

// compactMoneyDocuments shortens the tree's payments, captures, refunds and returns to their
// heads on the live page, where the payments and returns panel shows them whole with their
// actions: each links to its card there instead of saying everything twice.
func compactMoneyDocuments(docs []orderpage.Document) {
	for i := range docs {
		d := &docs[i]
		id := strings.TrimPrefix(d.Anchor, "doc-")
		switch d.Kind {
		case "Payment":
			d.Facts, d.Link = nil, "#pay-"+id
		case "Capture", "Refund":
			d.Facts, d.Link = nil, "#money-"+id
		case "Return":
			d.Facts, d.Link = nil, "#ret-"+id
		}
		compactMoneyDocuments(d.Children)
	}
}

// totalsAmounts are Virto's totals of the order as the order page and the invoice list them.
func totalsAmounts(o *order.CustomerOrder, withCode func(decimal.Decimal) string) []orderpage.Amount {
	// The figures to the cent, the cash rounding on its own line: the column adds up to Total.
	cur := o.CurrencyRule().Digits()
	fixed := func(d decimal.Decimal) string {
		if withCode(d) == "" {
			return ""
		}
		return cur.Fixed(d) + " " + o.Currency
	}
	p := order.PayableOf(o)
	out := []orderpage.Amount{
		{Label: "Subtotal", Value: fixed(p.SubTotal)},
		{Label: "Shipping", Value: fixed(p.Shipping)},
		{Label: "Payment fees", Value: fixed(p.PaymentFees)},
		{Label: "Discounts", Value: fixed(p.Discounts.Neg())},
		{Label: "Tax", Value: fixed(p.Tax)},
		{Label: "Fees", Value: fixed(p.Fees)},
	}
	if !p.Rounding.IsZero() {
		out = append(out, orderpage.Amount{Label: "Rounding", Value: fixed(p.Rounding)})
	}
	return append(out, orderpage.Amount{Label: "Total", Value: fixed(p.Total), Strong: true})
}

// attachShipmentPhotos puts each shipment's delivery photos on the order page's documents.
func (s *Server) attachShipmentPhotos(ctx context.Context, v *orderpage.Page, orderID string) error {
	photos, err := s.Store.OrderPhotos(ctx, orderID)
	if err != nil {
		return err
	}
	for _, p := range photos {
		if d := treeDocument(v.Documents, p.ShipmentID); d != nil {
			d.Photos = append(d.Photos, base.PhotoURL(p))
		}
	}
	return nil
}

// joinNonEmpty joins the parts that are not empty.
func joinNonEmpty(sep string, parts ...string) string {
	kept := parts[:0:0]
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
