// Package demo builds the demo data `orderdesk seed` loads: stores, and orders across stores,
// currencies, statuses and document mixes (split shipments, partial captures and refunds,
// returns, cancellations). It is deterministic for a given seed and does no I/O.
package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"orderdesk/internal/order"
)

// Store is a demo shop.
type Store struct {
	ID, Name, Currency string
	TaxRate            decimal.Decimal // fraction
	Country            country
	Products           []product
}

type product struct {
	sku, name, category string
	price               string
	weight              string // kg
}

type country struct{ code, name string }

type place struct{ city, postal, region, street string }

var (
	usa = country{"US", "United States"}
	fra = country{"FR", "France"}
	gbr = country{"GB", "United Kingdom"}
	che = country{"CH", "Switzerland"}
)

var places = map[string][]place{
	"US": {{"Seattle", "98101", "WA", "Pine St"}, {"Austin", "78701", "TX", "Congress Ave"}, {"Denver", "80202", "CO", "Larimer St"}, {"Boston", "02108", "MA", "Beacon St"}},
	"FR": {{"Paris", "75003", "Île-de-France", "Rue de Bretagne"}, {"Lyon", "69002", "Auvergne-Rhône-Alpes", "Rue de la République"}, {"Nantes", "44000", "Pays de la Loire", "Rue Crébillon"}},
	"GB": {{"London", "EC1V 9HX", "England", "City Road"}, {"Manchester", "M1 1AE", "England", "Piccadilly"}, {"Edinburgh", "EH1 1RE", "Scotland", "Royal Mile"}},
	"CH": {{"Zürich", "8001", "ZH", "Bahnhofstrasse"}, {"Bern", "3011", "BE", "Kramgasse"}, {"Genève", "1204", "GE", "Rue du Rhône"}},
}

// Stores are the demo shops: four currencies, one with Swiss cash rounding.
var Stores = []Store{
	{ID: "electronics", Name: "Volt Electronics", Currency: "USD", TaxRate: decimal.RequireFromString("0.0825"), Country: usa, Products: []product{
		{"VE-HP-200", "Wireless headphones ANC", "audio", "149.99", "0.3"},
		{"VE-SPK-10", "Bluetooth speaker", "audio", "59.00", "0.6"},
		{"VE-CBL-C2", "USB-C cable 2 m", "accessories", "12.49", "0.1"},
		{"VE-KB-75", "Mechanical keyboard 75%", "computers", "119.00", "0.9"},
		{"VE-MS-01", "Silent mouse", "computers", "29.95", "0.1"},
		{"VE-MON-27", "27\" 4K monitor", "computers", "329.00", "6.2"},
		{"VE-CAM-HD", "HD webcam", "computers", "64.50", "0.2"},
		{"VE-PWR-65", "65 W GaN charger", "accessories", "39.99", "0.2"},
	}},
	{ID: "fashion-eu", Name: "Maison Mode", Currency: "EUR", TaxRate: decimal.RequireFromString("0.20"), Country: fra, Products: []product{
		{"MM-TS-BLK-M", "Organic T-shirt, black, M", "tops", "29.00", "0.2"},
		{"MM-TS-WHT-L", "Organic T-shirt, white, L", "tops", "29.00", "0.2"},
		{"MM-JN-32", "Selvedge jeans 32", "bottoms", "119.00", "0.8"},
		{"MM-SW-NVY", "Merino sweater, navy", "tops", "89.50", "0.5"},
		{"MM-SC-RED", "Wool scarf, red", "accessories", "45.00", "0.2"},
		{"MM-SN-42", "Leather sneakers 42", "shoes", "139.00", "1.1"},
		{"MM-BG-TOTE", "Canvas tote bag", "accessories", "24.90", "0.3"},
	}},
	{ID: "books-uk", Name: "Paper Lane Books", Currency: "GBP", TaxRate: decimal.RequireFromString("0.20"), Country: gbr, Products: []product{
		{"PL-978-0141439518", "Pride and Prejudice (paperback)", "fiction", "8.99", "0.3"},
		{"PL-978-0262033848", "Introduction to Algorithms", "computing", "85.00", "2.2"},
		{"PL-978-0593135204", "Project Hail Mary", "fiction", "10.99", "0.4"},
		{"PL-978-1492052203", "Designing Data-Intensive Applications", "computing", "44.99", "0.9"},
		{"PL-GC-25", "Gift card £25", "gifts", "25.00", "0"},
		{"PL-BM-LTHR", "Leather bookmark", "gifts", "6.50", "0.02"},
	}},
	{ID: "alpine-ch", Name: "Alpine Outdoor", Currency: "CHF", TaxRate: decimal.RequireFromString("0.081"), Country: che, Products: []product{
		{"AO-TENT-2P", "Two-person tent", "camping", "349.00", "2.4"},
		{"AO-BAG-M10", "Sleeping bag −10 °C", "camping", "229.90", "1.6"},
		{"AO-BOOT-43", "Hiking boots 43", "footwear", "189.00", "1.3"},
		{"AO-POLE-CF", "Carbon trekking poles", "gear", "119.50", "0.4"},
		{"AO-LAMP-400", "Head lamp 400 lm", "gear", "49.95", "0.1"},
		{"AO-FLASK-1L", "Insulated flask 1 l", "gear", "34.90", "0.4"},
	}},
}

