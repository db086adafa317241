package staff

import (
	"errors"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gorilla/csrf"
	"github.com/shopspring/decimal"

	"orderdesk/internal/auth"
	"orderdesk/internal/desk"
	"orderdesk/internal/order"
	"orderdesk/internal/search"
	"orderdesk/internal/store"
	"orderdesk/templates/layout"
	"orderdesk/templates/orderdraft"
	"orderdesk/templates/orderpage"
	"orderdesk/web/base"
)

// Orders made at the desk: a draft (order_drafts) edited here and placed as a new order
// through the same create path as the API's. Everyone who may create orders in a store sees
// and may finish that store's drafts, whoever started them: a colleague can take over a phone
// order. Every form is a plain POST that redirects back to the draft.

const draftListLimit = 200

// draftsPage lists the drafts in the user's stores.
func (s *Server) draftsPage(w http.ResponseWriter, r *http.Request) {
	u := base.State(r).User
	drafts, err := s.Store.Drafts(r.Context(), u.StoreScope(), draftListLimit)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	v := orderdraft.List{CanCreate: true}
	showPrices := u.Can(auth.OrderReadPrices)
	cs, err := s.Store.Currencies(r.Context()) // once for the list, not per draft
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	for _, d := range drafts {
		if !u.InScope(d.StoreID, d.Order.EmployeeID) {
			continue
		}
		row := orderdraft.Row{URL: "/drafts/" + d.ID, Customer: d.CustomerName, Store: d.Order.StoreName, Owner: d.OwnerLabel,
			Updated: base.When(d.UpdatedAt), Lines: strconv.Itoa(len(d.Order.Items))}
		if row.Customer == "" {
			row.Customer = "(no customer yet)"
		}
		if showPrices {
			d.Order.SetCurrencies(cs)
			order.Recalculate(d.Order, d.Order.CurrencyRule())
			row.Total = d.Order.CurrencyRule().Fixed(d.Order.Total) + " " + d.Order.Currency
		}
		v.Rows = append(v.Rows, row)
	}
	s.Page(w, r, http.StatusOK, "Drafts", orderdraft.ListPage(v))
}

// newDraftPage asks for the new order's store, currency and customer.
func (s *Server) newDraftPage(w http.ResponseWriter, r *http.Request) {
	s.renderNewDraft(w, r, http.StatusOK, nil)
}

func (s *Server) renderNewDraft(w http.ResponseWriter, r *http.Request, status int, problems map[string]string) {
	stores, err := s.storesInScope(r)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	curs, err := s.Store.CurrencyList(r.Context())
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	v := orderdraft.New{CSRFToken: csrf.Token(r), Customer: r.FormValue("customerName"), Errors: problems}
	for _, st := range stores {
		v.Stores = append(v.Stores, orderdraft.Choice{Value: st.ID, Label: st.Name + " (" + st.DefaultCurrency + ")", Selected: st.ID == r.FormValue("store")})
	}
	for _, c := range curs {
		v.Currencies = append(v.Currencies, orderdraft.Choice{Value: c.Code, Label: c.Code + " " + c.Name, Selected: c.Code == r.FormValue("currency")})
	}
	s.Page(w, r, status, "New order", orderdraft.NewPage(v))
}

// storesInScope are the stores the user may make orders in.
func (s *Server) storesInScope(r *http.Request) ([]store.StoreInfo, error) {
	all, err := s.Store.Stores(r.Context())
	if err != nil {
		return nil, err
	}
	u := base.State(r).User
	return slices.DeleteFunc(all, func(st store.StoreInfo) bool { return !u.InScope(st.ID, u.ID) }), nil
}

// createDraft starts a draft in a store of the user's scope.
func (s *Server) createDraft(w http.ResponseWriter, r *http.Request) {
	stores, err := s.storesInScope(r)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	i := slices.IndexFunc(stores, func(st store.StoreInfo) bool { return st.ID == r.FormValue("store") })
	if i < 0 {
		s.renderNewDraft(w, r, http.StatusUnprocessableEntity, map[string]string{"store": "Pick one of your stores."})
		return
	}
	currency := strings.ToUpper(strings.TrimSpace(r.FormValue("currency")))
	if currency == "" {
		currency = stores[i].DefaultCurrency
	}
	curs, err := s.Store.Currencies(r.Context())
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	if _, ok := curs.Lookup(currency); !ok {
		s.renderNewDraft(w, r, http.StatusUnprocessableEntity, map[string]string{"currency": "Pick a currency of the list (Admin → Currencies)."})
		return
	}
	o := desk.NewDraftOrder(stores[i], currency)
	o.CustomerName = strings.TrimSpace(r.FormValue("customerName"))
	d := s.newDraft(r, o)
	if err := s.Store.SaveDraft(r.Context(), &d); err != nil {
		s.ServerError(w, r, err)
		return
	}
	http.Redirect(w, r, "/drafts/"+d.ID, http.StatusSeeOther)
}

// loadDraft loads the draft named in the path when it is in the user's scope; false means
// answered (404 for a draft of another store, as for an order).
func (s *Server) loadDraft(w http.ResponseWriter, r *http.Request) (store.Draft, bool) {
	d, err := s.Store.DraftByID(r.Context(), r.PathValue("id"))
	if errors.Is(err, order.ErrNotFound) || (err == nil && !base.State(r).User.InScope(d.StoreID, d.Order.EmployeeID)) {
		s.NotFound(w, r)
		return d, false
	}
	if err != nil {
		s.ServerError(w, r, err)
		return d, false
	}
	return d, true
}

// draftPage shows the draft, with the customer and product searches it was asked for.
func (s *Server) draftPage(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadDraft(w, r)
	if !ok {
		return
	}
	s.renderDraft(w, r, http.StatusOK, d, nil, nil)
}

// renderDraft shows d; problems are messages by field, failed the product form that failed.
func (s *Server) renderDraft(w http.ResponseWriter, r *http.Request, status int, d store.Draft, problems map[string]string, failed *orderpage.ProductChoice) {
	ctx := r.Context()
	u := base.State(r).User
	o := d.Order
	if err := s.Desk.DraftTotals(ctx, o); err != nil {
		s.ServerError(w, r, err)
		return
	}
	cur := o.CurrencyRule()
	v := orderdraft.Draft{ID: d.ID, CSRFToken: csrf.Token(r), Store: o.StoreName, Currency: o.Currency, Owner: d.OwnerLabel,
		Group: desk.CustomerGroup(o), CustomerName: o.CustomerName, CustomerID: o.CustomerID, ShowPrices: u.Can(auth.OrderReadPrices),
		Payment: desk.DraftPaymentKind(o), Errors: problems,
		SubTotal: cur.Fixed(o.SubTotal), Shipping: cur.Fixed(o.ShippingTotal), Tax: cur.Fixed(o.TaxTotal), Total: cur.Fixed(o.Total)}
	if a := o.ShippingAddress(); a != nil {
		v.Email = a.Email
		v.Ship = orderdraft.Address{FirstName: a.FirstName, LastName: a.LastName, Line1: a.Line1, Line2: a.Line2, City: a.City,
			PostalCode: a.PostalCode, CountryCode: a.CountryCode, CountryName: a.CountryName, Phone: a.Phone}
	}
	if len(o.Shipments) > 0 {
		v.ShippingMethod, v.ShippingPrice = o.Shipments[0].ShipmentMethodCode, cur.Fixed(o.Shipments[0].Price)
	}
	for i, li := range o.Items {
		v.Lines = append(v.Lines, orderdraft.Line{Index: strconv.Itoa(i), SKU: li.Sku, Name: li.Name, Quantity: strconv.Itoa(li.Quantity),
			Price: cur.Fixed(li.Price.Sub(li.DiscountAmount)), Sum: cur.Fixed(li.ExtendedPrice), Custom: desk.IsCustomItem(li)})
	}
	if failed == nil && problems != nil {
		v.Custom = orderdraft.Custom{Name: r.FormValue("name"), SKU: r.FormValue("sku"), Price: r.FormValue("price"), Quantity: r.FormValue("quantity"), TaxType: r.FormValue("taxType")}
	}
	if v.Custom.Quantity == "" {
		v.Custom.Quantity = "1"
	}
	taxTypes, err := s.taxTypes(r)
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	for _, t := range taxTypes {
		label := t
		if t == "" {
			label = "None (the country's general rate)"
		}
		v.TaxTypes = append(v.TaxTypes, orderdraft.Choice{Value: t, Label: label, Selected: t == v.Custom.TaxType})
	}
	// The customer search: full-text over earlier orders' customers in the user's stores.
	if v.CustomerQuery = strings.TrimSpace(r.URL.Query().Get("customer")); v.CustomerQuery != "" {
		hits, err := s.Store.SearchCustomers(ctx, search.Boolean(search.TextTerms(v.CustomerQuery)), u.StoreScope(), 10)
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		for _, h := range hits {
			v.Customers = append(v.Customers, orderdraft.Customer{ID: h.CustomerID, Name: h.CustomerName, LastOrdered: base.When(h.LastOrdered)})
		}
	}
	// The product search, priced for this customer at the quantity asked about.
	v.Query = strings.TrimSpace(r.FormValue("q"))
	qty, err := order.ParseQuantity(r.FormValue("qty"))
	if err != nil {
		qty = 1
	}
	v.Quantity = strconv.Itoa(qty)
	if v.Query != "" || failed != nil {
		v.Searched = v.Query != ""
		found, err := s.Store.SearchProducts(ctx, v.Query, 20)
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		if failed != nil && !slices.ContainsFunc(found, func(p store.Product) bool { return p.ID == failed.ID }) {
			if p, err := s.Store.ProductByID(ctx, failed.ID); err == nil {
				found = append([]store.Product{p}, found...)
			}
		}
		ids := make([]string, len(found))
		for i, p := range found {
			ids[i] = p.ID
		}
		prices, err := s.Store.PricesFor(ctx, ids, s.pricingRequest(o, qty))
		if err != nil {
			s.ServerError(w, r, err)
			return
		}
		for _, p := range found {
			c := orderpage.ProductChoice{ID: p.ID, SKU: p.SKU, Name: p.Name, Quantity: v.Quantity, InStock: stockText(p)}
			if price := prices[p.ID]; price.Found {
				c.Price, c.Why = cur.Fixed(price.ListPrice.Sub(price.DiscountAmount)), price.Why
			}
			if failed != nil && p.ID == failed.ID {
				c.Error, c.Quantity, c.TypedPrice = failed.Error, failed.Quantity, failed.TypedPrice
			}
			v.Products = append(v.Products, c)
		}
	}
	s.Page(w, r, status, "New order", orderdraft.Page(v))
}