var firstNames = []string{"Ava", "Liam", "Maya", "Noah", "Chloé", "Lucas", "Emma", "Oliver", "Léa", "Hugo", "Mia", "Jonas", "Sofia", "Elias", "Zoé", "Arthur", "Isla", "Finn", "Nora", "Leon", "Priya", "Kenji", "Amara", "Mateo"}
var lastNames = []string{"Martin", "Nguyen", "Smith", "Dubois", "Müller", "Rossi", "Garcia", "Johnson", "Bernard", "Schmid", "Kowalski", "Okafor", "Tanaka", "Silva", "Brown", "Moreau", "Fischer", "Patel"}
var employees = []struct{ id, name string }{{"emp-casey", "Casey Clerk"}, {"emp-morgan", "Morgan Manager"}, {"emp-frankie", "Frankie Field"}}
var carriers = []struct{ code, option, url string }{
	{"UPS", "Ground", "https://www.ups.com/track?tracknum=%s"},
	{"DHL", "Express", "https://www.dhl.com/track?id=%s"},
	{"FedEx", "2Day", "https://www.fedex.com/fedextrack/?trknbr=%s"},
	{"Post", "Standard", "https://tracking.example.com/%s"},
}

// Scenario names what happened to a demo order; every document type appears across them.
type Scenario string

const (
	ScenarioNew             Scenario = "new"
	ScenarioAwaitingPayment Scenario = "awaiting payment"
	ScenarioPaid            Scenario = "paid, not shipped"
	ScenarioCompleted       Scenario = "completed"
	ScenarioSplitShipment   Scenario = "split shipment"
	ScenarioPartialCapture  Scenario = "partial capture"
	ScenarioPartialRefund   Scenario = "partial refund"
	ScenarioReturned        Scenario = "returned"
	ScenarioCancelled       Scenario = "cancelled"
	ScenarioCancelledRefund Scenario = "cancelled after payment"
)

var scenarios = []struct {
	s      Scenario
	weight int
}{
	{ScenarioNew, 14}, {ScenarioAwaitingPayment, 10}, {ScenarioPaid, 14}, {ScenarioCompleted, 24},
	{ScenarioSplitShipment, 10}, {ScenarioPartialCapture, 7}, {ScenarioPartialRefund, 7},
	{ScenarioReturned, 6}, {ScenarioCancelled, 5}, {ScenarioCancelledRefund, 3},
}

// Order is a built demo order with the returns made against it (saved after the order).
type Order struct {
	Order    *order.CustomerOrder
	Returns  []order.Return
	Scenario Scenario
}

// Generator builds demo orders.
type Generator struct {
	rnd        *rand.Rand
	now        time.Time
	rules      order.StatusRules
	currencies order.Currencies
}

// WithCurrencies makes the orders total with cs (the store's currencies table), so that the
// payments the generator makes for an order's total match the total the store computes.
// Without it the ISO defaults apply.
func (g *Generator) WithCurrencies(cs order.Currencies) *Generator {
	g.currencies = cs
	return g
}

// NewGenerator returns a generator; the same seed and now give the same orders.
func NewGenerator(seed uint64, now time.Time, rules order.StatusRules) *Generator {
	return &Generator{rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), now: now.UTC(), rules: rules}
}

// Orders builds n orders, oldest first; the first ones built cycle through every scenario so
// even a small demo shows each document type.
func (g *Generator) Orders(n int) []Order {
	out := make([]Order, 0, n)
	for i := 0; i < n; i++ {
		sc := scenarios[i%len(scenarios)].s
		if i >= 2*len(scenarios) {
			sc = g.pickScenario()
		}
		out = append(out, g.Order(Stores[i%len(Stores)], sc))
	}
	// Oldest first, as a shop takes them: numbers carry their document's date, and a counter
	// that resets daily must see the days in order.
	slices.SortStableFunc(out, func(a, b Order) int { return a.Order.CreatedDate.Compare(b.Order.CreatedDate) })
	return out
}

func (g *Generator) pickScenario() Scenario {
	total := 0
	for _, s := range scenarios {
		total += s.weight
	}
	n := g.rnd.IntN(total)
	for _, s := range scenarios {
		if n < s.weight {
			return s.s
		}
		n -= s.weight
	}
	return ScenarioNew
}

func (g *Generator) pick(n int) int { return g.rnd.IntN(n) }

// lastEventHour is, per scenario, how many hours after the order was placed its last document
// is dated (a delivery, a refund, a return; see build): an order is placed at least that long
// before now, so no demo document is dated in the future.
var lastEventHour = map[Scenario]int{
	ScenarioNew: 20, ScenarioAwaitingPayment: 20, ScenarioPaid: 21, ScenarioCancelled: 20, ScenarioCancelledRefund: 20,
	ScenarioCompleted: 30 + 48, ScenarioPartialRefund: 30 + 48, ScenarioReturned: 120,
	ScenarioSplitShipment: 26 + 48, ScenarioPartialCapture: 24 + 48,
}

// CustomerGroupWholesale is the demo's customer group: business customers (orders with an
// organization) carry it in the order's CustomerGroup custom field, and their price list
// (Catalog) gives them lower prices.
const CustomerGroupWholesale = "Wholesale"

// Order builds one order of a store in a scenario.
func (g *Generator) Order(st Store, sc Scenario) Order {
	span := time.Duration(lastEventHour[sc]) * time.Hour
	window := 120*24*time.Hour - span
	if sc == ScenarioNew {
		window = 48 * time.Hour
	}
	created := g.now.Add(-span - time.Duration(g.rnd.Int64N(int64(window)))).Truncate(time.Second)
	first, last := firstNames[g.pick(len(firstNames))], lastNames[g.pick(len(lastNames))]
	name := first + " " + last
	email := strings.ToLower(asciiOnly(first)+"."+asciiOnly(last)) + fmt.Sprintf("%d@example.com", g.pick(90)+10)
	pl := places[st.Country.code][g.pick(len(places[st.Country.code]))]
	addr := order.Address{
		AddressType: order.AddressBillingAndShipping, FirstName: first, LastName: last, Name: name,
		Line1: fmt.Sprintf("%d %s", g.pick(200)+1, pl.street), City: pl.city, PostalCode: pl.postal,
		RegionName: pl.region, CountryCode: st.Country.code, CountryName: st.Country.name,
		Phone: fmt.Sprintf("+%d %03d %03d %04d", 1+g.pick(98), g.pick(1000), g.pick(1000), g.pick(10000)), Email: email,
	}
	o := &order.CustomerOrder{
		Operation: order.Operation{
			ID:       order.NewID(),
			Status:   order.OrderNew,
			Currency: st.Currency,
			Audit:    order.Audit{CreatedDate: created, CreatedBy: "storefront"},
		},
		CustomerID:   "cust-" + strings.ToLower(asciiOnly(first+last)),
		CustomerName: name,
		StoreID:      st.ID,
		StoreName:    st.Name,
		ChannelID:    []string{"web", "web", "mobile-app", "phone"}[g.pick(4)],
		LanguageCode: map[string]string{"US": "en-US", "FR": "fr-FR", "GB": "en-GB", "CH": "de-CH"}[st.Country.code],
		Addresses:    []order.Address{addr},
	}
	o.SetCurrencies(g.currencies)
	if g.pick(5) == 0 {
		o.OrganizationID, o.OrganizationName = "org-"+strings.ToLower(asciiOnly(last)), last+" & Co."
		o.PurchaseOrderNumber = fmt.Sprintf("PO-%05d", g.pick(100000))
		o.DynamicProperties = []order.DynamicProperty{{Name: "CustomerGroup", ValueType: order.ValueShortText,
			Values: []order.DynamicPropertyValue{{ShortText: CustomerGroupWholesale}}}}
	}
	if g.pick(3) > 0 {
		e := employees[g.pick(len(employees))]
		o.EmployeeID, o.EmployeeName = e.id, e.name
	}
	if g.pick(6) == 0 {
		o.Comment = []string{"Gift wrap, please.", "Leave with the neighbour if nobody is home.", "Customer called about delivery time.", "Deliver after 5 pm."}[g.pick(4)]
	}
	lines := 1 + g.pick(4)
	used := map[int]bool{}
	for len(o.Items) < lines {
		k := g.pick(len(st.Products))
		if used[k] {
			continue
		}
		used[k] = true
		p := st.Products[k]
		li := order.LineItem{
			ID: order.NewID(), Currency: st.Currency, Price: decimal.RequireFromString(p.price),
			Quantity: 1 + g.pick(3)*g.pick(2), ProductID: ProductID(p.sku), Sku: p.sku, Name: p.name,
			CatalogID: st.ID + "-catalog", CategoryID: p.category, ProductType: "Physical",
			TaxType: "standard", TaxPercentRate: st.TaxRate, Status: order.LineItemPending,
			WeightUnit: "kg", Weight: nullDec(p.weight),
		}
		if g.pick(6) == 0 {
			li.DiscountAmount = li.Price.Mul(decimal.RequireFromString("0.10")).Round(2)
		}
		o.Items = append(o.Items, li)
	}
	ord := Order{Order: o, Scenario: sc}
	ord.Returns = g.build(st, o, sc, addr)
	return ord
}