// taxTypes are the tax types of the built-in tax table, and none.
func (s *Server) taxTypes(r *http.Request) ([]string, error) {
	table, err := s.Store.TaxTable(r.Context())
	if err != nil {
		return nil, err
	}
	out := []string{""}
	for _, t := range table {
		if t.TaxType != "" && !slices.Contains(out, t.TaxType) {
			out = append(out, t.TaxType)
		}
	}
	sort.Strings(out[1:])
	return out, nil
}

// saveDraft stores the draft's details: customer, shipping (and billing) address, shipping
// method and price, payment.
func (s *Server) saveDraft(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadDraft(w, r)
	if !ok {
		return
	}
	o := d.Order
	o.CustomerName = strings.TrimSpace(r.FormValue("customerName"))
	a := order.Address{AddressType: order.AddressBillingAndShipping, FirstName: field(r, "firstName"), LastName: field(r, "lastName"),
		Line1: field(r, "line1"), Line2: field(r, "line2"), City: field(r, "city"), PostalCode: field(r, "postalCode"),
		CountryCode: strings.ToUpper(field(r, "countryCode")), CountryName: field(r, "countryName"), Phone: field(r, "phone"), Email: field(r, "email")}
	o.Addresses = slices.DeleteFunc(o.Addresses, func(x order.Address) bool {
		return x.AddressType.Has(order.AddressShipping) || x.AddressType.Has(order.AddressBilling)
	})
	if a != (order.Address{AddressType: order.AddressBillingAndShipping}) {
		o.Addresses = append(o.Addresses, a)
	}
	problems := map[string]string{}
	method := field(r, "shippingMethod")
	price := decimal.Zero
	if len(o.Shipments) > 0 {
		price = o.Shipments[0].Price
	}
	if raw := field(r, "shippingPrice"); raw != "" && base.State(r).User.Can(auth.OrderReadPrices) {
		p, err := order.ParseMoney(raw)
		if err != nil {
			problems["shippingPrice"] = "Type the shipping price, e.g. 4.90. Shipping price: " + err.Error() + "."
		}
		price = p
	}
	o.Shipments = nil
	if method != "" {
		sh := order.NewShipment(o, s.Store.Rules().Statuses)
		sh.ID = ""
		sh.ShipmentMethodCode, sh.Price = method, price
		o.Shipments = []order.Shipment{sh}
	}
	desk.DraftPayment(o, r.FormValue("payment"), s.Store.Rules().Statuses)
	if len(problems) > 0 {
		s.renderDraft(w, r, http.StatusUnprocessableEntity, d, problems, nil)
		return
	}
	s.storeDraft(w, r, d, "Draft saved.")
}

func field(r *http.Request, name string) string { return strings.TrimSpace(r.FormValue(name)) }

// storeDraft saves d and goes back to it.
func (s *Server) storeDraft(w http.ResponseWriter, r *http.Request, d store.Draft, flash string) {
	if err := s.Store.SaveDraft(r.Context(), &d); err != nil {
		s.ServerError(w, r, err)
		return
	}
	if flash != "" {
		s.Flash(w, r, layout.FlashSuccess, flash)
	}
	http.Redirect(w, r, "/drafts/"+d.ID, http.StatusSeeOther)
}