// ProductID is the catalog id of the demo product with this SKU, on order lines and in Catalog.
func ProductID(sku string) string { return "prod-" + strings.ToLower(sku) }

// build adds the documents the scenario implies, each dated hours after the order was placed
// (at most lastEventHour of the scenario), and returns the returns made against the order.
// Captures and refunds go through the domain's flows (order.CapturePayment, RefundPayment,
// RefundReturn), so they keep the bounds every other capture and refund keeps, whatever the
// amounts drawn; a flow refusing one is a bug of this generator, so it panics.
func (g *Generator) build(st Store, o *order.CustomerOrder, sc Scenario, addr order.Address) []order.Return {
	at := func(h int) time.Time { return o.CreatedDate.Add(time.Duration(h) * time.Hour) }
	must := func(err error) {
		if err != nil {
			panic(fmt.Sprintf("demo: %s order of %s: %v", sc, st.ID, err))
		}
	}
	shipping := decimal.RequireFromString([]string{"4.90", "7.50", "9.95", "0"}[g.pick(4)])
	withShipment := sc != ScenarioNew && sc != ScenarioAwaitingPayment && sc != ScenarioCancelled
	if withShipment || g.pick(2) == 0 {
		o.Shipments = append(o.Shipments, g.shipment(st, o, addr, shipping, at(20)))
	}
	// Shipments are settled first, so the payment is for the order's final total.
	if sc == ScenarioSplitShipment || (sc == ScenarioPartialCapture && len(o.Items) > 1) {
		g.split(st, o, addr)
	}
	cur := o.CurrencyRule()
	order.Recalculate(o, cur)
	total := o.Total

	pay := order.NewPayment(o, g.rules)
	pay.GatewayCode = []string{"Stripe", "PayPal", "Adyen", "BankTransfer"}[g.pick(4)]
	pay.Purpose = "Order payment"
	pay.Sum = total
	pay.Currency = o.Currency
	billing := addr
	billing.ID, billing.AddressType = "", order.AddressBilling
	pay.BillingAddress = &billing
	pay.CreatedDate = at(0)
	o.InPayments = append(o.InPayments, pay)
	p := &o.InPayments[0]
	tx := func(amount decimal.Decimal, kind, status string, h int) order.PaymentGatewayTransaction {
		when := at(h)
		return order.PaymentGatewayTransaction{
			ID: order.NewID(), Amount: amount, CurrencyCode: o.Currency, IsProcessed: true, ProcessedDate: &when,
			ProcessAttemptCount: 1, Type: kind, Status: status, ResponseCode: "200",
			RequestData:  fmt.Sprintf(`{"amount":"%s","currency":"%s"}`, amount, o.Currency),
			ResponseData: fmt.Sprintf(`{"result":"approved","reference":"%s-%04d"}`, strings.ToLower(p.GatewayCode), g.pick(10000)),
			Audit:        order.Audit{CreatedDate: when, CreatedBy: p.GatewayCode},
		}
	}
	authorize := func(h int) {
		when := at(h)
		p.AuthorizedDate = &when
		p.Status = string(order.PaymentAuthorized)
		p.Transactions = append(p.Transactions, tx(total, "Authorization", "Active", h))
	}
	capture := func(req order.CaptureRequest, h int) {
		c, err := order.CapturePayment(o, p, req, at(h))
		must(err)
		last := &p.Captures[len(p.Captures)-1]
		last.CreatedDate, last.CreatedBy = at(h), "system"
		p.Transactions = append(p.Transactions, tx(c.Amount, "Capture", "Inactive", h))
	}
	refunded := func(rf order.Refund, h int) {
		last := &p.Refunds[len(p.Refunds)-1]
		last.CreatedDate, last.CreatedBy = at(h), "Morgan Manager"
		p.Transactions = append(p.Transactions, tx(rf.Amount.Neg(), "Refund", "Inactive", h))
	}
	refund := func(req order.RefundRequest, h int) {
		rf, err := order.RefundPayment(o, p, req)
		must(err)
		refunded(rf, h)
	}

	var returns []order.Return
	switch sc {
	case ScenarioNew:
		o.Status = order.OrderNew
	case ScenarioAwaitingPayment:
		o.Status = order.OrderNotPayed
		p.Status = string(order.PaymentPending)
	case ScenarioPaid:
		o.Status = order.OrderProcessing
		authorize(0)
		capture(order.CaptureRequest{Amount: total, CloseTransaction: true}, 1)
		o.Shipments[0].Status = []string{order.ShipmentNew, order.ShipmentPickPack, order.ShipmentReadyToSend}[g.pick(3)]
	case ScenarioCompleted, ScenarioPartialRefund, ScenarioReturned:
		o.Status = order.OrderCompleted
		authorize(0)
		capture(order.CaptureRequest{Amount: total, CloseTransaction: true}, 1)
		g.send(&o.Shipments[0], at(30))
		if sc == ScenarioPartialRefund {
			refund(order.RefundRequest{Amount: cur.Round(total.Mul(decimal.RequireFromString("0.15"))),
				ReasonCode: order.ReasonRequestedByCustomer, ReasonMessage: "Goodwill: parcel arrived late"}, 72)
		}
		if sc == ScenarioReturned {
			ret := g.returnOf(o, at(110))
			rf, err := order.RefundReturn(o, p, &ret, order.ReasonRequestedByCustomer, "Return of 1 × "+o.Items[0].Sku)
			must(err)
			refunded(rf, 120)
			returns = append(returns, ret)
		}
	case ScenarioSplitShipment:
		o.Status = order.OrderPartiallySent
		authorize(0)
		capture(order.CaptureRequest{Amount: total, CloseTransaction: true}, 1)
		g.send(&o.Shipments[0], at(26))
		o.Shipments[1].Status = order.ShipmentPickPack
	case ScenarioPartialCapture:
		o.Status = order.OrderPartiallySent
		authorize(0)
		g.send(&o.Shipments[0], at(24))
		first := o.Items[0]
		amount := cur.Round(order.RefundUnitPrice(o, &first).Mul(decimal.NewFromInt(int64(first.Quantity))))
		if amount.GreaterThanOrEqual(total) {
			amount = cur.Round(total.Div(decimal.NewFromInt(2)))
		}
		capture(order.CaptureRequest{Amount: amount, Items: []order.CaptureItem{{LineItemID: first.ID, Quantity: first.Quantity}}}, 25)
	case ScenarioCancelled:
		p.Status = string(order.PaymentNew)
		_ = order.CancelOrder(o, []string{"Customer changed their mind", "Duplicate order", "Out of stock"}[g.pick(3)], at(3))
		for i := range o.InPayments {
			p := &o.InPayments[i]
			p.IsCancelled, p.Status, p.CancelledState = true, string(order.PaymentCancelled), order.CancelCompleted
			p.CancelledDate = o.CancelledDate
		}
	case ScenarioCancelledRefund:
		authorize(0)
		capture(order.CaptureRequest{Amount: total, CloseTransaction: true}, 1)
		refund(order.RefundRequest{Amount: total, ReasonCode: order.ReasonRequestedByCustomer, ReasonMessage: "Order cancelled before shipping"}, 5)
		_ = order.CancelOrder(o, "Customer cancelled by phone", at(5))
		o.InPayments[0].CancelledState = order.CancelCompleted
		for i := range o.Shipments {
			_ = order.CancelShipment(&o.Shipments[i], "Order cancelled", at(5))
		}
	}
	return returns
}

func (g *Generator) shipment(st Store, o *order.CustomerOrder, addr order.Address, price decimal.Decimal, created time.Time) order.Shipment {
	c := carriers[g.pick(len(carriers))]
	s := order.NewShipment(o, g.rules)
	s.ShipmentMethodCode, s.ShipmentMethodOption = c.code, c.option
	s.FulfillmentCenterID, s.FulfillmentCenterName = st.ID+"-wh1", st.Name+" warehouse"
	s.Price, s.TaxPercentRate, s.TaxType = price, st.TaxRate, "shipping"
	delivery := addr
	delivery.ID, delivery.AddressType = "", order.AddressShipping
	s.DeliveryAddress = &delivery
	s.CreatedDate = created
	for _, li := range o.Items {
		s.Items = append(s.Items, order.ShipmentItem{ID: order.NewID(), LineItemID: li.ID, Quantity: li.Quantity})
	}
	return s
}

// split moves the last line into a second shipment.
func (g *Generator) split(st Store, o *order.CustomerOrder, addr order.Address) {
	first := &o.Shipments[0]
	last := first.Items[len(first.Items)-1]
	if len(first.Items) == 1 {
		// One line: ship part of its quantity now and the rest later.
		if first.Items[0].Quantity < 2 {
			o.Items[0].Quantity = 2
		}
		first.Items[0].Quantity = 1
		last.Quantity = o.Items[0].Quantity - 1
	} else {
		first.Items = first.Items[:len(first.Items)-1]
	}
	second := g.shipment(st, o, addr, decimal.Zero, first.CreatedDate.Add(time.Hour))
	last.ID = order.NewID()
	second.Items = []order.ShipmentItem{last}
	o.Shipments = append(o.Shipments, second)
	order.Recalculate(o, o.CurrencyRule())
}