// pickCustomer sets the draft's customer to one of earlier orders in the user's stores, with
// the addresses of their latest order there.
func (s *Server) pickCustomer(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadDraft(w, r)
	if !ok {
		return
	}
	latest, err := s.Store.LatestOrderOf(r.Context(), r.FormValue("customer"), base.State(r).User.StoreScope())
	if errors.Is(err, order.ErrNotFound) {
		s.renderDraft(w, r, http.StatusUnprocessableEntity, d, map[string]string{"customerName": "There is no such customer in your stores."}, nil)
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	o := d.Order
	o.CustomerID, o.CustomerName = latest.CustomerID, latest.CustomerName
	o.OrganizationID, o.OrganizationName = latest.OrganizationID, latest.OrganizationName
	o.Addresses = nil
	for _, a := range latest.Addresses {
		a.ID, a.OrderID = "", ""
		o.Addresses = append(o.Addresses, a)
	}
	o.DynamicProperties = slices.DeleteFunc(o.DynamicProperties, func(p order.DynamicProperty) bool { return strings.EqualFold(p.Name, "CustomerGroup") })
	for _, p := range latest.DynamicProperties {
		if strings.EqualFold(p.Name, "CustomerGroup") {
			o.DynamicProperties = append(o.DynamicProperties, p)
		}
	}
	s.storeDraft(w, r, d, "Customer "+o.CustomerName+" picked, with the addresses of their latest order.")
}

// addDraftLine adds a catalog product at the customer's price for the quantity (list, tier,
// sale, discount) or a custom item at a typed price.
func (s *Server) addDraftLine(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadDraft(w, r)
	if !ok {
		return
	}
	o := d.Order
	maySeePrices := base.State(r).User.Can(auth.OrderReadPrices)
	if r.FormValue("custom") != "" {
		li, problems := customLine(r, o, maySeePrices)
		if len(problems) > 0 {
			s.renderDraft(w, r, http.StatusUnprocessableEntity, d, problems, nil)
			return
		}
		if err := s.Desk.TaxFromTable(r.Context(), o, &li); err != nil {
			s.ServerError(w, r, err)
			return
		}
		o.Items = append(o.Items, li)
		s.storeDraft(w, r, d, "Added "+li.Name+".")
		return
	}
	failed := &orderpage.ProductChoice{ID: r.FormValue("product"), Quantity: r.FormValue("quantity"), TypedPrice: r.FormValue("price")}
	qty, err := order.ParseQuantity(failed.Quantity)
	if err != nil {
		failed.Error = "Give a quantity of 1 or more. Quantity " + err.Error() + "."
		s.renderDraft(w, r, http.StatusUnprocessableEntity, d, nil, failed)
		return
	}
	product, price, err := s.Desk.PriceProduct(r.Context(), o, failed.ID, qty, s.Now())
	if errors.Is(err, order.ErrNotFound) {
		failed.Error = "There is no such product."
		s.renderDraft(w, r, http.StatusUnprocessableEntity, d, nil, failed)
		return
	}
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	li, problem := newLine(o, &product, qty, price, failed.TypedPrice, maySeePrices)
	if problem != "" {
		failed.Error = problem
		s.renderDraft(w, r, http.StatusUnprocessableEntity, d, nil, failed)
		return
	}
	if err := s.Desk.TaxFromTable(r.Context(), o, &li); err != nil {
		s.ServerError(w, r, err)
		return
	}
	o.Items = append(o.Items, li)
	s.storeDraft(w, r, d, "Added "+strconv.Itoa(qty)+" × "+product.Name+".")
}

// customLine is the custom item of the form: a free name, SKU, unit price and tax type.
func customLine(r *http.Request, o *order.CustomerOrder, maySeePrices bool) (order.LineItem, map[string]string) {
	problems := map[string]string{}
	li := order.LineItem{ProductID: desk.CustomProductPrefix + order.NewID(), Name: field(r, "name"), Sku: field(r, "sku"),
		TaxType: field(r, "taxType"), Currency: o.Currency, CatalogID: "main"}
	if li.Name == "" {
		problems["custom.name"] = "Name the item."
	}
	if li.Sku == "" {
		li.Sku = "CUSTOM"
	}
	qty, err := order.ParseQuantity(field(r, "quantity"))
	if err != nil {
		problems["custom.quantity"] = "Give a quantity of 1 or more. Quantity " + err.Error() + "."
	}
	li.Quantity = qty
	if !maySeePrices {
		problems["custom.price"] = "Only someone who may see prices can add a custom item."
		return li, problems
	}
	price, err := order.ParseMoney(field(r, "price"))
	if err != nil {
		problems["custom.price"] = "Type the unit price, e.g. 12.50. Unit price: " + err.Error() + "."
	}
	li.Price = price
	return li, problems
}

// removeDraftLine removes the line at the index in the path.
func (s *Server) removeDraftLine(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadDraft(w, r)
	if !ok {
		return
	}
	i, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || i < 0 || i >= len(d.Order.Items) {
		s.renderDraft(w, r, http.StatusUnprocessableEntity, d, map[string]string{"items": "That line is no longer on the draft."}, nil)
		return
	}
	name := d.Order.Items[i].Name
	d.Order.Items = slices.Delete(d.Order.Items, i, i+1)
	s.storeDraft(w, r, d, "Removed "+name+".")
}

// placeDraft creates the order from the draft and removes the draft, in one transaction.
func (s *Server) placeDraft(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadDraft(w, r)
	if !ok {
		return
	}
	o, err := s.Desk.PlaceDraft(r.Context(), s.Actor(r), d.ID, d.Order, s.Now())
	var fe order.Problems
	switch {
	case errors.As(err, &fe):
		problems := map[string]string{}
		for k, m := range fe {
			switch {
			case k == "customerName" || k == "items" || k == "shipping.line1" || strings.HasPrefix(k, "shipments[0]"):
				problems[k] = m
			default:
				problems["items"] = strings.TrimSpace(problems["items"] + " " + humanKey(k) + ": " + m)
			}
		}
		s.renderDraft(w, r, http.StatusUnprocessableEntity, d, problems, nil)
		return
	case errors.Is(err, order.ErrNotFound):
		s.Flash(w, r, layout.FlashError, "This draft was placed or discarded meanwhile.")
		http.Redirect(w, r, "/drafts", http.StatusSeeOther)
		return
	case err != nil:
		var unknown *order.UnknownCurrencyError
		if errors.As(err, &unknown) {
			s.renderDraft(w, r, http.StatusUnprocessableEntity, d, map[string]string{"items": "The currency " + d.Order.Currency + " is no longer in the currencies list."}, nil)
			return
		}
		s.ServerError(w, r, err)
		return
	}
	s.Flash(w, r, layout.FlashSuccess, "Order "+o.Number+" placed.")
	http.Redirect(w, r, "/orders/"+o.ID, http.StatusSeeOther)
}

// discardDraft deletes the draft.
func (s *Server) discardDraft(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadDraft(w, r)
	if !ok {
		return
	}
	if err := s.Store.DeleteDraft(r.Context(), d.ID); err != nil && !errors.Is(err, order.ErrNotFound) {
		s.ServerError(w, r, err)
		return
	}
	s.Flash(w, r, layout.FlashSuccess, "Draft discarded.")
	http.Redirect(w, r, "/drafts", http.StatusSeeOther)
}

// duplicatePage confirms starting a draft from the order.
func (s *Server) duplicatePage(w http.ResponseWriter, r *http.Request) {
	o, ok := s.LoadEditable(w, r)
	if !ok {
		return
	}
	s.Page(w, r, http.StatusOK, "Duplicate "+o.Number, orderdraft.DuplicatePage(orderdraft.Duplicate{
		OrderID: o.ID, Number: o.Number, Customer: o.CustomerName, CSRFToken: csrf.Token(r), Lines: len(o.Items)}))
}

// duplicateOrder starts a draft from the order (desk.DraftFromOrder says what is copied).
func (s *Server) duplicateOrder(w http.ResponseWriter, r *http.Request) {
	o, ok := s.LoadEditable(w, r)
	if !ok {
		return
	}
	doc, err := s.Desk.DraftFromOrder(r.Context(), o, s.Now())
	if err != nil {
		s.ServerError(w, r, err)
		return
	}
	d := s.newDraft(r, doc)
	s.storeDraft(w, r, d, "A draft from "+o.Number+", at today's prices.")
}

// newDraft is a draft of o owned by the user. Someone who may see only the orders assigned to
// them gets the draft (and the order it becomes) assigned to them, or they could not open it.
func (s *Server) newDraft(r *http.Request, o *order.CustomerOrder) store.Draft {
	u := base.State(r).User
	if u.ScopeAssignedOnly {
		o.EmployeeID, o.EmployeeName = u.ID, u.Name
	}
	label := u.Name
	if label == "" {
		label = u.Email
	}
	return store.Draft{Order: o, OwnerID: u.ID, OwnerLabel: label}
}