func (g *Generator) send(s *order.Shipment, when time.Time) {
	s.Status = order.ShipmentSent
	s.TrackingNumber = fmt.Sprintf("%s%010d", strings.ToUpper(s.ShipmentMethodCode[:2]), g.rnd.Int64N(1e10))
	for _, c := range carriers {
		if c.code == s.ShipmentMethodCode {
			s.TrackingURL = fmt.Sprintf(c.url, s.TrackingNumber)
		}
	}
	delivered := when.Add(48 * time.Hour)
	s.DeliveryDate = &delivered
	pkg := order.ShipmentPackage{ID: order.NewID(), BarCode: "PKG" + s.TrackingNumber, PackageType: "Box", WeightUnit: "kg", Weight: nullDec("1.2")}
	s.Packages = append(s.Packages, pkg)
	for i := range s.Items {
		s.Items[i].ShipmentPackageID = pkg.ID
	}
}

// returnOf makes a completed return of one unit of the first line, priced at what the customer
// paid for it (order.RefundUnitPrice), as returns made on the order page are.
func (g *Generator) returnOf(o *order.CustomerOrder, created time.Time) order.Return {
	r := order.NewReturn(o, g.rules)
	r.Status = order.ReturnCompleted
	r.Resolution = "Refunded to the original payment method"
	line := order.NewReturnLine(&o.Items[0], 1)
	line.Price = order.RefundUnitPrice(o, &o.Items[0])
	line.Reason = []string{"Damaged in transit", "Wrong size", "No longer needed", "Not as described"}[g.pick(4)]
	r.LineItems = []order.ReturnLineItem{line}
	r.CreatedDate = created
	return r
}

func nullDec(s string) decimal.NullDecimal {
	return decimal.NullDecimal{Decimal: decimal.RequireFromString(s), Valid: true}
}

var fold = strings.NewReplacer("é", "e", "è", "e", "ü", "u", "ö", "o", "ä", "a", "É", "E", "ç", "c", " ", "")

func asciiOnly(s string) string { return fold.Replace(s) }
